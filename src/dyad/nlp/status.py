"""Event status from the parse: did it happen (asserted), was it claimed, negated, planned or hypothetical?

The trigger and the verbs above it (through xcomp/ccomp/acl links, inside the sentence) are read
for negation, modal and future auxiliaries, expectation and planning verbs, conditional clauses,
appeals, and attribution verbs of allegation.
"""

from __future__ import annotations

from spacy.tokens import Token

from dyad.model import Status

_NEGATORS = {"not", "n't", "never", "no"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should", "ought"}
_FUTURE_HEADS = {"expect", "plan", "intend", "schedule", "prepare", "aim", "set", "due", "hope", "seek", "want",
                 "wish", "propose", "consider", "threaten", "vow", "pledge", "promise", "agree", "decide",
                 "go", "mean", "try", "attempt", "look"}
_APPEAL_HEADS = {"call", "urge", "demand", "ask", "appeal", "request", "press", "push", "insist", "invite",
                 "encourage", "plead", "recommend", "suggest", "propose"}
_CLAIM_HEADS = {"claim", "allege", "accuse", "contend", "assert", "insist", "maintain", "suspect", "believe",
                "see", "charge", "suggest"}
_CLAIM_ADVERBS = {"allegedly", "reportedly", "purportedly", "supposedly", "apparently"}
_CONDITIONAL_MARKS = {"if", "unless", "whether"}
_PAST_SAY = {"say", "tell", "announce", "report", "state", "add", "declare", "write", "insist"}


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in _NEGATORS) for c in token.children)


def _aux(token: Token) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass"}}


def event_status(trigger: Token) -> Status:
    """Status of the event triggered by ``trigger`` (a verb or an event noun)."""
    if _negated(trigger):
        return "negated"
    if any(c.lower_ in _CLAIM_ADVERBS for c in trigger.children) or any(
            c.dep_ == "amod" and c.lower_ in {"alleged", "suspected", "purported"} for c in trigger.children):
        return "claimed"
    aux = _aux(trigger)
    if aux & _FUTURE_AUX:
        return "future"
    if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in trigger.children):
        return "hypothetical"
    if aux & _HYPOTHETICAL_AUX:
        # "would" under a past-tense reporting verb is the future of the past: "said he would visit".
        if "would" in aux and trigger.dep_ == "ccomp" and trigger.head.lemma_ in _PAST_SAY:
            return "future"
        return "hypothetical"
    current = trigger
    for _ in range(4):
        head = current.head
        if head is current:
            break
        relation = current.dep_
        if relation in {"xcomp", "ccomp", "acl", "relcl", "pobj", "dobj", "advcl", "prep", "pcomp", "conj"}:
            if relation == "conj":
                current = head
                continue
            lemma = head.lemma_.lower()
            if relation in {"xcomp", "pobj", "dobj", "prep", "pcomp"} or (
                    relation == "acl" and current.tag_ == "VB"):
                if _negated(head) and relation in {"xcomp", "dobj"}:
                    return "negated"
                if lemma in _FUTURE_HEADS and relation in {"xcomp", "acl"}:
                    if lemma in {"threaten"}:
                        return "hypothetical"
                    return "future"
                if lemma in {"planned", "expected", "upcoming", "scheduled", "proposed", "possible",
                             "potential", "future"}:
                    return "future"
                if lemma in _APPEAL_HEADS and relation in {"xcomp", "pobj", "dobj", "prep", "pcomp"}:
                    return "hypothetical"
                if _aux(head) & _FUTURE_AUX:
                    return "future"
            if relation in {"ccomp", "relcl"} and lemma in _CLAIM_HEADS:
                return "claimed"
            if relation == "advcl":
                if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in current.children):
                    return "hypothetical"
                break  # an adverbial clause ("as troops advance") has its own status
            if relation in {"ccomp", "relcl"}:
                break
        current = head
    for child in trigger.children:
        if child.dep_ == "amod" and child.lemma_.lower() in {"planned", "expected", "upcoming", "proposed",
                                                             "possible", "potential", "future"}:
            return "future"
    return "asserted"
