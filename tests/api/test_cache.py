"""Page payloads are computed once per store state, and never served stale after a commit."""

from __future__ import annotations

from pathlib import Path

from dyad.api.data import Backend
from dyad.store.store import Store
from dyad.store.synthetic import make_result


def test_a_payload_is_computed_once_per_store_state(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    store.write_batch([make_result(n, events=3) for n in range(5)])
    backend = Backend(store)
    calls = []
    real = backend.views.run
    backend.views.run = lambda query: calls.append(1) or real(query)  # type: ignore[method-assign]
    first = backend.counts()
    again = backend.counts()
    assert first == again == {"articles": 5, "events": 15, "errors": 0} and len(calls) == 1
    again["events"] = -1  # callers get a copy: the cache is untouched
    assert backend.counts()["events"] == 15 and len(calls) == 1
    store.write_batch([make_result(100, events=2)])  # a new commit: a new store state
    assert backend.counts()["events"] == 17 and len(calls) == 2
