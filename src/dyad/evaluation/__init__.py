"""Scoring Dyad's components against the shared gold-standard dev sets (read from ../shared/eval)."""
