"""Stored text stays inert: http(s)-only links, a strict CSP and its companion headers on every answer."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dyad.api.render import web_link
from dyad.api.security import inline_style_hashes, style_hash

BEARER = {"Authorization": "Bearer s3cret"}
EMPTY_STYLE = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
"""The CSP hash of an empty <style> element (SHA-256 of no bytes)."""


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/news/1", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG/A?b=c#d", True),
        ("javascript:alert(3)", False),
        ("JavaScript:alert(3)", False),
        (" javascript:alert(3)", False),
        ("java\tscript:alert(3)", False),
        ("https://exa mple.org", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
        ("file:///etc/passwd", False),
        ("//evil.example/x", False),
        ("http:///no-host", False),
        ("https://[::1", False),
        ("/articles/relative", False),
        ("", False),
        (None, False),
    ],
)
def test_only_http_addresses_become_links(url: str | None, linked: bool) -> None:
    assert (web_link(url) == url) if linked else web_link(url) is None


@pytest.mark.parametrize(
    "url", ["javascript:alert(3)", "data:text/html,x", "//evil.example/x", "ftp://x.org/a"]
)
@pytest.mark.parametrize("endpoint", ["/api/extract", "/api/articles"])
def test_posted_urls_must_be_http(writable: Any, endpoint: str, url: str) -> None:
    before = writable.get("/api/counts").json()
    answer = writable.post(endpoint, json={"text": "Talks in Beijing.", "url": url}, headers=BEARER)
    assert answer.status_code == 422, answer.text
    assert any(p["where"].endswith("url") and "http" in p["message"] for p in answer.json()["problems"])
    assert writable.get("/api/counts").json() == before


@pytest.fixture(scope="module")
def ingested_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A store fed from JSONL (which may hold any url) with a hostile and a good article URL."""
    from fastapi.testclient import TestClient

    from dyad.api import create_app
    from dyad.store.ingest import ingest
    from dyad.store.store import Store

    root = tmp_path_factory.mktemp("urls")
    news = root / "news.jsonl"
    records = [
        {
            "id": "evil",
            "date": "2024-05-17",
            "text": "Xi Jinping hosted Putin.",
            "url": "javascript:alert(3)",
        },
        {
            "id": "good",
            "date": "2024-05-18",
            "text": "Putin visited Beijing.",
            "url": "https://example.org/a",
        },
    ]
    news.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    ingest([str(news)], Store(root / "store"), progress=False)
    with TestClient(create_app(root / "store"), raise_server_exceptions=False) as client:
        yield client


def test_a_stored_script_url_is_shown_as_text_not_as_a_link(ingested_urls: Any) -> None:
    page = ingested_urls.get("/articles/evil")
    assert page.status_code == 200
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', page.text))
    assert '<code class="url">javascript:alert(3)</code>' in page.text
    assert ingested_urls.get("/articles/evil.json").json()["article"]["url"] == "javascript:alert(3)"


def test_a_stored_web_url_is_a_link(ingested_urls: Any) -> None:
    page = ingested_urls.get("/articles/good")
    assert '<a href="https://example.org/a" rel="noreferrer noopener">original</a>' in page.text


# -- headers ---------------------------------------------------------------------------------------


def _requests() -> list[tuple[str, str, dict[str, Any], int]]:
    return [
        ("GET", "/", {}, 200),
        ("GET", "/articles", {}, 200),
        ("GET", "/api/counts", {}, 200),
        ("GET", "/index.json", {}, 200),
        ("GET", "/static/dyad.js", {}, 200),
        ("GET", "/vendor/plotly.min.js", {}, 200),
        ("GET", "/docs", {}, 200),
        ("GET", "/openapi.json", {}, 200),
        ("GET", "/nothing-here", {}, 404),
        ("GET", "/api/events?limit=0", {}, 422),
        ("POST", "/api/extract", {"content": b"x" * 1_100_000}, 413),
        ("POST", "/api/articles", {"json": {"text": "x"}}, 403),
    ]


@pytest.mark.parametrize(("method", "path", "extra", "status"), _requests())
def test_every_answer_carries_the_security_headers(
    client: Any, method: str, path: str, extra: dict[str, Any], status: int
) -> None:
    answer = client.request(method, path, **extra)
    assert answer.status_code == status
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]


def test_the_policy_allows_no_inline_script_and_no_eval(client: Any) -> None:
    policy = dict(
        (part.split()[0], part.split()[1:])
        for part in client.get("/").headers["Content-Security-Policy"].split("; ")
    )
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"][0] == "'self'"
    assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]+=*'", source) for source in policy["style-src"][1:])
    assert EMPTY_STYLE in policy["style-src"]  # the empty <style> plotly fills through the CSSOM
    assert policy["base-uri"] == ["'none'"]


PAGES = ["/", "/events", "/dyads", "/dyads/CHN-RUS", "/network", "/actors", "/articles", "/docs"]


@pytest.mark.parametrize("path", [*PAGES, "/articles/05_china_russia_xi_moscow_2019"])
def test_pages_hold_nothing_the_policy_would_block(client: Any, path: str) -> None:
    """No inline script, no event-handler attribute, no style attribute: the CSP would block them."""
    html = client.get(path).text
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'src="/' in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", html)
    assert not re.search(r"\sstyle\s*=", html)
    assert "<style" not in html


def test_an_unexpected_error_is_a_500_in_the_error_shape_with_the_headers(sample_store: Path) -> None:
    from fastapi.testclient import TestClient

    from dyad.api import create_app

    app = create_app(sample_store)

    def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/api/broken", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/api/broken")
    assert answer.status_code == 500
    assert answer.json() == {
        "detail": "internal error; it has been logged. Please report it.",
        "problems": [],
    }
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in answer.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("var x = 1;", [EMPTY_STYLE]),
        ('n=document.createElement("style"),n.appendChild(document.createTextNode(""))', [EMPTY_STYLE]),
        (
            "var e=document.createElement('style');e.id=\"x\",e.textContent='.a{color:red}',go(e)",
            [EMPTY_STYLE, style_hash(".a{color:red}")],
        ),
        ('e=document.createElement("style");e.textContent="a\\"b"', [EMPTY_STYLE]),  # escaped: not hashed
    ],
)
def test_inline_style_hashes_follow_the_script(script: str, expected: list[str]) -> None:
    assert inline_style_hashes(script) == expected


def test_the_served_plotly_styles_are_allowed(client: Any) -> None:
    """plotly.min.js injects maplibre's stylesheet at load: its hash must be in the policy."""
    from dyad.api.app import plotly_js

    bundle = plotly_js().read_text(encoding="utf-8")
    policy = client.get("/").headers["Content-Security-Policy"]
    assert set(inline_style_hashes(bundle)) <= set(policy.replace(";", " ").split())
    assert len(inline_style_hashes(bundle)) >= 2
