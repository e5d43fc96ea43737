"""Fault injection: SIGKILL the writer at random moments; a rerun must complete the store exactly.

The writer is ``python -m dyad.store.synthetic`` (deterministic synthetic results, no NLP) writing
small batches and compacting every few of them, so kills land in segment writes, manifest commits,
compactions and cleanups alike.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from dyad.store.store import Store

ARGS = ["--articles", "1200", "--batch", "10", "--compact-every", "7"]


def run_writer(path: Path, kill_after: float | None = None) -> int:
    command = [sys.executable, "-m", "dyad.store.synthetic", str(path), *ARGS]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
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


def test_killed_writes_complete_without_loss_or_duplicates(tmp_path):
    reference = tmp_path / "reference"
    assert run_writer(reference) == 0
    expected = content(reference)
    assert len(expected["articles"]) == 1200 and len(expected["events"]) == 3600

    crashed = tmp_path / "crashed"
    rng = random.Random(20240516)
    killed = 0
    for _ in range(6):
        if run_writer(crashed, kill_after=rng.uniform(0.3, 2.0)) == -signal.SIGKILL:
            killed += 1
        # Between crashes the store must be readable and free of duplicates.
        partial = content(crashed)
        for ids in partial.values():
            assert len(ids) == len(set(ids))
    assert killed >= 3, "the writer finished before most kills; raise --articles"
    assert run_writer(crashed) == 0
    assert content(crashed) == expected

    store = Store(crashed)
    referenced = {p for m in store.batches() for ps in m.segments.values() for p in ps}
    on_disk = {str(p.relative_to(crashed)) for p in (crashed / "segments").rglob("*.parquet")}
    assert on_disk == referenced
    assert list((crashed / "tmp").iterdir()) == []
