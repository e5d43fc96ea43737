"""Readers: files, folders, JSONL, CSV, HTML and stdin -> a stream of Articles and ReadErrors.

Every bad record becomes a :class:`~dyad.model.ReadError` naming file and line; the stream goes on
unless ``strict`` is set, in which case the first error raises :class:`~dyad.errors.InputError`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from dyad.errors import InputError
from dyad.model import Article, ReadError
from dyad.readers.files import read_bytes, read_path

__all__ = ["read_bytes", "read_inputs", "read_path"]


def read_inputs(
    paths: Sequence[str | Path], date: date | None = None, strict: bool = False
) -> Iterator[Article | ReadError]:
    """Read every input: files (by extension), folders (recursively, sorted) and ``-`` for stdin.

    Args:
        paths: files, folders, or "-" for standard input.
        date: publication date for inputs that carry none (plain ``.txt`` files, records without a date).
        strict: raise :class:`InputError` at the first bad record instead of yielding it.
    """
    for path in paths:
        if str(path) == "-":
            items = read_bytes(sys.stdin.buffer.read(), "<stdin>", "stdin", date)
        else:
            items = read_path(Path(path), date)
        for item in items:
            if strict and isinstance(item, ReadError):
                raise InputError(item.origin, item.reason, item.kind)
            yield item
