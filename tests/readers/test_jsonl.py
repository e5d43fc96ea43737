"""JSONL poison: each bad line is that line's ReadError with file:line and a reason; the good lines go on."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date
from pathlib import Path

import pytest

from dyad.model import Article, ReadError
from dyad.readers import jsonl as jsonl_module
from dyad.readers import read_path, read_stream
from dyad.readers.stream import MAX_RECORD_BYTES

GOOD = json.dumps({"id": "good", "date": "2024-05-17", "text": "Kenya hosted talks with Ethiopia."})


@pytest.mark.parametrize(
    ("line", "kind", "reason"),
    [
        # the attack of issue 14: a lone surrogate crashed content_hash and blocked the batch
        ('{"id": "a", "text": "caf\\ud800 owners protested"}', "undecodable", "lone surrogate U+D800"),
        ('{"id": "a\\udfff", "text": "Police arrested ten."}', "undecodable", "field 'id'"),
        ('{"id": "a", "text": "ok", "title": "\\ud800"}', "undecodable", "field 'title'"),
        ('{"id": "a", "text": "x\\u0000y"}', "binary", "NUL character"),
        # RecursionError in readers/files.py before
        ("[" * 1000 + "]" * 1000, "too_deep", "nested too deeply"),
        ('{"a": ' * 100_000 + "1" + "}" * 100_000, "too_deep", "nested too deeply"),
        ('{"id": ' + "1" * 5000 + ', "text": "x"}', "invalid_json", "4300 digits"),
        ('{"id": true, "text": "x"}', "wrong_type", "field 'id'"),
        ('{"id": 1.5, "text": "x"}', "wrong_type", "field 'id'"),
        ('{"id": "' + "i" * 1001 + '", "text": "x"}', "too_long", "field 'id' has 1,001 characters"),
        ('{"id": "a", "text": "x", "title": "' + "t" * 10_001 + '"}', "too_long", "field 'title'"),
        ('{"id": "a", "text": "x", "url": ["http://x"]}', "wrong_type", "field 'url'"),
        ('{"id": "a", "text": {"body": "x"}}', "wrong_type", "field 'text'"),
        ('{"id": "a", "text": "x", "date": "3/4/2019"}', "bad_date", "ambiguous"),
        ('{"id": "a", "text": "x", "date": "9999-12-31"}', "bad_date", "outside the years"),
        ('{"id": "a", "text": "x", "date": 20240601}', "bad_date", "must be a string"),
        ('{"id": "a", "text": "x", "date": "yesterday"}', "bad_date", "unparseable date"),
        ("NaN", "wrong_type", "JSON object per line"),
        ('{"id": "a", "text": "x"} trailing', "invalid_json", "Extra data"),
    ],
)
def test_poison_line_is_its_own_error(tmp_path: Path, line: str, kind: str, reason: str) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(f"{GOOD}\n{line}\n{GOOD}\n", encoding="utf-8")
    first, bad, last = read_path(path)
    assert isinstance(bad, ReadError), bad
    assert (bad.kind, bad.origin) == (kind, f"{path}:2")
    assert reason in bad.reason
    for shown in (bad.reason, bad.excerpt, bad.record_id or ""):
        shown.encode("utf-8")  # storable and printable: no surrogate leaks into the error
    assert isinstance(first, Article) and isinstance(last, Article)


def test_invalid_utf8_and_overlong_line(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    huge = b'{"id": "huge", "text": "' + b"x" * (MAX_RECORD_BYTES + 10) + b'"}'
    path.write_bytes(b"\n".join([GOOD.encode(), b'{"text": "caf\xe9"}', huge, GOOD.encode()]))
    items = list(read_path(path))
    assert [(type(i).__name__, i.origin.rsplit(":", 1)[1]) for i in items] == [
        ("Article", "1"),
        ("ReadError", "2"),
        ("ReadError", "3"),
        ("Article", "4"),
    ]
    assert items[1].kind == "undecodable" and items[2].kind == "too_long"  # type: ignore[union-attr]


def test_byte_order_mark_and_crlf_line_ends() -> None:
    raw = b"\xef\xbb\xbf" + GOOD.encode() + b"\r\n" + GOOD.encode() + b"\r\n"
    items = list(read_stream(io.BytesIO(raw), "feed", "feed", None, "jsonl"))
    assert [type(i) for i in items] == [Article, Article]


def test_human_date_in_a_record() -> None:
    raw = json.dumps({"id": "a", "date": "3 March 2019", "text": "Kenya hosted talks."}).encode()
    (item,) = read_stream(io.BytesIO(raw), "feed", "feed", None, "jsonl")
    assert isinstance(item, Article) and item.publication_date == date(2019, 3, 3)


def test_surrogate_on_stdin_is_an_error_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    from dyad.readers import read_inputs

    class Stdin:
        buffer = io.BytesIO(b'{"id": "\\ud800", "text": "x"}\n' + GOOD.encode() + b"\n")

    monkeypatch.setattr("sys.stdin", Stdin)
    bad, good = read_inputs(["-"])
    assert isinstance(bad, ReadError) and bad.origin == "<stdin>:1" and bad.kind == "undecodable"
    assert isinstance(good, Article)


def test_an_unforeseen_failure_is_that_records_error(monkeypatch: pytest.MonkeyPatch) -> None:
    original = jsonl_module.record_to_article

    def flaky(record, *args):  # type: ignore[no-untyped-def]
        if record.get("id") == "boom":
            raise KeyError("surprise")
        return original(record, *args)

    monkeypatch.setattr(jsonl_module, "record_to_article", flaky)
    raw = '{"id": "boom", "text": "x"}\n' + GOOD
    bad, good = read_stream(io.BytesIO(raw.encode()), "feed", "feed", None, "jsonl")
    assert isinstance(bad, ReadError) and bad.kind == "internal_error" and bad.origin == "feed:1"
    assert "KeyError" in bad.reason and isinstance(good, Article)


def test_content_hash_of_a_lone_surrogate_is_deterministic() -> None:
    poisoned = Article("1", "caf\ud800", date(2024, 1, 1))
    assert poisoned.content_hash == Article("2", "caf\ud800", date(2024, 1, 1)).content_hash
    assert poisoned.content_hash != Article("1", "caf\udfff", date(2024, 1, 1)).content_hash


def test_content_hash_of_valid_text_is_unchanged() -> None:
    """Stores written before the surrogate fix keep their identities."""
    article = Article("1", "Kenya hosted talks in Nairobi — «ça va» 日本", date(2024, 1, 1))
    expected = hashlib.sha256(f"2024-01-01\n{article.text}".encode()).hexdigest()
    assert article.content_hash == expected
