"""Resolve standalone actor phrases (the ``dyad actors resolve`` contract) and inspect entries.

A phrase is parsed on its own, or inside the sentence it came from (``context``), by the same
spaCy pipeline that codes articles, so a phrase resolves exactly as it would in running text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from dyad.knowledge.actors import load_actor_kb, norm
from dyad.model import Actor, Article

_SKIPPED = {"dyad_events", "dyad_time"}
"""Components actor resolution does not need (places stay: they give unknown actors a country)."""


def actor_pipeline(actors: Sequence[str] = (), agents: Sequence[str] = ()) -> Language:
    """A lean pipeline for resolving actors: the spaCy model, places and actors (built once per overlay set).

    Args:
        actors: user actor dictionaries (PETRARCH/TABARI or YAML) layered over the shipped knowledge.
        agents: user agent dictionaries.
    """
    return _actor_pipeline(tuple(str(a) for a in actors), tuple(str(a) for a in agents))


@lru_cache(maxsize=4)
def _actor_pipeline(actors: tuple[str, ...], agents: tuple[str, ...]) -> Language:
    import spacy

    from dyad.errors import ModelNotInstalledError
    from dyad.knowledge.actors import load_actor_kb_with
    from dyad.nlp import factories  # noqa: F401 - registers Dyad's component factories
    from dyad.nlp.pipeline import MAX_CHARS, MODEL

    try:
        nlp = spacy.load(MODEL)
    except OSError:
        raise ModelNotInstalledError(MODEL) from None
    nlp.max_length = MAX_CHARS + 1
    nlp.add_pipe("dyad_places")
    resolver = nlp.add_pipe("dyad_actors")
    if actors or agents:
        resolver.use_kb(load_actor_kb_with(actors, agents))  # type: ignore[attr-defined]
    return nlp


def parse_for_actors(nlp: Language, text: str, on: date | None) -> Doc:
    """Run only what actor resolution needs (parse + ``dyad_actors``) over a text dated ``on``."""
    from dyad.nlp.pipeline import make_doc

    doc = make_doc(nlp, Article(id="phrase", text=text, publication_date=on))
    for name, component in nlp.pipeline:
        if name not in _SKIPPED:
            doc = component(doc)
    return doc


def actors_in_span(doc: Doc, start: int, end: int) -> list[Actor]:
    """Actors of ``doc._.actors`` that overlap the character span [start, end), best first.

    Mentions inside the span come first: the one holding the span's syntactic head ("NATO-member
    Norway" is Norway, "protesters in Tehran" are protesters), then the largest. Then mentions that
    contain the span ("Hungarian" inside "Senior Hungarian officials"), then any other overlap.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    root = span.root.i if span is not None and len(span) else -1
    ranked: list[tuple[tuple[int, int, int], Actor]] = []
    for mention in doc._.actors or []:
        actor = mention.actor
        if actor.end <= start or actor.start >= end:
            continue
        if actor.start >= start and actor.end <= end:
            rank = (0, int(not mention.start <= root < mention.end), -(actor.end - actor.start))
        elif actor.start <= start and actor.end >= end:
            rank = (1, actor.end - actor.start, actor.start)
        else:
            rank = (2, -(min(end, actor.end) - max(start, actor.start)), actor.start)
        ranked.append((rank, actor))
    ranked.sort(key=lambda pair: pair[0])
    return [actor for _, actor in ranked]


def resolve_phrase(
    text: str, on: date | None = None, context: str | None = None, nlp: Language | None = None
) -> Actor | None:
    """The actor a phrase denotes on a date. With context, the phrase is resolved inside that sentence."""
    nlp = nlp or actor_pipeline()
    body, offset = text, 0
    if context and text in context:
        body, offset = context, context.index(text)
    doc = parse_for_actors(nlp, body, on)
    found = actors_in_span(doc, offset, offset + len(text))
    return found[0] if found else None


def describe(name: str) -> list[dict[str, Any]]:
    """Knowledge-base entries matching a name, as JSON-ready records."""
    kb = load_actor_kb()
    key = norm(name)
    entries: list[dict[str, Any]] = []
    for person in kb.find_people(name):
        entries.append(
            {
                "kind": "person",
                "name": person.name,
                "aliases": list(person.aliases),
                "roles": [
                    {
                        "country": r.country,
                        "sectors": list(r.sectors),
                        "role": r.role,
                        "start": r.start.isoformat() if r.start else None,
                        "end": r.end.isoformat() if r.end else None,
                    }
                    for r in person.roles
                ],
            }
        )
    org = kb.find_organization(name)
    if org:
        entries.append(
            {
                "kind": org.kind,
                "name": org.name,
                "code": org.code,
                "country": org.country,
                "sectors": list(org.sectors),
                "history": [
                    {
                        "from": start.isoformat() if start else None,
                        "until": until.isoformat() if until else None,
                        "sectors": list(sectors),
                    }
                    for start, until, sectors in org.history
                ],
            }
        )
    for iso3 in kb.country_names.get(key, []):
        entries.append({"kind": "country", "code": iso3, **kb.countries.get(iso3, {})})
    for iso3 in kb.adjectives.get(key, []):
        entries.append({"kind": "adjective", "code": iso3, "country": kb.country_name(iso3)})
    for iso3, sector in kb.metonyms.get(key, []):
        entries.append({"kind": "metonym", "code": iso3 + sector, "country": iso3, "sectors": [sector]})
    if key in kb.agents:
        entries.append({"kind": "agent", "term": key, "sectors": kb.agents[key]})
    return entries
