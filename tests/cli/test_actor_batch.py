"""`dyad actors resolve --jsonl`: every good line answered, every bad one reported with file:line, exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

GOOD = [
    {"id": "iso", "text": "the Russian defense minister", "date": "2024-06-01"},
    {"id": "written", "text": "the Russian defense minister", "date": "3 March 2019"},
    {"id": "american", "text": "the Russian defense minister", "date": "March 3, 2019"},
    {"id": 7, "text": "Angela Merkel", "context": "Angela Merkel met Macron."},
]
BAD = [
    ('{"id": "b1", "text": "Putin", "date": "2024-13-45"}', "not a real calendar date"),
    ('{"id": "b2", "text": "Putin", "date": "yesterday"}', "unparseable date"),
    ('{"id": "b3", "text": "Putin", "date": 20240601}', "date must be a string"),
    ('{"id": "b4", "text": "Putin", "context": 123}', "'context' must be a string"),
    ('{"id": "b5", "text": "\\ud800"}', "lone surrogate"),
    ('{"id": [1], "text": "Putin"}', "'id' must be"),
    ("[1, 2]", "expected a JSON object"),
    ("not json", "not a JSON object"),
    ('{"id": "b9"}', "'text' must be a non-empty string"),
]


def test_bad_lines_are_reported_and_good_ones_answered(tmp_path: Path) -> None:
    lines = [json.dumps(g) for g in GOOD[:2]] + [b for b, _ in BAD] + [json.dumps(g) for g in GOOD[2:]]
    path = tmp_path / "phrases.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode() + b'\xff{"text": "x"}\n')
    run = subprocess.run(
        [sys.executable, "-m", "dyad", "actors", "resolve", "--jsonl", str(path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    answers = [json.loads(line) for line in run.stdout.splitlines()]
    assert [a["id"] for a in answers] == ["iso", "written", "american", "7"]
    assert answers[0]["name"] == "Andrey Belousov" and answers[1]["name"] == "Sergei Shoigu"
    assert answers[1] == {**answers[2], "id": "written"}  # two ways of writing one date
    for number, (_, reason) in enumerate(BAD, start=3):
        assert f"{path}:{number}: skipped: " in run.stderr and reason in run.stderr, (number, reason)
    assert f"{path}:{len(lines) + 1}: skipped: not UTF-8" in run.stderr
    assert f"{len(BAD) + 1} line(s) of {path} skipped" in run.stderr
