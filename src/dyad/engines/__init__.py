"""Batch engines: the same per-partition coding function run in-process, on local cores, or on Dask.

Engines are found by name through the ``dyad.engines`` entry-point group (built-ins: ``local``,
``dask``), so a deployment can plug in its own runner without touching Dyad.
"""

from __future__ import annotations

from dyad.engines.base import Engine, get_engine

__all__ = ["Engine", "get_engine"]
