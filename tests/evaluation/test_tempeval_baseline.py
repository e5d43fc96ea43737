"""Accuracy gate: Dyad's temporal tagger must not score below the pinned TempEval-3 baseline.

The scores are measured on TBAQ-cleaned (TimeBank + AQUAINT) in the shared evaluation folder
and pinned, rounded down, in ``tests/baselines/tempeval.json``. Lower the baseline only on
purpose, with the reason in the commit message.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dyad.evaluation.tempeval import evaluate_tempeval, read_timeml

REPO = Path(__file__).resolve().parents[2]
BASELINE = REPO / "tests" / "baselines" / "tempeval.json"


def shared_folder() -> Path:
    """``$DYAD_SHARED`` if set, else the ``shared`` folder beside the repository."""
    override = os.environ.get("DYAD_SHARED")
    return Path(override) if override else (REPO / ".." / "shared").resolve()


CORPUS = shared_folder() / "eval" / "tempeval3" / "TBAQ-cleaned"


@pytest.fixture(scope="module")
def scores() -> dict[str, object]:
    if not CORPUS.is_dir():
        pytest.skip(f"TempEval-3 data not found at {CORPUS}; set DYAD_SHARED to the shared folder")
    return evaluate_tempeval(CORPUS)


def _flatten(scores: dict[str, object]) -> dict[str, float]:
    flat: dict[str, float] = {}
    for key in ("strict", "relaxed", "value"):
        part = scores[key]
        assert isinstance(part, dict)
        flat |= {f"{key}_{name}": float(v) for name, v in part.items()}
    flat["type_accuracy"] = float(scores["type_accuracy"])  # type: ignore[arg-type]
    return flat


def test_scores_do_not_drop_below_baseline(scores: dict[str, object]) -> None:
    pinned = json.loads(BASELINE.read_text(encoding="utf-8"))["scores"]
    measured = _flatten(scores)
    drops = {k: (measured[k], v) for k, v in pinned.items() if measured[k] < v}
    assert not drops, f"TempEval-3 scores fell below {BASELINE.name} (measured, pinned): {drops}"


def test_dct_is_excluded_and_offsets_match(scores: dict[str, object]) -> None:
    path = sorted(CORPUS.rglob("*.tml"))[0]
    doc = read_timeml(path)
    assert doc.dct is not None
    assert all(doc.text[g.start : g.end] == g.text for g in doc.timexes)
    # every TIMEX3 of the file is scored except the creation time
    assert len(doc.timexes) == path.read_text(encoding="utf-8").count("<TIMEX3 ") - 1


def test_limit_scores_a_subset() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"TempEval-3 data not found at {CORPUS}; set DYAD_SHARED to the shared folder")
    subset = evaluate_tempeval(CORPUS, limit=5)
    assert subset["documents"] == 5
    assert isinstance(subset["misses"], list)
