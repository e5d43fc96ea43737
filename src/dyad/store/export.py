"""Exports of the events table: GDELT 2.0 TSV, PLOVER/POLECAT-style JSON lines, CSV, Parquet.

GDELT 2.0 event table (:data:`GDELT_COLUMNS`, 61 tab-separated columns, no header, like GDELT's
own files). We fill what we honestly know and leave the rest empty:

* ``GLOBALEVENTID``: the first 60 bits of MD5(event_id), as a decimal integer (stable, not GDELT's).
* ``SQLDATE``/``MonthYear``/``Year``: the event's first day (``date_start``), not the publication
  date; ``FractionDate`` is year + day_of_year / 365, to 4 decimals.
* Actor ``CountryCode`` is our ISO 3166 alpha-3 code (CAMEO country codes mostly coincide);
  ``Type1..3Code`` are the actor's sector codes; known-group, ethnic and religion codes are empty.
* ``IsRootEvent`` is 1 when the event is in the article's first sentence (GDELT: first paragraph).
* ``NumMentions``/``NumArticles``/``NumSources`` come from the event's cluster (see
  :mod:`dyad.store.cluster`); an unclustered event counts itself once. ``AvgTone`` is empty.
* Actor geography is empty (we geocode events, not actors). ``ActionGeo_*`` uses the event
  location: ``Type`` 1 country, 2/3 US state/city, 5/4 world state/city; ``CountryCode`` and
  ``ADM1Code`` are empty because GDELT uses FIPS 10-4 codes and we hold ISO codes;
  ``FeatureID`` is the GeoNames id (GDELT uses GNS/GNIS ids).
* ``DATEADDED`` is when the article entered this store (UTC, YYYYMMDDHHMMSS).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from dyad.errors import DyadError

EXPORT_FORMATS = ("gdelt", "plover", "csv", "parquet")

_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR),
    *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO),
    *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED",
    "SOURCEURL",
)
"""The 61 columns of the GDELT 2.0 event table, in file order."""


def _clean(expression: str) -> str:
    return f"regexp_replace({expression}, '[\\t\\r\\n]+', ' ', 'g')"


def _actor_sql(side: str) -> list[str]:
    return [
        f"{side}_code",
        _clean(f"upper(coalesce({side}_name, {side}_text))"),
        f"{side}_country",
        "NULL",
        "NULL",
        "NULL",
        "NULL",
        f"{side}_sector[1]",
        f"{side}_sector[2]",
        f"{side}_sector[3]",
    ]


def gdelt_select() -> str:
    """The SELECT that produces GDELT rows from ``events`` (joined to clusters and articles)."""
    geo_type = (
        "CASE e.location_feature WHEN 'country' THEN 1 "
        "WHEN 'admin1' THEN CASE WHEN e.location_country = 'USA' THEN 2 ELSE 5 END "
        "WHEN 'city' THEN CASE WHEN e.location_country = 'USA' THEN 3 ELSE 4 END END"
    )
    full_name = _clean("concat_ws(', ', e.location_name, e.location_admin1)")
    action_geo = [
        f"CASE WHEN e.location_name IS NOT NULL THEN {geo_type} END",
        f"CASE WHEN e.location_name IS NOT NULL THEN {full_name} END",
        "NULL",
        "NULL",
        "NULL",
        "e.location_lat",
        "e.location_lon",
        "e.location_geonameid",
    ]
    values = [
        "CAST(('0x' || substr(md5(e.event_id), 1, 15)) AS BIGINT)",
        "strftime(e.date_start, '%Y%m%d')",
        "strftime(e.date_start, '%Y%m')",
        "year(e.date_start)",
        "round(year(e.date_start) + dayofyear(e.date_start) / 365.0, 4)",
        *_actor_sql("e.source"),
        *_actor_sql("e.target"),
        "CASE WHEN e.sentence_index = 0 THEN 1 ELSE 0 END",
        "e.cameo",
        "substr(e.cameo, 1, 3)",
        "e.root",
        "e.quad_class",
        "e.goldstein",
        "coalesce(c.num_mentions, 1)",
        "coalesce(c.num_sources, CASE WHEN e.article_source IS NULL THEN 0 ELSE 1 END)",
        "coalesce(c.num_articles, 1)",
        "NULL",
        *["NULL"] * 16,
        *action_geo,
        "strftime(a.ingested_at, '%Y%m%d%H%M%S')",
        _clean("e.article_url"),
    ]
    assert len(values) == len(GDELT_COLUMNS), (len(values), len(GDELT_COLUMNS))
    body = ",\n  ".join(f'{v} AS "{name}"' for v, name in zip(values, GDELT_COLUMNS, strict=True))
    return (
        f"SELECT\n  {body}\nFROM events e\n"
        "LEFT JOIN event_clusters ec ON ec.event_id = e.event_id\n"
        "LEFT JOIN clusters c ON c.cluster_id = ec.cluster_id\n"
        "LEFT JOIN articles a ON a.content_hash = e.article_hash\n"
        "ORDER BY e.date_start, e.event_id"
    )


PLOVER_SELECT = """
SELECT event_id, CAST(date_start AS VARCHAR) AS event_date, date_value, plover_type AS event_type,
       plover_mode AS event_mode, cameo, quad_class, goldstein, status, confidence, acled,
       evidence_sentence AS event_text, trigger,
       source_name AS actor_name, source_code AS actor_code, source_country AS actor_country,
       source_sector AS actor_sectors,
       target_name AS recipient_name, target_code AS recipient_code, target_country AS recipient_country,
       target_sector AS recipient_sectors,
       location_name AS placename, location_admin1 AS admin1, location_country AS country,
       location_lat AS latitude, location_lon AS longitude, location_geonameid AS geonameid,
       location_feature AS feature_type,
       article_id, article_source AS source, CAST(publication_date AS VARCHAR) AS publication_date,
       article_url AS url
FROM events ORDER BY date_start, event_id
"""
"""PLOVER/POLECAT-style record: one flat object per event, the actor is the source, the recipient
the target; mode is empty when the PLOVER type has none for the CAMEO code."""


def _copy(con: duckdb.DuckDBPyConnection, select: str, out: Path, options: str) -> int:
    target = str(out).replace("'", "''")
    return int(con.execute(f"COPY ({select}) TO '{target}' ({options})").fetchall()[0][0])


def export(con: duckdb.DuckDBPyConnection, to: str, out: Path) -> int:
    """Write every event to ``out`` in format ``to``; returns the number of rows written."""
    if to not in EXPORT_FORMATS:
        raise DyadError(f"unknown export format {to!r}: choose one of {', '.join(EXPORT_FORMATS)}.")
    out.parent.mkdir(parents=True, exist_ok=True)
    if to == "gdelt":
        return _copy(con, gdelt_select(), out, "FORMAT csv, DELIMITER '\t', HEADER false")
    if to == "parquet":
        return _copy(
            con, "SELECT * FROM events ORDER BY date_start, event_id", out, "FORMAT parquet, COMPRESSION zstd"
        )
    if to == "csv":
        select = (
            "SELECT * REPLACE (array_to_string(source_sector, '|') AS source_sector, "
            "array_to_string(target_sector, '|') AS target_sector) FROM events ORDER BY date_start, event_id"
        )
        return _copy(con, select, out, "FORMAT csv, HEADER true")
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for batch in con.sql(PLOVER_SELECT).to_arrow_reader(10_000):
            for row in batch.to_pylist():
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
    return count
