"""Compaction: merge many small batches into one sorted batch, atomically.

Small batches (one per ingest commit) make queries open many files. Compaction rewrites the
events of the small batches sorted by ``date_start, dyad_key, event_id`` in row groups of
:data:`~dyad.store.segments.ROW_GROUP_SIZE` rows, so date and dyad filters skip most row groups
by their min/max statistics. The new batch's manifest names the batches it ``replaces``; from the
moment it is renamed into place readers see the new rows instead of the old ones, and the old files
are removed afterwards (by :meth:`Layout.cleanup`, also on the next write if we die first).
"""

from __future__ import annotations

import os

import duckdb
import pyarrow.parquet as pq

from dyad.store.schema import TABLES
from dyad.store.segments import ROW_GROUP_SIZE, Layout, Manifest

_ORDER = {
    "events": "date_start, dyad_key, event_id",
    "articles": "publication_date, content_hash",
    "errors": "error_id",
}


def _quoted(paths: list[str]) -> str:
    return ", ".join("'" + p.replace("'", "''") + "'" for p in paths)


def compact_batches(layout: Layout, small_rows: int) -> int:
    """Merge live batches with fewer than ``small_rows`` events; the caller holds the write lock."""
    live = layout.live_manifests()
    small = [m for m in live if m.rows.get("events", 0) < small_rows]
    if len(small) < 2:
        return 0
    batch_id = layout.new_batch_id()
    segments: dict[str, list[str]] = {}
    rows: dict[str, int] = {}
    con = duckdb.connect()
    try:
        con.execute(f"SET temp_directory = '{layout.tmp}'")
        for table in TABLES:
            files = [str(layout.root / p) for m in small for p in m.segments.get(table, [])]
            rows[table] = 0
            if not files:
                continue
            relative = f"segments/{table}/{batch_id}.parquet"
            tmp = layout.tmp / f"{batch_id}-{table}.tmp"
            con.execute(
                f"COPY (SELECT * FROM read_parquet([{_quoted(files)}]) ORDER BY {_ORDER[table]}) "
                f"TO '{tmp}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {ROW_GROUP_SIZE})"
            )
            with tmp.open("rb") as handle:
                os.fsync(handle.fileno())
            os.replace(tmp, layout.root / relative)
            segments[table] = [relative]
            rows[table] = pq.ParquetFile(layout.root / relative).metadata.num_rows
    finally:
        con.close()
    layout.commit(Manifest(batch_id, segments, rows, replaces=tuple(m.batch_id for m in small)))
    layout.cleanup()
    return len(small)
