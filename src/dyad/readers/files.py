"""Dispatch by file type; read bytes safely (binary and undecodable input become errors)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from dyad.model import Article, ReadError
from dyad.readers.fields import excerpt, record_to_article
from dyad.readers.text import text_to_article

TEXT_SUFFIXES = {".txt", ".text", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CSV_SUFFIXES = {".csv", ".tsv"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PARQUET_SUFFIXES = {".parquet"}
SUPPORTED = TEXT_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | HTML_SUFFIXES | PARQUET_SUFFIXES
_SNIFF = 8192

csv.field_size_limit(2**31 - 1)


def _looks_binary(head: bytes) -> bool:
    return b"\x00" in head


def _decode(raw: bytes, origin: str) -> str | ReadError:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return ReadError(
            origin,
            f"bytes at offset {error.start} are not valid UTF-8; re-encode the file as UTF-8",
            "undecodable",
            None,
            excerpt(raw[:200].decode("utf-8", "replace")),
        )


def read_path(path: Path, default_date: date | None = None) -> Iterator[Article | ReadError]:
    """Read one file or, recursively, a folder (files in sorted order, hidden files skipped)."""
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
                yield from read_path(child, default_date)
        return
    if not path.exists():
        yield ReadError(str(path), "no such file or folder; check the path", "not_found")
        return
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        yield ReadError(
            str(path), f"unsupported file type {suffix!r}; use .txt, .jsonl, .csv or .html", "unsupported"
        )
        return
    if suffix in PARQUET_SUFFIXES:
        yield from _read_parquet(path, default_date)
        return
    try:
        raw = path.read_bytes()
    except OSError as error:
        yield ReadError(str(path), f"cannot read file: {error.strerror}", "unreadable")
        return
    yield from read_bytes(raw, str(path), path.stem, default_date, suffix)


def read_bytes(
    raw: bytes, origin: str, stem: str, default_date: date | None, suffix: str | None = None
) -> Iterator[Article | ReadError]:
    """Read one document's bytes; ``suffix`` None means sniff (used for stdin)."""
    if suffix is None:
        stripped = raw.lstrip()
        suffix = ".jsonl" if stripped.startswith(b"{") else ".html" if stripped[:1] == b"<" else ".txt"
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(raw, origin, stem, default_date)
        return
    if _looks_binary(raw[:_SNIFF]):
        yield ReadError(
            origin,
            "binary file (contains NUL bytes); Dyad reads UTF-8 text, JSONL, CSV or HTML",
            "binary",
            stem,
        )
        return
    text = _decode(raw, origin)
    if isinstance(text, ReadError):
        yield text
        return
    if suffix in CSV_SUFFIXES:
        yield from _read_csv(text, origin, stem, default_date, "\t" if suffix == ".tsv" else ",")
    elif suffix in HTML_SUFFIXES:
        from dyad.readers.html import html_to_article

        yield html_to_article(text, origin, stem, default_date)
    else:
        yield text_to_article(text, origin, stem, default_date)


def _read_jsonl(
    raw: bytes, origin: str, stem: str, default_date: date | None
) -> Iterator[Article | ReadError]:
    for number, line_bytes in enumerate(raw.splitlines(), start=1):
        where = f"{origin}:{number}"
        if not line_bytes.strip():
            continue
        line = _decode(line_bytes, where)
        if isinstance(line, ReadError):
            yield line
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield ReadError(
                where,
                f"invalid JSON ({error.msg} at column {error.colno}); each line must be one JSON object",
                "invalid_json",
                None,
                excerpt(line),
            )
            continue
        if not isinstance(record, dict):
            yield ReadError(
                where,
                f"expected a JSON object per line, got {type(record).__name__}",
                "wrong_type",
                None,
                excerpt(line),
            )
            continue
        yield record_to_article(record, where, f"{stem}:{number}", default_date, line)


def _read_csv(
    text: str, origin: str, stem: str, default_date: date | None, delimiter: str
) -> Iterator[Article | ReadError]:
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if not reader.fieldnames or "text" not in reader.fieldnames:
        yield ReadError(
            origin,
            f"CSV header must include 'text' (and usually 'id', 'date'); found {reader.fieldnames}",
            "missing_text",
        )
        return
    start_line = 1
    try:
        for row in reader:
            where = f"{origin}:{start_line + 1}"
            start_line = reader.line_num
            if None in row:
                yield ReadError(
                    where,
                    "row has more fields than the header; quote fields that contain the delimiter",
                    "malformed_csv",
                    row.get("id"),
                    excerpt(str(row)),
                )
                continue
            record = {k: v for k, v in row.items() if v != "" or k == "text"}
            yield record_to_article(record, where, f"{stem}:{reader.line_num}", default_date, str(row))
    except csv.Error as error:
        yield ReadError(f"{origin}:{reader.line_num}", f"malformed CSV: {error}", "malformed_csv")


def _read_parquet(path: Path, default_date: date | None) -> Iterator[Article | ReadError]:
    """Parquet with the JSONL columns (id, date, text, ...), streamed by row group."""
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except Exception as error:
        yield ReadError(str(path), f"not a readable Parquet file ({error}); check the file", "unreadable")
        return
    if "text" not in table.schema_arrow.names:
        yield ReadError(
            str(path),
            f"Parquet columns must include 'text'; found {table.schema_arrow.names}",
            "missing_text",
        )
        return
    row = 0
    for batch in table.iter_batches(batch_size=1024):
        for record in batch.to_pylist():
            row += 1
            if "date" in record and record["date"] is not None and not isinstance(record["date"], str):
                record["date"] = str(record["date"])[:10]
            yield record_to_article(
                record, f"{path}:row {row}", f"{path.stem}:{row}", default_date, str(record)
            )
