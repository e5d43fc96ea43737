"""The command line: every command has help with an example; extract's JSON contract and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from dyad.cli import app

runner = CliRunner()


def _commands(group: typer.Typer, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [(*prefix, c.name or c.callback.__name__.replace("_", "-")) for c in group.registered_commands]  # type: ignore[union-attr]
    for sub in group.registered_groups:
        found.extend(_commands(sub.typer_instance, (*prefix, sub.name or "")))  # type: ignore[arg-type]
    return found


COMMANDS = _commands(app)


def test_main_commands_exist() -> None:
    names = {" ".join(c) for c in COMMANDS}
    assert {"extract", "classify", "timex", "places", "actors resolve", "actors show"} <= names


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_command_has_help_with_an_example(command: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`dyad {' '.join(command)} --help` shows no example"


ARTICLE = (
    "date 2024-03-05 Kenyan President William Ruto hosted Ethiopian Prime Minister Abiy Ahmed in Nairobi "
    "on Monday. Police arrested 40 protesters in Mombasa."
)
EVENT_KEYS = {
    "event_id",
    "article_id",
    "sentence_index",
    "source",
    "target",
    "cameo",
    "root",
    "quad_class",
    "goldstein",
    "plover",
    "date",
    "location",
    "status",
    "evidence",
    "confidence",
}
ACTOR_KEYS = {"text", "code", "country", "sector", "name"}


def test_extract_jsonl_contract(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events
    for event in events:
        assert set(event) >= EVENT_KEYS
        assert set(event["date"]) >= {"value", "start", "end", "granularity", "basis"}
        assert set(event["evidence"]) >= {"sentence", "start", "end", "trigger", "rule"}
        for side in ("source", "target"):
            assert event[side] is None or set(event[side]) >= ACTOR_KEYS
    hosting = [e for e in events if e["cameo"].startswith("043")]
    assert hosting and hosting[0]["source"]["country"] == "KEN" and hosting[0]["target"]["country"] == "ETH"
    assert hosting[0]["date"]["value"] == "2024-03-04"


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_extract_other_formats(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(app, ["extract", str(path), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "043" in out.read_text(encoding="utf-8")


def test_extract_exit_status_two_when_a_record_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(
        '{"id": "ok", "date": "2024-05-17", "text": "Police arrested ten protesters."}\n{broken\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    assert "news.jsonl:2" in result.stderr
    assert any(json.loads(line)["article_id"] == "ok" for line in result.stdout.splitlines())


def test_extract_strict_stops_at_first_error(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text('{broken\n{"id": "ok", "text": "Police arrested ten protesters."}\n', encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--strict"])
    assert result.exit_code == 2 and result.stdout == ""


def test_extract_reads_stdin() -> None:
    result = runner.invoke(app, ["extract", "-"], input=ARTICLE)
    assert result.exit_code == 0 and "043" in result.stdout


def test_bad_date_option_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Text.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--date", "yesterday"])
    assert result.exit_code == 2 and "unparseable date" in result.output and "3 March 2019" in result.output


def test_timex_command(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("date 2024-05-17 Talks were held last week and resume next month.", encoding="utf-8")
    result = runner.invoke(app, ["timex", str(path)])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["value"] for r in rows} >= {"2024-W19", "2024-06"}
    assert all(set(r) == {"article_id", "start", "end", "text", "type", "value"} for r in rows)


def test_classify_command(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "date 2024-05-17 Police arrested the opposition leader in Lagos on Tuesday.", encoding="utf-8"
    )
    result = runner.invoke(app, ["classify", str(path), "--scheme", "acled"])
    row = json.loads(result.stdout)
    assert set(row) == {"id", "label", "scores"} and row["label"] == "ARREST"


def test_classify_acled_reports_bad_records_and_keeps_the_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    good = [
        {"id": f"g{i}", "date": "2024-05-17", "text": text}
        for i, text in enumerate(
            [
                "Warplanes bombed a fuel depot outside the city overnight.",
                "Thousands marched peacefully in the capital against fuel prices.",
            ]
        )
    ]
    lines = [json.dumps(good[0]), '{"id": "bad", "date": "not a date", "text": "x"}', json.dumps(good[1])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["classify", str(path), "--scheme", "acled"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["g0", "g1"]
    assert [r["label"] for r in rows] == ["AIR_STRIKE", "PEACE_PROTEST"]
    assert result.exit_code == 2 and "news.jsonl:2" in result.stderr
