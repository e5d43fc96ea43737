"""Command line: thin commands that parse options, call one library function, and format output.

Each ``*_commands`` module attaches its commands to :data:`dyad.cli.app.app`.
"""

from __future__ import annotations

import sys

# Importing a module registers its commands. Keep this list in sync with the modules below.
from dyad.cli import (
    actor_commands,  # noqa: F401  actors resolve/show
    eval_commands,  # noqa: F401  eval
    explain_commands,  # noqa: F401  explain
    serve_commands,  # noqa: F401  serve (web API and dashboard)
    store_commands,  # noqa: F401  ingest, events, dyad, top, network, sql, export
    text_commands,  # noqa: F401  extract, classify, timex, places
)
from dyad.cli.app import app
from dyad.errors import DyadError


def main() -> None:
    """Entry point of the ``dyad`` executable; user errors print a message, not a traceback."""
    try:
        app()
    except DyadError as error:
        print(f"dyad: error: {error}", file=sys.stderr)
        raise SystemExit(1) from None
