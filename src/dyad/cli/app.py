"""The Typer application and its sub-groups. Command modules attach themselves to these objects."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="dyad",
    help="Dyad turns dated news text into coded event data: who did what to whom, when and where.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
actors_app = typer.Typer(help="Inspect and use the actor knowledge base.", no_args_is_help=True)
app.add_typer(actors_app, name="actors")
