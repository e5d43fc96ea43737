"""Actors a sentence leaves implicit, and events that only repeat or set the scene for another.

Run by the event coder (:mod:`dyad.nlp.events`) after the frames (:mod:`dyad.nlp.frames`) have
recoded the events of a Doc, in this order:

* :func:`home_targets` infers the target of a domestic act that names no other party: a protest
  is aimed at the protesters' own government, a concession, rejection, threat or act of coercion
  by a country's authorities at its own people (and one by a domestic group at its government).
  CAMEO coders record such events with that implicit target; left without one they would not count
  as dyads at all.
* :func:`place_sources` infers the source of an attack whose parse names no actor ("killed by a
  roadside bomb outside Basra") as the country where it happened, as CAMEO coders file it.
* :func:`merge_partial_duplicates` drops an event missing an actor when a complete event of the
  same sentence and root has the same actor on that side: it is the same act, told twice ("held
  talks with X at a lunch hosted by ...").
* :func:`drop_partial_asides` drops an event missing an actor that only describes the scene (a
  relative clause) or the outcome of a use of force ("attacked the camp, killing 156"): a coder
  records the main act once, not its background.

Complete events (both actors named) are never dropped. Each inferred actor is marked in the
event's ``how`` note (``+home_target``, ``+place_source``).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from dyad.knowledge.lexical import root_class, word_class
from dyad.model import Actor
from dyad.nlp.actors import ActorMention, mention_index, story_country
from dyad.nlp.arguments import PLACE_ENTITIES, PLACE_PREPS, mentions_for, passive_agent, verb_subject
from dyad.nlp.raw import RawEvent, purpose, run_steps, sentence_numbers

_DOMESTIC_ROOTS = root_class("domestic_protest")
_ARMED_FORCE = root_class("armed_force")
_WATERS = word_class("waters")
_HOME_GOVERNMENT = "GOV"
_PHYSICAL_PROTESTS = root_class("physical_protests")


_INTERNAL_ROOTS = root_class("internal")
_AUTHORITIES = frozenset({("GOV",), ("MIL",), ("COP",), ("JUD",), ("LEG",), ("SPY",)})
"""First sectors of a state's own institutions: what they do at home is aimed at its people."""


def home_targets(events: list[RawEvent]) -> list[RawEvent]:
    """Give a domestic act that names no other party its own country's other side as the target.

    A protest with no named adversary is aimed at the protesters' government; a concession,
    rejection, threat or act of coercion by a country's government, forces or officials that names no
    one is aimed at its own people ("lifted the state of emergency in West Darfur", "declined to
    resign"), and one by a domestic group (rebels, unions, parties) at its government. Run after
    the frames, so that a threatened or announced act keeps the target its frame names
    ("threatened a strike unless Israel rescinded ..."). A state itself, an intergovernmental body
    or an actor with no country gets no implicit target, except that the source of a physical
    protest is a crowd even when named as a state ("Nigerians", "Algerian landowners").
    """
    out = []
    for event in events:
        source = event.source
        root = event.rule.cameo[:2]
        if (
            event.target is None
            and source is not None
            and (root in _DOMESTIC_ROOTS or root in _INTERNAL_ROOTS)
            and source.actor.country
            and (source.actor.kind != "state" or event.rule.cameo[:3] in _PHYSICAL_PROTESTS)
            and not source.actor.code.startswith(("IGO", "NGO", "IMG"))
        ):
            country = source.actor.country
            authority = source.actor.kind == "person" or source.actor.sector[:1] in _AUTHORITIES
            if root in _DOMESTIC_ROOTS and authority:
                out.append(event)
                continue
            sector = "CVL" if authority else _HOME_GOVERNMENT
            other = Actor(
                text="", code=f"{country}{sector}", country=country, sector=(sector,), kind="sector"
            )
            target = ActorMention(event.trigger, event.trigger_end, event.trigger, other, None, "implicit")
            event = replace(event, target=target, how=event.how + "+home_target")
        out.append(event)
    return out


_ATTACK_ROOTS = root_class("attacks")
_AUTHORITY_ROOTS = root_class("authority")


def place_sources(doc: Doc, events: list[RawEvent], index: dict[int, ActorMention]) -> list[RawEvent]:
    """Attribute an attack by no named actor to the country where it happened.

    "Three US servicemen were killed by a roadside bomb outside Basra", "a bombing near Samarra
    killed a soldier": CAMEO coders file such attacks under the country of the place. Only when the
    parse shows that no actor was named, that is the trigger is passive with no agent or with a
    non-actor one ("by a bomb"), or its subject is a thing ("a bombing"); the place is a named place
    in a locative phrase of the trigger or of its subject. An agentless passive arrest, detention,
    expulsion or investigation is likewise the act of the place's authorities ("a missionary was
    arrested in Lebanon", "has been put under investigation in Italy").
    """
    out = []
    for event in events:
        root = event.rule.cameo[:2]
        if (
            event.source is None
            and event.target is not None
            and (
                root in _AUTHORITY_ROOTS
                or (root in _ATTACK_ROOTS and not event.rule.particle)  # "troops were engaged in fighting"
            )
        ):
            trigger = doc[event.trigger]
            subject, passive = verb_subject(trigger)
            if root in _AUTHORITY_ROOTS:
                unnamed = passive and passive_agent(trigger) is None
                # "put under investigation in Italy": the place may hang on the rule's particle phrase
                holders = [trigger] + [
                    g
                    for c in trigger.children
                    if c.dep_ == "prep" and c.lower_ == event.rule.particle
                    for g in c.children
                    if g.dep_ == "pobj"
                ]
            elif passive:
                agent = passive_agent(trigger)
                unnamed = agent is None or not mentions_for(agent, index)
                holders = [trigger] + ([agent] if agent is not None else [])
            else:
                unnamed = subject is not None and subject.pos_ == "NOUN" and not mentions_for(subject, index)
                holders = [trigger] + ([subject] if subject is not None else [])
            place = _attack_place(holders, index) if unnamed else None
            if place is not None:
                state = Actor(
                    text=place.actor.text,
                    code=place.actor.country or "",
                    country=place.actor.country,
                    kind="state",
                )
                event = replace(
                    event, source=replace(place, actor=state, via="place"), how=event.how + "+place_source"
                )
        out.append(event)
    return out


def place_targets(doc: Doc, events: list[RawEvent], index: dict[int, ActorMention]) -> list[RawEvent]:
    """Aim an attack that names no one attacked at the country where it happened.

    The VOA guide: "for an attack on a place, the target is the place's country (or its government or
    civilians) unless the victims are named". "Gunmen stormed a hotel in the Somali city of
    Beledweyne", "insurgents ambushed a bus in Kalat": the place named in a locative phrase of the
    trigger or of its object; with none, the country the story is about, when one dominates it
    ("They attacked the hotel at dawn" in a story on Somalia). Only for assaults, fighting and mass
    violence (18-20) with a source, and never the source itself.
    """
    out = []
    story: list[str | None] = []  # the story's country, computed once when first needed
    for event in events:
        if event.source is None or event.target is not None or event.rule.cameo[:2] not in _ARMED_FORCE:
            out.append(event)
            continue
        trigger = doc[event.trigger]
        holders = [trigger, *(c for c in trigger.children if c.dep_ in {"dobj", "nsubjpass"})]
        place = _attack_place(holders, index, skip_waters=True)
        country = place.actor.country if place is not None else None
        how = "+place_target"
        if country is None:
            if not story:
                story.append(story_country(doc, list(doc._.actors or [])))
            country = story[0]
            how = "+story_country"
        if country and event.source.actor.code != country:
            text = place.actor.text if place is not None else ""
            state = Actor(text=text, code=country, country=country, kind="state")
            mention = (
                replace(place, actor=state, via="place")
                if place is not None
                else ActorMention(event.trigger, event.trigger_end, event.trigger, state, via="context")
            )
            event = replace(event, target=mention, how=event.how + how)
        out.append(event)
    return out


def _attack_place(
    holders: list[Token], index: dict[int, ActorMention], skip_waters: bool = False
) -> ActorMention | None:
    """The first named place (with a country) in a locative phrase of one of the holders (the
    tagger takes some towns for nationalities: "near the town of Samarra"); with ``skip_waters``,
    not open water named after a country ("into the Sea of Japan" is not Japan)."""
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in PLACE_PREPS:
                continue
            if skip_waters and any(g.dep_ == "pobj" and g.lemma_.lower() in _WATERS for g in prep.children):
                continue
            for token in prep.subtree:
                mention = index.get(token.i)
                if (
                    mention is not None
                    and (token.ent_type_ in PLACE_ENTITIES or token.ent_type_ == "NORP")
                    and mention.actor.country
                    and not mention.members
                ):
                    return mention
    return None


def merge_partial_duplicates(doc: Doc, events: list[RawEvent]) -> list[RawEvent]:
    """Drop an event missing an actor when a complete event of the same sentence says the same.

    "Moroccan diplomats held a meeting with Obama at a lunch hosted by the ambassador": the lunch
    (043, no target) is the meeting (040, Morocco -> US) again. An event with one actor is a
    duplicate of a complete event of the same root whose actor on that side is the same (same
    code, or same country); it adds nothing a coder would record twice.
    """
    if len(events) < 2:
        return events
    complete: dict[tuple[int, str], list[RawEvent]] = {}
    for event in events:
        if event.source is not None and event.target is not None:
            key = (doc[event.trigger].sent.start, event.rule.cameo[:2])
            complete.setdefault(key, []).append(event)
    if not complete:
        return events
    kept = []
    for event in events:
        if (event.source is None) != (event.target is None):
            key = (doc[event.trigger].sent.start, event.rule.cameo[:2])
            if any(_same_side(event, other) for other in complete.get(key, ())):
                continue
        kept.append(event)
    return kept


def _same_side(partial: RawEvent, complete: RawEvent) -> bool:
    mine, theirs = (
        (partial.source, complete.source) if partial.source is not None else (partial.target, complete.target)
    )
    assert mine is not None and theirs is not None
    return mine.actor.code == theirs.actor.code or (
        mine.actor.country is not None and mine.actor.country == theirs.actor.country
    )


_FORCE_ROOTS = root_class("coercion_and_force")
_ASIDE_DEPS = frozenset({"advcl", "xcomp", "conj"})


def drop_partial_asides(doc: Doc, events: list[RawEvent]) -> list[RawEvent]:
    """Drop events missing an actor that only describe the background or outcome of another.

    * in a relative clause: "lifted the curfew in Montenegro, *where 28 people have been killed*",
      "complained over two air raids *in which 20 people were killed*" report the scene, not an
      event of the sentence's actors;
    * the outcome of a use of force: "militiamen attacked a camp, *killing 156 people*", "police
      opened fire, *killing one person*": the attack is coded once, by its main verb;
    * inside a phrase that is an argument of another event: "rejected a U.S. request *to
      interrogate detainees*", "accused the rebels *of violating the ceasefire*", "a strike in
      protest of last week's *arrest* of activists": the embedded act is what the other event is
      about (what is asked, refused, accused or protested), not a second act a coder records.

    Complete events stay: a relative clause or participle that names both actors is still news.
    """
    if len(events) < 2:
        return events
    force_triggers = {e.trigger for e in events if e.rule.cameo[:2] in _FORCE_ROOTS}
    triggers = {e.trigger for e in events}
    kept = []
    for event in events:
        if (event.source is None or event.target is None) and (
            _aside(doc[event.trigger], event.rule.cameo[:2] in _FORCE_ROOTS, force_triggers)
            or _embedded(doc[event.trigger], triggers)
        ):
            continue
        kept.append(event)
    return kept


def _aside(trigger: Token, forceful: bool, force_triggers: set[int]) -> bool:
    token = trigger
    for _ in range(3):
        if token.dep_ == "relcl":
            return True
        if token.dep_ not in _ASIDE_DEPS or token.head is token:
            return False
        token = token.head
        if forceful and token.i in force_triggers:
            return True
    return False


_NOMINAL_POS = frozenset({"NOUN", "PROPN"})
_PHRASE_DEPS = frozenset({"pcomp", "pobj"})


def _embedded(trigger: Token, triggers: set[int], depth: int = 8) -> bool:
    """Is the trigger inside a noun or prepositional phrase under the nearest other trigger above it?

    Walks up the heads only (no child generators): the first other trigger reached decides; the
    event is embedded when the path to it passed a noun or a prepositional complement.
    """
    token, phrase = trigger, False
    for _ in range(depth):
        if token.head is token:
            return False
        phrase = phrase or token.dep_ in _PHRASE_DEPS
        token = token.head
        if token.i in triggers and token.i != trigger.i:
            return phrase
        phrase = phrase or token.pos_ in _NOMINAL_POS
    return False


def context_targets(doc: Doc, events: list[RawEvent]) -> list[RawEvent]:
    """Give an act whose rule needs a recipient, and names none, the recipient of the previous sentence.

    "Blinken was in Kyiv this week. He pledged $2 billion in military funding.": the pledge is to
    Ukraine. Only a recipient of an act by the same country is borrowed (the previous sentence's
    last one, else an earlier one of the same sentence), never the source itself.
    """
    number_of = sentence_numbers(doc)
    previous: dict[int, tuple[str | None, ActorMention]] = {}
    result: list[RawEvent] = []
    for event in events:
        number = number_of(event.trigger)
        if event.target is None and event.rule.needs_target and event.source is not None:
            borrowed = previous.get(number - 1) or previous.get(number)
            source = event.source.actor
            if borrowed and borrowed[0] == source.country and borrowed[1].actor.code != source.code:
                mention = borrowed[1]
                target = replace(mention, actor=replace(mention.actor, start=-1, end=-1), via="context")
                event = replace(
                    event, target=target, how=event.how + "+ctx_target", confidence=event.confidence * 0.8
                )
        result.append(event)
        if (
            event.source is not None
            and event.target is not None
            and event.source.actor.code != event.target.actor.code
        ):
            previous[number] = (event.source.actor.country, event.target)
    return result


class ImplicitActors:
    """spaCy component ``dyad_event_implicit``: actors a sentence leaves implicit.

    Steps: ``home_targets`` (:func:`home_targets`) and ``place_sources`` (:func:`place_sources`).
    """

    def __init__(self, nlp: Language, name: str = "dyad_event_implicit") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        index = mention_index(doc)
        run_steps(
            doc,
            self.name,
            [
                ("home_targets", home_targets, purpose(home_targets)),
                ("place_sources", lambda events: place_sources(doc, events, index), purpose(place_sources)),
            ],
        )
        return doc


def in_text_order(events: list[RawEvent]) -> list[RawEvent]:
    """Put the events in the order of their triggers in the text."""
    return sorted(events, key=lambda e: e.trigger)


class Repeats:
    """spaCy component ``dyad_event_repeats``: events that only repeat or aside another are dropped.

    Steps: ``partial_duplicates`` (:func:`merge_partial_duplicates`), ``asides``
    (:func:`drop_partial_asides`) and ``text_order``.
    """

    def __init__(self, nlp: Language, name: str = "dyad_event_repeats") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        run_steps(
            doc,
            self.name,
            [
                (
                    "partial_duplicates",
                    lambda events: merge_partial_duplicates(doc, events),
                    purpose(merge_partial_duplicates),
                ),
                ("asides", lambda events: drop_partial_asides(doc, events), purpose(drop_partial_asides)),
                ("text_order", in_text_order, purpose(in_text_order)),
            ],
        )
        return doc


class ContextTargets:
    """spaCy component ``dyad_event_context``: targets from the context, after repeats are pruned:
    recipients carried from the previous sentence (:func:`context_targets`), and the country an
    unaimed attack happened in (:func:`place_targets`)."""

    def __init__(self, nlp: Language, name: str = "dyad_event_context") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        index = mention_index(doc)
        run_steps(
            doc,
            self.name,
            [
                ("context_targets", lambda events: context_targets(doc, events), purpose(context_targets)),
                ("place_targets", lambda events: place_targets(doc, events, index), purpose(place_targets)),
            ],
        )
        return doc
