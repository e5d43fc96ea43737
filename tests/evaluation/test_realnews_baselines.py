"""Accuracy gate on real news: PLV train and our VOA dev split, pinned at 3 decimals.

The pins live in ``tests/baselines/realnews.json`` (measured scores rounded down; ceilings, keys
ending ``_max``, rounded up). Lower one only on purpose, with the reason in the commit message. The
PLV scores are also recomputed here by a second scorer written independently of
:mod:`dyad.evaluation.plv` (from the events' JSON shape alone), and the two must agree to the third
decimal. Our VOA test split is never pinned: it is reported, not tuned on. Skips without ../shared.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest

BASELINE = Path(__file__).resolve().parents[1] / "baselines" / "realnews.json"
GOLD = Path(__file__).resolve().parents[2] / "data" / "gold" / "voa" / "sentences.jsonl"


def _pins() -> dict[str, float]:
    return json.loads(BASELINE.read_text(encoding="utf-8"))["scores"]


def _gate(measured: dict[str, float], prefix: str) -> None:
    pins = {k: v for k, v in _pins().items() if k.startswith(prefix)}
    assert pins, f"no {prefix}* pins in {BASELINE.name}"
    floors = {k: (measured[k], v) for k, v in pins.items() if not k.endswith("_max") and measured[k] < v}
    ceilings = {
        k: (measured[k[:-4]], v) for k, v in pins.items() if k.endswith("_max") and measured[k[:-4]] > v
    }
    assert not floors and not ceilings, f"real-news scores moved past {BASELINE.name}: {floors} {ceilings}"


@pytest.fixture(scope="module")
def plv_coded(shared, nlp):  # type: ignore[no-untyped-def]
    from dyad.evaluation.plv import read_plv
    from dyad.model import Article, ArticleResult
    from dyad.nlp.pipeline import code_articles

    path = shared / "eval" / "plv" / "plv_train.csv"
    records = read_plv(path)
    results = {
        r.article.id: list(r.events)
        for r in code_articles([Article(f"plv-{x.id}", x.text, None) for x in records], nlp=nlp)
        if isinstance(r, ArticleResult)
    }
    return path, records, [results.get(f"plv-{x.id}", []) for x in records]


def test_plv_train_scores_hold(plv_coded) -> None:  # type: ignore[no-untyped-def]
    from dyad.evaluation.plv import score_plv

    _, records, events = plv_coded
    report = score_plv(records, events)
    _gate(
        {
            "plv_train_type_found": report["type_found"],
            "plv_train_type_source_target": report["type_source_target"],
            "plv_train_false_per_sentence": report["false_per_sentence"],
        },
        "plv_train_",
    )


def _independent_plv(path: Path, coded: list[list[dict]]) -> tuple[float, float, float]:
    """PLV scoring from the CSV and ``dyad extract`` JSON only (a second implementation)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    older = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}
    found = full = false = 0
    for row, events in zip(rows, coded, strict=True):
        text, label = row["text"], row["label"].strip().upper()

        def where(needle: str, text: str = text) -> tuple[int, int] | None:
            needle = needle.strip()
            at = text.find(needle) if needle else -1
            if at < 0 and needle:
                at = text.lower().find(needle.lower())
            return (at, at + len(needle)) if at >= 0 else None

        gold_source, gold_target = where(row["source"]), where(row["target"])

        def hits(actor: dict | None, gold: tuple[int, int] | None) -> bool:
            if not actor or gold is None or actor["start"] < 0 or actor["end"] <= actor["start"]:
                return False
            return max(actor["start"], gold[0]) < min(actor["end"], gold[1])

        typed = [
            (older.get(e["plover"]["type"], e["plover"]["type"]), e)
            for e in events
            if e["status"] in ("asserted", "claimed") and e["plover"] and e["plover"]["type"]
        ]
        found += any(t == label for t, _ in typed)
        full += any(
            t == label and hits(e["source"], gold_source) and hits(e["target"], gold_target) for t, e in typed
        )
        false += sum(1 for t, _ in typed if t != label)
    n = len(rows)
    return found / n, full / n, false / n


def test_plv_scores_match_an_independent_scorer(plv_coded) -> None:  # type: ignore[no-untyped-def]
    from dyad.evaluation.plv import score_plv
    from dyad.model import event_to_json

    path, records, events = plv_coded
    report = score_plv(records, events)
    mine = _independent_plv(path, [[event_to_json(e) for e in sentence] for sentence in events])
    theirs = (report["type_found"], report["type_source_target"], report["false_per_sentence"])
    assert all(math.isclose(a, b, abs_tol=5e-4) for a, b in zip(mine, theirs, strict=True)), (mine, theirs)


@pytest.fixture(scope="module")
def voa_dev(shared, nlp):  # type: ignore[no-untyped-def]
    from dyad.evaluation.sentences import evaluate_sentences

    return evaluate_sentences(GOLD, shared / "eval" / "voa" / "stories.jsonl", split="dev", nlp=nlp)


def test_voa_dev_scores_hold(voa_dev) -> None:  # type: ignore[no-untyped-def]
    assert voa_dev["gold_units"] > 50  # the dev split has scored events to find
    _gate(
        {
            "voa_dev_sentence_f1": voa_dev["sentence"]["f1"],
            "voa_dev_sentence_precision": voa_dev["sentence"]["precision"],
            "voa_dev_sentence_recall": voa_dev["sentence"]["recall"],
            "voa_dev_story_f1": voa_dev["story"]["f1"],
        },
        "voa_dev_",
    )
