"""What the API and the pages show, as JSON-ready dicts built over the store and the analysis functions.

:class:`Backend` is the one object routes talk to. Each method returns the payload of one page or
endpoint in the shapes of :mod:`dyad.api.schemas`; HTML pages render the same payloads, which is
what makes every page available as JSON too. Queries run concurrently, each on its own cursor of
:class:`dyad.api.connections.ReadViews`; writes go to the store, serialised by its write lock.
"""

from __future__ import annotations

import functools
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Literal, TypeVar

import duckdb

from dyad.analysis.queries import ANALYSIS_STATUSES, EventFilter, where_clause
from dyad.analysis.series import pair_clause
from dyad.api.connections import ReadViews
from dyad.knowledge.codebook import QUAD_CLASS_NAMES, CameoCode, load_codebook
from dyad.store.schema import TABLES, row_to_event_json
from dyad.store.store import Store

T = TypeVar("T")
Level = Literal["code", "country"]
_ARTICLE_COLUMNS = ("article_id", "content_hash", "publication_date", "title", "source", "url", "num_events")


def plain(value: Any) -> Any:
    """A DuckDB/pandas value as JSON: dates as ISO text, NaN as None, numpy scalars as Python."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    if hasattr(value, "item"):
        return plain(value.item())
    return value


def _rows(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def cameo_json(entry: CameoCode) -> dict[str, Any]:
    return {
        "code": entry.code,
        "name": entry.name,
        "goldstein": entry.goldstein,
        "quad_class": entry.quad_class,
        "quad_class_name": QUAD_CLASS_NAMES.get(entry.quad_class, ""),
        "root": entry.root,
        "plover_type": entry.plover_type,
        "plover_mode": entry.plover_mode,
        "plover_context": entry.plover_context,
        "acled": entry.acled,
    }


CACHED_PAYLOADS = 512
"""Payloads kept per server (least recently used dropped first)."""


def cached(method: Callable[..., T]) -> Callable[..., T]:
    """Keep a Backend payload per store state: the same question about the same committed batches
    is answered once (a new commit or a compaction changes the manifests, and with them the key).
    Callers get a shallow copy, so adding keys to a page ("next") never touches the cache."""

    @functools.wraps(method)
    def wrapper(self: Backend, *args: Any, **kwargs: Any) -> T:
        key = (
            method.__name__,
            repr(args),
            repr(sorted(kwargs.items())),
            tuple(self.store.layout.manifest_names()),
        )
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return _copy(self._cache[key])
        value = method(self, *args, **kwargs)
        with self._cache_lock:
            self._cache[key] = value
            while len(self._cache) > CACHED_PAYLOADS:
                self._cache.popitem(last=False)
        return _copy(value)

    return wrapper


def _copy(value: Any) -> Any:
    return dict(value) if isinstance(value, dict) else value


class Backend:
    """Read access to one store for the web app (thread-safe; reads run in parallel, and each
    payload is computed once per store state: see :func:`cached`)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.views = ReadViews(store)
        self._cache: OrderedDict[tuple[object, ...], Any] = OrderedDict()
        self._cache_lock = threading.Lock()

    def run(self, query: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """Run ``query`` on a cursor of its own (see :meth:`ReadViews.run`)."""
        return self.views.run(query)

    def _events(self, where: str, params: list[Any], order: str, offset: int, limit: int) -> dict[str, Any]:
        direction = "DESC" if order == "desc" else "ASC"

        def query(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
            total = con.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()
            rows = _rows(
                con.execute(
                    f"SELECT * FROM events WHERE {where} "
                    f"ORDER BY date_start {direction}, event_id {direction} "
                    f"LIMIT {int(limit)} OFFSET {int(offset)}",
                    params,
                )
            )
            return {
                "total": int(total[0]) if total else 0,
                "offset": offset,
                "limit": limit,
                "events": [row_to_event_json(r) for r in rows],
            }

        return self.run(query)

    # -- events -----------------------------------------------------------------------------

    @cached
    def events(
        self, spec: EventFilter, offset: int = 0, limit: int = 50, order: str = "asc"
    ) -> dict[str, Any]:
        """One page of events matching ``spec`` (the filters of ``dyad events``)."""
        where, params = where_clause(spec)
        return self._events(where, params, order, offset, limit)

    @cached
    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event with its article's title and source, or None."""
        rows = self.run(
            lambda con: _rows(
                con.execute(
                    "SELECT * FROM events WHERE event_id = ? ORDER BY article_hash LIMIT 1", [event_id]
                )
            )
        )
        if not rows:
            return None
        row = rows[0]
        return {
            "event": row_to_event_json(row),
            "article": {
                "article_id": row["article_id"],
                "content_hash": row["article_hash"],
                "title": row["article_title"],
                "source": row["article_source"],
                "url": row["article_url"],
                "publication_date": plain(row["publication_date"]),
            },
        }

    # -- dyads, rankings, network ------------------------------------------------------------

    @cached
    def dyad_series(
        self, a: str, b: str, freq: str, directed: bool, statuses: Sequence[str] | None
    ) -> dict[str, Any]:
        from dyad.analysis.series import dyad_series

        frame = self.run(lambda con: dyad_series(con, a, b, freq, directed=directed, statuses=statuses))
        series = [{k: plain(v) for k, v in row.items()} for row in frame.to_dict("records")]
        return {
            "a": a,
            "b": b,
            "freq": freq,
            "directed": directed,
            "statuses": list(statuses) if statuses else None,
            "series": series,
        }

    @cached
    def dyad_events(
        self,
        a: str,
        b: str,
        directed: bool,
        statuses: Sequence[str] | None,
        start: date | None,
        end: date | None,
        offset: int,
        limit: int,
        order: str = "desc",
    ) -> dict[str, Any]:
        """The events behind dyad series points: event start day within ``start..end``."""
        params: list[Any] = []
        where = pair_clause(a, b, directed, params)
        if statuses:
            where += f" AND status IN ({', '.join('?' for _ in statuses)})"
            params.extend(statuses)
        if start:
            where += " AND date_start >= ?"
            params.append(start)
        if end:
            where += " AND date_start <= ?"
            params.append(end)
        return self._events(where, params, order, offset, limit)

    @cached
    def top_actors(self, n: int, by: Level, spec: EventFilter | None = None) -> dict[str, Any]:
        from dyad.analysis.queries import top_actors

        frame = self.run(lambda con: top_actors(con, n, by=by, filters=spec))
        return {"by": by, "actors": [{k: plain(v) for k, v in r.items()} for r in frame.to_dict("records")]}

    @cached
    def top_dyads(self, n: int, by: Level, directed: bool, spec: EventFilter | None = None) -> dict[str, Any]:
        from dyad.analysis.queries import top_dyads

        frame = self.run(lambda con: top_dyads(con, n, by=by, directed=directed, filters=spec))
        rows = [{k: plain(v) for k, v in r.items()} for r in frame.to_dict("records")]
        return {"by": by, "directed": directed, "dyads": rows}

    @cached
    def network(self, by: Level, min_weight: int, spec: EventFilter | None) -> dict[str, Any]:
        from dyad.analysis.network import network

        graph = self.run(lambda con: network(con, by=by, min_weight=min_weight, filters=spec))
        return {"by": by, "min_weight": min_weight, **graph.to_json()}

    # -- articles ------------------------------------------------------------------------------

    @cached
    def articles(self, offset: int, limit: int) -> dict[str, Any]:
        def query(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
            total = con.execute("SELECT count(*) FROM articles").fetchone()
            rows = _rows(
                con.execute(
                    f"SELECT {', '.join(_ARTICLE_COLUMNS)} FROM articles "
                    "ORDER BY publication_date DESC NULLS LAST, article_id "
                    f"LIMIT {int(limit)} OFFSET {int(offset)}"
                )
            )
            return {
                "total": int(total[0]) if total else 0,
                "offset": offset,
                "limit": limit,
                "articles": [{k: plain(v) for k, v in r.items()} for r in rows],
            }

        return self.run(query)

    @cached
    def article(self, article_id: str) -> dict[str, Any] | None:
        """An article (by its id or content hash; the newest when ids repeat) with its events."""

        def query(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
            found = _rows(
                con.execute(
                    f"SELECT {', '.join(_ARTICLE_COLUMNS)}, text, flags FROM articles "
                    "WHERE article_id = ? OR content_hash = ? ORDER BY ingested_at DESC LIMIT 1",
                    [article_id, article_id],
                )
            )
            if not found:
                return None
            article = {k: plain(v) for k, v in found[0].items()}
            article["flags"] = list(found[0]["flags"] or [])
            rows = _rows(
                con.execute(
                    "SELECT * FROM events WHERE article_hash = ? ORDER BY evidence_start, event_id",
                    [article["content_hash"]],
                )
            )
            return {"article": article, "events": [row_to_event_json(r) for r in rows]}

        return self.run(query)

    # -- overview, counts, codebook -------------------------------------------------------------

    @cached
    def counts(self) -> dict[str, int]:
        """Rows per table: articles, events, errors."""
        return self.run(
            lambda con: {t: int(con.sql(f"SELECT count(*) FROM {t}").fetchall()[0][0]) for t in TABLES}
        )

    @cached
    def quad_counts(self, statuses: Sequence[str] = ANALYSIS_STATUSES) -> dict[str, Any]:
        """Asserted events per period by QuadClass: per month over short spans, per year over long ones."""
        marks = ", ".join("?" for _ in statuses)

        def query(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
            span = con.execute(
                f"SELECT min(date_start), max(date_start) FROM events WHERE status IN ({marks})",
                list(statuses),
            ).fetchone()
            first, last = span if span else (None, None)
            freq = "year" if first and last and (last - first).days > 6 * 366 else "month"
            rows = con.execute(
                f"SELECT CAST(date_trunc('{freq}', date_start) AS DATE) AS period, quad_class, count(*) "
                f"FROM events WHERE status IN ({marks}) GROUP BY ALL ORDER BY 1, 2",
                list(statuses),
            ).fetchall()
            return {
                "freq": freq,
                "rows": [{"period": plain(p), "quad_class": int(q), "events": int(n)} for p, q, n in rows],
            }

        return self.run(query)

    @cached
    def overview(self) -> dict[str, Any]:
        return {
            "counts": self.counts(),
            "quad_counts": self.quad_counts(),
            "top_dyads": self.top_dyads(10, "country", False)["dyads"],
            "top_actors": self.top_actors(10, "code")["actors"],
            "latest_events": self.events(EventFilter(), 0, 10, "desc")["events"],
        }

    @staticmethod
    def codebook(prefix: str | None = None, quad_class: int | None = None) -> list[dict[str, Any]]:
        book = load_codebook()
        return [
            cameo_json(e)
            for code, e in sorted(book.codes.items())
            if (not prefix or code.startswith(prefix)) and (quad_class is None or e.quad_class == quad_class)
        ]

    @staticmethod
    def cameo(code: str) -> dict[str, Any] | None:
        try:
            return cameo_json(load_codebook().get(code))
        except KeyError:
            return None
