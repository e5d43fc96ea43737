"""``dyad eval``: score the event coder on a gold file.

Real news first: ``voa`` (sentence-level multi-event JSONL in the VOA coding guide's shape, scored
against the stories it refers to) and ``plv`` (real news sentences with one PLOVER event each). The
codebook-example sets (PETRARCH XML, PLOVER GSR JSON) and CASE TSV stay as regression guards.
"""

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

    voa = "voa"
    plv = "plv"
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


_REAL_NEWS_SCORES = {
    "voa": (
        "sentences",
        "stories",
        "gold_units",
        "predicted_units",
        "exact_sentence_share",
        "code3_agreement",
        "status_agreement",
        "date_agreement",
        "date_compatible",
    ),
    "plv": ("sentences", "type_found", "type_source_target", "false_per_sentence"),
}


def _print_real_news(report: dict[str, Any], out: Path | None) -> None:
    """Headline scores, per-root table, confusion, error causes and misses of a voa/plv report."""
    kind = str(report["gold"])
    rows: list[dict[str, Any]] = []
    for name in ("sentence", "story"):
        if name in report:
            rows.extend({"score": f"{name}.{k}", "value": v} for k, v in report[name].items())
    rows.extend({"score": k, "value": report[k]} for k in _REAL_NEWS_SCORES[kind] if k in report)
    emit(rows, Format.table, out, columns=["score", "value"], title=f"scores ({report.get('split', 'all')})")
    per = report.get("per_root") or report.get("per_type") or {}
    emit(
        ({"label": k} | v for k, v in per.items()),
        Format.table,
        None,
        columns=["label", "precision", "recall", "f1", "support"],
        title="per root" if kind == "voa" else "per type",
    )
    confusion = [
        {"gold": g, "predicted": p, "count": n}
        for g, row in report["confusion"].items()
        for p, n in row.items()
        if g != p
    ]
    confusion.sort(key=lambda r: -r["count"])
    emit(
        confusion[:30], Format.table, None, columns=["gold", "predicted", "count"], title="confusion (errors)"
    )
    errors = report["errors"]
    emit(
        ({"cause": c, "count": n, "share": errors["missed_share"][c]} for c, n in errors["missed"].items()),
        Format.table,
        None,
        columns=["cause", "count", "share"],
        title="why gold events were missed",
    )
    if "false" in errors:
        emit(
            ({"kind": k, "count": n} for k, n in errors["false"].items()),
            Format.table,
            None,
            columns=["kind", "count"],
            title="false events",
        )
    emit(
        ({**m, "gold": str(m["gold"]), "predicted": str(m["predicted"])} for m in report["misses"]),
        Format.table,
        None,
        columns=["id", "gold", "predicted", "text"],
        title="misses",
    )


def _print_tables(report: dict[str, Any], out: Path | None) -> None:
    if report.get("gold") in _REAL_NEWS_SCORES:
        _print_real_news(report, out)
        return
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
    path: Annotated[
        Path,
        typer.Argument(
            help="Gold file: VOA-guide .jsonl, PLV .csv, PETRARCH .xml, PLOVER GSR .json or CASE .tsv."
        ),
    ],
    gold: Annotated[
        Gold, typer.Option("--gold", help="Format of the gold file: voa, plv, petrarch, plover or case.")
    ],
    fmt: FormatOption = Format.table,
    out: OutOption = None,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Score only the first N records.", min=1)
    ] = None,
    misses: Annotated[int, typer.Option("--misses", help="List at most this many misses.", min=0)] = 50,
    stories: Annotated[
        Path | None,
        typer.Option(
            "--stories", help="voa: the stories JSONL (id, date, text) the gold sentences refer to."
        ),
    ] = None,
    split: Annotated[
        str | None, typer.Option("--split", help="voa: score only this split of the gold (train, dev, test).")
    ] = None,
) -> None:
    """Score event coding against a gold file: P/R/F1 overall and per code, confusion, error causes, misses.

    Example: dyad eval data/gold/voa/sentences.jsonl --gold voa --split dev \\
        --stories ../shared/eval/voa/stories.jsonl
    """
    from dyad.evaluation.case import evaluate_case
    from dyad.evaluation.events import evaluate_petrarch, evaluate_plover
    from dyad.evaluation.plv import evaluate_plv
    from dyad.evaluation.sentences import evaluate_sentences

    if not path.is_file():
        raise typer.BadParameter(
            f"{path} is not a file; give the gold file to score against", param_hint="PATH"
        )
    if gold is Gold.voa and (stories is None or not stories.is_file()):
        raise typer.BadParameter(
            "--gold voa needs --stories, the JSONL file of the stories the gold sentences refer to",
            param_hint="--stories",
        )
    try:
        if gold is Gold.voa:
            assert stories is not None
            report = evaluate_sentences(path, stories, split=split, limit=limit, max_misses=misses)
        elif gold is Gold.plv:
            report = evaluate_plv(path, limit=limit, max_misses=misses)
        elif gold is Gold.case:
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
