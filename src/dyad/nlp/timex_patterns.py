"""The lexicon and regular-expression building blocks of Dyad's temporal tagger.

Kept apart from :mod:`dyad.nlp.timex` so the vocabulary (month names, number words, units,
modifiers) can be read and reviewed on its own. Everything here is data plus the regex
fragments built from it; the rules that use them live in ``timex_table.py``. Fragments are
written for ``re.IGNORECASE``: case-sensitive checks (``May`` the month versus ``may`` the
verb) are done by the rules on the matched text.
"""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
}  # fmt: skip

NUMBER_WORDS: dict[str, float] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "one hundred": 100, "a dozen": 12, "dozen": 12,
    "a half": 0.5, "half a": 0.5, "half an": 0.5, "one and a half": 1.5, "a couple of": 2, "a couple": 2,
    "couple of": 2,
}  # fmt: skip

VAGUE_NUMBERS = ("a few", "few", "several", "many", "some", "a couple of", "a couple", "couple of")
"""Amounts with no number: "several years" -> PXY ("a couple of" counts as 2, as TimeBank does)."""

ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
    "ninth": 9, "9th": 9, "tenth": 10, "10th": 10, "eleventh": 11, "11th": 11, "twelfth": 12,
    "12th": 12, "thirteenth": 13, "13th": 13, "fourteenth": 14, "14th": 14, "fifteenth": 15,
    "15th": 15, "sixteenth": 16, "16th": 16, "seventeenth": 17, "17th": 17, "eighteenth": 18,
    "18th": 18, "nineteenth": 19, "19th": 19, "twentieth": 20, "20th": 20, "twenty-first": 21,
    "21st": 21,
}  # fmt: skip

# Duration units: regex stem -> (TIMEX3 unit letter(s), multiplier, is a time-of-day unit).
UNITS: dict[str, tuple[str, int, bool]] = {
    "second": ("S", 1, True), "minute": ("M", 1, True), "hour": ("H", 1, True),
    "day": ("D", 1, False), "night": ("D", 1, False), "week": ("W", 1, False),
    "fortnight": ("W", 2, False), "month": ("M", 1, False), "quarter": ("M", 3, False),
    "year": ("Y", 1, False), "decade": ("Y", 10, False), "century": ("Y", 100, False),
}  # fmt: skip

# The unit letter used with an unknown count ("weeks" -> PXW, "decades" -> PXDE).
VAGUE_UNITS: dict[str, str] = {
    "second": "TXS", "minute": "TXM", "hour": "TXH", "day": "XD", "night": "XD", "week": "XW",
    "fortnight": "XW", "month": "XM", "quarter": "XQ", "year": "XY", "decade": "XDE", "century": "XCE",
}  # fmt: skip

SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_ORDER = ("WI", "SP", "SU", "FA")

DAY_PARTS: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}  # fmt: skip

SET_WORDS: dict[str, str] = {
    "hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W",
    "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
}  # fmt: skip

# Fixed-date holidays: name -> (month, day).
FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas eve": (12, 24),
    "christmas day": (12, 25), "christmas": (12, 25), "boxing day": (12, 26),
    "valentine's day": (2, 14), "halloween": (10, 31), "independence day": (7, 4),
    "the fourth of july": (7, 4), "fourth of july": (7, 4), "july fourth": (7, 4),
    "bastille day": (7, 14), "may day": (5, 1), "veterans day": (11, 11), "armistice day": (11, 11),
}  # fmt: skip

# Nth-weekday holidays (US): name -> (month, weekday 1=Mon, n; -1 = last).
FLOATING_HOLIDAYS: dict[str, tuple[int, int, int]] = {
    "thanksgiving day": (11, 4, 4), "thanksgiving": (11, 4, 4), "labor day": (9, 1, 1),
    "memorial day": (5, 1, -1), "martin luther king day": (1, 1, 3), "presidents day": (2, 1, 3),
    "columbus day": (10, 1, 2),
}  # fmt: skip


# Holidays fixed by Easter Sunday: name -> days after it.
EASTER_HOLIDAYS: dict[str, int] = {
    "easter": 0, "easter sunday": 0, "easter day": 0, "good friday": -2, "easter monday": 1,
    "palm sunday": -7, "maundy thursday": -3, "ash wednesday": -46, "pentecost": 49, "easter week": 0,
}  # fmt: skip
""""Easter week" is the ISO week holding Easter Sunday (Holy Week), as TimeBank codes it."""


def _alternation(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """A regex alternation of ``words``, longest first so the longest form wins."""
    escaped = sorted({w.replace(".", r"\.").replace(" ", r"\s+") for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(escaped) + ")"


_MONTH_FORMS = [
    "january", "jan\\.?", "february", "feb\\.?", "march", "mar\\.", "april", "apr\\.?", "may", "june",
    "jun\\.", "july", "jul\\.", "august", "aug\\.?", "september", "sept\\.?", "sep\\.", "october",
    "oct\\.?", "november", "nov\\.?", "december", "dec\\.?",
]  # fmt: skip
MONTH = "(?:" + "|".join(sorted(_MONTH_FORMS, key=len, reverse=True)) + r")(?![a-z])"
WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
WEEKDAY_ANY = WEEKDAY + r"s?"
_TENS = "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_SMALL = _alternation([w for w in NUMBER_WORDS if " " not in w and w not in {"a", "an", "hundred", "dozen"}])
NUMBER_WORD = (
    rf"(?:{_TENS}(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|{_SMALL}"
    r"|a\s+hundred|one\s+hundred|a\s+dozen|one\s+and\s+a\s+half|a\s+half|half\s+an?|an?)"
)
NUMBER = rf"(?:\d{{1,3}}(?:\.\d+)?|{NUMBER_WORD}|{_alternation(VAGUE_NUMBERS)})"
UNIT = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?|decades?"
    r"|century|centuries)"
)
UNIT_SINGULAR = r"(?:second|minute|hour|day|week|month|quarter|year|decade|century)"
ORDINAL = _alternation(list(ORDINALS))
DAY_NUMBER = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
APPROX = (
    r"(?:about|around|almost|nearly|roughly|approximately|some|more\s+than|less\s+than|fewer\s+than|"
    r"over|under|at\s+least|at\s+most|up\s+to|only|just|barely|well\s+over|upwards\s+of|close\s+to)"
)
EDGE = r"(?:early|late|mid|middle|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)"
SEASON = r"(?:spring|summer|fall|autumn|winter)"
DAY_PART = r"(?:morning|afternoon|evening|night)"
ZONE = r"(?:\s+(?:(?-i:[ECMP][SD]?T|GMT|UTC|BST|CES?T)\b|local\s+time))?"
CLOCK = (
    rf"(?:(?:\d{{1,2}}(?:[:.]\d\d)?\s*(?:a\.m\.?|p\.m\.?|am\b|pm\b)|noon|midnight|midday){ZONE}"
    rf"|(?P<h24>(?:[01]?\d|2[0-3]):[0-5]\d)(?![:.,]?\d)(?P<zone24>{ZONE}))"
)
"""A time of day: "4 p.m.", "9.30am EDT", "noon", or a 24-hour "13:30 GMT" (whose normalizer
asks for a zone or a preposition such as "at", so that scores and ratios are left alone)."""
RELATIVE_DET = r"(?:this|last|next|past|coming|previous|current|following|preceding)"

# Cheap keyword classes, found once in the lower-cased text with ``str.find`` (far faster than a
# regex alternation): a rule only runs near a hit of one of its classes, which is what keeps the
# tagger fast on long documents. Digits are the one class found by a regex (``DIGIT_NEEDLE``).
_ANAPHORS = tuple(
    f"{word} {unit}"
    for word in ("that", "same", "following", "previous", "preceding", "prior")
    for unit in ("day", "week", "month", "year")
)
NEEDLES: dict[str, tuple[str, ...]] = {
    "month": ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    "weekday": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "dayword": (
        "today", "yesterday", "tomorrow", "tonight", "night", "morning", "afternoon", "evening", "the day",
    ),
    "unit": (
        "second", "minute", "hour", "day", "week", "fortnight", "month", "quarter", "year", "decade",
        "centur",
    ),
    "ref": ("now", "current", "recent", "present", "these days", "past", "future", "term"),
    "season": ("spring", "summer", "fall", "autumn", "winter"),
    "fiscal": ("fiscal", "fy"),
    "spoken": ("nineteen", "thousand"),
    "ties": ("ties",),
    "holiday": (
        "christmas", "thanksgiving", "halloween", "year's", "valentine", "independence", "fourth",
        "labor", "memorial", "bastille", "boxing", "veterans", "armistice", "columbus", "luther",
        "presidents", "may day", "easter", "good friday", "palm sunday", "ash wednesday", "pentecost",
    ),
    "set": ("daily", "weekly", "monthly", "hourly", "annually", "yearly", "nightly", "every", "each", "per "),
    "half": ("half",),
    "clock": ("noon", "midnight", "midday"),
    "quarter": ("quarter", "period", "q1", "q2", "q3", "q4"),
    "anaphor": (*_ANAPHORS, "next day", "year end"),
}  # fmt: skip
DIGIT_NEEDLE = r"\d+"
