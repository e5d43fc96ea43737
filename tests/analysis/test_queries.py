"""Event filters, rankings and read-only SQL over a small hand-made store."""

from __future__ import annotations

from datetime import date

import pytest

from dyad.analysis.queries import EventFilter
from dyad.errors import DyadError
from dyad.model import Place
from dyad.store.store import Store
from dyad.store.synthetic import custom_result

KYIV = Place("Kyiv", "UKR", 50.45, 30.52, 703448)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("q") / "s")
    store.write_batch(
        [
            custom_result(1, [{"source": "CHNGOV", "target": "RUSGOV", "cameo": "057"}], date(2024, 5, 16)),
            custom_result(
                2,
                [
                    {
                        "source": "RUSMIL",
                        "target": "UKR",
                        "cameo": "190",
                        "quad_class": 4,
                        "goldstein": -10.0,
                        "place": KYIV,
                    }
                ],
                date(2024, 6, 2),
            ),
            custom_result(
                3,
                [
                    {
                        "source": "USAGOV",
                        "target": "CHNGOV",
                        "cameo": "112",
                        "quad_class": 3,
                        "goldstein": -2.0,
                        "status": "claimed",
                    }
                ],
                date(2024, 7, 1),
            ),
            custom_result(
                4,
                [{"source": "RUSGOV", "target": "CHNGOV", "cameo": "036", "quad_class": 1, "goldstein": 4.0}],
                date(2024, 7, 20),
            ),
            custom_result(
                5, [{"source": "IGOUNO", "target": None, "cameo": "010", "goldstein": 0.0}], date(2024, 8, 1)
            ),
        ]
    )
    return store


FILTERS = [
    ("everything", EventFilter(), 5),
    ("actor code either side", EventFilter(actor="CHN"), 3),
    ("actor code prefix", EventFilter(actor="RUSMIL"), 1),
    ("actor by text", EventFilter(actor="the usagov"), 1),
    ("source only", EventFilter(source="RUS"), 2),
    ("target only", EventFilter(target="CHN"), 2),
    ("country pair, both directions", EventFilter(countries=("RUS", "CHN")), 2),
    ("country pair, directed", EventFilter(countries=("CHN", "RUS"), directed=True), 1),
    ("cameo prefix", EventFilter(cameo="05"), 1),
    ("root", EventFilter(root="19"), 1),
    ("quad class", EventFilter(quad_class=4), 1),
    ("plover type", EventFilter(plover_type="AGREE"), 5),
    ("status", EventFilter(status=("claimed",)), 1),
    ("date range", EventFilter(start=date(2024, 6, 1), end=date(2024, 7, 10)), 2),
    ("place name", EventFilter(place="kyiv"), 1),
    ("place country", EventFilter(place="UKR"), 1),
    ("evidence text", EventFilter(text="did 036"), 1),
    ("combined", EventFilter(actor="CHN", quad_class=1), 2),
]


@pytest.mark.parametrize(("name", "spec", "count"), FILTERS, ids=[f[0] for f in FILTERS])
def test_event_filters(store, name, spec, count):
    assert len(store.events(spec)) == count


def test_keyword_filters_and_limit(store):
    frame = store.events(actor="CHN", limit=2)
    assert list(frame["date_start"].astype(str)) == ["2024-05-16", "2024-07-01"]


def test_top_actors_counts_asserted_only(store):
    top = store.top("actors", 3, by="country").to_dict("records")
    assert top[0]["actor"] == "RUS" and top[0]["events"] == 3
    assert "USA" not in {row["actor"] for row in top}


def test_top_dyads_undirected_and_directed(store):
    undirected = store.top("dyads", 5).to_dict("records")
    assert (undirected[0]["actor_a"], undirected[0]["actor_b"], undirected[0]["events"]) == ("CHN", "RUS", 2)
    directed = store.top("dyads", 5, directed=True)
    assert len(directed) == 3


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("delete from events", "only SELECT"),
        ("copy events to 'x.csv'", "only SELECT"),
        ("create table t as select 1", "only SELECT"),
        ("select 1; select 2", "one SQL statement"),
        ("select nope from events", "SQL error"),
        ("selec 1", "syntax"),
    ],
)
def test_sql_is_read_only(store, query, message):
    with pytest.raises(DyadError, match=message):
        store.sql(query)


def test_sql_select(store):
    assert store.sql("select count(*) as n from events where status = 'asserted'")["n"][0] == 4


def test_top_dyads_by_country_splits_pairs_inside_one_country(tmp_path):
    store = Store(tmp_path / "s")
    store.write_batch(
        [
            custom_result(1, [{"source": "ETHGOV", "target": "ETHREB", "cameo": "190"}], date(2024, 5, 1)),
            custom_result(2, [{"source": "ETHREB", "target": "ETHGOV", "cameo": "190"}], date(2024, 5, 2)),
            custom_result(3, [{"source": "ETHCOP", "target": "ETHOPP", "cameo": "173"}], date(2024, 5, 3)),
            custom_result(4, [{"source": "ETHGOV", "target": "ERIGOV", "cameo": "036"}], date(2024, 5, 4)),
            custom_result(5, [{"source": "ERIMIL", "target": "ETHMIL", "cameo": "190"}], date(2024, 5, 5)),
        ]
    )
    pairs = {(r["actor_a"], r["actor_b"]): r["events"] for r in store.top("dyads", 10).to_dict("records")}
    # a civil war and a crackdown stay apart; across a border the countries are the key
    assert pairs == {("ETHGOV", "ETHREB"): 2, ("ERI", "ETH"): 2, ("ETHCOP", "ETHOPP"): 1}
    directed = store.top("dyads", 10, directed=True).to_dict("records")
    assert {(r["actor_a"], r["actor_b"]) for r in directed} >= {("ETHGOV", "ETHREB"), ("ETHREB", "ETHGOV")}
    by_code = store.top("dyads", 10, by="code").to_dict("records")
    assert ("ERIMIL", "ETHMIL") in {(r["actor_a"], r["actor_b"]) for r in by_code}
