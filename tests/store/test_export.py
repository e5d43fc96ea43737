"""Exports: GDELT 2.0 TSV columns, PLOVER JSON lines, CSV and Parquet."""

from __future__ import annotations

import csv
import json
from datetime import date

import pyarrow.parquet as pq
import pytest

from dyad.errors import DyadError
from dyad.model import Place
from dyad.store.export import GDELT_COLUMNS
from dyad.store.store import Store
from dyad.store.synthetic import corpus, custom_result


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "s")
    geneva = Place("Geneva", "CHE", 46.2, 6.14, 2660646, "Geneva", "city")
    store.write_batch(
        [
            custom_result(1, [{"place": geneva, "cameo": "0571"}], date(2024, 5, 16), "Wire A"),
            custom_result(2, [{"place": geneva, "cameo": "057"}], date(2024, 5, 16), "Wire B"),
        ]
    )
    return store


def test_gdelt_has_61_columns_in_order():
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[26:35] == (
        "EventCode",
        "EventBaseCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
        "NumMentions",
        "NumSources",
        "NumArticles",
        "AvgTone",
    )
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("SQLDATE", "20240516"),
        ("MonthYear", "202405"),
        ("Year", "2024"),
        ("Actor1Code", "CHNGOV"),
        ("Actor1CountryCode", "CHN"),
        ("Actor1Type1Code", "GOV"),
        ("Actor2Code", "RUSGOV"),
        ("EventRootCode", "05"),
        ("QuadClass", "1"),
        ("GoldsteinScale", "8.0"),
        ("NumMentions", "2"),
        ("NumSources", "2"),
        ("NumArticles", "2"),
        ("AvgTone", ""),
        ("ActionGeo_Type", "4"),
        ("ActionGeo_FullName", "Geneva, Geneva"),
        ("ActionGeo_CountryCode", ""),
        ("ActionGeo_Lat", "46.2"),
        ("ActionGeo_FeatureID", "2660646"),
        ("Actor1Geo_Type", ""),
        ("IsRootEvent", "1"),
    ],
)
def test_gdelt_fields(store, tmp_path, column, expected):
    out = tmp_path / "events.tsv"
    assert store.export("gdelt", out) == 2
    rows = [line.split("\t") for line in out.read_text().splitlines()]
    assert {len(r) for r in rows} == {61}
    assert rows[0][GDELT_COLUMNS.index(column)] == expected


def test_gdelt_base_code_and_ids(store, tmp_path):
    out = tmp_path / "events.tsv"
    store.export("gdelt", out)
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in out.read_text().splitlines()]
    assert sorted((r["EventCode"], r["EventBaseCode"]) for r in rows) == [("057", "057"), ("0571", "057")]
    assert all(r["GLOBALEVENTID"].isdigit() for r in rows)
    assert len({r["GLOBALEVENTID"] for r in rows}) == 2
    assert all(r["SOURCEURL"].startswith("https://example.org/custom/") for r in rows)


def test_plover_csv_parquet(tmp_path):
    store = Store(tmp_path / "s")
    store.write_batch(list(corpus(10)))
    assert store.export("plover", tmp_path / "e.jsonl") == 30
    first = json.loads((tmp_path / "e.jsonl").read_text().splitlines()[0])
    assert {
        "event_id",
        "event_date",
        "event_type",
        "event_mode",
        "actor_country",
        "recipient_country",
    } <= set(first)
    assert store.export("csv", tmp_path / "e.csv") == 30
    with (tmp_path / "e.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 30 and "source_sector" in rows[0]
    assert store.export("parquet", tmp_path / "e.parquet") == 30
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 30


def test_unknown_format(store, tmp_path):
    with pytest.raises(DyadError, match="gdelt, plover, csv, parquet"):
        store.export("xml", tmp_path / "x")
