"""Deterministic build: hand-edited sources in ``data/`` -> compiled JSON in ``knowledge/compiled/``.

Run with ``make knowledge`` (or ``python scripts/build_knowledge.py``). A test rebuilds into a
temporary folder and compares bytes with what ships, so the two never drift apart.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from dyad.errors import KnowledgeError

Json = dict[str, Any]


def _norm(text: str) -> str:
    """Lookup key: lower case, single spaces, curly apostrophes straightened."""
    return " ".join(text.replace("’", "'").replace("‘", "'").lower().split())


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    for number, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            raise KnowledgeError(f"{path}:{number}: wrong number of tab-separated columns")
    return rows


def _read_yaml(path: Path) -> Any:
    if not path.exists():
        raise KnowledgeError(f"{path}: source file is missing; restore it from git or create it")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise KnowledgeError(f"{path}: invalid YAML: {error}") from None


def build_codebook(data: Path) -> Json:
    """CAMEO codes (data/codebook/cameo.tsv) and ACLED labels (data/codebook/acled.tsv)."""
    cameo = []
    for row in _read_tsv(data / "codebook" / "cameo.tsv"):
        cameo.append(
            {
                "code": row["code"],
                "name": row["name"],
                "goldstein": float(row["goldstein"]),
                "quad_class": int(row["quad_class"]),
                "plover_type": row["plover_type"],
                "plover_mode": row["plover_mode"],
                "plover_context": row["plover_context"],
                "acled": row["acled"],
            }
        )
    acled = {row["label"]: row["event_type"] for row in _read_tsv(data / "codebook" / "acled.tsv")}
    return {"cameo": sorted(cameo, key=lambda c: c["code"]), "acled": acled}


def _add(index: dict[str, list[Any]], key: str, value: Any) -> None:
    bucket = index.setdefault(_norm(key), [])
    if value not in bucket:
        bucket.append(value)


def _secondary_role(row: dict[str, str]) -> bool:
    """An ex officio role held because of another one (the French president as co-prince of Andorra)."""
    return "ex officio" in (row.get("note") or "").lower()


def _role_order(role: Json) -> tuple[str, bool, str, str]:
    """Chronological; on the same day a primary role before an ex officio one."""
    return (role["start"] or "", bool(role.get("secondary")), role["role"], role["country"])


def _mark_realms(roles: list[Json]) -> None:
    """A monarch's Commonwealth realms are secondary to the United Kingdom, where the same role is held.

    Without this "King Charles" would resolve to whichever realm's role started last or sorts first.
    """
    home = [r for r in roles if r["country"] == "GBR"]
    for role in roles:
        start = role["start"] or ""
        if role["country"] != "GBR" and any(
            h["role"] == role["role"] and (h["start"] or "") <= start for h in home
        ):
            role["secondary"] = True


def build_actors(data: Path) -> Json:
    """Countries, organisations, agents and people with dated roles -> lookup tables."""
    actors = data / "actors"
    countries: Json = {}
    country_names: dict[str, list[Any]] = {}
    adjectives: dict[str, list[Any]] = {}
    metonyms: dict[str, list[Any]] = {}
    for entry in _read_yaml(actors / "countries.yaml") or []:
        iso3 = entry["iso3"]
        countries[iso3] = {"name": entry["name"], "capital": entry.get("capital")}
        for name in [entry["name"], *(entry.get("aliases") or [])]:
            _add(country_names, name, iso3)
        for word in [*(entry.get("adjectives") or []), *(entry.get("demonyms") or [])]:
            _add(adjectives, word, iso3)
        for place, sector in (entry.get("metonyms") or {}).items():
            _add(metonyms, place, [iso3, sector])
    organizations: list[Json] = []
    org_names: dict[str, list[Any]] = {}
    for entry in _read_yaml(actors / "organizations.yaml") or []:
        index = len(organizations)
        record = {
            "code": entry["code"],
            "country": entry.get("country") or "",
            "sectors": list(entry.get("sectors") or []),
            "name": entry["name"],
            "kind": entry.get("kind", "organization"),
        }
        if entry.get("history"):  # dated sector changes: the Taliban govern from 2021-08-15
            record["history"] = [
                {
                    "from": str(h["from"]) if h.get("from") else None,
                    "until": str(h["until"]) if h.get("until") else None,
                    "sectors": list(h["sectors"]),
                }
                for h in entry["history"]
            ]
        organizations.append(record)
        for name in [entry["name"], *(entry.get("aliases") or [])]:
            _add(org_names, name, index)
    agent_source = _read_yaml(actors / "agents.yaml") or {}
    agents: dict[str, list[str]] = {}
    for entry in agent_source.get("agents") or []:
        for term in entry["terms"]:
            agents.setdefault(_norm(term), list(entry["sectors"]))
    people_by_name: dict[str, Json] = {}
    for path in sorted((actors / "people").glob("*.tsv")):
        for number, row in enumerate(_read_tsv(path), start=2):
            name = row["name"].strip()
            if not name:
                raise KnowledgeError(f"{path}:{number}: empty name")
            person = people_by_name.setdefault(name, {"name": name, "aliases": [], "roles": []})
            for alias in (a.strip() for a in row["aliases"].split("|")):
                if alias and alias not in person["aliases"] and alias != name:
                    person["aliases"].append(alias)
            role: Json = {
                "country": row["country"].strip(),
                "sectors": [s for s in row["sectors"].split("|") if s],
                "role": row["role"].strip(),
                "start": row["start"].strip() or None,
                "end": row["end"].strip() or None,
            }
            if _secondary_role(row):
                role["secondary"] = True
            if role not in person["roles"]:
                person["roles"].append(role)
    people = sorted(people_by_name.values(), key=lambda p: p["name"])
    person_names: dict[str, list[Any]] = {}
    for index, person in enumerate(people):
        _mark_realms(person["roles"])
        person["roles"].sort(key=_role_order)
        person["aliases"].sort()
        for name in [person["name"], *person["aliases"]]:
            _add(person_names, name, index)
    return {
        "countries": countries,
        "country_names": country_names,
        "adjectives": adjectives,
        "metonyms": metonyms,
        "organizations": organizations,
        "org_names": org_names,
        "agents": agents,
        "modifiers": {_norm(k): v for k, v in (agent_source.get("modifiers") or {}).items()},
        "people": people,
        "person_names": person_names,
    }


def build_event_lexicon(data: Path) -> Json:
    """Event lexicon (data/events/*.yaml): verb, noun and phrase rules -> one list, ids unique."""
    rules: list[Json] = []
    seen: set[str] = set()
    classes = set(_read_yaml(data / "events" / CLASSES_FILE) or {})
    for path in sorted((data / "events").glob("*.yaml")):
        if path.name == CLASSES_FILE:
            continue
        for entry in _read_yaml(path) or []:
            rule_id = entry.get("id")
            if not rule_id or rule_id in seen:
                raise KnowledgeError(f"{path}: rule id {rule_id!r} is missing or duplicated")
            if "cameo" not in entry:
                raise KnowledgeError(f"{path}: rule {rule_id!r} has no cameo code")
            if "object_class" in entry and entry["object_class"] not in classes:
                raise KnowledgeError(
                    f"{path}: rule {rule_id!r} names object_class {entry['object_class']!r}, "
                    f"which data/events/{CLASSES_FILE} does not define"
                )
            seen.add(rule_id)
            # examples are for the tests (tests/knowledge/test_lexical_classes.py), not the package
            rules.append(
                {**{k: v for k, v in entry.items() if k != "examples"}, "cameo": str(entry["cameo"])}
            )
    return {"rules": rules}


CLASSES_FILE = "classes.yaml"
"""The word classes in data/events/ (not rules)."""


def build_classes(data: Path) -> Json:
    """Word classes (data/events/classes.yaml) and root classes (data/codebook/root_classes.yaml).

    Every class needs a note and its words (or roots/codes); the compiled form keeps only the words.
    """
    words: dict[str, list[str]] = {}
    for name, entry in (_read_yaml(data / "events" / CLASSES_FILE) or {}).items():
        if not isinstance(entry, dict) or not entry.get("note") or not entry.get("words"):
            raise KnowledgeError(f"data/events/{CLASSES_FILE}: class {name!r} needs a note and words")
        if not all(isinstance(w, str) and w == w.lower() for w in entry["words"]):
            raise KnowledgeError(f"data/events/{CLASSES_FILE}: class {name!r}: words must be lower-case text")
        words[name] = sorted(set(entry["words"]))
    roots: dict[str, list[str]] = {}
    for name, entry in (_read_yaml(data / "codebook" / "root_classes.yaml") or {}).items():
        values: list[Any] = (
            (entry.get("roots") or entry.get("codes") or []) if isinstance(entry, dict) else []
        )
        quoted = bool(values) and all(isinstance(v, str) and v.isdigit() for v in values)
        if not quoted or not entry.get("note"):
            raise KnowledgeError(
                f"data/codebook/root_classes.yaml: class {name!r} needs a note and quoted codes"
            )
        roots[name] = sorted(set(values))
    return {"words": words, "roots": roots}


def build_name_tokens(data: Path) -> Json:
    """Every shipped actor surface form as the pinned model's tokenizer splits it (see
    :mod:`dyad.knowledge.name_tokens`): the resolver's matcher is built from these at start."""
    from dyad.knowledge import name_tokens
    from dyad.knowledge.actors import ActorKB

    names = ActorKB.from_json(build_actors(data)).all_names()
    return name_tokens.build(name_tokens.surface_forms(n for table in names.values() for n in table))


BUILDERS: dict[str, Callable[[Path], Json]] = {
    "codebook.json": build_codebook,
    "actors.json": build_actors,
    "name_tokens.json": build_name_tokens,
    "events.json": build_event_lexicon,
    "classes.json": build_classes,
}


def dumps(content: Json) -> str:
    """Deterministic JSON text: sorted keys, no trailing spaces, one final newline."""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def build_all(data: Path, out: Path) -> list[Path]:
    """Compile every source into ``out``; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, builder in BUILDERS.items():
        target = out / name
        target.write_text(dumps(builder(data)), encoding="utf-8")
        written.append(target)
    return written
