"""Compile data/ (hand-edited YAML/TSV) into src/dyad/knowledge/compiled/ (what the package loads)."""

from __future__ import annotations

from dyad.knowledge.build import build_all
from dyad.knowledge.paths import COMPILED, SOURCE_DATA

if __name__ == "__main__":
    for path in build_all(SOURCE_DATA, COMPILED):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
