"""Response headers that keep stored text inert in the browser: a strict CSP and its companions.

Article texts, titles and URLs come from whoever fed the store (a JSONL file, a CSV export, a POST
with the token), so the dashboard treats them as hostile: templates escape them, links are made
only from http(s) addresses (:func:`dyad.api.render.web_link`), and the browser is told to run no
script but the server's own files. The pages need nothing else: JavaScript and CSS are static files
under ``/static``, plotly is ``/vendor/plotly.min.js``, page data sits in
``<script type="application/json">`` blocks (data, never executed), and charts, the paste box and
the API reference are started from ``dyad.js``.

The one inline thing allowed is plotly's own CSS: plotly adds empty ``<style>`` elements that it
fills through the CSSOM, and one stylesheet literal (maplibre's). They are allowed by their SHA-256
hashes, read from the plotly bundle that is served (:func:`inline_style_hashes`), so no other
inline style, injected or not, applies.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections.abc import Callable, Sequence

from fastapi import Request
from fastapi.responses import Response
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("dyad.api")

_STYLE_ELEMENT = re.compile(r"""createElement\(["']style["']\)""")
_TEXT_START = re.compile(r"""\.textContent=(['"])""")


def style_hash(css: str) -> str:
    """The CSP source expression that allows a ``<style>`` element holding exactly ``css``."""
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def inline_style_hashes(script: str) -> list[str]:
    """Hashes of the ``<style>`` elements ``script`` creates: an empty one, and each literal it injects."""
    found = [style_hash("")]
    for element in _STYLE_ELEMENT.finditer(script):
        start = _TEXT_START.search(script, element.end(), element.end() + 400)
        if start:
            end = script.find(start.group(1), start.end())
            css = script[start.end() : end]
            if end > 0 and "\\" not in css:  # an escape would make the JS value differ from the text
                found.append(style_hash(css))
    return list(dict.fromkeys(found))


def content_security_policy(style_hashes: Sequence[str] = ()) -> str:
    """Only this server's own files run or style a page; no inline script, no eval, no framing."""
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            " ".join(["style-src 'self'", *style_hashes]),
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers(policy: str) -> dict[str, str]:
    """Sent with every answer: pages, JSON, static files, errors (413 from the body limit included)."""
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


class SecurityHeaders:
    """ASGI middleware: add :func:`security_headers` to every response, unexpected errors included.

    It is the outermost of the app's middleware, so it also answers an exception nothing else
    handled (``on_error`` builds the 500 in the usual error shape): Starlette's own last-resort
    handler sits outside every middleware and would send that answer without these headers.
    """

    def __init__(self, app: ASGIApp, policy: str, on_error: Callable[[Request], Response]) -> None:
        self.app = app
        self.headers = security_headers(policy)
        self.on_error = on_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers[name] = value
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unexpected error on %s", scope.get("path"))
            if started:
                raise
            answer = self.on_error(Request(scope))
            await answer(scope, receive, send_with_headers)
