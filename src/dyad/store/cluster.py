"""Event clustering: mentions of the same real-world event across articles become one cluster.

Design: clusters are computed **at query time** by two DuckDB views, ``event_clusters``
(one row per clustered event with its ``cluster_id``) and ``clusters`` (one row per cluster).
Nothing is stored, so clusters can never go stale after a batch or a compaction, and the result is
a deterministic function of the set of stored events (ingestion order and batching do not matter).
The cost is paid by whoever queries ``clusters`` (seconds at tens of millions of events); plain
``events`` queries never pay it.

Two mentions are candidates for the same event when they share the *blocking key*:

* the same ``status``: only asserted events cluster with asserted ones, claims with claims, and
  so on, so a denial never inflates the mention count of the event it denies;
* the same CAMEO root family (``root``);
* the same directed actor pair, where an actor is identified by its country (``CHNGOV`` and
  ``CHN`` are compatible) or, for actors without a country (IGOs, NGOs), by its code. Events with
  neither actor are not clustered.

Within a key, events are swept in date order and chained while their date ranges overlap
(single-linkage: A overlaps B and B overlaps C puts all three together). Within such a run,
events at different places form different clusters; an event without a place joins the run's
place when the run has exactly one, and otherwise forms a place-less cluster of its own.

``cluster_id`` is the first 16 hex digits of an MD5 of the key, the run's first day and the place,
so it is stable as long as a cluster's earliest mention does not change.
"""

from __future__ import annotations

import duckdb

EVENT_CLUSTERS_SQL = """
CREATE OR REPLACE VIEW event_clusters AS
WITH keyed AS (
    SELECT event_id, article_hash, article_source, publication_date, date_start, date_end, goldstein,
           status, root, location_name,
           coalesce(source_country, source_code, '') AS source_key,
           coalesce(target_country, target_code, '') AS target_key,
           CASE WHEN location_name IS NULL THEN NULL
                ELSE coalesce(CAST(location_geonameid AS VARCHAR),
                              location_name || '/' || coalesce(location_country, ''))
           END AS place
    FROM events
    WHERE coalesce(source_country, source_code, target_country, target_code) IS NOT NULL
),
swept AS (
    SELECT *, max(date_end) OVER (
        PARTITION BY status, root, source_key, target_key
        ORDER BY date_start, date_end, event_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
    ) AS previous_end
    FROM keyed
),
runs AS (
    SELECT *, sum(CASE WHEN previous_end IS NULL OR date_start > previous_end THEN 1 ELSE 0 END) OVER (
        PARTITION BY status, root, source_key, target_key
        ORDER BY date_start, date_end, event_id ROWS UNBOUNDED PRECEDING
    ) AS run
    FROM swept
),
placed AS (
    SELECT *,
           min(date_start) OVER w AS run_start,
           min(place) OVER w AS min_place,
           max(place) OVER w AS max_place
    FROM runs
    WINDOW w AS (PARTITION BY status, root, source_key, target_key, run)
)
SELECT event_id,
       substr(md5(concat_ws('|', status, root, source_key, target_key, CAST(run_start AS VARCHAR),
              coalesce(place, CASE WHEN min_place = max_place THEN min_place ELSE '' END))), 1, 16)
           AS cluster_id,
       status, root, source_key, target_key, location_name, article_hash, article_source,
       publication_date, date_start, date_end, goldstein
FROM placed
"""

CLUSTERS_SQL = """
CREATE OR REPLACE VIEW clusters AS
SELECT cluster_id,
       any_value(status) AS status,
       any_value(root) AS root,
       any_value(source_key) AS source_key,
       any_value(target_key) AS target_key,
       max(location_name) AS location_name,
       count(*) AS num_mentions,
       count(DISTINCT article_hash) AS num_articles,
       count(DISTINCT article_source) AS num_sources,
       min(publication_date) AS first_seen,
       max(publication_date) AS last_seen,
       min(date_start) AS date_start,
       max(date_end) AS date_end,
       avg(goldstein) AS mean_goldstein,
       min(event_id) AS representative_event_id
FROM event_clusters
GROUP BY cluster_id
"""


def create_cluster_views(con: duckdb.DuckDBPyConnection) -> None:
    """Define ``event_clusters`` and ``clusters`` on a connection that has an ``events`` view.

    ``num_sources`` counts distinct outlet names; articles without a known outlet do not count.
    """
    con.execute(EVENT_CLUSTERS_SQL)
    con.execute(CLUSTERS_SQL)
