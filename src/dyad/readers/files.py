"""Dispatch by format: a file's suffix or an explicit ``format``; streams, bytes and paths alike.

Every reader streams (one record in memory at a time), and every failure, of a record, a file or a
folder entry, is a ReadError: nothing here raises on bad input.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from dyad.model import Article, ReadError
from dyad.readers.delimited import read_delimited
from dyad.readers.folders import display, missing, not_a_file, walk
from dyad.readers.jsonl import read_jsonl
from dyad.readers.parquet import read_parquet
from dyad.readers.stream import CHUNK, MAX_RECORD_BYTES, prepend, read_some
from dyad.readers.text import read_document, text_to_article

FORMATS = ("jsonl", "csv", "tsv", "txt", "html", "parquet")
"""Input formats a caller can name (``--input-format``) instead of relying on the file suffix."""
SUFFIX_FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".parquet": "parquet",
}
FORMAT_OPTION = "--input-format"
"""The command-line option that names a format, quoted in error messages."""


def check_format(format: str | None) -> None:
    """Refuse a format name that is not one of FORMATS (a caller's mistake, not bad input)."""
    if format is not None and format not in FORMATS:
        raise ValueError(f"unknown input format {format!r}; use one of {', '.join(FORMATS)}")


def format_for(path: Path, format: str | None) -> str | ReadError:
    """The format to read ``path`` as: ``format`` when given, else the one its suffix names."""
    if format is not None:
        return format
    return SUFFIX_FORMATS.get(path.suffix.lower()) or unknown_format(display(path), path.suffix)


def unknown_format(origin: str, suffix: str) -> ReadError:
    """The ReadError for a file whose suffix names no format."""
    return ReadError(
        origin,
        f"unknown file type {suffix.lower() or '(no suffix)'!r}; pass {FORMAT_OPTION} {'|'.join(FORMATS)} "
        f"to say how to read it (known suffixes: {' '.join(SUFFIX_FORMATS)})",
        "unknown_format",
    )


def read_path(
    path: Path, default_date: date | None = None, format: str | None = None
) -> Iterator[Article | ReadError]:
    """Read one file or, recursively, a folder (files sorted by name, hidden entries skipped).

    Args:
        path: a file or a folder.
        default_date: publication date for records that carry none.
        format: read every file as this format (one of FORMATS) instead of by its suffix; without
            it a file whose suffix is unknown is a ReadError asking for one.
    """
    check_format(format)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        yield missing(path)
        return
    except OSError as error:
        yield ReadError(display(path), f"cannot read: {error.strerror}", "unreadable")
        return
    except ValueError:  # a NUL byte in the path
        yield ReadError(display(path).replace("\x00", "\\x00"), "the path contains a NUL byte", "not_found")
        return
    if stat.S_ISDIR(mode):
        for entry in walk(path):
            if isinstance(entry, ReadError):
                yield entry
            else:
                yield from read_file(entry, default_date, format)
    elif stat.S_ISREG(mode):
        yield from read_file(path, default_date, format)
    else:
        yield not_a_file(path, mode)


def read_file(
    path: Path, default_date: date | None = None, format: str | None = None
) -> Iterator[Article | ReadError]:
    """Read one regular file as ``format`` (else by suffix); anything else at ``path`` is a ReadError."""
    chosen = format_for(path, format)
    if isinstance(chosen, ReadError):
        yield chosen
        return
    origin, stem = display(path), display(path.stem)
    opened = _open_regular(path, origin)
    if isinstance(opened, ReadError):
        yield opened
        return
    with opened as stream:
        yield from read_format(stream, chosen, origin, stem, default_date)


def _open_regular(path: Path, origin: str) -> BinaryIO | ReadError:
    """Open for reading without ever blocking: a FIFO swapped in after the folder walk is refused."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        return ReadError(origin, f"cannot read file: {error.strerror}; check its permissions", "unreadable")
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        return not_a_file(path, mode)
    os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, "rb", buffering=CHUNK)


def read_stream(
    stream: BinaryIO,
    origin: str = "<stdin>",
    stem: str = "stdin",
    default_date: date | None = None,
    format: str | None = None,
) -> Iterator[Article | ReadError]:
    """Read a binary stream (standard input, a pipe) as ``format``; None means sniff the first byte.

    Sniffing: ``{`` is JSONL, ``<`` is HTML, anything else is text. Records come out as soon as
    they are read, so a pipe is processed while it is still being written.
    """
    check_format(format)
    if format is None:
        format, stream = _sniff(stream)
    yield from read_format(stream, format, origin, stem, default_date)


def _sniff(stream: BinaryIO) -> tuple[str, BinaryIO]:
    """The format the first non-blank byte suggests, and a stream that still starts at the beginning."""
    head: list[bytes] = []
    size = 0
    while size <= MAX_RECORD_BYTES:
        chunk = read_some(stream)
        if not chunk:
            break
        head.append(chunk)
        size += len(chunk)
        if chunk.strip():
            break
    start = b"".join(head)
    first = start.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
    format = "jsonl" if first == b"{" else "html" if first == b"<" else "txt"
    return format, prepend(start, stream)


def read_bytes(
    raw: bytes,
    origin: str,
    stem: str,
    default_date: date | None,
    suffix: str | None = None,
    format: str | None = None,
) -> Iterator[Article | ReadError]:
    """Read one document's bytes as ``format``, else as ``suffix`` says, else sniffed."""
    if format is None and suffix is not None:
        known = SUFFIX_FORMATS.get(suffix.lower())
        if known is None:
            yield unknown_format(origin, suffix)
            return
        format = known
    yield from read_stream(io.BytesIO(raw), origin, stem, default_date, format)


def read_format(
    stream: BinaryIO, format: str, origin: str, stem: str, default_date: date | None
) -> Iterator[Article | ReadError]:
    """Read ``stream`` as ``format``; an I/O error mid-way ends it with a ReadError saying so."""
    try:
        if format == "jsonl":
            yield from read_jsonl(stream, origin, stem, default_date)
        elif format in ("csv", "tsv"):
            yield from read_delimited(stream, origin, stem, default_date, "\t" if format == "tsv" else ",")
        elif format == "parquet":
            if not stream.seekable():
                yield ReadError(
                    origin,
                    "Parquet cannot be read from a stream; pass the file's path instead",
                    "unsupported",
                )
            else:
                yield from read_parquet(stream, origin, stem, default_date)
        else:
            document = read_document(stream, origin)
            if isinstance(document, ReadError):
                yield document
            elif format == "html":
                from dyad.readers.html import html_to_article

                yield html_to_article(document, origin, stem, default_date)
            else:
                yield text_to_article(document, origin, stem, default_date)
    except OSError as error:
        yield ReadError(
            origin, f"reading stopped: {error.strerror or error}; check the file or the disk", "unreadable"
        )
