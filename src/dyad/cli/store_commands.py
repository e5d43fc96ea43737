"""Store commands: ingest, events, dyad, top, network, sql, export.

Each command parses its options, calls one library function in ``dyad.store`` or
``dyad.analysis``, and formats the result with :func:`dyad.cli.output.emit`.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dyad.cli.app import app
from dyad.cli.output import Format, FormatOption, InputFormatOption, OutOption, emit
from dyad.errors import DyadError
from dyad.model import ReadError

if TYPE_CHECKING:
    import pandas as pd

    from dyad.store.store import Store

StoreOption = Annotated[
    Path,
    typer.Option("--store", "-s", envvar="DYAD_STORE", help="Event store directory (env DYAD_STORE)."),
]
DEFAULT_STORE = Path("dyad-data")
_SHOWN_REJECTIONS = 50
"""Rejections an ingest prints one by one; the rest are counted (all are stored in ``errors``)."""
EVENT_COLUMNS = ["date", "source", "cameo", "target", "status", "trigger", "evidence"]


def _open(path: Path, create: bool = False) -> Store:
    from dyad.store.store import Store

    return Store(path, create=create)


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    from dyad.readers.dates import parse_date

    try:
        return parse_date(value)
    except ValueError as error:
        raise DyadError(f"{option}: {error}") from None


def _statuses(value: str | None, default: tuple[str, ...] | None) -> tuple[str, ...] | None:
    from dyad.model import STATUSES

    if value is None:
        return default
    if value == "all":
        return None
    chosen = tuple(s.strip() for s in value.split(",") if s.strip())
    unknown = [s for s in chosen if s not in STATUSES]
    if unknown:
        raise DyadError(f"unknown status {', '.join(unknown)}: choose from {', '.join(STATUSES)} or 'all'.")
    return chosen


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10] if hasattr(value, "hour") else value.isoformat()
    if getattr(value, "ndim", 0):  # numpy array (list columns)
        return value.tolist()
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as JSON-ready dicts (NaN -> None, dates -> ISO text)."""
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


@app.command()
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(help="Files or directories to ingest.")] = None,
    store: StoreOption = DEFAULT_STORE,
    date_: Annotated[
        str | None, typer.Option("--date", help="Publication date for inputs without one.")
    ] = None,
    strict: Annotated[bool, typer.Option(help="Stop at the first bad record.")] = False,
    batch_size: Annotated[int, typer.Option(help="Articles per NLP batch.", min=1)] = 32,
    sample: Annotated[bool, typer.Option(help="Ingest the sample corpus shipped with Dyad.")] = False,
    commit_every: Annotated[
        int, typer.Option(help="Records per committed store batch (a crash loses at most one).", min=1)
    ] = 256,
    engine: Annotated[str, typer.Option(help="Batch engine: local (all cores) or dask.")] = "local",
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: all cores).", min=1)] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address (default: start a LocalCluster).")
    ] = None,
    fmt: FormatOption = Format.table,
    input_format: InputFormatOption = None,
) -> None:
    """Code documents and add their events to the store; already stored articles are skipped.

    Exit status: 0 when every record was read, 2 when some were rejected (see `dyad sql "select *
    from errors"`).

    Example: dyad ingest news/ --store dyad-data --date 2024-05-16 --engine dask --workers 2
    """
    from dyad.engines import get_engine
    from dyad.store.ingest import ingest as run_ingest
    from dyad.store.ingest import sample_paths

    chosen = list(paths or []) + (sample_paths() if sample else [])
    if not chosen:
        raise DyadError("nothing to ingest: give files or directories, or --sample for the sample corpus.")
    shown = [0]

    def report(rejected: ReadError) -> None:  # each rejection on standard error, as it is met
        shown[0] += 1
        if shown[0] <= _SHOWN_REJECTIONS:
            where = rejected.origin + (f" (record {rejected.record_id})" if rejected.record_id else "")
            typer.echo(f"dyad: rejected {where}: {rejected.reason}", err=True)

    with get_engine(engine, workers, scheduler) as runner:
        summary = run_ingest(
            chosen,
            _open(store, create=True),
            _day(date_, "--date"),
            strict,
            batch_size=batch_size,
            commit_every=commit_every,
            code=runner.code,
            on_rejected=report,
            on_note=lambda note: typer.echo(f"dyad: {note}", err=True),
            format=input_format.value if input_format else None,
        )
    if shown[0] > _SHOWN_REJECTIONS:
        typer.echo(
            f"dyad: ... and {shown[0] - _SHOWN_REJECTIONS} more rejections: "
            f'dyad sql "select origin, reason from errors" --store {store}',
            err=True,
        )
    row = {name: getattr(summary, name) for name in summary.__dataclass_fields__}
    emit([row], fmt, title="ingest")
    if not summary.ok:
        raise typer.Exit(2)


@app.command("events")
def events_command(
    store: StoreOption = DEFAULT_STORE,
    actor: Annotated[
        str | None, typer.Option(help="Either side: code/country (CHN, RUSGOV) or name.")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Acting side: code/country or name.")] = None,
    target: Annotated[str | None, typer.Option(help="Acted-upon side: code/country or name.")] = None,
    countries: Annotated[
        str | None, typer.Option(help="Country pair, e.g. CHN,RUS (both directions).")
    ] = None,
    cameo: Annotated[str | None, typer.Option(help="CAMEO code prefix, e.g. 05 or 057.")] = None,
    quad_class: Annotated[int | None, typer.Option(help="QuadClass 1-4.", min=1, max=4)] = None,
    plover: Annotated[str | None, typer.Option(help="PLOVER type, e.g. AGREE.")] = None,
    status: Annotated[str | None, typer.Option(help="Comma-separated statuses, or 'all'.")] = None,
    start: Annotated[str | None, typer.Option(help="From this day (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option(help="Up to this day (YYYY-MM-DD).")] = None,
    place: Annotated[str | None, typer.Option(help="Place name or ISO alpha-3 country.")] = None,
    text: Annotated[str | None, typer.Option(help="Text in the evidence sentence.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many events.", min=0)] = 50,
    fmt: FormatOption = Format.table,
    out: OutOption = None,
) -> None:
    """List stored events matching filters, oldest first.

    Example: dyad events --countries CHN,RUS --start 2024-01-01 --quad-class 4 --limit 20
    """
    from dyad.analysis.queries import EventFilter
    from dyad.store.schema import row_to_event_json

    pair = tuple(c.strip().upper() for c in countries.split(",")) if countries else None
    if pair is not None and len(pair) != 2:
        raise DyadError(f"--countries {countries!r}: give exactly two codes, e.g. CHN,RUS.")
    spec = EventFilter(
        actor=actor,
        source=source,
        target=target,
        countries=pair,
        cameo=cameo,
        quad_class=quad_class,
        plover_type=plover,
        status=_statuses(status, None),
        start=_day(start, "--start"),
        end=_day(end, "--end"),
        place=place,
        text=text,
    )
    rows = records(_open(store).events(spec, limit=limit))
    if fmt is Format.table:
        summary = [
            {
                "date": r["date_start"],
                "source": r["source_code"],
                "cameo": r["cameo"],
                "target": r["target_code"],
                "status": r["status"],
                "trigger": r["trigger"],
                "evidence": _excerpt(r["evidence_sentence"]),
            }
            for r in rows
        ]
        emit(summary, fmt, out, EVENT_COLUMNS, title=f"{len(rows)} events")
    elif fmt is Format.csv:
        emit(rows, fmt, out)
    else:
        emit((row_to_event_json(r) for r in rows), fmt, out)


def _excerpt(sentence: str | None, width: int = 70) -> str:
    text = " ".join((sentence or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command("dyad")
def dyad_command(
    a: Annotated[str, typer.Argument(help="First actor: country (CHN), code (USAGOV) or name.")],
    b: Annotated[str, typer.Argument(help="Second actor.")],
    store: StoreOption = DEFAULT_STORE,
    freq: Annotated[str, typer.Option(help="Period: week or month.")] = "week",
    directed: Annotated[bool, typer.Option(help="Only events from A to B.")] = False,
    status: Annotated[str | None, typer.Option(help="Statuses counted (default asserted), or 'all'.")] = None,
    plot: Annotated[
        Path | None, typer.Option(help="Also write a plot: FILE.html (offline) or FILE.png.")
    ] = None,
    fmt: FormatOption = Format.table,
    out: OutOption = None,
) -> None:
    """Time series of a dyad: events per period by QuadClass and mean Goldstein, with a sparkline.

    Example: dyad dyad CHN RUS --freq month --plot chn-rus.html
    """
    from dyad.analysis.queries import ANALYSIS_STATUSES
    from dyad.analysis.series import SERIES_COLUMNS, sparkline, write_plot

    frame = _open(store).dyad_series(
        a, b, freq, directed=directed, statuses=_statuses(status, ANALYSIS_STATUSES)
    )
    rows = records(frame)
    arrow = "→" if directed else "↔"
    emit(rows, fmt, out, list(SERIES_COLUMNS), title=f"{a} {arrow} {b} per {freq}")
    if fmt is Format.table and out is None:
        line = sparkline([r["mean_goldstein"] for r in rows])
        typer.echo(f"mean Goldstein (-10..+10): {line or 'no events'}")
    if plot is not None:
        write_plot(frame, plot, f"{a} {arrow} {b}: events per {freq}")
        typer.echo(f"plot written to {plot}", err=True)


@app.command()
def top(
    kind: Annotated[str, typer.Argument(help="What to rank: actors or dyads.")],
    store: StoreOption = DEFAULT_STORE,
    n: Annotated[int, typer.Option("--n", "-n", help="How many.", min=1)] = 20,
    by: Annotated[str, typer.Option(help="Actor level: code or country.")] = "",
    directed: Annotated[bool, typer.Option(help="Dyads: keep direction.")] = False,
    fmt: FormatOption = Format.table,
    out: OutOption = None,
) -> None:
    """The most frequent actors or dyads among asserted events, with mean Goldstein.

    Example: dyad top dyads --by country -n 10
    """
    if kind not in ("actors", "dyads"):
        raise DyadError(f"unknown ranking {kind!r}: choose 'actors' or 'dyads'.")
    options: dict[str, Any] = {"by": by or ("code" if kind == "actors" else "country")}
    if kind == "dyads":
        options["directed"] = directed
    emit(records(_open(store).top(kind, n, **options)), fmt, out, title=f"top {kind}")


@app.command()
def network(
    store: StoreOption = DEFAULT_STORE,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write FILE.graphml or FILE.json.")] = None,
    by: Annotated[str, typer.Option(help="Node level: country or code.")] = "country",
    min_weight: Annotated[int, typer.Option(help="Keep edges with at least this many events.", min=1)] = 1,
    fmt: FormatOption = Format.table,
) -> None:
    """The actor network of asserted events: weighted directed edges with mean Goldstein.

    Example: dyad network --by country --min-weight 5 --out network.graphml
    """
    from dyad.analysis.network import write_network

    graph = _open(store).network(by=by, min_weight=min_weight)
    if out is not None:
        write_network(graph, out)
        typer.echo(f"{len(graph.nodes)} nodes, {len(graph.edges)} edges written to {out}", err=True)
        return
    if fmt is Format.json:  # the whole graph, in the documented {"nodes", "edges"} shape
        typer.echo(json.dumps(graph.to_json(), indent=1))
        return
    emit(graph.to_json()["edges"], fmt, title="network edges")


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="One SELECT over articles, events, errors, clusters.")],
    store: StoreOption = DEFAULT_STORE,
    fmt: FormatOption = Format.table,
    out: OutOption = None,
) -> None:
    """Run a read-only SQL query (DuckDB dialect) over the store's tables.

    Example: dyad sql "select root, count(*) from events group by root order by 2 desc"
    """
    emit(records(_open(store).sql(query)), fmt, out)


@app.command()
def export(
    to: Annotated[str, typer.Option("--to", help="gdelt, plover, csv or parquet.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Export every event as GDELT 2.0 TSV, PLOVER JSON lines, CSV or Parquet.

    Example: dyad export --to gdelt --out events.tsv
    """
    count = _open(store).export(to, out)
    typer.echo(f"{count} events written to {out}", err=True)
