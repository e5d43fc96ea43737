"""The engine interface and the registry that finds engines by name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib.metadata import entry_points
from itertools import islice
from typing import Protocol, runtime_checkable

from dyad.errors import ConfigError
from dyad.model import Article, ArticleResult, ReadError

Item = Article | ReadError
Result = ArticleResult | ReadError


@runtime_checkable
class Engine(Protocol):
    """Codes a stream of records, yielding results in input order. Usable as a context manager."""

    name: str

    def code(self, items: Iterable[Item], batch_size: int = 32) -> Iterator[Result]:
        """Code ``items``; memory stays bounded however long the stream is."""
        ...

    def close(self) -> None:
        """Release workers, clusters and connections."""
        ...

    def __enter__(self) -> Engine:
        """Engines are context managers that close themselves."""
        ...

    def __exit__(self, *exc: object) -> None:
        """Close the engine."""
        ...


def partitions(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Cut a stream into lists of ``size`` records (the last one may be shorter)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def get_engine(name: str = "local", workers: int | None = None, scheduler: str | None = None) -> Engine:
    """The engine called ``name``: built-in ``local`` or ``dask``, or one registered under the
    ``dyad.engines`` entry-point group (a callable taking ``workers`` and ``scheduler``).

    Raises:
        ConfigError: for an unknown engine name.
    """
    if name == "local":
        from dyad.engines.local import LocalEngine

        return LocalEngine(workers=workers)
    if name == "dask":
        from dyad.engines.dask import DaskEngine

        return DaskEngine(workers=workers, scheduler=scheduler)
    for entry in entry_points(group="dyad.engines"):
        if entry.name == name:
            factory = entry.load()
            engine: Engine = factory(workers=workers, scheduler=scheduler)
            return engine
    raise ConfigError(
        f"unknown engine {name!r}: use 'local' or 'dask', or install a package that registers "
        "one under the 'dyad.engines' entry-point group"
    )
