"""CAMEO codebook with Goldstein weights, QuadClass, PLOVER type/mode and ACLED sub-type."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from dyad.knowledge.paths import COMPILED

QUAD_CLASS_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code and its mappings."""

    code: str
    """The code as written in CAMEO ("057")."""
    name: str
    """CAMEO's short name."""
    goldstein: float
    """Goldstein conflict-cooperation weight, -10..10."""
    quad_class: int
    """1..4, by root (GDELT convention)."""
    plover_type: str
    """PLOVER event type, "" where CAMEO has no PLOVER equivalent (public statements)."""
    plover_mode: str
    """PLOVER mode, may be ""."""
    plover_context: str
    """PLOVER context, may be ""."""
    acled: str
    """ACLED-style sub-type label (CASE 2021 spelling), "" where none fits."""

    @property
    def root(self) -> str:
        """The two-digit root."""
        return self.code[:2]


@dataclass(frozen=True, slots=True)
class Codebook:
    """All CAMEO codes and the ACLED label set."""

    codes: dict[str, CameoCode]
    """Code -> entry."""
    acled_labels: dict[str, str]
    """ACLED/CASE label -> ACLED event type (or "Extra")."""

    def get(self, code: str) -> CameoCode:
        """The entry for a code; unknown codes fall back to their parent (e.g. "0431" -> "043")."""
        while code and code not in self.codes:
            code = code[:-1]
        if not code:
            raise KeyError(code)
        return self.codes[code]

    def __contains__(self, code: object) -> bool:
        return code in self.codes


@lru_cache(maxsize=1)
def load_codebook() -> Codebook:
    """Load the compiled codebook shipped with the package (once per process)."""
    raw = json.loads((COMPILED / "codebook.json").read_text(encoding="utf-8"))
    codes = {c["code"]: CameoCode(**c) for c in raw["cameo"]}
    return Codebook(codes=codes, acled_labels=raw["acled"])
