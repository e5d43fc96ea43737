"""Normalizers for dates named by the calendar: months, days, years, decades, holidays.

Each takes a regex match (see :mod:`dyad.nlp.timex_table`) and the :class:`Context` and returns
(type, value) or None to veto. A month or day given without a year is placed in the year nearest
the anchor, looking ahead only when the clause reads as future (:mod:`dyad.nlp.timex_tense`).
"""

from __future__ import annotations

import re
from datetime import timedelta

from . import timex_calendar as cal
from .timex_patterns import EASTER_HOLIDAYS, FIXED_HOLIDAYS, FLOATING_HOLIDAYS, MONTHS, ORDINALS
from .timex_rules import Context, Normalized, after_since, capitalized, future, number


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def nearest_year(
    ctx: Context, month: int, future: bool = False, day: int = 1, past: bool = False
) -> int | None:
    """The year of a month (or a month and ``day``) named without one.

    News mostly reports the past: the month is the latest one on or before the anchor's,
    unless it lies at most two months ahead (schedules: "on Dec. 7" in late October), or six
    months ahead in a future sentence ("will", "is due"). With ``past`` ("since March 30")
    it is never after the anchor.
    """
    if ctx.anchor is None:
        return None
    anchor = ctx.anchor
    if past:
        return anchor.year - ((month, day) > (anchor.month, anchor.day))
    ahead = (month - anchor.month) % 12
    if ahead <= (6 if future else 2):
        return anchor.year + (month < anchor.month)
    return anchor.year - (month > anchor.month)


def _month_past_or_future(ctx: Context, m: re.Match[str], month: int) -> int | None:
    """Year of a bare month or month-day: see :func:`nearest_year`."""
    return nearest_year(ctx, month, future(ctx, m), past=after_since(ctx, m))


def _modal_month(m: re.Match[str], month_word: str, ctx: Context) -> bool:
    """True when a bare ``May``/``March`` is probably a verb or noun, not the month."""
    if month_word.lower() not in {"may", "march"}:
        return False
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower().split()
    return not before or before[-1] not in _MONTH_PREPOSITIONS


_MONTH_PREPOSITIONS = {
    "in", "since", "until", "till", "by", "during", "of", "from", "to", "through", "before", "after",
    "between", "and", "or", "early", "late", "mid", "last", "this", "next", "each", "every", "on",
    "throughout", "around", "than", "that",
}  # fmt: skip


def date_parts(
    ctx: Context, month: int, day: int, year: int | None, m: re.Match[str] | None = None
) -> Normalized:
    if year is None and m is not None:
        year = nearest_year(ctx, month, future(ctx, m), day, past=after_since(ctx, m))
    elif year is None:
        year = nearest_year(ctx, month)
    if year is None:
        return "DATE", f"XXXX-{month:02d}-{day:02d}"
    found = cal.safe_date(year, month, day)
    return ("DATE", found.isoformat()) if found else None


def day_int(word: str) -> int:
    return int(re.sub(r"\D", "", word))


def norm_month_day(m: re.Match[str], ctx: Context) -> Normalized:
    """``May 5``, ``Aug. 7, 1998``, ``5 May 2023``, ``Thursday, May 16``, ``the 3rd of March``."""
    if not capitalized(m["month"]):
        return None
    year = int(m["year"]) if m["year"] else None
    return date_parts(ctx, month_number(m["month"]), day_int(m["day"]), year, m)


def norm_month_year(m: re.Match[str], ctx: Context) -> Normalized:
    """``February 2022``, ``mid-March 2023``."""
    if not capitalized(m["month"]):
        return None
    return "DATE", cal.month_value(int(m["year"]), month_number(m["month"]))


def norm_month(m: re.Match[str], ctx: Context) -> Normalized:
    """A bare month: ``in May``, ``last April``, ``early December``, ``each July`` (a SET),
    ``March last year`` (one expression, in the year named)."""
    word = m["month"]
    if not capitalized(word) or (not (m["det"] or m["edge"] or m["rel"]) and _modal_month(m, word, ctx)):
        return None
    month = month_number(word)
    det = (m["det"] or "").lower()
    if det in {"each", "every"}:
        return "SET", f"XXXX-{month:02d}"
    if ctx.anchor is None:
        return "DATE", cal.month_value(None, month)
    anchor = ctx.anchor
    if m["rel"]:
        return "DATE", cal.month_value(anchor.year + {"last": -1, "next": 1}.get(m["rel"].lower(), 0), month)
    if det == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif det == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif det == "this":
        year = anchor.year
    else:
        year = _month_past_or_future(ctx, m, month) or anchor.year
    return "DATE", cal.month_value(year, month)


_YEAR_DASH = re.compile(r"(?<!\d)(?:1[5-9]|20)\d\d-$")


def norm_year(m: re.Match[str], ctx: Context) -> Normalized:
    """``1969``, ``fiscal 1989``, ``FY2024``, ``mid-1990``, ``the year 2000``, ``2003-2011``."""
    if ctx.text.startswith("-", m.start() - 1) and not _YEAR_DASH.search(
        ctx.text, max(0, m.start() - 6), m.start()
    ):
        return None  # after a hyphen only as the end of a year range, not in "555-1999"
    year = m["year"]
    if len(year) == 2:
        year = ("20" if ctx.anchor is None or int(year) <= ctx.anchor.year % 100 + 5 else "19") + year
    return "DATE", year


def norm_decade(m: re.Match[str], ctx: Context) -> Normalized:
    """``the 1990s``, ``the early '80s`` -> ``199X``."""
    digits = m["decade"] or m["short"]
    if len(digits) == 2:
        year = ctx.anchor.year if ctx.anchor is not None else 1999
        century = year // 100 if int(digits) <= year % 100 else year // 100 - 1
        digits = f"{century}{digits}"
    return "DATE", digits[:3] + "X"


def norm_century(m: re.Match[str], ctx: Context) -> Normalized:
    """``the 20th century`` -> ``19``."""
    return "DATE", f"{ORDINALS[m['ordinal'].lower()] - 1:02d}"


def norm_iso(m: re.Match[str], ctx: Context) -> Normalized:
    """``2023-05-05`` and ``2023-05-05T19:00``."""
    found = cal.safe_date(int(m["y"]), int(m["mo"]), int(m["d"]))
    if found is None:
        return None
    if m["time"]:
        return "TIME", f"{found.isoformat()}T{m['time']}"
    return "DATE", found.isoformat()


def norm_slash(m: re.Match[str], ctx: Context) -> Normalized:
    """``5/16/2024`` (US order; day first when the first number cannot be a month)."""
    first, second, year = int(m["a"]), int(m["b"]), int(m["y"])
    if year < 100:
        year += 2000 if year <= (ctx.anchor.year % 100 if ctx.anchor else 30) else 1900
    month, day = (first, second) if first <= 12 else (second, first)
    found = cal.safe_date(year, month, day)
    return ("DATE", found.isoformat()) if found else None


def norm_spoken_year(m: re.Match[str], ctx: Context) -> Normalized:
    """``nineteen ninety-six`` and ``the year two thousand``."""
    words = m.group(0).lower()
    if "thousand" in words:
        rest = words.split("thousand", 1)[1].replace("and", " ").strip()
        return "DATE", str(2000 + int(number(rest) or 0))
    tail = number(m["tail"])
    return ("DATE", str(1900 + int(tail))) if tail is not None else None


def norm_holiday(m: re.Match[str], ctx: Context) -> Normalized:
    """Fixed, floating and Easter-based holidays, in the year nearest the anchor."""
    name = " ".join(m["holiday"].lower().split())
    if not capitalized(m["holiday"].lstrip("tT")[:1] or "x") and not m["holiday"][:1].isupper():
        return None
    year = int(m["year"]) if m["year"] else None
    if name in FIXED_HOLIDAYS:
        month, day = FIXED_HOLIDAYS[name]
        return date_parts(ctx, month, day, year, m)
    if name in EASTER_HOLIDAYS:
        if year is None and ctx.anchor is not None:
            easter = cal.easter_sunday(ctx.anchor.year) + timedelta(days=EASTER_HOLIDAYS[name])
            year = nearest_year(ctx, easter.month, future(ctx, m), easter.day, after_since(ctx, m))
        if name == "easter week":
            return "DATE", cal.week_value(cal.easter_sunday(year) if year is not None else None)
        if year is None:
            return "DATE", "XXXX-XX-XX"
        return "DATE", (cal.easter_sunday(year) + timedelta(days=EASTER_HOLIDAYS[name])).isoformat()
    month, weekday, n = FLOATING_HOLIDAYS[name]
    year = year if year is not None else nearest_year(ctx, month, future(ctx, m))
    if year is None:
        return "DATE", f"XXXX-{month:02d}-XX"
    return "DATE", cal.nth_weekday(year, month, weekday, n).isoformat()
