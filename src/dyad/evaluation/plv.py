"""PLV: real news sentences with one human-coded PLOVER event each (``dyad eval --gold plv``).

The CSV has ``text, label, meta, context, source, target``: the sentence, the PLOVER root type of its
main event (the older vocabulary: ``YIELD`` stands for PLOVER 2021's ``CONCEDE`` and ``RETREAT``),
and the text of its source and target actors. Each sentence is coded on its own (no date), and:

* **type found**: some asserted or claimed event of the sentence has the gold type;
* **type + source + target**: one such event's source span overlaps the gold source text and its
  target span overlaps the gold target text (character spans in the sentence; the gold text is
  found in the sentence exactly, else ignoring case; an actor Dyad did not find in the sentence,
  such as one borrowed from context, overlaps nothing);
* **false codings per sentence**: asserted/claimed events with a PLOVER type other than the gold
  one, per sentence (a lower bound of precision, since only one event is listed per sentence);
* per-type precision/recall/F1 of "type found" (a sentence predicts each type it has an
  asserted/claimed event of), a confusion table (gold type -> each predicted type, ``none`` when
  there is none), and an error report sorting every sentence not right on type + actors into one
  cause of :data:`dyad.evaluation.sentences.MISS_CAUSES`.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from dyad.evaluation.scoring import NONE, prf
from dyad.evaluation.sentences import MISS_CAUSES, SCORED_STATUSES
from dyad.model import Actor, Article, ArticleResult, Event

OLD_TYPES = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}
"""PLOVER 2021 types scored under the PLV file's older name."""


@dataclass(frozen=True, slots=True)
class PlvSentence:
    """One PLV record."""

    id: str
    """Row id (the ``sentence_id`` in ``meta`` when present, else the row number)."""
    text: str
    """The sentence."""
    label: str
    """Gold PLOVER type (older vocabulary)."""
    source: str
    """Gold source actor text."""
    target: str
    """Gold target actor text."""


def read_plv(path: Path) -> list[PlvSentence]:
    """Records of a PLV CSV file.

    Raises:
        ValueError: the file lacks the PLV columns (the message names the file and what is missing).
    """
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"text", "label", "source", "target"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: not a PLV CSV (missing columns {sorted(missing)})")
        rows = []
        for number, row in enumerate(reader, 2):
            meta = dict(part.split("=", 1) for part in (row.get("meta") or "").split("|") if "=" in part)
            rows.append(
                PlvSentence(
                    meta.get("sentence_id", str(number)),
                    row["text"] or "",
                    (row["label"] or "").strip().upper(),
                    row["source"] or "",
                    row["target"] or "",
                )
            )
    if not rows:
        raise ValueError(f"{path}: no records")
    return rows


def plv_type(event: Event) -> str:
    """The event's PLOVER type in the PLV vocabulary ("none" for codes without one)."""
    if event.plover is None or not event.plover.type:
        return NONE
    return OLD_TYPES.get(event.plover.type, event.plover.type)


def gold_span(sentence: str, actor_text: str) -> tuple[int, int] | None:
    """Where the gold actor text is in the sentence (exact, then ignoring case), or None."""
    needle = actor_text.strip()
    if not needle:
        return None
    at = sentence.find(needle)
    if at < 0:
        at = sentence.lower().find(needle.lower())
    return None if at < 0 else (at, at + len(needle))


def overlaps(actor: Actor | None, span: tuple[int, int] | None) -> bool:
    """Whether a predicted actor's span in the sentence overlaps the gold span."""
    if actor is None or span is None or actor.start < 0 or actor.end <= actor.start:
        return False
    return actor.start < span[1] and span[0] < actor.end


def _cause(record: PlvSentence, events: list[Event]) -> str:
    scored = [e for e in events if e.status in SCORED_STATUSES and plv_type(e) != NONE]
    typed = [e for e in scored if plv_type(e) == record.label]
    if not typed:
        if any(plv_type(e) == record.label for e in events):
            return "wrong_status"
        return "wrong_type" if scored else "no_event"
    source, target = gold_span(record.text, record.source), gold_span(record.text, record.target)
    if any(overlaps(e.target, target) for e in typed):
        return "wrong_source"
    if any(overlaps(e.source, source) for e in typed):
        return "wrong_target"
    return "wrong_source_and_target"


def score_plv(
    records: list[PlvSentence], events_by_record: list[list[Event]], max_misses: int | None = 200
) -> dict[str, object]:
    """The PLV scores for coded records (module docstring)."""
    found = full = false = 0
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    causes: Counter[str] = Counter()
    causes_by_type: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[dict[str, object]] = []
    for record, events in zip(records, events_by_record, strict=True):
        scored = [e for e in events if e.status in SCORED_STATUSES and plv_type(e) != NONE]
        types = {plv_type(e) for e in scored}
        hit = record.label in types
        found += hit
        source, target = gold_span(record.text, record.source), gold_span(record.text, record.target)
        right = any(
            plv_type(e) == record.label and overlaps(e.source, source) and overlaps(e.target, target)
            for e in scored
        )
        full += right
        false += sum(1 for e in scored if plv_type(e) != record.label)
        tp[record.label] += hit
        fn[record.label] += not hit
        for t in types - {record.label}:
            fp[t] += 1
        if hit:
            confusion[(record.label, record.label)] += 1
        for t in sorted(types - {record.label}) or ([] if hit else [NONE]):
            confusion[(record.label, t)] += 1
        if not right:
            cause = _cause(record, events)
            causes[cause] += 1
            causes_by_type[record.label][cause] += 1
            if max_misses is None or len(misses) < max_misses:
                misses.append(
                    {
                        "id": record.id,
                        "text": record.text,
                        "gold": [record.label, record.source, record.target],
                        "cause": cause,
                        "predicted": [
                            [
                                plv_type(e),
                                e.cameo,
                                e.status,
                                e.source.text if e.source else None,
                                e.target.text if e.target else None,
                                e.evidence.trigger,
                            ]
                            for e in events
                        ],
                    }
                )
    count = len(records) or 1
    labels = sorted(set(tp) | set(fp) | set(fn))
    table: dict[str, dict[str, int]] = {}
    for (g, p), n in sorted(confusion.items()):
        table.setdefault(g, {})[p] = n
    not_right = count - full
    return {
        "sentences": len(records),
        "type_found": round(found / count, 4),
        "type_source_target": round(full / count, 4),
        "false_per_sentence": round(false / count, 4),
        "per_type": {
            label: prf(tp[label], fp[label], fn[label]) | {"support": tp[label] + fn[label]}
            for label in labels
        },
        "confusion": table,
        "errors": {
            "missed": {cause: causes[cause] for cause in dict.fromkeys(MISS_CAUSES)},
            "missed_share": {
                cause: round(causes[cause] / (not_right or 1), 4) for cause in dict.fromkeys(MISS_CAUSES)
            },
            "missed_by_type": {label: dict(causes_by_type[label]) for label in sorted(causes_by_type)},
        },
        "misses": misses,
    }


def evaluate_plv(
    path: Path, limit: int | None = None, nlp: Language | None = None, max_misses: int | None = 200
) -> dict[str, object]:
    """Code every PLV sentence with Dyad and score it (``dyad eval --gold plv``)."""
    from dyad.nlp.pipeline import code_articles

    records = read_plv(path)[:limit]
    articles = [Article(f"plv-{r.id}", r.text, None) for r in records]
    events: dict[str, list[Event]] = {}
    for result in code_articles(articles, nlp=nlp):
        if isinstance(result, ArticleResult):
            events[result.article.id] = list(result.events)
    coded = [events.get(f"plv-{r.id}", []) for r in records]
    return {"gold": "plv", "file": path.name} | score_plv(records, coded, max_misses)
