"""Resolve a standalone actor phrase (the ``dyad actors resolve`` contract) with the full pipeline."""

from __future__ import annotations

from datetime import date
from typing import Any

from dyad.knowledge.actors import load_actor_kb, norm
from dyad.model import Actor, Article


def resolve_phrase(text: str, on: date | None = None, context: str | None = None) -> Actor | None:
    """The actor a phrase denotes on a date. With context, the phrase is resolved inside that sentence."""
    from dyad.nlp.pipeline import load_pipeline, make_doc

    nlp = load_pipeline()
    body = text
    offset = 0
    if context and text in context:
        body, offset = context, context.index(text)
    doc = make_doc(nlp, Article(id="phrase", text=body, publication_date=on))
    for name, component in nlp.pipeline:
        if name in {"dyad_events", "dyad_places", "dyad_time"}:
            continue
        doc = component(doc)
    end = offset + len(text)
    inside = [m for m in doc._.actors or [] if m.actor.start >= offset and m.actor.end <= end]
    if not inside:
        return None
    # the mention whose span is largest, then the one containing the phrase's syntactic head
    best = max(inside, key=lambda m: (m.actor.end - m.actor.start, -m.actor.start))
    return best.actor


def describe(name: str) -> list[dict[str, Any]]:
    """Knowledge-base entries matching a name, as JSON-ready records."""
    kb = load_actor_kb()
    key = norm(name)
    entries: list[dict[str, Any]] = []
    for person in kb.find_people(name):
        entries.append({"kind": "person", "name": person.name, "aliases": list(person.aliases), "roles": [
            {"country": r.country, "sectors": list(r.sectors), "role": r.role,
             "start": r.start.isoformat() if r.start else None, "end": r.end.isoformat() if r.end else None}
            for r in person.roles]})
    org = kb.find_organization(name)
    if org:
        entries.append({"kind": org.kind, "name": org.name, "code": org.code, "country": org.country,
                        "sectors": list(org.sectors)})
    for iso3 in kb.country_names.get(key, []):
        entries.append({"kind": "country", "code": iso3, **kb.countries.get(iso3, {})})
    for iso3 in kb.adjectives.get(key, []):
        entries.append({"kind": "adjective", "code": iso3, "country": kb.country_name(iso3)})
    for iso3, sector in kb.metonyms.get(key, []):
        entries.append({"kind": "metonym", "code": iso3 + sector, "country": iso3, "sectors": [sector]})
    if key in kb.agents:
        entries.append({"kind": "agent", "term": key, "sectors": kb.agents[key]})
    return entries
