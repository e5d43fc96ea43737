"""The foundation issue's acceptance test: the seed article (published 2024-05-17) coded as expected.

Each row names an interaction a careful human coder finds in the seed, with the CAMEO codes that
are acceptable and the date it must carry. Skips when ../shared is absent.
"""

from __future__ import annotations

from datetime import date

import pytest

from dyad.model import Event

SEED = "seed/000_5dd842b7a4cd32ac.txt"


@pytest.fixture(scope="module")
def seed_events(shared, nlp) -> list[Event]:  # type: ignore[no-untyped-def]
    from dyad.nlp.pipeline import code_articles
    from dyad.readers import read_path

    articles = list(read_path(shared / SEED))
    assert len(articles) == 1 and articles[0].publication_date == date(2024, 5, 17)  # type: ignore[union-attr]
    result = next(iter(code_articles(articles, nlp=nlp)))
    return list(result.events)  # type: ignore[union-attr]


def _country(actor) -> str | None:  # type: ignore[no-untyped-def]
    return actor.country if actor else None


def _find(
    events: list[Event],
    source: str | None,
    target: str | None,
    codes: tuple[str, ...],
    trigger: str | None = None,
) -> list[Event]:
    return [
        e
        for e in events
        if (source is None or _country(e.source) == source)
        and (target is None or _country(e.target) == target)
        and e.cameo.startswith(codes)
        and (trigger is None or trigger in e.evidence.trigger)
    ]


# (description, source, target, acceptable CAMEO prefixes, trigger word, expected date range, status)
EXPECTED = [
    (
        "Xi hosts/receives Putin in Beijing",
        "CHN",
        "RUS",
        ("04",),
        "received",
        ("2024-05-16", "2024-05-16"),
        "asserted",
    ),
    ("joint declaration signed", "CHN", "RUS", ("057",), "signed", ("2024-05-16", "2024-05-16"), "asserted"),
    (
        "pledge to deepen the partnership",
        "CHN",
        "RUS",
        ("03",),
        "pledged",
        ("2024-05-16", "2024-05-16"),
        "asserted",
    ),
    (
        "pledge to deepen the partnership (other direction)",
        "RUS",
        "CHN",
        ("03",),
        "pledged",
        ("2024-05-16", "2024-05-16"),
        "asserted",
    ),
    ("Putin praises Chinese approaches", "RUS", "CHN", ("05",), "praised", None, "asserted"),
    (
        "Blinken in Kyiv earlier this week",
        "USA",
        "UKR",
        ("04",),
        None,
        ("2024-05-13", "2024-05-19"),
        "asserted",
    ),
    ("$2 billion military funding pledge", "USA", "UKR", ("03", "07"), "pledged", None, "asserted"),
    (
        "White House officials clash with Beijing",
        "USA",
        "CHN",
        ("10", "11", "12", "13"),
        None,
        None,
        "asserted",
    ),
    ("Beijing criticizes the United States", "CHN", "USA", ("11", "12"), "criticized", None, "asserted"),
    ("Xi calls for peace negotiations", "CHN", None, ("02",), "called", None, "asserted"),
    (
        "Russian offensive near Kharkiv",
        "RUS",
        "UKR",
        ("15", "16", "17", "18", "19", "20"),
        "offensive",
        ("2024-05-01", "2024-05-31"),
        "asserted",
    ),
    ("Putin criticizes NATO and closed alliances", "RUS", None, ("11", "12"), None, None, "asserted"),
    (
        "Xi denounces Cold War mentality and hegemony",
        "CHN",
        None,
        ("11", "12"),
        "denounced",
        None,
        "asserted",
    ),
]


@pytest.mark.parametrize(
    ("description", "source", "target", "codes", "trigger", "dates", "status"),
    EXPECTED,
    ids=[row[0] for row in EXPECTED],
)
def test_seed_event_found(seed_events, description, source, target, codes, trigger, dates, status):  # type: ignore[no-untyped-def]
    found = [e for e in _find(seed_events, source, target, codes, trigger) if e.status == status]
    assert found, f"missing: {description}"
    if dates:
        low, high = (date.fromisoformat(d) for d in dates)
        assert any(low <= e.date.start and e.date.end <= high for e in found), (
            f"{description}: dates {[e.date.value for e in found]} not within {dates}"
        )
        if (high - low).days <= 7:  # a day or a week can only come from the text, not the publication date
            assert any(e.date.basis == "text" for e in found)


def test_never_condemned_is_negated(seed_events):  # type: ignore[no-untyped-def]
    condemnations = _find(seed_events, "CHN", None, ("11",), "condemned")
    assert condemnations and all(e.status == "negated" for e in condemnations)


@pytest.mark.parametrize(("trigger", "year"), [("conflict", 1969), ("invasion", 2022), ("sanctioned", 2020)])
def test_historical_mentions_keep_their_dates(seed_events, trigger, year):  # type: ignore[no-untyped-def]
    mentions = [e for e in seed_events if trigger in e.evidence.trigger and str(year) in e.evidence.sentence]
    assert mentions, f"no event for {trigger!r}"
    assert all(e.date.start.year == year for e in mentions), [e.date for e in mentions]


def test_launched_invasion_is_not_dated_2024(seed_events):  # type: ignore[no-untyped-def]
    launched = [e for e in seed_events if "launched" in e.evidence.trigger]
    assert launched and all(e.date.start.year == 2022 for e in launched)


@pytest.mark.parametrize("trigger", ["attend", "meet"])
def test_expected_to_is_future(seed_events, trigger):  # type: ignore[no-untyped-def]
    events = [
        e for e in seed_events if e.evidence.trigger.startswith(trigger) and "expected" in e.evidence.sentence
    ]
    assert events and all(e.status == "future" for e in events)


def test_no_actor_interacts_with_itself(seed_events):  # type: ignore[no-untyped-def]
    for event in seed_events:
        if event.source and event.target:
            assert event.source.code != event.target.code, event


def test_evidence_offsets_point_into_the_text(shared, seed_events):  # type: ignore[no-untyped-def]
    from dyad.readers import read_path

    article = next(iter(read_path(shared / SEED)))
    for event in seed_events:
        assert article.text[event.evidence.start : event.evidence.end] == event.evidence.sentence  # type: ignore[union-attr]
        assert event.evidence.trigger in event.evidence.sentence
        for actor in (event.source, event.target):
            if actor and actor.start >= 0:
                assert article.text[actor.start : actor.end] == actor.text  # type: ignore[union-attr]
