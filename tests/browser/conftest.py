"""Browser fixtures: the app served on a free localhost port, and Debian's Chromium driven by Playwright.

Tests skip (with the reason) when Playwright or /usr/bin/chromium is missing; `make test` installs
Chromium through the `browser-deps` target. Nothing is downloaded: Playwright's own browsers are
never used.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("DYAD_CHROMIUM", "/usr/bin/chromium"))
"""Debian's Chromium; DYAD_CHROMIUM points elsewhere (tests skip when it is missing)."""
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def build_sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus coded by the real pipeline, once per session (same folder as tests/api uses)."""
    from dyad.store.ingest import ingest, sample_paths
    from dyad.store.store import Store

    path = tmp_path_factory.getbasetemp() / "sample-store"
    done = path / ".complete"
    if not done.exists():
        shutil.rmtree(path, ignore_errors=True)
        ingest(sample_paths(), Store(path), progress=False)
        done.touch()
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard served by uvicorn in a background thread, over the sample store."""
    import uvicorn

    from dyad.api import create_app

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(build_sample_store(tmp_path_factory)), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the test server did not start within 30 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install '.[dev]')"
    )
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium (`make browser-deps`)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@dataclass
class Watched:
    """A page plus what it did: console errors, uncaught exceptions, and every URL it requested."""

    page: Any
    base_url: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        local = (self.base_url, "data:", "blob:", "about:")
        return [url for url in self.requests if not url.startswith(local)]

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture()
def watched(browser: Any, base_url: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    seen = Watched(page, base_url)
    page.on("console", lambda message: seen.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("request", lambda request: seen.requests.append(request.url))
    yield seen
    context.close()
