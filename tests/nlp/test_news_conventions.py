"""Coding conventions of real news that careful coders apply (the VOA guide and CAMEO), as tables of
sentences we wrote: sentence -> the event a coder records (source country, target country, CAMEO
prefix, status). Each table is one class of cases; no sentence is taken from a dev or gold set.
"""

from __future__ import annotations

from datetime import date

import pytest

from dyad.model import Event

PUBLISHED = date(2025, 3, 14)


def _country(actor) -> str | None:  # type: ignore[no-untyped-def]
    if actor is None:
        return None
    if actor.code[:3] in {"IGO", "NGO", "IMG"}:
        return actor.code[:3]
    return actor.country or "---"


def _matching(events: list[Event], source: str | None, target: str | None, prefix: str) -> list[Event]:
    return [
        e
        for e in events
        if e.cameo.startswith(prefix)
        and (source is None or _country(e.source) == source)
        and (target is None or _country(e.target) == target)
    ]


def _shown(events: list[Event]) -> list[tuple[object, ...]]:
    return [(_country(e.source), _country(e.target), e.cameo, e.status, e.evidence.trigger) for e in events]


# --- an expressed intent, offer or willingness is a statement that happened ------------------------

INTENTS = [
    # (sentence, source, target, CAMEO prefix, status)
    (
        "Chile said it would allow aid convoys to reach the flooded Peruvian towns.",
        "CHL",
        None,
        "03",
        "asserted",
    ),
    (
        "The Bolivian government is willing to pull its soldiers out of the disputed valley.",
        "BOL",
        None,
        "03",
        "asserted",
    ),
    (
        "Chile will free the detained Argentine journalists as a goodwill gesture.",
        "CHL",
        "ARG",
        "03",
        "asserted",
    ),
    ("Norway is ready to send humanitarian aid to Kenya.", "NOR", "KEN", "03", "asserted"),
    ("Japan pledged to provide emergency food aid to the Philippines.", "JPN", "PHL", "03", "asserted"),
    ("The rebels agreed to hand over their heavy weapons.", None, None, "03", "asserted"),
    ("Russia threatened to cut gas supplies to Moldova.", "RUS", "MDA", "13", "asserted"),
    # a meeting or visit merely scheduled is still to come (the guide: future)
    ("The president of Chile will travel to Peru next week.", "CHL", "PER", "0", "future"),
    ("The Kenyan president is expected to visit Uganda in June.", "KEN", "UGA", "04", "future"),
]


@pytest.mark.parametrize(("sentence", "source", "target", "prefix", "status"), INTENTS)
def test_intent_has_the_status_of_its_statement(code_text, sentence, source, target, prefix, status):  # type: ignore[no-untyped-def]
    events = list(code_text(sentence, PUBLISHED).events)
    found = _matching(events, source, target, prefix)
    assert found, f"no {prefix} event {source}->{target}: {_shown(events)}"
    assert any(e.status == status for e in found), _shown(found)
