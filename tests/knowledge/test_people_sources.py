"""Checks on the hand-edited tables of office holders in data/actors/people/*.tsv.

These tables are the time-aware source for resolving "the president", "Macron" or
"the German chancellor" to a person on an article's date, so a malformed row or a wrong
date of office silently mis-codes events. The tests check the format of every file and
spot-check a table of well-known terms of office.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

PEOPLE_DIR = Path(__file__).resolve().parents[2] / "data" / "actors" / "people"
HEADER = ["name", "aliases", "country", "sectors", "role", "start", "end", "note"]
EXTRA_CODES = {"EUR", "WST", "IGO", "XKX", "PSE"}
ROLES = {
    "head_of_state",
    "head_of_government",
    "head_of_state_and_government",
    "foreign_minister",
    "defence_minister",
    "interior_minister",
    "head_of_organization",
    "foreign_policy_chief",
    "other_minister",
}
FILES = sorted(PEOPLE_DIR.glob("*.tsv"))


def _read(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Return the header and (line number, fields) for every data line of a TSV file."""
    with path.open(encoding="utf-8", newline="") as fh:
        lines = fh.read().splitlines()
    rows = [(number, line.split("\t")) for number, line in enumerate(lines[1:], start=2) if line.strip()]
    return lines[0].split("\t") if lines else [], rows


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _valid_code(code: str) -> bool:
    return code in EXTRA_CODES or pycountry.countries.get(alpha_3=code) is not None


def test_people_files_exist() -> None:
    assert FILES, f"no *.tsv files in {PEOPLE_DIR}: add the leader tables"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_header_and_columns(path: Path) -> None:
    header, rows = _read(path)
    assert header == HEADER, f"{path.name}: header must be exactly {HEADER}, got {header}"
    bad = [number for number, fields in rows if len(fields) != len(HEADER)]
    assert not bad, f"{path.name}: lines {bad[:10]} do not have {len(HEADER)} tab-separated columns"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_fields_are_valid(path: Path) -> None:
    _, rows = _read(path)
    problems: list[str] = []
    for number, fields in rows:
        if len(fields) != len(HEADER):
            continue
        row = dict(zip(HEADER, fields, strict=True))
        where = f"{path.name}:{number} ({row['name']})"
        if not row["name"].strip():
            problems.append(f"{where}: empty name")
        if not _valid_code(row["country"]):
            problems.append(f"{where}: unknown country code {row['country']!r}")
        if row["role"] not in ROLES:
            problems.append(f"{where}: role {row['role']!r} not in {sorted(ROLES)}")
        if not row["sectors"]:
            problems.append(f"{where}: empty sectors")
        try:
            start = _date(row["start"])
            end = _date(row["end"]) if row["end"] else None
        except ValueError:
            problems.append(f"{where}: dates must be YYYY-MM-DD, got {row['start']!r}..{row['end']!r}")
            continue
        if end is not None and end < start:
            problems.append(f"{where}: end {end} is before start {start}")
        if any(alias != alias.strip() or not alias for alias in row["aliases"].split("|") if row["aliases"]):
            problems.append(f"{where}: empty or padded alias in {row['aliases']!r}")
    assert not problems, "\n".join(problems[:30])


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_overlapping_terms(path: Path) -> None:
    """One person cannot hold the same role in the same country twice at once."""
    _, rows = _read(path)
    terms: dict[tuple[str, str, str], list[tuple[dt.date, dt.date, int]]] = defaultdict(list)
    for number, fields in rows:
        if len(fields) != len(HEADER):
            continue
        row = dict(zip(HEADER, fields, strict=True))
        try:
            start = _date(row["start"])
            end = _date(row["end"]) if row["end"] else dt.date.max
        except ValueError:
            continue
        terms[(row["name"], row["role"], row["country"])].append((start, end, number))
    problems = []
    for key, spans in terms.items():
        spans.sort()
        for (_, end_a, line_a), (start_b, _, line_b) in itertools.pairwise(spans):
            if start_b < end_a:
                problems.append(f"{path.name}: {key} lines {line_a} and {line_b} overlap")
    assert not problems, "\n".join(problems)


def _all_rows() -> list[dict[str, str]]:
    out = []
    for path in FILES:
        _, rows = _read(path)
        out.extend(dict(zip(HEADER, f, strict=True)) for _, f in rows if len(f) == len(HEADER))
    return out


# (name, country, role, start, end) -- end "" means still in office at last knowledge.
KNOWN_TERMS = [
    ("Barack Obama", "USA", "head_of_state_and_government", "2009-01-20", "2017-01-20"),
    ("Donald Trump", "USA", "head_of_state_and_government", "2017-01-20", "2021-01-20"),
    ("Joe Biden", "USA", "head_of_state_and_government", "2021-01-20", "2025-01-20"),
    ("Donald Trump", "USA", "head_of_state_and_government", "2025-01-20", ""),
    ("Emmanuel Macron", "FRA", "head_of_state", "2017-05-14", ""),
    ("Angela Merkel", "DEU", "head_of_government", "2005-11-22", "2021-12-08"),
    ("Olaf Scholz", "DEU", "head_of_government", "2021-12-08", "2025-05-06"),
    ("Friedrich Merz", "DEU", "head_of_government", "2025-05-06", ""),
    ("Rishi Sunak", "GBR", "head_of_government", "2022-10-25", "2024-07-05"),
    ("Keir Starmer", "GBR", "head_of_government", "2024-07-05", ""),
    ("Vladimir Putin", "RUS", "head_of_state", "2012-05-07", ""),
    ("Vladimir Putin", "RUS", "head_of_government", "2008-05-08", "2012-05-07"),
    ("Dmitry Medvedev", "RUS", "head_of_state", "2008-05-07", "2012-05-07"),
    ("Volodymyr Zelensky", "UKR", "head_of_state", "2019-05-20", ""),
]


@pytest.mark.parametrize(("name", "country", "role", "start", "end"), KNOWN_TERMS)
def test_known_terms_of_office(name: str, country: str, role: str, start: str, end: str) -> None:
    rows = [r for r in _all_rows() if (r["name"], r["country"], r["role"]) == (name, country, role)]
    if not rows:
        pytest.skip(f"{name} ({country}, {role}) is not in the people tables yet")
    spans = {(r["start"], r["end"]) for r in rows}
    assert (start, end) in spans, f"{name} {country} {role}: expected {start}..{end or 'open'}, got {spans}"
