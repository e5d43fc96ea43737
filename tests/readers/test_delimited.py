"""CSV/TSV: a broken quote is an error on the line where it opened, and the rows it would swallow come out."""

from __future__ import annotations

import io

import pytest

from dyad.model import Article, ReadError
from dyad.readers import read_stream
from dyad.readers.stream import MAX_RECORD_BYTES


def _read(content: str | bytes, format: str = "csv") -> list[tuple[str, str, str]]:
    """(type, line, id or kind) per item, for compact tables."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    out = []
    for item in read_stream(io.BytesIO(raw), "news.csv", "news", None, format):
        line = item.origin.rsplit(":", 1)[1] if ":" in item.origin else ""
        out.append(("A", line, item.id) if isinstance(item, Article) else ("E", line, item.kind))
    return out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            'id,date,text\n1,2024-05-17,"Police arrested ten\n2,2024-05-17,Troops shelled Kherson.\n'
            '3,2024-05-18,"Rebels seized Goma."\n',
            [("E", "2", "malformed_csv"), ("A", "3", "2"), ("A", "4", "3")],
            id="regression: the unterminated quote swallowed the next rows",
        ),
        pytest.param(
            'id,date,text\n1,2024-05-17,"Police arrested ten\nand then some\n',
            [("E", "2", "malformed_csv"), ("E", "3", "missing_text")],
            id="a quote open at the end of the file; the lines after it are read again",
        ),
        pytest.param(
            'id,date,text\n1,2024-05-17,"He said "no" twice"\n2,2024-05-17,Talks resumed.\n',
            [("E", "2", "malformed_csv"), ("A", "3", "2")],
            id="a quote that closes in the middle of a field",
        ),
        pytest.param(
            'id,text\na1,"Police arrested ten\nb2,Troops shelled Kherson.\n',
            [("E", "2", "malformed_csv"), ("A", "3", "b2")],
            id="no date column: a line with an id-like first field is a new row",
        ),
        pytest.param(
            'id,date,text\np1,2024-05-17,"unclosed\ng3,2024-05-17,""",x"\n',
            [("E", "2", "malformed_csv"), ("A", "3", "g3")],
            id="the next row starts like a row before its own quote",
        ),
        pytest.param(
            'id,text\np1,"unclosed\ng3,""",x"\n',
            [("E", "2", "malformed_csv"), ("A", "3", "g3")],
            id="a runaway quote that leaves more fields than the header",
        ),
        pytest.param(
            'id,text\na1,"Yesterday, police said\nToday, they denied it."\n',
            [("A", "2", "a1")],
            id="no date column: a paragraph line with a comma is not mistaken for a row",
        ),
        pytest.param(
            'id,date,text\n1,2024-05-17,"First paragraph, with commas, and more.\n\n'
            'Second paragraph, also, with commas."\n2,2024-05-17,Next.\n',
            [("A", "2", "1"), ("A", "5", "2")],
            id="a real multi-line field is one record, not a broken quote",
        ),
        pytest.param(
            "id,date,text\n\n1,2024-05-17,One.\n\n\n2,2024-05-17,Two.\n",
            [("A", "3", "1"), ("A", "6", "2")],
            id="blank lines are skipped and line numbers stay physical",
        ),
        pytest.param(
            "id,date,text\r\n1,2024-05-17,One.\r\n2,2024-05-17,Two.\r2,2024-05-17,Three.\r\n",
            [("A", "2", "1"), ("A", "3", "2"), ("A", "4", "2")],
            id="CRLF and CR line ends",
        ),
        pytest.param(
            "id,date,text\n1,2024-05-17,One,extra\n2,2024-05-17,Two.\n",
            [("E", "2", "malformed_csv"), ("A", "3", "2")],
            id="more fields than the header",
        ),
        pytest.param(
            "id,date,text\n1,2024-05-17,Nul\x00byte\n2,2024-05-17,Two.\n",
            [("E", "2", "binary"), ("A", "3", "2")],
            id="a NUL byte rejects its row only",
        ),
        pytest.param(
            b"\xef\xbb\xbfid,date,text\n1,2024-05-17,Caf\xe9\n2,2024-05-17,Two.\n3,3 March 2019,Three.\n",
            [("E", "2", "undecodable"), ("A", "3", "2"), ("A", "4", "3")],
            id="invalid UTF-8 rejects its row only; a byte order mark is dropped",
        ),
    ],
)
def test_rows(content: str | bytes, expected: list[tuple[str, str, str]]) -> None:
    assert _read(content) == expected


def test_unterminated_quote_reason_names_both_lines() -> None:
    raw = b'id,date,text\n1,2024-05-17,"Police arrested ten\n2,2024-05-17,Troops shelled Kherson.\n'
    error = next(iter(read_stream(io.BytesIO(raw), "news.csv", "news", None, "csv")))
    assert isinstance(error, ReadError) and error.origin == "news.csv:2"
    assert "opens on line 2" in error.reason and "into line 3" in error.reason and '""' in error.reason


def test_tsv() -> None:
    assert _read('id\tdate\ttext\n1\t2024-05-17\tTroops, tanks and "guns".\n', "tsv") == [("A", "2", "1")]


def test_a_runaway_quote_costs_at_most_one_record_of_memory() -> None:
    """A single-column file gives no row to recognise: the row stops at the size limit instead."""
    line = "x" * 1000 + "\n"
    raw = 'text\n"open quote\n' + line * (MAX_RECORD_BYTES // len(line) + 2) + "Last line.\n"
    items = _read(raw)
    assert items[0] == ("E", "2", "too_long")
    assert all(kind == "A" for kind, _, _ in items[1:]) and len(items) > 2


def test_header_without_text_and_empty_file() -> None:
    assert _read("id,body\n1,hello\n") == [("E", "", "missing_text")]
    assert _read("") == [("E", "", "missing_text")]
    assert _read('id,"text\n') == [("E", "", "missing_text")]
