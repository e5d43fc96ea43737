"""Bring-your-own dictionaries: PETRARCH/TABARI actor and agent files, and simple YAML overrides.

Users of the Phoenix/PETRARCH dictionaries keep their curation: a file given with ``--actors`` or
``--agents`` is parsed into :class:`Overlay` records that :meth:`ActorKB.extended` layers over the
shipped knowledge (a user name wins over a shipped one of the same length).

PETRARCH actor file (one entry per block)::

    GOLLUM            # primary name; '_' joins words, a trailing '_' is ignored
    +SMEAGOL          # synonyms
        [HOB < 950601]            # code before a date (YYMMDD or YYYYMMDD)
        [HOBGOV 19950601 - 19990815]   # code within a date range (inclusive)
        [HOBREB > 990816]         # code after a date
    ZIMBABWE [ZBW]    # undated default code on the name line

The first dated code that covers the article's date wins (order matters, as in PETRARCH), else
the undated default. PETRARCH agent file::

    !PERSON! = MAN, MEN, WOMAN, WOMEN     # substitution set, expanded inside entries
    CONGRESS!PERSON! [~LEG]               # '~CODE' is appended to the actor code
    MSF {} [NGO~]                         # 'CODE~' is prefixed; '{}' means no plural
    ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]   # explicit plural; otherwise one is generated

Stem matching (TABARI entries without a trailing '_' matching longer words) is not supported:
every name matches as whole words, case-insensitively.

YAML override file (any of the three keys)::

    actors:   [{name: Diego Molano, aliases: [Molano], code: COLGOV},
               {name: Gollum, codes: [{code: HOBGOV, from: 1995-06-01, until: 1999-08-16}]}]
    people:   [{name: ..., aliases: [...], roles: [{country: COL, sectors: [GOV, MIL],
                 role: defence_minister, start: 2021-02-08, end: 2022-08-07}]}]
    agents:   [{terms: [taxi drivers], sectors: [CVL]}, {terms: [msf], prefix: NGO}]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from dyad.errors import KnowledgeError

_CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
_SUBSTITUTION = re.compile(r"^(![A-Z0-9_]+!)\s*=\s*(.+)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DatedCode:
    """An actor code valid from ``start`` until ``end`` (both inclusive; None = open)."""

    code: str
    """The code as the dictionary writes it, upper-cased ("HOBGOV")."""
    start: date | None = None
    """First day the code applies."""
    end: date | None = None
    """Last day the code applies."""

    @property
    def dated(self) -> bool:
        """True for a date-restricted code."""
        return self.start is not None or self.end is not None

    def covers(self, on: date) -> bool:
        """True when ``on`` is within the restriction."""
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True, slots=True)
class UserActor:
    """A named actor from a user dictionary, with its (possibly dated) codes."""

    names: tuple[str, ...]
    """Primary name first, then synonyms, as plain words ("george w. bush")."""
    codes: tuple[DatedCode, ...]
    """Codes in dictionary order."""

    def code_on(self, on: date | None) -> str | None:
        """The code on a date: the first dated code covering it, else the undated default."""
        default = next((c.code for c in self.codes if not c.dated), None)
        if on is not None:
            for candidate in self.codes:
                if candidate.dated and candidate.covers(on):
                    return candidate.code
        elif default is None and self.codes:
            return self.codes[-1].code
        return default


@dataclass(frozen=True, slots=True)
class UserAgent:
    """An agent term from a user dictionary: the codes it adds before and after the actor code."""

    terms: tuple[str, ...]
    """Singular and plural forms, as plain words."""
    prefix: str = ""
    """Code placed before the actor code ("NGO" for 'NGO~')."""
    suffix: str = ""
    """Code placed after the actor code ("GOV" for '~GOV')."""


@dataclass(frozen=True, slots=True)
class Overlay:
    """Everything one user file contributes."""

    source: str
    """The file it came from (for messages and ``ActorKB.extra_sources``)."""
    actors: tuple[UserActor, ...] = ()
    """Named actors."""
    agents: tuple[UserAgent, ...] = ()
    """Agent terms."""
    people: tuple[dict[str, Any], ...] = field(default=())
    """People with dated roles, in the compiled ``actors.json`` shape."""
    replaces_agents: bool = False
    """True for a PETRARCH agent dictionary: it replaces the shipped agent lexicon, so codes come out
    as the user's dictionaries make them ("Ithilen's militia" stays ITH when the file has no militia)."""


def _words(raw: str) -> str:
    """'PRESIDENT_GEORGE_W._BUSH' -> 'president george w. bush'."""
    return " ".join(raw.replace("_", " ").lower().split())


def _date(text: str, where: str) -> date:
    digits = text.strip()
    try:
        if len(digits) == 6:  # TABARI YYMMDD
            year = int(digits[:2])
            return date(1900 + year if year >= 30 else 2000 + year, int(digits[2:4]), int(digits[4:]))
        if len(digits) == 8:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        pass
    raise KnowledgeError(f"{where}: {text!r} is not a date; write YYYYMMDD (or TABARI's YYMMDD)")


def parse_code_block(block: str, where: str) -> DatedCode | None:
    """'HOBGOV 19950601 - 19990815' / 'HOB < 950601' / 'ZBW' -> DatedCode (None for an empty block)."""
    text = block.strip()
    if not text:
        return None
    match = re.fullmatch(r"(\S+)\s*(?:([<>])\s*(\d{6,8})|(\d{6,8})\s*-\s*(\d{6,8}))?", text)
    if match is None:
        raise KnowledgeError(
            f"{where}: cannot read the code block [{block}]; expected [CODE], [CODE <DATE], "
            "[CODE >DATE] or [CODE DATE-DATE]"
        )
    code, sign, when, first, last = match.groups()
    code = code.upper()
    if sign == "<":
        return DatedCode(code, None, date.fromordinal(_date(when, where).toordinal() - 1))
    if sign == ">":
        return DatedCode(code, date.fromordinal(_date(when, where).toordinal() + 1), None)
    if first:
        return DatedCode(code, _date(first, where), _date(last, where))
    return DatedCode(code)


def _strip_comments(lines: Iterable[str]) -> Iterable[tuple[int, str]]:
    """Lines without '#' comments and '<!-- ... -->' blocks, numbered from 1."""
    in_block = False
    for number, line in enumerate(lines, start=1):
        if in_block:
            if "-->" in line:
                in_block = False
            continue
        if line.lstrip().startswith("<!"):
            in_block = "-->" not in line
            continue
        yield number, line.split("#", 1)[0].rstrip()


def parse_actor_dictionary(text: str, source: str = "<actors>") -> tuple[UserActor, ...]:
    """Read a PETRARCH/TABARI actor dictionary."""
    actors: list[UserActor] = []
    names: list[str] = []
    codes: list[DatedCode] = []

    def flush() -> None:
        if names and codes:
            actors.append(UserActor(tuple(dict.fromkeys(names)), tuple(codes)))
        names.clear()
        codes.clear()

    for number, line in _strip_comments(text.splitlines()):
        where = f"{source}:{number}"
        if not line.strip():
            continue
        blocks = [b for b in (parse_code_block(raw, where) for raw in _CODE_BLOCK.findall(line)) if b]
        name = _words(_CODE_BLOCK.sub(" ", line))
        if line[0].isspace() and not name:  # an indented code line belongs to the current entry
            codes.extend(blocks)
        elif line.lstrip().startswith("+"):
            if name.lstrip("+ "):
                names.append(name.lstrip("+ "))
            codes.extend(blocks)
        else:
            flush()
            if name:
                names.append(name)
            codes.extend(blocks)
    flush()
    return tuple(actors)


def _plural(term: str) -> str:
    """Regular English plural of the last word ('golden goose' -> 'golden gooses'; '{...}' overrides)."""
    head, _, last = term.rpartition(" ")
    if re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", last):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}".strip()


def _expand(pattern: str, substitutions: dict[str, list[str]]) -> list[str]:
    """Expand every '!SET!' marker in a raw entry into its alternatives."""
    match = re.search(r"![A-Z0-9_]+!", pattern, re.IGNORECASE)
    if match is None:
        return [pattern]
    options = substitutions.get(match.group(0).upper())
    if options is None:
        return [pattern.replace(match.group(0), "")]
    return [
        expanded
        for option in options
        for expanded in _expand(pattern[: match.start()] + option + pattern[match.end() :], substitutions)
    ]


def parse_agent_dictionary(text: str, source: str = "<agents>") -> tuple[UserAgent, ...]:
    """Read a PETRARCH agent dictionary (substitution sets, plurals, prefix/suffix codes)."""
    substitutions: dict[str, list[str]] = {}
    agents: list[UserAgent] = []
    for number, line in _strip_comments(text.splitlines()):
        where = f"{source}:{number}"
        if not line.strip():
            continue
        if (sub := _SUBSTITUTION.match(line.strip())) is not None:
            substitutions[sub.group(1).upper()] = [w.strip() for w in sub.group(2).split(",") if w.strip()]
            continue
        blocks = _CODE_BLOCK.findall(line)
        if not blocks:
            raise KnowledgeError(f"{where}: agent entry without a [~CODE] block: {line.strip()!r}")
        raw_code = blocks[-1].replace(" ", "").upper()
        prefix, tilde, suffix = raw_code.partition("~")
        if not tilde:
            prefix, suffix = "", raw_code
        body = _CODE_BLOCK.sub(" ", line)
        plural_match = re.search(r"\{([^}]*)\}", body)
        explicit = plural_match.group(1) if plural_match else None
        base = re.sub(r"\{[^}]*\}", " ", body).strip()
        terms: list[str] = []
        substituted = "!" in base
        for form in _expand(base, substitutions):
            word = _words(form)
            terms.append(word)
            if explicit is None and not substituted:  # substitution sets list their own plurals
                terms.append(_plural(word))
        if explicit:
            terms.extend(_words(form) for form in _expand(explicit, substitutions))
        agents.append(UserAgent(tuple(dict.fromkeys(t for t in terms if t)), prefix, suffix))
    return tuple(agents)


def _yaml_day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def parse_yaml_overrides(text: str, source: str = "<yaml>") -> Overlay:
    """Read a YAML override file with optional ``actors``, ``people`` and ``agents`` lists."""
    try:
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise KnowledgeError(f"{source}: invalid YAML: {error}") from None
    unknown = set(raw) - {"actors", "people", "agents"} if isinstance(raw, dict) else {"<not a mapping>"}
    if unknown:
        raise KnowledgeError(
            f"{source}: unknown top-level keys {sorted(unknown)}; use actors, people, agents"
        )
    actors = []
    for entry in raw.get("actors") or []:
        names = [_words(entry["name"]), *(_words(a) for a in entry.get("aliases") or [])]
        codes = [DatedCode(str(entry["code"]).upper())] if entry.get("code") else []
        codes = [
            DatedCode(str(c["code"]).upper(), _yaml_day(c.get("from")), _yaml_day(c.get("until")))
            for c in entry.get("codes") or []
        ] + codes
        if not codes:
            raise KnowledgeError(f"{source}: actor {entry['name']!r} has no code; add code: or codes:")
        actors.append(UserActor(tuple(names), tuple(codes)))
    people = []
    for entry in raw.get("people") or []:
        roles = [
            {
                "country": r["country"],
                "sectors": list(r.get("sectors") or []),
                "role": r.get("role", "official"),
                "start": (d.isoformat() if (d := _yaml_day(r.get("start"))) else None),
                "end": (d.isoformat() if (d := _yaml_day(r.get("end"))) else None),
            }
            for r in entry.get("roles") or []
        ]
        people.append({"name": entry["name"], "aliases": list(entry.get("aliases") or []), "roles": roles})
    agents = [
        UserAgent(
            tuple(_words(t) for t in entry["terms"]),
            str(entry.get("prefix") or ""),
            "".join(entry.get("sectors") or []),
        )
        for entry in raw.get("agents") or []
    ]
    return Overlay(source, tuple(actors), tuple(agents), tuple(people))


def load_overlay(path: str | Path, kind: str = "auto") -> Overlay:
    """Read one user dictionary file: YAML overrides (.yaml/.yml) or a PETRARCH ``kind`` file.

    Args:
        path: the file.
        kind: "actors", "agents" or "auto" (from the file name: 'agent' in it means agents).
    """
    file = Path(path)
    if not file.is_file():
        raise KnowledgeError(f"{file}: dictionary file not found; check the --actors/--agents path")
    text = file.read_text(encoding="utf-8", errors="replace")
    if file.suffix.lower() in {".yaml", ".yml"}:
        return parse_yaml_overrides(text, str(file))
    if kind == "auto":
        kind = "agents" if "agent" in file.name.lower() else "actors"
    if kind == "agents":
        return Overlay(str(file), agents=parse_agent_dictionary(text, str(file)), replaces_agents=True)
    return Overlay(str(file), actors=parse_actor_dictionary(text, str(file)))
