"""Run the examples that the lexicon's data carries: word classes and event rules, as tests of the coder.

Sources (hand-edited, in the repository, not shipped):

* ``data/events/classes.yaml``: each class's ``examples: {fires: [...], blocks: [...]}``;
* ``data/events/*.yaml``: a rule's inline ``examples: [...]``;
* ``data/events/examples/*.yaml``: rule id -> list of examples (bulk examples kept beside the rules).

An example is ``{text, has?, lacks?, date?}``: the text is coded on its own (dated ``date``, default
2025-03-14); ``has`` is a CAMEO prefix some event must carry, ``lacks`` one no event may carry. For a
rule, the event carrying ``has`` must also come from that rule (its id in ``evidence.rule``, which
records every rule a frame combined, "v.agree>v.release+frame_target"); a rule example without
``has`` only asks that the rule fire. Examples are our own sentences, never taken from a dev or
gold set. ``python scripts/check_examples.py`` prints every failing example.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from spacy.language import Language

from dyad.knowledge.paths import SOURCE_DATA
from dyad.model import Article, ArticleResult, Event

DEFAULT_DATE = date(2025, 3, 14)


@dataclass(frozen=True, slots=True)
class Example:
    """One example sentence with its expected coding."""

    owner: str
    """``class:<name>`` or ``rule:<id>``."""
    kind: str
    """fires, blocks (classes) or rule."""
    text: str
    """The sentence (ours)."""
    has: str | None
    """A CAMEO prefix that must be coded."""
    lacks: str | None
    """A CAMEO prefix that must not be coded."""
    published: date
    """Publication date the sentence is coded with."""
    where: str
    """File it comes from (for messages)."""


def _example(owner: str, kind: str, raw: object, where: str) -> Example:
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise ValueError(f"{where}: {owner}: an example must be {{text, has?, lacks?}}, got {raw!r}")
    has, lacks = raw.get("has"), raw.get("lacks")
    for value in (has, lacks):
        if value is not None and not (isinstance(value, str) and value.isdigit()):
            raise ValueError(f"{where}: {owner}: has/lacks must be quoted CAMEO prefixes, got {value!r}")
    published = date.fromisoformat(str(raw["date"])) if raw.get("date") else DEFAULT_DATE
    return Example(owner, kind, raw["text"], has, lacks, published, where)


def class_examples(data: Path = SOURCE_DATA) -> list[Example]:
    """Every word class's examples."""
    path = data / "events" / "classes.yaml"
    found = []
    for name, entry in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
        for kind in ("fires", "blocks"):
            for raw in (entry.get("examples") or {}).get(kind) or []:
                found.append(_example(f"class:{name}", kind, raw, path.name))
    return found


def rule_examples(data: Path = SOURCE_DATA) -> list[Example]:
    """Every rule's examples, inline and in ``data/events/examples/``."""
    found = []
    for path in sorted((data / "events").glob("*.yaml")):
        if path.name == "classes.yaml":
            continue
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            for raw in entry.get("examples") or []:
                found.append(_example(f"rule:{entry['id']}", "rule", raw, path.name))
    for path in sorted((data / "events" / "examples").glob("*.yaml")):
        for rule_id, items in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            for raw in items or []:
                found.append(_example(f"rule:{rule_id}", "rule", raw, f"examples/{path.name}"))
    return found


def rule_ids(data: Path = SOURCE_DATA) -> list[str]:
    """Ids of every rule in the lexicon sources."""
    ids: list[str] = []
    for path in sorted((data / "events").glob("*.yaml")):
        if path.name != "classes.yaml":
            ids.extend(str(e["id"]) for e in yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return ids


def _rules_of(event: Event) -> set[str]:
    return set(re.split(r"[>+]", event.evidence.rule))


def failure(example: Example, events: Iterable[Event]) -> str | None:
    """Why the coding of an example's text does not meet it (None when it does)."""
    events = list(events)
    shown = [(e.cameo, e.status, e.evidence.rule) for e in events]
    rule = example.owner[5:] if example.owner.startswith("rule:") else None
    candidates = [e for e in events if rule is None or rule in _rules_of(e)]
    if rule is not None and not candidates:
        return f"rule {rule} did not fire; coded {shown}"
    if example.has and not any(e.cameo.startswith(example.has) for e in candidates):
        return f"no {example.has}* event{' from ' + rule if rule else ''}; coded {shown}"
    if example.lacks and any(e.cameo.startswith(example.lacks) for e in events):
        return f"a {example.lacks}* event was coded; coded {shown}"
    return None


def run(examples: list[Example], nlp: Language | None = None) -> Iterator[tuple[Example, str | None]]:
    """Code every example (one batch) and say for each whether it holds (None) or why not."""
    from dyad.nlp.pipeline import code_articles

    articles = [Article(f"example-{i}", e.text, e.published) for i, e in enumerate(examples)]
    results = {r.article.id: r for r in code_articles(articles, nlp=nlp) if isinstance(r, ArticleResult)}
    for i, example in enumerate(examples):
        result = results.get(f"example-{i}")
        yield example, failure(example, result.events if result else ())
