"""Accuracy gate for the event coder: scores on the shared gold sets must not fall below the pins.

Scores are measured with :mod:`dyad.evaluation.events` and pinned,
rounded down to 2 decimals, in ``tests/baselines/events.json``. Lower a pin only on purpose, with the
reason in the commit message. Skips when the shared evaluation folder is absent. (CASE 2021 is
gated by tests/evaluation/test_case_baseline.py, with the article classifier.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BASELINE = Path(__file__).resolve().parents[1] / "baselines" / "events.json"


def _pins() -> dict[str, float]:
    return json.loads(BASELINE.read_text(encoding="utf-8"))["scores"]


def _check(measured: dict[str, float], prefix: str) -> None:
    pins = {k: v for k, v in _pins().items() if k.startswith(prefix) and not k.endswith("_max")}
    assert pins, f"no {prefix}* pins in {BASELINE.name}"
    drops = {k: (measured[k], v) for k, v in pins.items() if measured[k] < v}
    assert not drops, f"event scores fell below {BASELINE.name} (measured, pinned): {drops}"


@pytest.fixture(scope="module")
def plover(shared, nlp):  # type: ignore[no-untyped-def]
    from dyad.evaluation.events import evaluate_plover

    return evaluate_plover(shared / "eval" / "plover_gsr" / "PLOVER_GSR_CAMEO.json", nlp=nlp)


def test_plover_gsr_event_type_accuracy(plover) -> None:  # type: ignore[no-untyped-def]
    _check(
        {
            "plover_accuracy": plover["accuracy"],
            "plover_source_accuracy": plover["source_accuracy"],
            "plover_f1": plover["overall"]["f1"],
        },
        "plover_",
    )


@pytest.mark.parametrize("name", ["UDP_PETR_Validate_records_2_02", "petrarch2_PETR.UnitTest.records"])
def test_petrarch_validation(shared, nlp, name) -> None:  # type: ignore[no-untyped-def]
    from dyad.evaluation.events import evaluate_petrarch

    report = evaluate_petrarch(shared / "eval" / "petrarch" / f"{name}.xml", nlp=nlp)
    key = "udp" if name.startswith("UDP") else "petr2"
    root = report["root_only"]
    measured = {
        f"{key}_root_found_share": root["found_share"],
        f"{key}_root_precision": root["overall"]["precision"],
    }
    _check(measured, f"{key}_")
    # false codings per sentence is lower-is-better: pinned as a ceiling
    ceiling = _pins()[f"{key}_root_false_per_sentence_max"]
    assert root["false_per_sentence"] <= ceiling, (root["false_per_sentence"], ceiling)


def test_readers_parse_the_gold_files(shared) -> None:  # type: ignore[no-untyped-def]
    from dyad.evaluation.events import read_petrarch, read_plover_gsr

    assert len(read_plover_gsr(shared / "eval" / "plover_gsr" / "PLOVER_GSR_CAMEO.json")) == 322
    sentences = read_petrarch(shared / "eval" / "petrarch" / "UDP_PETR_Validate_records_2_02.xml")
    assert len(sentences) > 250 and all(s.text for s in sentences)


@pytest.mark.parametrize(
    ("gold", "predicted", "f1"),
    [
        ([("USA", "CHN", "11")], [("USA", "CHN", "11")], 1.0),
        ([("USA", "CHN", "11")], [("USA", "CHN", "12")], 0.0),
        ([("USA", "CHN", "11"), ("CHN", "USA", "11")], [("USA", "CHN", "11")], 0.6667),
    ],
)
def test_tally_scores_codings(gold, predicted, f1) -> None:  # type: ignore[no-untyped-def]
    from dyad.evaluation.scoring import Tally

    tally = Tally()
    tally.add("s1", "text", gold, predicted)
    assert tally.overall()["f1"] == f1


@pytest.mark.parametrize(
    ("cameo", "expected"),
    [
        ("0831", "RETREAT"),
        ("083", "CONCEDE"),
        ("0813", "CONCEDE"),
        ("0874", "RETREAT"),
        ("057", "SUPPORT"),
        ("010", "none"),
    ],
)
def test_gsr_type_translates_cameo(cameo, expected) -> None:  # type: ignore[no-untyped-def]
    from dyad.evaluation.events import gsr_type

    assert gsr_type(cameo) == expected
