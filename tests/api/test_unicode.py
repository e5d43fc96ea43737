"""Odd Unicode in request bodies is a 422 naming the field, or is coded: never a server error.

JSON can spell a lone surrogate (``"\\ud800"``), which no UTF-8 text, content hash or Parquet file can
hold; before, an ``id`` like that crashed the content hash with a 500 (no token needed).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

BEARER = {"Authorization": "Bearer s3cret"}
FIELDS = ["text", "id", "date", "title", "url", "source", "language"]


def raw_body(field: str, escaped: str) -> bytes:
    """A JSON article whose ``field`` is the JSON string body ``escaped`` (escapes kept as written)."""
    record = {"text": "Xi Jinping hosted Vladimir Putin in Beijing.", "date": "2024-05-17"}
    record.pop(field, None)
    head = json.dumps(record)[:-1]
    return f'{head}, "{field}": "{escaped}"}}'.encode("ascii")


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("escaped", ["\\ud800", "x\\udfffy", "\\udc00\\ud800", "ok \\ud83d"])
@pytest.mark.parametrize("endpoint", ["/api/extract", "/api/articles"])
def test_a_lone_surrogate_in_any_field_is_a_422(
    writable: Any, endpoint: str, field: str, escaped: str
) -> None:
    before = writable.get("/api/counts").json()
    answer = writable.post(
        endpoint, content=raw_body(field, escaped), headers={**BEARER, "Content-Type": "application/json"}
    )
    assert answer.status_code == 422, answer.text
    assert any(p["where"].endswith(field) for p in answer.json()["problems"]), answer.text
    assert writable.get("/api/counts").json() == before


def test_a_surrogate_pair_is_one_character_and_fine(client: Any) -> None:
    answer = client.post(
        "/api/extract",
        content=raw_body("title", "\\ud83d\\ude00"),
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 200
    assert answer.json()["articles"][0]["text"].startswith("Xi Jinping")


ODD = st.sampled_from(
    [
        "\ud800",
        "\udfff",
        "\x00",
        "\x1b",
        "\u202e",  # right-to-left override
        "\u200b",  # zero-width space
        "\ufeff",
        "\ufffe",
        "\uffff",
        "\U0010ffff",
        "\u0301",  # a combining accent with nothing to combine with
        "\U0001f600",
        "Ω",
        " ",
        "a",
    ]
)
ODD_TEXT = st.lists(ODD, max_size=12).map("".join)


@given(record=st.dictionaries(st.sampled_from(FIELDS), ODD_TEXT, min_size=1))
@settings(
    max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
)
def test_no_odd_unicode_makes_a_server_error(client: Any, record: dict[str, str]) -> None:
    body = json.dumps(record, ensure_ascii=True).encode("ascii")  # escapes carry the surrogates
    answer = client.post("/api/extract", content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code in (200, 422), (record, answer.text)
    answer.json()
