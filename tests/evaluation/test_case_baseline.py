"""Accuracy gate: the ACLED sub-type classifier must not score below the pinned CASE 2021 baseline.

Measured on the dev half of CASE 2021 task 2 in the shared evaluation folder and pinned, rounded
down, in ``tests/baselines/case.json``. Lower the baseline only on purpose, with the reason in the
commit message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyad.evaluation.case import evaluate_case, read_case, score_labels

BASELINE = Path(__file__).resolve().parents[1] / "baselines" / "case.json"


@pytest.fixture(scope="module")
def dev(shared: Path) -> Path:
    path = shared / "eval" / "case2021" / "dev.tsv"
    if not path.is_file():
        pytest.skip(f"CASE 2021 dev file not found at {path}")
    return path


def test_scores_do_not_drop_below_baseline(dev: Path) -> None:
    pinned = json.loads(BASELINE.read_text(encoding="utf-8"))["scores"]
    scores = evaluate_case(dev)
    drops = {k: (scores[k], v) for k, v in pinned.items() if float(scores[k]) < v}  # type: ignore[arg-type]
    assert not drops, f"CASE 2021 scores fell below {BASELINE.name} (measured, pinned): {drops}"


def test_reader_keeps_every_row(dev: Path) -> None:
    rows = read_case(dev)
    assert len(rows) == dev.read_text(encoding="utf-8").count("\n") - 1
    assert all(r.id and r.text and r.label for r in rows)


@pytest.mark.parametrize(
    ("gold", "predicted", "weighted", "macro"),
    [
        (["A", "A", "B"], ["A", "A", "B"], 1.0, 1.0),
        (["A", "A", "B", "B"], ["A", "B", "B", "B"], 0.7333, 0.7333),
        (["A", "A", "A", "B"], ["A", "A", "A", "A"], 0.6429, 0.4286),
    ],
)
def test_weighted_and_macro_f1(gold: list[str], predicted: list[str], weighted: float, macro: float) -> None:
    scores = score_labels(gold, predicted)
    assert scores["weighted_f1"] == pytest.approx(weighted, abs=1e-4)
    assert scores["macro_f1"] == pytest.approx(macro, abs=1e-4)
