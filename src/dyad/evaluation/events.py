"""Event-coding scores on the CAMEO gold sets: PETRARCH validation XML and the PLOVER GSR records.

* **PETRARCH XML** (``<Sentence date id>`` with ``<EventCoding sourcecode targetcode eventcode>``
  or ``noevents="True"``): each sentence is coded on its own, dated by its ``date``. A coding
  matches on (source country, target country, CAMEO root), the country being the first three
  letters of the actor code. PETRARCH's suites use fictional states (Arnor, Gondor ...) that only
  its own dictionaries resolve, so a secondary **root-only** score compares the set of roots per
  sentence. Both report recall ("share of expected codings found") and false codings per sentence.
* **PLOVER GSR** (JSON list, first record documentation): each record has one gold event type in
  the PLOVER 0.5 vocabulary the file was coded with (DEMAND, DISAPPROVE, FIGHT, INVESTIGATE ...).
  Dyad's principal event for the sentence is translated into that vocabulary with
  :data:`GSR_TYPE_BY_ROOT` and scored by accuracy; the source country is checked too.
* **PLOVER GSR, dyad level** (:func:`score_dyads`): the closest proxy we have for a CAMEO coding
  benchmark matched on (source country, target country, root). Every record yields the gold codings
  (source, target, type) for each gold source crossed with each gold target (compound actors are
  expanded, as PETRARCH does); every countable event Dyad codes in the sentence is a prediction
  (source country, target country, :func:`gsr_type`). Slots: a gold side that is absent or empty
  (25 records have no target, one no source) is not compared, so any predicted actor, or none,
  fills it; gold "IGO"/"NGO"/"IMG" match an organisation of that kind and the CAMEO-era spellings
  JAP/ITL/VTN are read as ISO-3 (:func:`dyad.evaluation.actors.country_matches`). A prediction
  whose slot is missing where gold has one does not match. Identical predictions count once;
  gold and predictions are paired one-to-one (a maximum matching). The GSR codes one event per
  sentence, so other genuine events Dyad finds (statements, which have no GSR type, reported
  incidents) count as false codings: precision is a lower bound. ``dyad_pair`` is the same score
  ignoring the type; ``dyad_complete`` counts only predictions with both a source and a target.

Only events that a CAMEO coder records count (:func:`countable`): asserted and claimed events,
plus appeals, intents, demands and threats whatever their status (those codes *are* the speech
act); negated events and unrealised actions do not.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spacy.language import Language

from dyad.evaluation.scoring import NONE, Tally, prf
from dyad.knowledge.lexical import root_class
from dyad.model import Actor, Article, ArticleResult, Event

SPEECH_ACT_ROOTS = root_class("speech_acts")
"""Roots whose code is the statement itself (an appeal, intent, demand or threat)."""

_STATUS_RANK = {"asserted": 3, "claimed": 2, "future": 1, "hypothetical": 1, "negated": 0}

GSR_TYPE_BY_ROOT = {
    "02": "DEMAND",
    "03": "AGREE",
    "04": "CONSULT",
    "05": "SUPPORT",
    "06": "COOPERATE",
    "07": "AID",
    "09": "INVESTIGATE",
    "10": "DEMAND",
    "11": "DISAPPROVE",
    "12": "REJECT",
    "13": "THREATEN",
    "14": "PROTEST",
    "15": "MOBILIZE",
    "16": "SANCTION",
    "17": "COERCE",
    "18": "ASSAULT",
    "19": "FIGHT",
    "20": "FIGHT",
}
"""CAMEO root -> the PLOVER 0.5 event type used in the GSR file (08 is split, see :func:`gsr_type`)."""


def gsr_type(cameo: str) -> str:
    """The GSR (PLOVER 0.5) type of a CAMEO code; "none" for public statements (01).

    CAMEO's yields (08) split in two: easing restrictions and acceding to demands (080-083) are
    CONCEDE; a leader stepping down (0831, "accede to demands for change in leadership"), returns,
    releases, allowing international involvement and de-escalation are RETREAT (the GSR files
    every resignation under RETREAT).
    """
    if cameo.startswith("08"):
        if cameo.startswith("0831"):
            return "RETREAT"
        return "CONCEDE" if cameo[:3] in {"080", "081", "082", "083"} else "RETREAT"
    if cameo.startswith("057"):
        return "SUPPORT"
    return GSR_TYPE_BY_ROOT.get(cameo[:2], NONE)


def countable(event: Event) -> bool:
    """Does a CAMEO coder record this event? (See the module docstring.)"""
    if event.status == "negated":
        return False
    return event.status in {"asserted", "claimed"} or event.root in SPEECH_ACT_ROOTS


def rule_confidence(event: Event) -> float:
    """The rule's own confidence (before calibration, see :mod:`dyad.nlp.confidence`)."""
    return float(dict(event.extra).get("rule_confidence", event.confidence))


def clause_depth(event: Event) -> int:
    """How deep in subordinate clauses the event's trigger sits (0: main clause; see
    :func:`dyad.nlp.records.clause_depth`)."""
    return int(dict(event.extra).get("clause_depth", "0"))


def principal_event(events: Iterable[Event]) -> Event | None:
    """The event a one-label coding of the sentence reports: best status, then confidence, then first.

    Speech acts (appeals, intents, demands, threats) rank above other events of the same status, and
    each subordinate clause costs as much: "Italy announced a suspension of air links one day after
    a Serbian jet shot down a helicopter" reports the suspension, not the shooting. On a tie the
    event of the higher clause wins: "Shevardnadze resigned as the opposition threatened to storm
    his residence" reports the resignation.
    """
    ranked = [
        (
            _STATUS_RANK[e.status]
            + (2 if e.root in SPEECH_ACT_ROOTS else 0) * (e.status != "negated")
            - 2 * clause_depth(e),
            -clause_depth(e),
            rule_confidence(e),
            -index,
            e,
        )
        for index, e in enumerate(events)
        if countable(e)
    ]
    if not ranked:
        return None
    return max(ranked, key=lambda r: r[:4])[4]


def _code_sentences(
    items: list[tuple[str, str, date | None]], nlp: Language | None
) -> Iterator[ArticleResult]:
    from dyad.nlp.pipeline import code_articles

    articles = [Article(item_id, text, published) for item_id, text, published in items]
    for result in code_articles(articles, nlp=nlp):
        if isinstance(result, ArticleResult):
            yield result


# --- PETRARCH -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldCoding:
    """One expected CAMEO coding."""

    source: str
    """Actor code as written in the gold file ("ARNGOV", "---GOV")."""
    target: str
    """Target actor code."""
    cameo: str
    """CAMEO event code."""


@dataclass(frozen=True, slots=True)
class GoldSentence:
    """A PETRARCH validation sentence and its expected codings (empty when ``noevents``)."""

    id: str
    """Record id ("DEMO-01")."""
    text: str
    """Sentence text, whitespace collapsed."""
    published: date | None
    """The record's date."""
    codings: tuple[GoldCoding, ...]
    """Expected codings."""


def _country(code: str | None) -> str:
    if not code or code.startswith("---"):
        return NONE
    return code[:3].upper()


_SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>", re.DOTALL)
_CODING = re.compile(r"<EventCoding\b([^>]*?)/?>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.DOTALL)
_ATTRIBUTE = re.compile(r'([A-Za-z_]+)="([^"]*)"')
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def read_petrarch(path: Path) -> list[GoldSentence]:
    """Sentences of a PETRARCH validation/unit-test XML file (``evaluate="false"`` ones skipped).

    The suites are not always well-formed XML (comments hold "--"), so records are read with
    patterns rather than an XML parser.

    Raises:
        ValueError: the file holds no ``<Sentence>`` record (the message names it).
    """
    raw = _COMMENT.sub("", path.read_text(encoding="utf-8", errors="replace"))
    sentences: list[GoldSentence] = []
    for match in _SENTENCE.finditer(raw):
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        if attributes.get("evaluate", "true").lower() == "false":
            continue
        text_match = _TEXT.search(match.group(2))
        if text_match is None or not text_match.group(1).strip():
            continue
        codings = []
        for coding in _CODING.finditer(match.group(2)):
            values = dict(_ATTRIBUTE.findall(coding.group(1)))
            if values.get("noevents", "").lower() != "true" and values.get("eventcode"):
                codings.append(
                    GoldCoding(
                        values.get("sourcecode", ""), values.get("targetcode", ""), values["eventcode"]
                    )
                )
        raw_date = attributes.get("date", "")
        try:
            published: date | None = date(int(raw_date[:4]), int(raw_date[4:6]), int(raw_date[6:8]))
        except ValueError:
            published = None
        text = html.unescape(re.sub(r"\s+", " ", text_match.group(1))).strip()
        sentences.append(
            GoldSentence(attributes.get("id", f"s{len(sentences)}"), text, published, tuple(codings))
        )
    if not sentences:
        raise ValueError(f"{path}: no <Sentence> records found; is this a PETRARCH validation file?")
    return sentences


def evaluate_petrarch(
    path: Path, limit: int | None = None, nlp: Language | None = None, max_misses: int | None = 200
) -> dict[str, object]:
    """Score Dyad on a PETRARCH XML file: strict (countries + root) and root-only reports."""
    sentences = read_petrarch(path)[:limit]
    strict, roots = Tally(), Tally()
    results = _code_sentences([(s.id, s.text, s.published) for s in sentences], nlp)
    for sentence, result in zip(sentences, results, strict=True):
        events = [e for e in result.events if countable(e)]
        gold_strict = [(_country(c.source), _country(c.target), c.cameo[:2]) for c in sentence.codings]
        predicted_strict = sorted(
            {
                (
                    _country(e.source.country if e.source else None),
                    _country(e.target.country if e.target else None),
                    e.root,
                )
                for e in events
            }
        )
        strict.add(sentence.id, sentence.text, gold_strict, predicted_strict)
        roots.add(
            sentence.id,
            sentence.text,
            sorted({(c.cameo[:2],) for c in sentence.codings}),
            sorted({(e.root,) for e in events}),
        )
    count = len(sentences) or 1
    return {
        "gold": "petrarch",
        "file": path.name,
        "sentences": len(sentences),
        "codings": sum(len(s.codings) for s in sentences),
        "strict": strict.report(max_misses)
        | {
            "found_share": strict.overall()["recall"],
            "false_per_sentence": round(sum(strict.fp.values()) / count, 4),
        },
        "root_only": roots.report(max_misses)
        | {
            "found_share": roots.overall()["recall"],
            "false_per_sentence": round(sum(roots.fp.values()) / count, 4),
        },
    }


# --- PLOVER GSR -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GsrRecord:
    """One PLOVER gold-standard record."""

    id: str
    """Record id."""
    text: str
    """The sentence."""
    event: str
    """Gold event type (PLOVER 0.5 vocabulary)."""
    sources: tuple[str, ...]
    """Gold source actor codes (countries, or IGO/ethnic codes)."""
    targets: tuple[str, ...]
    """Gold target actor codes."""


def _codes(entries: object) -> tuple[str, ...]:
    if not isinstance(entries, list):
        return ()
    return tuple(str(e.get("code", "")).upper() for e in entries if isinstance(e, dict) and e.get("code"))


def read_plover_gsr(path: Path) -> list[GsrRecord]:
    """Records of a PLOVER GSR JSON file (the DOCUMENT record skipped).

    Raises:
        ValueError: the file is not a JSON list of records (the message names it).
    """
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not a PLOVER GSR JSON file ({error})") from None
    if not isinstance(raw, list):
        raise ValueError(f"{path}: expected a JSON list of PLOVER records")
    return [
        GsrRecord(
            str(r.get("id", i)),
            " ".join(str(r.get("text", "")).split()),
            str(r["event"]),
            _codes(r.get("source")),
            _codes(r.get("target")),
        )
        for i, r in enumerate(raw)
        if isinstance(r, dict) and r.get("event") not in {None, "DOCUMENT"} and r.get("text")
    ]


def evaluate_plover(
    path: Path, limit: int | None = None, nlp: Language | None = None, max_misses: int | None = 200
) -> dict[str, object]:
    """Event-type accuracy of Dyad's principal event per GSR sentence, plus source-country agreement."""
    records = read_plover_gsr(path)[:limit]
    tally = Tally()
    correct = source_checked = source_right = 0
    predictions: Counter[str] = Counter()
    results = _code_sentences([(r.id, r.text, None) for r in records], nlp)
    events_by_record: list[list[Event]] = []
    for record, result in zip(records, results, strict=True):
        events_by_record.append([e for e in result.events if countable(e)])
        event = principal_event(result.events)
        label = gsr_type(event.cameo) if event else NONE
        predictions[label] += 1
        correct += label == record.event
        if event is not None and label == record.event and any(len(c) == 3 for c in record.sources):
            source_checked += 1
            source_right += bool(event.source and event.source.country in record.sources)
        if not tally.add(record.id, record.text, [(record.event,)], [(label,)] if label != NONE else []):
            tally.misses[-1]["trigger"] = event.evidence.trigger if event else None
            tally.misses[-1]["cameo"] = event.cameo if event else None
    return (
        {
            "gold": "plover",
            "file": path.name,
            "records": len(records),
            "accuracy": round(correct / (len(records) or 1), 4),
            "source_accuracy": round(source_right / (source_checked or 1), 4),
            "predicted": dict(predictions.most_common()),
        }
        | tally.report(max_misses)
        | score_dyads(records, events_by_record, max_misses)
    )


# --- PLOVER GSR, dyad level -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DyadCoding:
    """A (source, target, type) coding; a gold side of None is not compared."""

    source: str | None
    """Gold: country/organisation code or None (not compared). Predicted: the actor's key."""
    target: str | None
    """Target, as for source."""
    type: str
    """PLOVER 0.5 type ("none" for a CAMEO code without one)."""


def gold_dyads(record: GsrRecord) -> list[DyadCoding]:
    """The record's gold codings: every gold source crossed with every gold target (see module doc)."""
    from dyad.evaluation.actors import GOLD_CODE_FIXES

    sources: list[str | None] = [GOLD_CODE_FIXES.get(c, c) for c in record.sources] or [None]
    targets: list[str | None] = [GOLD_CODE_FIXES.get(c, c) for c in record.targets] or [None]
    return list(dict.fromkeys(DyadCoding(s, t, record.event) for s in sources for t in targets))


def _actor_key(actor: Actor | None) -> str | None:
    """How a predicted actor is listed: its country, else its organisation code."""
    if actor is None:
        return None
    return actor.country or actor.code[:3] or None


def _slot_matches(gold: str | None, actor: Actor | None) -> bool:
    from dyad.evaluation.actors import country_matches

    return gold is None or country_matches(gold, actor)


def _max_matching(edges: list[list[int]], right: int) -> set[int]:
    """Right nodes of a maximum bipartite matching (``edges[i]``: right nodes left node i may take)."""
    owner = [-1] * right

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if owner[j] < 0 or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(edges)):
        augment(i, set())
    return {j for j in range(right) if owner[j] >= 0}


def score_dyads(
    records: list[GsrRecord], events_by_record: list[list[Event]], max_misses: int | None = 200
) -> dict[str, object]:
    """Dyad-level precision/recall/F1 of countable events against the GSR records (module doc).

    Returns ``{"dyad": ..., "dyad_pair": ..., "dyad_complete": ...}`` (the last counts only events
    with both actors, as PETRARCH-style coders emit them), each with ``overall``, ``codings`` (gold),
    ``predictions``, ``false_per_sentence`` and ``misses``; ``dyad`` also counts the false codings
    without a GSR type (``false_untyped``) or with a missing actor (``false_actorless``).
    """
    out: dict[str, object] = {}
    for name, typed, complete in (
        ("dyad", True, False),
        ("dyad_pair", False, False),
        ("dyad_complete", True, True),
    ):
        tp = fp = fn = untyped = actorless = 0
        misses: list[dict[str, object]] = []
        for record, events in zip(records, events_by_record, strict=True):
            gold = list(
                dict.fromkeys(c if typed else DyadCoding(c.source, c.target, "") for c in gold_dyads(record))
            )
            predicted: dict[tuple[str | None, str | None, str], Event] = {}
            for e in events:
                if complete and (e.source is None or e.target is None):
                    continue
                key = (_actor_key(e.source), _actor_key(e.target), gsr_type(e.cameo) if typed else "")
                predicted.setdefault(key, e)
            keys = list(predicted)
            edges = [
                [
                    j
                    for j, key in enumerate(keys)
                    if key[2] == g.type
                    and _slot_matches(g.source, predicted[key].source)
                    and _slot_matches(g.target, predicted[key].target)
                ]
                for g in gold
            ]
            taken = _max_matching(edges, len(keys))
            matched = len(taken)
            tp += matched
            fn += len(gold) - matched
            fp += len(keys) - matched
            false = [k for j, k in enumerate(keys) if j not in taken]
            untyped += sum(1 for k in false if k[2] == NONE)
            actorless += sum(1 for k in false if k[0] is None or k[1] is None)
            if matched < len(gold) or false:
                misses.append(
                    {
                        "id": record.id,
                        "text": record.text,
                        "gold": [[g.source, g.target, g.type] for g in gold],
                        "predicted": [
                            [*k[:2], k[2], predicted[k].cameo, predicted[k].evidence.trigger] for k in keys
                        ],
                    }
                )
        report: dict[str, object] = {
            "overall": prf(tp, fp, fn),
            "codings": tp + fn,
            "predictions": tp + fp,
            "false_per_sentence": round(fp / (len(records) or 1), 4),
        }
        if typed:
            report |= {"false_untyped": untyped, "false_actorless": actorless}
        out[name] = report | {
            "misses": misses if max_misses is None else misses[:max_misses],
            "miss_count": len(misses),
        }
    return out
