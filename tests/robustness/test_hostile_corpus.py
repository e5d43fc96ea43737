"""A generated corpus of hostile inputs: every document is coded or rejected with a recorded reason.

Nothing crashes, the batch completes, no valid document is lost, and each rejection names its file
(and line) and says what was wrong.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from dyad.store.ingest import ingest
from dyad.store.store import Store

VALID = "Police arrested twelve protesters in Nairobi on Tuesday, officials said."
FRENCH = (
    "Le gouvernement a annoncé mardi de nouvelles mesures contre la hausse des prix de l'énergie, selon "
    "un communiqué publié par le ministère à Paris. Les syndicats ont appelé à une grève nationale la "
    "semaine prochaine pour protester contre la réforme des retraites et la baisse du pouvoir d'achat "
    "des ménages les plus modestes du pays, a indiqué un porte-parole."
)


def _write(folder: Path) -> dict[str, str]:
    """Write the hostile corpus; returns file name -> what must happen ("ok" or an error kind)."""
    expected: dict[str, str] = {}

    def put(name: str, content: bytes, outcome: str) -> None:
        (folder / name).write_bytes(content)
        expected[name] = outcome

    put("empty.txt", b"", "empty_text")
    put("whitespace.txt", b"  \n\t \n", "empty_text")
    put("binary.txt", bytes(range(256)) * 4, "binary")
    put("invalid_utf8.txt", b"date 2024-05-17 Caf\xe9 owners protested in Lyon.", "undecodable")
    put("huge.txt", b"date 2024-05-17 " + (VALID.encode() + b" ") * 300_000, "too_long")  # ~21 MB
    put("valid.txt", b"date 2024-05-17 Kenya hosted talks with Ethiopia in Nairobi on Monday.", "ok")
    put("french.txt", f"date 2024-05-17 {FRENCH}".encode(), "unsupported_language")
    put(
        "boilerplate.html",
        b"<html><body><nav>Home | News | Sport</nav><footer>(c)</footer></body></html>",
        "no_main_text",
    )
    future = (date.today() + timedelta(days=400)).isoformat()
    lines = [
        json.dumps({"id": "ok-1", "date": "2024-05-17", "text": VALID}),
        '{"id": "trunc", "date": "2024-05-17", "text": "Police arr',
        json.dumps({"id": "types", "date": "2024-05-17", "text": ["not", "a", "string"]}),
        json.dumps({"id": "nodate", "text": VALID + " Again."}),
        json.dumps({"id": "baddate", "date": "31/31/2024", "text": VALID}),
        json.dumps({"id": "future", "date": future, "text": VALID + " Later."}),
        json.dumps({"id": "dup", "date": "2024-05-17", "text": "Troops shelled Kherson on Monday."}),
        json.dumps({"id": "dup", "date": "2024-05-17", "text": "Rebels seized the town of Goma on Monday."}),
        json.dumps({"id": "longline", "date": "2024-05-17", "text": "x" * 1_000_000}),
        "",
        "not json at all",
    ]
    put("mixed.jsonl", "\n".join(lines).encode(), "mixed")
    return expected


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory, nlp) -> tuple[Store, object, dict[str, str]]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("hostile")
    expected = _write(folder)
    store = Store(tmp_path_factory.mktemp("store"))
    summary = ingest([str(folder)], store, progress=False, batch_size=4)
    return store, summary, expected


def test_batch_completes_and_counts_add_up(outcome) -> None:  # type: ignore[no-untyped-def]
    store, summary, _ = outcome
    counts = store.counts()
    assert summary.articles_new == counts["articles"]
    assert summary.errors == counts["errors"] > 0
    assert summary.documents == summary.articles_new + summary.errors + summary.articles_skipped


@pytest.mark.parametrize(
    "name",
    [
        "empty.txt",
        "whitespace.txt",
        "binary.txt",
        "invalid_utf8.txt",
        "huge.txt",
        "french.txt",
        "boilerplate.html",
    ],
)
def test_each_bad_file_is_rejected_with_a_reason(outcome, name: str) -> None:  # type: ignore[no-untyped-def]
    store, _, expected = outcome
    rows = store.sql("select origin, kind, reason from errors")
    mine = rows[rows["origin"].str.endswith(name)]
    assert len(mine) == 1, f"{name}: {rows.to_dict('records')}"
    assert mine.iloc[0]["kind"] == expected[name]
    assert len(mine.iloc[0]["reason"]) > 20


@pytest.mark.parametrize(
    ("line", "kind"),
    [(2, "invalid_json"), (3, "wrong_type"), (5, "bad_date"), (9, "too_long"), (11, "invalid_json")],
)
def test_bad_jsonl_lines_are_rejected_with_their_line(outcome, line: int, kind: str) -> None:  # type: ignore[no-untyped-def]
    store, _, _ = outcome
    rows = store.sql("select origin, kind from errors")
    hit = rows[rows["origin"].str.endswith(f"mixed.jsonl:{line}")]
    assert list(hit["kind"]) == [kind]


def test_nothing_valid_is_lost(outcome) -> None:  # type: ignore[no-untyped-def]
    store, _, _ = outcome
    articles = store.sql("select article_id from articles")
    ids = sorted(articles["article_id"])
    # both records sharing the id "dup" are kept: they are different articles
    assert ids.count("dup") == 2
    assert {"ok-1", "nodate", "future", "valid"} <= set(ids)


def test_missing_and_future_dates_are_flagged(outcome) -> None:  # type: ignore[no-untyped-def]
    store, _, _ = outcome
    rows = store.sql("select article_id, flags from articles where article_id in ('nodate', 'future')")
    flags = {row["article_id"]: list(row["flags"]) for row in rows.to_dict("records")}
    assert "date_missing" in flags["nodate"] and "date_in_future" in flags["future"]


def test_rerun_changes_nothing(outcome, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, _, _ = outcome
    before = store.counts()
    origin = store.sql("select origin from errors limit 1").iloc[0]["origin"]
    folder = str(Path(origin.split(":")[0]).parent)
    again = ingest([folder], store, progress=False, batch_size=4)
    assert store.counts() == before
    assert again.articles_new == 0
