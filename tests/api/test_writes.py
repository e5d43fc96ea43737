"""Coding pasted articles (POST /api/extract) and ingesting them (POST /api/articles, token only)."""

from __future__ import annotations

from typing import Any

import pytest

ARTICLE = {
    "text": "Xi Jinping hosted Vladimir Putin in Beijing on Thursday. China and Russia signed an "
    "energy agreement.",
    "date": "2024-05-17",
    "id": "paste-1",
}
BEARER = {"Authorization": "Bearer s3cret"}


def test_extract_codes_without_storing(client: Any) -> None:
    before = client.get("/api/counts").json()
    answer = client.post("/api/extract", json=ARTICLE)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    coded = body["articles"][0]
    assert coded["article_id"] == "paste-1" and coded["text"] == ARTICLE["text"]
    assert {(e["source"]["country"], e["target"]["country"]) for e in body["events"]} >= {("CHN", "RUS")}
    for event in body["events"]:  # offsets point into the text as sent
        assert ARTICLE["text"][event["source"]["start"] : event["source"]["end"]] == event["source"]["text"]
    assert client.get("/api/counts").json() == before


def test_extract_takes_a_list(client: Any) -> None:
    second = {"text": "Russian forces shelled Kharkiv on Monday.", "date": "2024-05-20"}
    body = client.post("/api/extract", json=[ARTICLE, second]).json()
    assert [a["article_id"] for a in body["articles"]] == ["paste-1", "api-1"]
    assert len(body["events"]) == sum(len(a["events"]) for a in body["articles"])


@pytest.mark.parametrize(
    ("body", "where", "words"),
    [
        ({"date": "2024-01-01"}, "body", "text"),
        ({"text": "   "}, "body[0]", "empty"),
        ({"text": "Talks.", "date": "yesterday"}, "body[0]", "unparseable date"),
        ([{"text": "fine"}, {"text": 7}], "body", "string"),
        ([], "", "empty list"),
        ("just a string", "body", ""),
    ],
)
def test_extract_rejects_bad_records_by_name(client: Any, body: Any, where: str, words: str) -> None:
    answer = client.post("/api/extract", json=body)
    assert answer.status_code == 422, answer.text
    payload = answer.json()
    assert words in payload["detail"] + str(payload["problems"])
    assert not where or any(p["where"].startswith(where) for p in payload["problems"])


@pytest.mark.parametrize("raw", [b"{not json", b"", b"\xff\xfe", b"[" * 5000])
def test_malformed_json_is_a_4xx(client: Any, raw: bytes) -> None:
    answer = client.post("/api/extract", content=raw, headers={"Content-Type": "application/json"})
    assert answer.status_code in (400, 422)
    assert answer.json()["detail"]


def test_oversize_bodies_get_413(client: Any) -> None:
    big = {"text": "x" * 1_200_000}
    assert client.post("/api/extract", json=big).status_code == 413

    def chunks() -> Any:  # no Content-Length: the limit still holds
        for _ in range(30):
            yield b" " * 50_000

    assert (
        client.post(
            "/api/extract", content=chunks(), headers={"Content-Type": "application/json"}
        ).status_code
        == 413
    )
    assert client.post("/api/extract", json=[{"text": "a"}] * 11).status_code == 413


def test_long_text_is_a_422_not_a_crash(client: Any) -> None:
    answer = client.post("/api/extract", json={"text": "word " * 30_000})
    assert answer.status_code == 422 and "text" in answer.text


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong"}, 403),
        ({"Authorization": "s3cret"}, 403),
        ({"Authorization": "Basic s3cret"}, 403),
        ({"Authorization": "Bearer "}, 403),
    ],
)
def test_ingest_refuses_without_the_token(writable: Any, headers: dict[str, str], status: int) -> None:
    before = writable.get("/api/counts").json()
    answer = writable.post("/api/articles", json=ARTICLE, headers=headers)
    assert answer.status_code == status
    assert "token" in answer.json()["detail"].lower() or "authorization" in answer.json()["detail"].lower()
    assert writable.get("/api/counts").json() == before


def test_missing_token_is_reported_before_body_errors(writable: Any) -> None:
    assert writable.post("/api/articles", json={"nope": 1}).status_code == 401


def test_ingest_is_disabled_without_a_configured_token(client: Any) -> None:
    answer = client.post("/api/articles", json=ARTICLE, headers=BEARER)
    assert answer.status_code == 403
    assert "DYAD_TOKEN" in answer.json()["detail"] and "--token-file" in answer.json()["detail"]


def test_ingest_with_the_token_stores_once(writable: Any) -> None:
    before = writable.get("/api/counts").json()
    first = writable.post("/api/articles", json=ARTICLE, headers=BEARER)
    assert first.status_code == 200, first.text
    assert first.json()["articles_new"] == 1 and first.json()["events"] > 0
    again = writable.post("/api/articles", json=ARTICLE, headers=BEARER).json()
    assert again["articles_new"] == 0 and again["articles_skipped"] == 1
    after = writable.get("/api/counts").json()
    assert after["articles"] == before["articles"] + 1
    assert after["events"] == before["events"] + first.json()["events"]
    stored = writable.get("/api/articles/paste-1").json()
    assert len(stored["events"]) == first.json()["events"]


def test_ingest_stores_nothing_when_a_record_is_bad(writable: Any) -> None:
    before = writable.get("/api/counts").json()
    answer = writable.post("/api/articles", json=[ARTICLE, {"text": ""}], headers=BEARER)
    assert answer.status_code == 422
    assert writable.get("/api/counts").json() == before


def test_api_writes_leave_compaction_to_a_background_thread(writable: Any) -> None:
    """The answer does not wait for a merge of small batches: it runs after, off the request."""
    store = writable.app.state.backend.store
    assert writable.post("/api/articles", json=ARTICLE, headers=BEARER).status_code == 200
    assert len(store._compactions) == 1  # started, not awaited
    store.wait_for_compaction()
