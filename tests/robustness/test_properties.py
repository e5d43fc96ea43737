"""Property tests: readers and the temporal tagger never crash, and offsets always point into the text."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.model import Article, ReadError
from dyad.nlp.timex import tag
from dyad.readers import read_bytes

NEWSY = st.sampled_from(
    [
        "last week",
        "on Thursday",
        "in 1969",
        "next month",
        "May",
        "the 1990s",
        "2024-05-16",
        "this Thursday (16)",
        "earlier this week",
        "3 March 2021",
        "Tuesday evening",
        "We",
        "the 43rd",
        "a day after",
        "in recent weeks",
        "FY2024",
        "last summer",
        "now",
        "$2 billion",
    ]
)
TEXTS = st.lists(st.one_of(st.text(max_size=40), NEWSY), max_size=12).map(" ".join)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(
    raw=st.binary(max_size=2000), suffix=st.sampled_from([None, ".txt", ".jsonl", ".csv", ".html", ".tsv"])
)
def test_readers_never_crash_on_bytes(raw: bytes, suffix: str | None) -> None:
    for item in read_bytes(raw, "fuzz", "fuzz", None, suffix):
        assert isinstance(item, Article | ReadError)
        if isinstance(item, ReadError):
            assert item.reason and item.origin.startswith("fuzz")
        else:
            assert item.text.strip()


@SETTINGS
@given(
    records=st.lists(
        st.dictionaries(
            st.sampled_from(["id", "date", "text", "title", "url", "source"]),
            st.one_of(st.none(), st.integers(), st.text(max_size=30), st.lists(st.integers(), max_size=2)),
            max_size=6,
        ),
        max_size=5,
    )
)
def test_jsonl_records_of_any_shape(records: list[dict[str, object]]) -> None:
    import json

    raw = "\n".join(json.dumps(r) for r in records).encode()
    items = list(read_bytes(raw, "fuzz.jsonl", "fuzz", None, ".jsonl"))
    assert len(items) == len(records)


@SETTINGS
@given(
    text=TEXTS,
    anchor=st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))),
)
def test_timex_offsets_inside_text(text: str, anchor: date | None) -> None:
    timexes = tag(text, anchor)
    previous_end = 0
    for timex in timexes:
        assert 0 <= timex.start < timex.end <= len(text)
        assert text[timex.start : timex.end] == timex.text
        assert timex.start >= previous_end
        previous_end = timex.end
        assert timex.type in {"DATE", "TIME", "DURATION", "SET"}
        if timex.span is not None:
            assert timex.span.start <= timex.span.end
