"""CASE 2021 task 2 evaluation: fine-grained (ACLED-style) event classification of news snippets.

The gold file is a TSV with a header and three columns, ``id``, ``EventSnippet`` and ``SubType``
(one of 31 labels). Each snippet is classified by :func:`dyad.analysis.classify.classify_texts`
(the text alone: the task gives no date or metadata) and scored like the shared task: weighted F1
(per-label F1 averaged with gold support as weights) is the headline, macro F1 beside it.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dyad.errors import InputError

Classifier = Callable[[list[str]], list[dict[str, float]]]
"""Anything that maps texts to ranked label scores, like :func:`dyad.analysis.classify.classify_texts`."""


@dataclass(frozen=True, slots=True)
class GoldSnippet:
    """One row of a CASE task 2 file."""

    id: str
    """The row's id, as given."""
    text: str
    """The news snippet."""
    label: str
    """The gold sub-type."""


def read_case(path: Path | str) -> list[GoldSnippet]:
    """Rows of a CASE task 2 TSV; a row without three fields is an error naming its line."""
    path = Path(path)
    rows: list[GoldSnippet] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or [h.strip().lower() for h in header[:3]] != ["id", "eventsnippet", "subtype"]:
            raise InputError(f"{path}:1", "expected the header 'id<TAB>EventSnippet<TAB>SubType'")
        for number, fields in enumerate(reader, 2):
            if not fields:
                continue
            if len(fields) < 3 or not fields[2].strip():
                raise InputError(f"{path}:{number}", "expected 3 tab-separated fields: id, snippet, label")
            rows.append(GoldSnippet(fields[0].strip(), fields[1].strip(), fields[2].strip()))
    return rows


def _prf(true_positive: int, predicted: int, gold: int) -> dict[str, float]:
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "support": gold}


def score_labels(gold: list[str], predicted: list[str]) -> dict[str, object]:
    """Accuracy, weighted and macro F1, per-label P/R/F1 and a confusion table ``{gold: {pred: n}}``."""
    pairs = Counter(zip(gold, predicted, strict=True))
    gold_counts, predicted_counts = Counter(gold), Counter(predicted)
    per_label = {
        label: _prf(pairs[label, label], predicted_counts[label], gold_counts[label])
        for label in sorted(gold_counts | predicted_counts)
    }
    scored = [label for label in per_label if gold_counts[label]]
    total = len(gold)
    weighted = sum(per_label[lab]["f1"] * gold_counts[lab] for lab in scored) / total if total else 0.0
    macro = sum(per_label[lab]["f1"] for lab in scored) / len(scored) if scored else 0.0
    confusion: dict[str, dict[str, int]] = {}
    for (g, p), n in sorted(pairs.items()):
        confusion.setdefault(g, {})[p] = n
    return {
        "documents": total,
        "accuracy": round(sum(pairs[lab, lab] for lab in gold_counts) / total, 4) if total else 0.0,
        "weighted_f1": round(weighted, 4),
        "macro_f1": round(macro, 4),
        "per_label": per_label,
        "confusion": confusion,
    }


def evaluate_case(
    path: Path | str, limit: int | None = None, classifier: Classifier | None = None
) -> dict[str, object]:
    """Score Dyad's ACLED classifier on a CASE 2021 task 2 TSV.

    Args:
        path: the gold TSV (``id``, ``EventSnippet``, ``SubType``).
        limit: score only the first ``limit`` rows (quick checks).
        classifier: override the shipped classifier (tests, experiments).

    Returns:
        ``score_labels`` keys plus ``misses``: ``[{"id", "gold", "predicted", "text"}]``.
    """
    if classifier is None:
        from dyad.analysis.classify import classify_texts

        classifier = classify_texts
    rows = read_case(path)[:limit]
    predicted = [next(iter(scores), "OTHER") for scores in classifier([r.text for r in rows])]
    report = score_labels([r.label for r in rows], predicted)
    report["misses"] = [
        {"id": r.id, "gold": r.label, "predicted": p, "text": r.text}
        for r, p in zip(rows, predicted, strict=True)
        if p != r.label
    ]
    return report
