"""Readers: files, folders, JSONL, CSV, HTML, Parquet and stdin -> a stream of Articles and ReadErrors.

Every bad record becomes a :class:`~dyad.model.ReadError` naming file and line; the stream goes on
unless ``strict`` is set, in which case the first error raises :class:`~dyad.errors.InputError`.
Readers stream: memory holds one record at a time, whatever the size of the input.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from dyad.errors import InputError
from dyad.model import Article, ReadError
from dyad.readers.files import FORMATS, check_format, read_bytes, read_path, read_stream

__all__ = ["FORMATS", "read_bytes", "read_inputs", "read_path", "read_stream"]


def read_inputs(
    paths: Sequence[str | Path],
    date: date | None = None,
    strict: bool = False,
    format: str | None = None,
) -> Iterator[Article | ReadError]:
    """Read every input: files (by suffix), folders (recursively, sorted) and ``-`` for stdin.

    Args:
        paths: files, folders, or "-" for standard input.
        date: publication date for inputs that carry none (plain ``.txt`` files, records without a date).
        strict: raise :class:`InputError` at the first bad record instead of yielding it.
        format: one of :data:`FORMATS`: read every input as this format instead of by its suffix
            (stdin: instead of sniffing). Without it, a file with an unknown suffix is a ReadError.

    Raises:
        ValueError: when ``format`` is not one of FORMATS.
    """
    check_format(format)
    for path in paths:
        if str(path) == "-":
            items = read_stream(sys.stdin.buffer, "<stdin>", "stdin", date, format)
        else:
            items = read_path(Path(path), date, format)
        for item in items:
            if strict and isinstance(item, ReadError):
                raise InputError(item.origin, item.reason, item.kind)
            yield item
