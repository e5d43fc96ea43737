"""/explain and /explain.json: the dashboard's view of `dyad explain`, linked from every event."""

from __future__ import annotations

import re

SENTENCE = "Lula met Xi in Beijing on Monday."


def test_json_twin_has_the_explanation_shape(client) -> None:  # type: ignore[no-untyped-def]
    reply = client.get("/explain.json", params={"text": SENTENCE, "date": "2025-03-14"})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert set(body) == {"text", "publication_date", "actors", "candidates", "passes", "events"}
    assert {c["chosen"] for c in body["candidates"]} == {"v.meet", "v.meet+reciprocal"}
    assert len(body["events"]) == 2 and body["events"][0]["cameo"] == "040"


def test_the_page_shows_the_form_and_the_tables(client) -> None:  # type: ignore[no-untyped-def]
    empty = client.get("/explain")
    assert empty.status_code == 200 and "<textarea" in empty.text and "Candidate triggers" not in empty.text
    page = client.get("/explain", params={"text": SENTENCE, "date": "2025-03-14"})
    assert page.status_code == 200
    assert "Candidate triggers" in page.text and "v.meet" in page.text and "BRAGOV" in page.text


def test_bad_input_is_a_422(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/explain.json", params={"text": SENTENCE, "date": "yesterday"}).status_code == 422
    assert client.get("/explain.json", params={"text": "x" * 5_001}).status_code == 422
    assert client.get("/explain.json", params={"text": "   "}).status_code == 422


def test_every_event_page_links_to_its_explanation(client) -> None:  # type: ignore[no-untyped-def]
    first = client.get("/events.json", params={"limit": 1}).json()["events"][0]
    page = client.get(f"/events/{first['event_id']}")
    link = re.search(r'href="(/explain\?text=[^"]+)"', page.text)
    assert link, "no explanation link on the event page"
    target = link.group(1).replace("&amp;", "&")
    assert client.get(target).status_code == 200
