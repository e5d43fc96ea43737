"""Dyad time series: how two actors treat each other, period by period.

For a pair of actors, :func:`dyad_series` counts events per week or month by QuadClass and averages
their Goldstein scores; empty periods between the first and last are kept (with zero counts) so that
plots and sparklines show gaps as gaps. :func:`sparkline` and :func:`write_plot` draw it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from dyad.analysis.queries import ANALYSIS_STATUSES, actor_clause
from dyad.errors import DyadError

if TYPE_CHECKING:
    import pandas as pd

FREQUENCIES = ("week", "month")
SERIES_COLUMNS = ("period", "events", "q1", "q2", "q3", "q4", "mean_goldstein")
_BLOCKS = "▁▂▃▄▅▆▇█"


def pair_clause(a: str, b: str, directed: bool, params: list[object]) -> str:
    """SQL selecting the events between ``a`` and ``b`` (both directions unless ``directed``)."""
    if not directed and all(len(x) == 3 and x.isalpha() and x.isupper() for x in (a, b)):
        # Fast path for two country codes: the compact undirected pair column, one equality test.
        params.append(f"{min(a, b)}|{max(a, b)}")
        return "dyad_key = ?"
    forward = f"({actor_clause('source', a, params)} AND {actor_clause('target', b, params)})"
    if directed:
        return forward
    backward = f"({actor_clause('source', b, params)} AND {actor_clause('target', a, params)})"
    return f"({forward} OR {backward})"


def dyad_series(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    freq: str = "week",
    directed: bool = False,
    statuses: Sequence[str] | None = ANALYSIS_STATUSES,
) -> pd.DataFrame:
    """Events between ``a`` and ``b`` per period: counts by QuadClass and mean Goldstein.

    Args:
        a, b: country codes (``CHN``), actor codes (``USAGOV``, prefix match) or names.
        freq: ``week`` (ISO weeks, starting Monday) or ``month``; periods are labelled by first day.
        directed: only events with ``a`` as source and ``b`` as target; else both directions.
        statuses: event statuses counted (asserted only by default); None counts all.

    Returns:
        One row per period from the first to the last with events: ``period, events, q1..q4,
        mean_goldstein`` (NaN for empty periods).
    """
    if freq not in FREQUENCIES:
        raise DyadError(f"unknown frequency {freq!r}: choose 'week' or 'month'.")
    params: list[object] = []
    where = pair_clause(a, b, directed, params)
    if statuses:
        where += f" AND status IN ({', '.join('?' for _ in statuses)})"
        params.extend(statuses)
    query = f"""
        WITH chosen AS (
            SELECT CAST(date_trunc('{freq}', date_start) AS DATE) AS period, quad_class, goldstein
            FROM events WHERE {where}
        ),
        counted AS (
            SELECT period, count(*) AS events,
                   count(*) FILTER (WHERE quad_class = 1) AS q1, count(*) FILTER (WHERE quad_class = 2) AS q2,
                   count(*) FILTER (WHERE quad_class = 3) AS q3, count(*) FILTER (WHERE quad_class = 4) AS q4,
                   avg(goldstein) AS mean_goldstein
            FROM chosen GROUP BY period
        ),
        periods AS (
            SELECT CAST(unnest(generate_series(min(period), max(period), INTERVAL 1 {freq})) AS DATE)
                   AS period
            FROM counted HAVING count(*) > 0
        )
        SELECT p.period, coalesce(c.events, 0) AS events, coalesce(c.q1, 0) AS q1, coalesce(c.q2, 0) AS q2,
               coalesce(c.q3, 0) AS q3, coalesce(c.q4, 0) AS q4, round(c.mean_goldstein, 3) AS mean_goldstein
        FROM periods p LEFT JOIN counted c USING (period) ORDER BY p.period
    """
    return con.sql(query, params=params).df()


def sparkline(values: Sequence[float | None], low: float = -10.0, high: float = 10.0) -> str:
    """One block character per value on a fixed ``low..high`` scale (Goldstein); blanks for gaps.

    A fixed scale keeps sparklines of different dyads comparable: a full block is always +10.
    """
    line = []
    for value in values:
        if value is None or value != value:  # None or NaN: no events that period
            line.append(" ")
            continue
        share = (min(max(float(value), low), high) - low) / (high - low)
        line.append(_BLOCKS[min(int(share * len(_BLOCKS)), len(_BLOCKS) - 1)])
    return "".join(line)


def write_plot(series: pd.DataFrame, path: Path, title: str) -> None:
    """Write a stacked QuadClass bar chart with the mean Goldstein line, as HTML or PNG.

    HTML embeds plotly.js so the file works offline. PNG needs the optional ``kaleido`` package.
    """
    suffix = path.suffix.lower()
    if suffix not in (".html", ".png"):
        raise DyadError(f"{path}: plots are written as .html or .png; choose one of those file names.")
    if suffix == ".png" and importlib.util.find_spec("kaleido") is None:
        raise DyadError(
            f"{path}: writing PNG needs the optional 'kaleido' package, which is not installed. "
            f"Write an interactive plot instead: --plot {path.with_suffix('.html')}"
        )
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    names = {
        "q1": "Verbal cooperation",
        "q2": "Material cooperation",
        "q3": "Verbal conflict",
        "q4": "Material conflict",
    }
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    for column, name in names.items():
        figure.add_trace(go.Bar(x=series["period"], y=series[column], name=name), secondary_y=False)
    figure.add_trace(
        go.Scatter(
            x=series["period"],
            y=series["mean_goldstein"],
            name="Mean Goldstein",
            mode="lines+markers",
            connectgaps=False,
        ),
        secondary_y=True,
    )
    figure.update_layout(barmode="stack", title=title)
    figure.update_yaxes(title_text="events", secondary_y=False)
    figure.update_yaxes(title_text="mean Goldstein", range=[-10, 10], secondary_y=True)
    if suffix == ".html":
        figure.write_html(str(path), include_plotlyjs=True)
    else:
        figure.write_image(str(path))
