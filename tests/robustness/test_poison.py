"""Property: generated poison never stops a reader. Each bad record is a ReadError at its own line, with
a reason; every good record around it still comes out, exactly as written.

Poison: lone surrogates, NULs, invalid UTF-8, JSON nested thousands deep, wrong types, huge values,
bad dates, broken CSV quotes; fed to the JSONL, CSV, text, HTML and Parquet readers.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.model import Article, ReadError
from dyad.readers import read_bytes, read_stream

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Good text: any Unicode scalar value but NUL and surrogates, with something that is not whitespace.
TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1, max_size=60)
GOOD_TEXT = TEXT.filter(lambda text: bool(text.strip()))
# In CSV, good text has no digits and no carriage returns: a digit-free line can never be taken for a
# new row (which needs a date), and plain "\n" line ends keep the expected line numbers simple.
CSV_TEXT = st.text(
    st.characters(exclude_categories=["Cs", "Nd"], exclude_characters="\x00\r"), min_size=1, max_size=60
).filter(lambda text: bool(text.strip()))
GOOD_DATES = st.sampled_from([None, "2024-05-17", "3 March 2019", "March 3, 2019", "2019/03/03"])
BAD_DATES = st.sampled_from(["03.03.2019", "9999-12-31", "0001-01-01", "2024-02-31", "yesterday", "5/6/07"])
SURROGATE = st.characters(categories=["Cs"])
DEPTH = st.integers(min_value=1_000, max_value=20_000)


def _dumps(record: dict[str, object]) -> str:
    return json.dumps(record)  # ensure_ascii: a surrogate becomes the escape "\\ud800", as in the attack


JSONL_POISON = st.one_of(
    SURROGATE.map(lambda c: _dumps({"id": "p", "text": f"caf{c} owners protested"})),
    SURROGATE.map(lambda c: _dumps({"id": f"p{c}", "text": "Police arrested ten."})),
    SURROGATE.map(lambda c: _dumps({"id": "p", "text": "x", "source": c})),
    st.just(_dumps({"id": "p", "text": "x\x00y"})),
    DEPTH.map(lambda n: "[" * n + "]" * n),
    DEPTH.map(lambda n: '{"text": ' + '{"a": ' * n + "1" + "}" * n + "}"),
    st.integers(min_value=4_301, max_value=20_000).map(lambda n: '{"id": ' + "7" * n + ', "text": "x"}'),
    st.sampled_from([1, 1.5, True, None, [], {}, ["x"]]).map(lambda v: _dumps({"text": v})),
    st.sampled_from([1.5, True, [], {}, ["x"]]).map(lambda v: _dumps({"id": v, "text": "x"})),
    st.sampled_from([1, [], {"a": 1}]).map(lambda v: _dumps({"id": "p", "text": "x", "title": v})),
    st.sampled_from([20240601, [2024], {"y": 2024}]).map(lambda v: _dumps({"text": "x", "date": v})),
    BAD_DATES.map(lambda d: _dumps({"text": "x", "date": d})),
    st.integers(min_value=1_001, max_value=50_000).map(lambda n: _dumps({"id": "i" * n, "text": "x"})),
    st.integers(min_value=10_001, max_value=50_000).map(lambda n: _dumps({"text": "x", "url": "u" * n})),
    st.sampled_from(["", " ", "\t\u2003"]).map(lambda t: _dumps({"id": "p", "text": t})),
    st.sampled_from(["42", '"text"', "[1, 2]", "null", "NaN", "{", '{"text": "x"', '{"text": "x"} {}']),
    st.binary(min_size=1, max_size=20).map(lambda b: b'{"text": "' + b"\xff" + b.replace(b"\n", b"") + b'"}'),
    st.just('{"text": "a\x00b"}'),  # a raw control character inside a JSON string
)


@SETTINGS
@given(st.lists(st.one_of(st.tuples(st.just("good"), GOOD_TEXT, GOOD_DATES), JSONL_POISON), max_size=12))
def test_jsonl(records: list[tuple[str, str, str | None] | str | bytes]) -> None:
    lines: list[bytes] = []
    good: dict[int, tuple[str, str]] = {}
    for number, record in enumerate(records, start=1):
        if isinstance(record, tuple):
            _, text, day = record
            good[number] = (f"g{number}", text)
            line = _dumps({"id": f"g{number}", "text": text} | ({"date": day} if day else {}))
            lines.append(line.encode())
        else:
            lines.append(record if isinstance(record, bytes) else record.encode("utf-8", "surrogatepass"))
    items = list(read_bytes(b"\n".join(lines), "feed.jsonl", "feed", None, ".jsonl"))
    _check(items, "feed.jsonl", good, poison=set(range(1, len(records) + 1)) - set(good))


CSV_HEADER = ["id", "date", "text", "title"]
CSV_POISON = st.one_of(
    CSV_TEXT.map(lambda t: 'p,2024-05-17,"' + t.replace('"', "").replace("\n", " ")),  # quote never closed
    CSV_TEXT.map(lambda t: '"p,2024-05-17,' + t.replace('"', "").replace("\n", " ")),  # opens in the id
    st.just('p,2024-05-17,"He said "no" twice",t'),  # a quote that closes mid-field
    st.just("p,2024-05-17,Caf\udcff,t"),  # stands for the byte 0xff (invalid UTF-8)
    st.just("p,2024-05-17,Nul\x00byte,t"),
    st.just("p,2024-05-17,,t"),
    st.just("p,2024-05-17,one,two,three"),
    BAD_DATES.map(lambda d: f'p,"{d}",Police arrested ten.,t'),
    st.integers(min_value=10_001, max_value=30_000).map(lambda n: "p,2024-05-17,x," + "t" * n),
)


@SETTINGS
@given(st.lists(st.one_of(st.tuples(st.just("good"), CSV_TEXT, GOOD_DATES), CSV_POISON), max_size=12))
def test_csv(rows: list[tuple[str, str, str | None] | str]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    good: dict[int, tuple[str, str]] = {}
    poison: set[int] = set()
    for row in rows:
        line = out.getvalue().count("\n") + 1
        if isinstance(row, tuple):
            _, text, day = row
            good[line] = (f"g{line}", text)
            writer.writerow([f"g{line}", day or "", text, "T"])
        else:
            poison.add(line)
            out.write(row + "\n")
    raw = out.getvalue().encode("utf-8", "surrogateescape")
    items = list(read_stream(io.BytesIO(raw), "news.csv", "news", None, "csv"))
    _check(items, "news.csv", good, poison)


def _check(
    items: list[Article | ReadError], origin: str, good: dict[int, tuple[str, str]], poison: set[int]
) -> None:
    """Exactly one item per record, at the record's line: an Article as written, or a ReadError."""
    by_line: dict[int, list[Article | ReadError]] = {}
    for item in items:
        path, line = item.origin.rsplit(":", 1)
        assert path == origin, item
        by_line.setdefault(int(line), []).append(item)
    assert set(by_line) == set(good) | poison, by_line
    for line, (record_id, text) in good.items():
        (article,) = by_line[line]
        assert isinstance(article, Article), article
        assert (article.id, article.text) == (record_id, text)
        article.content_hash  # noqa: B018 - must not raise
    for line in poison:
        (error,) = by_line[line]
        assert isinstance(error, ReadError), error
        assert error.kind != "internal_error" and len(error.reason) > 20, error
        for shown in (error.reason, error.excerpt, error.record_id or "", error.origin):
            shown.encode("utf-8")  # storable and printable


HEADERS = st.sampled_from(["", "date 2024-05-17 ", "Date: 3 March 2019\n", "date March 3, 2019 "])
BAD_DOCUMENTS = st.one_of(
    st.sampled_from(
        ["date 03.03.2019 ", "date 9999-12-31 ", "\n date 0001-01-01 ", "date: soon ", "date 2024-13-45 "]
    ).map(lambda h: (h + "Police arrested ten.").encode()),
    GOOD_TEXT.map(lambda t: ("Police " + t + "\x00").encode()),
    GOOD_TEXT.map(lambda t: b"\xff\xfe" + t.encode()),
    st.sampled_from([b"", b"  \n\t", "\u2003\n".encode()]),
)


@SETTINGS
@given(document=st.one_of(st.tuples(HEADERS, GOOD_TEXT.filter(lambda t: not t[:1].isspace())), BAD_DOCUMENTS))
def test_text(document: tuple[str, str] | bytes) -> None:
    raw = document if isinstance(document, bytes) else (document[0] + "Police " + document[1]).encode()
    (item,) = read_bytes(raw, "news.txt", "news", date(2024, 1, 1), ".txt")
    assert item.origin.startswith("news.txt")
    if isinstance(document, bytes):
        assert isinstance(item, ReadError) and item.kind != "internal_error"
    else:
        assert isinstance(item, Article) and item.text == "Police " + document[1]
        assert item.publication_date is not None and 1800 <= item.publication_date.year <= 2200


@SETTINGS
@given(
    raw=st.one_of(
        st.binary(max_size=3000),
        DEPTH.map(lambda n: ("<html><body>" + "<div>" * n + "Talks." + "</div>" * n).encode()),
        SURROGATE.map(lambda c: f"<p>caf{c}</p>".encode("utf-8", "surrogatepass")),
    )
)
def test_html_never_raises(raw: bytes) -> None:
    (item,) = read_bytes(raw, "page.html", "page", None, ".html")
    assert isinstance(item, Article | ReadError) and item.origin.startswith("page.html")
    if isinstance(item, ReadError):
        assert item.kind != "internal_error"


PARQUET_POISON = st.one_of(
    st.just({"id": "p", "text": None}),
    st.just({"id": "p", "text": "Nul\x00byte"}),
    st.just({"id": "p", "text": " \n"}),
    st.just({"id": "i" * 1_001, "text": "x"}),
    BAD_DATES.map(lambda d: {"id": "p", "text": "x", "date": d}),
)


@SETTINGS
@given(st.lists(st.one_of(st.tuples(GOOD_TEXT, GOOD_DATES), PARQUET_POISON), max_size=10))
def test_parquet(rows: list[tuple[str, str | None] | dict[str, str | None]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = [
        {"id": f"g{n}", "text": row[0], "date": row[1]} if isinstance(row, tuple) else {"date": None} | row
        for n, row in enumerate(rows, start=1)
    ]
    buffer = io.BytesIO()
    schema = pa.schema([("id", pa.string()), ("text", pa.string()), ("date", pa.string())])
    pq.write_table(pa.Table.from_pylist(records, schema=schema), buffer, row_group_size=3)
    items = list(read_bytes(buffer.getvalue(), "export.parquet", "export", None, ".parquet"))
    good = {n: (f"g{n}", row[0]) for n, row in enumerate(rows, start=1) if isinstance(row, tuple)}
    poison = {n for n in range(1, len(rows) + 1)} - set(good)
    _check([_row_origin(item) for item in items], "export.parquet", good, poison)


def _row_origin(item: Article | ReadError) -> Article | ReadError:
    """``path:row N`` as ``path:N``, to share the line check."""
    from dataclasses import replace

    return replace(item, origin=item.origin.replace(":row ", ":"))


RELATIVE = "Police said yesterday that talks resume tomorrow, next week or last Friday, the previous day."


@pytest.mark.parametrize("header", ["date 9999-12-31 ", "date 0001-01-01 ", "date 31 December 9999 "])
def test_regression_extreme_header_dates_are_refused(header: str) -> None:
    """They reached the temporal tagger and raised OverflowError ("please report it")."""
    (item,) = read_bytes((header + RELATIVE).encode(), "news.txt", "news", None, ".txt")
    assert isinstance(item, ReadError) and item.kind == "bad_date" and "1800-2200" in item.reason


def test_the_accepted_years_are_safe_for_relative_dates() -> None:
    from dyad.nlp.timex import tag

    for header in ("date 1800-01-01 ", "date 2200-12-31 "):
        (article,) = read_bytes((header + RELATIVE).encode(), "news.txt", "news", None, ".txt")
        assert isinstance(article, Article)
        assert len(tag(article.text, article.publication_date)) >= 4
