"""Discourse resolution for Dyad's temporal tagger: values that depend on what the text said before.

Rules return placeholders for expressions whose value is anaphoric; this pass walks the chosen
timexes in text order and replaces them, keeping two pieces of state:

* the quarter under discussion - earnings reports compare "the third quarter" with "a year
  earlier" or "the year-ago period", which then mean the same quarter one year back (after
  "the nine months" they mean the year before);
* the reference time - the last date mentioned, at each granularity, so that "that year",
  "the same day", "earlier that day" and "the following month" point at it, as the TimeML
  guidelines ask. Without an earlier date the anchor is the reference.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dyad.model import TimeSpan, Timex

from . import timex_calendar as cal
from .timex_calendar import span_for_value
from .timex_rules import ANAPHORIC, SAME_QUARTER, YEAR_AGO
from .timex_tense import tense_near

_QUARTER_VALUE = re.compile(r"^(\d{4})-Q([1-4])$")
_DAY_VALUE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")
_MONTH_VALUE = re.compile(r"^(\d{4})-(\d\d)")
_WEEK_VALUE = re.compile(r"^(\d{4})-W(\d\d)")
_YEAR_VALUE = re.compile(r"^(\d{4})")
_YEAR_SPAN_PERIODS = frozenset({"P6M", "P9M", "P1Y", "P12M"})
"""Durations ("the nine months", "the first half") after which "a year earlier" means a year."""
_VAGUE_REFS = frozenset({"PAST_REF", "PRESENT_REF"})
_GAP = re.compile(r"[\s,]{0,3}")


class _Reference:
    """The last date mentioned, at the granularity it was mentioned (year, month, week or day)."""

    def __init__(self, anchor: date | None) -> None:
        self.year: int | None = anchor.year if anchor else None
        self.month: int | None = anchor.month if anchor else None
        self.day: date | None = anchor
        self.week: date | None = anchor

    def note(self, value: str) -> None:
        """Make ``value`` the reference time when it names a calendar date."""
        if m := _DAY_VALUE.match(value):
            found = cal.safe_date(int(m[1]), int(m[2]), int(m[3]))
            if found is not None:
                self.year, self.month, self.day, self.week = found.year, found.month, found, found
        elif m := _WEEK_VALUE.match(value):
            try:
                self.week = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            except ValueError:
                return
            self.year, self.month, self.day = self.week.year, None, None
        elif (m := _MONTH_VALUE.match(value)) and value[5:7].isdigit():
            self.year, self.month, self.day, self.week = int(m[1]), int(m[2]), None, None
        elif m := _YEAR_VALUE.match(value):
            self.year, self.month, self.day, self.week = int(m[1]), None, None, None

    def resolve(self, unit: str, offset: int) -> str:
        """The reference at ``unit`` moved by ``offset`` units; finer parts it lacks stay ``X``.

        "His name was crossed out that same day" after "last October" is ``1998-10-XX``.
        """
        if self.year is None:
            return {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX"}.get(unit, "XXXX")
        if unit == "year":
            return cal.year_value(self.year + offset)
        if unit == "day" and self.day is not None:
            return (self.day + timedelta(days=offset)).isoformat()
        if unit == "week" and self.week is not None:
            return cal.week_value(self.week + timedelta(weeks=offset))
        if unit in {"day", "month"} and self.month is not None:
            month = cal.month_value(*cal.add_months(self.year, self.month, 0 if unit == "day" else offset))
            return month + "-XX" if unit == "day" else month
        return f"{self.year:04d}" + {"day": "-XX-XX", "week": "-WXX", "month": "-XX"}[unit]


def resolve_discourse(text: str, anchor: date | None, chosen: list[tuple[int, int, str, str]]) -> list[Timex]:
    """Build the :class:`Timex` records, resolving placeholders against the earlier ones."""
    result: list[Timex] = []
    last_quarter: tuple[int, int] | None = None
    reference = _Reference(anchor)
    for index, (start, end, kind, value) in enumerate(chosen):
        if value in _VAGUE_REFS and _names_next(text, end, chosen[index + 1 : index + 2]):
            continue
        if value == YEAR_AGO:
            if last_quarter is not None:
                value = f"{last_quarter[0] - 1}-Q{last_quarter[1]}"
            else:
                value = str(anchor.year - 1) if anchor else "XXXX"
        elif value.startswith(SAME_QUARTER):
            year = value[len(SAME_QUARTER) :]
            value = f"{year}-Q{last_quarter[1]}" if last_quarter else year
        elif value.startswith(ANAPHORIC):
            unit, offset = value[len(ANAPHORIC) :].split(":")
            value = reference.resolve(unit, int(offset))
        elif quarter := _QUARTER_VALUE.match(value):
            found = (int(quarter[1]), int(quarter[2]))
            if _reported(text, start, end, found, anchor):
                last_quarter = found
        elif kind == "DURATION" and value in _YEAR_SPAN_PERIODS and text[start:end].lower().startswith("the"):
            last_quarter = None
        if kind in {"DATE", "TIME"}:
            reference.note(value)
        expression = text[start:end]
        span: TimeSpan | None = None
        if kind in {"DATE", "TIME"} and anchor is not None:
            span = span_for_value(value, expression)
        result.append(Timex(start, end, expression, kind, value, span))  # type: ignore[arg-type]
    return result


def _names_next(text: str, end: int, following: list[tuple[int, int, str, str]]) -> bool:
    """True when a date follows at once: "most recently last October" is just "last October"."""
    return bool(following) and _GAP.fullmatch(text, end, following[0][0]) is not None


def _reported(text: str, start: int, end: int, quarter: tuple[int, int], anchor: date | None) -> bool:
    """True unless the quarter is a forecast: a later one, or the current one in a future clause."""
    if anchor is None:
        return True
    current = cal.quarter_of(anchor)
    return quarter < current or (quarter == current and tense_near(text, start, end) <= 0)
