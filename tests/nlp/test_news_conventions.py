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


# --- places, datelines, news outlets and "X-based" phrases are never actors -----------------------

NEVER_ACTORS = [
    # (sentence, the event's source, its target, CAMEO prefix, words that must be no actor)
    (
        "NAIROBI, Kenya (AP) - Kenyan police detained 30 students on Tuesday.",
        "KEN",
        "KEN",
        "173",
        ("NAIROBI", "AP"),
    ),
    ("LIMA, Peru (Reuters) - Peruvian troops attacked a rebel camp.", "PER", None, "19", ("LIMA", "Reuters")),
    ("QUITO - Ecuador expelled two Colombian diplomats on Friday.", "ECU", "COL", "16", ("QUITO",)),
    ("A Geneva-based rights group accused Nicaraguan police of torture.", "CHE", "NIC", "112", ("Geneva",)),
]


@pytest.mark.parametrize(("sentence", "source", "target", "prefix", "not_actors"), NEVER_ACTORS)
def test_datelines_outlets_and_bases_are_not_actors(code_text, sentence, source, target, prefix, not_actors):  # type: ignore[no-untyped-def]
    events = list(code_text(sentence, PUBLISHED).events)
    assert _matching(events, source, target, prefix), _shown(events)
    for event in events:
        for actor in (event.source, event.target):
            if actor is not None:
                assert not any(word in actor.text for word in not_actors), (actor.text, _shown(events))


# --- no actor acts on itself -------------------------------------------------------------------------

SELF = [
    # (sentence, source, the only acceptable target, CAMEO prefix)
    (
        "After meeting Kishida in Tokyo, Modi welcomed the growing trade between the two countries.",
        "IND",
        "JPN",
        "05",
    ),
    ("Lula met Xi in Beijing on Monday. He praised the two nations' partnership.", "BRA", "CHN", "05"),
]


@pytest.mark.parametrize(("sentence", "source", "target", "prefix"), SELF)
def test_a_plural_reference_does_not_include_the_speaker(code_text, sentence, source, target, prefix):  # type: ignore[no-untyped-def]
    events = [e for e in code_text(sentence, PUBLISHED).events if e.cameo.startswith(prefix)]
    assert _matching(events, source, target, prefix), _shown(events)
    assert not _matching(events, source, source, prefix), _shown(events)


def test_a_state_still_acts_on_its_own_people(code_text) -> None:  # type: ignore[no-untyped-def]
    events = list(
        code_text(
            "Venezuela banned opposition leader Maria Lopez from holding public office.", PUBLISHED
        ).events
    )
    assert _matching(events, "VEN", "VEN", "16"), _shown(events)


# --- an actor the knowledge base lacks still makes the event ------------------------------------------


def test_an_unknown_named_actor_is_kept_with_its_text_and_an_unknown_country(code_text) -> None:  # type: ignore[no-untyped-def]
    events = list(
        code_text("The Movement for Civic Renewal accused Kenyan police of torture.", PUBLISHED).events
    )
    found = _matching(events, "---", "KEN", "112")
    assert found and found[0].source is not None, _shown(events)
    assert found[0].source.text.endswith("Movement for Civic Renewal") and found[0].source.code.startswith(
        "---"
    )


# --- symmetric acts are coded both ways ----------------------------------------------------------------

RECIPROCAL = [
    ("Lula met Xi in Beijing on Monday.", "BRA", "CHN", "04"),
    ("Indian troops clashed with Chinese soldiers in the Galwan valley.", "IND", "CHN", "19"),
    ("Russia signed a grain deal with Turkey.", "RUS", "TUR", "057"),
    ("Biden spoke by phone with Scholz on Tuesday.", "USA", "DEU", "04"),
]


@pytest.mark.parametrize(("sentence", "a", "b", "prefix"), RECIPROCAL)
def test_mutual_acts_are_coded_both_ways(code_text, sentence, a, b, prefix):  # type: ignore[no-untyped-def]
    events = list(code_text(sentence, PUBLISHED).events)
    assert _matching(events, a, b, prefix) and _matching(events, b, a, prefix), _shown(events)


@pytest.mark.parametrize(
    "sentence",
    ["Macron visited Kyiv on Friday.", "Japan pledged aid to Tonga.", "Canada sent troops to Latvia."],
)
def test_one_sided_acts_are_not_mirrored(code_text, sentence):  # type: ignore[no-untyped-def]
    events = [e for e in code_text(sentence, PUBLISHED).events if e.source and e.target]
    assert events and not any("+reciprocal" in e.evidence.rule for e in events), _shown(events)


# --- the everyday legal and verbal acts of news --------------------------------------------------------

LEGAL_AND_VERBAL = [
    # (sentence, source, target, CAMEO prefix)
    ("Prosecutors filed charges against three Egyptian police officers.", "EGY", "EGY", "173"),
    ("Amnesty International filed a lawsuit against the Nigerian government.", "NGO", "NGA", "115"),
    ("Rights groups brought a case against the Mexican government.", None, "MEX", "115"),
    ("A Turkish court found the journalist guilty of espionage.", "TUR", "TUR", "116"),
    ("A court in Ankara convicted two Syrian men of smuggling.", "TUR", "SYR", "116"),
    ("Brazilian police are investigating the mayor of Recife.", "BRA", "BRA", "09"),
    ("The European Commission opened an investigation into Hungary's media law.", "IGO", "HUN", "09"),
    ("Erdogan called Netanyahu a war criminal.", "TUR", "ISR", "111"),
    ("Pakistan described the Indian strikes as an act of war.", "PAK", "IND", "111"),
    ("Lula called Macron a great friend.", "BRA", "FRA", "051"),
    ("Iran refuted the American allegations.", "IRN", "USA", "12"),
    ("Russia denied the Ukrainian accusations.", "RUS", "UKR", "12"),
    ("China condemned the Philippine decision to expand American base access.", "CHN", "PHL", "111"),
    ("The Hungarian government faced criticism from the European Commission.", "IGO", "HUN", "111"),
]


@pytest.mark.parametrize(("sentence", "source", "target", "prefix"), LEGAL_AND_VERBAL)
def test_legal_and_verbal_acts(code_text, sentence, source, target, prefix):  # type: ignore[no-untyped-def]
    events = [e for e in code_text(sentence, PUBLISHED).events if e.status == "asserted"]
    assert _matching(events, source, target, prefix), _shown(events)


@pytest.mark.parametrize(
    "sentence",
    [
        "The defendant denied the charges.",  # a denial of responsibility (016), not a rejection
        "The minister called for calm.",  # an appeal, no one named anything
        "Officials described the talks in detail.",  # no predicate: a description, not a verdict
    ],
)
def test_not_criticism_or_rejection(code_text, sentence):  # type: ignore[no-untyped-def]
    events = list(code_text(sentence, PUBLISHED).events)
    assert not [e for e in events if e.root in {"11", "12"}], _shown(events)


def test_an_unknown_person_takes_the_story_country_from_other_sentences(code_text) -> None:  # type: ignore[no-untyped-def]
    story = (
        "Somali troops retook the town of Bulo Burte on Monday. "
        "Fighting continued in the Hiran region of Somalia. "
        "Abdiwali Farah Nuur accused the militants of killing civilians."
    )
    events = [e for e in code_text(story, PUBLISHED).events if e.cameo.startswith("112")]
    assert events and _country(events[0].source) == "SOM", _shown(events)


def test_a_lone_sentence_gives_no_story_country(code_text) -> None:  # type: ignore[no-untyped-def]
    # the only country named is the other party: no guide to the unknown actor's own country
    events = list(code_text("The Rural Renewal Foundation cut its aid to Liberia.", PUBLISHED).events)
    assert _matching(events, "---", "LBR", "16"), _shown(events)


def test_a_meeting_reported_for_later_stays_future(code_text) -> None:  # type: ignore[no-untyped-def]
    events = list(code_text("Lula said he and Xi would discuss trade on Friday evening.", PUBLISHED).events)
    meetings = [e for e in events if e.root in {"03", "04"}]
    assert meetings and all(e.status == "future" for e in meetings), _shown(events)


# --- whom something is given to, when the parser calls "to X" a dative ----------------------------------

GIVEN_TO = [
    ("Germany sent weapons to Ukraine.", "DEU", "UKR", "072"),
    ("Turkey sent humanitarian aid to Syria.", "TUR", "SYR", "073"),
    ("The World Bank gave a loan to Ghana.", "IGO", "GHA", "071"),
    ("Ecuador has granted political asylum to a Peruvian journalist.", "ECU", "PER", "075"),
]


@pytest.mark.parametrize(("sentence", "source", "target", "prefix"), GIVEN_TO)
def test_the_recipient_of_a_gift_is_the_target(code_text, sentence, source, target, prefix):  # type: ignore[no-untyped-def]
    events = list(code_text(sentence, PUBLISHED).events)
    assert _matching(events, source, target, prefix), _shown(events)


def test_a_named_person_acted_on_is_no_citizen_of_the_actor(code_text) -> None:  # type: ignore[no-untyped-def]
    events = list(code_text("Ecuador has granted political asylum to Julian Moreno.", PUBLISHED).events)
    found = _matching(events, "ECU", None, "075")
    assert found and _country(found[0].target) != "ECU", _shown(events)


# --- an attack on a place is aimed at its country (the VOA guide) --------------------------------------

PLACE_TARGETS = [
    ("Gunmen stormed a hotel in the Somali city of Kismayo on Tuesday.", "SOM", "SOM"),
    ("Insurgents ambushed a convoy near Quetta in Pakistan.", "PAK", "PAK"),
]


@pytest.mark.parametrize(("sentence", "source", "target"), PLACE_TARGETS)
def test_an_attack_on_a_place_targets_its_country(code_text, sentence, source, target):  # type: ignore[no-untyped-def]
    events = [e for e in code_text(sentence, PUBLISHED).events if e.root in {"18", "19"}]
    assert _matching(events, source, target, "1"), _shown(events)


def test_an_attack_with_no_place_targets_the_story_country(code_text) -> None:  # type: ignore[no-untyped-def]
    story = (
        "Somali forces retook the town of Bulo Burte from militants on Monday. "
        "Fighting continued in the Hiran region of Somalia on Tuesday. "
        "Militants attacked a hotel at dawn."
    )
    events = [e for e in code_text(story, PUBLISHED).events if e.evidence.trigger == "attacked"]
    assert events and _country(events[0].target) == "SOM", _shown(events)
    assert "+story_country" in events[0].evidence.rule


def test_a_named_victim_is_kept(code_text) -> None:  # type: ignore[no-untyped-def]
    events = list(code_text("Gunmen attacked Kenyan police officers in Mandera.", PUBLISHED).events)
    assert any("COP" in (e.target.sector if e.target else ()) for e in events), _shown(events)
