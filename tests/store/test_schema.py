"""Flattening events into store rows and turning rows back into the ``event_to_json`` shape."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dyad.model import Actor, Article, ArticleResult, Event, Evidence, Place, Plover, TimeSpan, event_to_json
from dyad.store.schema import EVENTS_SCHEMA, dyad_key, events_table, row_to_event_json
from dyad.store.store import Store

ARTICLE = Article("a1", "Text.", date(2024, 5, 16), source="Wire", url="https://x.org/1", title="T")
CHN = Actor("Beijing", "CHNGOV", "CHN", ("GOV",), "China", "state", 0, 7)
RUS = Actor("Moscow", "RUSGOVMIL", "RUS", ("GOV", "MIL"), None, "state", 20, 26)
UN = Actor("the UN", "IGOUNO", None, ("IGO",), "United Nations", "organization", 3, 9)
GENEVA = Place("Geneva", "CHE", 46.2, 6.14, 2660646, "Geneva", "city", 200000)
SPAN = TimeSpan("2024-05", date(2024, 5, 1), date(2024, 5, 31), "month", "text", "in May")


def make(event_id: str, **changes: object) -> Event:
    fields: dict[str, object] = dict(
        event_id=event_id,
        article_id="a1",
        sentence_index=2,
        source=CHN,
        target=RUS,
        cameo="057",
        root="05",
        quad_class=1,
        goldstein=8.0,
        plover=Plover("AGREE", ""),
        date=SPAN,
        location=GENEVA,
        status="asserted",
        evidence=Evidence("Beijing and Moscow signed.", 10, 36, "signed", "r057"),
        confidence=0.8,
        acled=None,
        location_basis="text",
        extra=(("trigger_start", "25"),),
    )
    fields.update(changes)
    return Event(**fields)  # type: ignore[arg-type]


CASES = [
    ("full", make("e1")),
    ("no source", make("e2", source=None)),
    ("no target, IGO source", make("e3", source=UN, target=None)),
    ("no place", make("e4", location=None, location_basis="none")),
    ("no plover, acled", make("e5", plover=None, acled="PEACEFUL_PROTEST", status="claimed")),
    ("place without geonameid", make("e6", location=Place("Somewhere", None, 1.5, -2.25))),
    ("plover with mode", make("e7", plover=Plover("PROTEST", "demonstrate"), goldstein=-6.5, quad_class=3)),
]


@pytest.mark.parametrize(("name", "event"), CASES, ids=[c[0] for c in CASES])
def test_row_round_trips_to_event_json(tmp_path, name, event):
    store = Store(tmp_path / "s")
    store.write_batch([ArticleResult(ARTICLE, (event,))])
    rows = store.sql("select * from events").to_dict("records")
    assert len(rows) == 1
    assert row_to_event_json(rows[0]) == event_to_json(event)
    assert json.dumps(row_to_event_json(rows[0])) == json.dumps(event_to_json(event))  # key order, ints


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        (CHN, RUS, "CHN|RUS"),
        (RUS, CHN, "CHN|RUS"),
        (UN, CHN, "CHN|IGOUNO"),
        (None, RUS, "|RUS"),
        (None, None, "|"),
        (Actor("x", "ÉTAT", ""), RUS, "RUS|ÉTAT"),  # an empty country counts as missing
        (Actor("y", "", None), None, "|"),
        (Actor("z", "ZZZ", "ZZZ"), Actor("é", "é", None), "ZZZ|é"),  # code-point order
    ],
)
def test_dyad_key_is_undirected(source, target, expected):
    assert dyad_key(source, target) == expected
    # the events table computes the same key in Arrow, from the actor columns
    table = events_table([ArticleResult(ARTICLE, (make("e1", source=source, target=target),))])
    assert table["dyad_key"].to_pylist() == [expected]


def test_events_table_carries_article_columns():
    table = events_table([ArticleResult(ARTICLE, (make("e1"), make("e2")))])
    assert table.num_rows == 2
    assert table["article_hash"].to_pylist() == [ARTICLE.content_hash] * 2
    assert table["publication_date"].to_pylist() == [date(2024, 5, 16)] * 2
    assert table["source_sector"].to_pylist() == [["GOV"], ["GOV"]]


def test_events_table_schema_and_date_order_ties_keep_input_order():
    early, late = date(2024, 5, 1), date(2024, 5, 2)
    spans = [TimeSpan(d.isoformat(), d, d, "day", "text") for d in (late, early, late, early)]
    events = tuple(make(f"e{i}", date=span) for i, span in enumerate(spans))
    table = events_table([ArticleResult(ARTICLE, events)])
    assert table.schema.equals(EVENTS_SCHEMA)
    assert table["event_id"].to_pylist() == ["e1", "e3", "e0", "e2"]


def test_article_columns_follow_their_article_when_counts_match():
    # regression: as many articles as events, but one article has none and the other two
    other = Article("a2", "Other text.", date(2024, 1, 1), source="Other", url="https://x.org/2")
    results = [ArticleResult(other, ()), ArticleResult(ARTICLE, (make("e1"), make("e2")))]
    table = events_table(results, hashes=[other.content_hash, ARTICLE.content_hash])
    assert table["article_source"].to_pylist() == ["Wire", "Wire"]
    assert table["article_hash"].to_pylist() == [ARTICLE.content_hash] * 2
    assert table.equals(events_table(results))
