"""The store commands: help with examples, query output formats, exit statuses."""

from __future__ import annotations

import json
import sys
import types
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dyad

# Other command modules are written in parallel; stand in for any that do not exist yet so that
# importing dyad.cli (which imports them all) works.
for _name in ("text_commands", "actor_commands"):
    if not (Path(dyad.__file__).parent / "cli" / f"{_name}.py").exists():
        sys.modules.setdefault(f"dyad.cli.{_name}", types.ModuleType(f"dyad.cli.{_name}"))

from dyad.cli import store_commands  # noqa: E402
from dyad.cli.app import app  # noqa: E402
from dyad.store.store import Store  # noqa: E402
from dyad.store.synthetic import custom_result, make_error  # noqa: E402

runner = CliRunner()
COMMANDS = ["ingest", "events", "dyad", "top", "network", "sql", "export"]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "store"
    store = Store(path)
    store.write_batch(
        [
            custom_result(1, [{}, {"cameo": "112", "quad_class": 3, "goldstein": -2.0}], date(2024, 5, 16)),
            custom_result(2, [{"source": "RUSGOV", "target": "CHNGOV"}], date(2024, 6, 3)),
            make_error(1),
        ]
    )
    return path


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output


CASES = [
    (["events"], "CHNGOV"),
    (["events", "--countries", "CHN,RUS", "--quad-class", "3"], "112"),
    (["dyad", "CHN", "RUS", "--freq", "month"], "mean Goldstein (-10..+10)"),
    (["top", "actors"], "CHNGOV"),
    (["top", "dyads"], "RUS"),
    (["network"], "CHN"),
    (["sql", "select count(*) as n from errors"], "1"),
]


@pytest.mark.parametrize(("args", "expected"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_table_output(store_path, args, expected):
    result = runner.invoke(app, [*args, "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    assert expected in result.output


def test_events_jsonl_is_the_event_json_shape(store_path):
    result = runner.invoke(app, ["events", "--store", str(store_path), "--format", "jsonl"])
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 3
    assert lines[0]["source"]["code"] == "CHNGOV" and lines[0]["date"]["start"] == "2024-05-16"
    assert set(lines[0]) >= {"event_id", "evidence", "plover", "location", "status"}


def test_store_from_environment(store_path, monkeypatch):
    monkeypatch.setenv("DYAD_STORE", str(store_path))
    result = runner.invoke(app, ["sql", "select count(*) as n from events", "--format", "json"])
    assert json.loads(result.output) == [{"n": 3}]


def test_missing_store_is_reported(tmp_path):
    result = runner.invoke(app, ["events", "--store", str(tmp_path / "none")])
    assert result.exit_code != 0
    assert "dyad ingest" in str(result.exception)


@pytest.mark.parametrize(("name", "kind"), [("e.tsv", "gdelt"), ("e.jsonl", "plover"), ("e.csv", "csv")])
def test_export_command(store_path, tmp_path, name, kind):
    result = runner.invoke(
        app, ["export", "--to", kind, "--out", str(tmp_path / name), "--store", str(store_path)]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).exists()


def test_network_and_plot_files(store_path, tmp_path):
    result = runner.invoke(app, ["network", "--out", str(tmp_path / "n.json"), "--store", str(store_path)])
    assert result.exit_code == 0 and json.loads((tmp_path / "n.json").read_text())["edges"]
    result = runner.invoke(
        app, ["dyad", "CHN", "RUS", "--plot", str(tmp_path / "p.html"), "--store", str(store_path)]
    )
    assert result.exit_code == 0 and (tmp_path / "p.html").stat().st_size > 1_000_000


def test_ingest_exit_status(tmp_path, monkeypatch):
    from dyad.model import ArticleResult
    from dyad.store import ingest as ingest_module
    from dyad.store.synthetic import make_article

    def fake_ingest(paths, store, date=None, strict=False, batch_size=32, **_):
        def read(paths, date=None, strict=False):
            yield make_article(1)
            if "bad" in paths[0]:
                yield make_error(2)

        def code(items, batch_size=32):
            for item in items:
                yield item if not hasattr(item, "text") else ArticleResult(item, ())

        return real(paths, store, date, strict, progress=False, read=read, code=code)

    real = ingest_module.ingest
    monkeypatch.setattr(ingest_module, "ingest", fake_ingest)
    good = runner.invoke(app, ["ingest", "good.txt", "--store", str(tmp_path / "s"), "--format", "json"])
    assert good.exit_code == 0, good.output
    assert json.loads(good.output)[0]["articles_new"] == 1
    bad = runner.invoke(app, ["ingest", "bad.txt", "--store", str(tmp_path / "s")])
    assert bad.exit_code == 2


def test_records_are_json_ready():
    import pandas as pd

    rows = store_commands.records(pd.DataFrame({"d": [pd.Timestamp("2024-05-16")], "x": [float("nan")]}))
    assert rows == [{"d": "2024-05-16", "x": None}]


def test_ingest_prints_each_rejection(tmp_path, monkeypatch):
    from dyad.model import ArticleResult
    from dyad.store import ingest as ingest_module
    from dyad.store.synthetic import make_article

    def fake_ingest(paths, store, date=None, strict=False, batch_size=32, on_rejected=None, **_):
        def read(paths, date=None, strict=False):
            yield make_article(1)
            yield from (make_error(n) for n in range(2, 60))

        def code(items, batch_size=32):
            for item in items:
                yield item if not hasattr(item, "text") else ArticleResult(item, ())

        return real(paths, store, date, strict, progress=False, read=read, code=code, on_rejected=on_rejected)

    real = ingest_module.ingest
    monkeypatch.setattr(ingest_module, "ingest", fake_ingest)
    result = CliRunner().invoke(app, ["ingest", "x.jsonl", "--store", str(tmp_path / "s")])
    assert result.exit_code == 2
    shown = [line for line in result.output.splitlines() if line.startswith("dyad: rejected ")]
    assert len(shown) == store_commands._SHOWN_REJECTIONS
    assert shown[0].startswith("dyad: rejected synthetic-bad.jsonl:2: the record has no text")
    assert "... and 8 more rejections" in result.output
