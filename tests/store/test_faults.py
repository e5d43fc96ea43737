"""Fault injection: SIGKILL the writer at random moments; a rerun must complete the store exactly.

The writer is ``python -m dyad.store.synthetic`` (deterministic synthetic results, no NLP) writing
small batches and compacting every few of them, so kills land in segment writes, manifest commits,
compactions and cleanups alike. The test runs twice: with one writing process, and with every
batch split over a forked writer (see ``dyad.store.parallel``), so kills also land while a child is
writing its part; a killed writer's children must die with it.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dyad.store import parallel
from dyad.store.store import Store

ARGS = ["--articles", "1200", "--batch", "10", "--compact-every", "7"]


WRITERS = {
    "one process": {parallel.ENV_WRITERS: "1"},
    "forked writers": {parallel.ENV_WRITERS: "2", parallel.ENV_PART_EVENTS: "5"},
}


def run_writer(path: Path, kill_after: float | None = None, env: dict[str, str] | None = None) -> int:
    command = [sys.executable, "-m", "dyad.store.synthetic", str(path), *ARGS]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    if kill_after is not None:
        time.sleep(kill_after)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
    return process.wait(timeout=120)


def content(path: Path) -> dict[str, list[str]]:
    store = Store(path)
    return {
        "articles": store.sql("select content_hash from articles order by 1")["content_hash"].tolist(),
        "events": store.sql("select event_id from events order by 1")["event_id"].tolist(),
        "errors": store.sql("select error_id from errors order by 1")["error_id"].tolist(),
    }


def writers_of(path: Path) -> list[int]:
    """Processes still running with ``path`` on their command line (a forked child keeps its parent's)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                arguments = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if str(path).encode() in arguments:
                found.append(int(entry.name))
    return found


def assert_no_writer_left(path: Path) -> None:
    deadline = time.monotonic() + 5
    while writers_of(path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert writers_of(path) == [], "a forked writer outlived the killed ingest"


@pytest.mark.parametrize("env", WRITERS.values(), ids=WRITERS.keys())
def test_killed_writes_complete_without_loss_or_duplicates(tmp_path, env):
    reference = tmp_path / "reference"
    assert run_writer(reference, env=env) == 0
    expected = content(reference)
    assert len(expected["articles"]) == 1200 and len(expected["events"]) == 3600

    crashed = tmp_path / "crashed"
    rng = random.Random(20240516)
    killed = 0
    for _ in range(6):
        if run_writer(crashed, kill_after=rng.uniform(0.3, 2.0), env=env) == -signal.SIGKILL:
            killed += 1
            assert_no_writer_left(crashed)
        # Between crashes the store must be readable and free of duplicates.
        partial = content(crashed)
        for ids in partial.values():
            assert len(ids) == len(set(ids))
    assert killed >= 3, "the writer finished before most kills; raise --articles"
    assert run_writer(crashed, env=env) == 0
    assert content(crashed) == expected

    store = Store(crashed)
    referenced = {p for m in store.batches() for ps in m.segments.values() for p in ps}
    on_disk = {str(p.relative_to(crashed)) for p in (crashed / "segments").rglob("*.parquet")}
    assert on_disk == referenced
    assert list((crashed / "tmp").iterdir()) == []
