"""POST /api/extract without the token: bounded in size, rate and concurrency, never starving reads."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from dyad.api.limits import CharBudget, ExtractGate, ExtractLimits

TEXT = "Xi Jinping hosted Vladimir Putin in Beijing on Thursday."
BEARER = {"Authorization": "Bearer s3cret"}


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def limited(sample_store: Path, tmp_path: Path) -> Iterator[tuple[Any, Clock]]:
    """A client with token s3cret whose extract budget is 120 characters a minute, on a hand clock."""
    from fastapi.testclient import TestClient

    from dyad.api import create_app

    copy = tmp_path / "store"
    shutil.copytree(sample_store, copy)
    limits = ExtractLimits(max_chars=len(TEXT) * 2, chars_per_minute=len(TEXT) * 2, concurrent=2)
    app = create_app(copy, token="s3cret", extract_limits=limits)
    clock = Clock()
    app.state.extract_gate = ExtractGate(limits, clock=clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, clock


# -- the budget, on a hand clock ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("takes", "expected"),
    [
        ([("a", 60)], [0.0]),
        ([("a", 60), ("a", 60)], [0.0, 0.0]),
        ([("a", 60), ("a", 60), ("a", 1)], [0.0, 0.0, 0.5]),  # empty: 1 char takes 0.5 s at 2/s
        ([("a", 120), ("b", 120)], [0.0, 0.0]),  # clients are independent
        ([("a", 100), ("a", 60)], [0.0, 20.0]),  # 20 left, 40 missing at 2 chars/s
        ([("a", 100), ("a", 60), ("a", 20)], [0.0, 20.0, 0.0]),  # a refusal costs nothing
    ],
)
def test_budget_charges_and_refuses(takes: list[tuple[str, int]], expected: list[float]) -> None:
    budget = CharBudget(120, clock=Clock())
    assert [budget.take(client, cost) for client, cost in takes] == pytest.approx(expected)


def test_budget_refills_with_time() -> None:
    clock = Clock()
    budget = CharBudget(120, clock=clock)
    assert budget.take("a", 120) == 0
    assert budget.take("a", 60) == pytest.approx(30.0)
    clock.now += 30
    assert budget.take("a", 60) == 0
    clock.now += 3600  # refills up to the bucket size, not beyond
    assert budget.take("a", 120) == 0
    assert budget.take("a", 1) > 0


def test_budget_forgets_the_least_recent_clients_first() -> None:
    budget = CharBudget(10, clock=Clock(), most_clients=2)
    for client in ("a", "b"):
        assert budget.take(client, 10) == 0
    assert budget.take("a", 1) > 0  # a is now the most recent, b the least
    assert budget.take("c", 10) == 0  # b is forgotten ...
    assert budget.take("b", 10) == 0  # ... and starts full again
    assert budget.take("a", 1) == 0  # so was a, pushed out by b


@pytest.mark.parametrize(
    "values",
    [
        {"max_chars": 0},
        {"concurrent": 0},
        {"chars_per_minute": -5},
        {"max_chars": 200, "chars_per_minute": 100},  # a request that large could never be served
    ],
)
def test_limits_that_cannot_work_are_refused(values: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="ExtractLimits"):
        ExtractLimits(**values)


# -- the API ---------------------------------------------------------------------------------------


def test_too_much_text_is_413_without_the_token_and_coded_with_it(limited: tuple[Any, Clock]) -> None:
    client, _ = limited
    body = [{"text": TEXT}, {"text": TEXT}, {"text": "Russia and China signed an agreement."}]
    refused = client.post("/api/extract", json=body)
    assert refused.status_code == 413
    assert f"at most {len(TEXT) * 2}" in refused.json()["detail"]
    assert client.post("/api/extract", json=body, headers=BEARER).status_code == 200


def test_a_spent_budget_is_429_with_retry_after_until_it_refills(limited: tuple[Any, Clock]) -> None:
    client, clock = limited
    for _ in range(2):
        assert client.post("/api/extract", json={"text": TEXT}).status_code == 200
    refused = client.post("/api/extract", json={"text": TEXT})
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "30"  # 57 of 114 characters refill in 30 s
    assert "characters per minute" in refused.json()["detail"]
    assert client.post("/api/extract", json={"text": TEXT}, headers=BEARER).status_code == 200
    clock.now += 30
    assert client.post("/api/extract", json={"text": TEXT}).status_code == 200


def test_invalid_records_spend_no_budget(limited: tuple[Any, Clock]) -> None:
    client, _ = limited
    for _ in range(5):
        assert client.post("/api/extract", json={"text": TEXT, "date": "not a date"}).status_code == 422
    assert client.post("/api/extract", json={"text": TEXT}).status_code == 200


def test_a_wrong_token_on_extract_is_403(limited: tuple[Any, Clock]) -> None:
    client, _ = limited
    answer = client.post("/api/extract", json={"text": TEXT}, headers={"Authorization": "Bearer nope"})
    assert answer.status_code == 403


def test_a_flood_of_extracts_is_refused_at_once_and_reads_go_on(writable: Any) -> None:
    """45 concurrent codings (more than the 40 worker threads) while the pipeline is busy.

    The test holds the coding lock, so admitted requests cannot finish. Two are admitted (the
    limit); the other 43 must get 429 at once, and plain reads must still be answered. Before the
    limit, every request waited for the lock on a worker thread, and reads found no thread free.
    """
    from dyad.api import writes

    gate: ExtractGate = writable.app.state.extract_gate
    flood = 45
    with ThreadPoolExecutor(max_workers=flood + 3) as pool:
        with writes._CODING:
            posts = [
                pool.submit(writable.post, "/api/extract", json={"text": f"{index}. {TEXT}"})
                for index in range(flood)
            ]
            assert wait_until(lambda: sum(future.done() for future in posts) >= flood - 2)
            answered = [future for future in posts if future.done()]
            assert [future.result().status_code for future in answered] == [429] * (flood - 2)
            assert "retry in a few seconds" in answered[0].result().json()["detail"]
            assert gate.running == 2
            reads = [pool.submit(writable.get, path) for path in ("/api/counts", "/api/events", "/")]
            assert [future.result(timeout=60).status_code for future in reads] == [200, 200, 200]
            assert sum(future.done() for future in posts) == flood - 2  # the two still wait to code
        statuses = sorted(future.result(timeout=120).status_code for future in posts)
    assert statuses == [200] * 2 + [429] * (flood - 2)
    assert gate.running == 0


def wait_until(condition: Any, seconds: float = 60) -> bool:
    """Poll ``condition`` until it holds (True) or ``seconds`` pass (False): a guard, not a measure."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True
