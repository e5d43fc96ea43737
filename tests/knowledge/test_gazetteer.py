"""Gazetteer lookups: spelling variants, ranking by prior, countries, and the deterministic build."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from dyad.knowledge.gazetteer import COMPILED, Gazetteer, normalize_name


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(
    ("name", "expected", "country", "feature"),
    [
        ("kyiv", "Kyiv", "UKR", "city"),
        ("Kiev", "Kyiv", "UKR", "city"),
        ("KYIV", "Kyiv", "UKR", "city"),
        ("Kyïv", "Kyiv", "UKR", "city"),
        ("Kharkov", "Kharkiv", "UKR", "city"),
        ("Beijing", "Beijing", "CHN", "city"),
        ("Harbin", "Harbin", "CHN", "city"),
        ("Heilongjiang", "Heilongjiang", "CHN", "admin1"),
        ("Ukraine", "Ukraine", "UKR", "country"),
        ("the United States", "United States", "USA", "country"),
        ("Britain", "United Kingdom", "GBR", "country"),
        ("Gaza Strip", "Gaza Strip", "PSE", "region"),
        ("the Far East", "Far East", "RUS", "region"),
        ("Louisiana", "Louisiana", "USA", "admin1"),
        ("Calif.", "California", "USA", "admin1"),
        ("Alexandria", "Alexandria", "EGY", "city"),
    ],
)
def test_lookup_best_candidate(
    gazetteer: Gazetteer, name: str, expected: str, country: str, feature: str
) -> None:
    best = gazetteer.lookup(name)[0]
    assert (best.name, best.country, best.feature) == (expected, country, feature)


@pytest.mark.parametrize(
    ("name", "admin1"),
    [("Alexandria", "Louisiana"), ("Alexandria", "Virginia"), ("Paris", "Texas")],
)
def test_lookup_keeps_smaller_namesakes(gazetteer: Gazetteer, name: str, admin1: str) -> None:
    assert any(p.country == "USA" and p.admin1 == admin1 for p in gazetteer.lookup(name))


def test_candidates_are_ranked_country_before_state(gazetteer: Gazetteer) -> None:
    features = [p.feature for p in gazetteer.lookup("Georgia")[:2]]
    assert features == ["country", "admin1"]


@pytest.mark.parametrize(("iso3", "name"), [("UKR", "Ukraine"), ("CHN", "China"), ("CHE", "Switzerland")])
def test_country_by_code(gazetteer: Gazetteer, iso3: str, name: str) -> None:
    place = gazetteer.country(iso3)
    assert place is not None and place.name == name and place.feature == "country"


def test_unknown_country_code(gazetteer: Gazetteer) -> None:
    assert gazetteer.country("XXX") is None


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Kyïv", "kyiv"),
        ("St. Petersburg", "st petersburg"),
        ("The Hague", "hague"),
        ("Washington, D.C.", "washington d c"),
    ],
)
def test_normalize_name(raw: str, key: str) -> None:
    assert normalize_name(raw) == key


def test_load_is_cached() -> None:
    assert Gazetteer.load() is Gazetteer.load()


def test_compiled_file_is_small() -> None:
    # the columnar form (keys and candidate order precomputed) is 4.7 MB against 3.6 MB of JSON:
    # the price of opening it in 0.25 s instead of rebuilding it in 3.4 s; keep it under 5 MB
    assert COMPILED.stat().st_size < 5_000_000


def test_loading_opens_the_columns_and_computes_no_key(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from dyad.knowledge import gazetteer as module

    def refuse(name: str) -> str:
        raise AssertionError(f"load normalized {name!r}: keys belong to the compiled file")

    monkeypatch.setattr(module, "normalize_name", refuse)
    loaded = module.Gazetteer.load.__wrapped__(COMPILED)  # bypass the per-process cache
    assert len(loaded.index) > 200_000 and loaded.index["kyiv"][0][0] >= 0
    assert loaded.places[loaded.index["kyiv"][0][0]].country == "UKR"


def test_build_is_deterministic_and_current() -> None:
    """Rebuilding from the packages and the supplement gives the shipped bytes."""
    script = Path(__file__).resolve().parents[2] / "scripts" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == COMPILED.read_bytes(), "run scripts/build_gazetteer.py and commit the result"
