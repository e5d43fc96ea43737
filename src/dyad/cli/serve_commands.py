"""``dyad serve``: the web API and dashboard over a store.

The token that enables writes comes from the environment (``DYAD_TOKEN``) or a file
(``--token-file``), never from the command line, where every user of the machine can read it in
``ps``; ``--token`` still works for old scripts, with a warning. A server that other machines can
reach needs a token unless ``--insecure`` says that an open server is intended.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path
from typing import Annotated

import typer

from dyad.cli.app import app
from dyad.cli.store_commands import DEFAULT_STORE, StoreOption
from dyad.errors import DyadError

TOKEN_ENV = "DYAD_TOKEN"


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or a name) only ever means this machine."""
    name = host.strip().strip("[]")
    if name.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        pass
    try:
        found = {info[4][0] for info in socket.getaddrinfo(name, None)}
    except (OSError, UnicodeError):
        return False
    addresses = [ipaddress.ip_address(str(address).split("%")[0]) for address in found]
    return bool(addresses) and all(address.is_loopback for address in addresses)


def check_bind(host: str, token: str | None, insecure: bool) -> None:
    """Refuse a non-loopback ``host`` without a token, unless ``insecure`` (a usage error)."""
    if token or insecure or is_loopback(host):
        return
    raise typer.BadParameter(
        f"{host} can be reached from other machines, and no token is set. Set {TOKEN_ENV} "
        "(or pass --token-file FILE) so that writes need the token, keep the default --host "
        "127.0.0.1, or add --insecure if a server open to the network is what you want.",
        param_hint="--host",
    )


def read_token_file(path: Path) -> str:
    """The token in ``path`` (surrounding whitespace removed); warns if other users can read it."""
    try:
        text = path.read_text(encoding="utf-8")
        mode = path.stat().st_mode
    except (OSError, UnicodeDecodeError) as error:
        raise typer.BadParameter(f"cannot read {path}: {error}", param_hint="--token-file") from None
    token = text.strip()
    if not token:
        raise typer.BadParameter(f"{path} is empty; write the token into it.", param_hint="--token-file")
    if mode & 0o077:
        typer.echo(f"warning: {path} is readable by other users; run `chmod 600 {path}`.", err=True)
    return token


def server_token(option: str | None, token_file: Path | None, environment: str | None) -> str | None:
    """The token from ``--token-file``, ``--token`` (with a warning) or ``DYAD_TOKEN``, in that order."""
    if option and token_file:
        raise typer.BadParameter("give the token one way: --token-file or --token, not both.")
    if token_file:
        return read_token_file(token_file)
    if option:
        typer.echo(
            "warning: --token is visible to every user of this machine (`ps`, shell history); "
            f"set {TOKEN_ENV} or use --token-file FILE instead.",
            err=True,
        )
        return option
    return environment or None


@app.command()
def serve(
    store: StoreOption = DEFAULT_STORE,
    host: Annotated[
        str,
        typer.Option(
            help="Address to bind; the default serves this machine only. Any other needs a token "
            "or --insecure."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file",
            dir_okay=False,
            help=f"File holding the bearer token that enables POST /api/articles (or set {TOKEN_ENV}).",
        ),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(help=f"The token itself; deprecated: other users see it in `ps`. Use {TOKEN_ENV}."),
    ] = None,
    insecure: Annotated[
        bool,
        typer.Option(
            "--insecure", help="Allow a non-loopback --host without a token (reads open to the network)."
        ),
    ] = False,
) -> None:
    """Serve the REST API and the dashboard; reads are open, writes need the token.

    Open http://127.0.0.1:8000/ for the dashboard and /docs for the API reference. The token is
    read from DYAD_TOKEN or from --token-file, so it never shows in `ps`.

    Example: DYAD_TOKEN="$(openssl rand -hex 16)" dyad serve --store dyad-data --port 8000
    """
    secret = server_token(token, token_file, os.environ.get(TOKEN_ENV))
    check_bind(host, secret, insecure)
    import uvicorn

    from dyad.api import create_app

    try:
        web = create_app(store, token=secret)
    except OSError as error:
        raise DyadError(f"cannot open the store {store}: {error}") from None
    writes = "enabled (bearer token)" if secret else f"disabled (no {TOKEN_ENV} or --token-file)"
    if not secret and not is_loopback(host):
        typer.echo(f"warning: serving {store} to the network without a token (--insecure).", err=True)
    typer.echo(
        f"Dyad on http://{host}:{port}/ over {store}; API reference at /docs; writes {writes}.", err=True
    )
    uvicorn.run(web, host=host, port=port, log_level="warning")
