"""Event status from the parse: did it happen (asserted), was it claimed, negated, planned or hypothetical?

The trigger and the verbs above it (through xcomp/ccomp/acl links, inside the sentence) are read
for negation, modal and future auxiliaries, expectation and planning verbs, conditional clauses,
appeals, and attribution verbs of allegation.
"""

from __future__ import annotations

from enum import StrEnum

from spacy.tokens import Token

from dyad.knowledge.lexical import word_class
from dyad.model import Status
from dyad.nlp.arguments import ACCUSING_VERBS

_NEGATORS = word_class("negators")
_FUTURE_AUX = word_class("future_auxiliaries")
_HYPOTHETICAL_AUX = word_class("hypothetical_auxiliaries")
_FUTURE_HEADS = word_class("future_heads")
_APPEAL_HEADS = word_class("appeal_heads")
_CLAIM_HEADS = word_class("claim_heads")
_CLAIM_ADVERBS = word_class("claim_adverbs")
_CONDITIONAL_MARKS = word_class("conditional_marks")
_PAST_SAY = word_class("past_reporting_verbs")
_REFUSAL_HEADS = word_class("refusal_heads")
_READY_HEADS = word_class("readiness_heads")


class Cue(StrEnum):
    """The grammatical cues that decide a status (a lexical cue is the head word itself: "refuse",
    "pledge", "claim" ..., from the classes in data/events/classes.yaml)."""

    NONE = ""
    NOT = "not"
    """Negated: "did not attack", "never condemned"."""
    WILL_NOT = "will-not"
    """A negated future: "will not attend" (a refusal when the act is cooperative)."""
    WILL = "will"
    """A future auxiliary."""
    WOULD = "would"
    """"would": hypothetical, or the future of the past under a reporting verb."""
    MAY = "may"
    """Another modal, or a likelihood/supposition head: possible, not done."""
    MUST = "must"
    """An obligation: a demand ("X said Y must ...") or hypothetical."""
    IF = "if"
    """A condition ("if", "unless", "whether")."""
    ALLEGED = "alleged"
    """"allegedly", "alleged", "suspected": a claim."""
    BE = "be"
    """A predicted event noun ("it would be the deadliest clash")."""
    ANNOUNCE = "announce"
    """A sanction a decision enacts ("announced it would prohibit all aid"): asserted."""


_SUPPOSITION_HEADS = word_class("supposition_heads")
_LIKELIHOOD_HEADS = word_class("likelihood_heads")
_UNLIKELIHOOD_HEADS = word_class("unlikelihood_heads")
_DOUBT_WORDS = word_class("doubt_words")
_THREAT_HEADS = word_class("threat_heads")
_PLANNING_HEADS = word_class("planning_heads")
_PLANNING_MODIFIERS = word_class("planning_modifiers")
INTENT_CUES = word_class("intent_cues") | _READY_HEADS
"""Cues that make a future/hypothetical event the actor's own stated intent (CAMEO codes it 03x/13x)."""
REFUSAL_CUES = frozenset(_REFUSAL_HEADS | {"will-not"})
"""Cues that make a negated event a refusal (CAMEO codes it 12x)."""


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in _NEGATORS) for c in token.children)


def _aux(token: Token) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass"}}


def event_status(trigger: Token) -> Status:
    """Status of the event triggered by ``trigger`` (a verb or an event noun)."""
    return status_cue(trigger)[0]


def status_cue(trigger: Token) -> tuple[Status, str]:
    """Status of the event plus the word that decided it ("will", "refuse", "if", "must" ... or "").

    The cue lets the coder apply CAMEO's conventions: an actor's own stated intent to cooperate is
    coded 03x, to use force 13x, a refusal 12x and "X said Y must ..." a demand (10x).
    """
    if _negated(trigger):
        return (
            ("negated", Cue.WILL_NOT) if _aux(trigger) & (_FUTURE_AUX | {"would"}) else ("negated", Cue.NOT)
        )
    if any(c.lower_ in _CLAIM_ADVERBS for c in trigger.children) or any(
        c.dep_ == "amod" and c.lower_ in {"alleged", "suspected", "purported"} for c in trigger.children
    ):
        return "claimed", Cue.ALLEGED
    aux = _aux(trigger)
    if not aux and trigger.dep_ == "conj" and trigger.tag_ in {"VB", "VBN", "VBG"}:
        aux = _aux(trigger.head)  # "Isis could resurge ... and regain territory": the modal is shared
    if aux & _FUTURE_AUX:
        return "future", Cue.WILL
    if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in trigger.children):
        return "hypothetical", Cue.IF
    if "must" in aux:
        return "hypothetical", Cue.MUST
    if aux & _HYPOTHETICAL_AUX:
        # "would" under a past-tense reporting verb is the future of the past: "said he would visit".
        if "would" in aux and trigger.dep_ == "ccomp" and trigger.head.lemma_ in _PAST_SAY:
            return "future", Cue.WOULD
        return "hypothetical", Cue.WOULD if "would" in aux else Cue.MAY
    current = trigger
    for _ in range(4):
        head = current.head
        if head is current:
            break
        relation = current.dep_
        if relation in {
            "xcomp",
            "ccomp",
            "acl",
            "relcl",
            "pobj",
            "dobj",
            "attr",
            "advcl",
            "prep",
            "pcomp",
            "conj",
        }:
            if relation == "conj":
                current = head
                continue
            lemma = head.lemma_.lower()
            if relation in {"xcomp", "pobj", "dobj", "prep", "pcomp", "attr"} or (
                relation == "acl" and current.tag_ == "VB"
            ):
                if _negated(head) and relation in {"xcomp", "dobj"}:
                    return "negated", Cue.NOT
                if lemma in _REFUSAL_HEADS and relation in {"xcomp", "acl"}:
                    return "negated", lemma
                if lemma in _READY_HEADS and relation == "xcomp":
                    return "future", lemma
                if lemma in _SUPPOSITION_HEADS and relation == "xcomp":
                    return "hypothetical", Cue.MAY  # "we were supposed to have surrendered by now"
                if lemma in _LIKELIHOOD_HEADS | _UNLIKELIHOOD_HEADS and relation == "xcomp":
                    # "are unlikely to attack", "are hardly likely to attack": no event is reported
                    around = [*head.children, *(head.head.children if head.dep_ == "acomp" else ())]
                    doubted = lemma in _UNLIKELIHOOD_HEADS or any(c.lower_ in _DOUBT_WORDS for c in around)
                    return ("negated", Cue.NOT) if doubted else ("hypothetical", Cue.MAY)
                if lemma in _FUTURE_HEADS and relation in {"xcomp", "acl"}:
                    if lemma in _THREAT_HEADS:
                        return "hypothetical", lemma
                    return "future", lemma
                if lemma in _PLANNING_HEADS:
                    return "future", lemma
                if lemma in _APPEAL_HEADS and relation in {"xcomp", "pobj", "dobj", "prep", "pcomp"}:
                    return "hypothetical", lemma
                if relation == "attr" and _aux(head) & (_FUTURE_AUX | _HYPOTHETICAL_AUX):
                    # "it would be the most lethal clash": a predicted or supposed event, no one's intent
                    return ("future" if _aux(head) & _FUTURE_AUX else "hypothetical"), Cue.BE
                if _aux(head) & _FUTURE_AUX:
                    return "future", Cue.WILL
                if _aux(head) & _HYPOTHETICAL_AUX and relation in {"xcomp", "dobj"}:
                    return "hypothetical", Cue.WOULD if "would" in _aux(head) else Cue.MAY
            if relation in {"ccomp", "relcl"} and lemma in _CLAIM_HEADS:
                return "claimed", lemma
            if relation == "prep" and current.lower_ in {"of", "for"} and lemma in ACCUSING_VERBS:
                return "claimed", lemma  # "accused the US of violating the deal": an accusation
            if relation == "advcl":
                if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in current.children):
                    return "hypothetical", Cue.IF
                if any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children):
                    # a purpose clause shares its action's status: "would blockade Paris to demand ..."
                    head_status = status_cue(head)
                    if head_status[0] in {"future", "hypothetical", "negated"}:
                        return head_status
                break  # an adverbial clause ("as troops advance") has its own status
            if relation in {"ccomp", "relcl"}:
                break
        current = head
    for child in trigger.children:
        if child.dep_ == "amod" and child.lemma_.lower() in _PLANNING_MODIFIERS:
            return "future", child.lemma_.lower()
    return "asserted", Cue.NONE
