"""Readers: every input form yields Articles; every bad record yields a ReadError naming file and line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dyad.errors import InputError
from dyad.model import Article, ReadError
from dyad.readers import read_bytes, read_inputs, read_path
from dyad.readers.text import split_header


@pytest.mark.parametrize(
    ("raw", "expected_date", "expected_start"),
    [
        (" date 2024-05-17 Chinese leader Xi met Putin.", date(2024, 5, 17), "Chinese leader"),
        ("date 2024-05-17 First sentence.\n\nSecond.", date(2024, 5, 17), "First sentence."),
        ("\n\t date 2019-01-02\nBody on the next line.", date(2019, 1, 2), "Body on"),
        ("No header here.", None, "No header"),
        ("dated 2024-05-17 is not a header", None, "dated"),
    ],
)
def test_split_header(raw: str, expected_date: date | None, expected_start: str) -> None:
    published, body, error = split_header(raw)
    assert error is None
    assert published == expected_date
    assert body.startswith(expected_start)


def test_header_with_impossible_date_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("date 2024-02-31 Text.", encoding="utf-8")
    (item,) = read_path(path)
    assert isinstance(item, ReadError) and item.kind == "bad_date" and "bad.txt" in item.origin


def test_txt_without_header_takes_date_option_or_is_flagged(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Police arrested ten protesters.", encoding="utf-8")
    (dated,) = read_path(path, date(2023, 1, 1))
    (undated,) = read_path(path)
    assert isinstance(dated, Article) and dated.publication_date == date(2023, 1, 1) and not dated.flags
    assert (
        isinstance(undated, Article)
        and undated.publication_date is None
        and undated.flags == ("date_missing",)
    )


def _jsonl(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "news.jsonl"
    path.write_bytes("\n".join(lines).encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ('{"id": "a", "date": "2024-05-17", "text": "ok"', "invalid_json"),
        ('["not", "an", "object"]', "wrong_type"),
        ('{"id": "b", "date": "2024-05-17"}', "missing_text"),
        ('{"id": "c", "date": "2024-05-17", "text": ""}', "empty_text"),
        ('{"id": "d", "date": "17/05/2024", "text": "x"}', "bad_date"),
        ('{"id": "e", "date": 20240517, "text": "x"}', "bad_date"),
        ('{"id": "f", "date": "2024-05-17", "text": 42}', "wrong_type"),
        ('{"id": ["g"], "text": "x"}', "wrong_type"),
        ('{"id": "h", "text": "x", "title": 5}', "wrong_type"),
    ],
)
def test_bad_jsonl_records_are_reported_and_the_batch_goes_on(tmp_path: Path, line: str, kind: str) -> None:
    good = json.dumps({"id": "good", "date": "2024-05-17", "text": "Kenya hosted talks.", "title": "T"})
    items = list(read_path(_jsonl(tmp_path, [line, good])))
    assert isinstance(items[0], ReadError) and items[0].kind == kind
    assert items[0].origin.endswith("news.jsonl:1")
    assert isinstance(items[1], Article) and items[1].id == "good" and items[1].title == "T"


def test_undecodable_jsonl_line_only_rejects_that_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"id": "x", "text": "caf\xe9"}\n{"id": "y", "text": "fine"}\n')
    items = list(read_path(path))
    assert [type(i) for i in items] == [ReadError, Article]
    assert items[0].kind == "undecodable" and items[0].origin.endswith(":1")  # type: ignore[union-attr]


def test_jsonl_datetime_and_missing_id(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, ['{"date": "2024-05-17T09:30:00Z", "text": "x"}'])
    (item,) = read_path(path)
    assert isinstance(item, Article) and item.publication_date == date(2024, 5, 17) and item.id == "news:1"


def test_csv(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        'id,date,text,source\n1,2024-05-17,"Troops shelled the town, officials said.",wire\n'
        "2,bad-date,Text,wire\n3,2024-05-18,,wire\n",
        encoding="utf-8",
    )
    items = list(read_path(path))
    assert isinstance(items[0], Article) and items[0].source == "wire" and "shelled" in items[0].text
    assert isinstance(items[1], ReadError) and items[1].kind == "bad_date" and items[1].origin.endswith(":3")
    assert isinstance(items[2], ReadError) and items[2].kind == "empty_text"


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    (item,) = read_path(path)
    assert isinstance(item, ReadError) and "text" in item.reason


def test_html_main_text_and_date(tmp_path: Path) -> None:
    body = " ".join(["The government of Kenya announced new talks with Ethiopia on water sharing."] * 8)
    path = tmp_path / "page.html"
    path.write_text(
        f"""<html><head><title>Talks</title>
        <meta property="article:published_time" content="2023-03-15T10:00:00Z"></head>
        <body><nav>Home | World | Sport</nav><article><h1>Talks</h1><p>{body}</p></article>
        <footer>Copyright</footer></body></html>""",
        encoding="utf-8",
    )
    (item,) = read_path(path)
    assert isinstance(item, Article)
    assert "Kenya" in item.text and "Copyright" not in item.text
    assert item.publication_date == date(2023, 3, 15)


def test_html_boilerplate_only_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    (item,) = read_path(path)
    assert isinstance(item, ReadError) and item.kind == "no_main_text"


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
        ("latin1.txt", "caf\xe9 au lait".encode("latin-1"), "undecodable"),
        ("empty.txt", b"   \n\t ", "empty_text"),
        ("data.xlsx", b"PK", "unknown_format"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: bytes, kind: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (item,) = read_path(path)
    assert isinstance(item, ReadError) and item.kind == kind and name in item.origin


def test_folders_are_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("date 2024-01-01 One.", encoding="utf-8")
    (tmp_path / "b" / "c.txt").write_text("date 2024-01-02 Two.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("date 2024-01-03 Hidden.", encoding="utf-8")
    items = list(read_path(tmp_path))
    assert [i.id for i in items if isinstance(i, Article)] == ["a", "c"]


def test_missing_path_is_an_error() -> None:
    (item,) = read_inputs(["/no/such/file.txt"])
    assert isinstance(item, ReadError) and item.kind == "not_found"


def test_strict_raises_at_first_error(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, ["{oops", '{"text": "fine"}'])
    with pytest.raises(InputError) as caught:
        list(read_inputs([path], strict=True))
    assert "news.jsonl:1" in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"id": "s1", "date": "2024-05-17", "text": "A."}\n', "s1"),
        (b"date 2024-05-17 Plain text from a pipe.", "stdin"),
    ],
)
def test_stdin_is_sniffed(raw: bytes, expected: str) -> None:
    (item,) = read_bytes(raw, "<stdin>", "stdin", None)
    assert isinstance(item, Article) and item.id == expected and item.publication_date == date(2024, 5, 17)


def test_content_hash_depends_on_text_and_date() -> None:
    a = Article("1", "same", date(2024, 1, 1))
    assert a.content_hash == Article("other-id", "same", date(2024, 1, 1)).content_hash
    assert a.content_hash != Article("1", "same", date(2024, 1, 2)).content_hash


def test_parquet_rows(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "news.parquet"
    table = pa.table(
        {"id": ["a", "b"], "date": [date(2024, 5, 17), None], "text": ["Troops shelled Kherson.", None]}
    )
    pq.write_table(table, path)
    items = list(read_path(path))
    assert isinstance(items[0], Article) and items[0].publication_date == date(2024, 5, 17)
    assert (
        isinstance(items[1], ReadError)
        and items[1].kind == "missing_text"
        and items[1].origin.endswith("row 2")
    )
