"""Shared fixtures: the spaCy pipeline (built once), the shared evaluation folder, coded seed events."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_root() -> Path | None:
    """The read-only ``shared`` folder beside the repo (or $DYAD_SHARED), if present."""
    candidate = Path(os.environ.get("DYAD_SHARED", REPO.parent / "shared"))
    return candidate if candidate.is_dir() else None


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared evaluation folder; tests that need it skip cleanly when it is absent."""
    root = shared_root()
    if root is None:
        pytest.skip("../shared is absent (evaluation data is only present for developers and CI)")
    return root


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """Dyad's full pipeline, loaded once per test session."""
    from dyad.nlp.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def code_text(nlp):  # type: ignore[no-untyped-def]
    """Code a text with a publication date; returns the ArticleResult."""
    from dyad.model import Article
    from dyad.nlp.pipeline import code_articles

    def run(text: str, published: date | None = date(2024, 5, 17), article_id: str = "t"):  # type: ignore[no-untyped-def]
        result = next(iter(code_articles([Article(article_id, text, published)], nlp=nlp)))
        return result

    return run


@pytest.fixture()
def workdir(tmp_path: Path) -> Iterator[Path]:
    """A temporary folder that is also the current directory."""
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


# The slow tests: accuracy gates on the shared evaluation sets, fault injection (kills, crashes),
# real browsers, engines with worker processes, fuzzing, and whole-command subprocess runs.
# `make test` runs everything (CI too); `make test-fast` (-m "not slow") is the edit loop.
SLOW_PATHS = (
    "tests/evaluation/",
    "tests/browser/",
    "tests/engines/",
    "tests/store/test_faults.py",
    "tests/store/test_ingest_inputs.py",
    "tests/api/test_fuzz.py",
    "tests/api/test_serve_command.py",
    "tests/robustness/",
    "tests/cli/test_actor_batch.py",
    "tests/knowledge/test_gazetteer.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        where = Path(str(item.fspath)).resolve().relative_to(REPO).as_posix()
        if where.startswith(SLOW_PATHS):
            item.add_marker(pytest.mark.slow)
