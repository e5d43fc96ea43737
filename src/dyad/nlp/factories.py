"""Every Dyad spaCy component, registered in one place.

Each factory declares what it requires and assigns, so ``nlp.analyze_pipes()`` can check the order.
"""

from __future__ import annotations

from spacy.language import Language

from dyad.nlp.extensions import register_extensions

register_extensions()


@Language.factory("dyad_time", assigns=["doc._.timexes"], requires=["doc._.publication_date"])
def make_time_tagger(nlp: Language, name: str) -> object:
    """Temporal expressions (TIMEX3) normalized against the publication date."""
    from dyad.nlp.time import TimeTagger

    return TimeTagger(nlp, name)


@Language.factory("dyad_places", assigns=["doc._.places"], requires=["doc.ents", "token.dep"])
def make_place_recognizer(nlp: Language, name: str) -> object:
    """Toponyms recognized and geocoded against the shipped gazetteer."""
    from dyad.nlp.places import PlaceRecognizer

    return PlaceRecognizer(nlp, name)


@Language.factory(
    "dyad_actors", assigns=["doc._.actors"], requires=["doc.ents", "doc._.places", "token.dep", "token.lemma"]
)
def make_actor_resolver(nlp: Language, name: str) -> object:
    """Actor mentions resolved to time-aware CAMEO actor codes."""
    from dyad.nlp.actors import ActorResolver

    return ActorResolver(nlp, name)


_EVENTS = ["doc._.events", "doc._.event_trace"]


@Language.factory(
    "dyad_event_candidates",
    assigns=_EVENTS,
    requires=["doc._.actors", "token.dep", "token.lemma"],
)
def make_event_coder(nlp: Language, name: str) -> object:
    """Pass 1: candidate events read off the parse with the lexicon (rule, actors, status, targets)."""
    from dyad.nlp.events import EventCoder

    return EventCoder(nlp, name)


@Language.factory("dyad_event_frames", assigns=_EVENTS, requires=["doc._.events", "token.dep"])
def make_event_frames(nlp: Language, name: str) -> object:
    """Pass 2: CAMEO's frames (appeals, intents, demands, refusals, threats) recode framed acts."""
    from dyad.nlp.frames import EventFrames

    return EventFrames(nlp, name)


@Language.factory(
    "dyad_event_implicit", assigns=_EVENTS, requires=["doc._.events", "doc._.actors", "doc._.places"]
)
def make_implicit_actors(nlp: Language, name: str) -> object:
    """Pass 3: actors the sentence leaves implicit (home targets, the place of an unclaimed attack)."""
    from dyad.nlp.implicit import ImplicitActors

    return ImplicitActors(nlp, name)


@Language.factory("dyad_event_repeats", assigns=_EVENTS, requires=["doc._.events", "token.dep"])
def make_repeats(nlp: Language, name: str) -> object:
    """Pass 4: events that only repeat or aside another are dropped; text order."""
    from dyad.nlp.implicit import Repeats

    return Repeats(nlp, name)


@Language.factory(
    "dyad_event_context", assigns=_EVENTS, requires=["doc._.events", "doc._.actors", "doc._.places"]
)
def make_context_targets(nlp: Language, name: str) -> object:
    """Pass 5: targets from the context: the previous sentence's recipient, an attack's place or story."""
    from dyad.nlp.implicit import ContextTargets

    return ContextTargets(nlp, name)


EVENT_PASSES = (
    "dyad_event_candidates",
    "dyad_event_frames",
    "dyad_event_implicit",
    "dyad_event_repeats",
    "dyad_event_context",
)
"""The event coder's passes, in order (each reads and writes ``doc._.events``)."""
COMPONENTS = ("dyad_time", "dyad_places", "dyad_actors", *EVENT_PASSES)
