"""Store writes: content-hash dedup, atomic batches, compaction, migration, concurrent readers."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dyad.errors import StoreError
from dyad.store.segments import Manifest
from dyad.store.store import BatchSummary, Store
from dyad.store.synthetic import corpus, make_error, make_result


def snapshot(store: Store) -> dict[str, list[str]]:
    """The identity of a store's content: sorted article hashes, event ids and error ids."""
    return {
        "articles": sorted(store.sql("select content_hash from articles")["content_hash"]),
        "events": sorted(store.sql("select event_id from events")["event_id"]),
        "errors": sorted(store.sql("select error_id from errors")["error_id"]),
    }


R = [make_result(n, events=2) for n in range(6)]
E = [make_error(n) for n in range(2)]

WRITE_CASES = [
    ("fresh batch", [], [*R[:3], E[0]], BatchSummary(3, 0, 6, 1)),
    ("same batch again", [[*R[:3], E[0]]], [*R[:3], E[0]], BatchSummary(0, 3, 0, 0)),
    ("duplicates inside one batch", [], [R[0], R[0], R[1], E[0], E[0]], BatchSummary(2, 1, 4, 1)),
    ("overlapping batch", [R[:3]], R[2:5], BatchSummary(2, 1, 4, 0)),
    ("only errors", [], E, BatchSummary(0, 0, 0, 2)),
    ("empty batch", [], [], BatchSummary(0, 0, 0, 0)),
]


@pytest.mark.parametrize(
    ("name", "before", "batch", "expected"), WRITE_CASES, ids=[c[0] for c in WRITE_CASES]
)
def test_write_batch_summary(tmp_path, name, before, batch, expected):
    store = Store(tmp_path / "s")
    for earlier in before:
        store.write_batch(earlier)
    assert store.write_batch(batch) == expected


def test_writing_everything_twice_changes_nothing(tmp_path):
    store = Store(tmp_path / "s")
    items = list(corpus(40, error_every=5))
    store.write_batch(items[:20])
    store.write_batch(items[20:])
    first = snapshot(store)
    manifests = sorted(p.name for p in (tmp_path / "s" / "manifests").iterdir())
    assert store.write_batch(items) == BatchSummary(0, 40, 0, 0)
    assert snapshot(store) == first
    assert sorted(p.name for p in (tmp_path / "s" / "manifests").iterdir()) == manifests
    assert len(first["events"]) == len(set(first["events"])) == 120


def test_known_hashes_and_has_article(tmp_path):
    store = Store(tmp_path / "s")
    store.write_batch(R[:2])
    assert store.known_hashes() == {R[0].article.content_hash, R[1].article.content_hash}
    assert store.has_article(R[0].article.content_hash)
    assert not store.has_article(R[3].article.content_hash)
    other = Store(tmp_path / "s")  # a second handle sees the first one's commits
    store.write_batch([R[3]])
    assert other.has_article(R[3].article.content_hash)


def test_segment_without_manifest_is_invisible_and_cleaned_up(tmp_path):
    store = Store(tmp_path / "s")
    store.write_batch(R[:2])
    orphan = tmp_path / "s" / "segments" / "events" / "000000000099-deadbeef.parquet"
    pq.write_table(pa.table({"event_id": ["ghost"]}), orphan)
    (tmp_path / "s" / "tmp" / "half-written.tmp").write_bytes(b"PAR1")
    assert store.counts()["events"] == 4
    store.write_batch([R[2]])
    assert not orphan.exists()
    assert list((tmp_path / "s" / "tmp").iterdir()) == []
    assert store.counts() == {"articles": 3, "events": 6, "errors": 0}


def test_compaction_merges_batches_and_keeps_content(tmp_path):
    store = Store(tmp_path / "s")
    items = list(corpus(60, error_every=4))
    for start in range(0, 60, 10):
        store.write_batch(items[start : start + 10])
    before = snapshot(store)
    assert store.compact() == 6
    assert len(store.batches()) == 1
    assert snapshot(store) == before
    days = store.sql("select date_start from events")["date_start"].tolist()
    assert days == sorted(days)
    assert len(list((tmp_path / "s" / "segments" / "events").iterdir())) == 1
    assert store.compact() == 0


def test_interrupted_compaction_never_shows_rows_twice(tmp_path):
    """A compacted manifest next to the manifests it replaces hides them (crash before deletion)."""
    store = Store(tmp_path / "s")
    store.write_batch(R[:3])
    store.write_batch(R[3:])
    layout = store.layout
    old = layout.live_manifests()
    merged_id = layout.new_batch_id()
    segments = {}
    for table in ("articles", "events"):
        files = [str(layout.root / p) for m in old for p in m.segments.get(table, [])]
        data = pa.concat_tables(pq.read_table(f) for f in files)
        segments[table] = [layout.write_segment(table, merged_id, data)]
    layout.commit(Manifest(merged_id, segments, {"events": 12}, tuple(m.batch_id for m in old)))
    assert store.counts() == {"articles": 6, "events": 12, "errors": 0}
    store.write_batch([make_result(99)])  # the next writer removes the replaced batches
    assert layout.read_manifests()[0].batch_id == merged_id
    assert store.counts()["articles"] == 7


def test_migrates_a_v0_store(tmp_path):
    root = tmp_path / "old"
    (root / "events").mkdir(parents=True)
    (root / "articles").mkdir()
    pq.write_table(
        pa.table(
            {
                "event_id": ["e1", "e2"],
                "article_id": ["a1", "a1"],
                "article_hash": ["h1", "h1"],
                "source_code": ["CHNGOV", "RUS"],
                "source_country": ["CHN", "RUS"],
                "source_sector": ["GOV", ""],
                "target_code": ["RUSGOVMIL", "CHN"],
                "target_country": ["RUS", "CHN"],
                "target_sector": ["GOV|MIL", None],
                "cameo": ["057", "112"],
                "root": ["05", "11"],
                "quad_class": [1, 3],
                "goldstein": [8.0, -2.0],
                "date_start": [date(2020, 1, 2), date(2020, 1, 3)],
                "date_end": [date(2020, 1, 2), date(2020, 1, 3)],
                "status": ["asserted", "asserted"],
            }
        ),
        root / "events" / "part-0.parquet",
    )
    pq.write_table(
        pa.table({"content_hash": ["h1"], "article_id": ["a1"], "text": ["t"]}),
        root / "articles" / "part-0.parquet",
    )
    store = Store(root)
    assert (root / "SCHEMA_VERSION").read_text().strip() == "1"
    assert not (root / "events").exists()
    rows = store.sql("select event_id, dyad_key, source_sector, target_sector from events order by event_id")
    assert rows["dyad_key"].tolist() == ["CHN|RUS", "CHN|RUS"]
    assert list(rows["target_sector"][0]) == ["GOV", "MIL"]
    assert rows["target_sector"].isna()[1]
    assert list(rows["source_sector"][0]) == ["GOV"]
    assert rows["source_sector"].isna()[1]
    assert store.has_article("h1")
    assert store.counts() == {"articles": 1, "events": 2, "errors": 0}


def test_newer_schema_version_is_refused(tmp_path):
    Store(tmp_path / "s")
    (tmp_path / "s" / "SCHEMA_VERSION").write_text("7\n")
    with pytest.raises(StoreError, match="newer than this Dyad supports"):
        Store(tmp_path / "s")


def test_missing_store_is_an_error_for_readers(tmp_path):
    with pytest.raises(StoreError, match="dyad ingest"):
        Store(tmp_path / "nowhere", create=False)


def test_empty_store_answers_queries(tmp_path):
    store = Store(tmp_path / "s")
    assert store.counts() == {"articles": 0, "events": 0, "errors": 0}
    assert store.events().empty
    assert store.clusters().empty


WRITER = """
import sys
from dyad.store.store import Store
from dyad.store.synthetic import make_result
store = Store(sys.argv[1])
for batch in range(25):
    store.write_batch([make_result(batch * 4 + i, events=3) for i in range(4)])
    if batch % 6 == 5:
        store.compact()
"""


def test_reader_never_sees_a_partial_batch(tmp_path):
    """A reader polling while another process writes and compacts never errors and sees whole batches."""
    path = tmp_path / "s"
    reader = Store(path)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)])
    seen = set()
    try:
        while writer.poll() is None:
            counts = reader.run(
                lambda con: con.sql(
                    "select (select count(*) from articles), (select count(*) from events)"
                ).fetchall()[0]
            )
            articles, events = counts
            assert articles % 4 == 0, counts
            assert events == 3 * articles, counts
            seen.add(articles)
            time.sleep(0.01)
    finally:
        writer.wait(timeout=60)
    assert writer.returncode == 0
    assert reader.counts() == {"articles": 100, "events": 300, "errors": 0}
    assert len(seen) > 2  # the reader really overlapped with the writer


def test_manifest_lists_rows(tmp_path):
    store = Store(tmp_path / "s")
    store.write_batch([*R[:2], E[0]])
    (manifest,) = list((tmp_path / "s" / "manifests").iterdir())
    body = json.loads(manifest.read_text())
    assert body["rows"] == {"articles": 2, "events": 4, "errors": 1}
    assert all((tmp_path / "s" / p).exists() for paths in body["segments"].values() for p in paths)
    assert Path(tmp_path / "s" / "SCHEMA_VERSION").read_text().strip() == "1"
