"""The event lexicon, loaded from ``compiled/events.json`` and indexed by trigger lemma."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from dyad.knowledge.paths import COMPILED

DEFAULT_TARGET_PREPS = ("to", "with", "against", "on", "toward", "towards", "upon", "at")


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

    @property
    def specificity(self) -> int:
        """Higher for rules with more conditions (they win over bare-lemma rules)."""
        return (
            (2 if self.objects else 0)
            + (1 if self.particle else 0)
            + (1 if self.subject_sectors or self.subject_not_sectors else 0)
            + (2 if self.subject_words else 0)
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


def _rule(raw: dict[str, object]) -> EventRule:
    def strings(key: str) -> frozenset[str]:
        value = raw.get(key) or []
        return frozenset(str(v).lower() for v in value)  # type: ignore[attr-defined]

    preps = raw.get("target_preps")
    return EventRule(
        id=str(raw["id"]),
        lemma=str(raw["lemma"]).lower(),
        pos=str(raw.get("pos", "VERB")),
        cameo=str(raw["cameo"]),
        particle=str(raw["particle"]).lower() if raw.get("particle") else None,
        objects=strings("object"),
        target_preps=tuple(preps) if isinstance(preps, list) else DEFAULT_TARGET_PREPS,
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


# CAMEO codes an event by the speech act that frames it: "urged X to release" is an appeal for a
# release (0253), "refused to meet" a rejected meeting (125), "will send aid" an intent (033),
# "threatened to invade" a threat of occupation (1382). Each table maps the framed event's code
# (longest matching prefix wins) to the refined code under one framing root.
_FRAMES: dict[str, dict[str, str]] = {
    "02": {
        "04": "026",
        "045": "028",
        "046": "026",
        "05": "022",
        "057": "027",
        "06": "021",
        "061": "0211",
        "062": "0212",
        "063": "0213",
        "064": "0214",
        "07": "023",
        "071": "0231",
        "072": "0232",
        "073": "0233",
        "074": "0234",
        "08": "025",
        "081": "0251",
        "082": "0252",
        "083": "024",
        "0831": "0241",
        "0832": "0242",
        "0833": "0243",
        "0834": "0244",
        "084": "0253",
        "085": "0254",
        "086": "0255",
        "087": "0256",
    },
    "03": {
        "04": "036",
        "045": "039",
        "05": "032",
        "057": "037",
        "06": "031",
        "061": "0311",
        "062": "0312",
        "063": "0313",
        "064": "0314",
        "07": "033",
        "071": "0331",
        "072": "0332",
        "073": "0333",
        "074": "0334",
        "08": "035",
        "081": "0351",
        "082": "0352",
        "083": "034",
        "0831": "0341",
        "0832": "0342",
        "0833": "0343",
        "0834": "0344",
        "084": "0353",
        "085": "0354",
        "086": "0355",
        "087": "0356",
    },
    "10": {
        "04": "108",
        "045": "105",
        "06": "100",
        "061": "1011",
        "062": "1012",
        "063": "1013",
        "064": "1014",
        "07": "103",
        "071": "1031",
        "072": "1032",
        "073": "1033",
        "074": "1034",
        "083": "104",
        "0831": "1041",
        "0832": "1042",
        "0833": "1043",
        "0834": "1044",
        "081": "1051",
        "082": "1052",
        "084": "1053",
        "085": "1054",
        "086": "1055",
        "087": "1056",
        "0871": "107",
        "0874": "106",
        "09": "101",
    },
    "12": {
        "03": "120",
        "04": "125",
        "045": "126",
        "046": "125",
        "057": "127",
        "06": "121",
        "061": "1211",
        "062": "1212",
        "07": "122",
        "071": "1221",
        "072": "1222",
        "073": "1223",
        "074": "1224",
        "08": "124",
        "081": "1241",
        "082": "1242",
        "083": "123",
        "0831": "1231",
        "0832": "1232",
        "0833": "1233",
        "0834": "1234",
        "084": "1243",
        "085": "1244",
        "086": "1245",
        "087": "1246",
    },
    "13": {
        "14": "133",
        "16": "131",
        "161": "1313",
        "162": "1311",
        "163": "1312",
        "164": "134",
        "165": "135",
        "166": "136",
        "17": "137",
        "172": "132",
        "1721": "1321",
        "1722": "1322",
        "1723": "1323",
        "1724": "1324",
        "18": "138",
        "19": "1384",
        "191": "1381",
        "192": "1382",
        "20": "1383",
        "204": "1385",
    },
}
COOPERATIVE_ROOTS = frozenset({"04", "05", "06", "07", "08"})
"""Roots whose stated intent is coded 03x (and whose refusal 12x)."""
FORCEFUL_ROOTS = frozenset({"14", "16", "17", "18", "19", "20"})
"""Roots whose stated intent is a threat (13x)."""


def frame_code(frame_root: str, code: str) -> str | None:
    """The code of ``code`` framed as an appeal (02), intent (03), demand (10), rejection (12) or threat (13).

    None when the framing does not apply to that kind of event.
    """
    table = _FRAMES.get(frame_root, {})
    for length in range(len(code), 1, -1):
        refined = table.get(code[:length])
        if refined is not None:
            return refined
    return None
