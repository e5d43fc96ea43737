"""The one place where spaCy Docs become model records (Events, Timexes, PlaceMentions).

Besides conversion it applies the article-level reasoning that needs every sentence at once:

* **event dates**: the temporal expression attached to the trigger in the parse; else the date of
  the same kind of event mentioned earlier with a date ("the February 2022 invasion" ...
  "Russia's invasion"); else the narrative date carried from the previous sentence; else the
  publication date, marked ``basis: "publication"``;
* **locations**: the place attached to the trigger, else the article's focus place
  (``location_basis: "article"``);
* **missing recipients** of pledges and visits borrowed from the previous sentence.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span, Token

from dyad.knowledge.codebook import load_codebook
from dyad.knowledge.lexical import word_class
from dyad.model import (
    Actor,
    Article,
    ArticleResult,
    Event,
    Evidence,
    Place,
    PlaceMention,
    Plover,
    TimeSpan,
    Timex,
)
from dyad.nlp.confidence import calibrated
from dyad.nlp.raw import RawEvent
from dyad.nlp.story import link as link_story

_CLAUSE_POS = {"VERB", "AUX"}
_UNKNOWN_DAY = date(1900, 1, 1)


_PHYSICAL_ROOTS = frozenset({"14", "15", "17", "18", "19", "20"})
"""Roots of physical acts: a place they act on directly is where they happen ("shelled Kharkiv")."""


LIGHT_VERBS = word_class("light_verbs")


def publication_span(published: date | None) -> TimeSpan:
    """The fallback date: the publication day (or an explicit unknown when there is none)."""
    day = published or _UNKNOWN_DAY
    return TimeSpan(
        value=day.isoformat() if published else "XXXX-XX-XX",
        start=day,
        end=day,
        granularity="day",
        basis="publication",
    )


def _clause_head(token: Token) -> Token:
    """The verb (or event noun) whose clause a token belongs to."""
    current = token
    for _ in range(8):
        if current.pos_ in _CLAUSE_POS and current is not token:
            return current
        if current.head is current:
            return current
        current = current.head
    return current


def _participle_adjunct(token: Token) -> bool:
    """ "..., killing four civilians": an -ing adjunct with no subject or conjunction of its own."""
    return (
        token.dep_ == "advcl"
        and token.tag_ == "VBG"
        and not any(c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in token.children)
    )


def _chain(token: Token) -> set[int]:
    """The trigger plus verbs linked to it by xcomp/aux chains (they share a time)."""
    members = {token.i}
    current = token
    while current.dep_ in {"xcomp", "aux", "auxpass"} and current.head is not current:
        current = current.head
        members.add(current.i)
    for child in token.children:
        if child.dep_ == "xcomp":
            members.add(child.i)
    if _participle_adjunct(token):
        # "shelled Kharkiv on Wednesday night, killing four civilians": a participle adjunct
        # happens when its clause does
        members.add(token.head.i)
    nominal = token.pos_ in {"NOUN", "PROPN"} and token.dep_ in {"dobj", "attr"}
    if nominal and token.head.lemma_ in LIGHT_VERBS:
        # "staged demonstrations on Saturday": the light verb's time is the event's
        members.add(token.head.i)
    return members


def _timex_tokens(doc: Doc, timex: Timex) -> Span | None:
    return doc.char_span(timex.start, timex.end, alignment_mode="expand")


def _governor(token: Token) -> Token:
    """The word a temporal expression modifies, skipping a preposition ("on Thursday" -> its verb)."""
    head = token.head
    if head.dep_ == "prep" and head.head is not head:
        return head.head
    return head


def _timex_spans(doc: Doc, timexes: Sequence[Timex]) -> list[tuple[Timex, Span]]:
    """The Doc's usable temporal expressions with their token spans (computed once per Doc)."""
    found = []
    for timex in timexes:
        if timex.span is None and timex.value not in {"PAST_REF", "PRESENT_REF"}:
            continue
        span = _timex_tokens(doc, timex)
        if span is not None:
            found.append((timex, span))
    return found


def _linked_timex(trigger: Token, sentence: Span, timexes: Sequence[tuple[Timex, Span]]) -> Timex | None:
    """The DATE/TIME expression attached to the trigger (or to its xcomp chain) in the parse, if any.

    An expression that modifies another noun ("the conference next month") is not the event's date
    unless that noun is the trigger itself ("the February 2022 invasion").
    """
    candidates = []
    chain: set[int] | None = None
    for timex, span in timexes:
        if not (sentence.start_char <= timex.start < sentence.end_char):
            continue
        if span.start <= trigger.i < span.end:
            continue
        governor = _governor(span.root)
        if chain is None:
            chain = _chain(trigger)
        if governor.i == trigger.i:
            candidates.append((0, timex))
        elif governor.i in chain:
            candidates.append((1, timex))
        elif (
            trigger.pos_ in {"VERB", "AUX"}
            and governor.pos_ in {"VERB", "AUX"}
            and trigger.head.i == governor.i
            and trigger.dep_ in {"conj"}
        ):
            candidates.append((2, timex))
        elif _setting_of(governor, trigger, chain):
            candidates.append((3, timex))
    if not candidates:
        return None
    candidates.sort(key=lambda c: (c[0], abs(c[1].start - trigger.idx)))
    return candidates[0][1]


_SETTING_PREPS = frozenset({"at", "during", "in", "on"})


def _setting_of(noun: Token, trigger: Token, chain: set[int]) -> bool:
    """Is ``noun`` the setting of the trigger's clause ("*At a meeting on Wednesday*, Putin accused ...")?

    The date of the meeting, visit or address in which a verbal event takes place is the event's date.
    """
    if trigger.pos_ not in {"VERB", "AUX"} or noun.dep_ != "pobj" or noun.pos_ not in {"NOUN", "PROPN"}:
        return False
    prep = noun.head
    if prep.dep_ != "prep" or prep.lower_ not in _SETTING_PREPS:
        return False
    clause = {trigger.head.i} if trigger.dep_ == "conj" else set()
    return prep.head.i in chain | clause


_SUBORDINATE_DEPS = frozenset({"advcl", "relcl", "acl", "pcomp"})


def clause_depth(token: Token) -> int:
    """How many subordinate clauses (adverbial, relative, participial) the token sits in.

    0 for the main clause: "Italy announced a suspension of air links (0) one day after a Serbian
    jet shot down a helicopter (1)". Recorded on each event as ``extra["clause_depth"]``.
    """
    depth, current = 0, token
    for _ in range(16):
        if current.dep_ in _SUBORDINATE_DEPS:
            depth += 1
        if current.head.i == current.i:
            break
        current = current.head
    return depth


class _Sentences:
    """Sentence lookup by token index without materialising every sentence of the Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        starts = np.flatnonzero(doc.to_array(SENT_START) == 1) if len(doc) else np.array([0])
        if not len(starts) or starts[0] != 0:
            starts = np.concatenate(([0], starts))
        self.starts = starts
        self._spans: dict[int, Span] = {}

    def number(self, token_index: int) -> int:
        """The index of the sentence holding the token."""
        return int(np.searchsorted(self.starts, token_index, side="right")) - 1

    def span(self, number: int) -> Span:
        """The sentence as a Span."""
        if number not in self._spans:
            end = int(self.starts[number + 1]) if number + 1 < len(self.starts) else len(self.doc)
            self._spans[number] = self.doc[int(self.starts[number]) : end]
        return self._spans[number]


def _event_nouns(trigger: Token) -> set[str]:
    """Lemmas that name the event for date coreference: an event noun, or a light verb's object
    ("launched its invasion" is the invasion dated earlier in "the February 2022 invasion")."""
    if trigger.pos_ in {"NOUN", "PROPN"}:
        return {trigger.lemma_.lower()}
    if trigger.lemma_.lower() in LIGHT_VERBS:
        return {c.lemma_.lower() for c in trigger.children if c.dep_ in {"dobj", "attr"} and c.pos_ == "NOUN"}
    return set()


def _reference_span(timex: Timex, published: date | None) -> TimeSpan | None:
    """Spans for PRESENT_REF / PAST_REF ("now", "in recent weeks") relative to the publication date."""
    if published is None:
        return None
    if timex.value == "PRESENT_REF":
        return TimeSpan("PRESENT_REF", published, published, "day", "text", timex.text)
    if timex.value == "PAST_REF":
        return TimeSpan("PAST_REF", published - timedelta(days=30), published, "month", "text", timex.text)
    return None


def _event_id(
    article_id: str, trigger_char: int, cameo: str, source: Actor | None, target: Actor | None
) -> str:
    key = (
        f"{article_id}|{trigger_char}|{cameo}|{source.code if source else ''}|{target.code if target else ''}"
    )
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def _plover(code: str) -> Plover | None:
    entry = load_codebook().get(code)
    return Plover(entry.plover_type, entry.plover_mode) if entry.plover_type else None


def doc_to_events(doc: Doc, article: Article) -> list[Event]:
    """Turn the raw events on a Doc into Event records with dates, places and evidence."""
    from dyad.nlp.places import article_focus, event_location

    codebook = load_codebook()
    timexes: list[Timex] = doc._.timexes or []
    places = doc._.places or []
    focus: Place | None = article_focus(places) if places else None
    raw_events: list[RawEvent] = doc._.events or []
    if not raw_events:
        return []
    sentences = _Sentences(doc)
    timex_spans = _timex_spans(doc, timexes)
    locations: dict[int, PlaceMention | None] = {}
    dated_by_lemma: dict[str, TimeSpan] = {}
    narrative: dict[int, TimeSpan] = {}
    events: list[Event] = []
    for raw in raw_events:
        trigger = doc[raw.trigger]
        number = sentences.number(raw.trigger)
        sentence = sentences.span(number)
        rule = raw.rule
        how = raw.how
        confidence = raw.confidence
        source = raw.source.actor if raw.source else None
        target = raw.target.actor if raw.target else None
        if source is not None and target is not None and source.code == target.code:
            continue  # an actor does not interact with itself
        timex = _linked_timex(trigger, sentence, timex_spans)
        nouns = _event_nouns(trigger)
        coref = next((dated_by_lemma[n] for n in nouns if n in dated_by_lemma), None)
        span: TimeSpan
        reference = _reference_span(timex, article.publication_date) if timex is not None else None
        if reference is not None:
            span = reference
        elif timex is not None and timex.span is not None:
            span = replace(timex.span, text=timex.text)
            for noun in nouns:
                dated_by_lemma.setdefault(noun, span)
        elif coref is not None:
            span = coref
            how += "+coref_date"
        elif (
            number - 1 in narrative
            and raw.status in {"asserted", "claimed", "negated"}
            and trigger.tag_ in {"VBD", "VBN"}
        ):
            span = narrative[number - 1]
            how += "+narrative_date"
            confidence *= 0.9
        else:
            span = publication_span(article.publication_date)
        if (
            span.basis == "text"
            and (span.end - span.start).days <= 7
            and article.publication_date
            and 0 <= (article.publication_date - span.end).days <= 14
        ):
            narrative.setdefault(number, span)
        if raw.trigger not in locations:
            physical = rule.cameo[:2] in _PHYSICAL_ROOTS or rule.cameo[:3] == "042"
            # a participle adjunct happens where its clause does ("shelled Kharkiv, killing four")
            anchors = [raw.trigger, trigger.head.i] if _participle_adjunct(trigger) else [raw.trigger]
            locations[raw.trigger] = event_location(doc, anchors, object_is_place=physical)
        attached = locations[raw.trigger]
        if attached is not None:
            location, location_basis = attached.place, "text"
        elif focus is not None:
            location, location_basis = focus, "article"
        else:
            location, location_basis = None, "none"
        entry = codebook.get(rule.cameo)
        if (
            target is None
            and source is not None
            and location is not None
            and location.country
            and location.country != source.country
            and location_basis == "text"
            and (entry.code.startswith("042") or entry.root in {"18", "19", "20"})
        ):
            # a visit to, or an attack in, another country: that country is the recipient
            target = Actor(text=location.name, code=location.country, country=location.country, kind="state")
            how += "+place_target"
            confidence *= 0.8
        trigger_span = doc[raw.trigger : raw.trigger_end]
        evidence = Evidence(
            sentence=sentence.text,
            start=sentence.start_char,
            end=sentence.end_char,
            trigger=trigger_span.text,
            rule=rule.id + how,
        )
        events.append(
            Event(
                event_id=_event_id(article.content_hash, trigger.idx, entry.code, source, target),
                article_id=article.id,
                sentence_index=number,
                source=source,
                target=target,
                cameo=entry.code,
                root=entry.root,
                quad_class=entry.quad_class,
                goldstein=entry.goldstein,
                plover=_plover(entry.code),
                date=span,
                location=location,
                status=raw.status,
                evidence=evidence,
                confidence=round(confidence, 3),
                acled=entry.acled or None,
                location_basis=location_basis,  # type: ignore[arg-type]
                extra=(("clause_depth", str(clause_depth(trigger))),),
            )
        )
    return [calibrated(e) for e in link_story(_dedupe(events))]


def _dedupe(events: list[Event]) -> list[Event]:
    seen: set[str] = set()
    unique = []
    for event in events:
        if event.event_id not in seen:
            seen.add(event.event_id)
            unique.append(event)
    return unique


def doc_to_result(doc: Doc, article: Article) -> ArticleResult:
    """Everything Dyad found in one article, as model records."""
    return ArticleResult(
        article=article,
        events=tuple(doc_to_events(doc, article)),
        timexes=tuple(doc._.timexes or ()),
        places=tuple(doc._.places or ()),
    )
