"""Event clustering: which mentions are the same real-world event."""

from __future__ import annotations

from datetime import date

import pytest

from dyad.model import Place
from dyad.store.store import Store
from dyad.store.synthetic import custom_result

D = date(2024, 5, 16)
GENEVA = Place("Geneva", "CHE", 46.2, 6.14, 2660646)
PARIS = Place("Paris", "FRA", 48.85, 2.35, 2988507)

# Each case: two mentions (dicts for custom_event) in two articles -> same cluster?
CASES = [
    ("same actors, code, day", {}, {}, True),
    ("compatible actors (CHN vs CHNGOV)", {"source": "CHNGOV"}, {"source": "CHN"}, True),
    ("same root family, different code", {"cameo": "057"}, {"cameo": "051"}, True),
    ("different root", {"cameo": "057"}, {"cameo": "112"}, False),
    ("reversed direction", {}, {"source": "RUSGOV", "target": "CHNGOV"}, False),
    ("overlapping ranges", {"day": date(2024, 5, 1), "end": date(2024, 5, 31)}, {"day": D}, True),
    ("disjoint days", {"day": D}, {"day": date(2024, 5, 20)}, False),
    ("same place", {"place": GENEVA}, {"place": GENEVA}, True),
    ("different places", {"place": GENEVA}, {"place": PARIS}, False),
    ("place and no place", {"place": GENEVA}, {}, True),
    ("asserted vs claimed", {"status": "asserted"}, {"status": "claimed"}, False),
    ("claimed vs claimed", {"status": "claimed"}, {"status": "claimed"}, True),
    ("IGO actor by code", {"source": "IGOUNO"}, {"source": "IGOUNO"}, True),
]


@pytest.mark.parametrize(("name", "first", "second", "same"), CASES, ids=[c[0] for c in CASES])
def test_two_mentions_cluster_or_not(tmp_path, name, first, second, same):
    store = Store(tmp_path / "s")
    store.write_batch([custom_result(1, [first], D, "Wire A"), custom_result(2, [second], D, "Wire B")])
    ids = store.sql("select cluster_id from event_clusters")["cluster_id"]
    assert len(ids) == 2
    assert (ids.nunique() == 1) is same


def test_cluster_counts_and_dates(tmp_path):
    week = {"day": date(2024, 5, 13), "end": date(2024, 5, 19)}
    store = Store(tmp_path / "s")
    store.write_batch(
        [
            custom_result(1, [week, week], date(2024, 5, 16), "Wire A"),
            custom_result(2, [week], date(2024, 5, 17), "Wire A"),
            custom_result(3, [week], date(2024, 5, 18), None),
        ]
    )
    (cluster,) = store.clusters().to_dict("records")
    assert (cluster["num_mentions"], cluster["num_articles"], cluster["num_sources"]) == (4, 3, 1)
    assert str(cluster["first_seen"])[:10] == "2024-05-16"
    assert str(cluster["last_seen"])[:10] == "2024-05-18"
    assert (cluster["source_key"], cluster["target_key"], cluster["root"]) == ("CHN", "RUS", "05")


def test_clusters_ignore_ingestion_order(tmp_path):
    results = [
        custom_result(n, [{"day": date(2024, 5, 10 + n % 3), "end": date(2024, 5, 12)}], D, f"W{n}")
        for n in range(6)
    ]
    one, two = Store(tmp_path / "one"), Store(tmp_path / "two")
    one.write_batch(results)
    for result in reversed(results):
        two.write_batch([result])
    query = "select event_id, cluster_id from event_clusters order by event_id"
    assert one.sql(query).equals(two.sql(query))
    (cluster,) = one.clusters().to_dict("records")
    assert (cluster["num_mentions"], cluster["num_articles"], cluster["num_sources"]) == (6, 6, 6)
    assert cluster["first_seen"].isoformat()[:10] == "2024-05-16"
