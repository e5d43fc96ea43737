"""The FastAPI application: configuration, request-size limit, error answers, static files, routes.

``create_app(store_path, token)`` builds the app that ``dyad serve`` runs. Reads are open; the one
write endpoint (``POST /api/articles``) needs the bearer token, and coding pasted text
(``POST /api/extract``) is bounded for clients without it (:mod:`dyad.api.limits`). Errors are
answered in one shape, :class:`dyad.api.schemas.ErrorOut` (``{"detail", "problems"}``) for API and
``.json`` paths and an HTML page for dashboard paths, with a 4xx status for anything the client can
fix and 503 when the store cannot be read or written. Every answer carries the security headers of
:mod:`dyad.api.security`.
"""

from __future__ import annotations

import errno
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dyad import __version__
from dyad.api.data import Backend
from dyad.api.limits import ExtractGate, ExtractLimits
from dyad.api.security import SecurityHeaders, content_security_policy, inline_style_hashes
from dyad.api.writes import Problems
from dyad.errors import DyadError, StoreError
from dyad.store.store import Store

HERE = Path(__file__).parent
MAX_BODY = 1_000_000
"""Largest accepted request body in bytes (a few dozen news articles)."""
log = logging.getLogger("dyad.api")

DESCRIPTION = """Dyad's coded events, over HTTP. Reads are open; `POST /api/articles` needs
`Authorization: Bearer <token>`. Without the token, `POST /api/extract` codes (by default) at most
20,000 characters per request and 100,000 per minute per client (413 and 429 beyond). Every
dashboard page is also JSON: add `.json` to its path (`/dyads/CHN-RUS.json`). Errors are
`{"detail": "...", "problems": [{"where", "message"}]}`."""


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """What the app serves and who may write."""

    store: Path
    """The event store directory."""
    token: str | None = None
    """Bearer token for writes; None disables writes."""
    max_body: int = MAX_BODY
    """Request body limit in bytes; larger bodies get 413."""
    extract: ExtractLimits = field(default_factory=ExtractLimits)
    """Bounds on coding pasted text for clients without the token."""


class BodyLimit:
    """ASGI middleware: answer 413 when a request body is larger than ``limit`` bytes.

    The body is buffered (it is small by construction) and replayed to the app, so the limit holds
    whether or not the client sent a Content-Length.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        answer = JSONResponse(
            {
                "detail": f"request body is larger than {self.limit} bytes; send fewer or "
                "shorter articles per request.",
                "problems": [],
            },
            status_code=413,
        )
        await answer(scope, receive, send)


class BlankQueryIsUnset:
    """ASGI middleware: drop ``name=`` query parameters, so an empty form field means "no filter"."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("query_string"):
            pairs = scope["query_string"].split(b"&")
            kept = [pair for pair in pairs if pair and not pair.endswith(b"=")]
            if len(kept) != len(pairs):
                scope = {**scope, "query_string": b"&".join(kept)}
        await self.app(scope, receive, send)


def wants_json(request: Request) -> bool:
    """API paths, ``.json`` twins and clients that accept only JSON get JSON errors."""
    path = request.url.path
    accept = request.headers.get("accept", "")
    return (
        path.startswith("/api")
        or path.endswith(".json")
        or path == "/openapi.json"
        or ("application/json" in accept and "text/html" not in accept)
    )


def error_answer(
    request: Request,
    status: int,
    detail: str,
    problems: list[dict[str, str]],
    headers: dict[str, str] | None = None,
) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": detail, "problems": problems}, status_code=status, headers=headers)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "detail": detail, "problems": problems},
        status_code=status,
        headers=headers,
    )


def _validation_problems(error: RequestValidationError) -> list[dict[str, str]]:
    problems = []
    for item in error.errors():
        where = ".".join(str(p) for p in item.get("loc", ()))
        problems.append({"where": where or "request", "message": str(item.get("msg", "invalid value"))})
    return problems


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        problems = _validation_problems(error)
        summary = "; ".join(f"{p['where']}: {p['message']}" for p in problems[:5])
        return error_answer(
            request, 422, f"invalid request ({summary}); see /docs for the parameters.", problems
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        detail = error.detail if isinstance(error.detail, str) else str(error.detail)
        if error.status_code == 404 and detail == "Not Found":
            detail = f"nothing at {request.url.path}; see /docs for the API and / for the dashboard."
        return error_answer(request, error.status_code, detail, [], dict(error.headers or {}) or None)

    @app.exception_handler(Problems)
    async def rejected(request: Request, error: Problems) -> Response:
        problems = [{"where": w, "message": m} for w, m in error.problems]
        return error_answer(
            request, 422, f"{len(problems)} record(s) rejected; nothing was coded or stored.", problems
        )

    @app.exception_handler(DyadError)
    async def dyad_error(request: Request, error: DyadError) -> Response:
        return error_answer(request, 400, str(error), [])

    @app.exception_handler(StoreError)
    async def store_error(request: Request, error: StoreError) -> Response:
        log.error("%s: %s", request.url.path, error)
        return error_answer(request, 503, str(error), [])

    @app.exception_handler(OSError)
    async def os_error(request: Request, error: OSError) -> Response:
        log.error("%s: %s", request.url.path, error)
        return error_answer(request, 503, os_error_message(request.app.state.config.store, error), [])


def os_error_message(store: Path, error: OSError) -> str:
    """What to do about a file system error met while serving ``store`` (read-only, full, ...)."""
    what = f"{error.strerror or error}" + (f": {error.filename}" if error.filename else "")
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        advice = (
            f"give the user running `dyad serve` read access to {store} (and write access, for "
            "POST /api/articles)."
        )
    elif error.errno in (errno.ENOSPC, errno.EDQUOT):
        advice = f"free some disk space where {store} lives, then retry; nothing was stored."
    else:
        advice = f"check {store} and its files, then retry."
    return f"the store could not be read or written ({what}); {advice}"


def unexpected_error(request: Request) -> Response:
    """The answer to an exception nothing else handled (a bug: it is logged with its traceback)."""
    return error_answer(request, 500, "internal error; it has been logged. Please report it.", [])


def plotly_js() -> Path:
    """plotly.min.js from the installed plotly package (so charts work offline)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@lru_cache(maxsize=1)
def plotly_style_hashes() -> tuple[str, ...]:
    """CSP hashes of the inline styles plotly.min.js creates (see :mod:`dyad.api.security`)."""
    return tuple(inline_style_hashes(plotly_js().read_text(encoding="utf-8")))


def create_app(
    store: str | Path | Store,
    token: str | None = None,
    max_body: int = MAX_BODY,
    extract_limits: ExtractLimits | None = None,
) -> FastAPI:
    """Build the web app over an existing store.

    Args:
        store: a store directory (must exist) or an open :class:`Store`.
        token: bearer token that enables ``POST /api/articles``; None disables writes.
        max_body: request body limit in bytes.
        extract_limits: bounds on ``POST /api/extract`` without the token (defaults: ExtractLimits()).
    """
    from dyad.api import pages, routes

    opened = store if isinstance(store, Store) else Store(store, create=False)
    app = FastAPI(
        title="Dyad",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    config = ServerConfig(opened.path, token or None, max_body, extract_limits or ExtractLimits())
    app.state.config = config
    app.state.backend = Backend(opened)
    app.state.extract_gate = ExtractGate(config.extract)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["version"] = __version__
    templates.env.globals.update(pages.template_helpers())
    app.state.templates = templates
    app.add_middleware(BodyLimit, limit=max_body)
    app.add_middleware(BlankQueryIsUnset)
    policy = content_security_policy(plotly_style_hashes())
    app.add_middleware(SecurityHeaders, policy=policy, on_error=unexpected_error)  # last: outermost
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_bundle() -> FileResponse:
        return FileResponse(
            plotly_js(), media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"}
        )

    app.include_router(routes.router)
    app.include_router(pages.router)
    return app


def page_context(request: Request, **values: Any) -> dict[str, Any]:
    """Template context shared by every page."""
    return {"path": request.url.path, "writes_enabled": bool(request.app.state.config.token), **values}
