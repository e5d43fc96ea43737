"""Train the event-confidence model (dyad.nlp.confidence) on our VOA train split; report dev.

Usage: python scripts/train_confidence.py [--shared ../shared] [--out PATH]
(default PATH: src/dyad/knowledge/compiled/confidence.json)

Deterministic: the same gold, stories and coder give the same weights (full-batch gradient descent
from zero, fixed steps, L2). Writes the weights with their data, size and scores, and the
reliability curve on the dev split as docs/confidence_reliability.svg.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from pathlib import Path

import numpy as np

from dyad.evaluation.sentences import (
    SCORED_ROOTS,
    GoldSentence,
    country3,
    read_sentence_gold,
    read_stories,
)
from dyad.knowledge.paths import COMPILED, REPO_ROOT
from dyad.model import ArticleResult, Event
from dyad.nlp.confidence import feature_names, features

GOLD = REPO_ROOT / "data" / "gold" / "voa" / "sentences.jsonl"
L2 = 1.0
STEPS = 4000
RATE = 0.5
BINS = (0.0, 0.1, 0.2, 0.3, 0.45, 0.6, 1.0)


def _unit(source: object, target: object, root: str) -> tuple[str, str, str]:
    from dyad.evaluation.sentences import actor_code

    return (country3(actor_code(source)), country3(actor_code(target)), root)  # type: ignore[arg-type]


def labelled(sentences: list[GoldSentence], stories: dict) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of every event Dyad codes (roots 02-20) in the gold sentences: right when
    its unit is one of the sentence's gold units (any status), each gold unit used once."""
    from dyad.nlp.pipeline import code_articles

    wanted = list(dict.fromkeys(s.story_id for s in sentences))
    by_story: dict[str, list[GoldSentence]] = {}
    for s in sentences:
        by_story.setdefault(s.story_id, []).append(s)
    rows, labels = [], []
    for result in code_articles([stories[i] for i in wanted]):
        if not isinstance(result, ArticleResult):
            continue
        for s in by_story[result.article.id]:
            gold = [e.unit for e in s.events if e.root in SCORED_ROOTS]
            inside: list[Event] = [
                e for e in result.events if s.start <= e.evidence.start < s.end and e.root in SCORED_ROOTS
            ]
            for event in inside:
                unit = _unit(event.source, event.target, event.root)
                right = unit in gold
                if right:
                    gold.remove(unit)
                rows.append(features(event))
                labels.append(float(right))
    return np.array(rows, dtype=float), np.array(labels, dtype=float)


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    weights, bias = np.zeros(x.shape[1]), 0.0
    n = len(y)
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-(x @ weights + bias)))
        weights -= RATE * ((x.T @ (p - y)) / n + L2 * weights / n)
        bias -= RATE * float(np.mean(p - y))
    return weights, bias


def scores(x: np.ndarray, y: np.ndarray, weights: np.ndarray, bias: float) -> dict[str, object]:
    p = 1.0 / (1.0 + np.exp(-(x @ weights + bias)))
    eps = 1e-9
    bins = []
    ece = 0.0
    for low, high in itertools.pairwise(BINS):
        mask = (p >= low) & (p < high if high < 1.0 else p <= high)
        if mask.any():
            bins.append(
                {
                    "low": low,
                    "high": high,
                    "events": int(mask.sum()),
                    "mean_confidence": round(float(p[mask].mean()), 3),
                    "share_right": round(float(y[mask].mean()), 3),
                }
            )
            ece += mask.sum() / len(y) * abs(float(p[mask].mean()) - float(y[mask].mean()))
    return {
        "events": len(y),
        "share_right": round(float(y.mean()), 4) if len(y) else 0.0,
        "brier": round(float(np.mean((p - y) ** 2)), 4),
        "log_loss": round(float(-np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))), 4),
        "expected_calibration_error": round(float(ece), 4),
        "bins": bins,
    }


def svg(curves: dict[str, dict], path: Path) -> None:
    """The reliability curve (confidence vs share right) as a small self-contained SVG."""
    size, pad = 320, 40
    scale = size - 2 * pad

    def xy(c: float, r: float) -> str:
        return f"{pad + c * scale:.1f},{size - pad - r * scale:.1f}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        'font-family="sans-serif" font-size="11">',
        f'<rect width="{size}" height="{size}" fill="white"/>',
        f'<polyline points="{xy(0, 0)} {xy(1, 1)}" stroke="#bbb" stroke-dasharray="4"/>',
        f'<text x="{pad}" y="{size - 10}">confidence (mean per bin)</text>',
        f'<text x="10" y="{pad - 15}">share of events right</text>',
    ]
    colours = {"train": "#888", "dev": "#c0392b"}
    for name, report in curves.items():
        points = " ".join(xy(b["mean_confidence"], b["share_right"]) for b in report["bins"])
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colours[name]}" stroke-width="2"/>')
        for b in report["bins"]:
            cx, cy = xy(b["mean_confidence"], b["share_right"]).split(",")
            r = 2 + math.sqrt(b["events"])
            parts.append(
                f'<circle cx="{cx}" cy="{cy}" r="{r:.1f}" fill="{colours[name]}" fill-opacity="0.4"/>'
            )
    parts.append(f'<text x="{size - 120}" y="{pad + 60}" fill="#888">VOA train</text>')
    parts.append(f'<text x="{size - 120}" y="{pad + 75}" fill="#c0392b">VOA dev</text>')
    for tick in (0.0, 0.5, 1.0):
        parts.append(f'<text x="{pad + tick * scale - 6:.0f}" y="{size - pad + 14}">{tick}</text>')
        parts.append(f'<text x="{pad - 28}" y="{size - pad - tick * scale + 4:.0f}">{tick}</text>')
    parts.append("</svg>")
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=COMPILED / "confidence.json")
    parser.add_argument("--picture", type=Path, default=REPO_ROOT / "docs" / "confidence_reliability.svg")
    args = parser.parse_args(argv)
    stories = read_stories(args.shared / "eval" / "voa" / "stories.jsonl")
    gold = read_sentence_gold(GOLD, stories)
    train = [s for s in gold if s.split == "train"]
    dev = [s for s in gold if s.split == "dev"]
    x, y = labelled(train, stories)
    weights, bias = fit(x, y)
    x_dev, y_dev = labelled(dev, stories)
    report = {"train": scores(x, y, weights, bias), "dev": scores(x_dev, y_dev, weights, bias)}
    model = {
        "model": "logistic regression, full-batch gradient descent from zero",
        "data": "our VOA ground truth (data/gold/voa/sentences.jsonl), train split: events Dyad codes "
        "(roots 02-20) in its 1,228 sentences; label: the event's unit (source country-3, target "
        "country-3, root) is a gold unit of its sentence",
        "hyperparameters": {"l2": L2, "steps": STEPS, "rate": RATE},
        "features": feature_names(),
        "weights": [round(float(w), 6) for w in weights],
        "bias": round(float(bias), 6),
        "scores": report,
    }
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    args.picture.parent.mkdir(parents=True, exist_ok=True)
    svg(report, args.picture)
    for name, row in report.items():
        print(name, {k: v for k, v in row.items() if k != "bins"})
        for b in row["bins"]:
            print("   ", b)
    return 0


if __name__ == "__main__":
    sys.exit(main())
