"""Where compiled knowledge lives inside the installed package, and where its sources live in the repo."""

from __future__ import annotations

from pathlib import Path

COMPILED = Path(__file__).resolve().parent / "compiled"
REPO_ROOT = Path(__file__).resolve().parents[3]
SOURCE_DATA = REPO_ROOT / "data"
