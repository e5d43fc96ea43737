"""Bounded reads from binary streams: readers hold one record in memory, never a whole file.

Every reader takes a binary stream (a file, standard input, a pipe, ``io.BytesIO``) and reads it
line by line or up to a size limit, so memory stays flat however large the input is, and a record
that is absurdly large is rejected without being read to its end.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import BinaryIO

CHUNK = 64 * 1024
"""Bytes asked of the stream at a time."""
MAX_RECORD_BYTES = 8 * 1024 * 1024
"""The largest record (a JSONL line, a CSV row, a text or HTML file) a reader accepts: 8 MiB is
forty times Dyad's 200,000-character parsing limit, so no real article is refused here, and a
runaway record (a file without newlines, an unclosed CSV quote) costs at most this much memory."""


def read_some(stream: BinaryIO, size: int = CHUNK) -> bytes:
    """Up to ``size`` bytes, returning as soon as some are available (``read1`` where the stream has it).

    A pipe or a terminal then yields its first record without waiting for ``size`` bytes.
    """
    read1 = getattr(stream, "read1", None)
    return bytes(read1(size) if read1 is not None else stream.read(size))


def lines(stream: BinaryIO, limit: int = MAX_RECORD_BYTES) -> Iterator[tuple[int, bytes | None]]:
    """Physical lines (split on ``\\n``, ends kept) numbered from 1; None for a line over ``limit``.

    An overlong line is skipped to its end in ``CHUNK`` steps, so it is never held in memory.
    """
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(CHUNK)
            yield number, None
        else:
            yield number, line


def read_bounded(stream: BinaryIO, limit: int = MAX_RECORD_BYTES) -> bytes | None:
    """The whole stream if it holds at most ``limit`` bytes, else None (read no further than that)."""
    parts: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = read_some(stream, min(CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        size += len(chunk)
    return None


class ChunkStream(io.RawIOBase):
    """A raw binary stream over an iterator of byte chunks (used to put back bytes already read)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self._chunks = chunks
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = memoryview(chunk)
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def prepend(head: bytes, stream: BinaryIO) -> BinaryIO:
    """A buffered stream that yields ``head`` and then the rest of ``stream``."""

    def chunks() -> Iterator[bytes]:
        if head:
            yield head
        while chunk := read_some(stream):
            yield chunk

    return io.BufferedReader(ChunkStream(chunks()), buffer_size=CHUNK)
