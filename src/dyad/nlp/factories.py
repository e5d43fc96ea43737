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


@Language.factory("dyad_actors", assigns=["doc._.actors"], requires=["doc.ents", "token.dep", "token.lemma"])
def make_actor_resolver(nlp: Language, name: str) -> object:
    """Actor mentions resolved to time-aware CAMEO actor codes."""
    from dyad.nlp.actors import ActorResolver

    return ActorResolver(nlp, name)


@Language.factory(
    "dyad_events", assigns=["doc._.events"], requires=["doc._.actors", "token.dep", "token.lemma"]
)
def make_event_coder(nlp: Language, name: str) -> object:
    """Events coded from the dependency parse with the event lexicon."""
    from dyad.nlp.events import EventCoder

    return EventCoder(nlp, name)


COMPONENTS = ("dyad_time", "dyad_places", "dyad_actors", "dyad_events")
