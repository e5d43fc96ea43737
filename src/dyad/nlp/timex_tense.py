"""Cheap tense cues for Dyad's temporal tagger: does the clause around a date read as future or past?

A bare weekday or month ("on Thursday", "in March") is resolved backwards or forwards from the
publication date depending on the tense of the clause that governs it. There is no parser here:
the cue *nearest* the expression wins, so in "will now proceed ..., Cuba predicted Wednesday"
the past verb "predicted" governs "Wednesday", while in "said he will begin on Friday" the
future "will" does. When nothing precedes the expression in its sentence ("On Tuesday, the two
sides conferred"), the first cue after it decides.
"""

from __future__ import annotations

import re

FUTURE_CUES = (
    r"\b(?:will|won't|shall|would\s+(?:be\s+)?(?:start|begin|open|hold|meet|leave|go|return|resume|vote)|"
    r"(?:is|are|was|were)\s+(?:to|due|scheduled|slated|set\s+to|expected\s+to)|to\s+be\s+held|"
    r"plan(?:s|ning)\s+to|scheduled\s+(?:to|for)|going\s+to|upcoming|as\s+(?:soon|early)\s+as|"
    r"intends?\s+to|expects?\s+to|hopes?\s+to)\b|'ll\b"
)
"""Words before or after a bare weekday or month that suggest the future."""

_IRREGULAR_PAST = (
    "said|told|was|were|had|did|met|went|came|took|made|began|left|held|got|gave|saw|won|lost|fell|rose|"
    "ran|sent|spoke|wrote|broke|struck|shot|fought|led|paid|sold|bought|brought|thought|found|kept|"
    "quit|flew|drove|stood|fled|spent|heard|felt|became|chose|knew|"
    "ago|earlier|yesterday"
)
PAST_CUES = rf"\b(?:{_IRREGULAR_PAST}|[a-z]{{3,}}ed)\b"
"""Past-tense verbs (irregular ones and anything ending in -ed) and words that point backwards."""

_NOT_PAST = frozenset(
    {
        "united", "armed", "based", "alleged", "limited", "related", "proposed", "supposed", "called",
        "named", "indeed", "hundred", "embattled", "detailed", "advanced", "experienced", "interested",
        "concerned", "need", "speed", "feed", "seed", "breed", "scheduled", "expected",
        "unnamed", "unidentified", "reported", "assorted",
    }
)  # fmt: skip
"""Words ending in -ed that are mostly adjectives in news, or that :data:`FUTURE_CUES` handles."""

_FUTURE = re.compile(FUTURE_CUES, re.IGNORECASE)
_PAST = re.compile(PAST_CUES, re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:be|been|being|is|are|am|has|have|remain|remains|stay|stays)\s+$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s(?![ \t]*[a-z])|\n")
"""A sentence ends at a full stop, question or exclamation mark, also before a closing quote
(``safe.” After``, TimeBank's ``said Sunday.'' Then``), or at a line break; not before a
lower-case word, where the stop ends an abbreviation (``at 2 p.m. on Monday``)."""


def sentence_bounds(text: str, start: int, end: int, reach: int = 200) -> tuple[int, int]:
    """The sentence around ``text[start:end]``, at most ``reach`` characters either side."""
    left = max(start - reach, 0)
    for found in _SENTENCE_END.finditer(text, left, start):
        left = found.end()
    stop = _SENTENCE_END.search(text, end, min(len(text), end + reach))
    return left, stop.start() if stop else min(len(text), end + reach)


def _cues(text: str, low: int, high: int) -> list[tuple[int, int]]:
    """(position, +1 future / -1 past) of every tense cue in ``text[low:high]``, in text order."""
    found: list[tuple[int, int]] = []
    future_spans: list[tuple[int, int]] = []
    for m in _FUTURE.finditer(text, low, high):
        found.append((m.start(), 1))
        future_spans.append(m.span())
    for m in _PAST.finditer(text, low, high):
        word = m.group(0).lower()
        if word in _NOT_PAST or any(s <= m.start() < e for s, e in future_spans):
            continue
        if _PASSIVE.search(text, max(low, m.start() - 12), m.start()):
            continue  # "will be held", "will remain closed": a participle, not a past tense
        found.append((m.start(), -1))
    found.sort()
    return found


def tense_near(text: str, start: int, end: int, look_after: bool = True) -> int:
    """+1 when the clause governing ``text[start:end]`` reads as future, -1 as past, 0 unknown.

    With ``look_after=False`` only the words before the expression count (a possessive
    "Thursday's attack" is the subject of its own clause, not governed by the verb after it).
    """
    low, high = sentence_bounds(text, start, end)
    before = _cues(text, low, start)
    if before:
        return before[-1][1]
    after = _cues(text, end, high) if look_after else []
    return after[0][1] if after else 0
