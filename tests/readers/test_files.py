"""Formats: by known suffix, or named explicitly; an unknown suffix is an error asking for a format."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from dyad.model import Article, ReadError
from dyad.readers import FORMATS, read_bytes, read_inputs, read_path, read_stream

RECORD = json.dumps({"id": "r1", "date": "2024-05-17", "text": "Kenya hosted talks."})


@pytest.mark.parametrize("name", ["feed.dat", "SCHEMA_VERSION", "notes.md", "archive.JSONL.bak"])
def test_unknown_suffix_is_an_error_naming_the_option(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(RECORD, encoding="utf-8")
    (item,) = read_path(tmp_path / name)
    assert isinstance(item, ReadError) and item.kind == "unknown_format"
    assert (
        "unknown file type" in item.reason and "--input-format jsonl|csv|tsv|txt|html|parquet" in item.reason
    )


def test_explicit_format_reads_any_suffix(tmp_path: Path) -> None:
    (tmp_path / "feed.dat").write_text(RECORD + "\n" + RECORD, encoding="utf-8")
    items = list(read_path(tmp_path / "feed.dat", format="jsonl"))
    assert [i.origin.rsplit(":", 1)[1] for i in items if isinstance(i, Article)] == ["1", "2"]


def test_explicit_format_overrides_a_known_suffix(tmp_path: Path) -> None:
    (tmp_path / "table.txt").write_text("id,date,text\nc1,2024-05-17,Talks.\n", encoding="utf-8")
    (as_text,) = read_path(tmp_path / "table.txt")
    (as_csv,) = read_path(tmp_path / "table.txt", format="csv")
    assert isinstance(as_text, Article) and as_text.text.startswith("id,date,text")
    assert isinstance(as_csv, Article) and as_csv.id == "c1"


def test_explicit_format_applies_to_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a.feed").write_text(RECORD, encoding="utf-8")
    (tmp_path / "b").write_text(RECORD, encoding="utf-8")
    assert [type(i) for i in read_inputs([tmp_path], format="jsonl")] == [Article, Article]


def test_unknown_format_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown input format 'xml'"):
        list(read_inputs(["x"], format="xml"))
    assert FORMATS == ("jsonl", "csv", "tsv", "txt", "html", "parquet")


def _stdin(monkeypatch: pytest.MonkeyPatch, raw: bytes) -> None:
    class Stdin:
        buffer = io.BytesIO(raw)

    monkeypatch.setattr("sys.stdin", Stdin)


def test_stdin_takes_an_explicit_format(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"id,date,text\ns1,2024-05-17,Talks resumed.\n")
    (item,) = read_inputs(["-"], format="csv")
    assert isinstance(item, Article) and item.id == "s1" and item.origin == "<stdin>:2"


@pytest.mark.parametrize(
    ("raw", "expected_id"),
    [
        (b'\xef\xbb\xbf  \n{"id": "j1", "text": "Talks."}\n', "j1"),
        (b"\n\n  date 3 March 2019 Talks resumed.", "stdin"),
    ],
)
def test_stdin_sniffing_skips_blank_lines_and_byte_order_marks(
    monkeypatch: pytest.MonkeyPatch, raw: bytes, expected_id: str
) -> None:
    _stdin(monkeypatch, raw)
    (item,) = read_inputs(["-"])
    assert isinstance(item, Article) and item.id == expected_id


def test_read_bytes_with_an_unknown_suffix() -> None:
    (item,) = read_bytes(b"x", "upload", "upload", None, ".xml")
    assert isinstance(item, ReadError) and item.kind == "unknown_format"


def _parquet(path: Path, rows: int, row_group: int = 1000) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "id": [f"p{i}" for i in range(rows)],
            "date": [date(2024, 5, 17)] * rows,
            "text": [f"Troops shelled Kherson, report {i}." for i in range(rows)],
        }
    )
    pq.write_table(table, path, row_group_size=row_group, compression="none")


def test_parquet_with_an_explicit_format_and_from_bytes(tmp_path: Path) -> None:
    path = tmp_path / "export.bin"
    _parquet(path, 3)
    assert [i.id for i in read_path(path, format="parquet")] == ["p0", "p1", "p2"]
    from_bytes = list(read_bytes(path.read_bytes(), "upload", "upload", None, format="parquet"))
    assert [i.publication_date for i in from_bytes] == [date(2024, 5, 17)] * 3  # type: ignore[union-attr]


def test_parquet_from_a_pipe_is_an_error() -> None:
    class Pipe(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return False

    (item,) = read_stream(Pipe(), "<stdin>", "stdin", None, "parquet")  # type: ignore[arg-type]
    assert isinstance(item, ReadError) and "file's path" in item.reason


def test_damaged_parquet_keeps_the_rows_before_the_damage(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "damaged.parquet"
    _parquet(path, 20, row_group=10)
    second = pq.ParquetFile(path).metadata.row_group(1).column(2)
    raw = bytearray(path.read_bytes())
    start = second.data_page_offset
    raw[start : start + 64] = b"\xff" * 64  # the page header of the second group's text column
    path.write_bytes(bytes(raw))
    items = list(read_path(path))
    assert [i.id for i in items[:10]] == [f"p{i}" for i in range(10)]
    assert isinstance(items[-1], ReadError) and items[-1].kind == "unreadable"
    assert "damaged after row" in items[-1].reason


def test_an_io_error_mid_file_ends_it_with_an_error() -> None:
    class Failing(io.RawIOBase):
        def __init__(self) -> None:
            self.served = False

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
            if self.served:
                raise OSError(5, "Input/output error")
            self.served = True
            line = (RECORD + "\n").encode()
            buffer[: len(line)] = line
            return len(line)

    items = list(read_stream(io.BufferedReader(Failing()), "disk.jsonl", "disk", None, "jsonl"))  # type: ignore[arg-type]
    assert isinstance(items[0], Article)
    assert isinstance(items[1], ReadError) and items[1].kind == "unreadable"
    assert "Input/output error" in items[1].reason


def test_a_path_with_a_nul_byte_is_an_error() -> None:
    (item,) = read_inputs(["news\x00.txt"])
    assert isinstance(item, ReadError) and "NUL byte" in item.reason


def test_html_the_parser_chokes_on_is_that_pages_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def choke(*args: object, **kwargs: object) -> None:
        raise ValueError("lxml gave up")

    monkeypatch.setattr(trafilatura, "bare_extraction", choke)
    (item,) = read_bytes(b"<html><body><p>Talks.</p></body></html>", "page.html", "page", None, ".html")
    assert isinstance(item, ReadError) and item.kind == "unparseable_html" and "ValueError" in item.reason
