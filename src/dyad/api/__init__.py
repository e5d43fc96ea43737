"""The web API and dashboard (``dyad serve``): FastAPI routes, Jinja2 templates, static files.

Imported only by ``dyad serve`` and tests, so ``import dyad`` never loads the web stack.
"""

from __future__ import annotations

from dyad.api.app import ServerConfig, create_app

__all__ = ["ServerConfig", "create_app"]
