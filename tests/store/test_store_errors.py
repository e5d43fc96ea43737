"""Every store failure a user can meet is a message naming what, where and what to do — never a traceback."""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dyad.errors import StoreError
from dyad.store.segments import Layout
from dyad.store.store import Store
from dyad.store.synthetic import make_result


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store")
    store.write_batch([make_result(n, events=2) for n in range(6)])
    return store


def _segment(store: Store) -> Path:
    return next((store.path / "segments" / "events").glob("*.parquet"))


@pytest.mark.parametrize("create", [True, False])
def test_a_file_is_not_a_store(tmp_path: Path, create: bool) -> None:
    path = tmp_path / "events.csv"
    path.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(StoreError, match="is a file, not an event store"):
        Store(path, create=create)


def test_a_folder_with_other_files_is_never_written_into(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match="not a Dyad store"):
        Store(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    Store(tmp_path / "empty")  # a new or empty directory is fine


@pytest.mark.parametrize(
    ("code", "message"),
    [(errno.ENOSPC, "no space left"), (errno.EROFS, "read-only"), (errno.EACCES, "not writable")],
)
def test_write_failures_commit_nothing_and_say_what_to_do(
    store: Store, monkeypatch, code: int, message: str
) -> None:  # type: ignore[no-untyped-def]
    before = sorted(p.name for p in (store.path / "manifests").iterdir())

    def fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(code, "simulated", str(store.path / "tmp" / "x.tmp"))

    monkeypatch.setattr(Layout, "write_segment", fail)
    with pytest.raises(StoreError, match=message):
        store.write_batch([make_result(100, events=2)])
    assert sorted(p.name for p in (store.path / "manifests").iterdir()) == before
    assert int(store.sql("select count(*) as n from events")["n"][0]) == 12


@pytest.mark.parametrize("key", ["rows", "segments", "batch_id"])
def test_a_manifest_missing_a_key_is_named(store: Store, key: str) -> None:
    manifest = next((store.path / "manifests").glob("*.json"))
    raw = json.loads(manifest.read_text(encoding="utf-8"))
    del raw[key]
    manifest.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(StoreError, match=rf"{manifest.name}: damaged batch manifest .*{key}"):
        Store(store.path).events(limit=1)


@pytest.mark.parametrize("damage", ["truncate", "delete"])
def test_a_damaged_segment_is_reported_by_queries_and_sql(store: Store, damage: str) -> None:
    segment = _segment(store)
    if damage == "truncate":
        segment.write_bytes(segment.read_bytes()[:100])
    else:
        segment.unlink()
    fresh = Store(store.path)
    with pytest.raises(StoreError, match="is damaged"):
        fresh.events(limit=1)
    with pytest.raises(StoreError, match="is damaged"):
        fresh.sql("select count(*) from events")


@pytest.mark.parametrize(
    "args",
    [
        ["events", "--limit", "-1"],
        ["top", "dyads", "-n", "-5"],
        ["ingest", "--sample", "--batch-size", "0"],
        ["ingest", "--sample", "--batch-size", "-1"],
        ["ingest", "--sample", "--commit-every", "0"],
    ],
)
def test_bad_numbers_are_usage_errors(store: Store, args: list[str]) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "dyad", *args, "--store", str(store.path)], capture_output=True, text=True
    )
    assert run.returncode == 2 and "Invalid value" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
