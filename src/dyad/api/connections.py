"""Concurrent reads for the web app: one shared DuckDB database of views, one cursor per query.

A DuckDB connection must not run two queries from two threads at once, so the app used to serialise
every read behind one lock (8 clients: a dyad page p95 of 1.5 s). :class:`ReadViews` instead keeps
one in-memory database whose views (``articles``, ``events``, ``errors``, ``event_clusters``,
``clusters``) cover the store's committed batches, exactly like :meth:`dyad.store.store.Store.connection`,
and gives every query its own cursor: cursors of one database run queries in parallel and all see
its views. The views are rebuilt, under a lock that only rebuilds take, when the list of manifests
changes; a query already running keeps the snapshot it started with. Writes never come here: they go
through :meth:`dyad.store.store.Store.write_batch`, serialised by the store's write lock.

The views are catalog objects (an empty table is a real empty table, not a registered Arrow object,
which only its own connection could see), so a cursor created on any thread sees all of them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import duckdb

from dyad.errors import StoreError
from dyad.store.store import Store, damaged, unreadable_file

T = TypeVar("T")
RETRIES = 5
"""Attempts per query: a compaction may delete segments a query was about to read."""
MISSING = (duckdb.IOException, duckdb.HTTPException, OSError)
"""What a segment deleted under a query (or missing, or not readable by this user) raises."""


def unreadable(store: Store, error: Exception) -> StoreError:
    """The message for a segment that still cannot be read: forbidden, or missing (damaged)."""
    if isinstance(error, PermissionError) or "Permission denied" in str(error):
        return StoreError(
            f"the store {store.path} cannot be read by the server's user: {str(error).splitlines()[0]}. "
            "Give that user read access to the store's files (and write access, for POST /api/articles)."
        )
    return damaged(store.path, error)


class ReadViews:
    """Views over one store's committed batches, queried on a fresh cursor per call (thread-safe)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._database = duckdb.connect()
        self._database.execute("SET GLOBAL parquet_metadata_cache = true")
        self._rebuilding = threading.Lock()
        self._key: list[str] | None = None

    def refresh(self, force: bool = False) -> None:
        """Rebuild the views when the committed batches changed (or always, with ``force``)."""
        key = self.store.layout.manifest_names()
        if key == self._key and not force:
            return
        with self._rebuilding:
            if force or key != self._key:
                self._key = self._build()

    def _build(self) -> list[str]:
        return self.store.define_views(self._database)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new connection to the shared database of views (close it after use)."""
        with self._rebuilding:
            return self._database.cursor()

    def run(self, query: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """Run ``query`` on its own cursor; retried over fresh views if a segment vanished under it.

        Raises:
            StoreError: a segment a committed batch names is still missing or unreadable after the
                retries, or is truncated: the store is damaged (the message says what to do), as in
                :meth:`dyad.store.store.Store.run`.
        """
        for attempt in range(RETRIES):
            try:
                self.refresh(force=attempt > 0)
                cursor = self.cursor()
                try:
                    return query(cursor)
                finally:
                    cursor.close()
            except MISSING as error:
                if attempt == RETRIES - 1:
                    raise unreadable(self.store, error) from None
            except duckdb.InvalidInputException as error:
                if not unreadable_file(error):
                    raise
                raise damaged(self.store.path, error) from None
        raise AssertionError("unreachable")

    def close(self) -> None:
        self._database.close()
