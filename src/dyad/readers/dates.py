"""Publication dates as people write them, parsed deterministically or refused with a reason.

Accepted: ISO ``2019-03-03`` (optionally with a time, ``2019-03-03T10:00:00Z``), ``20190303``,
``2019/03/03``, ``2019.03.03``, ``3 March 2019`` and ``March 3, 2019`` (month names may be
abbreviated, days may carry ``st/nd/rd/th``, a weekday may lead and must then be right).
Numeric dates with the year last (``03.03.2019``, ``3/4/2019``) are refused as ambiguous instead
of guessed, and years outside 1800..2200 are refused: they are typos, and relative expressions
("tomorrow") resolved against them would run off the calendar.
"""

from __future__ import annotations

import re
from datetime import date, datetime

MIN_YEAR = 1800
MAX_YEAR = 2200
ACCEPTED_FORMS = "2019-03-03, 2019-03-03T10:00:00Z, 2019/03/03, 3 March 2019 or March 3, 2019"

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tues", "tue"),
            ("wednesday", "wed"),
            ("thursday", "thurs", "thur", "thu"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}


def _alternatives(names: dict[str, int]) -> str:
    return "|".join(sorted(names, key=len, reverse=True))


_MONTH_NAME = rf"(?P<month_name>{_alternatives(MONTHS)})\.?"
_WEEKDAY = rf"(?:(?P<weekday>{_alternatives(WEEKDAYS)})\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_TIME = r"(?P<time>[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
# A date ends at a word boundary; "2019-03-031" or "2019/03/03/04" are not dates.
_END = r"(?![\w/-]|[.:]\d)"
_FORMS = [
    re.compile(_WEEKDAY + r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})" + _TIME + _END, re.I),
    re.compile(_WEEKDAY + r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})" + _END),  # ISO basic
    re.compile(_WEEKDAY + r"(?P<year>\d{4})(?P<sep>[/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})" + _END),
    re.compile(_WEEKDAY + _DAY + r"\s+" + _MONTH_NAME + r",?\s+(?P<year>\d{4})" + _END, re.I),
    re.compile(_WEEKDAY + _MONTH_NAME + r"\s+" + _DAY + r",?\s+(?P<year>\d{4})" + _END, re.I),
]
_AMBIGUOUS = re.compile(_WEEKDAY + r"\d{1,2}(?P<sep>[./-])\d{1,2}(?P=sep)\d{2,4}" + _END, re.I)
_STARTS_LIKE_A_DATE = re.compile(rf"\d|(?:{_alternatives(MONTHS)}|{_alternatives(WEEKDAYS)})\b", re.I)


def starts_like_a_date(text: str, position: int = 0) -> bool:
    """Whether ``text`` at ``position`` begins with a digit, a month or a weekday name."""
    return _STARTS_LIKE_A_DATE.match(text, position) is not None


def _shown(text: str, position: int) -> str:
    """The start of an unreadable date as written, for messages: its first three words, 40 characters."""
    return " ".join(text[position:].split("\n", 1)[0].split()[:3])[:40]


def read_date(text: str, position: int = 0) -> tuple[date, int]:
    """Read a date written at ``position`` of ``text``.

    Returns:
        The date and the offset just after it.

    Raises:
        ValueError: saying what is wrong: ambiguous, not a calendar date, out of range, a wrong
            weekday, or unparseable: not in an accepted form (ACCEPTED_FORMS; callers add them).
    """
    for form in _FORMS:
        match = form.match(text, position)
        if match is None:
            continue
        shown = match.group(0)
        parts = match.groupdict()
        month_name = parts.get("month_name")
        month = MONTHS[month_name.lower()] if month_name else int(parts["month"])
        try:
            day = date(int(parts["year"]), month, int(parts["day"]))
            if parts.get("time"):
                datetime.fromisoformat(shown[match.start("year") - match.start() :].replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"date {shown!r} is not a real calendar date") from None
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise ValueError(f"date {shown!r} is outside the years {MIN_YEAR}-{MAX_YEAR} Dyad accepts")
        weekday = parts.get("weekday")
        if weekday and WEEKDAYS[weekday.lower()] != day.weekday():
            raise ValueError(f"date {shown!r} is wrong: {day.isoformat()} is a {day.strftime('%A')}")
        return day, match.end()
    ambiguous = _AMBIGUOUS.match(text, position)
    if ambiguous:
        raise ValueError(f"date {ambiguous.group(0)!r} is ambiguous (day.month or month.day?)")
    raise ValueError(f"unparseable date {_shown(text, position)!r}")


def parse_date(value: object) -> date | None:
    """Parse a publication date given as a string (any accepted form) or a date; None when blank.

    Raises:
        ValueError: with a message naming the bad value and the accepted forms.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise ValueError(
                f"date {value.isoformat()!r} is outside the years {MIN_YEAR}-{MAX_YEAR} Dyad accepts"
            )
        return value
    if not isinstance(value, str):
        shown = repr(value)[:40]
        raise ValueError(f"date must be a string like 2024-05-17, got {type(value).__name__} {shown}")
    text = value.strip()
    try:
        day, end = read_date(text)
    except ValueError as error:
        raise ValueError(f"{error}; write it as {ACCEPTED_FORMS}") from None
    if end != len(text):
        raise ValueError(f"unparseable date {text[:40]!r}; write it as {ACCEPTED_FORMS}")
    return day
