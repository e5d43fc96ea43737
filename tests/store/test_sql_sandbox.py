"""`dyad sql` cannot write: every writing or file-reaching form is refused by the engine itself.

Regression for the attack that wiped a store: ``EXPLAIN ANALYZE`` runs what it explains, so a
``COPY ... TO '<segment>.parquet'`` inside it emptied a 4,650-event store with exit status 0.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from dyad.errors import DyadError
from dyad.store.store import Store
from dyad.store.synthetic import make_error, make_result


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store")
    store.write_batch([make_result(n, events=3) for n in range(20)] + [make_error(1)])
    return store


def _fingerprint(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha1(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def _writing_forms(store: Store, tmp_path: Path) -> list[str]:
    segment = next((store.path / "segments" / "events").glob("*.parquet"))
    outside = tmp_path / "outside"
    return [
        f"EXPLAIN ANALYZE COPY (SELECT * FROM events WHERE false) TO '{segment}' (FORMAT parquet)",
        f"COPY (SELECT * FROM events WHERE false) TO '{segment}' (FORMAT parquet)",
        f"COPY events TO '{outside}.csv'",
        f"EXPORT DATABASE '{outside}'",
        f"ATTACH '{outside}.duckdb' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "PRAGMA enable_profiling",
        "CREATE TABLE evil AS SELECT 1",
        "DROP VIEW clusters",
        "DELETE FROM events",
        f"SELECT * FROM read_parquet('{segment}')",
        f"SELECT * FROM read_csv('{store.path / 'SCHEMA_VERSION'}')",
        "SELECT * FROM read_text('/etc/hostname')",
        f"EXPLAIN ANALYZE SELECT * FROM read_blob('{segment}')",
    ]


def test_no_statement_can_write_or_reach_files(store: Store, tmp_path: Path) -> None:
    before = _fingerprint(store.path)
    forms = _writing_forms(store, tmp_path)
    for statement in forms:
        with pytest.raises(DyadError):
            store.sql(statement)
    assert _fingerprint(store.path) == before
    assert not list(tmp_path.glob("outside*"))
    assert int(store.sql("SELECT count(*) AS n FROM events")["n"][0]) == 60


def test_reads_still_work_and_see_new_batches(store: Store) -> None:
    assert int(store.sql("SELECT count(*) AS n FROM clusters")["n"][0]) > 0
    assert int(store.sql("EXPLAIN SELECT * FROM events").shape[0]) >= 1
    store.write_batch([make_result(100 + n, events=2) for n in range(5)])
    assert int(store.sql("SELECT count(*) AS n FROM events")["n"][0]) == 70
    assert int(store.sql("SELECT count(*) AS n FROM errors")["n"][0]) == 1


def test_cli_refuses_with_a_message_and_keeps_the_store(store: Store, tmp_path: Path) -> None:
    import subprocess
    import sys

    segment = next((store.path / "segments" / "events").glob("*.parquet"))
    attack = f"explain analyze copy (select * from events where false) to '{segment}' (format parquet)"
    run = subprocess.run(
        [sys.executable, "-m", "dyad", "sql", attack, "--store", str(store.path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and "cannot read or write files" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert int(store.sql("SELECT count(*) AS n FROM events")["n"][0]) == 60
