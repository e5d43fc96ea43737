"""Bounds on ``POST /api/extract`` for clients without the token: size, rate and concurrency.

Coding text is the one expensive thing an anonymous client can ask for (about 0.15 ms of CPU per
character; a 199k-character text took 29 s and 1.2 GB), and it used to queue without limit: 70
concurrent requests held every worker thread, so plain reads waited 25 s. Now, without the token:

* a request carries at most :attr:`ExtractLimits.max_chars` characters of text (413);
* each client (by address) has a budget of :attr:`ExtractLimits.chars_per_minute` characters,
  refilled continuously (429 with ``Retry-After``): the CPU a client can spend is bounded because
  the cost of coding is proportional to the characters coded;
* at most :attr:`ExtractLimits.concurrent` codings run or wait at once, over all clients; any more
  are refused at once (429), never queued, and coding runs on threads of its own, so the worker
  threads that serve reads are never tied up by it.

Requests with the server's token skip the budget and the per-request size (the schema's limits and
the body limit still hold).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import anyio
import anyio.to_thread
from fastapi import HTTPException

T = TypeVar("T")
Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class ExtractLimits:
    """How much coding ``POST /api/extract`` does for clients without the token."""

    max_chars: int = 20_000
    """Characters of text per request, all its articles together (a long news story is ~10,000)."""
    chars_per_minute: int = 100_000
    """Characters one client may have coded per minute (about 15 s of CPU)."""
    concurrent: int = 2
    """Codings running or waiting at once, over all clients without the token."""
    most_clients: int = 10_000
    """Clients whose budgets are remembered; the least recently seen are forgotten first."""

    def __post_init__(self) -> None:
        for name in ("max_chars", "chars_per_minute", "concurrent", "most_clients"):
            if getattr(self, name) < 1:
                raise ValueError(f"ExtractLimits.{name} must be at least 1, not {getattr(self, name)}")
        if self.max_chars > self.chars_per_minute:
            raise ValueError(
                f"ExtractLimits.max_chars ({self.max_chars}) is above chars_per_minute "
                f"({self.chars_per_minute}): no request that large could ever be served"
            )


class CharBudget:
    """A token bucket per client: ``per_minute`` characters, refilled continuously.

    Args:
        per_minute: the bucket size and its refill per minute.
        clock: seconds from any origin, increasing (``time.monotonic``; tests pass their own).
        most_clients: buckets kept; the least recently used go first (a forgotten client starts full).
    """

    def __init__(self, per_minute: int, clock: Clock = time.monotonic, most_clients: int = 10_000) -> None:
        self.size = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self.most_clients = most_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, client: str, cost: int) -> float:
        """Charge ``cost`` characters to ``client``; returns 0, or the seconds to wait when refused."""
        with self._lock:
            now = self.clock()
            level, since = self._buckets.pop(client, (self.size, now))
            level = min(self.size, level + (now - since) * self.rate)
            if cost <= level:
                level -= cost
                wait = 0.0
            else:
                wait = (min(cost, self.size) - level) / self.rate
            self._buckets[client] = (level, now)
            while len(self._buckets) > self.most_clients:
                self._buckets.popitem(last=False)
            return wait


class ExtractGate:
    """Admission to coding for requests without the token (see the module docstring)."""

    def __init__(self, limits: ExtractLimits, clock: Clock = time.monotonic) -> None:
        self.limits = limits
        self.budget = CharBudget(limits.chars_per_minute, clock, limits.most_clients)
        self.running = 0
        """Admitted codings not finished yet (changed on the event loop only)."""
        self._threads = anyio.CapacityLimiter(limits.concurrent)

    def check_size(self, chars: int) -> None:
        """413 when one request holds more text than a client without the token may send."""
        if chars > self.limits.max_chars:
            raise HTTPException(
                413,
                f"{chars} characters of text in one request; without the server's token at most "
                f"{self.limits.max_chars} are coded per request. Send shorter texts or fewer articles "
                "per request, or run `dyad extract` locally.",
            )

    @contextmanager
    def admit(self, client: str, chars: int) -> Iterator[None]:
        """Hold one coding slot for ``client``'s ``chars`` characters, or refuse with 429."""
        if self.running >= self.limits.concurrent:
            raise HTTPException(
                429,
                f"the server is already coding {self.running} texts for clients without a token; "
                "retry in a few seconds.",
                headers={"Retry-After": "5"},
            )
        wait = self.budget.take(client, chars)
        if wait:
            seconds = max(1, math.ceil(wait))
            raise HTTPException(
                429,
                f"this client has had its {self.limits.chars_per_minute} characters per minute coded; "
                f"retry in {seconds} s, or send less text.",
                headers={"Retry-After": str(seconds)},
            )
        self.running += 1
        try:
            yield
        finally:
            self.running -= 1

    async def run(self, work: Callable[..., T], *args: object) -> T:
        """Run ``work(*args)`` on the gate's own threads (never the pool that serves reads).

        If the client goes away, the coding still finishes before its slot is released, so
        :attr:`running` always counts the codings really in progress.
        """
        return await anyio.to_thread.run_sync(work, *args, limiter=self._threads)
