"""Forked store writers: how a batch is split; a split batch stores exactly what one process would."""

from __future__ import annotations

import json
import os
import time

import pytest

from dyad.errors import StoreError
from dyad.store import parallel
from dyad.store.store import Store
from dyad.store.synthetic import corpus, make_result

pytestmark = pytest.mark.skipif(not parallel.available(), reason="forked writers are Linux-only")

SPLIT_CASES = [
    # (sizes, parts, first share, expected ranges as (start, stop))
    ("one part", [3, 3, 3], 1, 1.0, [(0, 3)]),
    ("even halves", [2, 2, 2, 2], 2, 1.0, [(0, 2), (2, 4)]),
    ("parent takes less", [1] * 9, 2, 0.8, [(0, 4), (4, 9)]),
    ("three parts", [1] * 9, 3, 1.0, [(0, 3), (3, 6), (6, 9)]),
    ("a big article is never split", [10, 1, 1], 2, 1.0, [(0, 1), (1, 3)]),
    ("more parts than articles", [5, 5], 4, 1.0, [(0, 1), (1, 2)]),
    ("one article", [7], 2, 1.0, [(0, 1)]),
    ("no articles", [], 2, 1.0, [(0, 0)]),
    ("articles without events at the end", [4, 4, 0, 0], 2, 1.0, [(0, 1), (1, 4)]),
]


@pytest.mark.parametrize(
    ("name", "sizes", "parts", "first", "expected"), SPLIT_CASES, ids=[c[0] for c in SPLIT_CASES]
)
def test_split(name, sizes, parts, first, expected):
    ranges = parallel.split(sizes, parts, first)
    assert [(r.start, r.stop) for r in ranges] == expected
    assert [i for r in ranges for i in r] == list(range(len(sizes)))  # every article exactly once


COUNT_CASES = [
    # (environment, events, expected writers)
    ({"DYAD_STORE_WRITERS": "4"}, 10_000, 1),  # too few events for a second part
    ({"DYAD_STORE_WRITERS": "4"}, 45_000, 2),
    ({"DYAD_STORE_WRITERS": "4"}, 10_000_000, 4),
    ({"DYAD_STORE_WRITERS": "1"}, 10_000_000, 1),
    ({"DYAD_STORE_WRITERS": "3", "DYAD_STORE_PART_EVENTS": "10"}, 25, 2),
]


@pytest.mark.parametrize(("environment", "events", "expected"), COUNT_CASES)
def test_writer_count(monkeypatch, environment, events, expected):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert parallel.writer_count(events) == expected


@pytest.mark.parametrize("value", ["two", "0", "-1", "1.5"])
def test_bad_writer_setting_says_what_to_do(monkeypatch, value):
    monkeypatch.setenv(parallel.ENV_WRITERS, value)
    with pytest.raises(StoreError, match=r"DYAD_STORE_WRITERS=.* whole number .* unset it"):
        parallel.writer_count(1_000_000)


def test_children_report_in_start_order():
    with parallel.ForkedWriters() as children:
        for n in range(3):
            children.start(lambda n=n: [n, os.getpid()])
        replies = children.results()
    assert [r[0] for r in replies] == [0, 1, 2]
    assert os.getpid() not in {r[1] for r in replies}  # each ran in its own process


def test_a_failing_child_is_reported():
    def boom() -> None:
        raise ValueError("disk on fire")

    with parallel.ForkedWriters() as children, pytest.raises(StoreError) as caught:
        children.start(lambda: "fine")
        children.start(boom)
        children.results()
    assert "ValueError: disk on fire" in str(caught.value)
    assert "not committed" in str(caught.value) and "DYAD_STORE_WRITERS=1" in str(caught.value)


def test_children_are_stopped_when_the_parent_fails():
    start = time.monotonic()
    with pytest.raises(RuntimeError), parallel.ForkedWriters() as children:
        children.start(lambda: time.sleep(60))
        raise RuntimeError("the parent's own part failed")
    assert time.monotonic() - start < 10  # killed and reaped, not waited for


def snapshot(store: Store) -> dict[str, list[str]]:
    return {
        table: sorted(store.sql(f"select {key} from {table}")[key])
        for table, key in (("articles", "content_hash"), ("events", "event_id"), ("errors", "error_id"))
    }


@pytest.fixture
def forced_split(monkeypatch):
    """Every batch of 20+ events is split over three processes."""
    monkeypatch.setenv(parallel.ENV_WRITERS, "3")
    monkeypatch.setenv(parallel.ENV_PART_EVENTS, "10")


def test_a_split_batch_stores_what_one_process_stores(tmp_path, monkeypatch, forced_split):
    items = list(corpus(30, events=3, error_every=7))
    split = Store(tmp_path / "split")
    split.write_batch(items)
    monkeypatch.setenv(parallel.ENV_WRITERS, "1")
    single = Store(tmp_path / "single")
    single.write_batch(items)
    assert snapshot(split) == snapshot(single)
    assert split.sql("select * from events order by event_id").equals(
        single.sql("select * from events order by event_id")
    )
    (manifest,) = (tmp_path / "split" / "manifests").iterdir()
    body = json.loads(manifest.read_text())
    assert len(body["segments"]["events"]) == 3
    assert body["rows"] == {"articles": 30, "events": 90, "errors": 4}
    # Re-ingesting the same batch (split again) is still a no-op.
    assert split.write_batch(items).articles_new == 0
    assert snapshot(split) == snapshot(single)


def test_a_failing_part_leaves_the_store_unchanged(tmp_path, monkeypatch, forced_split):
    store = Store(tmp_path / "s")
    store.write_batch([make_result(n, events=3) for n in range(10)])
    before = snapshot(store)

    def broken(*args: object) -> tuple[str, int]:
        raise OSError("no space left on device")

    monkeypatch.setattr(Store, "_write_events_part", broken)
    with pytest.raises(StoreError, match="no space left on device"):
        store.write_batch([make_result(n, events=3) for n in range(10, 20)])
    assert snapshot(store) == before
    monkeypatch.undo()
    monkeypatch.setenv(parallel.ENV_WRITERS, "3")
    monkeypatch.setenv(parallel.ENV_PART_EVENTS, "10")
    store.write_batch([make_result(n, events=3) for n in range(10, 20)])  # the rerun completes it
    assert store.counts() == {"articles": 20, "events": 60, "errors": 0}
    referenced = {p for m in store.batches() for paths in m.segments.values() for p in paths}
    on_disk = {f"segments/{p.parent.name}/{p.name}" for p in (tmp_path / "s" / "segments").rglob("*.parquet")}
    assert on_disk == referenced  # the failed batch's segments were cleaned up
