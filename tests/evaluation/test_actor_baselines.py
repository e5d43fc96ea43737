"""Accuracy gate: actor resolution on the PLOVER gold records and the PETRARCH unit-test suite must
not drop below the pinned baseline (tests/baselines/actors.json). Lower it only on purpose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyad.evaluation.actors import evaluate_petrarch_actors, evaluate_plover_actors

BASELINE = json.loads((Path(__file__).resolve().parents[1] / "baselines" / "actors.json").read_text())


def _below(scores: dict[str, float], pinned: dict[str, float]) -> dict[str, tuple[float, float]]:
    return {k: (round(scores[k], 4), v) for k, v in pinned.items() if scores[k] < v}


def test_plover_gold_actor_agreement(shared: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    gold = shared / "eval" / "plover_gsr" / "PLOVER_GSR_CAMEO.json"
    if not gold.is_file():
        pytest.skip(f"{gold} is absent")
    scores = evaluate_plover_actors(gold, nlp).as_dict()
    below = _below(scores, BASELINE["plover_gsr"])
    assert not below, f"PLOVER GSR actor scores below baseline (measured, pinned): {below}"


def test_petrarch_unit_test_codes_found(shared: Path) -> None:
    from dyad.nlp.resolve import actor_pipeline

    folder = shared / "eval" / "petrarch"
    if not (folder / "petrarch2_PETR.UnitTest.records.xml").is_file():
        pytest.skip(f"PETRARCH unit tests are absent from {folder}")
    nlp = actor_pipeline(
        [str(folder / "PETR.Validate.actors.txt")], [str(folder / "PETR.Validate.agents.txt")]
    )
    scores = evaluate_petrarch_actors(folder / "petrarch2_PETR.UnitTest.records.xml", nlp)
    below = _below(scores, BASELINE["petrarch_unit_tests"])
    assert not below, f"PETRARCH unit-test recall below baseline (measured, pinned): {below}"
