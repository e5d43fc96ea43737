"""``dyad serve``: the web API and dashboard over a store."""

from __future__ import annotations

from typing import Annotated

import typer

from dyad.cli.app import app
from dyad.cli.store_commands import DEFAULT_STORE, StoreOption


@app.command()
def serve(
    store: StoreOption = DEFAULT_STORE,
    host: Annotated[
        str, typer.Option(help="Address to bind; the default serves this machine only.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="DYAD_TOKEN", help="Bearer token that enables POST /api/articles (env DYAD_TOKEN)."
        ),
    ] = None,
) -> None:
    """Serve the REST API and the dashboard; reads are open, writes need the token.

    Open http://127.0.0.1:8000/ for the dashboard and /docs for the API reference.

    Example: dyad serve --store dyad-data --port 8000 --token "$(openssl rand -hex 16)"
    """
    import uvicorn

    from dyad.api import create_app

    web = create_app(store, token=token)
    writes = "enabled (bearer token)" if token else "disabled (no --token)"
    typer.echo(
        f"Dyad on http://{host}:{port}/ over {store}; API reference at /docs; writes {writes}.", err=True
    )
    uvicorn.run(web, host=host, port=port, log_level="warning")
