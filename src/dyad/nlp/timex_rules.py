"""The shared core of Dyad's temporal tagger rules: the rule record, the context, number helpers.

A rule's regex finds the extent, following TimeBank's conventions (modifiers such as "last",
"early", "about" and a leading "the" belong to the expression; a possessive "'s" does not). Its
normalizer turns the match into a TIMEX3 (type, value) relative to the anchor date, or returns
None to veto the match (``may`` the verb, ``45-year-old`` ages, which TimeBank does not tag).
The normalizers live in :mod:`dyad.nlp.timex_dates` (dates named by the calendar) and
:mod:`dyad.nlp.timex_relative` (expressions relative to the anchor or to the discourse).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .timex_patterns import NUMBER_WORDS, UNITS, VAGUE_UNITS
from .timex_tense import tense_near

Normalized = tuple[str, str] | None
"""(TIMEX3 type, value), or None to reject the match."""

YEAR_AGO = "@YEAR-AGO"
"""Placeholder value resolved in text order: the quarter last mentioned, a year earlier."""

SAME_QUARTER = "@QUARTER-OF:"
"""Placeholder prefix for "the 1988 period": the quarter last mentioned, in the year given."""

ANAPHORIC = "@REF:"
"""Placeholder prefix for "that year", "the following month": ``@REF:<unit>:<offset>``, resolved
in text order against the last date mentioned at that granularity (the anchor when there is none)."""


@dataclass(frozen=True, slots=True)
class Context:
    """What a normalizer may look at: the whole text and the anchor (publication) date."""

    text: str
    """The text being tagged."""
    anchor: date | None
    """The publication date, or None for underspecified values."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One expression family: its compiled regex and its normalizer."""

    name: str
    """Short identifier, used in debugging and tests."""
    pattern: re.Pattern[str]
    """Compiled with ``re.IGNORECASE``; group 0 is the extent."""
    normalize: Callable[[re.Match[str], Context], Normalized]
    """Turns a match into (type, value) or vetoes it."""
    needles: tuple[str, ...]
    """Keyword classes (see ``timex_patterns.NEEDLES``); every match holds a hit of one of them."""


_NUMERIC = re.compile(r"\d+(?:\.\d+)?")
_TENS_UNITS = re.compile(r"([a-z]+)[-\s]+([a-z]+)")


def capitalized(word: str) -> bool:
    """True when ``word`` starts with a capital letter (``May`` the month, not ``may`` the verb)."""
    return word[:1].isupper()


def tense(ctx: Context, m: re.Match[str]) -> int:
    """+1 when the clause governing the match reads as future, -1 as past, 0 when unknown."""
    return tense_near(ctx.text, m.start(), m.end())


def future(ctx: Context, m: re.Match[str]) -> bool:
    """True when the clause governing the match reads as future (``will``, ``is scheduled to``)."""
    return tense(ctx, m) > 0


_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)


def after_since(ctx: Context, m: re.Match[str]) -> bool:
    """True when "since" comes right before the match: "since Wednesday", "since March" are past."""
    return _SINCE.search(ctx.text, max(0, m.start() - 8), m.start()) is not None


def number(word: str) -> float | None:
    """The value of a number written in digits or words; None for vague amounts ("several")."""
    word = " ".join(word.lower().split())
    if _NUMERIC.fullmatch(word):
        return float(word)
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    if m := _TENS_UNITS.fullmatch(word):
        tens, ones = NUMBER_WORDS.get(m[1]), NUMBER_WORDS.get(m[2])
        if tens is not None and ones is not None and tens >= 20 and ones < 10:
            return tens + ones
    return None


def fmt(number: float) -> str:
    return str(int(number)) if number == int(number) else f"{number:g}"


_FRACTION_UNITS: dict[str, tuple[str, int, bool]] = {
    "year": ("M", 12, False), "day": ("H", 24, True), "night": ("H", 24, True),
    "hour": ("M", 60, True), "minute": ("S", 60, True),
}  # fmt: skip
"""The next smaller unit (letter, how many per unit, is a time unit) a fractional count spills into."""


def duration_value(count: float | None, unit_word: str) -> str:
    """``P3M``, ``PT2H``, ``P10Y`` (a decade), ``PXW`` (an unknown number of weeks).

    A half unit is written in the next smaller unit, as TimeBank does: "2 1/2 years" is
    ``P2Y6M``, "5 1/2 hours" ``PT5H30M``, "half an hour" ``PT30M``.
    """
    stem = unit_word.lower().rstrip("s")
    stem = "century" if stem.startswith("centur") else stem
    if count is None:
        return "P" + VAGUE_UNITS[stem]
    letter, multiplier, is_time = UNITS[stem]
    amount = count * multiplier
    whole = int(amount)
    if amount != whole and stem in _FRACTION_UNITS:
        small_letter, per_unit, small_is_time = _FRACTION_UNITS[stem]
        small = (amount - whole) * per_unit
        if small == int(small):
            head = f"{whole}{letter}" if whole else ""
            tail = f"{int(small)}{small_letter}"
            if small_is_time and not is_time:
                return f"P{head}T{tail}"
            return ("PT" if is_time else "P") + head + tail
    return ("PT" if is_time else "P") + fmt(amount) + letter
