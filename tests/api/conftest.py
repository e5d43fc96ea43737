"""Fixtures for the web API: one store coded from the sample corpus per session, and clients over it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # Starlette's TestClient warns that it wants httpx2; httpx is what FastAPI's docs and our pins use.
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient`")


def build_sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus coded by the real pipeline, built once per session (shared with tests/browser)."""
    from dyad.store.ingest import ingest, sample_paths
    from dyad.store.store import Store

    path = tmp_path_factory.getbasetemp() / "sample-store"
    done = path / ".complete"
    if not done.exists():
        shutil.rmtree(path, ignore_errors=True)
        ingest(sample_paths(), Store(path), progress=False)
        done.touch()
    return path


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_store(tmp_path_factory)


@pytest.fixture(scope="session")
def client(sample_store: Path) -> Iterator[object]:
    """A read-only client (no token configured: writes are disabled)."""
    from fastapi.testclient import TestClient

    from dyad.api import create_app

    with TestClient(create_app(sample_store), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture()
def writable(sample_store: Path, tmp_path: Path) -> Iterator[object]:
    """A client with token ``s3cret`` over a private copy of the sample store."""
    from fastapi.testclient import TestClient

    from dyad.api import create_app

    copy = tmp_path / "store"
    shutil.copytree(sample_store, copy)
    with TestClient(create_app(copy, token="s3cret"), raise_server_exceptions=False) as test_client:
        yield test_client
