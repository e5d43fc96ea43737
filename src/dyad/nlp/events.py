"""Event coder: dependency-parse patterns + the event lexicon -> raw events on ``doc._.events``.

For every token whose lemma has lexicon rules, the coder finds the source (subject, passive
agent, possessor or adjective of a nominal), the target (object, prepositional object, or a
possessor/adjective inside the object phrase), picks the most specific rule whose conditions hold,
and records the status (negated, future, hypothetical, claimed) read off the parse. The frames
(:mod:`dyad.nlp.frames`) then recode framed acts, and :mod:`dyad.nlp.implicit` infers actors the
sentence leaves implicit and drops events that only repeat another. Reading arguments off the parse
lives in :mod:`dyad.nlp.arguments`.
Conversion into :class:`dyad.model.Event` records happens in :mod:`dyad.nlp.records`.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from spacy.attrs import LEMMA, POS
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from dyad.knowledge.lexical import root_class, word_class
from dyad.nlp.actors import ActorMention, mention_index
from dyad.nlp.arguments import (
    MESSAGE_NOUNS,
    NAMED_AFTER_PLACES,
    PARTITIVE_HEADS,
    PLACE_ENTITIES,
    PLACE_PREPS,
    acts_on_itself,
    mentions_for,
    passive_agent,
    prep_objects,
    verb_subject,
)
from dyad.nlp.frames import FALLBACK_TARGET, MUST_DEMAND, SAY_VERBS, apply_must_demands
from dyad.nlp.lexicon import EventRule, Lexicon, load_lexicon
from dyad.nlp.raw import RawEvent, purpose, run_steps
from dyad.nlp.status import status_cue

_LIGHT_VERBS = word_class("light_verbs")
_CHAIN_DEPS = {"xcomp", "conj", "advcl", "ccomp"}
_LEMMA_FIXES = {"stag": "stage", "retook": "retake", "retaken": "retake", "overran": "overrun"}
"""Lemmas the English lemmatizer gets wrong for verbs of the lexicon ("staged" -> "stag")."""


_PORTIONS = word_class("portions")
_MODIFIER_DEPS = {"compound", "amod", "nmod"}


_REPORT_VERBS = word_class("report_verbs")
_REPORTER_PRONOUNS = word_class("reporter_pronouns")


def _reporter(subject: Token, index: dict[int, ActorMention]) -> list[ActorMention]:
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


def _objects(verb: Token) -> list[Token]:
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


def _predicate_words(predicate: Token) -> set[str]:
    """The predicate's head, its modifiers and what it is "of" ("an act *of war*")."""
    words = {predicate.lemma_.lower(), predicate.lower_}
    for child in predicate.children:
        if child.dep_ in {"amod", "compound", "advmod"}:
            words |= {child.lemma_.lower(), child.lower_}
        elif child.dep_ == "prep" and child.lower_ == "of":
            words |= {g.lemma_.lower() for g in child.children if g.dep_ == "pobj"}
    return words


def _particle(verb: Token) -> str | None:
    for child in verb.children:
        if child.dep_ in {"prt", "prep"} and child.i > verb.i:
            return child.lower_
    return None


def _has_particle(verb: Token, particle: str) -> Token | None:
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


def _subject_words(subject: Token | None) -> set[str]:
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


def _object_lemmas(tokens: list[Token]) -> set[str]:
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
                    if token.lower_ in PARTITIVE_HEADS | _PORTIONS:
                        # "suspended part of its military aid programme": the programme's words count
                        lemmas.update(c.lemma_.lower() for c in pobj.children if c.dep_ in _MODIFIER_DEPS)
    return lemmas


def _own_forces(target: ActorMention, sources: list[ActorMention], rule: EventRule) -> bool:
    """Is this object the source's own forces rather than whom the act is aimed at? "Syria will
    withdraw *its troops* from Lebanon", "Britain mobilized *army reservists*": a military object of
    the source's country that the rule itself names (its ``object`` words) or that the source owns
    ("offered *its* troops to Lebanon's president") is the means; the target is named elsewhere.
    (Other objects of the source's country are targets: "banned Ugandan opposition candidates".)"""
    country = target.actor.country
    if not country or "MIL" not in target.actor.sector or all(s.actor.country != country for s in sources):
        return False
    return bool(rule.objects) or target.via == "possessive"


def _sectors_ok(rule: EventRule, source: list[ActorMention]) -> bool:
    if not rule.subject_sectors and not rule.subject_not_sectors:
        return True
    sectors = {s.lower() for m in source for s in m.actor.sector}
    if rule.subject_sectors and not sectors & rule.subject_sectors:
        return False
    return not (rule.subject_not_sectors and sectors & rule.subject_not_sectors)


# --- targets named elsewhere in the sentence ------------------------------------------------------

_SPEECH_ROOTS = root_class("addressed")
_VENUE_ROOTS = root_class("venue")
_SPOKEN_ROOTS = root_class("spoken")
_ACTION_ROOTS = root_class("action")
_FORCE_ROOTS = root_class("force_and_preparation")


_QUESTION_VERBS = word_class("question_verbs")
_WON_NOT_SEIZED = word_class("won_not_seized")
_NATURAL_CAUSES = word_class("natural_causes")


def _natural_cause(subject: Token | None) -> bool:
    """Is the (passive agent or) subject a disease, disaster or accident, not an actor?"""
    if subject is None:
        return False
    words = {subject.lemma_.lower()} | {c.lemma_.lower() for c in subject.children if c.dep_ == "compound"}
    return bool(words & _NATURAL_CAUSES)


_STATE_OF_WAR = word_class("states_of_war")
_ORDER_VERBS = word_class("order_verbs")
_LEAVE_VERBS = word_class("leave_verbs")
_HELP_NOUNS = word_class("help_nouns")


def _helper(pobj: Token) -> bool:
    """ "with Albania's help": a helper, not a recipient."""
    return pobj.head.lower_ == "with" and pobj.lemma_.lower() in _HELP_NOUNS


_STATIVE_PASSIVES = word_class("stative_passives")


def _purpose(clause: Token) -> bool:
    """An infinitival purpose adjunct ("... *to disperse* the crowd", "... *in order to* ...")."""
    return (
        clause.dep_ in {"advcl", "xcomp"}
        and clause.pos_ == "VERB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
    )


_PROTEST_NOUNS = word_class("protest_adjunct_nouns")


def _clause_subject(clause: Token) -> Token | None:
    return next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def _condition(clause: Token) -> bool:
    return clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in clause.children
    )


def _actor_within(token: Token, index: dict[int, ActorMention], depth: int = 3) -> list[ActorMention]:
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


def _place_parties(holders: list[Token], index: dict[int, ActorMention]) -> list[ActorMention]:
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


_PARTY_PREPS = word_class("party_prepositions")
_AIM_PREPS = _PARTY_PREPS | {"at"}
"""In a purpose clause "at" names a party too ("to show their anger *at* the United States")."""


def _phrase_parties(
    objects: list[Token], index: dict[int, ActorMention], depth: int = 3, preps: frozenset[str] = _PARTY_PREPS
) -> list[ActorMention]:
    """The actors of the nearest party phrase (``preps``, :data:`_PARTY_PREPS` by default) inside the
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
                    if _condition(clause):
                        found = addressed(mentions_for(_clause_subject(clause), index))
                        if found:
                            return found
        for holder in holders:
            for clause in holder.children:
                if clause.dep_ in {"ccomp", "acl"} or (root == "13" and _condition(clause)):
                    found = addressed(mentions_for(_clause_subject(clause), index))
                    if found:
                        return found
    attributed = [p for obj in objects for p in prep_objects(obj, ("from", "by"))]
    attributed += prep_objects(trigger, ("from",))
    found = others([m for p in attributed for m in mentions_for(p, index)])
    if found:
        return found
    found = others(_phrase_parties(objects, index))
    if found:
        return found
    if root in _ACTION_ROOTS:
        # whom the act is for: its purpose ("opened fire to disperse demonstrators", "blocked a road
        # to show their disapproval of the United States' policies") or the campaign it serves
        # ("mobilized reservists for a possible war against Iraq")
        purposes = [c for c in trigger.children if _purpose(c)]
        for purpose in purposes:
            aims = _objects(purpose) or prep_objects(purpose, ("to", "for", "against", "on"))
            found = others([m for aim in aims for m in mentions_for(aim, index)])
            found = found or others(_phrase_parties(aims, index, preps=_AIM_PREPS))
            if found:
                return found
        if root in _FORCE_ROOTS:
            found = others(_phrase_parties(prep_objects(trigger, ("for",)), index, depth=2))
            if found:
                return found
    if root == "14":
        for child in trigger.children:
            if child.dep_ != "prep":
                continue
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                if child.lower_ in {"against", "over"} or pobj.lower_ in _PROTEST_NOUNS:
                    found = others(_actor_within(pobj, index))
                    if found:
                        return found
    holders = [] if root in _VENUE_ROOTS else [trigger, *objects]
    if root not in _SPOKEN_ROOTS:
        holders += [t for c in complements for t in (c, *_objects(c))]
    # whom something goes to is where it is, even for a pledge: "contribute troops to a force *in Liberia*"
    holders += [p for holder in (trigger, *objects) for p in prep_objects(holder, ("to", "for"))]
    return others(_place_parties(holders, index))


class EventCoder:
    """spaCy component: codes events into ``doc._.events`` (needs ``doc._.actors``)."""

    def __init__(self, nlp: Language, name: str = "dyad_events", lexicon: Lexicon | None = None) -> None:
        self.name = name
        self.lexicon = lexicon or load_lexicon()
        lemmas = self.lexicon.rules.keys()
        verb_lemmas = {lemma for pos, lemma in lemmas if pos == "VERB"}
        self._verb_hashes = _lemma_hashes(
            verb_lemmas
            | {"be"}
            | _ORDER_VERBS
            | {wrong for wrong, right in _LEMMA_FIXES.items() if right in verb_lemmas}
        )
        self._noun_hashes = _lemma_hashes({lemma for pos, lemma in lemmas if pos == "NOUN"})
        self._say_hashes = _lemma_hashes(set(SAY_VERBS) | MESSAGE_NOUNS | {"warning"})

    def _verb_event(self, verb: Token, index: dict[int, ActorMention]) -> list[RawEvent]:
        lemma = verb.lemma_.lower()
        lemma = _LEMMA_FIXES.get(lemma, lemma)
        if lemma == "be":
            return self._presence_event(verb, index)
        rules = self.lexicon.candidates("VERB", lemma)
        if lemma in _QUESTION_VERBS and (
            (verb.tag_ == "VBN" and verb.i == verb.sent.start and not _objects(verb))
            or any(
                c.dep_ in {"ccomp", "advcl"}
                and any(m.dep_ == "mark" and m.lower_ in {"if", "whether"} for m in c.children)
                for c in verb.children
            )
        ):
            # "Asked if he is a member of Isis, he says ...", "Asked about the hotline, Peskov
            # said ...": a question put to the speaker, not an appeal
            return []
        if lemma in _ORDER_VERBS and any(
            c.dep_ == "xcomp" and c.lemma_.lower() in _LEAVE_VERBS for c in verb.children
        ):
            # "ordered French troops to leave the country", "told the ambassador to leave": an expulsion
            rules = self.lexicon.candidates("VERB", "expel")
        if not rules:
            return []
        subject, passive = verb_subject(verb)
        objects = _objects(verb)
        if (
            not objects
            and not passive
            and verb.dep_ == "relcl"
            and subject is not None
            and subject.head.i == verb.i
            and subject.tag_ not in {"WP", "WDT"}
            # "the country they travelled to": a stranded preposition takes the noun instead
            and not any(c.dep_ == "prep" and not list(c.children) for c in verb.children)
        ):
            objects = [verb.head]  # "Kurds it had backed": the noun is what the clause acts on
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            # "a university sanctioned by the U.S. government": the modified noun is the patient.
            passive, subject = True, verb.head
        if passive:
            source_tokens = [passive_agent(verb)]
            target_tokens: list[Token | None] = [subject]
            objects = objects or ([subject] if subject is not None else [])
        else:
            source_tokens = [subject]
            target_tokens = list(objects)
        sources = [m for t in source_tokens for m in mentions_for(t, index)]
        if not sources and not passive and subject is not None:
            sources = _reporter(subject, index)
        chosen: EventRule | None = None
        trigger_end = verb.i + 1
        base_lemmas: set[str] | None = None  # the objects' words, computed once for the rules that ask
        for rule in rules:
            rule_objects = objects
            if rule.particle:
                particle = _has_particle(verb, rule.particle)
                if particle is None:
                    continue
                if particle.dep_ == "prep":
                    rule_objects = objects + [g for g in particle.children if g.dep_ == "pobj"]
            if rule.objects:
                if rule_objects is objects:
                    if base_lemmas is None:
                        base_lemmas = _object_lemmas(objects)
                    words = base_lemmas
                else:
                    words = _object_lemmas(rule_objects)
                if not rule.objects & words:
                    continue
            if rule.no_object and _objects(verb):
                continue
            if rule.predicate or rule.predicate_words:
                predicate = object_predicate(verb)
                if predicate is None or (
                    rule.predicate_words and not rule.predicate_words & _predicate_words(predicate)
                ):
                    continue
            if not _sectors_ok(rule, sources):
                continue
            if rule.subject_words and not (
                rule.subject_words & _subject_words(source_tokens[0] if source_tokens else None)
            ):
                continue
            chosen, objects = rule, rule_objects
            if rule.particle:
                particle = _has_particle(verb, rule.particle)
                trigger_end = max(trigger_end, particle.i + 1) if particle is not None else trigger_end
            break
        if chosen is None:
            return []
        if chosen.predicate or chosen.predicate_words:
            predicate = object_predicate(verb)
            holder = next((c for c in predicate.children if c.dep_ == "nsubj"), None) if predicate else None
            skip = predicate.i if predicate is not None else -1  # Tokens are views: compare indices
            objects = [o for o in objects if o.i != skip]
            target_tokens = [t for t in target_tokens if t is None or t.i != skip]
            if holder is not None and not passive:  # "found *the journalist* guilty": who is found so
                objects.append(holder)
                target_tokens = [*target_tokens, holder]
        if (
            chosen.object_class
            and objects
            and all(o.pos_ == "NOUN" and o.i not in index and not mentions_for(o, index) for o in objects)
            and not any(o.lemma_.lower() in word_class(chosen.object_class) for o in objects)
        ):
            # the rule's object must be an actor or a word of its class: "Iceland has released its
            # own version of the royal cake" frees no one (v.release, object_class released_people)
            return []
        if chosen.cameo == "192" and any(
            p.lemma_.lower() in _WON_NOT_SEIZED for obj in objects for p in prep_objects(obj, ("of",))
        ):
            return []  # "Democrats are set to take control of the House": won, not seized
        if chosen.cameo[:2] in {"18", "19", "20"} and _natural_cause(
            source_tokens[0] if source_tokens else None
        ):
            return []  # "a cholera epidemic has killed 1,200 people", "were killed by a landslide"
        if passive and lemma in _STATIVE_PASSIVES and verb.dep_ != "acl" and passive_agent(verb) is None:
            # "Israel is opposed to French mediation", "Serb forces were engaged in ethnic cleansing":
            # a state of the subject, not something done to it: the subject acts
            passive, source_tokens = False, [subject]
            sources = mentions_for(subject, index) or (
                _reporter(subject, index) if subject is not None else []
            )
            objects = [o for o in objects if o is not subject]
            target_tokens = list(objects)
        if chosen.topic_preps:
            targets = [
                m
                for obj in objects
                for p in prep_objects(obj, chosen.topic_preps)
                for t in [
                    p,
                    *(
                        g
                        for c in p.children
                        if c.dep_ == "prep" and c.lower_ == "of"
                        for g in c.children
                        if g.dep_ == "pobj"
                    ),
                ]
                for m in mentions_for(t, index)
            ]
        else:
            targets = [m for t in target_tokens for m in mentions_for(t, index)]
            if not passive and sources:
                targets = [m for m in targets if not _own_forces(m, sources, chosen)]
        if not targets and not chosen.topic_preps and chosen.cameo[:2] in {"11", "12"}:
            # "condemned the killing of three peacekeepers by militants": the perpetrators
            targets = [
                m for obj in objects for p in prep_objects(obj, ("by",)) for m in mentions_for(p, index)
            ]
        if not targets and not chosen.topic_preps:
            # the first of the rule's prepositions that names someone wins: "appealed *to* NATO
            # for air defence systems" is an appeal to NATO, not to the air defences
            for prep in chosen.target_preps:
                for pobj in prep_objects(verb, (prep,)):
                    if _helper(pobj):
                        continue
                    # "hacked into the computers *of* South Korean officers": whose the thing is
                    # (not a place's name: "into the Sea *of* Japan")
                    found = mentions_for(pobj, index)
                    if not found and pobj.ent_type_ not in PLACE_ENTITIES:
                        found = [m for p in prep_objects(pobj, ("of",)) for m in mentions_for(p, index)]
                    targets.extend(found)
                if targets:
                    break
            # a preposition may hang on a conjoined object ("artillery and rocket fire against")
            for obj in (o for head in objects for o in (head, *head.conjuncts)):
                if obj.head.i != verb.i and obj.head.lower_ not in chosen.target_preps and obj.dep_ != "conj":
                    continue  # a venue ("met in the Turkish resort of Antalya") is not a recipient
                targets.extend(
                    m
                    for p in prep_objects(obj, ("of", "for", "to", "with", "against", "on"))
                    if not _helper(p)
                    for m in mentions_for(p, index)
                )
        if chosen.reverse:  # "received aid from Japan": the giver named after the preposition acts
            return self._pair(verb, trigger_end, chosen, targets, sources) if targets else []
        how = ""
        if not targets and sources and not chosen.topic_preps and not (chosen.symmetric and len(sources) > 1):
            targets = fallback_targets(verb, objects, chosen.cameo, sources, index)
            how = FALLBACK_TARGET if targets else ""
        return self._pair(verb, trigger_end, chosen, sources, targets, how)

    def _presence_event(self, verb: Token, index: dict[int, ActorMention]) -> list[RawEvent]:
        """ "Blinken was in Kyiv": an official present in a foreign seat of power is a visit (042)."""
        subject, _ = verb_subject(verb)
        sources = [
            m for m in mentions_for(subject, index) if m.actor.kind == "person" or "GOV" in m.actor.sector
        ]
        if not sources:
            return []
        places = [
            m
            for p in prep_objects(verb, ("in", "to"))
            for m in mentions_for(p, index)
            if m.actor.kind in {"state", "sector"} and m.actor.country
        ]
        targets = [m for m in places if all(m.actor.country != s.actor.country for s in sources)]
        if not targets:
            return []
        rule = self.lexicon.presence_rule
        return self._pair(verb, verb.i + 1, rule, sources, targets)

    def _noun_event(
        self, noun: Token, index: dict[int, ActorMention], verb_triggers: set[int]
    ) -> list[RawEvent]:
        rules = self.lexicon.candidates("NOUN", noun.lemma_.lower())
        if not rules or noun.i in index:
            return []
        head = noun.head
        if noun.dep_ in {"dobj", "attr", "pobj"} and head.i in verb_triggers:
            return []  # "launched its invasion": the verb's event already covers it
        if noun.dep_ == "pobj" and head.head.i in verb_triggers:
            return []
        if noun.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according":
            return []  # "according to a press release by the Tigers" cites a source, it reports no event
        chosen = None
        for rule in rules:
            if rule.objects and not (
                rule.objects & {w for c in noun.children for w in (c.lower_, c.lemma_.lower())}
            ):
                continue
            chosen = rule
            break
        if chosen is None:
            return []
        sources: list[ActorMention] = []
        targets: list[ActorMention] = []
        for child in noun.children:
            if child.dep_ in {"poss", "amod", "compound", "nmod"} and child.i in index:
                sources.append(index[child.i])
        modifiers_only = bool(sources)
        for pobj in prep_objects(noun, ("by", "between", "among")):
            found = mentions_for(pobj, index)
            sources.extend(found)
            modifiers_only = modifiers_only and not found
        for pobj in prep_objects(noun, chosen.target_preps):
            targets.extend(mentions_for(pobj, index))
        if not sources and noun.dep_ in {"dobj", "attr"} and head.lemma_ in _LIGHT_VERBS:
            subject, _ = verb_subject(head)
            sources = mentions_for(subject, index)
        if (
            not sources
            and noun.dep_ == "pobj"
            and chosen.cameo.startswith("04")
            and (
                (head.lower_ == "for" and head.head.pos_ == "VERB")
                or (head.lower_ == "in" and head.head.lemma_ == "be")
            )
        ):
            # "negotiators return to Geneva for talks", "Xi arrived for a state visit", "Baghdad
            # and Washington are in talks": those who come for a meeting or are in it take part
            subject, passive = verb_subject(head.head)
            sources = [] if passive else mentions_for(subject, index)
        if not targets and noun.dep_ == "pobj" and head.lower_ == "against" and head.head.pos_ == "VERB":
            # "his troops defend against a Russian offensive": the defenders are the target.
            subject, _ = verb_subject(head.head)
            targets = mentions_for(subject, index)
        if (
            not targets
            and noun.lemma_.lower() in _STATE_OF_WAR
            and (modifiers_only or not sources)
            and not (noun.dep_ in {"dobj", "attr"} and head.lemma_ in _LIGHT_VERBS)
            and len(sources) < 2
        ):
            return []  # "Syria's war", "the Syrian conflict": a setting, not an event
        if not targets and sources:
            # "a suspension of air links *with Serbia*", "the withdrawal of forces *from Panama*"
            inner = prep_objects(noun, ("of",))
            named = [p for t in inner for p in prep_objects(t, (*chosen.target_preps, "from"))]
            targets = [m for p in named for m in mentions_for(p, index)]
            targets = [m for m in targets if all(m.actor.code != s.actor.code for s in sources)]
            if not targets:
                targets = fallback_targets(noun, inner, chosen.cameo, sources, index)
                return self._pair(noun, noun.i + 1, chosen, sources, targets, FALLBACK_TARGET * bool(targets))
        return self._pair(noun, noun.i + 1, chosen, sources, targets)

    def _pair(
        self,
        trigger: Token,
        trigger_end: int,
        rule: EventRule,
        sources: list[ActorMention],
        targets: list[ActorMention],
        how: str = "",
    ) -> list[RawEvent]:
        status, cue = status_cue(trigger)
        events: list[RawEvent] = []
        if not sources and not targets:
            return []
        if rule.pair_only and (targets or len(sources) < 2):
            return []
        if not targets and len(sources) >= 2 and rule.symmetric:
            for a in sources:
                for b in sources:
                    if a is not b and not acts_on_itself(a, b):
                        events.append(
                            RawEvent(
                                trigger.i,
                                trigger_end,
                                rule,
                                a,
                                b,
                                status,
                                rule.confidence * 0.9,
                                "+pair",
                                cue,
                            )
                        )
            return events
        for source in sources or [None]:  # type: ignore[list-item]
            for target in targets or [None]:  # type: ignore[list-item]
                if source is not None and target is not None and acts_on_itself(source, target):
                    continue
                events.append(
                    RawEvent(trigger.i, trigger_end, rule, source, target, status, rule.confidence, how, cue)
                )
        if rule.reciprocal:
            # "Lula met Xi": Xi met Lula too (each pair once, whichever way the sentence puts it)
            have = {(e.source.actor.code, e.target.actor.code) for e in events if e.source and e.target}
            for e in list(events):
                if (
                    e.source is not None
                    and e.target is not None
                    and (e.target.actor.code, e.source.actor.code) not in have
                ):
                    have.add((e.target.actor.code, e.source.actor.code))
                    events.append(replace(e, source=e.target, target=e.source, how=e.how + "+reciprocal"))
        if not events and sources and all(t.via in {"pronoun", "possessive"} for t in targets):
            # the only target is the source's own, named by a pronoun ("the UN rejected a call for
            # its forces to be deployed"): the act still happened, with no other party named
            events = [
                RawEvent(trigger.i, trigger_end, rule, s, None, status, rule.confidence, "+self_target", cue)
                for s in sources
            ]
        return events

    def __call__(self, doc: Doc) -> Doc:
        """The candidate pass: every trigger's rule, arguments and status, then the "must" demands.

        Later passes (``dyad_event_frames``, ``dyad_event_implicit``, ``dyad_event_repeats``,
        ``dyad_event_context``) recode, complete and prune what this pass finds.
        """
        index = mention_index(doc)
        verbs, nouns, says = self._candidates(doc)
        verb_triggers: set[int] = set()
        doc._.event_trace = []

        def candidates(_: list[RawEvent]) -> list[RawEvent]:
            """Events read off the parse: each trigger's most specific rule, its actors and status."""
            found: list[RawEvent] = []
            for i in verbs:
                token = doc[i]
                if token.pos_ in {"VERB", "AUX"} or (token.dep_ == "ROOT" and token.tag_ == "VBZ"):
                    events = self._verb_event(token, index)
                    if events:
                        verb_triggers.add(i)
                        found.extend(events)
            for i in nouns:
                found.extend(self._noun_event(doc[i], index, verb_triggers))
            return found

        def must_demands(events: list[RawEvent]) -> list[RawEvent]:
            demands = self._must_demands(doc, says, index, verb_triggers)
            return apply_must_demands(events, demands) if demands else events

        doc._.events = []
        run_steps(
            doc,
            self.name,
            [
                ("candidates", candidates, purpose(candidates)),
                ("must_demands", must_demands, purpose(apply_must_demands)),
            ],
        )
        return doc

    def _candidates(self, doc: Doc) -> tuple[list[int], list[int], list[int]]:
        """Token indices that may trigger a verbal event, a nominal event, or a "must" demand.

        One vectorised pass over the Doc's lemma and POS arrays: only these tokens become
        :class:`Token` objects (most tokens of a news article trigger nothing).
        """
        if not len(doc):
            return [], [], []
        array = doc.to_array([LEMMA, POS])
        lemmas, pos = array[:, 0], array[:, 1]
        verbish = (pos == _VERB) | (pos == _AUX) | (pos == _NOUN)
        nominal = (pos == _NOUN) | (pos == _PROPN)
        verbs = np.flatnonzero(verbish & _member(lemmas, self._verb_hashes))
        nouns = np.flatnonzero(nominal & _member(lemmas, self._noun_hashes))
        says = np.flatnonzero(verbish & _member(lemmas, self._say_hashes))
        return verbs.tolist(), nouns.tolist(), says.tolist()

    def _must_demands(
        self, doc: Doc, says: list[int], index: dict[int, ActorMention], verb_triggers: set[int]
    ) -> list[tuple[RawEvent, int]]:
        """ "X said Y must Z": a demand by X on Y, with the index of the clause Z it frames
        (refined in :func:`dyad.nlp.frames.apply_must_demands`)."""
        found: list[tuple[RawEvent, int]] = []
        for i in says:
            verb = doc[i]
            if verb.pos_ in {"VERB", "AUX"}:
                speaker, clause_deps = verb, {"ccomp"}
            elif verb.dep_ == "dobj" and verb.head.pos_ == "VERB":
                # "Chirac issued a stern reminder to Iraq that it must cooperate": the message's author
                speaker, clause_deps = verb.head, {"ccomp", "acl"}
            elif verb.dep_ == "pobj" and verb.head.dep_ == "prep" and verb.head.head.pos_ == "VERB":
                # "the EU said in a statement that Russia must release ..."
                speaker, clause_deps = verb.head.head, {"ccomp", "acl"}
            else:
                continue
            if i in verb_triggers or speaker.i in verb_triggers:
                continue
            if any(c.dep_ == "mark" and c.lower_ == "that" and c.i < speaker.i for c in speaker.children):
                continue  # "That X announced Y must be taken with salt": a clausal subject, no demand
            for clause in verb.children:
                if clause.dep_ not in clause_deps:
                    continue
                if not any(c.dep_ == "aux" and c.lower_ in {"must", "should"} for c in clause.children):
                    continue
                subject, _ = verb_subject(speaker)
                target_token, _ = verb_subject(clause)
                sources, targets = mentions_for(subject, index), mentions_for(target_token, index)
                if target_token is not None and target_token.pos_ == "PRON":
                    # "told Iraq that it must ...": the pronoun is the one addressed, when one is named
                    addressed = [c for c in speaker.children if c.dep_ in {"dative", "dobj"} and c.i != i]
                    addressed += prep_objects(speaker, ("to",)) + prep_objects(verb, ("to",))
                    addressed += [t for d in addressed if d.dep_ == "dative" for t in d.children]
                    targets = [m for t in addressed for m in mentions_for(t, index)] or targets
                pairs = self._pair(verb, i + 1, MUST_DEMAND, sources, targets)
                found.extend((event, clause.i) for event in pairs)
        return found


def _lemma_hashes(lemmas: set[str]) -> np.ndarray:
    """Hashes of the lemmas as spaCy stores them, in the casings a lemmatizer may leave them."""
    variants = {form for word in lemmas for form in (word, word.capitalize(), word.upper(), word.title())}
    return np.array(sorted(get_string_id(v) for v in variants), dtype=np.uint64)


def _member(values: np.ndarray, sorted_hashes: np.ndarray) -> np.ndarray:
    """Boolean mask: which ``values`` occur in ``sorted_hashes`` (a binary search, cheaper than isin)."""
    if not len(sorted_hashes):
        return np.zeros(len(values), dtype=bool)
    positions = np.minimum(np.searchsorted(sorted_hashes, values), len(sorted_hashes) - 1)
    return sorted_hashes[positions] == values


# Verbal triggers are verbs, auxiliaries, and nouns the tagger took for a VBZ root ("Iran warns").
_VERB, _AUX, _NOUN, _PROPN = (POS_IDS[tag] for tag in ("VERB", "AUX", "NOUN", "PROPN"))
