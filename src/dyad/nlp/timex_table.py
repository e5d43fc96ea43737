"""The rule table of Dyad's temporal tagger: which regex finds which expression family.

Each entry pairs an extent regex (TimeBank conventions, see :mod:`dyad.nlp.timex_rules`) with
its normalizer and the keyword classes it needs (``timex_patterns.NEEDLES``). Entries earlier
in the table win ties between matches of equal length.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .timex_dates import (
    norm_century,
    norm_decade,
    norm_holiday,
    norm_iso,
    norm_month,
    norm_month_day,
    norm_month_year,
    norm_slash,
    norm_spoken_year,
    norm_year,
)
from .timex_patterns import (
    APPROX,
    CLOCK,
    DAY_NUMBER,
    DAY_PART,
    EASTER_HOLIDAYS,
    EDGE,
    FIXED_HOLIDAYS,
    FLOATING_HOLIDAYS,
    MONTH,
    NUMBER,
    ORDINAL,
    SEASON,
    SET_WORDS,
    UNIT,
    WEEKDAY,
    YEAR,
    _alternation,
)
from .timex_relative import (
    norm_anaphoric,
    norm_clock,
    norm_day_word,
    norm_decade_word,
    norm_duration,
    norm_fiscal_year,
    norm_half,
    norm_latest_quarter,
    norm_quarter,
    norm_ref,
    norm_relative_unit,
    norm_season,
    norm_set,
    norm_this_month,
    norm_this_year,
    norm_vague_units,
    norm_weekday,
    norm_weekend,
    norm_year_ago,
    norm_year_ended,
    norm_year_period,
)
from .timex_rules import Context, Normalized, Rule

_B = r"(?<![\w$#/.-])"  # start boundary: not inside a word, a number, a price or a path
_E = r"(?![\w%/-]|\.\d|,\d)"  # end boundary: not followed by more word, digits or a percent sign
_DET_WEEKDAY = (
    r"(?:(?:the\s+)?(?P<det>this\s+coming|this\s+past|this|last|next|previous|coming|each|every|early|late|"
    r"earlier|later)\s+)?"
)
_MOD = rf"(?:(?:{EDGE}|earlier|later)[\s-]+)?"
_HOLIDAYS = _alternation(list(FIXED_HOLIDAYS) + list(FLOATING_HOLIDAYS) + list(EASTER_HOLIDAYS))
_QUARTER_LEAD = (
    rf"(?:(?:the|a|an|its|(?P<lyear>{YEAR})(?=\s)|(?P<rel>this|last|next)\s+year's|fiscal|current|latest|"
    r"flat|comparable|same)[\s-]+)*"
)

_SPECS: list[tuple[str, str, Callable[[re.Match[str], Context], Normalized]]] = [
    ("iso", rf"{_B}(?P<y>\d{{4}})-(?P<mo>[01]\d)-(?P<d>[0-3]\d)(?:T(?P<time>\d\d:\d\d))?(?![\w-])", norm_iso),
    ("slash", rf"{_B}(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>\d{{4}}|\d\d)(?![\w/])", norm_slash),
    (
        "month_day",
        rf"{_B}(?:{WEEKDAY},?\s+)?(?:{EDGE}[\s-]+)?(?:the\s+(?P<d2>{DAY_NUMBER})\s+of\s+)?(?P<month>{MONTH})\s*"
        rf"(?P<day>{DAY_NUMBER})(?:(?:\s*,\s*|\s+)(?P<year>{YEAR}))?{_E}",
        norm_month_day,
    ),
    (
        "day_month",
        rf"{_B}(?:{WEEKDAY},?\s+)?(?P<day>{DAY_NUMBER})\s+(?:of\s+)?(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR}))?{_E}",
        norm_month_day,
    ),
    (
        "month_year",
        rf"{_B}(?:{EDGE}[\s-]+)?(?P<month>{MONTH}),?\s+(?:of\s+)?(?P<year>{YEAR}){_E}",
        norm_month_year,
    ),
    (
        "month",
        rf"{_B}(?:(?P<edge>{EDGE})[\s-]+|(?P<det>last|this|next|each|every)\s+)?"
        rf"(?P<month>january|february|march|april|may|june|july|august|september|october|november|december)"
        rf"(?![\w-])(?!\s+(?:\d|(?-i:[A-Z][a-z])))(?:,?\s+(?:of\s+)?(?P<rel>last|this|next)\s+year(?![\w'’-]))?",
        norm_month,
    ),
    (
        "year",
        rf"(?<![\w$#/.])(?<!\D-)(?:(?:{EDGE}|the\s+year|(?:the\s+)?fiscal(?:\s+year)?|calendar(?:\s+year)?)[\s-]+"
        rf"|FY\s?)?(?P<year>{YEAR}|(?<=FY)\d\d|(?<=FY\s)\d\d)(?:{_E}|(?=-{YEAR}\b))(?!\s*(?:percent|per\s+cent|%))",
        norm_year,
    ),
    (
        "spoken_year",
        r"\b(?:nineteen[-\s](?P<tail>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
        r"(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?)"
        r"|(?:the\s+year\s+)?two\s+thousand(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine))?)\b",
        norm_spoken_year,
    ),
    (
        "decade",
        rf"{_B}(?:the\s+)?(?:{EDGE}[\s-]+)?(?:(?P<decade>(?:1[5-9]|20)\d0)|['’](?P<short>\d0))'?s\b",
        norm_decade,
    ),
    ("century", rf"\b(?:the\s+)?(?:{EDGE}[\s-]+)?(?P<ordinal>{ORDINAL})[\s-]+century\b", norm_century),
    ("holiday", rf"\b(?P<holiday>{_HOLIDAYS})(?:,?\s+(?P<year>{YEAR}))?\b", norm_holiday),
    (
        "weekday",
        rf"{_B}{_DET_WEEKDAY}(?P<weekday>{WEEKDAY})(?P<plural>s)?(?:\s*\((?P<confirm>[0-3]?\d)\))?"
        rf"(?:\s+(?P<part>{DAY_PART}s?))?(?!\w)",
        norm_weekday,
    ),
    (
        "day_word",
        rf"\b(?:(?:early|late|earlier|later)\s+)?(?P<day>the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)"
        rf"|today|yesterday|tomorrow|tonight|last\s+night|this(?=\s+{DAY_PART}))"
        rf"(?:\s+(?P<part>{DAY_PART}))?(?!\w)",
        norm_day_word,
    ),
    (
        "anaphoric",
        r"\b(?:(?:earlier|later|early|late)\s+)?(?P<det>that(?:\s+same)?|the\s+(?:very\s+)?same|"
        r"the\s+(?:following|previous|preceding|prior)|the\s+next(?=\s+day))\s+(?P<unit>day|week|month|year)(?![\w-])",
        norm_anaphoric,
    ),
    (
        "year_ended",
        rf"\bthe\s+(?:fiscal\s+)?year(?=\s+(?:ended|ending)\s+(?:{MONTH}|today|tomorrow|yesterday|last|this|next|on|in)\b)",
        norm_year_ended,
    ),
    (
        "relative_unit",
        rf"\b{_MOD}(?P<the>the\s+)?(?P<det>this|last|next|past|coming|previous|current|following)\s+"
        r"(?P<unit>week|weekend|month|year|quarter|decade|century)(?![\w-])",
        norm_relative_unit,
    ),
    (
        "season",
        rf"\b{_MOD}(?:(?:(?P<the>the)|(?P<det>this|last|next|past|coming|each|every))\s+)?(?:{EDGE}[\s-]+)?"
        rf"(?P<season>{SEASON})(?:\s+(?:of\s+)?(?P<year>{YEAR})|\s+of\s+(?P<rel>last|this|next)\s+year)?\b",
        norm_season,
    ),
    (
        "quarter",
        rf"\b{_QUARTER_LEAD}(?:(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter"
        rf"|Q(?P<qnum>[1-4]))(?:,?\s+(?:of\s+)?(?:fiscal\s+)?(?P<year>{YEAR}))?\b",
        norm_quarter,
    ),
    (
        "half",
        rf"\b(?:the\s+)?(?:fiscal\s+)?(?P<ordinal>first|second|last)[\s-]+half(?:\s+of\s+(?P<year>{YEAR}))?\b",
        norm_half,
    ),
    (
        "latest_quarter",
        r"\bthe\s+(?:(?:latest\s+|most\s+recent\s+|recent\s+)?quarter|(?:latest|most\s+recent)\s+period)\b",
        norm_latest_quarter,
    ),
    ("weekend", r"\bthe\s+weekend\b", norm_weekend),
    (
        "this_year",
        r"\b(?:the\s+end\s+of\s+the\s+year|year[-\s]end|year's\s+end|the\s+full\s+year|"
        r"(?:earlier|later)\s+in\s+the\s+year)\b"
        r"|\b(?P<bare>the\s+year)(?![\w'’-]|\s+(?:ended|ending|before|after|earlier|ago|in|two|\d))",
        norm_this_year,
    ),
    (
        "this_month",
        r"\b(?:the\s+(?:end|beginning|start)\s+of\s+the|(?:earlier|later)\s+in\s+the)\s+(?:month|week)\b",
        norm_this_month,
    ),
    (
        "decade_word",
        r"\bthe\s+(?:nineteen[-\s]?)?(?P<tens>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b",
        norm_decade_word,
    ),
    ("year_period", rf"\bthe\s+(?P<year>{YEAR})\s+(?:quarter|period)\b", norm_year_period),
    (
        "year_ago",
        r"\b(?:(?:the\s+)?(?:comparable\s+|same\s+)?(?:year-ago|year-earlier|prior-year|year-before)"
        r"(?:\s+(?:(?:first|second|third|fourth)\s+)?(?:quarter|period))?"
        r"|the\s+(?:same\s+|corresponding\s+|comparable\s+)?(?:quarter|period)\s+(?:a\s+year\s+(?:ago|earlier)"
        r"|(?:of\s+)?last\s+year|of\s+the\s+previous\s+year)|last\s+year's\s+(?:quarter|period))\b",
        norm_year_ago,
    ),
    (
        "fiscal_year",
        r"\b(?:the\s+)?(?:(?P<det>current|latest|last|next|previous|this)\s+)?fiscal[\s-]+year\b(?!\s*\d)",
        norm_fiscal_year,
    ),
    (
        "ref",
        r"\b(?:now|currently|recently|nowadays|presently|these\s+days|at\s+present|"
        r"the\s+(?:(?:near|distant|foreseeable|immediate)\s+)?future|the\s+(?:near|short)\s+term|the\s+past(?!\s+(?:\d|few|several|many|two|three|four|five|six|seven|"
        r"eight|nine|ten|twelve|twenty|thirty|week|month|year|quarter|decade|century|day|hour|"
        r"weekend|summer|winter|spring|fall))|recent\s+(?:years|decades|times)|"
        r"future\s+(?:years|months|quarters|decades)|current)\b(?![-’'])",
        norm_ref,
    ),
    (
        "clock",
        rf"{_B}(?:{APPROX}\s+)?(?P<clock>{CLOCK}|\d{{1,2}}\s+in\s+the\s+(?:morning|afternoon|evening))"
        rf"(?:,?\s+(?:(?P<wd>{WEEKDAY})|(?P<dw>today|yesterday|tomorrow|tonight)|"
        rf"(?P<month>{MONTH})\s*(?P<mday>{DAY_NUMBER})))?\b",
        norm_clock,
    ),
    (
        "duration",
        rf"{_B}(?:the\s+(?![\w./-]+-{UNIT}))?(?P<pre>(?:(?:{APPROX}|past|last|next|first|final|coming|previous|latest|following|"
        rf"ensuing|remaining|preceding|recent|another|additional|full|whole|entire|same)\s+)+)?"
        rf"(?P<num>{NUMBER})(?P<frac>\s+1/2|\s+and\s+a\s+half)?(?:\s+|-)(?:(?:more|trading|business|full|straight|"
        rf"consecutive|additional|calendar|working|long)\s+)?(?P<unit>{UNIT})(?P<half>\s+and\s+a\s+half)?"
        rf"(?P<old>-old)?(?:-long)?(?![\w-])(?:\s+(?P<ago>ago|earlier|from\s+now|hence))?",
        norm_duration,
    ),
    (
        "set",
        r"\b(?:(?:every|each|per)\s+(?P<other>other\s+)?(?:(?P<num>\d+|two|three|four|five|six)\s+)?"
        r"(?P<unit>day|week|month|year|quarter|hour|minute|decade|days|weeks|months|years|hours)|"
        + _alternation(list(SET_WORDS))
        + r")\b",
        norm_set,
    ),
    (
        "vague_units",
        r"(?<![\w-])(?:(?:(?P<lead>recent|past|coming|next)\s+)?"
        r"(?P<unit>days|weeks|months|quarters|years|decades|centuries)(?:-long)?\b"
        r"|(?P<single>hour|day|week|month|year|decade)-?long\b)",
        norm_vague_units,
    ),
]


_RULE_NEEDLES: dict[str, tuple[str, ...]] = {
    "iso": ("digit",), "slash": ("digit",), "month_day": ("digit",), "day_month": ("digit",),
    "month_year": ("digit",), "month": ("month",), "year": ("digit",), "spoken_year": ("spoken",),
    "decade": ("digit",), "century": ("unit",), "holiday": ("holiday",), "weekday": ("weekday",),
    "day_word": ("dayword",), "relative_unit": ("unit",), "season": ("season",),
    "quarter": ("quarter",), "half": ("half",), "latest_quarter": ("quarter",), "weekend": ("unit",),
    "this_year": ("unit",), "this_month": ("unit",), "decade_word": ("ties",),
    "year_period": ("digit",),
    "year_ago": ("unit",), "fiscal_year": ("fiscal",), "ref": ("ref",), "clock": ("digit", "clock"),
    "duration": ("unit",), "set": ("set",), "vague_units": ("unit",), "anaphoric": ("anaphor",),
    "year_ended": ("anaphor",),
}  # fmt: skip

RULES: tuple[Rule, ...] = tuple(
    Rule(name, re.compile(regex, re.IGNORECASE), fn, _RULE_NEEDLES[name]) for name, regex, fn in _SPECS
)
"""Every rule, in priority order for matches of equal length."""
