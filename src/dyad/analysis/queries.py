"""Event filters, rankings and read-only SQL: pure functions over a DuckDB connection.

Every function takes a connection that has the store's views (``events``, ``articles``,
``errors``, ``clusters``) and returns a pandas DataFrame. Filters become SQL with bound
parameters, never string-pasted values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import duckdb

from dyad.errors import DyadError

if TYPE_CHECKING:
    import pandas as pd

_CODE = re.compile(r"^[A-Z0-9]{3,}$")
ANALYSIS_STATUSES: tuple[str, ...] = ("asserted",)
"""Statuses counted by rankings, series and networks unless asked otherwise: what did happen."""


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to select; every field left at None selects all."""

    actor: str | None = None
    """Either side: a code or country (``CHN``, ``RUSGOV``; prefix match) or name text (``Putin``)."""
    source: str | None = None
    """The acting side, same matching as ``actor``."""
    target: str | None = None
    """The acted-upon side, same matching as ``actor``."""
    countries: tuple[str, str] | None = None
    """A country pair; both directions unless ``directed``."""
    directed: bool = False
    """With ``countries``: only events from the first to the second."""
    cameo: str | None = None
    """CAMEO code prefix (``"05"`` selects 05, 051, 057 ...)."""
    root: str | None = None
    """Two-digit CAMEO root."""
    quad_class: int | None = None
    """1 verbal cooperation .. 4 material conflict."""
    plover_type: str | None = None
    """PLOVER event type (``AGREE``)."""
    status: tuple[str, ...] | None = None
    """Allowed statuses (``("asserted",)``)."""
    start: date | None = None
    """Events whose date range ends on or after this day."""
    end: date | None = None
    """Events whose date range starts on or before this day."""
    place: str | None = None
    """Place name (substring, case-insensitive) or ISO alpha-3 country of the location."""
    text: str | None = None
    """Substring of the evidence sentence (case-insensitive)."""


def actor_clause(side: str, query: str, params: list[Any]) -> str:
    """SQL matching ``query`` against one side: codes/countries when it looks like a code, else names."""
    if _CODE.match(query):
        params.extend([query, query + "%"])
        return f"({side}_country = ? OR {side}_code LIKE ?)"
    params.extend([f"%{query}%", f"%{query}%"])
    return f"({side}_name ILIKE ? OR {side}_text ILIKE ?)"


def where_clause(spec: EventFilter) -> tuple[str, list[Any]]:
    """SQL ``WHERE`` text (``TRUE`` when empty) and its parameters for ``spec``."""
    parts: list[str] = []
    params: list[Any] = []
    if spec.actor:
        parts.append(
            f"({actor_clause('source', spec.actor, params)} OR {actor_clause('target', spec.actor, params)})"
        )
    if spec.source:
        parts.append(actor_clause("source", spec.source, params))
    if spec.target:
        parts.append(actor_clause("target", spec.target, params))
    if spec.countries:
        a, b = (c.upper() for c in spec.countries)
        if spec.directed:
            parts.append("(source_country = ? AND target_country = ?)")
            params.extend([a, b])
        else:
            parts.append("dyad_key = ?")
            params.append(f"{min(a, b)}|{max(a, b)}")
    if spec.cameo:
        parts.append("cameo LIKE ?")
        params.append(spec.cameo + "%")
    for column, value in (
        ("root", spec.root),
        ("quad_class", spec.quad_class),
        ("plover_type", spec.plover_type),
    ):
        if value is not None:
            parts.append(f"{column} = ?")
            params.append(value)
    if spec.status:
        parts.append(f"status IN ({', '.join('?' for _ in spec.status)})")
        params.extend(spec.status)
    if spec.start:
        parts.append("date_end >= ?")
        params.append(spec.start)
    if spec.end:
        parts.append("date_start <= ?")
        params.append(spec.end)
    if spec.place:
        parts.append("(location_name ILIKE ? OR location_country = ?)")
        params.extend([f"%{spec.place}%", spec.place.upper()])
    if spec.text:
        parts.append("evidence_sentence ILIKE ?")
        params.append(f"%{spec.text}%")
    return (" AND ".join(parts) or "TRUE"), params


def filter_from_options(**options: Any) -> EventFilter:
    """Build a filter from keyword options, ignoring None and unknown-to-the-filter keys."""
    names = {f.name for f in fields(EventFilter)}
    return EventFilter(**{k: v for k, v in options.items() if k in names and v is not None})


def events(con: duckdb.DuckDBPyConnection, spec: EventFilter, limit: int | None = None) -> pd.DataFrame:
    """Events matching ``spec``, oldest first, as flat rows (see ``dyad.store.schema``)."""
    where, params = where_clause(spec)
    limit_sql = f" LIMIT {int(limit)}" if limit is not None else ""
    query = f"SELECT * FROM events WHERE {where} ORDER BY date_start, event_id{limit_sql}"
    return con.sql(query, params=params).df()


def with_default_status(spec: EventFilter | None) -> EventFilter:
    if spec is None:
        return EventFilter(status=ANALYSIS_STATUSES)
    return spec


def actor_key_sql(side: str, by: str) -> str:
    if by == "country":
        return f"coalesce({side}_country, {side}_code)"
    if by == "code":
        return f"{side}_code"
    raise DyadError(f"unknown actor level {by!r}: choose 'code' or 'country'.")


def top_actors(
    con: duckdb.DuckDBPyConnection,
    n: int = 20,
    by: Literal["code", "country"] = "code",
    filters: EventFilter | None = None,
) -> pd.DataFrame:
    """The ``n`` actors in the most events (either side), with role counts and mean Goldstein.

    ``filters`` defaults to asserted events only.
    """
    where, params = where_clause(with_default_status(filters))
    query = f"""
        WITH chosen AS (SELECT * FROM events WHERE {where}),
        sides AS (
            SELECT {actor_key_sql("source", by)} AS actor, 'source' AS role, goldstein FROM chosen
            UNION ALL
            SELECT {actor_key_sql("target", by)} AS actor, 'target' AS role, goldstein FROM chosen
        )
        SELECT actor, count(*) AS events,
               count(*) FILTER (WHERE role = 'source') AS as_source,
               count(*) FILTER (WHERE role = 'target') AS as_target,
               round(avg(goldstein), 3) AS mean_goldstein
        FROM sides WHERE actor IS NOT NULL
        GROUP BY actor ORDER BY events DESC, actor LIMIT {int(n)}
    """
    return con.sql(query, params=params).df()


def top_dyads(
    con: duckdb.DuckDBPyConnection,
    n: int = 20,
    by: Literal["code", "country"] = "country",
    directed: bool = False,
    filters: EventFilter | None = None,
) -> pd.DataFrame:
    """The ``n`` most frequent actor pairs with counts by QuadClass and mean Goldstein.

    Undirected pairs are listed with the alphabetically smaller actor first. By country, a pair inside
    one country is keyed by the two full actor codes (``ETHGOV``/``ETHREB``, not ``ETH``/``ETH``), so
    that a civil war, a crackdown and a coalition quarrel stay apart; other pairs are keyed by country.
    """
    where, params = where_clause(with_default_status(filters))
    a, b = actor_key_sql("source", by), actor_key_sql("target", by)
    if by == "country":
        same = "source_country = target_country"
        a = f"CASE WHEN {same} THEN coalesce(source_code, source_country) ELSE {a} END"
        b = f"CASE WHEN {same} THEN coalesce(target_code, target_country) ELSE {b} END"
    first, second = (a, b) if directed else (f"least({a}, {b})", f"greatest({a}, {b})")
    query = f"""
        SELECT {first} AS actor_a, {second} AS actor_b, count(*) AS events,
               count(*) FILTER (WHERE quad_class = 1) AS q1, count(*) FILTER (WHERE quad_class = 2) AS q2,
               count(*) FILTER (WHERE quad_class = 3) AS q3, count(*) FILTER (WHERE quad_class = 4) AS q4,
               round(avg(goldstein), 3) AS mean_goldstein
        FROM events WHERE {where} AND {a} IS NOT NULL AND {b} IS NOT NULL
        GROUP BY ALL ORDER BY events DESC, actor_a, actor_b LIMIT {int(n)}
    """
    return con.sql(query, params=params).df()


_READ_ONLY = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}


def read_only_sql(
    con: duckdb.DuckDBPyConnection, query: str, params: Sequence[Any] | None = None
) -> pd.DataFrame:
    """Run one SELECT (or EXPLAIN) statement; anything that could write is refused."""
    try:
        statements = con.extract_statements(query)
    except duckdb.Error as error:
        raise DyadError(f"SQL syntax error: {error}") from None
    if len(statements) != 1:
        raise DyadError(f"expected one SQL statement, got {len(statements)}; run them one at a time.")
    if statements[0].type not in _READ_ONLY:
        raise DyadError(
            f"only SELECT queries are allowed (got {statements[0].type.name}); the store is read-only here. "
            "Tables: articles, events, errors, clusters, event_clusters."
        )
    try:
        return con.sql(query, params=list(params) if params else None).df()
    except duckdb.PermissionException as error:
        raise DyadError(
            f"refused: {error}. dyad sql reads only the store's tables (articles, events, errors, clusters, "
            "event_clusters); it cannot read or write files, attach databases, load extensions or change "
            "settings. Use `dyad export` to write files."
        ) from None
    except duckdb.InvalidInputException as error:
        if "configuration" in str(error):
            raise DyadError(f"refused: {error}. Settings are fixed for dyad sql.") from None
        raise DyadError(f"SQL error: {error}") from None
    except (duckdb.IOException, duckdb.HTTPException):
        raise
    except duckdb.Error as error:
        raise DyadError(f"SQL error: {error}") from None
