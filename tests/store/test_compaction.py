"""Tiered compaction that never holds writers up (issue: fifteen API writes rewrote a 480k-event store)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from dyad.store import compact
from dyad.store.segments import Manifest
from dyad.store.store import Store
from dyad.store.synthetic import make_result


@pytest.fixture()
def small_tiers(monkeypatch):  # type: ignore[no-untyped-def]
    """Tiers end at 5, 50 and 500 events, so small synthetic batches exercise every level."""
    monkeypatch.setattr(compact, "TIER_BOUNDS", (5, 50, 500))


def _write(store: Store, start: int, batches: int, per_batch: int = 1, events: int = 2) -> None:
    for b in range(batches):
        store.write_batch([make_result(start + b * per_batch + n, events=events) for n in range(per_batch)])


@pytest.mark.parametrize(
    ("events", "level"), [(0, 0), (4, 0), (5, 1), (49, 1), (50, 2), (500, 3), (10**7, 3)]
)
def test_tier_is_the_order_of_magnitude(small_tiers, events: int, level: int) -> None:  # type: ignore[no-untyped-def]
    assert compact.tier(Manifest("000000000001-x", {}, {"events": events})) == level


def test_a_tier_merges_only_when_full(tmp_path: Path, small_tiers) -> None:  # type: ignore[no-untyped-def]
    store = Store(tmp_path / "s")
    _write(store, 0, compact.FANOUT - 1)  # 2 events each: tier 0
    assert store.maybe_compact() == 0 and len(store.batches()) == compact.FANOUT - 1
    _write(store, 100, 1)
    assert store.maybe_compact() == compact.FANOUT
    assert len(store.batches()) == 1 and store.counts()["events"] == 2 * compact.FANOUT


def test_big_batches_are_not_rewritten_for_small_ones(tmp_path: Path, small_tiers) -> None:  # type: ignore[no-untyped-def]
    store = Store(tmp_path / "s")
    _write(store, 0, 1, per_batch=30, events=2)  # 60 events: tier 2
    big = store.batches()[0].batch_id
    _write(store, 1000, compact.FANOUT)  # small ones: tier 0
    assert store.maybe_compact() == compact.FANOUT
    assert big in {m.batch_id for m in store.batches()}  # untouched
    assert len(store.batches()) == 2 and store.counts()["events"] == 60 + 2 * compact.FANOUT


def test_a_writer_commits_while_a_compaction_is_working(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = Store(tmp_path / "s")
    _write(store, 0, 4)
    inside, release = threading.Event(), threading.Event()
    real = compact.pq.ParquetFile

    def slow_parquet_file(path):  # type: ignore[no-untyped-def]
        inside.set()
        assert release.wait(30)
        return real(path)

    monkeypatch.setattr(compact.pq, "ParquetFile", slow_parquet_file)
    merged: list[int] = []
    worker = threading.Thread(target=lambda: merged.append(Store(store.path).compact()))
    worker.start()
    assert inside.wait(30)
    # the compactor is mid-merge: a writer is not blocked by it, and a second compactor backs off
    writer = Store(store.path)
    summary = writer.write_batch([make_result(500, events=3)])
    assert summary.events == 3
    assert Store(store.path).compact() == 0
    release.set()
    worker.join(30)
    assert merged == [4]
    live = Store(store.path)
    assert len(live.batches()) == 2  # the merged batch and the writer's
    assert live.counts()["events"] == 4 * 2 + 3
    assert not (store.path / "compacting").exists()


def test_background_compaction_does_not_hold_the_caller(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    _write(store, 0, compact.FANOUT)
    assert store.maybe_compact(background=True) == 0
    store.wait_for_compaction()
    assert len(store.batches()) == 1 and store.counts()["events"] == 2 * compact.FANOUT


def test_a_compactor_that_died_leaves_nothing_visible(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    _write(store, 0, 3)
    (store.path / "compacting").mkdir()
    (store.path / "compacting" / "events.parquet").write_bytes(b"half written")
    assert store.counts()["events"] == 6
    assert store.compact() == 3 and store.counts()["events"] == 6
    assert not (store.path / "compacting").exists()
