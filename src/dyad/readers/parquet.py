"""Parquet files with the JSONL columns (id, date, text, ...), streamed by record batch."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from dyad.model import Article, ReadError
from dyad.readers.fields import guarded, record_to_article

_BATCH = 256


def _raw(record: dict[str, object]) -> str:
    """A short rendering of a row for excerpts, without copying a long text whole."""
    return ", ".join(f"{name}={str(value)[:100]!r}" for name, value in record.items())


def read_parquet(
    source: Path | BinaryIO, origin: str, stem: str, default_date: date | None
) -> Iterator[Article | ReadError]:
    """Articles and ReadErrors, one row per record; a damaged file is an error at the row it broke."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(source)
        names = table.schema_arrow.names
    except Exception as error:  # pyarrow raises ArrowInvalid, OSError, ValueError ... for non-Parquet
        yield ReadError(origin, f"not a readable Parquet file ({error}); check the file", "unreadable")
        return
    if "text" not in names:
        yield ReadError(origin, f"Parquet columns must include 'text'; found {names}", "missing_text")
        return
    row = 0
    try:
        # one row group at a time, so damage in a group costs that group, not the rows before it
        batches = (
            batch
            for group in range(table.num_row_groups)
            for batch in table.iter_batches(batch_size=_BATCH, row_groups=[group])
        )
        for batch in batches:
            for record in batch.to_pylist():
                row += 1
                where = f"{origin}:row {row}"
                yield guarded(
                    record_to_article, where, record, where, f"{stem}:{row}", default_date, _raw(record)
                )
    except (OSError, pa.ArrowException) as error:
        yield ReadError(
            f"{origin}:row {row + 1}",
            f"the Parquet file is damaged after row {row} ({error}); the rows after it were not read",
            "unreadable",
        )
