"""The event lexicon, loaded from ``compiled/events.json`` and indexed by trigger lemma."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from dyad.knowledge.paths import COMPILED

DEFAULT_TARGET_PREPS = ("to", "with", "against", "on", "toward", "towards", "upon", "at", "into")


@dataclass(frozen=True, slots=True)
class EventRule:
    """One lexicon rule (see data/events/README.md for the meaning of each key)."""

    id: str
    """Rule id, reported as ``evidence.rule``."""
    lemma: str
    """Trigger lemma."""
    pos: str
    """VERB or NOUN."""
    cameo: str
    """CAMEO code."""
    particle: str | None
    """Required particle or preposition."""
    objects: frozenset[str]
    """Allowed object lemmas (empty: any)."""
    target_preps: tuple[str, ...]
    """Prepositions that introduce the target."""
    subject_sectors: frozenset[str]
    """The source must have one of these sectors (empty: no condition)."""
    subject_not_sectors: frozenset[str]
    """The source must have none of these sectors."""
    confidence: float
    """Base confidence."""
    needs_target: bool
    """Borrow a target from the previous sentence when missing."""
    symmetric: bool
    """Conjoined subjects without a target interact with each other."""
    pair_only: bool = False
    """Fire only between conjoined subjects ("Putin and Xi have spoken")."""
    no_object: bool = False
    """Fire only when the verb has no direct object (intransitive "protesters demonstrated")."""
    topic_preps: tuple[str, ...] = ()
    """The target is named inside the object through these prepositions ("concerns about NATO")."""
    subject_words: frozenset[str] = frozenset()
    """The subject's head or a modifier must be one of these words ("warplanes pounded" -> 195)."""
    priority: int = 0
    """Added to the specificity, to let one rule win over another with as many conditions."""
    reverse: bool = False
    """The subject receives the act and the target preposition names its giver ("received aid
    *from* Japan": Japan gives aid to the subject)."""
    predicate: bool = False
    """The verb must have an object predicate: "called X *a traitor*", "described X *as a
    disaster*", "found X *guilty*" (evaluating someone is criticism or praise, not a statement)."""
    predicate_words: frozenset[str] = frozenset()
    """The object predicate's head or a modifier must be one of these ("called X a *friend*")."""
    object_class: str | None = None
    """A word class (data/events/classes.yaml) the object must belong to when it names no actor
    ("released *prisoners*" frees people; "released a video" is no release)."""
    reciprocal: bool = False
    """The act is mutual: "X met Y" is also Y meeting X, coded both ways (the VOA guide's symmetric
    acts: meetings, talks, calls, agreements, clashes, fighting)."""

    @property
    def specificity(self) -> int:
        """Higher for rules with more conditions (they win over bare-lemma rules)."""
        return (
            (2 if self.objects else 0)
            + (1 if self.particle else 0)
            + (1 if self.subject_sectors or self.subject_not_sectors else 0)
            + (2 if self.subject_words else 0)
            + (1 if self.predicate else 0)
            + (2 if self.predicate_words else 0)
            + self.priority
        )


@dataclass(frozen=True)
class Lexicon:
    """Rules indexed by (pos, lemma)."""

    rules: dict[tuple[str, str], tuple[EventRule, ...]]
    """(pos, lemma) -> rules, most specific first."""

    @property
    def presence_rule(self) -> EventRule:
        """The rule for "X was in <foreign capital>" (a visit)."""
        return self.rules[("PRESENCE", "be")][0]

    def candidates(self, pos: str, lemma: str) -> tuple[EventRule, ...]:
        """Rules that may fire for this trigger."""
        return self.rules.get((pos, lemma), ())


def _check_words(raw: dict[str, object]) -> None:
    """Every particle, preposition and word in a rule is text.

    YAML 1.1 reads a bare ``on``, ``off``, ``yes`` or ``no`` as a boolean, which silently
    disabled "call on" and the "on" of "sanctions on X" until they were quoted.
    """
    for key in ("particle", "target_preps", "topic_preps", "object", "subject_words"):
        value = raw.get(key)
        values = value if isinstance(value, list) else [] if value is None else [value]
        if any(not isinstance(v, str) for v in values):
            raise ValueError(
                f"event rule {raw.get('id')!r}: {key} {value!r} holds a non-text value; quote words such as "
                '"on" and "off" in data/events/*.yaml (YAML reads them as booleans), then run make knowledge'
            )


def _rule(raw: dict[str, object]) -> EventRule:
    _check_words(raw)

    def strings(key: str) -> frozenset[str]:
        value = raw.get(key) or []
        return frozenset(str(v).lower() for v in value)  # type: ignore[attr-defined]

    preps = raw.get("target_preps")
    particle = str(raw["particle"]).lower() if raw.get("particle") else None
    if isinstance(preps, list):
        target_preps = tuple(preps)  # explicit: "meet in" names a venue, not a recipient
    else:  # by default a verb's particle also introduces its target ("clash with X", "arrive in X")
        extra = (particle,) if particle and particle not in DEFAULT_TARGET_PREPS else ()
        target_preps = DEFAULT_TARGET_PREPS + extra
    return EventRule(
        id=str(raw["id"]),
        lemma=str(raw["lemma"]).lower(),
        pos=str(raw.get("pos", "VERB")),
        cameo=str(raw["cameo"]),
        particle=particle,
        objects=strings("object"),
        target_preps=target_preps,
        subject_sectors=strings("subject_sectors"),
        subject_not_sectors=strings("subject_not_sectors"),
        confidence=float(raw.get("confidence", 0.7)),  # type: ignore[arg-type]
        needs_target=bool(raw.get("needs_target", False)),
        symmetric=bool(raw.get("symmetric", False)),
        pair_only=bool(raw.get("pair_only", False)),
        no_object=bool(raw.get("no_object", False)),
        topic_preps=tuple(raw.get("topic_preps") or ()),  # type: ignore[arg-type]
        subject_words=strings("subject_words"),
        priority=int(raw.get("priority", 0)),  # type: ignore[call-overload]
        reverse=bool(raw.get("reverse", False)),
        reciprocal=bool(raw.get("reciprocal", False)),
        object_class=str(raw["object_class"]) if raw.get("object_class") else None,
        predicate=bool(raw.get("predicate", False)),
        predicate_words=strings("predicate_words"),
    )


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Load and index the shipped event lexicon (once per process)."""
    raw = json.loads((COMPILED / "events.json").read_text(encoding="utf-8"))
    index: dict[tuple[str, str], list[EventRule]] = {}
    for entry in raw["rules"]:
        rule = _rule(entry)
        index.setdefault((rule.pos, rule.lemma), []).append(rule)
    return Lexicon({k: tuple(sorted(v, key=lambda r: -r.specificity)) for k, v in index.items()})
