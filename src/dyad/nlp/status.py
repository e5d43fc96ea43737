"""Event status from the parse: did it happen (asserted), was it claimed, negated, planned or hypothetical?

The trigger and the verbs above it (through xcomp/ccomp/acl links, inside the sentence) are read
for negation, modal and future auxiliaries, expectation and planning verbs, conditional clauses,
appeals, and attribution verbs of allegation.
"""

from __future__ import annotations

from spacy.tokens import Token

from dyad.model import Status
from dyad.nlp.arguments import ACCUSING_VERBS

_NEGATORS = {"not", "n't", "never", "no"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should", "ought"}
_FUTURE_HEADS = {
    "expect",
    "plan",
    "intend",
    "schedule",
    "prepare",
    "aim",
    "set",
    "due",
    "hope",
    "seek",
    "want",
    "wish",
    "propose",
    "consider",
    "threaten",
    "vow",
    "pledge",
    "promise",
    "agree",
    "decide",
    "go",
    "mean",
    "look",
}
_APPEAL_HEADS = {
    "call",
    "urge",
    "demand",
    "ask",
    "appeal",
    "request",
    "press",
    "push",
    "insist",
    "invite",
    "encourage",
    "plead",
    "recommend",
    "suggest",
    "propose",
}
_CLAIM_HEADS = {
    "claim",
    "allege",
    "accuse",
    "contend",
    "assert",
    "insist",
    "maintain",
    "suspect",
    "believe",
    "see",
    "charge",
    "suggest",
}
_CLAIM_ADVERBS = {"allegedly", "reportedly", "purportedly", "supposedly", "apparently"}
_CONDITIONAL_MARKS = {"if", "unless", "whether"}
_PAST_SAY = {"say", "tell", "announce", "report", "state", "add", "declare", "write", "insist"}
_REFUSAL_HEADS = {
    "refuse",
    "refusal",
    "decline",
    "fail",
    "reject",
    "oppose",
    "resist",
    "reluctant",
    "unwilling",
    "avoid",
    "cancel",
    "abandon",
    "forgo",
    "balk",
}
_READY_HEADS = {"ready", "willing", "prepared", "determined", "eager", "poised", "committed", "keen", "able"}
INTENT_CUES = frozenset(
    {
        "will",
        "shall",
        "'ll",
        "wo",
        "would",
        "plan",
        "intend",
        "prepare",
        "aim",
        "pledge",
        "promise",
        "vow",
        "offer",
        "agree",
        "decide",
        "go",
        "mean",
        "seek",
        "want",
        "wish",
        "propose",
        "consider",
        "hope",
        "look",
    }
    | _READY_HEADS
)
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
        return ("negated", "will-not") if _aux(trigger) & (_FUTURE_AUX | {"would"}) else ("negated", "not")
    if any(c.lower_ in _CLAIM_ADVERBS for c in trigger.children) or any(
        c.dep_ == "amod" and c.lower_ in {"alleged", "suspected", "purported"} for c in trigger.children
    ):
        return "claimed", "alleged"
    aux = _aux(trigger)
    if not aux and trigger.dep_ == "conj" and trigger.tag_ in {"VB", "VBN", "VBG"}:
        aux = _aux(trigger.head)  # "Isis could resurge ... and regain territory": the modal is shared
    if aux & _FUTURE_AUX:
        return "future", "will"
    if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in trigger.children):
        return "hypothetical", "if"
    if "must" in aux:
        return "hypothetical", "must"
    if aux & _HYPOTHETICAL_AUX:
        # "would" under a past-tense reporting verb is the future of the past: "said he would visit".
        if "would" in aux and trigger.dep_ == "ccomp" and trigger.head.lemma_ in _PAST_SAY:
            return "future", "would"
        return "hypothetical", "would" if "would" in aux else "may"
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
                    return "negated", "not"
                if lemma in _REFUSAL_HEADS and relation in {"xcomp", "acl"}:
                    return "negated", lemma
                if lemma in _READY_HEADS and relation == "xcomp":
                    return "future", lemma
                if lemma == "suppose" and relation == "xcomp":
                    return "hypothetical", "may"  # "we were supposed to have surrendered by now"
                if lemma in {"likely", "unlikely"} and relation == "xcomp":
                    # "are unlikely to attack", "are hardly likely to attack": no event is reported
                    around = [*head.children, *(head.head.children if head.dep_ == "acomp" else ())]
                    doubted = lemma == "unlikely" or any(
                        c.lower_ in {"hardly", "scarcely", "not", "n't", "barely"} for c in around
                    )
                    return ("negated", "not") if doubted else ("hypothetical", "may")
                if lemma in _FUTURE_HEADS and relation in {"xcomp", "acl"}:
                    if lemma in {"threaten"}:
                        return "hypothetical", lemma
                    return "future", lemma
                if lemma in {
                    "planned",
                    "expected",
                    "upcoming",
                    "scheduled",
                    "proposed",
                    "possible",
                    "potential",
                    "future",
                }:
                    return "future", lemma
                if lemma in _APPEAL_HEADS and relation in {"xcomp", "pobj", "dobj", "prep", "pcomp"}:
                    return "hypothetical", lemma
                if relation == "attr" and _aux(head) & (_FUTURE_AUX | _HYPOTHETICAL_AUX):
                    # "it would be the most lethal clash": a predicted or supposed event, no one's intent
                    return ("future" if _aux(head) & _FUTURE_AUX else "hypothetical"), "be"
                if _aux(head) & _FUTURE_AUX:
                    return "future", "will"
                if _aux(head) & _HYPOTHETICAL_AUX and relation in {"xcomp", "dobj"}:
                    return "hypothetical", "would" if "would" in _aux(head) else "may"
            if relation in {"ccomp", "relcl"} and lemma in _CLAIM_HEADS:
                return "claimed", lemma
            if relation == "prep" and current.lower_ in {"of", "for"} and lemma in ACCUSING_VERBS:
                return "claimed", lemma  # "accused the US of violating the deal": an accusation
            if relation == "advcl":
                if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in current.children):
                    return "hypothetical", "if"
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
        if child.dep_ == "amod" and child.lemma_.lower() in {
            "planned",
            "expected",
            "upcoming",
            "proposed",
            "possible",
            "potential",
            "future",
        }:
            return "future", child.lemma_.lower()
    return "asserted", ""
