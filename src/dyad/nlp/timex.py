"""Dyad's temporal tagger: find temporal expressions and normalize them to TIMEX3 values.

Pure Python (``re`` + ``datetime``), with no model to load, so it is fast and deterministic.
Relative expressions ("last week", "on Thursday", "a year ago") are resolved against the
publication date passed in as ``anchor`` - never against the clock. Without an anchor they get
underspecified values ("XXXX-WXX", "XXXX-XX-XX") and no calendar span.

The conventions follow TimeBank/TempEval-3, against which the tagger is scored by
:mod:`dyad.evaluation.tempeval`: a leading "the" and modifiers ("last", "early", "about") are
part of the extent; ages ("45-year-old") are not timexes; decades are ``199X``; a bare weekday
is the latest one on or before the publication date unless the sentence reads as future.

Example:
    >>> from datetime import date
    >>> [(t.text, t.value) for t in tag("Talks resumed on Thursday.", date(2024, 5, 17))]
    [('Thursday', '2024-05-16')]
"""

from __future__ import annotations

import re
from datetime import date

from dyad.model import TimeSpan, Timex

from .timex_calendar import span_for_value
from .timex_patterns import NEEDLES
from .timex_rules import SAME_QUARTER, YEAR_AGO, Context
from .timex_table import RULES

__all__ = ["span_for_value", "tag"]

_NEEDLES = {name: re.compile(regex) for name, regex in NEEDLES.items()}
# Context searched around a keyword hit, (left, right) in characters: a little longer than the
# longest expression on either side of its keyword ("the past more than two and a half years ago").
_MARGINS: dict[str, tuple[int, int]] = {"digit": (45, 45), "unit": (70, 30), "weekday": (30, 45)}
_DEFAULT_MARGIN = (50, 50)
_QUARTER_VALUE = re.compile(r"^(\d{4})-Q([1-4])$")


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
    for name, needle in _NEEDLES.items():
        found = [m.start() for m in needle.finditer(lowered)]
        if found:
            hits[name] = found
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
    return _resolve_discourse(text, anchor, chosen)


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


def _resolve_discourse(
    text: str, anchor: date | None, chosen: list[tuple[int, int, str, str]]
) -> list[Timex]:
    """Build the records, resolving "a year ago" against the quarter last mentioned, if any.

    Earnings reports compare a quarter with "the year-ago quarter" or "a year earlier"; those
    mean the same quarter one year back. Elsewhere they mean the year before the anchor.
    """
    result: list[Timex] = []
    last_quarter: tuple[int, int] | None = None
    for start, end, kind, value in chosen:
        if value == YEAR_AGO:
            if last_quarter is not None:
                value = f"{last_quarter[0] - 1}-Q{last_quarter[1]}"
            else:
                value = str(anchor.year - 1) if anchor else "XXXX"
        elif value.startswith(SAME_QUARTER):
            year = value[len(SAME_QUARTER) :]
            value = f"{year}-Q{last_quarter[1]}" if last_quarter else year
        elif quarter := _QUARTER_VALUE.match(value):
            last_quarter = (int(quarter[1]), int(quarter[2]))
        expression = text[start:end]
        span: TimeSpan | None = None
        if kind in {"DATE", "TIME"} and anchor is not None:
            span = span_for_value(value, expression)
        result.append(Timex(start, end, expression, kind, value, span))  # type: ignore[arg-type]
    return result
