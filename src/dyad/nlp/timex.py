"""Dyad's temporal tagger: find temporal expressions and normalize them to TIMEX3 values.

Pure Python (``re`` + ``datetime``), with no model to load, so it is fast and deterministic.
Relative expressions ("last week", "on Thursday", "a year ago") are resolved against the
publication date passed in as ``anchor`` - never against the clock. Without an anchor they get
underspecified values ("XXXX-WXX", "XXXX-XX-XX") and no calendar span.

The conventions follow TimeBank/TempEval-3, against which the tagger is scored by
:mod:`dyad.evaluation.tempeval`: a leading "the" and modifiers ("last", "early", "about") are
part of the extent, but not before an adjectival duration ("the 14-day period" tags
"14-day"); ages ("45-year-old") are not timexes; decades are ``199X``; half units are written
in the next smaller unit ("2 1/2 years" is ``P2Y6M``); "a year" after an amount is a SET; a bare
weekday is the latest one on or before the publication date unless its clause reads as future
(:mod:`dyad.nlp.timex_tense`) - never after "since"; "that year", "the following month",
"three days earlier" and "for the year" resolve against the last date mentioned
(:mod:`dyad.nlp.timex_discourse`).

Example:
    >>> from datetime import date
    >>> [(t.text, t.value) for t in tag("Talks resumed on Thursday.", date(2024, 5, 17))]
    [('Thursday', '2024-05-16')]
"""

from __future__ import annotations

import re
from datetime import date

from dyad.model import Timex

from .timex_calendar import span_for_value
from .timex_discourse import resolve_discourse
from .timex_patterns import DIGIT_NEEDLE, NEEDLES
from .timex_rules import Context
from .timex_table import RULES

__all__ = ["span_for_value", "tag"]

_DIGITS = re.compile(DIGIT_NEEDLE)
# Context searched around a keyword hit, (left, right) in characters: a little longer than the
# longest expression on either side of its keyword ("the past more than two and a half years ago").
_MARGINS: dict[str, tuple[int, int]] = {"digit": (45, 45), "unit": (70, 30), "weekday": (30, 45)}
_DEFAULT_MARGIN = (50, 50)


def tag(text: str, anchor: date | None) -> list[Timex]:
    """Find and normalize the temporal expressions of ``text``.

    Args:
        text: the article text; offsets in the result point into it.
        anchor: the publication date that relative expressions are resolved against, or None.

    Returns:
        Non-overlapping timexes sorted by start; for each, ``text[t.start:t.end] == t.text``.
    """
    lowered = text.lower()
    hits: dict[str, list[int]] = {}
    for name, literals in NEEDLES.items():
        found = _find_all(lowered, literals)
        if found:
            hits[name] = found
    digits = [m.start() for m in _DIGITS.finditer(text)]
    if digits:
        hits["digit"] = digits
    if not hits:
        return []
    context = Context(text, anchor)
    candidates: list[tuple[int, int, int, str, str]] = []
    windows_by_needles: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for priority, rule in enumerate(RULES):
        if rule.needles not in windows_by_needles:
            windows_by_needles[rule.needles] = _windows(hits, rule.needles, len(text))
        for low, high in windows_by_needles[rule.needles]:
            for match in rule.pattern.finditer(text, low, high):
                start, end = match.span()
                if start == end:
                    continue
                normalized = rule.normalize(match, context)
                if normalized is not None:
                    candidates.append((start, end, priority, *normalized))
    chosen = _leftmost_longest(candidates)
    return resolve_discourse(text, anchor, chosen)


def _find_all(text: str, literals: tuple[str, ...]) -> list[int]:
    """Start of every occurrence of every literal (unsorted; :func:`_windows` sorts)."""
    found: list[int] = []
    for literal in literals:
        position = text.find(literal)
        while position >= 0:
            found.append(position)
            position = text.find(literal, position + 1)
    return found


def _windows(hits: dict[str, list[int]], needles: tuple[str, ...], length: int) -> list[tuple[int, int]]:
    """Merged stretches of text around the keyword hits of ``needles``; rules search only there.

    Lookbehinds still see the text before a window, so no partial word is matched at its start.
    """
    spans = sorted(
        (position - _MARGINS.get(name, _DEFAULT_MARGIN)[0], position + _MARGINS.get(name, _DEFAULT_MARGIN)[1])
        for name in needles
        for position in hits.get(name, ())
    )
    merged: list[tuple[int, int]] = []
    for left, right in spans:
        low, high = max(0, left), min(length, right)
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], high)
        else:
            merged.append((low, high))
    return merged


def _leftmost_longest(
    candidates: list[tuple[int, int, int, str, str]],
) -> list[tuple[int, int, str, str]]:
    """Keep the longest candidates that do not overlap; rule order breaks ties."""
    candidates.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    taken: list[tuple[int, int, str, str]] = []
    for start, end, _, kind, value in candidates:
        if all(end <= s or start >= e for s, e, _, _ in taken):
            taken.append((start, end, kind, value))
    taken.sort()
    return taken
