"""Table schemas of the event store and the conversions between model records and flat rows.

Three tables live in the store: ``articles`` (one row per distinct article, keyed by its content
hash), ``events`` (one flat row per coded event) and ``errors`` (rejected input records). Events are
flattened into columns so that DuckDB can filter and aggregate them without unpacking JSON;
:func:`row_to_event_json` turns a row back into the documented ``event_to_json`` shape.

Columns are built column-by-column with comprehensions (not row dicts) because this is the hot
path of bulk writes: it keeps flattening at a few microseconds per event.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from itertools import accumulate, chain
from operator import attrgetter
from typing import Any

import pyarrow as pa

from dyad.model import Actor, ArticleResult, Event, ReadError

SCHEMA_VERSION = 1
"""On-disk layout version written to ``SCHEMA_VERSION``; bump it and add a migration on change."""

_STR = pa.string()
_STRS = pa.list_(pa.string())
_ACTOR_FIELDS = [
    ("text", _STR),
    ("code", _STR),
    ("country", _STR),
    ("sector", _STRS),
    ("name", _STR),
    ("kind", _STR),
    ("start", pa.int32()),
    ("end", pa.int32()),
]

EVENTS_SCHEMA = pa.schema(
    [
        ("event_id", _STR),
        ("article_id", _STR),
        ("article_hash", _STR),
        ("sentence_index", pa.int32()),
        *[(f"source_{name}", kind) for name, kind in _ACTOR_FIELDS],
        *[(f"target_{name}", kind) for name, kind in _ACTOR_FIELDS],
        ("dyad_key", _STR),
        ("cameo", _STR),
        ("root", _STR),
        ("quad_class", pa.int8()),
        ("goldstein", pa.float64()),
        ("plover_type", _STR),
        ("plover_mode", _STR),
        ("acled", _STR),
        ("date_value", _STR),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("date_granularity", _STR),
        ("date_basis", _STR),
        ("date_text", _STR),
        ("location_name", _STR),
        ("location_country", _STR),
        ("location_admin1", _STR),
        ("location_lat", pa.float64()),
        ("location_lon", pa.float64()),
        ("location_geonameid", pa.int64()),
        ("location_feature", _STR),
        ("location_basis", _STR),
        ("status", _STR),
        ("evidence_sentence", _STR),
        ("evidence_start", pa.int32()),
        ("evidence_end", pa.int32()),
        ("trigger", _STR),
        ("rule", _STR),
        ("confidence", pa.float64()),
        ("extra", _STR),
        ("publication_date", pa.date32()),
        ("article_source", _STR),
        ("article_url", _STR),
        ("article_title", _STR),
    ]
)
"""One row per event. ``dyad_key`` is the undirected actor pair ``"CHN|RUS"`` (country, else code),
a compact column that makes dyad queries a single equality test."""

ARTICLES_SCHEMA = pa.schema(
    [
        ("content_hash", _STR),
        ("article_id", _STR),
        ("publication_date", pa.date32()),
        ("title", _STR),
        ("url", _STR),
        ("source", _STR),
        ("language", _STR),
        ("origin", _STR),
        ("flags", _STRS),
        ("text", _STR),
        ("num_events", pa.int32()),
        ("ingested_at", pa.timestamp("s", tz="UTC")),
    ]
)
"""One row per distinct article (content hash)."""

ERRORS_SCHEMA = pa.schema(
    [
        ("error_id", _STR),
        ("origin", _STR),
        ("kind", _STR),
        ("reason", _STR),
        ("record_id", _STR),
        ("excerpt", _STR),
        ("ingested_at", pa.timestamp("s", tz="UTC")),
    ]
)
"""One row per distinct rejected record (``error_id`` hashes origin, kind, reason and excerpt)."""

SCHEMAS: dict[str, pa.Schema] = {
    "articles": ARTICLES_SCHEMA,
    "events": EVENTS_SCHEMA,
    "errors": ERRORS_SCHEMA,
}
TABLES: tuple[str, ...] = ("articles", "events", "errors")


def error_id(error: ReadError) -> str:
    """Identity of a rejected record, so re-ingesting the same bad input stores it once."""
    key = "\x1f".join((error.origin, error.kind, error.reason, error.excerpt))
    return hashlib.sha256(key.encode()).hexdigest()


def actor_key(actor: Actor | None) -> str:
    """The identity used for dyads: the actor's country, else its code, else ``""``."""
    if actor is None:
        return ""
    return actor.country or actor.code


def dyad_key(source: Actor | None, target: Actor | None) -> str:
    """Undirected pair key ``"A|B"`` with A <= B."""
    a, b = actor_key(source), actor_key(target)
    return f"{a}|{b}" if a <= b else f"{b}|{a}"


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building columns.

    Flattening allocates millions of small objects while millions of model records are alive;
    every GC pass would rescan them all (measured: 3x slower flattening). Nothing built here is
    cyclic, so reference counting frees it all anyway.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _sector_array(actors: list[Actor | None]) -> pa.Array:
    # Building list<string> from Python lists is slow in Arrow; offsets + flat values is 10x faster.
    sectors = [a.sector if a else () for a in actors]
    offsets = pa.array([0, *accumulate(len(s) for s in sectors)], pa.int32())
    values = pa.array(list(chain.from_iterable(sectors)), _STR)
    mask = pa.array([a is None for a in actors], pa.bool_())
    return pa.ListArray.from_arrays(offsets, values, mask=mask)


_ACTOR_GET = attrgetter("text", "code", "country", "name", "kind", "start", "end")
_ACTOR_NAMES = ("text", "code", "country", "name", "kind", "start", "end")
_PLACE_GET = attrgetter("name", "country", "admin1", "lat", "lon", "geonameid", "feature")
_PLACE_NAMES = ("name", "country", "admin1", "lat", "lon", "geonameid", "feature")
_EVENT_GET = attrgetter(
    "event_id",
    "article_id",
    "sentence_index",
    "cameo",
    "root",
    "quad_class",
    "goldstein",
    "acled",
    "date.value",
    "date.start",
    "date.end",
    "date.granularity",
    "date.basis",
    "date.text",
    "location_basis",
    "status",
    "evidence.sentence",
    "evidence.start",
    "evidence.end",
    "evidence.trigger",
    "evidence.rule",
    "confidence",
)
_EVENT_NAMES = (
    "event_id",
    "article_id",
    "sentence_index",
    "cameo",
    "root",
    "quad_class",
    "goldstein",
    "acled",
    "date_value",
    "date_start",
    "date_end",
    "date_granularity",
    "date_basis",
    "date_text",
    "location_basis",
    "status",
    "evidence_sentence",
    "evidence_start",
    "evidence_end",
    "trigger",
    "rule",
    "confidence",
)


def _transpose(
    getter: attrgetter[Any], items: list[Any], names: tuple[str, ...], prefix: str
) -> dict[str, Any]:
    # attrgetter and zip run in C: one pass per record instead of one Python loop per column.
    empty = (None,) * len(names)
    rows = [getter(item) if item is not None else empty for item in items]
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return {f"{prefix}{name}": column for name, column in zip(names, columns, strict=True)}


def events_table(results: Sequence[ArticleResult]) -> pa.Table:
    """Flatten the events of ``results`` into an Arrow table with :data:`EVENTS_SCHEMA`.

    Rows are ordered by ``date_start`` (then input order), so segments are date-clustered.
    """
    with gc_paused():
        return _events_table(results)


def _events_table(results: Sequence[ArticleResult]) -> pa.Table:
    hashes = [r.article.content_hash for r in results]
    pairs = [(r.article, h, e) for r, h in zip(results, hashes, strict=True) for e in r.events]
    pairs.sort(key=lambda pair: pair[2].date.start)
    events: list[Event] = [e for _, _, e in pairs]
    articles = [a for a, _, _ in pairs]
    sources = [e.source for e in events]
    targets = [e.target for e in events]
    plovers = [e.plover for e in events]
    columns: dict[str, Any] = {
        **_transpose(_EVENT_GET, events, _EVENT_NAMES, ""),
        **_transpose(_ACTOR_GET, sources, _ACTOR_NAMES, "source_"),
        **_transpose(_ACTOR_GET, targets, _ACTOR_NAMES, "target_"),
        **_transpose(_PLACE_GET, [e.location for e in events], _PLACE_NAMES, "location_"),
        "source_sector": _sector_array(sources),
        "target_sector": _sector_array(targets),
        "article_hash": [h for _, h, _ in pairs],
        "dyad_key": [dyad_key(s, t) for s, t in zip(sources, targets, strict=True)],
        "plover_type": [p.type if p else None for p in plovers],
        "plover_mode": [p.mode if p else None for p in plovers],
        "extra": [json.dumps(dict(e.extra)) if e.extra else None for e in events],
        "publication_date": [a.publication_date for a in articles],
        "article_source": [a.source for a in articles],
        "article_url": [a.url for a in articles],
        "article_title": [a.title for a in articles],
    }
    return pa.table({name: columns[name] for name in EVENTS_SCHEMA.names}, schema=EVENTS_SCHEMA)


def articles_table(results: Sequence[ArticleResult], ingested_at: datetime) -> pa.Table:
    """One row per article of ``results`` with :data:`ARTICLES_SCHEMA`."""
    with gc_paused():
        return _articles_table(results, ingested_at)


def _articles_table(results: Sequence[ArticleResult], ingested_at: datetime) -> pa.Table:
    articles = [r.article for r in results]
    columns: dict[str, list[Any]] = {
        "content_hash": [a.content_hash for a in articles],
        "article_id": [a.id for a in articles],
        "publication_date": [a.publication_date for a in articles],
        "title": [a.title for a in articles],
        "url": [a.url for a in articles],
        "source": [a.source for a in articles],
        "language": [a.language for a in articles],
        "origin": [a.origin for a in articles],
        "flags": [list(a.flags) for a in articles],
        "text": [a.text for a in articles],
        "num_events": [len(r.events) for r in results],
        "ingested_at": [ingested_at] * len(articles),
    }
    return pa.table(columns, schema=ARTICLES_SCHEMA)


def errors_table(errors: Sequence[ReadError], ingested_at: datetime) -> pa.Table:
    """One row per rejected record with :data:`ERRORS_SCHEMA`."""
    columns: dict[str, list[Any]] = {
        "error_id": [error_id(e) for e in errors],
        "origin": [e.origin for e in errors],
        "kind": [e.kind for e in errors],
        "reason": [e.reason for e in errors],
        "record_id": [e.record_id for e in errors],
        "excerpt": [e.excerpt for e in errors],
        "ingested_at": [ingested_at] * len(errors),
    }
    return pa.table(columns, schema=ERRORS_SCHEMA)


def now_utc() -> datetime:
    """Ingestion timestamp (bookkeeping only; never used to interpret text)."""
    return datetime.now(UTC).replace(microsecond=0)


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _nan_to_none(value: Any) -> Any:
    # pandas turns missing numbers into NaN; the JSON shape uses null.
    if isinstance(value, float) and value != value:
        return None
    return value


def _actor_json(row: Mapping[str, Any], prefix: str) -> dict[str, object] | None:
    if row.get(f"{prefix}_code") is None:
        return None
    sector = row.get(f"{prefix}_sector")
    sectors = sector.split("|") if isinstance(sector, str) else list(sector if sector is not None else [])
    return {
        "text": row[f"{prefix}_text"],
        "code": row[f"{prefix}_code"],
        "country": row.get(f"{prefix}_country"),
        "sector": [s for s in sectors if s],
        "name": row.get(f"{prefix}_name"),
        "kind": row.get(f"{prefix}_kind"),
        "start": int(row[f"{prefix}_start"]),
        "end": int(row[f"{prefix}_end"]),
    }


def row_to_event_json(raw: Mapping[str, Any]) -> dict[str, object]:
    """Turn one ``events`` row (dict from DuckDB or pandas) back into the ``event_to_json`` shape."""
    row = {key: _nan_to_none(value) for key, value in raw.items()}
    location = None
    if row.get("location_name") is not None:
        geonameid = row.get("location_geonameid")
        location = {
            "name": row["location_name"],
            "country": row.get("location_country"),
            "admin1": row.get("location_admin1"),
            "lat": float(row["location_lat"]),
            "lon": float(row["location_lon"]),
            "geonameid": None if geonameid is None else int(geonameid),
            "feature": row.get("location_feature"),
        }
    plover = None
    if row.get("plover_type") is not None:
        plover = {"type": row["plover_type"], "mode": row.get("plover_mode") or ""}
    return {
        "event_id": row["event_id"],
        "article_id": row["article_id"],
        "sentence_index": int(row["sentence_index"]),
        "source": _actor_json(row, "source"),
        "target": _actor_json(row, "target"),
        "cameo": row["cameo"],
        "root": row["root"],
        "quad_class": int(row["quad_class"]),
        "goldstein": float(row["goldstein"]),
        "plover": plover,
        "acled": row.get("acled"),
        "date": {
            "value": row["date_value"],
            "start": _iso(row["date_start"]),
            "end": _iso(row["date_end"]),
            "granularity": row["date_granularity"],
            "basis": row["date_basis"],
            "text": row.get("date_text"),
        },
        "location": location,
        "location_basis": row["location_basis"],
        "status": row["status"],
        "evidence": {
            "sentence": row["evidence_sentence"],
            "start": int(row["evidence_start"]),
            "end": int(row["evidence_end"]),
            "trigger": row["trigger"],
            "rule": row["rule"],
        },
        "confidence": float(row["confidence"]),
    }
