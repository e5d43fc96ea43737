"""Reading a clause for the lexicon: a verb's objects, particle, object predicate, the words of its
subject and objects, and whether a rule's conditions (its keys) hold for them (:func:`first_match`)."""

from __future__ import annotations

from spacy.tokens import Token

from dyad.knowledge.lexical import word_class
from dyad.nlp.actors import ActorMention
from dyad.nlp.arguments import (
    PARTITIVE_HEADS,
)
from dyad.nlp.lexicon import EventRule

LIGHT_VERBS = word_class("light_verbs")
_CHAIN_DEPS = {"xcomp", "conj", "advcl", "ccomp"}
LEMMA_FIXES = {"stag": "stage", "retook": "retake", "retaken": "retake", "overran": "overrun"}
"""Lemmas the English lemmatizer gets wrong for verbs of the lexicon ("staged" -> "stag")."""


PORTIONS = word_class("portions")
MODIFIER_DEPS = {"compound", "amod", "nmod"}


def verb_objects(verb: Token) -> list[Token]:
    found = [c for c in verb.children if c.dep_ in {"dobj", "attr", "oprd", "dative"}]
    if not found:
        # "kidnapped up to 16 Russian advisers": the parser takes the quantity's "up to" for a particle
        found = [
            g
            for c in verb.children
            if c.dep_ == "prt" and c.lower_ == "up"
            for p in c.children
            if p.dep_ == "prep" and p.lower_ == "to"
            for g in p.children
            if g.dep_ == "pobj" and any(n.dep_ == "nummod" for n in g.children)
        ]
    return found


def object_predicate(verb: Token) -> Token | None:
    """What the verb predicates of its object: "called Netanyahu *a criminal*" (oprd), "found the
    journalist *guilty*" (an adjective clause), "described the strikes *as* an *act* of war",
    "dismissed the claims *as baseless*"; None when there is none."""
    for child in verb.children:
        if child.i < verb.i:
            continue
        if child.dep_ == "oprd" or (child.dep_ in {"ccomp", "xcomp", "acomp"} and child.pos_ == "ADJ"):
            return child
        if child.dep_ == "prep" and child.lower_ == "as":
            return next((g for g in child.children if g.dep_ in {"pobj", "amod", "acomp"}), None)
    return None


def predicate_words_of(predicate: Token) -> set[str]:
    """The predicate's head, its modifiers and what it is "of" ("an act *of war*")."""
    words = {predicate.lemma_.lower(), predicate.lower_}
    for child in predicate.children:
        if child.dep_ in {"amod", "compound", "advmod"}:
            words |= {child.lemma_.lower(), child.lower_}
        elif child.dep_ == "prep" and child.lower_ == "of":
            words |= {g.lemma_.lower() for g in child.children if g.dep_ == "pobj"}
    return words


def first_particle(verb: Token) -> str | None:
    for child in verb.children:
        if child.dep_ in {"prt", "prep"} and child.i > verb.i:
            return child.lower_
    return None


def has_particle(verb: Token, particle: str) -> Token | None:
    """The particle or preposition ``particle`` after the verb ("clash *with*"); a phrase fronted
    before the verb is an adjunct ("*With* the signing of the memorandum, both sides agreed ..."),
    and so is one after the verb's clausal complement, which the parser often hangs on the verb
    ("agreed to lift embargoes on ... Sudan, and *with* strings attached, Cuba")."""
    clause = min((c.i for c in verb.children if c.dep_ in {"xcomp", "ccomp"} and c.i > verb.i), default=None)
    for child in verb.children:
        if (
            child.i > verb.i
            and child.dep_ in {"prt", "prep"}
            and child.lower_ == particle
            and (clause is None or child.i < clause)
            # "fired his defence secretary on Monday": a date is no particle's object
            and not any(g.dep_ == "pobj" and g.ent_type_ in {"DATE", "TIME"} for g in child.children)
        ):
            return child
    return None


def subject_words_of(subject: Token | None) -> set[str]:
    """The subject's head word and its modifiers ("Israeli warplanes" -> {"warplane", "warplanes", ...})."""
    if subject is None:
        return set()
    heads = [subject]
    if subject.lower_ in PARTITIVE_HEADS | {"deployment", "wave", "convoy"}:
        # "a first batch of Bangladeshi peacekeeping troops": the words of what the group is made of
        heads += [g for c in subject.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    words: set[str] = set()
    for head in heads:
        words.update({head.lemma_.lower(), head.lower_})
        for child in head.children:
            if child.dep_ in {"compound", "amod", "nmod"}:
                words.update({child.lemma_.lower(), child.lower_})
    return words


def object_lemmas_of(tokens: list[Token]) -> set[str]:
    lemmas: set[str] = set()
    for token in [part for head in tokens for part in (head, *head.conjuncts)]:
        lemmas.add(token.lemma_.lower())
        lemmas.add(token.lower_)
        for child in token.children:
            if child.dep_ in {"compound", "amod", "nummod", "quantmod", "nmod"}:
                lemmas.add(child.lemma_.lower())
                lemmas.add(child.lower_)
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in {"in", "of"}:
                for pobj in child.children:
                    if pobj.dep_ != "pobj":
                        continue
                    lemmas.add(pobj.lemma_.lower())
                    if token.lower_ in PARTITIVE_HEADS | PORTIONS:
                        # "suspended part of its military aid programme": the programme's words count
                        lemmas.update(c.lemma_.lower() for c in pobj.children if c.dep_ in MODIFIER_DEPS)
    return lemmas


def sectors_ok(rule: EventRule, source: list[ActorMention]) -> bool:
    if not rule.subject_sectors and not rule.subject_not_sectors:
        return True
    sectors = {s.lower() for m in source for s in m.actor.sector}
    if rule.subject_sectors and not sectors & rule.subject_sectors:
        return False
    return not (rule.subject_not_sectors and sectors & rule.subject_not_sectors)


def first_match(
    rules: tuple[EventRule, ...],
    verb: Token,
    objects: list[Token],
    sources: list[ActorMention],
    subject: Token | None,
) -> tuple[EventRule, list[Token], int] | None:
    """The first rule (most specific first) whose every key holds for the clause of ``verb``.

    Returns the rule, the objects it reads (with its particle's object when the particle is a
    preposition: "clash *with* X") and the end of the trigger (its particle included); None when no
    rule matches. Each rule key is one check: ``particle``, ``object``, ``no_object``,
    ``predicate``/``predicate_words``, ``subject_sectors``/``subject_not_sectors``, ``subject_words``.
    """
    base_lemmas: set[str] | None = None  # the objects' words, computed once for the rules that ask
    for rule in rules:
        rule_objects = objects
        particle = has_particle(verb, rule.particle) if rule.particle else None
        if rule.particle:
            if particle is None:
                continue
            if particle.dep_ == "prep":
                rule_objects = objects + [g for g in particle.children if g.dep_ == "pobj"]
        if rule.objects:
            if rule_objects is objects:
                if base_lemmas is None:
                    base_lemmas = object_lemmas_of(objects)
                words = base_lemmas
            else:
                words = object_lemmas_of(rule_objects)
            if not rule.objects & words:
                continue
        if rule.no_object and verb_objects(verb):
            continue
        if (rule.predicate or rule.predicate_words) and not _predicate_holds(rule, verb):
            continue
        if not sectors_ok(rule, sources):
            continue
        if rule.subject_words and not rule.subject_words & subject_words_of(subject):
            continue
        end = max(verb.i + 1, particle.i + 1) if particle is not None else verb.i + 1
        return rule, rule_objects, end
    return None


def _predicate_holds(rule: EventRule, verb: Token) -> bool:
    predicate = object_predicate(verb)
    if predicate is None:
        return False
    return not rule.predicate_words or bool(rule.predicate_words & predicate_words_of(predicate))
