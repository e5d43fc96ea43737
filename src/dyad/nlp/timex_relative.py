"""Normalizers for expressions relative to the anchor or to the discourse.

Weekdays, "yesterday", "last week", quarters and halves, durations and "ago", sets, and the
references TimeBank codes as PRESENT_REF/PAST_REF/FUTURE_REF. Some values depend on what the
text said before ("a year earlier" after a quarter, "that year" after a date): those return a
placeholder (:data:`YEAR_AGO`, :data:`ANAPHORIC`...) that :mod:`dyad.nlp.timex_discourse` resolves.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from . import timex_calendar as cal
from .timex_dates import date_parts, day_int, month_number
from .timex_patterns import (
    DAY_NUMBER,
    DAY_PARTS,
    MONTH,
    NUMBER_WORDS,
    ORDINALS,
    SEASONS,
    SET_WORDS,
    WEEKDAY,
    WEEKDAYS,
)
from .timex_rules import (
    ANAPHORIC,
    SAME_QUARTER,
    YEAR_AGO,
    Context,
    Normalized,
    after_since,
    capitalized,
    duration_value,
    future,
    number,
    tense,
)
from .timex_tense import tense_near


def _weekday_date(ctx: Context, m: re.Match[str], weekday: int, det: str) -> date | None:
    """The date of a weekday: past-or-today by default, the coming one in future sentences.

    A bare weekday within the previous six days (or today) is the usual reading of news
    reporting; the day after publication and weekdays in "will"/"is to" sentences look ahead,
    never after "since".
    """
    if ctx.anchor is None:
        return None
    anchor = ctx.anchor
    back = (anchor.isoweekday() - weekday) % 7
    if det == "last":
        return anchor - timedelta(days=back or 7)
    if det == "next":
        return anchor + timedelta(days=(weekday - anchor.isoweekday()) % 7 or 7)
    if det == "this":
        return anchor + timedelta(days=weekday - anchor.isoweekday())
    if det == "" and after_since(ctx, m):
        return anchor - timedelta(days=back)
    possessive = ctx.text.startswith(("'s", "’s"), m.end())
    if back == 6 or (back and tense_near(ctx.text, m.start(), m.end(), look_after=not possessive) > 0):
        # The day after publication is "tomorrow" far more often than six days back.
        return anchor + timedelta(days=7 - back)
    return anchor - timedelta(days=back)


def norm_weekday(m: re.Match[str], ctx: Context) -> Normalized:
    """``Thursday``, ``last Friday``, ``this Thursday (16)``, ``Thursday evening``, ``Tuesdays``."""
    word = m["weekday"]
    if not capitalized(word):
        return None
    weekday = WEEKDAYS[word.lower()]
    det = " ".join((m["det"] or "").lower().split())
    det = {"previous": "last", "this past": "last", "this coming": "next", "coming": "next"}.get(det, det)
    part = DAY_PARTS.get((m["part"] or "").lower().rstrip("s"))
    plural_part = (m["part"] or "").lower().endswith("s")
    if det in {"each", "every"} or plural_part or (m["plural"] and not m["confirm"]):
        return "SET", f"XXXX-WXX-{weekday}" + (f"T{part}" if part else "")
    found = _weekday_date(ctx, m, weekday, det)
    if m["confirm"] and ctx.anchor is not None:
        wanted = int(m["confirm"])
        candidates = [
            ctx.anchor + timedelta(days=offset)
            for offset in range(-10, 11)
            if (ctx.anchor + timedelta(days=offset)).isoweekday() == weekday
            and (ctx.anchor + timedelta(days=offset)).day == wanted
        ]
        found = candidates[0] if candidates else found
    value = found.isoformat() if found else f"XXXX-WXX-{weekday}"
    if part:
        return "TIME", f"{value}T{part}"
    return "DATE", value


def norm_day_word(m: re.Match[str], ctx: Context) -> Normalized:
    """``today``, ``yesterday``, ``tomorrow``, ``tonight``, ``last night``, ``this morning``."""
    word = " ".join(m["day"].lower().split())
    offsets = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "last night": -1}
    offsets |= {"the day before yesterday": -2, "the day after tomorrow": 2, "this": 0}
    offset = offsets.get(word, 0)
    day = ctx.anchor + timedelta(days=offset) if ctx.anchor else None
    part = DAY_PARTS.get((m["part"] or "").lower())
    if word in {"tonight", "last night"}:
        part = "NI"
    if part:
        return "TIME", f"{cal.day_value(day)}T{part}"
    return "DATE", cal.day_value(day)


def norm_relative_unit(m: re.Match[str], ctx: Context) -> Normalized:
    """``last week``, ``this year``, ``next month``, ``earlier this week``, ``the coming weekend``."""
    det = m["det"].lower()
    unit = m["unit"].lower()
    step = {"last": -1, "past": -1, "previous": -1, "preceding": -1, "next": 1, "coming": 1}
    step |= {"following": 1}
    delta = step.get(det, 0)
    anchor = ctx.anchor
    if unit == "weekend":
        day = anchor + timedelta(weeks=delta) if anchor else None
        return "DATE", cal.week_value(day) + "-WE"
    if anchor is None:
        blank = {"week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX", "quarter": "XXXX-QX"}
        return "DATE", blank.get(unit, "XXXX")
    if unit == "week":
        return "DATE", cal.week_value(anchor + timedelta(weeks=delta))
    if unit == "month":
        return "DATE", cal.month_value(*cal.add_months(anchor.year, anchor.month, delta))
    if unit == "quarter":
        year, quarter = cal.add_quarters(*cal.quarter_of(anchor), delta)
        return "DATE", f"{year}-Q{quarter}"
    if unit == "decade":
        return "DATE", f"{(anchor.year // 10 + delta)}X"
    if unit == "century":
        return "DATE", f"{anchor.year // 100 + delta:02d}"
    return "DATE", str(anchor.year + delta)


def norm_weekend(m: re.Match[str], ctx: Context) -> Normalized:
    """``the weekend``: the latest one, or the coming one in a future sentence."""
    if ctx.anchor is None:
        return "DATE", "XXXX-WXX-WE"
    anchor = ctx.anchor
    if anchor.isoweekday() < 6:
        anchor += timedelta(weeks=1) if future(ctx, m) else timedelta(weeks=-1)
    return "DATE", cal.week_value(anchor) + "-WE"


_SEASON_NOUN = re.compile(r"\s+(?:of|in|from)\b", re.IGNORECASE)


def norm_season(m: re.Match[str], ctx: Context) -> Normalized:
    """``last summer``, ``this spring``, ``the summer``, ``summer 2023``, ``the summer of last year``.

    A bare season follows the tense of its clause (:func:`timex_calendar.nearest_season`);
    "the fall of Mosul" and "the fall in prices" are no seasons.
    """
    season = SEASONS[m["season"].lower()]
    det = (m["det"] or "").lower()
    if not (det or m["year"] or m["rel"]) and _SEASON_NOUN.match(ctx.text, m.end()):
        return None  # "the fall of Mosul", "the fall in prices", "the spring of hope": no season
    if not (det or m["the"] or m["year"] or m.group(0) != m["season"]):
        before = ctx.text[max(0, m.start() - 10) : m.start()].lower().split()
        if not before or before[-1] not in {"in", "during", "since", "until", "by", "through", "this"}:
            return None
    if det in {"each", "every"}:
        return "SET", f"XXXX-{season}"
    if m["year"]:
        return "DATE", f"{m['year']}-{season}"
    if ctx.anchor is None:
        return "DATE", f"XXXX-{season}"
    if m["rel"]:
        shift = {"last": -1, "next": 1}.get(m["rel"].lower(), 0)
        return "DATE", f"{ctx.anchor.year + shift}-{season}"
    direction = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(det, 0)
    if direction:
        year = cal.shift_season(ctx.anchor, season, direction)
    else:
        year = cal.nearest_season(ctx.anchor, season, 0 if det == "this" else tense(ctx, m))
    return "DATE", f"{year}-{season}"


def norm_quarter(m: re.Match[str], ctx: Context) -> Normalized:
    """``the third quarter``, ``third-quarter``, ``Q2 2024``, ``last year's fourth quarter``."""
    quarter = ORDINALS.get((m["ordinal"] or "").lower()) or int(m["qnum"] or 0)
    if not 1 <= quarter <= 4:
        return None
    year: int | None = None
    if m["year"] or m["lyear"]:
        year = int(m["year"] or m["lyear"])
    elif ctx.anchor is not None:
        shift = {"last": -1, "next": 1}.get((m["rel"] or "").lower(), 0)
        year = ctx.anchor.year + shift
    return "DATE", f"{cal.year_value(year)}-Q{quarter}"


def norm_half(m: re.Match[str], ctx: Context) -> Normalized:
    """``the first half``, ``second-half``, ``the first half of 2024``."""
    half = ORDINALS.get(m["ordinal"].lower(), 2)
    if half > 2:
        return None
    year = int(m["year"]) if m["year"] else (ctx.anchor.year if ctx.anchor else None)
    return "DATE", f"{cal.year_value(year)}-H{half}"


def norm_latest_quarter(m: re.Match[str], ctx: Context) -> Normalized:
    """``the quarter``, ``the latest quarter``: the last completed quarter in earnings news."""
    if ctx.anchor is None:
        return "DATE", "XXXX-QX"
    year, quarter = cal.add_quarters(*cal.quarter_of(ctx.anchor), -1)
    return "DATE", f"{year}-Q{quarter}"


def norm_year_ago(m: re.Match[str], ctx: Context) -> Normalized:
    """``a year ago``, ``year-earlier``, ``the year-ago quarter``: resolved against context later."""
    return "DATE", YEAR_AGO


def norm_year_period(m: re.Match[str], ctx: Context) -> Normalized:
    """``the 1988 period``, ``the 1988 quarter``: the quarter under discussion, in that year."""
    return "DATE", SAME_QUARTER + m["year"]


_FOR_OF = re.compile(r"\b(?:for|of)\s$", re.IGNORECASE)


def norm_this_year(m: re.Match[str], ctx: Context) -> Normalized:
    """``year-end``, ``the end of the year``, ``the full year``, ``earlier in the year``.

    A bare "the year" counts only after "for" or "of" ("for the year", "the first nine
    months of the year"), and names the year under discussion (the reference time).
    """
    if m["bare"]:
        if _FOR_OF.search(ctx.text, max(0, m.start() - 4), m.start()) is None:
            return None
        return "DATE", f"{ANAPHORIC}year:0"
    return "DATE", cal.year_value(ctx.anchor.year if ctx.anchor else None)


def norm_this_month(m: re.Match[str], ctx: Context) -> Normalized:
    """``the end of the month``, ``later in the month``, ``the end of the week``: the current one."""
    if m.group(0).lower().endswith("week"):
        return "DATE", cal.week_value(ctx.anchor)
    if ctx.anchor is None:
        return "DATE", "XXXX-XX"
    return "DATE", cal.month_value(ctx.anchor.year, ctx.anchor.month)


def norm_decade_word(m: re.Match[str], ctx: Context) -> Normalized:
    """``the nineties``, ``the nineteen-eighties`` -> ``199X``."""
    tens = int(NUMBER_WORDS[m["tens"].lower().removesuffix("ies") + "y"]) // 10
    century = 19
    if ctx.anchor is not None and tens * 10 <= ctx.anchor.year % 100:
        century = ctx.anchor.year // 100
    return "DATE", f"{century}{tens}X"


def norm_fiscal_year(m: re.Match[str], ctx: Context) -> Normalized:
    """``the fiscal year``, ``the current fiscal year``, ``last fiscal year``."""
    shift = {"last": -1, "next": 1, "previous": -1}.get((m["det"] or "").lower(), 0)
    return "DATE", cal.year_value(ctx.anchor.year + shift if ctx.anchor else None)


def norm_ref(m: re.Match[str], ctx: Context) -> Normalized:
    """``now``, ``currently``, ``recently``, ``recent years``, ``the past``, ``the future``."""
    word = m.group(0).lower()
    if word.startswith(("the past", "recent", "previous", "former", "earlier", "once")):
        return "DATE", "PAST_REF"
    if "future" in word or word.endswith("term"):
        return "DATE", "FUTURE_REF"
    return "DATE", "PRESENT_REF"


_CLOCK_CUES = frozenset(
    {
        "at", "from", "until", "till", "by", "before", "after", "around", "about", "since", "between",
        "to", "and",
    }
)  # fmt: skip
"""Words before a bare 24-hour time ("at 13:30") that make it a clock time and not a score."""

_AMPM = re.compile(r"\s*([ap])\.?\s?m\b", re.IGNORECASE)
_ON_DAY = re.compile(
    rf"\.?(?:\s*\([^)]{{0,30}}\))?,?\s+on\s+(?:(?P<wd>{WEEKDAY})|(?P<month>{MONTH})\s*(?P<mday>{DAY_NUMBER}))(?![\w])",
    re.IGNORECASE,
)
"""The day a time of day is on, when the text names it after "on": "at 2 p.m. on Friday"."""
_DAY_AT = re.compile(
    rf"(?<![\w-])(?:(?P<wd>{WEEKDAY})|(?P<month>{MONTH})\s*(?P<mday>{DAY_NUMBER}))(?:,?\s+(?:at|from|until))\s+$",
    re.IGNORECASE,
)
"""The day a time of day is on, when the text names it before "at": "on Tuesday at 13:30 GMT"."""


def norm_clock(m: re.Match[str], ctx: Context) -> Normalized:
    """``4 p.m.``, ``10:35 a.m. EDT Thursday``, ``noon Saturday``, ``midnight``, ``13:30 GMT``.

    The day is the one named with the time ("4 p.m. Thursday"), or after "on" ("at 2 p.m. on
    Friday", which TimeML tags as two expressions), or before "at" ("on Tuesday at 13:30"),
    else the publication date.
    """
    clock = m["clock"].lower()
    if m["h24"] and not m["zone24"]:
        before = ctx.text[max(0, m.start("clock") - 12) : m.start("clock")].lower().split()
        if not before or before[-1] not in _CLOCK_CUES:
            return None
    if "noon" in clock or "midday" in clock:
        hour, minute = 12, 0
    elif "midnight" in clock:
        hour, minute = 24, 0
    else:
        hm = re.match(r"(\d{1,2})(?:[:.](\d\d))?", clock)
        if hm is None:
            return None
        hour, minute = int(hm[1]), int(hm[2] or 0)
        ampm = _AMPM.match(clock, hm.end())
        if hour > (23 if m["h24"] else 12) or minute > 59:
            return None
        if ampm and ampm[1] == "p" and hour != 12:
            hour += 12
        elif ampm and ampm[1] == "a" and hour == 12:
            hour = 0
    wd, dw, month, mday = m["wd"], m["dw"], m["month"], m["mday"]
    on = None if wd or dw or month else _ON_DAY.match(ctx.text, m.end())
    if on is None and not (wd or dw or month):
        on = _DAY_AT.search(ctx.text, max(0, m.start() - 40), m.start())
    if on is not None and capitalized(on["wd"] or on["month"]):
        wd, month, mday = on["wd"], on["month"], on["mday"]
    day: date | None = ctx.anchor
    value = "XXXX-XX-XX"
    if wd:
        found = _weekday_date(ctx, m, WEEKDAYS[wd.lower()], "")
        value = found.isoformat() if found else f"XXXX-WXX-{WEEKDAYS[wd.lower()]}"
    elif dw:
        offset = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}[dw.lower()]
        value = cal.day_value(day + timedelta(days=offset) if day else None)
    elif month:
        parts = date_parts(ctx, month_number(month), day_int(mday), None)
        value = parts[1] if parts else value
    else:
        value = cal.day_value(day)
    return "TIME", f"{value}T{hour:02d}:{minute:02d}"


_IN_QUARTERS = re.compile(r"\bin\s+(?:some|many|other|certain|all|most)\s+quarters$", re.IGNORECASE)
_MODAL = re.compile(r"(?:\b(?:will|would|could|might|may|can|should|shall|must)|'ll)\s+$", re.IGNORECASE)


def norm_duration(m: re.Match[str], ctx: Context) -> Normalized:
    """``three years``, ``the past two months``, ``two-day``, ``a few weeks``, ``more than a decade``.

    Ages (``45-year-old``) are vetoed: TimeBank does not annotate them. ``N units ago`` becomes
    a DATE at the unit's granularity; an amount per unit after a price is a SET; "one day"
    after a modal ("will one day be") is an indefinite FUTURE_REF.
    """
    if m["old"] or (m["num"].lower() in {"a", "an"} and m["unit"].lower() == "second"):
        return None  # ages, and "a second" (time, attempt) which is an ordinal far more often
    if m["unit"].lower().startswith("quarter") and re.match(r"\s+of\b", ctx.text[m.end() : m.end() + 4]):
        return None  # "three-quarters of", "more than a quarter of the market": a fraction
    if m["unit"].lower() == "quarters" and _IN_QUARTERS.search(ctx.text, max(0, m.end() - 30), m.end()):
        return None  # "in some quarters", "in many quarters": places, not periods
    if m.group(0).lower() == "one day" and _MODAL.search(ctx.text, max(0, m.start() - 12), m.start()):
        return "DATE", "FUTURE_REF"  # "will one day be", "should one day answer": some day
    count = number(m["num"])
    if count is not None and (m["frac"] or m["half"]):
        count += 0.5
    unit = m["unit"].lower()
    stem = unit.rstrip("s")
    if m["num"].lower() in {"a", "an"} and unit.endswith("s"):
        return None
    if m["ago"]:
        return _ago(ctx, count, stem, m)
    if m["num"].lower() in {"a", "an"} and not m["pre"] and _after_price(ctx, m.start()):
        return "SET", duration_value(1, stem)
    return "DURATION", duration_value(count, stem)


_RATE = re.compile(
    r"(?:(?<![\w$])(?:1[5-9]|20)\d\d(?P<year>)|\d|percent|cents?|dollars?|[mb]n|million|billion|trillion|thousand|"
    r"hundred|dozen|times|once|twice|%|(?:dozens|hundreds|thousands|millions|billions)\s+of)"
    r"(?P<nouns>(?:\s+[a-z][a-z-]*){0,2})\s*$"
)
_NOT_NOUNS = frozenset(
    {
        "in", "for", "within", "of", "after", "before", "over", "than", "about", "by", "per", "on", "at",
        "to", "the", "and", "or", "was", "were", "is", "are", "be", "been", "from", "since", "until", "ago",
        "earlier", "later", "last", "next", "this", "that", "more", "less", "nearly", "almost", "only",
    }
)  # fmt: skip


def _after_price(ctx: Context, start: int) -> bool:
    """True when "a <unit>" gives a rate: "$2 billion a year", "20 cigarettes a day", "twice a week".

    The amount may be followed by at most two nouns ("four flights a week"); a bare year
    ("in 2012 a year after") or a preposition in between ("5 races in a year") is no rate.
    """
    before = ctx.text[max(0, start - 40) : start].lower()
    m = _RATE.search(before)
    if m is None or (m["year"] is not None and not m["nouns"]):
        return False
    return not any(word in _NOT_NOUNS for word in m["nouns"].split())


def _ago(ctx: Context, count: float | None, stem: str, m: re.Match[str]) -> Normalized:
    word = m["ago"].lower()
    if count is None or ctx.anchor is None:
        if count is None:
            return "DATE", "PAST_REF" if word != "from now" else "FUTURE_REF"
        return "DATE", {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX"}.get(stem, "XXXX")
    sign = 1 if word in {"from now", "hence"} else -1
    if stem == "year" and count == 1 and sign < 0:
        return "DATE", YEAR_AGO
    anchor = ctx.anchor
    n = int(count) * sign
    if word == "earlier" and count == int(count) and stem in {"day", "night", "week", "month", "year"}:
        # "In 2007 ... Three years earlier": counted back from the last date mentioned (TimeML's
        # reference time), which is the anchor only when the text has named none
        return "DATE", f"{ANAPHORIC}{'day' if stem == 'night' else stem}:{n}"
    if stem in {"day", "night"}:
        return "DATE", (anchor + timedelta(days=n)).isoformat()
    if stem == "week":
        return "DATE", cal.week_value(anchor + timedelta(weeks=n))
    if stem == "month":
        return "DATE", cal.month_value(*cal.add_months(anchor.year, anchor.month, n))
    if stem == "year":
        return "DATE", str(anchor.year + n)
    if stem == "decade":
        return "DATE", f"{(anchor.year + 10 * n) // 10}X"
    return None


def norm_set(m: re.Match[str], ctx: Context) -> Normalized:
    """``daily``, ``every week``, ``each year``, ``every other month``."""
    word = m.group(0).lower()
    if word in SET_WORDS:
        return "SET", SET_WORDS[word]
    count = 2 if m["other"] else (number(m["num"]) if m["num"] else 1)
    return "SET", duration_value(count, m["unit"].rstrip("sS"))


def norm_vague_units(m: re.Match[str], ctx: Context) -> Normalized:
    """``weeks``, ``recent months``, ``decades-long``: an unknown number of units;
    ``day-long``, ``yearlong``: one unit.

    TimeBank codes "coming months" as FUTURE_REF and "past years" as PAST_REF.
    """
    if m["single"]:
        return "DURATION", duration_value(1, m["single"])
    if m["unit"].lower() == "quarters" and _IN_QUARTERS.search(ctx.text, max(0, m.end() - 30), m.end()):
        return None
    lead = (m["lead"] or "").lower()
    if lead in {"coming", "next", "future"}:
        return "DATE", "FUTURE_REF"
    if lead == "past":
        return "DATE", "PAST_REF"
    unit = m["unit"].lower()
    return "DURATION", duration_value(None, "century" if unit == "centuries" else unit.rstrip("s"))


_ANAPHORIC_STEP = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "prior": -1}


def norm_anaphoric(m: re.Match[str], ctx: Context) -> Normalized:
    """``that year``, ``the same day``, ``earlier that day``, ``the following month``, ``the next day``.

    These point at the last date the text mentioned (TimeML's reference time), not at the
    anchor: "On May 22, 1995, he was promoted, and the following year ..." is 1996.
    """
    det = m["det"].lower().split()
    offset = _ANAPHORIC_STEP.get(det[-1], 0) if det[0] == "the" else 0
    return "DATE", f"{ANAPHORIC}{m['unit'].lower()}:{offset}"


def norm_year_ended(m: re.Match[str], ctx: Context) -> Normalized:
    """``the year ended March 31``, ``the fiscal year ending June 30``: a reporting period, P1Y."""
    return "DURATION", "P1Y"
