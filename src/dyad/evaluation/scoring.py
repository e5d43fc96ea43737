"""Label scoring shared by the event evaluations: per-label and overall P/R/F1, confusion, misses.

A :class:`Tally` collects, item by item, the gold and predicted labels (as multisets, so one
sentence may carry several codings) and turns them into the report every ``dyad eval`` prints:
overall micro precision/recall/F1, per-label scores with support, a confusion table pairing the
unmatched gold labels of an item with its unmatched predictions, and the items that missed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

NONE = "none"
"""Label used in the confusion table for "nothing predicted" / "nothing expected"."""


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 (0.0 where undefined), rounded to 4 decimals."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


@dataclass
class Tally:
    """Counts over items; ``label_of`` reduces a matching key to the label it is scored under."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[dict[str, object]] = field(default_factory=list)
    items: int = 0

    def add(
        self,
        item_id: str,
        text: str,
        gold: Iterable[tuple[str, ...]],
        predicted: Iterable[tuple[str, ...]],
    ) -> bool:
        """Score one item. Keys are tuples whose last element is the label (e.g. (src, tgt, root)).

        Returns True when the item was coded exactly right (no miss and no false coding).
        """
        self.items += 1
        gold_keys, predicted_keys = Counter(gold), Counter(predicted)
        matched = gold_keys & predicted_keys
        missed = gold_keys - matched
        extra = predicted_keys - matched
        for key, n in matched.items():
            self.tp[key[-1]] += n
            self.confusion[(key[-1], key[-1])] += n
        for key, n in missed.items():
            self.fn[key[-1]] += n
        for key, n in extra.items():
            self.fp[key[-1]] += n
        unmatched_gold = sorted(k[-1] for k in missed.elements())
        unmatched_pred = sorted(k[-1] for k in extra.elements())
        for position in range(max(len(unmatched_gold), len(unmatched_pred))):
            g = unmatched_gold[position] if position < len(unmatched_gold) else NONE
            p = unmatched_pred[position] if position < len(unmatched_pred) else NONE
            self.confusion[(g, p)] += 1
        if missed or extra:
            self.misses.append(
                {
                    "id": item_id,
                    "text": text,
                    "gold": [list(k) for k in sorted(gold_keys.elements())],
                    "predicted": [list(k) for k in sorted(predicted_keys.elements())],
                }
            )
            return False
        return True

    def overall(self) -> dict[str, float]:
        """Micro-averaged scores over every label."""
        return prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def per_label(self) -> dict[str, dict[str, float]]:
        """Scores and gold support per label, labels sorted."""
        labels = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        return {
            label: prf(self.tp[label], self.fp[label], self.fn[label])
            | {"support": self.tp[label] + self.fn[label]}
            for label in labels
        }

    def weighted_f1(self) -> float:
        """F1 averaged over labels weighted by gold support (the CASE 2021 headline score)."""
        table = self.per_label()
        total = sum(int(s["support"]) for s in table.values())
        if not total:
            return 0.0
        return round(sum(s["f1"] * s["support"] for s in table.values()) / total, 4)

    def confusion_table(self) -> dict[str, dict[str, int]]:
        """gold label -> predicted label -> count ("none" where one side is missing)."""
        table: dict[str, dict[str, int]] = {}
        for (gold, predicted), n in sorted(self.confusion.items()):
            table.setdefault(gold, {})[predicted] = n
        return table

    def report(self, max_misses: int | None = None) -> dict[str, object]:
        """The JSON-ready report: overall, per_label, confusion and misses."""
        misses = self.misses if max_misses is None else self.misses[:max_misses]
        return {
            "items": self.items,
            "overall": self.overall(),
            "per_label": self.per_label(),
            "confusion": self.confusion_table(),
            "misses": misses,
            "miss_count": len(self.misses),
        }
