"""The Dask engine: the same per-partition function on a ``dask.distributed`` cluster.

With no scheduler address a LocalCluster of ``workers`` single-threaded processes is started;
with one (``tcp://host:8786``) the engine joins an existing cluster (dask-jobqueue, Kubernetes...).
Each worker process builds the spaCy pipeline once and keeps it for every later partition.
Results are gathered in input order through a bounded window of futures, so the driver never holds
more than a few partitions and the store only ever sees committed batches.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from dyad.engines.base import Item, Result, partitions
from dyad.engines.local import default_workers
from dyad.engines.partition import code_partition


class DaskEngine:
    """Runs :func:`code_partition` as Dask tasks."""

    name = "dask"

    def __init__(self, workers: int | None = None, scheduler: str | None = None) -> None:
        self.workers = workers or default_workers()
        self.scheduler = scheduler
        self._client: Any = None
        self._cluster: Any = None

    def _ensure_client(self) -> Any:
        if self._client is None:
            from distributed import Client, LocalCluster

            if self.scheduler:
                self._client = Client(self.scheduler)
            else:
                self._cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=40,
                )
                self._client = Client(self._cluster)
        return self._client

    def code(self, items: Iterable[Item], batch_size: int = 32) -> Iterator[Result]:
        """Code ``items`` in input order."""
        client = self._ensure_client()
        window: deque[Any] = deque()
        slots = 2 * max(1, len(client.scheduler_info().get("workers", {})) or self.workers)
        for number, chunk in enumerate(partitions(items, batch_size)):
            window.append(
                client.submit(
                    code_partition, chunk, batch_size, key=f"dyad-partition-{id(self)}-{number}", pure=False
                )
            )
            if len(window) >= slots:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()

    def close(self) -> None:
        """Disconnect, and stop the LocalCluster if this engine started one."""
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
