"""The real-news scorers on hand-made cases: sentence-level units, story level, error causes, PLV."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dyad.evaluation.plv import PlvSentence, gold_span, read_plv, score_plv
from dyad.evaluation.sentences import (
    Coding,
    GoldSentence,
    country3,
    read_sentence_gold,
    score_codings,
)
from dyad.model import Actor, Article, Event, Evidence, Plover, TimeSpan


def c(source: str, target: str, cameo: str, status: str = "asserted", when: str | None = None) -> Coding:
    return Coding(source, target, cameo, status, when)


def sentence(idx: int, *events: Coding, story: str = "s1") -> GoldSentence:
    return GoldSentence(story, idx, idx * 100, idx * 100 + 99, tuple(events))


@pytest.mark.parametrize(
    ("code", "expected"),
    [("USAGOV", "USA"), ("igouno", "IGO"), ("---", "---"), ("---GOV", "---"), ("", "---"), (None, "---")],
)
def test_country3(code: str | None, expected: str) -> None:
    assert country3(code) == expected


CASES = [
    # (gold events, predicted events, tp, fp, fn)
    ([c("USAGOV", "IRN", "112")], [c("USA", "IRNGOV", "111")], 1, 0, 0),  # root and country-3 only
    ([c("USA", "IRN", "112")], [c("USA", "IRN", "112"), c("USA", "IRN", "112")], 1, 1, 0),  # one to one
    ([c("USA", "IRN", "042"), c("IRN", "USA", "042")], [c("USA", "IRN", "042")], 1, 0, 1),  # both ways
    ([c("USA", "IRN", "112")], [c("USA", "IRN", "112", "future")], 0, 0, 1),  # status must be scored
    ([c("USA", "IRN", "112", "claimed")], [c("USA", "IRN", "112")], 1, 0, 0),  # claimed = asserted
    ([c("USA", "IRN", "010")], [c("USA", "IRN", "010")], 0, 0, 0),  # root 01 is not scored
    ([c("USA", "---", "190")], [c("USA", "---", "190")], 1, 0, 0),  # unknown target matches unknown
    ([], [c("RUS", "UKR", "190")], 0, 1, 0),
]


@pytest.mark.parametrize(("gold", "predicted", "tp", "fp", "fn"), CASES)
def test_sentence_units(gold: list[Coding], predicted: list[Coding], tp: int, fp: int, fn: int) -> None:
    report = score_codings([sentence(0, *gold)], {("s1", 0): predicted})
    assert report["gold_units"] == tp + fn
    assert report["predicted_units"] == tp + fp


def test_story_level_counts_distinct_units_across_sentences() -> None:
    gold = [sentence(0, c("CHN", "RUS", "036")), sentence(1, c("CHN", "RUS", "036"))]
    # the same unit found once, in the other sentence: wrong at sentence level, right at story level
    report = score_codings(gold, {("s1", 1): [c("CHN", "RUS", "036")]})
    assert report["sentence"]["recall"] == 0.5
    assert report["story"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}


@pytest.mark.parametrize(
    ("gold", "predicted", "cause"),
    [
        (c("USA", "IRN", "112"), [], "no_event"),
        (c("USA", "IRN", "112"), [c("USA", "IRN", "112", "hypothetical")], "wrong_status"),
        (c("USA", "IRN", "112"), [c("USA", "IRN", "042")], "wrong_type"),
        (c("USA", "IRN", "112"), [c("GBR", "IRN", "112")], "wrong_source"),
        (c("USA", "IRN", "112"), [c("USA", "---", "112")], "wrong_target"),
        (c("USA", "IRN", "112"), [c("GBR", "ISR", "112")], "wrong_source_and_target"),
        (c("USA", "IRN", "112"), [c("GBR", "ISR", "190")], "wrong_type"),
    ],
)
def test_every_miss_has_one_cause(gold: Coding, predicted: list[Coding], cause: str) -> None:
    report = score_codings([sentence(0, gold)], {("s1", 0): predicted})
    missed = report["errors"]["missed"]  # type: ignore[index]
    assert missed[cause] == 1 and sum(missed.values()) == 1


def test_false_units_are_sorted_by_kind() -> None:
    gold = [
        sentence(0),
        sentence(1, c("USA", "IRN", "112")),
        sentence(2, c("ISR", "LBN", "190", "future")),
    ]
    predicted = {
        ("s1", 0): [c("RUS", "UKR", "190")],
        ("s1", 1): [c("USA", "IRN", "112"), c("IRN", "USA", "111")],
        ("s1", 2): [c("ISR", "LBN", "190")],
    }
    report = score_codings(gold, predicted)
    assert report["errors"]["false"] == {  # type: ignore[index]
        "spurious_sentence": 1,
        "extra_in_coded_sentence": 1,
        "gold_not_asserted": 1,
    }


def test_code_status_and_date_agreement() -> None:
    gold = [sentence(0, c("USA", "IRN", "112", when="2025-03-13"), c("USA", "ISR", "042", "future"))]
    predicted = {
        ("s1", 0): [
            Coding("USA", "IRN", "111", "asserted", "2025-03-13", date(2025, 3, 13), date(2025, 3, 13)),
            c("USA", "ISR", "042", "future"),
        ]
    }
    report = score_codings(gold, predicted)
    assert report["code3_agreement"] == 0.0  # 112 vs 111
    assert report["date_agreement"] == 1.0 and report["dated_matches"] == 1
    assert report["status_agreement"] == 1.0  # both units, whatever their status, agree


def test_gold_reader_takes_offsets_or_text_and_reports_bad_lines(tmp_path: Path) -> None:
    story = "Ruritania accused Borduria of shelling. Borduria denied it. Nothing else."
    stories = {"a": Article("a", story, date(2025, 1, 2))}
    gold = tmp_path / "gold.jsonl"
    lines = [
        {
            "story_id": "a",
            "sent_idx": 0,
            "start": 0,
            "end": 39,
            "events": [
                {
                    "source": {"code": "RUR", "start": 0, "end": 9},
                    "target": {"code": "BOR"},
                    "cameo": "112",
                    "status": "asserted",
                }
            ],
        },
        {
            "story_id": "a",
            "sent_idx": 1,
            "text": "Borduria denied it.",
            "events": [{"source": "BOR", "source_text": "Borduria", "target": "RUR", "cameo": "120"}],
        },
    ]
    gold.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    read = read_sentence_gold(gold, stories)
    assert [(s.start, s.end) for s in read] == [(0, 39), (40, 59)]
    assert [e.unit for s in read for e in s.events] == [("RUR", "BOR", "11"), ("BOR", "RUR", "12")]
    gold.write_text(json.dumps({"story_id": "zz", "sent_idx": 0, "text": "x", "events": []}) + "\n")
    with pytest.raises(ValueError, match=r"gold.jsonl:1: story 'zz'"):
        read_sentence_gold(gold, stories)


# --- PLV --------------------------------------------------------------------------------------------


def event(
    text: str,
    plover: str,
    source: tuple[int, int] | None,
    target: tuple[int, int] | None,
    status: str = "asserted",
) -> Event:
    def actor(span: tuple[int, int] | None) -> Actor | None:
        return (
            None if span is None else Actor(text[span[0] : span[1]], "XXX", "XXX", start=span[0], end=span[1])
        )

    day = TimeSpan("2020-01-01", date(2020, 1, 1), date(2020, 1, 1), "day", "publication")
    return Event(
        "e",
        "a",
        0,
        actor(source),
        actor(target),
        "111",
        "11",
        3,
        -2.0,
        Plover(plover, ""),
        day,
        None,
        status,
        Evidence(text, 0, len(text), "t", "r"),
        0.5,  # type: ignore[arg-type]
    )


PLV_TEXT = "The Ruritanian army withdrew from the Bordurian border town on Monday."


@pytest.mark.parametrize(
    ("events", "found", "full", "false", "cause"),
    [
        ([event(PLV_TEXT, "RETREAT", (4, 19), (38, 47))], 1, 1, 0, None),  # RETREAT scores as YIELD
        ([event(PLV_TEXT, "CONCEDE", (4, 19), None)], 1, 0, 0, "wrong_target"),
        ([event(PLV_TEXT, "RETREAT", (4, 19), (38, 47), "future")], 0, 0, 0, "wrong_status"),
        ([event(PLV_TEXT, "ASSAULT", (4, 19), (38, 47))], 0, 0, 1, "wrong_type"),
        ([], 0, 0, 0, "no_event"),
    ],
)
def test_plv_scores(events: list[Event], found: int, full: int, false: int, cause: str | None) -> None:
    record = PlvSentence("1", PLV_TEXT, "YIELD", "Ruritanian army", "Bordurian border town")
    report = score_plv([record], [events])
    assert (report["type_found"], report["type_source_target"], report["false_per_sentence"]) == (
        found,
        full,
        false,
    )
    missed = report["errors"]["missed"]  # type: ignore[index]
    assert sum(missed.values()) == (0 if cause is None else 1)
    if cause:
        assert missed[cause] == 1


def test_plv_gold_span_ignores_case_and_reader_names_missing_columns(tmp_path: Path) -> None:
    assert gold_span("The UN Envoy met them", "un envoy") == (4, 12)
    assert gold_span("The UN Envoy met them", "NATO") is None
    bad = tmp_path / "plv.csv"
    bad.write_text("text,label\nA met B.,CONSULT\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing columns"):
        read_plv(bad)
