"""Vetoes: readings in which a rule that matched codes no event (a question, a natural cause, a release of
things rather than people, control won rather than seized)."""

from __future__ import annotations

from spacy.tokens import Token

from dyad.knowledge.lexical import root_class, word_class
from dyad.nlp.actors import ActorMention
from dyad.nlp.arguments import mentions_for, prep_objects
from dyad.nlp.events.matching import verb_objects
from dyad.nlp.lexicon import EventRule

QUESTION_VERBS = word_class("question_verbs")
WON_NOT_SEIZED = word_class("won_not_seized")
_NATURAL_CAUSES = word_class("natural_causes")
ARMED_FORCE = root_class("armed_force")


def natural_cause(subject: Token | None) -> bool:
    """Is the (passive agent or) subject a disease, disaster or accident, not an actor?"""
    if subject is None:
        return False
    words = {subject.lemma_.lower()} | {c.lemma_.lower() for c in subject.children if c.dep_ == "compound"}
    return bool(words & _NATURAL_CAUSES)


STATE_OF_WAR = word_class("states_of_war")


def is_question(verb: Token, lemma: str) -> bool:
    """ "Asked if he is a member of Isis, he says ...", "Asked about the hotline, Peskov said ...": a
    question put to the speaker, not an appeal (for the verbs of :data:`QUESTION_VERBS`)."""
    if lemma not in QUESTION_VERBS:
        return False
    return (verb.tag_ == "VBN" and verb.i == verb.sent.start and not verb_objects(verb)) or any(
        c.dep_ in {"ccomp", "advcl"}
        and any(m.dep_ == "mark" and m.lower_ in {"if", "whether"} for m in c.children)
        for c in verb.children
    )


def vetoed(
    rule: EventRule, objects: list[Token], subject: Token | None, index: dict[int, ActorMention]
) -> bool:
    """Whether a matched rule codes nothing in this clause:

    * its ``object_class`` is not met: the objects name no actor and no word of the class
      ("Iceland has released its own version of the royal cake" frees no one);
    * control of a body is won, not territory seized ("take control of the House", 192);
    * the agent of a killing or attack is a disease, disaster or accident ("a cholera epidemic has
      killed 1,200 people", "were killed by a landslide").
    """
    if (
        rule.object_class
        and objects
        and all(o.pos_ == "NOUN" and o.i not in index and not mentions_for(o, index) for o in objects)
        and not any(o.lemma_.lower() in word_class(rule.object_class) for o in objects)
    ):
        return True
    if rule.cameo == "192" and any(
        p.lemma_.lower() in WON_NOT_SEIZED for obj in objects for p in prep_objects(obj, ("of",))
    ):
        return True
    return rule.cameo[:2] in ARMED_FORCE and natural_cause(subject)
