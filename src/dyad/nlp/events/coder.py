"""The candidate pass of the event coder (spaCy component ``dyad_event_candidates``): for every
candidate trigger, the most specific matching rule, its source and target and its status; then the
"X said Y must Z" demands. The later passes live in :mod:`dyad.nlp.frames` and :mod:`dyad.nlp.implicit`."""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from dyad.knowledge.lexical import word_class
from dyad.nlp.actors import ActorMention, mention_index
from dyad.nlp.arguments import (
    PLACE_ENTITIES,
    acts_on_itself,
    mentions_for,
    passive_agent,
    prep_objects,
    verb_subject,
)
from dyad.nlp.events.candidates import CandidateFinder
from dyad.nlp.events.matching import (
    LEMMA_FIXES,
    LIGHT_VERBS,
    first_match,
    object_predicate,
    verb_objects,
)
from dyad.nlp.events.targets import fallback_targets, is_helper_phrase, own_forces, reporter_sources
from dyad.nlp.events.vetoes import STATE_OF_WAR, is_question, vetoed
from dyad.nlp.frames import FALLBACK_TARGET, MUST_DEMAND, apply_must_demands
from dyad.nlp.lexicon import EventRule, Lexicon, load_lexicon
from dyad.nlp.raw import RawEvent, purpose, run_steps
from dyad.nlp.status import status_cue

ORDER_VERBS = word_class("order_verbs")
LEAVE_VERBS = word_class("leave_verbs")


STATIVE_PASSIVES = word_class("stative_passives")


class EventCoder:
    """spaCy component: codes events into ``doc._.events`` (needs ``doc._.actors``)."""

    def __init__(self, nlp: Language, name: str = "dyad_events", lexicon: Lexicon | None = None) -> None:
        self.name = name
        self.lexicon = lexicon or load_lexicon()
        self.candidates = CandidateFinder(self.lexicon, extra_verbs=ORDER_VERBS)

    def _verb_event(self, verb: Token, index: dict[int, ActorMention]) -> list[RawEvent]:
        lemma = verb.lemma_.lower()
        lemma = LEMMA_FIXES.get(lemma, lemma)
        if lemma == "be":
            return self._presence_event(verb, index)
        rules = self.lexicon.candidates("VERB", lemma)
        if is_question(verb, lemma):
            return []
        if lemma in ORDER_VERBS and any(
            c.dep_ == "xcomp" and c.lemma_.lower() in LEAVE_VERBS for c in verb.children
        ):
            # "ordered French troops to leave the country", "told the ambassador to leave": an expulsion
            rules = self.lexicon.candidates("VERB", "expel")
        if not rules:
            return []
        subject, passive = verb_subject(verb)
        objects = verb_objects(verb)
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
            sources = reporter_sources(subject, index)
        match = first_match(rules, verb, objects, sources, source_tokens[0] if source_tokens else None)
        if match is None:
            return []
        chosen, objects, trigger_end = match
        if chosen.predicate or chosen.predicate_words:
            predicate = object_predicate(verb)
            holder = next((c for c in predicate.children if c.dep_ == "nsubj"), None) if predicate else None
            skip = predicate.i if predicate is not None else -1  # Tokens are views: compare indices
            objects = [o for o in objects if o.i != skip]
            target_tokens = [t for t in target_tokens if t is None or t.i != skip]
            if holder is not None and not passive:  # "found *the journalist* guilty": who is found so
                objects.append(holder)
                target_tokens = [*target_tokens, holder]
        if vetoed(chosen, objects, source_tokens[0] if source_tokens else None, index):
            return []
        if passive and lemma in STATIVE_PASSIVES and verb.dep_ != "acl" and passive_agent(verb) is None:
            # "Israel is opposed to French mediation", "Serb forces were engaged in ethnic cleansing":
            # a state of the subject, not something done to it: the subject acts
            passive, source_tokens = False, [subject]
            sources = mentions_for(subject, index) or (
                reporter_sources(subject, index) if subject is not None else []
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
                targets = [m for m in targets if not own_forces(m, sources, chosen)]
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
                    if is_helper_phrase(pobj):
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
                    if not is_helper_phrase(p)
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
        if not sources and noun.dep_ in {"dobj", "attr"} and head.lemma_ in LIGHT_VERBS:
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
            and noun.lemma_.lower() in STATE_OF_WAR
            and (modifiers_only or not sources)
            and not (noun.dep_ in {"dobj", "attr"} and head.lemma_ in LIGHT_VERBS)
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
        verbs, nouns, says = self.candidates.find(doc)
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
