"""Confidence that means something: the probability that a coded event is right, learned on real news.

An event's ``confidence`` is a logistic model over what the coder knows about it (its root, the
rule's own confidence, how its actors were found, its status, whether the trigger is a verb or a
noun), fitted on the train split of our VOA ground truth: the label is whether the event's unit
(source country, target country, CAMEO root) is one a careful coder recorded in that sentence.
So among events with confidence 0.3, about three in ten are right (the reliability curve on our VOA
dev split is in the README). Public statements (root 01) are not coded by the VOA guide, so their
confidence stays the rule's own.

The weights ship in ``knowledge/compiled/confidence.json`` with their training data, size and
scores; ``python scripts/train_confidence.py`` retrains them deterministically (needs ../shared).
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from functools import lru_cache

from dyad.knowledge.paths import COMPILED
from dyad.model import Event

ROOTS = tuple(f"{n:02d}" for n in range(2, 21))
HOW_FLAGS = (
    "+pair",
    "+reciprocal",
    "+fallback_target",
    "+frame_target",
    "+ctx_target",
    "+place_target",
    "+story_country",
    "+story_source",
    "+story_target",
    "+place_source",
    "+self_target",
    "+narrative_date",
    "+coref_date",
    ">",
)
"""Notes in ``evidence.rule`` on how the event's arguments or code were found."""
RAW_CONFIDENCE = "rule_confidence"
"""Key in ``Event.extra`` holding the rule's own confidence once the calibrated one replaces it."""


def feature_names() -> list[str]:
    """The model's inputs, in order."""
    return [
        *(f"root={r}" for r in ROOTS),
        "rule_confidence",
        "source_missing",
        "source_country_unknown",
        "target_missing",
        "target_country_unknown",
        "source_by_pronoun_or_context",
        *(f"how{flag}" for flag in HOW_FLAGS),
        "status=claimed",
        "nominal_trigger",
        "clause_depth",
    ]


def _country_known(actor: object) -> bool:
    code = getattr(actor, "code", "")
    return bool(getattr(actor, "country", None)) or code[:3] in {"IGO", "NGO", "IMG", "MNC"}


def features(event: Event) -> list[float]:
    """The inputs of :func:`feature_names` for one event."""
    extra = dict(event.extra)
    rule = event.evidence.rule
    raw = float(extra.get(RAW_CONFIDENCE, event.confidence))
    row = [1.0 if event.root == r else 0.0 for r in ROOTS]
    row += [
        raw,
        float(event.source is None),
        float(event.source is not None and not _country_known(event.source)),
        float(event.target is None),
        float(event.target is not None and not _country_known(event.target)),
        float(event.source is not None and event.source.start < 0),
        *(float(flag in rule) for flag in HOW_FLAGS),
        float(event.status == "claimed"),
        float(rule.startswith("n.")),
        min(float(extra.get("clause_depth", "0")), 3.0),
    ]
    return row


@lru_cache(maxsize=1)
def _model() -> dict[str, object] | None:
    path = COMPILED / "confidence.json"
    if not path.is_file():
        return None
    model = json.loads(path.read_text(encoding="utf-8"))
    if model.get("features") != feature_names():
        return None  # trained on other inputs: keep the rules' confidence rather than guess
    return model


def probability(event: Event) -> float | None:
    """The calibrated probability that the event is right (None for root 01 or without a model)."""
    model = _model()
    if model is None or event.root not in ROOTS:
        return None
    weights: list[float] = model["weights"]  # type: ignore[assignment]
    bias = float(model["bias"])  # type: ignore[arg-type]
    score = bias + sum(w * x for w, x in zip(weights, features(event), strict=True))
    return 1.0 / (1.0 + math.exp(-score))


def calibrated(event: Event) -> Event:
    """The event with its calibrated confidence (the rule's own kept in ``extra``)."""
    value = probability(event)
    if value is None:
        return event
    extra = (*event.extra, (RAW_CONFIDENCE, f"{event.confidence:.3f}"))
    return replace(event, confidence=round(value, 3), extra=extra)
