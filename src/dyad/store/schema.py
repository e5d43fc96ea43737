"""Table schemas of the event store and the conversions between model records and flat rows.

Three tables live in the store: ``articles`` (one row per distinct article, keyed by its content
hash), ``events`` (one flat row per coded event) and ``errors`` (rejected input records). Events are
flattened into columns so that DuckDB can filter and aggregate them without unpacking JSON;
:func:`row_to_event_json` turns a row back into the documented ``event_to_json`` shape.

Columns are built column-by-column with comprehensions (not row dicts) because this is the hot
path of bulk writes: it keeps flattening at a few microseconds per event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
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

SCHEMAS: dict[str, pa.Schema] = {"articles": ARTICLES_SCHEMA, "events": EVENTS_SCHEMA, "errors": ERRORS_SCHEMA}
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


def _actor_columns(actors: list[Actor | None], prefix: str) -> dict[str, list[Any]]:
    return {
        f"{prefix}_text": [a.text if a else None for a in actors],
        f"{prefix}_code": [a.code if a else None for a in actors],
        f"{prefix}_country": [a.country if a else None for a in actors],
        f"{prefix}_sector": [list(a.sector) if a else None for a in actors],
        f"{prefix}_name": [a.name if a else None for a in actors],
        f"{prefix}_kind": [a.kind if a else None for a in actors],
        f"{prefix}_start": [a.start if a else None for a in actors],
        f"{prefix}_end": [a.end if a else None for a in actors],
    }


def events_table(results: Sequence[ArticleResult]) -> pa.Table:
    """Flatten the events of ``results`` into an Arrow table with :data:`EVENTS_SCHEMA`."""
    pairs = [(r.article, r.article.content_hash, e) for r in results for e in r.events]
    events: list[Event] = [e for _, _, e in pairs]
    sources = [e.source for e in events]
    targets = [e.target for e in events]
    places = [e.location for e in events]
    plovers = [e.plover for e in events]
    columns: dict[str, list[Any]] = {
        "event_id": [e.event_id for e in events],
        "article_id": [e.article_id for e in events],
        "article_hash": [h for _, h, _ in pairs],
        "sentence_index": [e.sentence_index for e in events],
        **_actor_columns(sources, "source"),
        **_actor_columns(targets, "target"),
        "dyad_key": [dyad_key(s, t) for s, t in zip(sources, targets, strict=True)],
        "cameo": [e.cameo for e in events],
        "root": [e.root for e in events],
        "quad_class": [e.quad_class for e in events],
        "goldstein": [e.goldstein for e in events],
        "plover_type": [p.type if p else None for p in plovers],
        "plover_mode": [p.mode if p else None for p in plovers],
        "acled": [e.acled for e in events],
        "date_value": [e.date.value for e in events],
        "date_start": [e.date.start for e in events],
        "date_end": [e.date.end for e in events],
        "date_granularity": [e.date.granularity for e in events],
        "date_basis": [e.date.basis for e in events],
        "date_text": [e.date.text for e in events],
        "location_name": [p.name if p else None for p in places],
        "location_country": [p.country if p else None for p in places],
        "location_admin1": [p.admin1 if p else None for p in places],
        "location_lat": [p.lat if p else None for p in places],
        "location_lon": [p.lon if p else None for p in places],
        "location_geonameid": [p.geonameid if p else None for p in places],
        "location_feature": [p.feature if p else None for p in places],
        "location_basis": [e.location_basis for e in events],
        "status": [e.status for e in events],
        "evidence_sentence": [e.evidence.sentence for e in events],
        "evidence_start": [e.evidence.start for e in events],
        "evidence_end": [e.evidence.end for e in events],
        "trigger": [e.evidence.trigger for e in events],
        "rule": [e.evidence.rule for e in events],
        "confidence": [e.confidence for e in events],
        "extra": [json.dumps(dict(e.extra)) if e.extra else None for e in events],
        "publication_date": [a.publication_date for a, _, _ in pairs],
        "article_source": [a.source for a, _, _ in pairs],
        "article_url": [a.url for a, _, _ in pairs],
        "article_title": [a.title for a, _, _ in pairs],
    }
    return pa.table(columns, schema=EVENTS_SCHEMA)


def articles_table(results: Sequence[ArticleResult], ingested_at: datetime) -> pa.Table:
    """One row per article of ``results`` with :data:`ARTICLES_SCHEMA`."""
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
