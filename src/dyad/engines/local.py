"""The local engine: in-process for one worker, a process pool (model loaded once per worker) for more."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import Any

from dyad.engines.base import Item, Result, partitions
from dyad.engines.partition import code_partition, warm_up


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - non-Linux
        return max(1, os.cpu_count() or 1)


class LocalEngine:
    """Runs :func:`code_partition` on local cores.

    Partitions are submitted through a window of ``2 × workers`` so a long input stream is never
    read ahead of what the workers can take (memory stays flat), and results come back in order.
    Workers start with the ``spawn`` method: a fork of a process running a progress-bar thread can
    deadlock, and spawn keeps each worker's model private.
    """

    name = "local"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or default_workers()
        self._pool: Any = None

    def _ensure_pool(self) -> Any:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = context.Pool(self.workers, initializer=warm_up)
        return self._pool

    def code(self, items: Iterable[Item], batch_size: int = 32) -> Iterator[Result]:
        """Code ``items`` in input order.

        Small inputs (no more than two partitions) are coded in this process: starting workers
        would cost more than it saves.
        """
        iterator = iter(items)
        head = list(islice(iterator, 2 * batch_size + 1))
        if self.workers == 1 or len(head) <= 2 * batch_size:
            from dyad.nlp.pipeline import code_articles

            yield from code_articles(chain(head, iterator), batch_size=batch_size)
            return
        pool = self._ensure_pool()
        window: deque[Any] = deque()
        for chunk in partitions(chain(head, iterator), batch_size):
            window.append(pool.apply_async(code_partition, (chunk, batch_size)))
            if len(window) >= 2 * self.workers:
                yield from window.popleft().get()
        while window:
            yield from window.popleft().get()

    def close(self) -> None:
        """Stop the worker processes."""
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
