"""Event confidence is a probability learned on our VOA train split, shipped with its provenance."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from dyad.knowledge.paths import COMPILED
from dyad.nlp.confidence import RAW_CONFIDENCE, feature_names

MODEL = COMPILED / "confidence.json"


def test_the_shipped_model_says_what_it_was_trained_on_and_how_well() -> None:
    model = json.loads(MODEL.read_text(encoding="utf-8"))
    assert model["features"] == feature_names() and len(model["weights"]) == len(feature_names())
    assert "train split" in model["data"]
    for split in ("train", "dev"):
        report = model["scores"][split]
        assert report["events"] > 50 and 0 <= report["expected_calibration_error"] < 0.2
        assert sum(b["events"] for b in report["bins"]) == report["events"]


def test_events_carry_a_probability_and_the_rule_confidence(code_text) -> None:  # type: ignore[no-untyped-def]
    events = list(
        code_text("Lula met Xi in Beijing on Monday. Chile criticized Peru.", date(2025, 3, 14)).events
    )
    assert events
    for event in events:
        extra = dict(event.extra)
        assert 0.0 < event.confidence < 1.0 and RAW_CONFIDENCE in extra
        assert event.confidence != float(extra[RAW_CONFIDENCE]) or event.root == "01"


def test_a_named_actor_on_both_sides_is_more_likely_right_than_none(code_text) -> None:  # type: ignore[no-untyped-def]
    named = next(iter(code_text("Kenyan police arrested Ugandan smugglers.", date(2025, 3, 14)).events))
    bare = next(iter(code_text("Smugglers were arrested.", date(2025, 3, 14)).events), None)
    assert bare is None or named.confidence > bare.confidence


@pytest.mark.slow
def test_retraining_reproduces_the_shipped_model(shared: Path, tmp_path: Path) -> None:
    out = tmp_path / "confidence.json"
    run = subprocess.run(
        [sys.executable, "scripts/train_confidence.py", "--shared", str(shared), "--out", str(out),
         "--picture", str(tmp_path / "curve.svg")],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert json.loads(out.read_text()) == json.loads(MODEL.read_text()), "retrain and commit the model"
