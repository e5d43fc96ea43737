"""Peak memory of the streaming readers on a large input (issue 14: 200 MB JSONL < 150 MB RSS).

Writes a synthetic JSONL (and CSV) of about ``--megabytes`` MB to a temporary folder, then reads
each in a fresh process through :func:`dyad.readers.read_path`, consuming every record, and reports
the process's peak resident memory (``ru_maxrss``) next to the interpreter's own baseline.

Run: ``.venv/bin/python benchmarks/bench_readers.py [--megabytes 200]``. Writes
``bench-results/readers.json`` and prints a short table.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench-results"
SENTENCE = "Police arrested twelve protesters in Nairobi on Tuesday, officials said. "

_CHILD = """
import resource, sys
from pathlib import Path
from dyad.readers import read_path
counts = {"Article": 0, "ReadError": 0}
if sys.argv[1] != "-":
    for item in read_path(Path(sys.argv[1])):
        counts[type(item).__name__] += 1
print(counts["Article"], counts["ReadError"], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def write_inputs(folder: Path, megabytes: int) -> dict[str, Path]:
    """A JSONL and a CSV of about ``megabytes`` MB each, articles of about 2 kB."""
    text = SENTENCE * 28
    jsonl, table = folder / "big.jsonl", folder / "big.csv"
    target = megabytes * 1_000_000
    with jsonl.open("w", encoding="utf-8") as out:
        number = 0
        while out.tell() < target:
            number += 1
            out.write(json.dumps({"id": f"a{number}", "date": "2024-05-17", "text": text}) + "\n")
    with table.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "date", "text"])
        number = 0
        while out.tell() < target:
            number += 1
            writer.writerow([f"a{number}", "2024-05-17", text])
    return {"jsonl": jsonl, "csv": table}


def measure(path: str) -> tuple[int, int, float]:
    """(articles, errors, peak RSS in MB) of reading ``path`` in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, path], capture_output=True, text=True, check=True, cwd=REPO
    )
    articles, errors, peak_kb = (int(v) for v in done.stdout.split())
    return articles, errors, peak_kb / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=int, default=200)
    options = parser.parse_args()
    results: dict[str, object] = {"megabytes": options.megabytes}
    with tempfile.TemporaryDirectory() as folder:
        inputs = write_inputs(Path(folder), options.megabytes)
        _, _, baseline = measure("-")
        results["baseline_rss_mb"] = round(baseline, 1)
        for name, path in inputs.items():
            articles, errors, peak = measure(str(path))
            results[name] = {
                "file_mb": round(path.stat().st_size / 1e6, 1),
                "articles": articles,
                "errors": errors,
                "peak_rss_mb": round(peak, 1),
            }
    OUT.mkdir(exist_ok=True)
    (OUT / "readers.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    baseline = results["baseline_rss_mb"]
    print(f"| input | file MB | articles | peak RSS MB (interpreter and readers, no input: {baseline}) |")
    print("|---|---|---|---|")
    for name in ("jsonl", "csv"):
        row = results[name]
        assert isinstance(row, dict)
        print(f"| {name} | {row['file_mb']} | {row['articles']:,} | {row['peak_rss_mb']} |")


if __name__ == "__main__":
    main()
