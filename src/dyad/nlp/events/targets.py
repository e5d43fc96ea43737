"""Whom an event is about when the clause does not say it plainly: the reporter a pronoun stands for,
the source's own forces (a means, not a target), and the targets named elsewhere in the sentence
(:func:`fallback_targets`)."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from dyad.knowledge.lexical import root_class, word_class
from dyad.nlp.actors import ActorMention
from dyad.nlp.arguments import (
    NAMED_AFTER_PLACES,
    PLACE_ENTITIES,
    PLACE_PREPS,
    mentions_for,
    prep_objects,
    verb_subject,
)
from dyad.nlp.events.matching import verb_objects
from dyad.nlp.frames import SAY_VERBS
from dyad.nlp.lexicon import EventRule

_REPORT_VERBS = word_class("report_verbs")
_REPORTER_PRONOUNS = word_class("reporter_pronouns")


def reporter_sources(subject: Token, index: dict[int, ActorMention]) -> list[ActorMention]:
    """The actor a pronoun subject stands for when it opens a clause reported by its antecedent.

    "The U.S. said it would not meet the demands", "the union announced that it has called off the
    strike": an unresolved "it"/"they"/"we" whose clause is the complement of a reporting verb
    refers to that verb's subject. ("He"/"she" are left to the actor resolver's coreference.)
    """
    if subject.lower_ not in _REPORTER_PRONOUNS or subject.pos_ != "PRON" or subject.i in index:
        return []
    clause = subject.head
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in SAY_VERBS | _REPORT_VERBS:
        return []
    reporter, _ = verb_subject(clause.head)
    mentions = mentions_for(reporter, index)
    if subject.lower_ == "it":
        mentions = [m for m in mentions if m.actor.kind != "person"]
    return mentions


def own_forces(target: ActorMention, sources: list[ActorMention], rule: EventRule) -> bool:
    """Is this object the source's own forces rather than whom the act is aimed at? "Syria will
    withdraw *its troops* from Lebanon", "Britain mobilized *army reservists*": a military object of
    the source's country that the rule itself names (its ``object`` words) or that the source owns
    ("offered *its* troops to Lebanon's president") is the means; the target is named elsewhere.
    (Other objects of the source's country are targets: "banned Ugandan opposition candidates".)"""
    country = target.actor.country
    if not country or "MIL" not in target.actor.sector or all(s.actor.country != country for s in sources):
        return False
    return bool(rule.objects) or target.via == "possessive"


# --- targets named elsewhere in the sentence ------------------------------------------------------

_SPEECH_ROOTS = root_class("addressed")
_VENUE_ROOTS = root_class("venue")
_SPOKEN_ROOTS = root_class("spoken")
_ACTION_ROOTS = root_class("action")
_FORCE_ROOTS = root_class("force_and_preparation")
_HELP_NOUNS = word_class("help_nouns")


def is_helper_phrase(pobj: Token) -> bool:
    """ "with Albania's help": a helper, not a recipient."""
    return pobj.head.lower_ == "with" and pobj.lemma_.lower() in _HELP_NOUNS


def is_purpose_clause(clause: Token) -> bool:
    """An infinitival purpose adjunct ("... *to disperse* the crowd", "... *in order to* ...")."""
    return (
        clause.dep_ in {"advcl", "xcomp"}
        and clause.pos_ == "VERB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
    )


_PROTEST_NOUNS = word_class("protest_adjunct_nouns")


def clause_subject(clause: Token) -> Token | None:
    return next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def has_condition(clause: Token) -> bool:
    return clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in clause.children
    )


def actor_within(token: Token, index: dict[int, ActorMention], depth: int = 3) -> list[ActorMention]:
    """The actors of the nearest phrase under ``token`` that names one (breadth first, ``depth`` levels)."""
    level = [token]
    for _ in range(depth + 1):
        for node in level:
            found = mentions_for(node, index)
            if found:
                return found
        level = [c for node in level for c in node.children if c.dep_ not in {"relcl", "punct", "cc"}]
        if not level:
            break
    return []


_WATERS = word_class("waters")


def place_parties(holders: list[Token], index: dict[int, ActorMention]) -> list[ActorMention]:
    """The countries of the places where the holders' action happens ("in the capital Kabul", "at a
    jail in northern Israel"), each as its state: a city stands for its country here, not its government."""
    for holder in holders:
        for place in prep_objects(holder, PLACE_PREPS):
            if place.lemma_.lower() in _WATERS | NAMED_AFTER_PLACES:
                continue  # "into the Sea of Japan", "from the Paris agreement": not Japan, not France
            nested = [g for c in place.children if c.dep_ in {"prep", "appos"} for g in (c, *c.children)]
            named = [c for c in place.children if c.dep_ in {"compound", "amod"}]  # "Montenegro province"
            for token in [place, *named, *nested]:
                if token.ent_type_ not in PLACE_ENTITIES or token.i not in index:
                    continue
                mention = index[token.i]
                country = mention.actor.country
                if country and not mention.members:
                    state = replace(mention.actor, code=country, sector=(), kind="state")
                    return [replace(mention, actor=state, via="place")]
    return []


PARTY_PREPS = word_class("party_prepositions")
AIM_PREPS = PARTY_PREPS | {"at"}
"""In a purpose clause "at" names a party too ("to show their anger *at* the United States")."""


def phrase_parties(
    objects: list[Token], index: dict[int, ActorMention], depth: int = 3, preps: frozenset[str] = PARTY_PREPS
) -> list[ActorMention]:
    """The actors of the nearest party phrase (``preps``, :data:`PARTY_PREPS` by default) inside the
    objects, following up to ``depth`` nested prepositional phrases, breadth first."""
    level = list(objects)
    for _ in range(depth):
        pobjs = [
            g
            for token in level
            for c in token.children
            if c.dep_ == "prep" and c.lower_ in preps
            for g in c.children
            if g.dep_ == "pobj"
        ]
        for pobj in pobjs:
            found = mentions_for(pobj, index)
            if found:
                return found
        level = pobjs
        if not level:
            break
    return []


def fallback_targets(
    trigger: Token,
    objects: list[Token],
    cameo: str,
    sources: list[ActorMention],
    index: dict[int, ActorMention],
) -> list[ActorMention]:
    """Whom an event is directed at when no object or target preposition names it. In order:

    1. an appeal, demand, disapproval, rejection or threat addresses the subject of the clause it
       frames ("demanded that *the US* cancel", "insisted on its demand that *Burundi's government*
       grant") or of its condition ("threatened to strike unless *Israel* rescinded");
    2. from whom something is asked or taken, or who authored or carries out what is acted on
       ("demanded autonomy from *Serbian authorities*", "confiscated weapons from *armed groups*",
       "rejected calls by *Belarus*", "investigating crimes by *Croatian extremists*");
    3. a protest is against what its "in protest at/of/against" adjunct names;
    4. an act is directed at the country where it happens ("lifted a curfew in *Montenegro*",
       "threatened to impose a curfew in *Algiers*"): the place of a statement, appeal, pledge,
       demand, rejection, meeting or agreement itself is a venue, but the place of the act they
       frame counts, and so does the place of a recipient ("contribute troops to a force in
       *Liberia*").

    Mentions of a source actor are skipped (an actor does not interact with itself).
    """
    source_codes = {m.actor.code for m in sources}
    # a state and its own capital are one party ("France ... alleging Paris played a role")
    source_states = {m.actor.country for m in sources if m.actor.country and m.actor.code == m.actor.country}
    source_countries = {m.actor.country for m in sources if m.actor.country}

    def others(found: list[ActorMention]) -> list[ActorMention]:
        return [
            m
            for m in found
            if m.actor.code not in source_codes
            and not (m.actor.country in source_states and trigger.doc[m.head].ent_type_ == "GPE")
        ]

    def addressed(found: list[ActorMention]) -> list[ActorMention]:
        # a speaker's own state in the clause is what it will do, not whom it addresses
        # ("Biden warned the US could halt arms deliveries")
        return [
            m
            for m in others(found)
            if not (m.actor.country in source_countries and m.actor.code == m.actor.country)
        ]

    root = cameo[:2]
    complements = [c for c in trigger.children if c.dep_ in {"xcomp", "ccomp"}]
    if root in _SPEECH_ROOTS:
        holders = [trigger, *objects, *complements]
        holders += [g for c in trigger.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        if root == "13":  # a threat is aimed at whoever its condition names ("if Israel attacks Rafah")
            for holder in holders:
                for clause in holder.children:
                    if has_condition(clause):
                        found = addressed(mentions_for(clause_subject(clause), index))
                        if found:
                            return found
        for holder in holders:
            for clause in holder.children:
                if clause.dep_ in {"ccomp", "acl"} or (root == "13" and has_condition(clause)):
                    found = addressed(mentions_for(clause_subject(clause), index))
                    if found:
                        return found
    attributed = [p for obj in objects for p in prep_objects(obj, ("from", "by"))]
    attributed += prep_objects(trigger, ("from",))
    found = others([m for p in attributed for m in mentions_for(p, index)])
    if found:
        return found
    found = others(phrase_parties(objects, index))
    if found:
        return found
    if root in _ACTION_ROOTS:
        # whom the act is for: its purpose ("opened fire to disperse demonstrators", "blocked a road
        # to show their disapproval of the United States' policies") or the campaign it serves
        # ("mobilized reservists for a possible war against Iraq")
        purposes = [c for c in trigger.children if is_purpose_clause(c)]
        for purpose in purposes:
            aims = verb_objects(purpose) or prep_objects(purpose, ("to", "for", "against", "on"))
            found = others([m for aim in aims for m in mentions_for(aim, index)])
            found = found or others(phrase_parties(aims, index, preps=AIM_PREPS))
            if found:
                return found
        if root in _FORCE_ROOTS:
            found = others(phrase_parties(prep_objects(trigger, ("for",)), index, depth=2))
            if found:
                return found
    if root == "14":
        for child in trigger.children:
            if child.dep_ != "prep":
                continue
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                if child.lower_ in {"against", "over"} or pobj.lower_ in _PROTEST_NOUNS:
                    found = others(actor_within(pobj, index))
                    if found:
                        return found
    holders = [] if root in _VENUE_ROOTS else [trigger, *objects]
    if root not in _SPOKEN_ROOTS:
        holders += [t for c in complements for t in (c, *verb_objects(c))]
    # whom something goes to is where it is, even for a pledge: "contribute troops to a force *in Liberia*"
    holders += [p for holder in (trigger, *objects) for p in prep_objects(holder, ("to", "for"))]
    return others(place_parties(holders, index))
