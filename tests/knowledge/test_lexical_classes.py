"""The lexicon's data carries its own tests: every word class and rule example holds, every class is
used and documented, and the share of rules with examples never drops (a ratchet)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from dyad.evaluation.lexicon_examples import class_examples, rule_examples, rule_ids, run
from dyad.knowledge.paths import SOURCE_DATA

SRC = Path(__file__).resolve().parents[2] / "src" / "dyad"
RATCHET = Path(__file__).resolve().parents[1] / "baselines" / "lexicon.json"


def _classes() -> dict[str, dict]:
    return yaml.safe_load((SOURCE_DATA / "events" / "classes.yaml").read_text(encoding="utf-8"))


def _roots() -> dict[str, dict]:
    return yaml.safe_load((SOURCE_DATA / "codebook" / "root_classes.yaml").read_text(encoding="utf-8"))


def _used(kind: str) -> set[str]:
    pattern = re.compile(rf'{kind}\("([a-z_]+)"\)')
    return {m for path in SRC.rglob("*.py") for m in pattern.findall(path.read_text(encoding="utf-8"))}


def _named_by_rules() -> set[str]:
    """Classes rules name through keys such as ``object_class``."""
    named = set()
    for path in (SOURCE_DATA / "events").glob("*.yaml"):
        if path.name != "classes.yaml":
            named |= {
                e["object_class"]
                for e in yaml.safe_load(path.read_text(encoding="utf-8"))
                if "object_class" in e
            }
    return named


def test_every_class_is_used_and_every_use_is_a_class() -> None:
    used = _used("word_class") | _named_by_rules()
    assert used == set(_classes()), "word classes in data/events/classes.yaml vs code and rules"
    assert _used("root_class") == set(_roots()), "root classes in data/codebook/root_classes.yaml vs code"


def test_no_root_class_is_defined_twice() -> None:
    seen: dict[frozenset[str], str] = {}
    for name, entry in _roots().items():
        key = frozenset(entry.get("roots") or entry.get("codes"))
        assert key not in seen, f"root classes {seen.get(key)} and {name} are the same set: keep one"
        seen[key] = name


@pytest.mark.parametrize("name", sorted(_classes()))
def test_every_word_class_has_examples_both_ways(name: str) -> None:
    examples = _classes()[name].get("examples") or {}
    assert examples.get("fires") and examples.get("blocks"), f"class {name} needs fires and blocks examples"


@pytest.fixture(scope="module")
def outcomes(nlp):  # type: ignore[no-untyped-def]
    examples = class_examples() + rule_examples()
    assert len(examples) > 100
    return list(run(examples, nlp=nlp))


def test_every_example_holds(outcomes) -> None:  # type: ignore[no-untyped-def]
    failing = [f"{e.owner} [{e.kind}] {e.text!r}: {why}" for e, why in outcomes if why]
    assert not failing, "\n".join(failing)


def test_examples_name_real_rules() -> None:
    ids = set(rule_ids())
    unknown = {e.owner[5:] for e in rule_examples()} - ids
    assert not unknown, f"examples for rules that do not exist: {sorted(unknown)}"


def test_the_share_of_rules_with_examples_does_not_drop() -> None:
    pinned = json.loads(RATCHET.read_text(encoding="utf-8"))
    ids = rule_ids()
    covered = {e.owner[5:] for e in rule_examples()} & set(ids)
    share = len(covered) / len(ids)
    assert share >= pinned["rules_with_examples_share_min"], (share, pinned)
