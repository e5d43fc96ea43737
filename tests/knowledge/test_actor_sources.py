"""The hand-edited actor sources (countries, organisations, agents) are well formed and consistent.

These checks guard the YAML in data/actors/ before the build compiles it: schema, codes that exist,
sector codes that are declared, and surface strings that point at one actor only. The build
lower-cases every string (``dyad.knowledge.build._norm``), so collisions are checked the same way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pycountry
import pytest
import yaml

ACTORS = Path(__file__).resolve().parents[2] / "data" / "actors"

# Codes that are not current ISO 3166-1 alpha-3 entries but are accepted in countries.yaml.
HISTORICAL_CODES = {"SUN", "YUG", "CSK", "DDR"}
USER_ASSIGNED_CODES = {"XKX"}  # Kosovo, as used by the EU, IMF and World Bank

# CAMEO region codes allowed in an organisation's country slot, plus the IGO/NGO slots.
REGION_CODES = {
    "AFR",
    "ASA",
    "BLK",
    "CAS",
    "CAU",
    "CEU",
    "CFR",
    "CRB",
    "EAF",
    "EEU",
    "EUR",
    "LAM",
    "MDT",
    "MEA",
    "NAF",
    "NAM",
    "PGS",
    "SAF",
    "SAM",
    "SAS",
    "SCN",
    "SEA",
    "WAF",
    "WST",
}
ORG_SLOTS = {"IGO", "NGO"}

COUNTRY_STATUSES = {"member", "observer", "partial", "territory", "historical", "other"}
COUNTRY_KEYS = {
    "iso3",
    "name",
    "status",
    "parent",
    "from",
    "until",
    "successor",
    "aliases",
    "adjectives",
    "demonyms",
    "capital",
    "metonyms",
}
ORG_KEYS = {"code", "country", "sectors", "name", "aliases", "kind", "history"}
ORG_KINDS = {"organization", "group", "media"}

# UN members with no capital metonym, and why (documented in countries.yaml too).
CAPITAL_METONYM_EXCEPTIONS = {
    "BEL": "Brussels stands for the European Union",
    "NLD": "The Hague stands for the international courts",
    "YEM": "Sanaa has been held by the Houthis since 2014",
    "SYC": "Victoria is too ambiguous",
}

# Surface strings deliberately shared by two countries: none so far. Add "string": {"AAA", "BBB"}
# with a comment if one is ever needed, so the resolver's ambiguity is a decision, not an accident.
SHARED_COUNTRY_STRINGS: dict[str, set[str]] = {}


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys (plain safe_load keeps the last silently)."""


def _construct_unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
        if key in seen:
            problem = f"duplicate key {key!r}: keep one entry and merge the values"
            raise yaml.constructor.ConstructorError(None, None, problem, key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


def _load(name: str) -> Any:
    return yaml.load((ACTORS / name).read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)


def _norm(text: str) -> str:
    """Same key as the build: lower case, single spaces, straight apostrophes."""
    return " ".join(text.replace("’", "'").replace("‘", "'").lower().split())


COUNTRIES: list[dict[str, Any]] = _load("countries.yaml")
ORGANIZATIONS: list[dict[str, Any]] = _load("organizations.yaml")
AGENT_SOURCE: dict[str, Any] = _load("agents.yaml")
SECTORS: set[str] = set(AGENT_SOURCE["sectors"])
ISO_CODES = {c.alpha_3 for c in pycountry.countries}


def _country_strings(entry: dict[str, Any]) -> list[str]:
    return [entry["name"], *entry["aliases"], *entry["adjectives"], *entry["demonyms"], *entry["metonyms"]]


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() == v and v for v in value)


@pytest.mark.parametrize(
    ("name", "top_type"),
    [
        ("countries.yaml", list),
        ("organizations.yaml", list),
        ("agents.yaml", dict),
    ],
)
def test_source_loads_without_duplicate_keys(name: str, top_type: type) -> None:
    assert isinstance(_load(name), top_type), f"data/actors/{name}: top level must be a {top_type.__name__}"


# --- countries.yaml -------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", COUNTRIES, ids=lambda e: e.get("iso3", "?"))
def test_country_entry_schema(entry: dict[str, Any]) -> None:
    where = f"countries.yaml {entry.get('iso3')}"
    assert set(entry) <= COUNTRY_KEYS, f"{where}: unknown keys {set(entry) - COUNTRY_KEYS}"
    assert isinstance(entry["name"], str) and entry["name"], f"{where}: name is required"
    assert entry["status"] in COUNTRY_STATUSES, f"{where}: status must be one of {sorted(COUNTRY_STATUSES)}"
    for key in ("aliases", "adjectives", "demonyms"):
        assert _is_str_list(entry[key]), f"{where}: {key} must be a list of non-empty, trimmed strings"
        assert len(entry[key]) == len(set(entry[key])), f"{where}: {key} repeats a value"
    capital = entry["capital"]
    assert capital is None or isinstance(capital, str), f"{where}: capital is a string or null"
    assert isinstance(entry["metonyms"], dict), f"{where}: metonyms must be a mapping place -> sector"
    for place, sector in entry["metonyms"].items():
        assert sector in SECTORS, f"{where}: metonym {place!r} uses undeclared sector {sector!r}"
    if entry["status"] == "historical":
        assert entry["iso3"] in HISTORICAL_CODES, f"{where}: historical states use ISO 3166-3 codes"
        assert entry["from"] < entry["until"], f"{where}: from/until are years, from before until"
        assert entry["successor"] in ISO_CODES, f"{where}: successor must be an ISO-3 code"
    if "parent" in entry:
        assert entry["status"] == "territory", f"{where}: only territories have a parent"
        assert entry["parent"] in ISO_CODES, f"{where}: parent must be an ISO-3 code"


@pytest.mark.parametrize("entry", COUNTRIES, ids=lambda e: e.get("iso3", "?"))
def test_country_code_is_known(entry: dict[str, Any]) -> None:
    assert entry["iso3"] in ISO_CODES | HISTORICAL_CODES | USER_ASSIGNED_CODES, (
        f"countries.yaml: {entry['iso3']} is neither ISO 3166-1 alpha-3 nor a listed historical/user code"
    )


def test_every_iso_entry_and_extra_state_is_present() -> None:
    codes = [e["iso3"] for e in COUNTRIES]
    assert len(codes) == len(set(codes)), "countries.yaml: an iso3 code appears twice"
    missing = (ISO_CODES | HISTORICAL_CODES | USER_ASSIGNED_CODES) - set(codes)
    assert not missing, f"countries.yaml: add entries for {sorted(missing)}"


def test_un_membership_count() -> None:
    members = [e["iso3"] for e in COUNTRIES if e["status"] == "member"]
    assert len(members) == 193, f"countries.yaml: {len(members)} entries have status member, the UN has 193"


def test_no_surface_string_points_at_two_countries() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in COUNTRIES:
        for text in _country_strings(entry):
            owners[_norm(text)].add(entry["iso3"])
    clashes = {
        text: sorted(isos)
        for text, isos in owners.items()
        if len(isos) > 1 and SHARED_COUNTRY_STRINGS.get(text) != isos
    }
    assert not clashes, f"countries.yaml: strings claimed by several countries: {clashes}"


@pytest.mark.parametrize("entry", [e for e in COUNTRIES if e["status"] == "member"], ids=lambda e: e["iso3"])
def test_un_member_has_capital_metonym(entry: dict[str, Any]) -> None:
    iso3, capital = entry["iso3"], entry["capital"]
    assert capital, f"countries.yaml {iso3}: UN members need a capital"
    names = {_norm(n) for n in [entry["name"], *entry["aliases"]]}
    if iso3 in CAPITAL_METONYM_EXCEPTIONS or _norm(capital) in names:
        return  # documented exception, or a city-state whose capital is its name
    assert entry["metonyms"].get(capital) == "GOV", f"countries.yaml {iso3}: add metonym {capital!r}: GOV"


# --- organizations.yaml ---------------------------------------------------------------------------


@pytest.mark.parametrize("entry", ORGANIZATIONS, ids=lambda e: e.get("code", "?"))
def test_organization_entry_schema(entry: dict[str, Any]) -> None:
    where = f"organizations.yaml {entry.get('code')}"
    assert set(entry) <= ORG_KEYS, f"{where}: unknown keys {set(entry) - ORG_KEYS}"
    assert re.fullmatch(r"(?:[A-Z0-9]{3})+", entry["code"]), f"{where}: code is 3-character upper-case parts"
    assert entry["country"] in ISO_CODES | REGION_CODES | ORG_SLOTS, (
        f"{where}: country slot {entry['country']!r} is not ISO-3, a CAMEO region, IGO or NGO"
    )
    assert _is_str_list(entry["sectors"]) and entry["sectors"], f"{where}: sectors must be a non-empty list"
    undeclared = set(entry["sectors"]) - SECTORS
    assert not undeclared, f"{where}: sectors {undeclared} are not declared in agents.yaml"
    assert isinstance(entry["name"], str) and entry["name"], f"{where}: name is required"
    assert _is_str_list(entry["aliases"]), f"{where}: aliases must be a list of non-empty, trimmed strings"
    assert entry["kind"] in ORG_KINDS, f"{where}: kind must be one of {sorted(ORG_KINDS)}"
    for period in entry.get("history", []):
        assert set(period) <= {"from", "until", "sectors"} and set(period) & {"from", "until"}, (
            f"{where}: history periods are {{from, until, sectors}} with at least one date"
        )
        days = [date.fromisoformat(period[k]) for k in ("from", "until") if k in period]
        assert days == sorted(days), f"{where}: history period ends before it starts"
        assert set(period["sectors"]) <= SECTORS, f"{where}: history uses undeclared sectors"


def test_organization_codes_are_unique() -> None:
    codes = [e["code"] for e in ORGANIZATIONS]
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    assert not repeated, f"organizations.yaml: codes used twice: {repeated}"


def test_no_organization_name_points_at_two_organizations() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in ORGANIZATIONS:
        for text in [entry["name"], *entry["aliases"]]:
            owners[_norm(text)].add(entry["code"])
    clashes = {text: sorted(codes) for text, codes in owners.items() if len(codes) > 1}
    assert not clashes, f"organizations.yaml: names claimed by several organisations: {clashes}"


def test_organization_names_do_not_shadow_countries() -> None:
    country_strings = {_norm(t) for e in COUNTRIES for t in _country_strings(e)}
    shadowed = sorted(
        _norm(t) for e in ORGANIZATIONS for t in [e["name"], *e["aliases"]] if _norm(t) in country_strings
    )
    assert not shadowed, f"organizations.yaml: these names already belong to a country: {shadowed}"


# --- agents.yaml ----------------------------------------------------------------------------------


def test_sector_table_declares_codes_with_descriptions() -> None:
    for code, description in AGENT_SOURCE["sectors"].items():
        assert re.fullmatch(r"[A-Z]{3}", code), f"agents.yaml: sector code {code!r} is not 3 capitals"
        assert isinstance(description, str) and description, f"agents.yaml: describe sector {code}"


@pytest.mark.parametrize("entry", AGENT_SOURCE["agents"], ids=lambda e: e["terms"][0])
def test_agent_entry_schema(entry: dict[str, Any]) -> None:
    where = f"agents.yaml entry {entry['terms'][0]!r}"
    assert set(entry) == {"terms", "sectors"}, f"{where}: entries have exactly terms and sectors"
    assert _is_str_list(entry["terms"]) and entry["terms"], f"{where}: terms must be a non-empty list"
    upper = [t for t in entry["terms"] if t != t.lower()]
    assert not upper, f"{where}: write terms in lower case: {upper}"
    assert _is_str_list(entry["sectors"]) and entry["sectors"], f"{where}: sectors must be a non-empty list"
    assert set(entry["sectors"]) <= SECTORS, f"{where}: undeclared sectors {set(entry['sectors']) - SECTORS}"


def test_agent_terms_are_unique_and_plentiful() -> None:
    terms = [_norm(t) for entry in AGENT_SOURCE["agents"] for t in entry["terms"]]
    repeated = sorted({t for t in terms if terms.count(t) > 1})
    assert not repeated, f"agents.yaml: terms listed in more than one entry: {repeated}"
    assert len(terms) >= 400, f"agents.yaml: only {len(terms)} terms; the lexicon should stay above 400"


def test_agent_terms_are_not_proper_names() -> None:
    proper = {_norm(t) for e in COUNTRIES for t in _country_strings(e)}
    proper |= {_norm(t) for e in ORGANIZATIONS for t in [e["name"], *e["aliases"]]}
    terms = {_norm(t) for entry in AGENT_SOURCE["agents"] for t in entry["terms"]}
    overlap = sorted(terms & proper)
    assert not overlap, f"agents.yaml: these terms are also country or organisation names: {overlap}"


def test_modifiers_use_declared_sectors() -> None:
    for word, sector in AGENT_SOURCE["modifiers"].items():
        assert word == word.lower() and sector in SECTORS, f"agents.yaml: modifier {word!r} -> {sector!r}"


# --- decisions worth pinning (each row is a choice documented in the YAML headers) --------------


def _country_of(text: str) -> str | None:
    hits = {e["iso3"] for e in COUNTRIES if _norm(text) in {_norm(t) for t in _country_strings(e)}}
    return hits.pop() if len(hits) == 1 else None


def _metonym(text: str) -> tuple[str, str] | None:
    for entry in COUNTRIES:
        for place, sector in entry["metonyms"].items():
            if _norm(place) == _norm(text):
                return entry["iso3"], sector
    return None


def _organization(text: str) -> tuple[str, str, list[str]] | None:
    for entry in ORGANIZATIONS:
        if _norm(text) in {_norm(t) for t in [entry["name"], *entry["aliases"]]}:
            return entry["code"], entry["country"], entry["sectors"]
    return None


def _agent(text: str) -> list[str] | None:
    for entry in AGENT_SOURCE["agents"]:
        if _norm(text) in entry["terms"]:
            return list(entry["sectors"])
    return None


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Burma", "MMR"),
        ("Ivory Coast", "CIV"),
        ("U.S.", "USA"),
        ("UAE", "ARE"),
        ("DPRK", "PRK"),
        ("ROK", "KOR"),
        ("DRC", "COD"),
        ("Congo", "COD"),
        ("Sino", "CHN"),
        ("Britons", "GBR"),
        ("Georgia", "GEO"),
        ("Soviet", "SUN"),
        ("Kosovar", "XKX"),
        ("Hongkongers", "HKG"),
        ("Dominican", "DOM"),
        ("Korean", None),
        ("Jersey", None),
    ],
)
def test_country_strings(text: str, iso3: str | None) -> None:
    assert _country_of(text) == iso3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kremlin", ("RUS", "GOV")),
        ("White House", ("USA", "GOV")),
        ("Pentagon", ("USA", "MIL")),
        ("Capitol Hill", ("USA", "LEG")),
        ("Downing Street", ("GBR", "GOV")),
        ("Westminster", ("GBR", "LEG")),
        ("Elysee", ("FRA", "GOV")),
        ("Kiev", ("UKR", "GOV")),
        ("Bankova", ("UKR", "GOV")),
        ("Zhongnanhai", ("CHN", "GOV")),
        ("Jerusalem", ("ISR", "GOV")),
        ("Delhi", ("IND", "GOV")),
        ("Brussels", None),
        ("Tel Aviv", None),
        ("The Hague", None),
    ],
)
def test_metonyms(text: str, expected: tuple[str, str] | None) -> None:
    assert _metonym(text) == expected


@pytest.mark.parametrize(
    ("text", "code", "country", "sectors"),
    [
        ("European Union", "IGOEUREEC", "IGO", ["IGO"]),
        ("Brussels", "IGOEUREEC", "IGO", ["IGO"]),
        ("NATO", "IGOWSTNAT", "IGO", ["IGO", "MIL"]),
        ("UN", "IGOUNO", "IGO", ["IGO"]),
        ("RSF", "SDNREBRSF", "SDN", ["REB"]),
        ("Reporters Without Borders", "NGOMEDRSF", "NGO", ["NGO", "MED"]),
        ("ICRC", "NGOHLHIRC", "NGO", ["NGO", "HLH"]),
        ("Houthis", "YEMREBHTH", "YEM", ["REB"]),
        ("ISIS", "IMGMUSISI", "MEA", ["INS"]),
        ("Xinhua", "CHNMEDXIN", "CHN", ["MED", "GOV"]),
        ("Reuters", "GBRMEDRTR", "GBR", ["MED"]),
    ],
)
def test_organization_lookups(text: str, code: str, country: str, sectors: list[str]) -> None:
    assert _organization(text) == (code, country, sectors)


@pytest.mark.parametrize(
    ("text", "sectors"),
    [
        ("troops", ["MIL"]),
        ("defence ministry", ["GOV", "MIL"]),
        ("interior ministry", ["GOV", "COP"]),
        ("justice ministry", ["GOV", "JUD"]),
        ("health minister", ["GOV", "HLH"]),
        ("state media", ["GOV", "MED"]),
        ("security forces", ["COP"]),
        ("protesters", ["CVL"]),
        ("settlers", ["CVL"]),
        ("taxi drivers", ["CVL"]),
        ("aid workers", ["NGO"]),
        ("rights groups", ["NGO", "HRI"]),
        ("former president", ["ELI"]),
        ("asylum seekers", ["REF"]),
        ("gunmen", ["UAF"]),
        ("trade unions", ["LAB"]),
    ],
)
def test_agent_lookups(text: str, sectors: list[str]) -> None:
    assert _agent(text) == sectors
