"""The actor knowledge base: countries, metonyms, organisations, agents and people with dated roles.

Loaded once from ``compiled/actors.json`` (see :mod:`dyad.knowledge.build`); user dictionaries
(PETRARCH/TABARI format or YAML overrides) can be layered on top with :meth:`ActorKB.extended`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from dyad.knowledge.paths import COMPILED
from dyad.knowledge.petrarch import Overlay, UserActor, load_overlay

GOVERNING_ROLES = {"head_of_state", "head_of_government", "head_of_state_and_government"}


def norm(text: str) -> str:
    """Lookup key used by every table: lower case, single spaces, straight apostrophes."""
    return " ".join(text.replace("’", "'").replace("‘", "'").lower().split())


@dataclass(frozen=True, slots=True)
class Role:
    """One dated role of a person."""

    country: str
    """ISO-3 (or organisation) code the role belongs to."""
    sectors: tuple[str, ...]
    """Sector codes the role carries ("GOV", "MIL")."""
    role: str
    """Role name: head_of_state, foreign_minister ..."""
    start: date | None
    """First day in office (None: unknown/always)."""
    end: date | None
    """Day the role ended (exclusive); None while in office."""
    secondary: bool = False
    """Held because of another role (co-prince of Andorra, a Commonwealth realm): never preferred."""

    def active(self, on: date) -> bool:
        """True when the role is held on ``on``."""
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)


@dataclass(frozen=True, slots=True)
class Person:
    """A person with names and dated roles."""

    name: str
    """Canonical name."""
    aliases: tuple[str, ...]
    """Other names used in news."""
    roles: tuple[Role, ...]
    """Roles in chronological order."""

    def at(self, on: date | None) -> tuple[str | None, tuple[str, ...], str | None]:
        """(country, sectors, role) on a date: the active role; else ELI once a governing role ended.

        With no date, the most recent role is used.
        """
        if not self.roles:
            return None, (), None
        if on is None:
            last = max(self.roles, key=lambda r: (not r.secondary, r.start or date.min))
            return last.country, last.sectors, last.role
        active = [r for r in self.roles if r.active(on)]
        if active:
            # Prefer governing roles, then the most recently started one.
            best = max(
                active, key=lambda r: (not r.secondary, r.role in GOVERNING_ROLES, r.start or date.min)
            )
            return best.country, best.sectors, best.role
        past = [r for r in self.roles if r.end is not None and r.end <= on]
        if past:
            last = max(past, key=lambda r: (r.end or date.min, not r.secondary))
            return last.country, ("ELI",), "former_" + last.role
        first = min(self.roles, key=lambda r: (r.secondary, r.start or date.min))
        return first.country, (), None

    def role_in(self, country: str, on: date | None) -> tuple[tuple[str, ...], str] | None:
        """(sectors, role) of the person's role in ``country`` on a date, when they hold one then."""
        roles = [r for r in self.roles if r.country == country and (on is None or r.active(on))]
        if not roles:
            return None
        best = max(roles, key=lambda r: (r.role in GOVERNING_ROLES, r.start or date.min))
        return best.sectors, best.role


@dataclass(frozen=True, slots=True)
class Organization:
    """An international organisation, NGO, media outlet or armed group."""

    code: str
    """Full actor code ("IGOUNO")."""
    country: str
    """What goes into the country slot: home ISO-3, region code, "IGO" or "NGO"."""
    sectors: tuple[str, ...]
    """Sector codes, main first."""
    name: str
    """Canonical name."""
    kind: str
    """organization, group or media."""
    history: tuple[tuple[date | None, date | None, tuple[str, ...]], ...] = ()
    """Dated sector changes as (from, until exclusive, sectors): the Taliban govern from 2021-08-15."""

    def sectors_on(self, on: date | None) -> tuple[tuple[str, ...], bool]:
        """(sectors, changed): the sectors on a date, and whether a history period replaced the usual ones."""
        if on is not None:
            for start, until, sectors in self.history:
                if (start is None or start <= on) and (until is None or on < until):
                    return sectors, True
        return self.sectors, False


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@dataclass(frozen=True)
class ActorKB:
    """Typed lookups over the compiled actor tables (all keys normalised with :func:`norm`)."""

    countries: dict[str, dict[str, Any]]
    """ISO-3 -> {"name", "capital"}."""
    country_names: dict[str, list[str]]
    """Name or alias -> ISO-3 codes."""
    adjectives: dict[str, list[str]]
    """Adjective or demonym -> ISO-3 codes."""
    metonyms: dict[str, list[list[str]]]
    """Place standing for an institution -> [[ISO-3, sector]]."""
    organizations: list[Organization]
    """All organisations."""
    org_names: dict[str, list[int]]
    """Name or alias -> indexes into organizations."""
    agents: dict[str, list[str]]
    """Agent term -> sector codes."""
    modifiers: dict[str, str]
    """Modifier word -> sector it adds ("former" -> "ELI")."""
    people: list[Person]
    """All people."""
    person_names: dict[str, list[int]]
    """Name or alias -> indexes into people."""
    extra_sources: tuple[str, ...] = field(default=())
    """Files layered on top of the shipped knowledge (user dictionaries)."""
    user_actors: tuple[UserActor, ...] = field(default=())
    """Named actors from user dictionaries (PETRARCH/TABARI or YAML), with dated codes."""
    user_names: dict[str, int] = field(default_factory=dict)
    """User actor name -> index into user_actors (a later file overrides an earlier one)."""
    agent_prefixes: dict[str, str] = field(default_factory=dict)
    """Agent term -> code placed before the actor code (PETRARCH 'NGO~')."""
    user_agent_terms: frozenset[str] = field(default=frozenset())
    """Agent terms that come from user dictionaries (they win over shipped names of the same length)."""

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> ActorKB:
        """Build from the compiled JSON structure."""
        people = [
            Person(
                p["name"],
                tuple(p["aliases"]),
                tuple(
                    Role(
                        r["country"],
                        tuple(r["sectors"]),
                        r["role"],
                        _day(r["start"]),
                        _day(r["end"]),
                        bool(r.get("secondary")),
                    )
                    for r in p["roles"]
                ),
            )
            for p in raw["people"]
        ]
        orgs = [
            Organization(
                o["code"],
                o["country"],
                tuple(o["sectors"]),
                o["name"],
                o["kind"],
                tuple(
                    (_day(h["from"]), _day(h["until"]), tuple(h["sectors"])) for h in o.get("history") or []
                ),
            )
            for o in raw["organizations"]
        ]
        return cls(
            raw["countries"],
            raw["country_names"],
            raw["adjectives"],
            raw["metonyms"],
            orgs,
            raw["org_names"],
            raw["agents"],
            raw["modifiers"],
            people,
            raw["person_names"],
        )

    def country_name(self, iso3: str) -> str | None:
        """The English name of a country code."""
        entry = self.countries.get(iso3)
        return entry["name"] if entry else None

    def find_people(self, text: str) -> list[Person]:
        """People whose name or alias is ``text``."""
        return [self.people[i] for i in self.person_names.get(norm(text), [])]

    def find_person(self, text: str, on: date | None) -> Person | None:
        """The best person for a name on a date: one holding a role then, else the latest-serving one."""
        candidates = self.find_people(text)
        if not candidates:
            return None
        if len(candidates) == 1 or on is None:
            return candidates[0]

        def score(person: Person) -> tuple[int, date]:
            active = any(r.active(on) for r in person.roles)
            nearest = max(
                (r.start or date.min for r in person.roles if (r.start or date.min) <= on), default=date.min
            )
            return (int(active), nearest)

        return max(candidates, key=score)

    @cached_property
    def _holders(self) -> dict[tuple[str, str], list[tuple[Role, Person]]]:
        """(country, role) -> every holder with the role, by start date (for predecessor/successor)."""
        index: dict[tuple[str, str], list[tuple[Role, Person]]] = {}
        for person in self.people:
            for role in person.roles:
                index.setdefault((role.country, role.role), []).append((role, person))
        for holders in index.values():
            holders.sort(key=lambda pair: pair[0].start or date.min)
        return index

    def neighbour_in_office(self, person: Person, on: date | None, later: bool = False) -> Person | None:
        """The person who held ``person``'s role (on the date) just before them, or just after with ``later``.

        "his predecessor" after "Russian President Vladimir Putin" in 2005 -> Boris Yeltsin.
        """
        country, _, role_name = person.at(on)
        if not country or not role_name:
            return None
        role_name = role_name.removeprefix("former_")
        own = [r for r in person.roles if r.country == country and r.role == role_name]
        if not own:
            return None
        current = max(
            (r for r in own if on is None or (r.start or date.min) <= on),
            default=own[0],
            key=lambda r: r.start or date.min,
        )
        holders = [(r, p) for r, p in self._holders.get((country, role_name), []) if p.name != person.name]
        if later:
            after = [(r, p) for r, p in holders if current.end and r.start and r.start >= current.end]
            return min(after, key=lambda pair: pair[0].start or date.max)[1] if after else None
        before = [(r, p) for r, p in holders if r.end and current.start and r.end <= current.start]
        return max(before, key=lambda pair: pair[0].end or date.min)[1] if before else None

    def office_holder(self, country: str, roles: Sequence[str], on: date | None) -> Person | None:
        """Who held one of ``roles`` (tried in order) in ``country`` on a date: "the Russian president"."""
        if on is None:
            return None
        for role_name in roles:
            candidates = self._holders.get((country, role_name), [])
            holders = [p for r, p in candidates if r.active(on) and not r.secondary]
            if len(holders) == 1:  # several at once (co-princes, acting overlaps): do not guess
                return holders[0]
        return None

    def find_organization(self, text: str) -> Organization | None:
        """The organisation called ``text``."""
        hits = self.org_names.get(norm(text))
        return self.organizations[hits[0]] if hits else None

    def all_names(self) -> dict[str, set[str]]:
        """Every surface form by table, for building matchers."""
        return {
            "country": set(self.country_names),
            "adjective": set(self.adjectives),
            "metonym": set(self.metonyms),
            "org": set(self.org_names),
            "person": set(self.person_names),
            "agent": set(self.agents),
            "user": set(self.user_names),
            "user_agent": set(self.user_agent_terms),
        }

    def find_user_actor(self, text: str) -> UserActor | None:
        """The user-dictionary actor called ``text``."""
        index = self.user_names.get(norm(text))
        return self.user_actors[index] if index is not None else None

    def extended(self, overlays: Iterable[Overlay]) -> ActorKB:
        """A copy with user dictionaries layered on top (user names override shipped ones)."""
        user_actors = list(self.user_actors)
        user_names = dict(self.user_names)
        agents = dict(self.agents)
        prefixes = dict(self.agent_prefixes)
        user_terms = set(self.user_agent_terms)
        people = list(self.people)
        person_names = {k: list(v) for k, v in self.person_names.items()}
        sources = list(self.extra_sources)
        replaced = False
        for overlay in overlays:
            sources.append(overlay.source)
            if overlay.replaces_agents and not replaced:  # keep only terms from earlier user files
                agents = {k: v for k, v in agents.items() if k in user_terms}
                prefixes = {k: v for k, v in prefixes.items() if k in user_terms}
                replaced = True
            for actor in overlay.actors:
                user_actors.append(actor)
                for name in actor.names:
                    user_names[norm(name)] = len(user_actors) - 1
            for agent in overlay.agents:
                sectors = [agent.suffix[i : i + 3] for i in range(0, len(agent.suffix), 3)]
                for term in agent.terms:
                    key = norm(term)
                    agents[key] = sectors
                    user_terms.add(key)
                    if agent.prefix:
                        prefixes[key] = agent.prefix
                    else:
                        prefixes.pop(key, None)
            for raw in overlay.people:
                person = Person(
                    raw["name"],
                    tuple(raw["aliases"]),
                    tuple(
                        Role(r["country"], tuple(r["sectors"]), r["role"], _day(r["start"]), _day(r["end"]))
                        for r in raw["roles"]
                    ),
                )
                people.append(person)
                for name in [person.name, *person.aliases]:
                    person_names[norm(name)] = [len(people) - 1]  # the user's entry replaces ours
        return replace(
            self,
            agents=agents,
            people=people,
            person_names=person_names,
            extra_sources=tuple(sources),
            user_actors=tuple(user_actors),
            user_names=user_names,
            agent_prefixes=prefixes,
            user_agent_terms=frozenset(user_terms),
        )


@lru_cache(maxsize=1)
def load_actor_kb() -> ActorKB:
    """Load the shipped actor knowledge base (once per process)."""
    return ActorKB.from_json(json.loads((COMPILED / "actors.json").read_text(encoding="utf-8")))


def load_actor_kb_from(path: Path) -> ActorKB:
    """Load a compiled actor table from another file (tests, user builds)."""
    return ActorKB.from_json(json.loads(path.read_text(encoding="utf-8")))


def load_actor_kb_with(actors: Sequence[str | Path] = (), agents: Sequence[str | Path] = ()) -> ActorKB:
    """The shipped knowledge base with user dictionaries layered on top (``--actors``/``--agents``).

    Files ending in .yaml/.yml are YAML overrides; others are PETRARCH/TABARI dictionaries.
    """
    overlays = [load_overlay(p, "actors") for p in actors] + [load_overlay(p, "agents") for p in agents]
    return load_actor_kb().extended(overlays) if overlays else load_actor_kb()
