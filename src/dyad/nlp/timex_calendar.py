"""Calendar arithmetic for TIMEX3 values: formatting, shifting, and the range a value covers.

Every function is pure; nothing here reads the clock. ``None`` anchors give underspecified
values (``XXXX-WXX``) so that text without a publication date is still tagged consistently.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from dyad.model import Granularity, TimeSpan

from .timex_patterns import SEASON_ORDER


def day_value(day: date | None) -> str:
    """``2024-05-16``, or ``XXXX-XX-XX`` without an anchor."""
    return day.isoformat() if day else "XXXX-XX-XX"


def week_value(day: date | None) -> str:
    """ISO week of ``day``: ``2024-W20``."""
    if day is None:
        return "XXXX-WXX"
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_value(year: int | None, month: int) -> str:
    """``2024-05``, or ``XXXX-05`` when the year is unknown."""
    return f"{year:04d}-{month:02d}" if year is not None else f"XXXX-{month:02d}"


def year_value(year: int | None) -> str:
    """``2024`` or ``XXXX``."""
    return f"{year:04d}" if year is not None else "XXXX"


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) moved by ``delta`` months."""
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def quarter_of(day: date) -> tuple[int, int]:
    """(year, quarter) holding ``day``."""
    return day.year, (day.month - 1) // 3 + 1


def add_quarters(year: int, quarter: int, delta: int) -> tuple[int, int]:
    """(year, quarter) moved by ``delta`` quarters."""
    index = year * 4 + quarter - 1 + delta
    return index // 4, index % 4 + 1


def season_of(day: date) -> tuple[int, str]:
    """(year, season code) holding ``day``; December belongs to the next year's winter."""
    if day.month == 12:
        return day.year + 1, "WI"
    return day.year, SEASON_ORDER[day.month // 3]


def shift_season(anchor: date, season: str, direction: int) -> int:
    """The year of the ``season`` that is this (0), last (-1) or next (+1) relative to ``anchor``."""
    year, current = season_of(anchor)
    delta = SEASON_ORDER.index(season) - SEASON_ORDER.index(current)
    if direction < 0:
        return year if delta < 0 else year - 1
    if direction > 0:
        return year if delta > 0 else year + 1
    return year


def nearest_season(anchor: date, season: str, tense: int) -> int:
    """The year of a season named without one or with "this" ("in the summer", "this winter").

    The season of the anchor's year (winter: the one that ends in it, or the one that has begun
    in December); in a past clause (``tense < 0``) the latest one that has begun, in a future
    clause the first one that has not ended.
    """
    year = anchor.year + (anchor.month == 12 and season == "WI")
    start, end = _season_range(year, season)
    if tense < 0 and start > anchor:
        return year - 1
    if tense > 0 and end < anchor:
        return year + 1
    return year


def easter_sunday(year: int) -> date:
    """Western (Gregorian) Easter Sunday of ``year``, by the Gauss/Meeus computus."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    moon_correction = (century - (century + 8) // 25 + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon_correction + 15) % 30
    weekday_shift = (32 + 2 * century_rest + 2 * (year_of_century // 4) - epact - year_of_century % 4) % 7
    late = (golden + 11 * epact + 22 * weekday_shift) // 451
    month, day = divmod(epact + weekday_shift - 7 * late + 114, 31)
    return date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ISO ``weekday`` (1=Mon) of a month; ``n=-1`` is the last one."""
    if n > 0:
        first = date(year, month, 1)
        offset = (weekday - first.isoweekday()) % 7
        return first + timedelta(days=offset + 7 * (n - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def safe_date(year: int, month: int, day: int) -> date | None:
    """``date(year, month, day)`` or None when the day does not exist."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d\d)(?:-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d\d)$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})X?$")
_CENTURY = re.compile(r"^(\d\d)(?:XX)?$")


def span_for_value(value: str, text: str | None = None) -> TimeSpan | None:
    """The calendar range a DATE/TIME value names, or None for durations, sets and references.

    Args:
        value: a TIMEX3 value such as ``2024-05-16``, ``2024-W20``, ``2024-Q2``, ``196X``, ``19``.
        text: the expression it was read from, kept on the span for evidence.

    Returns:
        A :class:`~dyad.model.TimeSpan` with ``basis="text"``; times of day map to their day.
    """
    start: date | None
    end: date | None
    granularity: Granularity
    try:
        if m := _DAY.match(value):
            start = end = date(int(m[1]), int(m[2]), int(m[3]))
            granularity = "day"
        elif m := _WEEK.match(value):
            start = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            end = start + timedelta(days=6)
            if value.endswith("-WE"):
                start += timedelta(days=5)
            granularity = "week"
        elif m := _MONTH.match(value):
            year, month = int(m[1]), int(m[2])
            start, end = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
            granularity = "month"
        elif m := _QUARTER.match(value):
            year, quarter = int(m[1]), int(m[2])
            start = date(year, 3 * quarter - 2, 1)
            end = date(year, 3 * quarter, calendar.monthrange(year, 3 * quarter)[1])
            granularity = "quarter"
        elif m := _HALF.match(value):
            year, half = int(m[1]), int(m[2])
            start, end = date(year, 6 * half - 5, 1), date(year, 6 * half, 30 + (half == 2))
            granularity = "quarter"
        elif m := _SEASON.match(value):
            start, end = _season_range(int(m[1]), m[2])
            granularity = "season"
        elif m := _YEAR.match(value):
            start, end = date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
            granularity = "year"
        elif m := _DECADE.match(value):
            first = int(m[1]) * 10
            start, end = date(max(first, 1), 1, 1), date(first + 9, 12, 31)
            granularity = "decade"
        elif m := _CENTURY.match(value):
            first = int(m[1]) * 100
            start, end = date(max(first, 1), 1, 1), date(first + 99, 12, 31)
            granularity = "century"
        else:
            return None
    except ValueError:
        return None
    return TimeSpan(value=value, start=start, end=end, granularity=granularity, basis="text", text=text)


def _season_range(year: int, season: str) -> tuple[date, date]:
    """Meteorological seasons; winter ``YYYY-WI`` runs from December of the year before."""
    if season == "WI":
        return date(year - 1, 12, 1), date(year, 2, calendar.monthrange(year, 2)[1])
    first = {"SP": 3, "SU": 6, "FA": 9}[season]
    return date(year, first, 1), date(year, first + 2, calendar.monthrange(year, first + 2)[1])
