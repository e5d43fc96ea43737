"""Compaction: merge batches into one sorted batch, atomically, without holding writers up.

Small batches (one per ingest commit or API write) make queries open many files. Compaction
rewrites the chosen batches' rows sorted by ``date_start, dyad_key, event_id`` in row groups of
:data:`~dyad.store.segments.ROW_GROUP_SIZE` rows, so date and dyad filters skip most row groups
by their min/max statistics.

**Tiers.** Automatic compaction (:func:`compact_tier`) is log-structured: a batch's tier is the
order of magnitude of its events (:data:`TIER_BOUNDS`), and only when one tier holds
:data:`FANOUT` batches are those merged, into one batch of the next tier. Each event is rewritten
about once per tier, not once per compaction, so a store of a million events is never rewritten
whole because fifteen small writes arrived (the old policy merged every batch under 1M events).
:func:`compact_small` (``Store.compact``) still merges every batch below a size, on request.

**Off the write path.** The heavy part (reading and sorting the old rows, writing the new files)
runs under ``compact.lock`` only, in ``STORE/compacting/``, which writers never touch; the write
lock is taken only to move the finished files into ``segments/`` and commit the manifest that
``replaces`` the merged batches. Writers never replace batches, so the merged batches are still
live at commit time; from the manifest's rename on, readers see the new rows instead of the old,
and the old files are removed afterwards (by :meth:`Layout.cleanup`, also on the next write if we
die first). A compactor killed before its commit leaves only ``compacting/``, which the next one
clears.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator

import duckdb
import pyarrow.parquet as pq

from dyad.store.schema import TABLES
from dyad.store.segments import ROW_GROUP_SIZE, Layout, Manifest, fsync_dir

_ORDER = {
    "events": "date_start, dyad_key, event_id",
    "articles": "publication_date, content_hash",
    "errors": "error_id",
}
TIER_BOUNDS = (10_000, 100_000, 1_000_000)
"""Events per batch that end tiers 0, 1 and 2; batches of a million events or more (tier 3) are
never merged automatically."""
FANOUT = 8
"""Batches of one tier that trigger their merge into one batch of the next tier."""


def tier(manifest: Manifest) -> int:
    """The batch's tier: how many of :data:`TIER_BOUNDS` its event count reaches."""
    events = manifest.rows.get("events", 0)
    return sum(1 for bound in TIER_BOUNDS if events >= bound)


def _quoted(paths: list[str]) -> str:
    return ", ".join("'" + p.replace("'", "''") + "'" for p in paths)


@contextlib.contextmanager
def _compaction_lock(layout: Layout) -> Iterator[bool]:
    """Hold ``compact.lock`` if no other compactor does; yields False (and waits for nothing) if one does."""
    handle = (layout.root / "compact.lock").open("a")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        handle.close()


def _merge(layout: Layout, chosen: list[Manifest]) -> int:
    """Merge ``chosen`` (live batches) into one batch; the caller holds ``compact.lock``."""
    work = layout.root / "compacting"
    shutil.rmtree(work, ignore_errors=True)  # a compactor that died before its commit
    work.mkdir()
    written: dict[str, int] = {}
    con = duckdb.connect()
    try:
        con.execute(f"SET temp_directory = '{work}'")
        for table in TABLES:
            files = [str(layout.root / p) for m in chosen for p in m.segments.get(table, [])]
            if not files:
                continue
            target = work / f"{table}.parquet"
            con.execute(
                f"COPY (SELECT * FROM read_parquet([{_quoted(files)}]) ORDER BY {_ORDER[table]}) "
                f"TO '{target}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {ROW_GROUP_SIZE})"
            )
            with target.open("rb") as handle:
                os.fsync(handle.fileno())
            written[table] = pq.ParquetFile(target).metadata.num_rows
    finally:
        con.close()
    with layout.write_lock():
        live = {m.batch_id for m in layout.live_manifests()}
        if not all(m.batch_id in live for m in chosen):  # pragma: no cover - only compactors replace
            shutil.rmtree(work, ignore_errors=True)
            return 0
        batch_id = layout.new_batch_id()
        segments: dict[str, list[str]] = {}
        for table in written:
            relative = f"segments/{table}/{batch_id}.parquet"
            os.replace(work / f"{table}.parquet", layout.root / relative)
            segments[table] = [relative]
        for table in {"articles", "events", "errors"} & set(segments):
            fsync_dir(layout.root / "segments" / table)
        rows = {table: written.get(table, 0) for table in TABLES}
        layout.commit(Manifest(batch_id, segments, rows, replaces=tuple(m.batch_id for m in chosen)))
        layout.cleanup()
    shutil.rmtree(work, ignore_errors=True)
    return len(chosen)


def compact_small(layout: Layout, small_rows: int) -> int:
    """Merge every live batch with fewer than ``small_rows`` events (returns how many; 0 if fewer
    than two, or if another compaction is running)."""
    with _compaction_lock(layout) as mine:
        if not mine:
            return 0
        small = [m for m in layout.live_manifests() if m.rows.get("events", 0) < small_rows]
        return _merge(layout, small) if len(small) >= 2 else 0


def compact_tier(layout: Layout, fanout: int = FANOUT) -> int:
    """Merge the batches of the lowest tier that holds ``fanout`` of them (see the module doc).

    Returns how many batches were merged: 0 when no tier is full or another compaction is running.
    """
    with _compaction_lock(layout) as mine:
        if not mine:
            return 0
        live = layout.live_manifests()
        for level in range(len(TIER_BOUNDS)):
            members = [m for m in live if tier(m) == level]
            if len(members) >= fanout:
                return _merge(layout, members)
        return 0
