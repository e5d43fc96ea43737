"""``dyad eval``: score the event coder on a gold file (PETRARCH XML, PLOVER GSR JSON, CASE TSV)."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from dyad.cli.app import app
from dyad.cli.output import Format, FormatOption, OutOption, emit


class Gold(str, Enum):  # noqa: UP042 - typer needs str-valued enums, like dyad.cli.output.Format
    """Gold-standard formats ``dyad eval`` reads."""

    petrarch = "petrarch"
    plover = "plover"
    case = "case"


def _summary_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per headline score (nested reports such as strict/root_only flattened)."""
    rows: list[dict[str, Any]] = []
    for key, value in report.items():
        if isinstance(value, dict) and "overall" in value:
            rows.extend({"score": f"{key}.{name}", "value": v} for name, v in value["overall"].items())
            rows.extend(
                {"score": f"{key}.{name}", "value": value[name]}
                for name in ("found_share", "false_per_sentence")
                if name in value
            )
        elif isinstance(value, int | float | str) and key not in {"gold"}:
            rows.append({"score": key, "value": value})
    if "overall" in report:
        rows.extend({"score": name, "value": v} for name, v in report["overall"].items())
    return rows


def _print_tables(report: dict[str, Any], out: Path | None) -> None:
    part = report.get("strict") or report
    emit(_summary_rows(report), Format.table, out, columns=["score", "value"], title="scores")
    emit(
        ({"label": k} | v for k, v in part["per_label"].items()),
        Format.table,
        None,
        columns=["label", "precision", "recall", "f1", "support"],
        title="per code",
    )
    confusion = [
        {"gold": g, "predicted": p, "count": n}
        for g, row in part["confusion"].items()
        for p, n in row.items()
        if g != p
    ]
    confusion.sort(key=lambda r: -r["count"])
    emit(
        confusion[:40], Format.table, None, columns=["gold", "predicted", "count"], title="confusion (errors)"
    )
    emit(part["misses"], Format.table, None, columns=["id", "gold", "predicted", "text"], title="misses")


@app.command("eval")
def evaluate(
    path: Annotated[Path, typer.Argument(help="Gold file: PETRARCH .xml, PLOVER GSR .json or CASE .tsv.")],
    gold: Annotated[Gold, typer.Option("--gold", help="Format of the gold file: petrarch, plover or case.")],
    fmt: FormatOption = Format.table,
    out: OutOption = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Score only the first N records.")] = None,
    misses: Annotated[int, typer.Option("--misses", help="List at most this many misses.")] = 50,
) -> None:
    """Score event coding against a gold file: per-code and overall P/R/F1, confusion, misses.

    Example: dyad eval ../shared/eval/plover_gsr/PLOVER_GSR_CAMEO.json --gold plover --format json
    """
    from dyad.evaluation.case import evaluate_case
    from dyad.evaluation.events import evaluate_petrarch, evaluate_plover

    if not path.is_file():
        raise typer.BadParameter(
            f"{path} is not a file; give the gold file to score against", param_hint="PATH"
        )
    try:
        if gold is Gold.case:
            # the CASE scorer belongs to the article classifier (dyad.analysis.classify)
            report = evaluate_case(path, limit=limit)
            report["misses"] = report["misses"][:misses]  # type: ignore[index]
        else:
            scorer = evaluate_petrarch if gold is Gold.petrarch else evaluate_plover
            report = scorer(path, limit=limit, max_misses=misses)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="PATH") from None
    if fmt is Format.table:
        _print_tables(report, out)
    elif fmt is Format.json:
        text = json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n"
        if out:
            out.write_text(text, encoding="utf-8")
        else:
            typer.echo(text, nl=False)
    else:
        emit([report], fmt, out)
