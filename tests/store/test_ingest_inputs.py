"""Ingest never reads a store as input, and files of unknown type need an explicit --input-format."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dyad.store.store import Store
from dyad.store.synthetic import make_result

ARTICLE = (
    "date 2024-05-17\nChinese President Xi Jinping hosted Russian President Vladimir Putin in Beijing.\n"
)


def _dyad(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dyad", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    other = Store(tmp_path / "old-store")  # another Dyad store in the folder
    other.write_batch([make_result(1, events=2)])
    return tmp_path


def test_ingest_of_a_folder_holding_its_store_does_not_read_it(folder: Path) -> None:
    first = _dyad("ingest", ".", "--store", "dyad-data", "--format", "json", cwd=folder)
    again = _dyad("ingest", ".", "--store", "dyad-data", "--format", "json", cwd=folder)
    for run in (first, again):
        assert "Traceback" not in run.stderr
        assert "skipped dyad-data: the store being written to is never read as input" in run.stderr
        assert "rejected old-store: a Dyad event store, not input" in run.stderr  # another store: reported
        assert run.returncode == 2
    store = Store(folder / "dyad-data")
    assert store.counts()["articles"] == 1  # a.txt only: no SCHEMA_VERSION, no segment became an article
    assert int(store.sql("select count(*) as n from articles where origin like '%dyad-data%'")["n"][0]) == 0


def test_unknown_suffixes_need_an_input_format(tmp_path: Path) -> None:
    (tmp_path / "story").write_text(ARTICLE, encoding="utf-8")
    plain = _dyad("extract", "story", cwd=tmp_path)
    assert plain.returncode == 2 and "--input-format" in plain.stderr and "Traceback" not in plain.stderr
    told = _dyad("extract", "story", "--input-format", "txt", cwd=tmp_path)
    assert told.returncode == 0 and '"cameo": "043"' in told.stdout, told.stderr
