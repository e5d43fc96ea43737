"""Article-level classification: the dominant event type of an article under a label scheme.

Scores are the confidence-weighted share of the article's asserted (and claimed) events per
label; future, hypothetical and negated events count at a quarter of their weight, so a story
that only threatens a strike is not labelled as a strike.
"""

from __future__ import annotations

from collections import defaultdict

from dyad.model import ArticleResult

_STATUS_WEIGHT = {"asserted": 1.0, "claimed": 0.8, "future": 0.25, "hypothetical": 0.25, "negated": 0.1}


def classify_result(result: ArticleResult, scheme: str) -> dict[str, object]:
    """``{"id", "label", "scores"}`` for one coded article; label "OTHER"/"none" when nothing fits."""
    scores: dict[str, float] = defaultdict(float)
    for event in result.events:
        if scheme == "acled":
            label = event.acled or ("DIPLO" if event.quad_class in (1, 2) else None)
        elif scheme == "plover":
            label = event.plover.type if event.plover else None
        else:
            label = event.root
        if label:
            scores[label] += event.confidence * _STATUS_WEIGHT[event.status]
    total = sum(scores.values())
    if not total:
        fallback = "OTHER" if scheme == "acled" else "none"
        return {"id": result.article.id, "label": fallback, "scores": {}}
    normalized = {k: round(v / total, 4) for k, v in sorted(scores.items(), key=lambda kv: -kv[1])}
    return {"id": result.article.id, "label": next(iter(normalized)), "scores": normalized}
