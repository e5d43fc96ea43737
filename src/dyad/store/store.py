"""The event store: append-only Parquet batches, content-hash dedup, DuckDB views for reading.

``Store(path)`` opens (or creates, or migrates) a store directory. Writes go through
:meth:`Store.write_batch`, one atomic batch at a time (see :mod:`dyad.store.segments` for the commit
protocol). Reads go through an in-memory DuckDB connection whose views ``articles``, ``events``,
``errors``, ``event_clusters`` and ``clusters`` cover exactly the committed batches; the views are
rebuilt whenever the list of manifests changes, so a long-lived reader sees new batches as they
commit and never a partial one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from dyad.errors import DyadError, StoreError
from dyad.model import ArticleResult, ReadError
from dyad.store import migrate, parallel
from dyad.store.schema import SCHEMAS, TABLES, articles_table, error_id, errors_table, events_table, now_utc
from dyad.store.segments import ROW_GROUP_SIZE, Layout, Manifest, part_row_group_size

if TYPE_CHECKING:
    import pandas as pd

    from dyad.analysis.network import Network
    from dyad.analysis.queries import EventFilter

T = TypeVar("T")
_RETRIES = 5
PARENT_SHARE = 0.8
"""The writing process's share of a split batch's events relative to each forked writer's: it
also builds and writes the articles and errors (measured: 0.8 balances the two processes)."""


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """What one :meth:`Store.write_batch` call stored."""

    articles_new: int
    """Articles written (their content hash was not stored yet)."""
    articles_skipped: int
    """Articles already stored, or repeated within the batch: nothing written for them."""
    events: int
    """Events written."""
    errors: int
    """Rejected records written (a record rejected before with the same reason is not stored twice)."""


_STORE_ENTRIES = frozenset({"SCHEMA_VERSION", "write.lock", "manifests", "segments", "tmp"})
"""What a store directory holds (a directory holding only these is a store being set up)."""


def is_store(path: Path) -> bool:
    """Whether ``path`` is a Dyad store directory (or a pre-manifest v0 one)."""
    layout = Layout(path)
    return path.is_dir() and (layout.version_file.is_file() or migrate.read_version(layout) == 0)


def _write_failure(root: Path, error: OSError) -> StoreError:
    """A clear message for an OS error while writing a batch (nothing of the batch was committed)."""
    import errno

    where = error.filename or root
    if error.errno in {errno.ENOSPC, errno.EDQUOT}:
        return StoreError(
            f"no space left on the device holding {root} (while writing {where}). Nothing of this batch "
            "was committed; free some space and run the same command again (stored articles are skipped)."
        )
    if error.errno in {errno.EROFS, errno.EACCES, errno.EPERM}:
        return StoreError(
            f"{where} is not writable ({error.strerror}): the store is read-only here. Ingest into a "
            "store you can write to; queries still work on this one."
        )
    return StoreError(
        f"writing the batch to {root} failed at {where}: {error.strerror or error}. Nothing was committed."
    )


def _quietly(work: Callable[[], int]) -> None:
    """Run a background compaction; a failure is logged (the store stays as it was)."""
    try:
        work()
    except Exception:
        logging.getLogger(__name__).exception("background compaction failed; the batches stay unmerged")


def unreadable_file(error: Exception) -> bool:
    """Whether a query error says a Parquet file is truncated, corrupt or missing."""
    text = str(error)
    return any(
        sign in text
        for sign in ("magic bytes", "No files found", "Could not open Parquet", "No such file", "truncated")
    )


def damaged(root: Path, error: Exception) -> StoreError:
    """A clear message for a committed segment that cannot be read."""
    return StoreError(
        f"the store {root} is damaged: {str(error).splitlines()[0]}. A file a committed batch names is "
        f"missing or truncated. Restore it from a backup, or move that batch's manifest out of "
        f"{root / 'manifests'} to drop the batch (its documents are ingested again on the next run)."
    )


class Store:
    """A directory of committed Parquet batches and the queries over them.

    Args:
        path: the store directory.
        create: create the directory when missing; query commands pass False so that a typo
            in ``--store`` is reported instead of silently creating an empty store.
    """

    def __init__(self, path: str | Path, create: bool = True) -> None:
        root = Path(path)
        if root.exists() and not root.is_dir():
            raise StoreError(
                f"{root} is a file, not an event store. Pass --store a directory: a new one, or an "
                "existing Dyad store."
            )
        if not root.is_dir():
            if not create:
                raise StoreError(
                    f"{root}: no event store here. Run `dyad ingest FILES --store {root}` first, "
                    "or pass --store / set DYAD_STORE to an existing store."
                )
            try:
                root.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(
                    f"{root}: cannot create the store directory ({error.strerror}); "
                    "choose a place you can write to."
                ) from None
        self.path = root
        self.layout = Layout(root)
        if not is_store(root) and any(p.name not in _STORE_ENTRIES for p in root.iterdir()):
            raise StoreError(
                f"{root} is not a Dyad store (it has no SCHEMA_VERSION) and is not empty; Dyad never "
                "writes into other folders. Give --store a new or empty directory, or an existing store."
            )
        if migrate.needs_work(root):
            try:
                with self.layout.write_lock():
                    migrate.ensure_current(self.layout)
            except PermissionError as error:
                raise StoreError(
                    f"{root}: the store needs setting up or upgrading, but {error.filename or root} is not "
                    "writable. Open it once with write access, or copy it somewhere writable."
                ) from None
        self._known_hashes: set[str] = set()
        self._known_errors: set[str] = set()
        self._loaded_batches: set[str] = set()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._view_key: list[str] | None = None
        self._sandbox: duckdb.DuckDBPyConnection | None = None
        self._sandbox_key: list[str] | None = None
        self._compactions: list[threading.Thread] = []

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # -- identity ---------------------------------------------------------------------------

    def _refresh_known(self) -> None:
        for manifest in self.layout.live_manifests():
            if manifest.batch_id in self._loaded_batches:
                continue
            for relative in manifest.segments.get("articles", []):
                column = pq.read_table(self.path / relative, columns=["content_hash"])["content_hash"]
                self._known_hashes.update(column.to_pylist())
            for relative in manifest.segments.get("errors", []):
                column = pq.read_table(self.path / relative, columns=["error_id"])["error_id"]
                self._known_errors.update(column.to_pylist())
            self._loaded_batches.add(manifest.batch_id)

    def _refresh_known_retrying(self) -> None:
        for attempt in range(_RETRIES):
            try:
                self._refresh_known()
                return
            except FileNotFoundError:  # a compaction removed a segment we were about to read
                if attempt == _RETRIES - 1:
                    raise

    def known_hashes(self) -> frozenset[str]:
        """Content hashes of every stored article (to skip work before NLP)."""
        self._refresh_known_retrying()
        return frozenset(self._known_hashes)

    def has_article(self, content_hash: str) -> bool:
        """True when an article with this content hash is stored."""
        if content_hash in self._known_hashes:
            return True
        self._refresh_known_retrying()
        return content_hash in self._known_hashes

    # -- writing ----------------------------------------------------------------------------

    def write_batch(self, results: Sequence[ArticleResult | ReadError]) -> BatchSummary:
        """Store one batch atomically; articles whose content hash is stored already are skipped.

        A crash during the call leaves the store as it was before it; calling it again with the
        same results completes the work without duplicates.

        Raises:
            StoreError: the disk is full, the store is read-only or not writable (nothing of the
                batch is committed; the message says what to do).
        """
        try:
            return self._write_batch(results)
        except OSError as error:
            raise _write_failure(self.path, error) from None

    def _write_batch(self, results: Sequence[ArticleResult | ReadError]) -> BatchSummary:
        with self.layout.write_lock():
            self.layout.cleanup()
            self._refresh_known()
            kept: list[ArticleResult] = []
            kept_hashes: list[str] = []
            errors: list[ReadError] = []
            hashes: set[str] = set()
            error_ids: set[str] = set()
            skipped = 0
            for item in results:
                if isinstance(item, ReadError):
                    key = error_id(item)
                    if key not in self._known_errors and key not in error_ids:
                        error_ids.add(key)
                        errors.append(item)
                    continue
                digest = item.article.content_hash
                if digest in self._known_hashes or digest in hashes:
                    skipped += 1
                    continue
                hashes.add(digest)
                kept.append(item)
                kept_hashes.append(digest)
            if not kept and not errors:
                return BatchSummary(0, skipped, 0, 0)
            stamp = now_utc()
            batch_id = self.layout.new_batch_id()
            # A large batch is split into runs of articles; every run after the first is flattened
            # and written by a forked child (see parallel.py), started before this process starts
            # any thread. The parent writes the first run, the articles and the errors.
            sizes = [len(r.events) for r in kept]
            runs = parallel.split(sizes, parallel.writer_count(sum(sizes)), first=PARENT_SHARE)
            first = runs[0]
            with parallel.ForkedWriters() as children:
                groups = part_row_group_size(len(runs))
                for part, run in enumerate(runs[1:], start=1):
                    children.start(
                        partial(self._write_events_part, batch_id, part, kept, kept_hashes, run, groups)
                    )
                build: dict[str, Callable[[], pa.Table]] = {
                    "events": lambda: events_table(
                        kept[first.start : first.stop], kept_hashes[first.start : first.stop]
                    ),
                    "articles": lambda: articles_table(kept, stamp, kept_hashes),
                    "errors": lambda: errors_table(errors, stamp),
                }
                # Each segment is written (compressed, fsynced) in a worker thread while the next
                # table is built: Parquet writing runs without the GIL. The manifest is written only
                # once every segment is durable, so the commit protocol is unchanged.
                rows: dict[str, int] = {}
                writing: dict[str, Future[str]] = {}
                with ThreadPoolExecutor(max_workers=2) as pool:
                    for name, make in build.items():
                        table = make()
                        rows[name] = table.num_rows
                        if table.num_rows:
                            size = groups if name == "events" else ROW_GROUP_SIZE
                            writing[name] = pool.submit(
                                self.layout.write_segment, name, batch_id, table, 0, size
                            )
                segments = {name: [future.result()] for name, future in writing.items()}
                for relative, count in children.results():
                    if relative:
                        segments.setdefault("events", []).append(relative)
                        rows["events"] += count
            self.layout.commit(Manifest(batch_id, segments, rows))
            self._known_hashes.update(hashes)
            self._known_errors.update(error_ids)
            self._loaded_batches.add(batch_id)
            return BatchSummary(len(kept), skipped, rows["events"], len(errors))

    def _write_events_part(
        self, batch_id: str, part: int, kept: list[ArticleResult], hashes: list[str], run: range, groups: int
    ) -> tuple[str, int]:
        """Flatten and write the events of ``kept[run]`` as segment ``part`` (runs in a forked child)."""
        table = events_table(kept[run.start : run.stop], hashes[run.start : run.stop])
        if not table.num_rows:
            return "", 0
        return self.layout.write_segment("events", batch_id, table, part, groups), table.num_rows

    def compact(self, small_rows: int = 1_000_000) -> int:
        """Merge every batch with fewer than ``small_rows`` events into one sorted batch.

        Returns the number of batches merged (0 when there was nothing to do, or another process
        is compacting). Writers are held up only for the commit (see :mod:`dyad.store.compact`).
        """
        from dyad.store.compact import compact_small

        try:
            return compact_small(self.layout, small_rows)
        except OSError as error:
            raise _write_failure(self.path, error) from None

    def maybe_compact(self, background: bool = False) -> int:
        """Tiered compaction after writes: merge one tier's batches if it is full (see
        :func:`dyad.store.compact.compact_tier`), repeating while merges fill the next tier.

        With ``background`` the work runs in a daemon thread and this returns 0 at once (the API
        answers a write without waiting for it); only one compaction runs at a time per store.
        """
        from dyad.store.compact import compact_tier

        def work() -> int:
            merged = total = compact_tier(self.layout)
            while merged:
                merged = compact_tier(self.layout)
                total += merged
            return total

        if not background:
            return work()
        thread = threading.Thread(target=_quietly, args=(work,), name="dyad-compaction", daemon=True)
        thread.start()
        self._compactions.append(thread)
        return 0

    def wait_for_compaction(self) -> None:
        """Wait for background compactions started by :meth:`maybe_compact` (tests, shutdown)."""
        for thread in self._compactions:
            thread.join()
        self._compactions.clear()

    def batches(self) -> list[Manifest]:
        """The committed, live batches in commit order."""
        return self.layout.live_manifests()

    # -- reading ----------------------------------------------------------------------------

    def define_views(self, con: duckdb.DuckDBPyConnection) -> list[str]:
        """(Re)define the views ``articles``, ``events``, ``errors``, ``event_clusters`` and
        ``clusters`` on ``con`` over the committed batches; returns the manifest key they cover.

        One manifest snapshot serves all views, so articles and events always agree. An empty
        table is a real (empty) table, so cursors of ``con`` see it too.
        """
        from dyad.store.cluster import create_cluster_views

        snapshot = self.layout.read_manifests()
        live = Layout.live(snapshot)
        for table in TABLES:
            files = Layout.files(self.path, live, table)
            if files:
                listing = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
                con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet([{listing}])")
            else:
                con.register("_schema", SCHEMAS[table].empty_table())
                con.execute(f"CREATE OR REPLACE TABLE _empty_{table} AS SELECT * FROM _schema")
                con.unregister("_schema")
                con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM _empty_{table}")
        create_cluster_views(con)
        return sorted(f"{m.batch_id}.json" for m in snapshot)

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection with views over the committed batches (refreshed when they change)."""
        if self._con is None:
            self._con = duckdb.connect()
            self._con.execute("SET parquet_metadata_cache = true")
        key = self.layout.manifest_names()
        if key != self._view_key:
            self._view_key = self.define_views(self._con)
        return self._con

    def run(self, query: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """Run ``query(connection)``, retrying if a compaction removed files it was reading.

        Raises:
            StoreError: a segment a committed batch names is still missing or unreadable after the
                retries: the store is damaged (the message names the file and what to do).
        """
        for attempt in range(_RETRIES):
            try:
                return query(self.connection())
            except (duckdb.IOException, duckdb.HTTPException, FileNotFoundError) as error:
                if attempt == _RETRIES - 1:
                    raise damaged(self.path, error) from None
                self._view_key = None
            except duckdb.InvalidInputException as error:
                if not unreadable_file(error):
                    raise
                raise damaged(self.path, error) from None
        raise AssertionError("unreachable")

    def sandbox(self) -> duckdb.DuckDBPyConnection:
        """A connection for user SQL that cannot write anything, whatever the statement.

        The tables are Arrow datasets over the committed segments (read by Arrow, not by DuckDB),
        and then DuckDB's own file system access is switched off and the configuration locked: no
        ``COPY``, ``EXPORT``, ``ATTACH``, ``INSTALL``/``LOAD``, ``SET`` or file function can run, not
        even under ``EXPLAIN ANALYZE``, which executes what it explains. A fresh sandbox is built
        whenever the committed batches change (a locked connection cannot redefine its views).
        """
        key = self.layout.manifest_names()
        if self._sandbox is not None and key == self._sandbox_key:
            return self._sandbox
        import pyarrow.dataset as ds

        from dyad.store.cluster import create_cluster_views

        if self._sandbox is not None:
            self._sandbox.close()
        con = duckdb.connect(
            config={"autoinstall_known_extensions": False, "autoload_known_extensions": False}
        )
        snapshot = self.layout.read_manifests()
        live = Layout.live(snapshot)
        for table in TABLES:
            files = Layout.files(self.path, live, table)
            source = ds.dataset(files, schema=SCHEMAS[table]) if files else SCHEMAS[table].empty_table()
            con.register(table, source)
        create_cluster_views(con)
        for setting in ("enable_external_access = false", "lock_configuration = true"):
            con.execute(f"SET {setting}")
        self._sandbox, self._sandbox_key = con, key
        return con

    def sql(self, query: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """Run one read-only SQL query over ``articles``, ``events``, ``errors``, ``clusters``.

        The query runs on :meth:`sandbox`, so nothing it does can write, whatever the statement;
        the statement-type check before it only gives a clearer message for the common cases.
        """
        from dyad.analysis.queries import read_only_sql

        for attempt in range(_RETRIES):
            try:
                return read_only_sql(self.sandbox(), query, params)
            except (duckdb.IOException, FileNotFoundError, OSError, pa.ArrowException) as error:
                if attempt == _RETRIES - 1:
                    raise damaged(self.path, error) from None
                self._sandbox_key = None  # a compaction removed files it was reading
            except DyadError as error:
                if not unreadable_file(error):
                    raise
                if attempt == _RETRIES - 1:
                    raise damaged(self.path, error) from None
                self._sandbox_key = None
        raise AssertionError("unreachable")

    def events(
        self, filters: EventFilter | None = None, limit: int | None = None, **kwargs: Any
    ) -> pd.DataFrame:
        """Events matching ``filters`` (or keyword filters, see :class:`EventFilter`) as a DataFrame."""
        from dyad.analysis.queries import EventFilter, events

        chosen = filters if filters is not None else EventFilter(**kwargs)
        return self.run(lambda con: events(con, chosen, limit))

    def dyad_series(self, a: str, b: str, freq: str = "week", **kwargs: Any) -> pd.DataFrame:
        """Counts by QuadClass and mean Goldstein per period for the dyad ``a``-``b``."""
        from dyad.analysis.series import dyad_series

        return self.run(lambda con: dyad_series(con, a, b, freq, **kwargs))

    def top(self, kind: str = "actors", n: int = 20, **kwargs: Any) -> pd.DataFrame:
        """The ``n`` most frequent actors or dyads."""
        from dyad.analysis.queries import top_actors, top_dyads

        if kind == "actors":
            return self.run(lambda con: top_actors(con, n, **kwargs))
        if kind == "dyads":
            return self.run(lambda con: top_dyads(con, n, **kwargs))
        raise StoreError(f"unknown ranking {kind!r}: choose 'actors' or 'dyads'.")

    def network(self, **kwargs: Any) -> Network:
        """The actor network: nodes and weighted edges with mean Goldstein."""
        from dyad.analysis.network import network

        return self.run(lambda con: network(con, **kwargs))

    def clusters(self) -> pd.DataFrame:
        """Event clusters (mentions of the same real-world event), largest first."""
        return self.run(
            lambda con: con.sql("SELECT * FROM clusters ORDER BY num_mentions DESC, cluster_id").df()
        )

    def export(self, to: str, out: str | Path) -> int:
        """Export every event as ``gdelt``, ``plover``, ``csv`` or ``parquet``; returns rows written."""
        from dyad.store.export import export

        return self.run(lambda con: export(con, to, Path(out)))

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return self.run(
            lambda con: {t: int(con.sql(f"SELECT count(*) FROM {t}").fetchall()[0][0]) for t in TABLES}
        )

    def close(self) -> None:
        """Close the DuckDB connection (the store itself needs no closing)."""
        if self._con is not None:
            self._con.close()
            self._con = None
            self._view_key = None
        if self._sandbox is not None:
            self._sandbox.close()
            self._sandbox = None
            self._sandbox_key = None
