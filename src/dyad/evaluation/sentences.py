"""Sentence-level multi-event gold (the VOA coding guide's shape): how the sealed VOA test is scored.

Gold is one JSON line per coded sentence of a story collection::

    {"story_id": "8011115", "sent_idx": 3, "start": 812, "end": 990,      # or "text": the sentence
     "events": [{"source": "USAGOV", "source_text": "U.S. officials",        # GUIDE shape, or
                 "target": "IRN", "target_text": "Tehran",                   #  {"code", "start", "end"}
                 "cameo": "112", "status": "asserted", "date": "2025-03-13",
                 "place": "Kyiv", "trigger": "accused"}]}

and the stories themselves come from a JSONL file in Dyad's input shape (``id, date, text``). Dyad
codes every story whole, dated by its publication date, and each predicted event belongs to the
gold sentence holding its evidence start offset (events in sentences the gold does not list are
not scored). Scores:

* **sentence**: units (source country-3, target country-3, CAMEO root) per sentence, roots 02-20,
  status asserted or claimed on both sides, paired one to one (multisets: the same unit twice in a
  sentence needs two events). The country-3 of a code is its first three letters; ``---``, an
  empty code and a missing actor all read ``---``. A predicted actor reads as its IGO/NGO/IMG/MNC
  code head where it has one, else its country.
* **story**: distinct units per story over its gold sentences.
* agreement on the matched units: 3-digit code, status (units matched whatever their status) and
  date (exact, and compatible: the gold date falls inside the predicted span).
* per-root precision/recall/F1, a confusion table, and an error report sorting every missed gold
  unit into one cause (:data:`MISS_CAUSES`) and every false unit into one kind (:data:`FALSE_KINDS`).

The same scorer measures two coders against each other (:func:`score_codings`), which is how the
agreement of our own annotation passes is reported.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spacy.language import Language

from dyad.evaluation.scoring import NONE, prf
from dyad.model import Actor, Article, ArticleResult, Event

SCORED_STATUSES = frozenset({"asserted", "claimed"})
"""Statuses an event dataset records as having happened."""
SCORED_ROOTS = frozenset(f"{n:02d}" for n in range(2, 21))
"""CAMEO roots scored (01, public statements, is not)."""
ORGANISATION_HEADS = frozenset({"IGO", "NGO", "IMG", "MNC"})
"""Code heads that stand for a kind of organisation rather than a country."""
UNKNOWN = "---"
"""Country-3 of an actor whose country is unknown, or of no actor at all."""
MISS_CAUSES = (
    "no_event",
    "wrong_type",
    "wrong_source",
    "wrong_target",
    "wrong_source_and_target",
    "wrong_status",
)
"""Why a gold unit was missed, tried in this order on the sentence's unmatched predictions:
``wrong_status`` the same unit predicted with another status; ``wrong_source`` same root and target;
``wrong_target`` same root and source; ``wrong_type`` same actors, another root;
``wrong_source_and_target`` same root, both actors differ; ``wrong_type`` also when the sentence has
some other prediction left; ``no_event`` when nothing predicted in the sentence is left to explain it."""
FALSE_KINDS = ("spurious_sentence", "extra_in_coded_sentence", "gold_not_asserted")
"""False units: in a sentence with no scored gold event; beside gold events; or the unit is in the
gold with a status other than asserted/claimed."""


@dataclass(frozen=True, slots=True)
class Coding:
    """One event as scored: from a gold file or from Dyad."""

    source: str
    """Actor code ("USAGOV", "IGOUNO", "---")."""
    target: str
    """Target code, "---" when unknown or absent."""
    cameo: str
    """CAMEO code ("042")."""
    status: str
    """asserted, claimed, negated, future or hypothetical."""
    date: str | None = None
    """Event date, ISO (YYYY, YYYY-MM or YYYY-MM-DD), or None."""
    date_start: dt.date | None = None
    """First day of the (predicted) date span, for compatibility checks."""
    date_end: dt.date | None = None
    """Last day of the (predicted) date span."""
    trigger: str | None = None
    """The trigger words, when known."""

    @property
    def root(self) -> str:
        """Two-digit CAMEO root."""
        return self.cameo[:2]

    @property
    def unit(self) -> tuple[str, str, str]:
        """(source country-3, target country-3, root): what is matched."""
        return (country3(self.source), country3(self.target), self.root)

    @property
    def scored(self) -> bool:
        """Whether the coding counts (root 02-20, asserted or claimed)."""
        return self.root in SCORED_ROOTS and self.status in SCORED_STATUSES


@dataclass(frozen=True, slots=True)
class GoldSentence:
    """One gold sentence: where it is in its story, and its events."""

    story_id: str
    """The story's id in the stories file."""
    sent_idx: int
    """The sentence's index in the story."""
    start: int
    """Character offset of the sentence in the story text."""
    end: int
    """Character offset one past its end."""
    events: tuple[Coding, ...]
    """The coded events (possibly none)."""
    split: str | None = None
    """train, dev or test where the gold file assigns one."""


def country3(code: str | None) -> str:
    """The scored part of an actor code: its first three letters, "---" when unknown or absent."""
    if not code or code.startswith("-"):
        return UNKNOWN
    return code[:3].upper()


def actor_code(actor: Actor | None) -> str:
    """How a predicted actor is scored: organisation code head, else country, else "---"."""
    if actor is None:
        return UNKNOWN
    head = actor.code[:3].upper()
    if head in ORGANISATION_HEADS:
        return actor.code
    return actor.country or UNKNOWN


def event_coding(event: Event) -> Coding:
    """A Dyad event as a :class:`Coding`."""
    return Coding(
        actor_code(event.source),
        actor_code(event.target),
        event.cameo,
        event.status,
        event.date.value if event.date.basis == "text" else None,
        event.date.start,
        event.date.end,
        event.evidence.trigger,
    )


# --- reading --------------------------------------------------------------------------------------


def read_stories(path: Path) -> dict[str, Article]:
    """Stories by id, read with Dyad's own JSONL reader (so offsets are into the same text).

    Raises:
        ValueError: a story could not be read (the message names the file and the reason).
    """
    from dyad.readers import read_inputs

    stories: dict[str, Article] = {}
    for item in read_inputs([path]):
        if not isinstance(item, Article):
            raise ValueError(f"{path}: story could not be read: {item.reason}")
        stories[item.id] = item
    if not stories:
        raise ValueError(f"{path}: no stories found; give the JSONL file the gold sentences refer to")
    return stories


def _code_of(value: object) -> str:
    if isinstance(value, Mapping):
        value = value.get("code")
    if value is None:
        return UNKNOWN
    return str(value)


def _coding(raw: Mapping[str, object], where: str) -> Coding:
    cameo = str(raw.get("cameo") or "").strip()
    if not cameo.isdigit() or len(cameo) < 2:
        raise ValueError(f"{where}: event has no CAMEO code (got {raw.get('cameo')!r})")
    status = str(raw.get("status") or "asserted")
    when = raw.get("date")
    trigger = raw.get("trigger")
    return Coding(
        _code_of(raw.get("source")),
        _code_of(raw.get("target")),
        cameo,
        status,
        str(when) if when else None,
        trigger=str(trigger) if isinstance(trigger, str) else None,
    )


def read_sentence_gold(path: Path, stories: Mapping[str, Article]) -> list[GoldSentence]:
    """Gold sentences of a sentence-level JSONL file, located in their stories.

    A line gives its sentence by ``start``/``end`` offsets or by its ``text`` (searched in the story
    from the end of the story's previous gold sentence).

    Raises:
        ValueError: a line is not JSON, names an unknown story, or its sentence cannot be found
            (the message gives the file and line number).
    """
    sentences: list[GoldSentence] = []
    cursor: dict[str, int] = defaultdict(int)
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{where}: not JSON ({error.msg})") from None
            story_id = str(record.get("story_id", ""))
            story = stories.get(story_id)
            if story is None:
                raise ValueError(f"{where}: story {story_id!r} is not in the stories file")
            if isinstance(record.get("start"), int) and isinstance(record.get("end"), int):
                start, end = record["start"], record["end"]
            elif isinstance(record.get("text"), str) and record["text"].strip():
                start = story.text.find(record["text"].strip(), cursor[story_id])
                if start < 0:
                    start = story.text.find(record["text"].strip())
                if start < 0:
                    raise ValueError(f"{where}: sentence text not found in story {story_id}")
                end = start + len(record["text"].strip())
            else:
                raise ValueError(f"{where}: give the sentence as start/end offsets or as its text")
            cursor[story_id] = end
            events = tuple(_coding(e, where) for e in record.get("events") or [])
            sentences.append(
                GoldSentence(
                    story_id, int(record.get("sent_idx", -1)), start, end, events, record.get("split")
                )
            )
    if not sentences:
        raise ValueError(f"{path}: no gold sentences")
    return sentences


# --- coding with Dyad -----------------------------------------------------------------------------


def code_stories(
    sentences: Sequence[GoldSentence], stories: Mapping[str, Article], nlp: Language | None = None
) -> dict[tuple[str, int], list[Coding]]:
    """Code every story the gold refers to; events grouped by the gold sentence holding them."""
    from dyad.nlp.pipeline import code_articles

    wanted = list(dict.fromkeys(s.story_id for s in sentences))
    by_story: dict[str, list[GoldSentence]] = defaultdict(list)
    for s in sentences:
        by_story[s.story_id].append(s)
    predicted: dict[tuple[str, int], list[Coding]] = {(s.story_id, s.sent_idx): [] for s in sentences}
    for result in code_articles([stories[i] for i in wanted], nlp=nlp):
        if not isinstance(result, ArticleResult):
            continue
        for event in result.events:
            for s in by_story[result.article.id]:
                if s.start <= event.evidence.start < s.end:
                    predicted[(s.story_id, s.sent_idx)].append(event_coding(event))
                    break
    return predicted


# --- scoring --------------------------------------------------------------------------------------


def _pairs(
    gold: list[Coding], predicted: list[Coding]
) -> tuple[list[tuple[Coding, Coding]], list[Coding], list[Coding]]:
    """One-to-one pairs of equal units (in order), then the unmatched gold and predictions."""
    left = list(predicted)
    pairs: list[tuple[Coding, Coding]] = []
    missed: list[Coding] = []
    for g in gold:
        for j, p in enumerate(left):
            if p.unit == g.unit:
                pairs.append((g, left.pop(j)))
                break
        else:
            missed.append(g)
    return pairs, missed, left


def _cause(miss: Coding, pool: list[Coding]) -> tuple[str, Coding | None]:
    """Why a gold unit was missed, and the prediction that explains it (removed from ``pool``)."""
    s, t, r = miss.unit
    tests = (
        ("wrong_status", lambda u, p: u == (s, t, r) and not p.scored),
        ("wrong_source", lambda u, p: u[2] == r and u[1] == t),
        ("wrong_target", lambda u, p: u[2] == r and u[0] == s),
        ("wrong_type", lambda u, p: u[:2] == (s, t)),
        ("wrong_source_and_target", lambda u, p: u[2] == r),
        ("wrong_type", lambda u, p: True),
    )
    for cause, test in tests:
        for j, p in enumerate(pool):
            if test(p.unit, p):
                return cause, pool.pop(j)
    return "no_event", None


@dataclass
class _Counts:
    tp: Counter[str]
    fp: Counter[str]
    fn: Counter[str]

    @classmethod
    def empty(cls) -> _Counts:
        return cls(Counter(), Counter(), Counter())

    def overall(self) -> dict[str, float]:
        return prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def per_label(self) -> dict[str, dict[str, float]]:
        labels = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        return {
            label: prf(self.tp[label], self.fp[label], self.fn[label])
            | {"support": self.tp[label] + self.fn[label]}
            for label in labels
        }


def score_codings(
    sentences: Sequence[GoldSentence],
    predicted: Mapping[tuple[str, int], Sequence[Coding]],
    texts: Mapping[str, str] | None = None,
    max_misses: int | None = 200,
) -> dict[str, object]:
    """Score predicted codings against gold sentences (see the module docstring for every score).

    Args:
        sentences: the gold sentences.
        predicted: codings per (story_id, sent_idx); sentences absent from it have none.
        texts: story texts by id, to quote each missed sentence in the report (optional).
        max_misses: how many sentences with errors to list (None: all).
    """
    sentence = _Counts.empty()
    causes: Counter[str] = Counter()
    causes_by_root: dict[str, Counter[str]] = defaultdict(Counter)
    false_kinds: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    code3 = [0, 0]
    dates = [0, 0, 0]  # with a gold date, exact, compatible
    status_pairs: Counter[tuple[str, str]] = Counter()
    story_gold: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    story_predicted: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    misses: list[dict[str, object]] = []
    exact = 0
    for s in sentences:
        every_prediction = [p for p in predicted.get((s.story_id, s.sent_idx), ()) if p.root in SCORED_ROOTS]
        gold = [g for g in s.events if g.scored]
        guess = [p for p in every_prediction if p.scored]
        story_gold[s.story_id].update(g.unit for g in gold)
        story_predicted[s.story_id].update(p.unit for p in guess)
        pairs, missed, extra = _pairs(gold, guess)
        for g, p in pairs:
            sentence.tp[g.root] += 1
            confusion[(g.root, g.root)] += 1
            code3[0] += 1
            code3[1] += g.cameo[:3] == p.cameo[:3]
            if g.date:
                dates[0] += 1
                dates[1] += p.date == g.date
                dates[2] += _date_inside(g.date, p)
        for g in missed:
            sentence.fn[g.root] += 1
        for p in extra:
            sentence.fp[p.root] += 1
        # causes of misses, explained by what is left over (all statuses)
        unpaired_all = list(extra) + [p for p in every_prediction if not p.scored]
        for g in missed:
            cause, culprit = _cause(g, unpaired_all)
            causes[cause] += 1
            causes_by_root[g.root][cause] += 1
            confusion[(g.root, culprit.root if culprit and cause == "wrong_type" else NONE)] += 1
        gold_unscored = {g.unit for g in s.events if g.root in SCORED_ROOTS and not g.scored}
        for p in extra:
            if p.unit in gold_unscored:
                kind = "gold_not_asserted"
            else:
                kind = "extra_in_coded_sentence" if gold else "spurious_sentence"
            false_kinds[kind] += 1
            confusion[(NONE, p.root)] += 1
        # status agreement: units matched whatever their status
        all_gold = [g for g in s.events if g.root in SCORED_ROOTS]
        for g, p in _pairs(all_gold, every_prediction)[0]:
            status_pairs[(g.status, p.status)] += 1
        if missed or extra:
            if max_misses is None or len(misses) < max_misses:
                misses.append(
                    {
                        "id": f"{s.story_id}/{s.sent_idx}",
                        "text": texts[s.story_id][s.start : s.end] if texts else "",
                        "gold": [[*g.unit, g.cameo, g.status] for g in s.events if g.root in SCORED_ROOTS],
                        "predicted": [[*p.unit, p.cameo, p.status, p.trigger] for p in every_prediction],
                    }
                )
        else:
            exact += 1
    story_tp = sum(len(story_gold[k] & story_predicted[k]) for k in story_gold)
    story_fp = sum(len(story_predicted[k] - story_gold[k]) for k in story_gold)
    story_fn = sum(len(story_gold[k] - story_predicted[k]) for k in story_gold)
    status_total = sum(status_pairs.values())
    table: dict[str, dict[str, int]] = {}
    for (g_root, p_root), n in sorted(confusion.items()):
        if n:
            table.setdefault(g_root, {})[p_root] = n
    status_table: dict[str, dict[str, int]] = {}
    for (g_status, p_status), n in sorted(status_pairs.items()):
        status_table.setdefault(g_status, {})[p_status] = n
    fn_total = sum(sentence.fn.values())
    return {
        "sentences": len(sentences),
        "stories": len(story_gold),
        "gold_units": sum(sentence.tp.values()) + fn_total,
        "predicted_units": sum(sentence.tp.values()) + sum(sentence.fp.values()),
        "sentence": sentence.overall(),
        "story": prf(story_tp, story_fp, story_fn),
        "exact_sentence_share": round(exact / (len(sentences) or 1), 4),
        "code3_agreement": round(code3[1] / (code3[0] or 1), 4),
        "status_agreement": round(
            sum(n for (g, p), n in status_pairs.items() if g == p) / (status_total or 1), 4
        ),
        "status_pairs": status_table,
        "date_agreement": round(dates[1] / (dates[0] or 1), 4),
        "date_compatible": round(dates[2] / (dates[0] or 1), 4),
        "dated_matches": dates[0],
        "per_root": sentence.per_label(),
        "confusion": table,
        "errors": {
            "missed": {cause: causes[cause] for cause in dict.fromkeys(MISS_CAUSES)},
            "missed_share": {
                cause: round(causes[cause] / (fn_total or 1), 4) for cause in dict.fromkeys(MISS_CAUSES)
            },
            "missed_by_root": {root: dict(causes_by_root[root]) for root in sorted(causes_by_root)},
            "false": {kind: false_kinds[kind] for kind in FALSE_KINDS},
        },
        "misses": misses,
    }


def _date_inside(gold: str, predicted: Coding) -> bool:
    """Whether the gold date (a day, month or year) falls inside the predicted span."""
    if predicted.date_start is None or predicted.date_end is None or predicted.date is None:
        return False
    try:
        if len(gold) == 10:
            day = date.fromisoformat(gold)
            return predicted.date_start <= day <= predicted.date_end
        return predicted.date_start.isoformat().startswith(gold) or predicted.date.startswith(gold)
    except ValueError:
        return False


def evaluate_sentences(
    path: Path,
    stories_path: Path,
    split: str | None = None,
    limit: int | None = None,
    nlp: Language | None = None,
    max_misses: int | None = 200,
) -> dict[str, object]:
    """Code the stories with Dyad and score it on a sentence-level gold file (``dyad eval --gold voa``).

    Args:
        path: the gold JSONL.
        stories_path: the stories JSONL the gold refers to.
        split: score only sentences of this split (train/dev/test); None for all.
        limit: score only the first N stories.
        nlp: a loaded pipeline (built on first use otherwise).
        max_misses: how many erroneous sentences to list.
    """
    stories = read_stories(stories_path)
    sentences = read_sentence_gold(path, stories)
    if split:
        sentences = [s for s in sentences if s.split == split]
        if not sentences:
            raise ValueError(f"{path}: no gold sentences in split {split!r}")
    if limit is not None:
        keep = set(list(dict.fromkeys(s.story_id for s in sentences))[:limit])
        sentences = [s for s in sentences if s.story_id in keep]
    predicted = code_stories(sentences, stories, nlp)
    texts = {k: a.text for k, a in stories.items()}
    return {"gold": "voa", "file": path.name, "split": split or "all"} | score_codings(
        sentences, predicted, texts, max_misses
    )


def codings_by_sentence(sentences: Iterable[GoldSentence]) -> dict[tuple[str, int], list[Coding]]:
    """The gold sentences' own events, keyed like predictions (to score one coder against another)."""
    return {(s.story_id, s.sent_idx): list(s.events) for s in sentences}
