"""One-off import of CAMEO facts (codes, names, Goldstein weights, PLOVER) into data/codebook/cameo.tsv.

Kept for provenance: it shows how the hand-maintained TSV was first seeded from the reference
tables in ../shared/reference/. After that, data/codebook/cameo.tsv is our source of truth and is
edited by hand (e.g. ACLED sub-types were added by hand). Not run by the build.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

REFERENCE = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference")
OUT = Path(__file__).resolve().parents[1] / "data" / "codebook" / "cameo.tsv"


def quad_class(code: str) -> int:
    """GDELT's QuadClass by CAMEO root: 01-05, 06-09, 10-14, 15-20."""
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def main() -> None:
    names = dict(
        line.rstrip("\n").split("\t", 1)
        for line in (REFERENCE / "CAMEO.eventcodes.txt").read_text().splitlines()[1:]
        if line.strip()
    )
    weights = dict(
        line.split("\t")
        for line in (REFERENCE / "CAMEO.goldsteinscale.txt").read_text().splitlines()[1:]
        if line.strip()
    )
    plover: dict[str, tuple[str, str, str]] = {}
    for line in (REFERENCE / "CAMEO2PLOVER-2021.txt").read_text().splitlines():
        match = re.match(r"^(\d{2,4}):\s*([^#]*)", line)
        if not match:
            continue
        parts = [p.strip() for p in match.group(2).split(",")] + ["", "", ""]
        plover[match.group(1)] = (parts[0], parts[1], parts[2])
    rows = []
    for code, name in names.items():
        code = code.strip()
        ptype, mode, context = (
            plover.get(code) or plover.get(code[:3]) or plover.get(code[:2]) or ("", "", "")
        )
        rows.append(
            [code, name.strip(), weights.get(code, "").strip(), str(quad_class(code)), ptype, mode, context]
        )
    with OUT.open("w", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(
            [
                "code",
                "name",
                "goldstein",
                "quad_class",
                "plover_type",
                "plover_mode",
                "plover_context",
                "acled",
            ]
        )
        for row in rows:
            writer.writerow([*row, ""])


if __name__ == "__main__":
    main()
