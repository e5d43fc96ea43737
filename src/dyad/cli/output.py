"""Shared output formatting for every command: ``--format table|jsonl|csv|json`` and ``--out FILE``."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer


class Format(StrEnum):
    """Output formats shared by all commands."""

    table = "table"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format: table, jsonl, json or csv.")
]
OutOption = Annotated[
    Path | None, typer.Option("--out", "-o", help="Write to this file instead of standard output.")
]


class InputFormat(StrEnum):
    """Input formats a reader can be told to use (mirrors :data:`dyad.readers.FORMATS`)."""

    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    txt = "txt"
    html = "html"
    parquet = "parquet"


InputFormatOption = Annotated[
    InputFormat | None,
    typer.Option(
        "--input-format",
        help="Read every input as jsonl, csv, tsv, txt, html or parquet (needed for unknown suffixes).",
    ),
]


def _flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list | tuple):
            flat[name] = "|".join(str(v) for v in value)
        else:
            flat[name] = value
    return flat


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def emit(
    records: Iterable[Mapping[str, Any]],
    fmt: Format,
    out: Path | None = None,
    columns: Sequence[str] | None = None,
    title: str | None = None,
) -> int:
    """Write records in the chosen format. Tables show ``columns`` (dotted paths); others show all.

    Returns the number of records written.
    """
    handle: TextIO = out.open("w", encoding="utf-8") if out else sys.stdout
    count = 0
    try:
        if fmt is Format.jsonl:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
                count += 1
        elif fmt is Format.json:
            rows = list(records)
            count = len(rows)
            json.dump(rows, handle, ensure_ascii=False, indent=2, default=str)
            handle.write("\n")
        elif fmt is Format.csv:
            rows = [_flatten(r) for r in records]
            count = len(rows)
            names = list(columns) if columns else list(dict.fromkeys(k for r in rows for k in r))
            writer = csv.DictWriter(handle, fieldnames=names, extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _cell(row.get(k)) for k in names})
        else:
            from rich.console import Console
            from rich.table import Table

            rows = [_flatten(r) for r in records]
            count = len(rows)
            names = list(columns) if columns else list(dict.fromkeys(k for r in rows for k in r))
            table = Table(title=title, show_lines=False, header_style="bold")
            for name in names:
                table.add_column(name.rsplit(".", 1)[-1] if "." in name else name, overflow="fold")
            for row in rows:
                table.add_row(*(_cell(row.get(k)) for k in names))
            width = None if handle is sys.stdout else 200
            console = Console(file=handle if handle is not sys.stdout else None, width=width)
            console.print(table)
    finally:
        if out:
            handle.close()
    return count


def render_table_text(records: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Render a table to a string (used in tests and summaries)."""
    buffer = io.StringIO()
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for name in columns:
        table.add_column(name)
    for record in records:
        flat = _flatten(record)
        table.add_row(*(_cell(flat.get(k)) for k in columns))
    Console(file=buffer, width=200).print(table)
    return buffer.getvalue()
