"""One event told in several sentences of a story: linked under one ``story_event`` id.

News tells an event more than once: "Gunmen stormed a hotel in Beledweyne on Tuesday. ... 'They
attacked the hotel at dawn,' a witness said. ... The attack killed five people." Each sentence is a
mention with its own evidence (``dyad extract`` writes one line per mention), and mentions of one
act share a ``story_event`` id. Two mentions are of one act when, in the same article:

* their roots are of one family (the roots of force, 18-20, are one family: an attack told as
  "stormed", "attacked", "killed"; every other root is its own family);
* their statuses agree on whether it happened (asserted/claimed vs the rest);
* their date spans overlap (a date that is only the publication date overlaps any);
* each side (source, target) is the same actor (country, else code) or unknown in one of them;
* and, when a side is unknown in one of them, they are at most :data:`NEAR` sentences apart.

A mention whose source or target is unknown takes it from the mention it is linked to ("They
attacked the hotel": the gunmen of the first sentence), noted ``+story_source`` /
``+story_target`` in ``evidence.rule``; a careful coder reads "they" the same way.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from dyad.model import Actor, Event

FORCE_FAMILY = frozenset({"18", "19", "20"})
NEAR = 4
"""Sentences a mention may look back for the act whose unknown actor it takes."""
_HAPPENED = frozenset({"asserted", "claimed"})


def _family(root: str) -> str:
    return "force" if root in FORCE_FAMILY else root


def _key(actor: Actor | None) -> str | None:
    """The actor as a mention matches it: its country, else its code; None when unknown."""
    if actor is None:
        return None
    if actor.code[:3] in {"IGO", "NGO", "IMG", "MNC"}:
        return actor.code[:3] + actor.code[3:6]
    return actor.country or None


@dataclass
class _Group:
    story_event: str
    source: Actor | None
    target: Actor | None
    family: str
    happened: bool
    start: object
    end: object
    dated: bool
    last_sentence: int


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def link(events: list[Event]) -> list[Event]:
    """The events of one article (in text order) with ``story_event`` set and unknown sides filled."""
    groups: list[_Group] = []
    out: list[Event] = []
    for event in events:
        family, happened = _family(event.root), event.status in _HAPPENED
        source, target = _key(event.source), _key(event.target)
        match = None
        for group in reversed(groups):
            if group.family != family or group.happened != happened:
                continue
            dated = event.date.basis == "text" and group.dated
            if dated and not (event.date.start <= group.end and group.start <= event.date.end):  # type: ignore[operator]
                continue
            g_source, g_target = _key(group.source), _key(group.target)
            if not (_compatible(source, g_source) and _compatible(target, g_target)):
                continue
            borrows = (source is None and g_source is not None) or (target is None and g_target is not None)
            if borrows and event.sentence_index - group.last_sentence > NEAR:
                continue
            if source is None and target is None:
                continue  # nothing ties a mention with no actor to an act
            match = group
            break
        if match is None:
            digest = hashlib.sha1(f"{event.article_id}|{event.event_id}".encode()).hexdigest()[:16]
            match = _Group(digest, event.source, event.target, family, happened, event.date.start,
                           event.date.end, event.date.basis == "text", event.sentence_index)  # fmt: skip
            groups.append(match)
        else:
            rule = event.evidence.rule
            if source is None and _key(match.source) is not None and match.source is not None:
                event = replace(event, source=replace(match.source, start=-1, end=-1))
                rule += "+story_source"
            if target is None and _key(match.target) is not None and match.target is not None:
                event = replace(event, target=replace(match.target, start=-1, end=-1))
                rule += "+story_target"
            if rule != event.evidence.rule:
                event = replace(event, evidence=replace(event.evidence, rule=rule))
            match.source = match.source if _key(match.source) else event.source
            match.target = match.target if _key(match.target) else event.target
            match.last_sentence = event.sentence_index
        out.append(replace(event, story_event=match.story_event))
    return out
