"""Our VOA ground truth (data/gold/voa): complete, references only, split by story, agreement as reported.

The structural checks run everywhere; the checks against the stories need ../shared and skip without it.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parents[2] / "data" / "gold" / "voa"
CODES = re.compile(r"^([A-Z]{3}|---)[A-Z]*$")


def _lines(name: str) -> list[dict]:
    return [json.loads(line) for line in (GOLD / name).read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("name", ["sentences.jsonl", "pass_a.jsonl", "pass_b.jsonl"])
def test_every_file_is_references_only(name: str) -> None:
    rows = _lines(name)
    assert len(rows) >= 1500 and len({r["story_id"] for r in rows}) == 59
    for row in rows:
        assert set(row) == {"story_id", "sent_idx", "start", "end", "split", "events"}, row.keys()
        for event in row["events"]:
            assert set(event) == {"source", "target", "cameo", "status", "date", "place", "trigger"}
            for side in ("source", "target"):
                actor = event[side]
                if actor is not None:
                    assert CODES.match(actor["code"]) and set(actor) <= {"code", "start", "end"}
                    if "start" in actor:
                        assert row["start"] <= actor["start"] < actor["end"] <= row["end"]
            assert event["cameo"].isdigit() and not event["cameo"].startswith("01")
            assert event["status"] in {"asserted", "claimed", "negated", "future", "hypothetical"}
            if isinstance(event["place"], dict) and "name" in event["place"]:
                assert len(event["place"]["name"].split()) <= 5  # a place name, never copied prose


def test_sentences_tile_each_story_in_order() -> None:
    by_story: dict[str, list[dict]] = defaultdict(list)
    for row in _lines("sentences.jsonl"):
        by_story[row["story_id"]].append(row)
    for story, rows in by_story.items():
        assert [r["sent_idx"] for r in rows] == list(range(len(rows))), story
        assert all(a["end"] <= b["start"] for a, b in itertools.pairwise(rows)), story


def test_splits_are_by_story_and_sized_as_documented() -> None:
    splits: dict[str, set[str]] = defaultdict(set)
    for row in _lines("sentences.jsonl"):
        splits[row["story_id"]].add(row["split"])
    assert all(len(s) == 1 for s in splits.values())
    sizes = defaultdict(int)
    for s in splits.values():
        sizes[next(iter(s))] += 1
    assert sizes == {"train": 39, "dev": 10, "test": 10}


@pytest.fixture(scope="module")
def stories(shared):  # type: ignore[no-untyped-def]
    from dyad.evaluation.sentences import read_stories

    return read_stories(shared / "eval" / "voa" / "stories.jsonl")


def test_offsets_point_at_words_in_the_stories(stories) -> None:  # type: ignore[no-untyped-def]
    for row in _lines("sentences.jsonl"):
        text = stories[row["story_id"]].text
        sentence = text[row["start"] : row["end"]]
        assert sentence == sentence.strip() and sentence
        for event in row["events"]:
            for side in ("source", "target", "trigger"):
                span = event[side] if side == "trigger" else (event[side] or {})
                if span and "start" in span:
                    piece = text[span["start"] : span["end"]]
                    assert piece.strip() and (piece[0].isalnum() or piece[0] in "“\"'‘("), piece


def test_agreement_between_the_passes_is_as_reported(stories) -> None:  # type: ignore[no-untyped-def]
    from dyad.evaluation.sentences import codings_by_sentence, read_sentence_gold, score_codings

    a = read_sentence_gold(GOLD / "pass_a.jsonl", stories)
    b = read_sentence_gold(GOLD / "pass_b.jsonl", stories)
    final = read_sentence_gold(GOLD / "sentences.jsonl", stories)
    assert score_codings(a, codings_by_sentence(b))["sentence"]["f1"] == 0.8276  # type: ignore[index]
    assert score_codings(final, codings_by_sentence(a))["sentence"]["f1"] == 0.9049  # type: ignore[index]
    assert score_codings(final, codings_by_sentence(b))["sentence"]["f1"] == 0.9205  # type: ignore[index]
