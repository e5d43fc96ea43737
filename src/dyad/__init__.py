"""Dyad: turn dated news text into coded, evidenced event data.

``import dyad`` stays light: spaCy, DuckDB, Dask and the web server load only when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from dyad.store.store import Store


def open(path: str = "dyad-data") -> Store:
    """Open (or create) an event store directory and return its query interface."""
    from dyad.store.store import Store

    return Store(path)


def extract(text: str, date: str | None = None, **kwargs: Any) -> list[dict[str, object]]:
    """Code one text and return its events in the ``dyad extract`` JSON shape."""
    from dyad.extract import extract_text

    return extract_text(text, date, **kwargs)
