"""The compiled knowledge that ships is exactly what the sources in data/ build (no drift)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad.knowledge.build import BUILDERS, build_all
from dyad.knowledge.paths import COMPILED, SOURCE_DATA


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SOURCE_DATA.is_dir():
        pytest.skip("data/ sources are not present (installed package without the repository)")
    out = tmp_path_factory.mktemp("compiled")
    build_all(SOURCE_DATA, out)
    return out


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_shipped_knowledge_matches_sources(rebuilt: Path, name: str) -> None:
    shipped = (COMPILED / name).read_bytes()
    assert shipped == (rebuilt / name).read_bytes(), (
        f"src/dyad/knowledge/compiled/{name} is stale: run `make knowledge` and commit the result"
    )


def test_build_is_deterministic(rebuilt: Path, tmp_path: Path) -> None:
    build_all(SOURCE_DATA, tmp_path)
    for name in BUILDERS:
        assert (tmp_path / name).read_bytes() == (rebuilt / name).read_bytes()
