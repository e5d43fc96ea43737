"""Streaming, proven structurally: a record comes out before the rest of its input has been produced.

Each input is a generator of chunks behind a raw stream that counts what it handed out; the test
takes the first record, then checks how much of the input had been pulled by then. A reader that
reads whole files would have exhausted the generator first.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from dyad.model import Article, ReadError
from dyad.readers import read_inputs, read_stream
from dyad.readers.stream import CHUNK, MAX_RECORD_BYTES

RECORDS = 5_000


class CountingStream(io.RawIOBase):
    """A raw stream over a chunk generator; ``pulled`` is how many chunks were asked for."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self.chunks = chunks
        self.pulled = 0
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        if not self.pending:
            self.pending = next(self.chunks, b"")
            self.pulled += 1 if self.pending else 0
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


def _jsonl_lines() -> Iterator[bytes]:
    for number in range(RECORDS):
        yield (json.dumps({"id": f"j{number}", "text": "Kenya hosted talks."}) + "\n").encode()


def _csv_lines() -> Iterator[bytes]:
    yield b"id,date,text\n"
    for number in range(RECORDS):
        yield f'c{number},2024-05-17,"Troops, tanks and guns, report {number}."\n'.encode()


@pytest.mark.parametrize(("format", "chunks"), [("jsonl", _jsonl_lines), ("csv", _csv_lines)])
def test_first_record_before_the_input_is_read(format: str, chunks) -> None:  # type: ignore[no-untyped-def]
    source = CountingStream(chunks())
    items = read_stream(io.BufferedReader(source), "pipe", "pipe", None, format)  # type: ignore[arg-type]
    first = next(items)
    assert isinstance(first, Article)
    assert source.pulled <= 3, f"{source.pulled} of {RECORDS} lines were read to give the first record"
    rest = list(items)
    assert len(rest) == RECORDS - 1 and source.pulled >= RECORDS


def test_stdin_streams_too(monkeypatch: pytest.MonkeyPatch) -> None:
    source = CountingStream(_jsonl_lines())

    class Stdin:
        buffer = io.BufferedReader(source)

    monkeypatch.setattr("sys.stdin", Stdin)
    items = read_inputs(["-"])  # sniffed: reads until the first non-blank byte, then streams
    assert isinstance(next(items), Article) and source.pulled <= 3


@pytest.mark.parametrize("format", ["txt", "html"])
def test_an_oversized_document_is_refused_without_reading_it_all(format: str) -> None:
    """20 GB of text would be 320,000 chunks; the reader stops after the limit."""

    def endless() -> Iterator[bytes]:
        while True:
            yield b"Police arrested ten. " * (CHUNK // 21)

    source = CountingStream(endless())
    (item,) = read_stream(io.BufferedReader(source), "big.txt", "big", None, format)  # type: ignore[arg-type]
    assert isinstance(item, ReadError) and item.kind == "too_long"
    assert source.pulled <= MAX_RECORD_BYTES // (CHUNK // 21 * 21) + 3


def test_files_stream(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """read_path reads a file through the same streaming readers (the open is swapped for a counter)."""
    from dyad.readers import files, read_path

    source = CountingStream(_jsonl_lines())
    monkeypatch.setattr(files, "_open_regular", lambda path, origin: io.BufferedReader(source))
    (tmp_path / "big.jsonl").write_bytes(b"")
    items = read_path(tmp_path / "big.jsonl")
    assert isinstance(next(items), Article) and source.pulled <= 3
