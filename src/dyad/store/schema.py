"""Table schemas of the event store and the conversions between model records and flat rows.

Three tables live in the store: ``articles`` (one row per distinct article, keyed by its content
hash), ``events`` (one flat row per coded event) and ``errors`` (rejected input records). Events are
flattened into columns so that DuckDB can filter and aggregate them without unpacking JSON;
:func:`row_to_event_json` turns a row back into the documented ``event_to_json`` shape.

Each table is declared once, as a mapping ``column -> (Arrow type, where the value comes from)``;
the schemas and the flattening code are both derived from it. Flattening is the hot path of bulk
writes, so it works a column at a time: ``map(attrgetter(...))`` over a list of records runs in C,
each column becomes one typed Arrow array, and nothing builds a dict or tuple per row.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import accumulate, chain
from operator import attrgetter
from types import SimpleNamespace
from typing import Any, cast

import pyarrow as pa
import pyarrow.compute as pc

from dyad.model import Actor, ArticleResult, ReadError

SCHEMA_VERSION = 1
"""On-disk layout version written to ``SCHEMA_VERSION``; bump it and add a migration on change."""

_STR = pa.string()
_STRS = pa.list_(pa.string())
_INT32 = pa.int32()
_FLOAT = pa.float64()
_DAY = pa.date32()
_STAMP = pa.timestamp("s", tz="UTC")

Columns = dict[str, tuple[pa.DataType, str | None]]
"""``column -> (type, source)``. ``source`` is ``"record.attribute"`` (the records are listed under
each table), or None for a column computed where the table is built (keys, counts, stamps)."""


def _fields(prefix: str, record: str, fields: Mapping[str, pa.DataType]) -> Columns:
    return {f"{prefix}{name}": (kind, f"{record}.{name}") for name, kind in fields.items()}


_ACTOR_FIELDS = {
    "text": _STR,
    "code": _STR,
    "country": _STR,
    "sector": _STRS,
    "name": _STR,
    "kind": _STR,
    "start": _INT32,
    "end": _INT32,
}
_PLACE_FIELDS = {
    "name": _STR,
    "country": _STR,
    "admin1": _STR,
    "lat": _FLOAT,
    "lon": _FLOAT,
    "geonameid": pa.int64(),
    "feature": _STR,
}
_DATE_FIELDS = {
    "value": _STR,
    "start": _DAY,
    "end": _DAY,
    "granularity": _STR,
    "basis": _STR,
    "text": _STR,
}

EVENT_COLUMNS: Columns = {
    **_fields("", "event", {"event_id": _STR, "article_id": _STR}),
    "article_hash": (_STR, "article.content_hash"),
    "sentence_index": (_INT32, "event.sentence_index"),
    **_fields("source_", "source", _ACTOR_FIELDS),
    **_fields("target_", "target", _ACTOR_FIELDS),
    "dyad_key": (_STR, None),
    **_fields("", "event", {"cameo": _STR, "root": _STR, "quad_class": pa.int8(), "goldstein": _FLOAT}),
    **_fields("plover_", "plover", {"type": _STR, "mode": _STR}),
    "acled": (_STR, "event.acled"),
    **_fields("date_", "date", _DATE_FIELDS),
    **_fields("location_", "location", _PLACE_FIELDS),
    **_fields("", "event", {"location_basis": _STR, "status": _STR}),
    **_fields("evidence_", "evidence", {"sentence": _STR, "start": _INT32, "end": _INT32}),
    **_fields("", "evidence", {"trigger": _STR, "rule": _STR}),
    "confidence": (_FLOAT, "event.confidence"),
    "extra": (_STR, None),
    "publication_date": (_DAY, "article.publication_date"),
    **_fields("article_", "article", {"source": _STR, "url": _STR, "title": _STR}),
}
"""Records: ``event``, its sub-records ``source``, ``target``, ``plover``, ``date``, ``location``,
``evidence`` (a missing one reads as nulls), and the event's ``article``."""
_EVENT_RECORDS = {"event", "source", "target", "plover", "date", "location", "evidence"}
"""The records that make up the ``event_to_json`` shape (the article is stored alongside)."""
_PER_ARTICLE = {name for name, (_, source) in EVENT_COLUMNS.items() if (source or "").startswith("article.")}

ARTICLE_COLUMNS: Columns = {
    "content_hash": (_STR, "article.content_hash"),
    "article_id": (_STR, "article.id"),
    **_fields("", "article", {"publication_date": _DAY, "title": _STR, "url": _STR}),
    **_fields("", "article", {"source": _STR, "language": _STR, "origin": _STR, "flags": _STRS}),
    "text": (_STR, "article.text"),
    "num_events": (_INT32, None),
    "ingested_at": (_STAMP, None),
}
"""Records: ``article``."""

ERROR_COLUMNS: Columns = {
    "error_id": (_STR, None),
    **_fields("", "error", {"origin": _STR, "kind": _STR, "reason": _STR, "record_id": _STR}),
    "excerpt": (_STR, "error.excerpt"),
    "ingested_at": (_STAMP, None),
}
"""Records: ``error``."""


def _schema(columns: Columns) -> pa.Schema:
    return pa.schema([(name, kind) for name, (kind, _) in columns.items()])


EVENTS_SCHEMA = _schema(EVENT_COLUMNS)
"""One row per event. ``dyad_key`` is the undirected actor pair ``"CHN|RUS"`` (country, else code),
a compact column that makes dyad queries a single equality test."""

ARTICLES_SCHEMA = _schema(ARTICLE_COLUMNS)
"""One row per distinct article (content hash)."""

ERRORS_SCHEMA = _schema(ERROR_COLUMNS)
"""One row per distinct rejected record (``error_id`` hashes origin, kind, reason and excerpt)."""

SCHEMAS: dict[str, pa.Schema] = {
    "articles": ARTICLES_SCHEMA,
    "events": EVENTS_SCHEMA,
    "errors": ERRORS_SCHEMA,
}
TABLES: tuple[str, ...] = ("articles", "events", "errors")

_ABSENT = SimpleNamespace(**dict.fromkeys(chain(_ACTOR_FIELDS, _PLACE_FIELDS, ("type", "mode")), None))
"""Stands in for a missing actor, place or PLOVER code, so that every field of it reads as null."""


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


def _list_array(values: list[Sequence[str] | None]) -> pa.Array:
    # Building list<string> from Python lists is slow in Arrow; offsets + flat values is 10x faster.
    mask = None
    lists = cast(list[Sequence[str]], values)
    if None in values:
        mask = pa.array([v is None for v in values], pa.bool_())
        lists = [() if v is None else v for v in values]
    offsets = pa.array([0, *accumulate(map(len, lists))], _INT32)
    flat = pa.array(list(chain.from_iterable(lists)), _STR)
    return pa.ListArray.from_arrays(offsets, flat, mask=mask)


def _arrays(
    columns: Columns, records: Mapping[str, list[Any]], computed: Mapping[str, Sequence[Any]]
) -> Iterator[tuple[str, pa.Array]]:
    """``(column, array)`` for each column, from ``computed`` if given there, else from ``records``.

    Columns with no source and no computed values are left out (the caller derives them later).
    A generator, so that the caller can hand each array on as soon as it exists.
    """
    for name, (kind, source) in columns.items():
        if name in computed:
            yield name, pa.array(computed[name], kind)
        elif source is not None:
            record, attribute = source.split(".")
            values = list(map(attrgetter(attribute), records[record]))
            yield name, _list_array(values) if kind == _STRS else pa.array(values, kind)


@lru_cache(maxsize=4096)
def _extra_json(extra: tuple[tuple[str, str], ...]) -> str | None:
    # Events carry few distinct extras (the coder writes a clause depth on each): one json.dumps
    # per distinct value instead of one per event (which cost ~2 us x every event).
    return json.dumps(dict(extra)) if extra else None


def _table(schema: pa.Schema, arrays: Mapping[str, pa.Array]) -> pa.Table:
    return pa.Table.from_arrays([arrays[name] for name in schema.names], schema=schema)


def _present(records: Iterator[Any]) -> list[Any]:
    return [_ABSENT if record is None else record for record in records]


def _actor_keys(country: pa.Array, code: pa.Array) -> pa.Array:
    # actor_key over columns: the country (an empty one counts as missing), else the code, else "".
    country = pc.if_else(pc.equal(country, ""), pa.scalar(None, _STR), country)
    return pc.coalesce(country, code, pa.scalar("", _STR))


def _dyad_keys(arrays: Mapping[str, pa.Array]) -> pa.Array:
    """:func:`dyad_key` computed in Arrow from the actor columns (a test checks they agree)."""
    a = _actor_keys(arrays["source_country"], arrays["source_code"])
    b = _actor_keys(arrays["target_country"], arrays["target_code"])
    ordered = pc.less_equal(a, b)
    return pc.binary_join_element_wise(pc.if_else(ordered, a, b), pc.if_else(ordered, b, a), "|")


def events_table(results: Sequence[ArticleResult], hashes: Sequence[str] | None = None) -> pa.Table:
    """Flatten the events of ``results`` into an Arrow table with :data:`EVENTS_SCHEMA`.

    Rows are ordered by ``date_start`` (then input order), so segments are date-clustered.
    ``hashes`` are the articles' content hashes, when the caller has computed them already.
    """
    with gc_paused():
        return _events_table(results, {} if hashes is None else {"article_hash": hashes})


def _events_table(results: Sequence[ArticleResult], computed: dict[str, Sequence[Any]]) -> pa.Table:
    events = [e for r in results for e in r.events]
    dates = [e.date for e in events]
    optional = ("source", "target", "plover", "location")  # sub-records an event may lack
    records: dict[str, list[Any]] = {name: _present(map(attrgetter(name), events)) for name in optional}
    records.update(event=events, article=[r.article for r in results], date=dates)
    records["evidence"] = [e.evidence for e in events]
    computed["extra"] = [
        _extra_json((*e.extra, ("story_event", e.story_event)) if e.story_event else e.extra) for e in events
    ]
    # Every column is built in input order (records are then read in the order they were created,
    # which the CPU cache likes far better than date order) and put in date order by a worker
    # thread while the next column is built: Arrow's take runs without the GIL. Article columns
    # are built once per article and spread over its events by the same take.
    computed["date_start"] = starts = pa.array([d.start for d in dates], _DAY)
    order = pc.sort_indices(starts)  # a stable sort: ties keep input order
    offsets = pa.array([0, *accumulate(len(r.events) for r in results)], _INT32)
    article_of_event = pa.ListArray.from_arrays(offsets, pa.nulls(len(events))).value_parent_indices()
    article_order = article_of_event.take(order)
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = {
            name: pool.submit(array.take, article_order if name in _PER_ARTICLE else order)
            for name, array in _arrays(EVENT_COLUMNS, records, computed)
        }
    arrays = {name: future.result() for name, future in pending.items()}
    arrays["dyad_key"] = _dyad_keys(arrays)
    return _table(EVENTS_SCHEMA, arrays)


def articles_table(
    results: Sequence[ArticleResult], ingested_at: datetime, hashes: Sequence[str] | None = None
) -> pa.Table:
    """One row per article of ``results`` with :data:`ARTICLES_SCHEMA`.

    ``hashes`` are the articles' content hashes, when the caller has computed them already.
    """
    computed: dict[str, Sequence[Any]] = {
        "num_events": [len(r.events) for r in results],
        "ingested_at": [ingested_at] * len(results),
    }
    if hashes is not None:
        computed["content_hash"] = hashes
    with gc_paused():
        arrays = _arrays(ARTICLE_COLUMNS, {"article": [r.article for r in results]}, computed)
        return _table(ARTICLES_SCHEMA, dict(arrays))


def errors_table(errors: Sequence[ReadError], ingested_at: datetime) -> pa.Table:
    """One row per rejected record with :data:`ERRORS_SCHEMA`."""
    computed: dict[str, Sequence[Any]] = {
        "error_id": [error_id(e) for e in errors],
        "ingested_at": [ingested_at] * len(errors),
    }
    return _table(ERRORS_SCHEMA, dict(_arrays(ERROR_COLUMNS, {"error": list(errors)}, computed)))


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


def _json_value(value: Any, kind: pa.DataType) -> Any:
    """A stored value as ``event_to_json`` gives it (DuckDB and pandas return numpy and date types)."""
    if value is None:
        return None
    if pa.types.is_integer(kind):
        return int(value)
    if pa.types.is_floating(kind):
        return float(value)
    if pa.types.is_date(kind):
        return _iso(value)
    if pa.types.is_list(kind):  # a list, an array, or "A|B" from a flat export
        return [item for item in (value.split("|") if isinstance(value, str) else value) if item]
    return value


def row_to_event_json(raw: Mapping[str, Any]) -> dict[str, object]:
    """Turn one ``events`` row (dict from DuckDB or pandas) back into the ``event_to_json`` shape.

    :data:`EVENT_COLUMNS` lists the columns in the order of that shape: event fields become keys,
    the columns of a sub-record (``date_start`` ...) become one nested object, null when the
    sub-record was missing (all its columns are null).
    """
    shape: dict[str, Any] = {}
    for column, (kind, source) in EVENT_COLUMNS.items():
        record, _, attribute = (source or "").partition(".")
        if record not in _EVENT_RECORDS:
            continue
        value = _json_value(_nan_to_none(raw.get(column)), kind)
        if record == "event":
            shape[attribute] = value
        else:
            shape.setdefault(record, {})[attribute] = value
    for record in _EVENT_RECORDS - {"event"}:
        if all(value is None for value in shape[record].values()):
            shape[record] = None
    if shape["plover"] is not None:
        shape["plover"]["mode"] = shape["plover"]["mode"] or ""
    extra = _nan_to_none(raw.get("extra"))
    shape["story_event"] = json.loads(extra).get("story_event") if isinstance(extra, str) else None
    return shape
