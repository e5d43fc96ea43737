"""Reads run concurrently, see new commits, and a damaged or read-only store is a clear 503, not a 500."""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from dyad.api.data import Backend
from dyad.store.store import Store


def test_two_reads_run_at_the_same_time(sample_store: Path) -> None:
    """Each query waits, on its cursor, until the other one is inside a query too.

    With one lock around all reads the second query could not start while the first waited, and
    the barrier would break (after its guard timeout) instead of releasing both.
    """
    backend = Backend(Store(sample_store, create=False))
    inside = threading.Barrier(2, timeout=60)
    results: list[int] = []

    def query(con: Any) -> int:
        before = con.execute("SELECT count(*) FROM events").fetchone()[0]
        inside.wait()  # both queries are running now, each on its own cursor
        after = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        inside.wait()
        return int(before) + int(after)

    threads = [threading.Thread(target=lambda: results.append(backend.run(query))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not inside.broken
    counts = backend.counts()
    assert results == [counts["events"] + counts["articles"]] * 2


def test_reads_see_a_batch_committed_after_they_started(sample_store: Path, tmp_path: Path) -> None:
    from dyad.store.ingest import ingest

    copy = tmp_path / "store"
    shutil.copytree(sample_store, copy)
    store = Store(copy, create=False)
    backend = Backend(store)
    before = backend.counts()
    news = tmp_path / "news.jsonl"
    news.write_text(
        json.dumps({"id": "n1", "date": "2024-05-17", "text": "Xi Jinping hosted Vladimir Putin in Beijing."})
        + "\n",
        encoding="utf-8",
    )
    ingest([str(news)], Store(copy), progress=False)
    assert backend.counts()["articles"] == before["articles"] + 1
    assert backend.article("n1") is not None


def test_an_empty_store_is_served(tmp_path: Path) -> None:
    """Empty tables are catalog tables, so every cursor (not only the one that made them) sees them."""
    from fastapi.testclient import TestClient

    from dyad.api import create_app

    with TestClient(create_app(Store(tmp_path / "empty")), raise_server_exceptions=False) as client:
        assert client.get("/api/counts").json() == {"articles": 0, "events": 0, "errors": 0}
        assert client.get("/api/events").json()["total"] == 0
        assert client.get("/").status_code == 200
        assert client.get("/network.json").status_code == 200


def _damaged(sample_store: Path, tmp_path: Path, how: str) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(sample_store, copy)
    segment = sorted((copy / "segments" / "events").glob("*.parquet"))[0]
    if how == "missing":
        segment.unlink()
    else:
        segment.write_bytes(segment.read_bytes()[:100])
    return copy


@pytest.mark.parametrize("how", ["missing", "truncated"])
def test_a_damaged_segment_is_503_with_what_to_do(sample_store: Path, tmp_path: Path, how: str) -> None:
    from fastapi.testclient import TestClient

    from dyad.api import create_app

    store = _damaged(sample_store, tmp_path, how)
    with TestClient(create_app(store), raise_server_exceptions=False) as client:
        for path in ("/api/counts", "/api/events", "/index.json", "/api/top/dyads"):
            answer = client.get(path)
            assert answer.status_code == 503, (path, answer.text)
            detail = answer.json()["detail"]
            assert "damaged" in detail and "manifest" in detail
        page = client.get("/", headers={"Accept": "text/html"})
        assert page.status_code == 503 and "damaged" in page.text
        assert client.get("/api/codebook/043").status_code == 200  # what needs no store still works


CHILD = """
import json, sys
from fastapi.testclient import TestClient
from dyad.api import create_app
with TestClient(create_app(sys.argv[1], token="t"), raise_server_exceptions=False) as client:
    read = client.get("/api/counts")
    write = client.post(
        "/api/articles",
        json={"text": "Xi Jinping hosted Vladimir Putin in Beijing.", "date": "2024-05-17"},
        headers={"Authorization": "Bearer t"},
    )
print(json.dumps({"read": read.status_code, "write": write.status_code, "read_body": read.json(),
                  "body": write.json()}))
"""


def _without_root_override() -> None:
    """In the child: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so root obeys file modes too."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _read_only(store: Path) -> None:
    for path in [store, *store.rglob("*")]:
        path.chmod(path.stat().st_mode & ~0o222)


def _unreadable_articles(store: Path) -> None:
    for path in (store / "segments" / "articles").glob("*.parquet"):
        path.chmod(0)


@pytest.mark.parametrize(
    ("damage", "read", "write", "words"),
    [
        (_read_only, 200, 503, "not writable"),  # refused by the store's write
        (_unreadable_articles, 503, 503, "read access"),  # refused while looking for known articles
    ],
    ids=["read-only store", "unreadable segment"],
)
def test_a_store_the_server_may_not_write_or_read_is_a_503(
    sample_store: Path, tmp_path: Path, damage: Any, read: int, write: int, words: str
) -> None:
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if as_root and not sys.platform.startswith("linux"):
        pytest.skip("running as root, and only Linux can drop root's override of file modes here")
    copy = tmp_path / "store"
    shutil.copytree(sample_store, copy)
    damage(copy)
    try:
        result = subprocess.run(
            [sys.executable, "-c", CHILD, str(copy)],
            capture_output=True,
            text=True,
            timeout=300,
            preexec_fn=_without_root_override if as_root else None,
        )
    finally:
        for path in [copy, *copy.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o600)
    assert result.returncode == 0, result.stderr[-2000:]
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert (answers["read"], answers["write"]) == (read, write), answers
    assert words in answers["body"]["detail"]
    assert read == 200 or words in answers["read_body"]["detail"]
    assert "Traceback" not in result.stderr
