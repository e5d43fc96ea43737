"""Engines: same input, identical events on every engine; a killed Dask ingest resumes exactly."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dyad.engines import get_engine
from dyad.errors import ConfigError
from dyad.model import ArticleResult, event_to_json
from dyad.readers import read_inputs
from dyad.store.ingest import sample_paths
from dyad.store.store import Store


def _coded(name: str, workers: int) -> list[str]:
    items = list(read_inputs(sample_paths()))
    with get_engine(name, workers) as engine:
        results = list(engine.code(items, batch_size=3))
    assert len(results) == len(items)
    return [
        json.dumps(event_to_json(e), sort_keys=True)
        for r in results
        if isinstance(r, ArticleResult)
        for e in r.events
    ]


def test_same_events_whichever_engine() -> None:
    reference = _coded("local", 1)
    assert reference
    assert _coded("local", 2) == reference
    assert _coded("dask", 2) == reference


def test_unknown_engine_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="unknown engine 'spark'"):
        get_engine("spark")


def _corpus(path: Path, count: int) -> None:
    countries = ["Kenya", "Ethiopia", "Sudan", "Nigeria", "India", "Pakistan", "Brazil", "France", "Japan"]
    verbs = ["criticized", "praised", "met with", "threatened", "accused", "hosted"]
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            text = (
                f"The government of {countries[n % 9]} {verbs[n % 6]} {countries[(n * 5 + 2) % 9]} "
                "on Tuesday, "
                f"officials said in statement {n}. Police arrested {n % 30 + 2} protesters in the capital."
            )
            handle.write(
                json.dumps({"id": f"d{n}", "date": f"2023-{1 + n % 12:02d}-15", "text": text}) + "\n"
            )


def _ingest(corpus: Path, store: Path, engine: str, kill_after: float | None = None) -> int:
    command = [
        sys.executable,
        "-m",
        "dyad.cli",
        "ingest",
        str(corpus),
        "--store",
        str(store),
        "--engine",
        engine,
        "--workers",
        "2",
        "--batch-size",
        "8",
        "--commit-every",
        "16",
        "--format",
        "json",
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    if kill_after is not None:
        time.sleep(kill_after)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # the driver and every Dask worker with it
    return process.wait(timeout=300)


def _content(path: Path) -> dict[str, list[str]]:
    store = Store(path)
    return {
        "articles": store.sql("select content_hash from articles order by 1")["content_hash"].tolist(),
        "events": store.sql("select event_id from events order by 1")["event_id"].tolist(),
    }


def test_killed_dask_ingest_completes_without_loss_or_duplicates(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    _corpus(corpus, 1200)
    reference = tmp_path / "reference"
    assert _ingest(corpus, reference, "local") == 0
    expected = _content(reference)
    assert len(expected["articles"]) == 1200

    crashed = tmp_path / "crashed"
    rng = random.Random(1969)
    killed = 0
    for _ in range(3):
        killed += _ingest(corpus, crashed, "dask", kill_after=rng.uniform(3.5, 9.0)) == -signal.SIGKILL
        if (crashed / "manifests").exists():
            partial = _content(crashed)
            for ids in partial.values():
                assert len(ids) == len(set(ids))
    assert killed >= 2, "most runs finished before the kill; enlarge the corpus"
    assert _ingest(corpus, crashed, "dask") == 0
    assert _content(crashed) == expected
