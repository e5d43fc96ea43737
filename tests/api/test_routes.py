"""The read API and the JSON twins of pages, over the sample corpus: shapes, filters, paging, errors."""

from __future__ import annotations

import re
from typing import Any

import pytest

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
    "acled",
    "date",
    "location",
    "location_basis",
    "status",
    "evidence",
    "confidence",
    "story_event",  # added in stop 19 (the JSON shape is only ever extended)
}
ARTICLE = "05_china_russia_xi_moscow_2019"


@pytest.mark.parametrize(
    ("url", "keys"),
    [
        ("/api/events", {"total", "offset", "limit", "next", "events"}),
        ("/api/dyads/CHN/RUS/series", {"a", "b", "freq", "directed", "statuses", "series"}),
        ("/api/dyads/CHN/RUS/events", {"total", "offset", "limit", "next", "events"}),
        ("/api/top/actors", {"by", "actors"}),
        ("/api/top/dyads", {"by", "directed", "dyads"}),
        ("/api/network", {"by", "min_weight", "nodes", "edges"}),
        ("/api/articles", {"total", "offset", "limit", "articles"}),
        (f"/api/articles/{ARTICLE}", {"article", "events"}),
        ("/api/codebook", {"codes"}),
        ("/api/codebook/057", {"code", "name", "goldstein", "quad_class", "quad_class_name", "root"}),
        ("/api/counts", {"articles", "events", "errors"}),
        ("/index.json", {"counts", "quad_counts", "top_dyads", "top_actors", "latest_events"}),
        ("/events.json", {"total", "offset", "limit", "next", "events"}),
        ("/dyads.json", {"dyads"}),
        ("/dyads/CHN-RUS.json", {"series", "events"}),
        ("/actors.json", {"actors", "dyads"}),
        ("/network.json", {"by", "min_weight", "nodes", "edges"}),
        ("/articles.json", {"total", "offset", "limit", "articles"}),
        (f"/articles/{ARTICLE}.json", {"article", "events"}),
    ],
)
def test_json_endpoints_answer_their_documented_keys(client: Any, url: str, keys: set[str]) -> None:
    answer = client.get(url)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    assert set(answer.json()) >= keys


@pytest.mark.parametrize(
    ("page", "twin", "seen"),
    [
        ("/", "/index.json", "Most active dyads"),
        ("/events", "/events.json", "Filter"),
        ("/dyads", "/dyads.json", "Dyad explorer"),
        ("/dyads/CHN-RUS", "/dyads/CHN-RUS.json", "CHN ↔ RUS"),
        ("/actors", "/actors.json", "Most active actors"),
        ("/network", "/network.json", "Actor network"),
        ("/articles", "/articles.json", "Code an article"),
        (f"/articles/{ARTICLE}", f"/articles/{ARTICLE}.json", '<mark class="trigger"'),
    ],
)
def test_every_page_is_html_and_json(client: Any, page: str, twin: str, seen: str) -> None:
    html = client.get(page)
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert seen in html.text
    assert f'href="{twin}' in html.text  # the page links to its JSON twin
    assert client.get(twin).status_code == 200


def test_event_page_and_its_twin_show_one_event(client: Any) -> None:
    first = client.get("/api/events", params={"limit": 1}).json()["events"][0]
    twin = client.get(f"/events/{first['event_id']}.json").json()
    assert twin["event"] == first
    assert set(twin["event"]) == EVENT_KEYS
    page = client.get(f"/events/{first['event_id']}").text
    assert first["evidence"]["rule"] in page and "date basis" in page


def test_events_are_the_extract_shape(client: Any) -> None:
    events = client.get("/api/events", params={"limit": 500, "status": "all"}).json()["events"]
    assert events and all(set(e) == EVENT_KEYS for e in events)


@pytest.mark.parametrize(
    ("params", "check"),
    [
        (
            {"countries": "CHN,RUS"},
            lambda e: {e["source"]["country"], e["target"]["country"]} == {"CHN", "RUS"},
        ),
        ({"quad_class": 4}, lambda e: e["quad_class"] == 4),
        ({"status": "negated"}, lambda e: e["status"] == "negated"),
        ({"status": "claimed,future"}, lambda e: e["status"] in ("claimed", "future")),
        ({"cameo": "05"}, lambda e: e["cameo"].startswith("05")),
        ({"actor": "CHN"}, lambda e: "CHN" in str(e["source"]) + str(e["target"])),
        (
            {"start": "2023-01-01", "end": "2023-12-31"},
            lambda e: e["date"]["end"] >= "2023-01-01" and e["date"]["start"] <= "2023-12-31",
        ),
        ({"text": "summit"}, lambda e: "summit" in e["evidence"]["sentence"].lower()),
        (
            {"place": "UKR"},
            lambda e: e["location"]["country"] == "UKR" or "ukr" in e["location"]["name"].lower(),
        ),
    ],
)
def test_event_filters_select_what_they_say(client: Any, params: dict[str, Any], check: Any) -> None:
    answer = client.get("/api/events", params={**params, "limit": 500}).json()
    assert answer["total"] == len(answer["events"]) > 0
    assert all(check(e) for e in answer["events"])


def test_paging_walks_every_event_once(client: Any) -> None:
    total = client.get("/api/counts").json()["events"]
    seen: list[str] = []
    url: str | None = "/api/events?limit=37&status=all"
    while url:
        page = client.get(url).json()
        assert page["total"] == total
        seen.extend(e["event_id"] for e in page["events"])
        url = page["next"]
    assert len(seen) == total


def test_newest_first_on_request(client: Any) -> None:
    days = [e["date"]["start"] for e in client.get("/api/events?order=desc&limit=50").json()["events"]]
    assert days == sorted(days, reverse=True)


def test_dyad_series_counts_match_the_events_behind_them(client: Any) -> None:
    series = client.get("/api/dyads/CHN/RUS/series", params={"freq": "month"}).json()["series"]
    busy = max(series, key=lambda p: p["events"])
    behind = client.get(
        "/api/dyads/CHN/RUS/events",
        params={"start": busy["period"], "end": busy["period"][:8] + "31", "limit": 500},
    ).json()
    assert behind["total"] == busy["events"] > 0


def test_overview_counts_agree_with_the_store(client: Any) -> None:
    overview = client.get("/index.json").json()
    assert overview["counts"] == client.get("/api/counts").json()
    asserted = client.get("/api/events", params={"status": "asserted", "limit": 1}).json()["total"]
    assert sum(r["events"] for r in overview["quad_counts"]["rows"]) == asserted


def test_article_page_highlights_every_event(client: Any) -> None:
    payload = client.get(f"/api/articles/{ARTICLE}").json()
    assert payload["article"]["num_events"] == len(payload["events"]) > 0
    page = client.get(f"/articles/{ARTICLE}").text
    assert page.count('class="trigger"') + page.count('trigger"') >= len(payload["events"])
    by_hash = client.get(f"/api/articles/{payload['article']['content_hash']}").json()
    assert by_hash["article"]["article_id"] == ARTICLE


def test_codebook_lookup_falls_back_to_the_parent_code(client: Any) -> None:
    assert client.get("/api/codebook/0571").json()["code"] == "057"
    codes = client.get("/api/codebook", params={"quad_class": 4}).json()["codes"]
    assert codes and {c["quad_class"] for c in codes} == {4}


SQL_LIKE = ["'; DROP TABLE events; --", "x' OR '1'='1", "%", "_", "\\", "CHN) OR (1=1", "events; SELECT 1"]


@pytest.mark.parametrize("value", SQL_LIKE)
@pytest.mark.parametrize("name", ["actor", "source", "target", "text", "place"])
def test_sql_looking_input_is_only_text(client: Any, name: str, value: str) -> None:
    before = client.get("/api/counts").json()
    answer = client.get("/api/events", params={name: value, "limit": 5})
    assert answer.status_code == 200
    if value not in ("%", "_"):  # LIKE wildcards match; the others match nothing
        assert answer.json()["total"] == 0
    assert client.get("/api/counts").json() == before


@pytest.mark.parametrize("value", SQL_LIKE)
def test_sql_looking_paths_are_harmless(client: Any, value: str) -> None:
    for url in (f"/api/dyads/{value}/RUS/series", f"/api/articles/{value}", f"/api/events/{value}"):
        assert client.get(url).status_code in (200, 404, 422)


@pytest.mark.parametrize(
    ("url", "status", "where"),
    [
        ("/api/events?quad_class=9", 422, "query.quad_class"),
        ("/api/events?limit=0", 422, "query.limit"),
        ("/api/events?limit=100000", 422, "query.limit"),
        ("/api/events?offset=-1", 422, "query.offset"),
        ("/api/events?start=yesterday", 422, "query.start"),
        ("/api/events?start=2024-02-01&end=2024-01-01", 422, ""),
        ("/api/events?countries=CHINA", 422, "query.countries"),
        ("/api/events?cameo=abc", 422, "query.cameo"),
        ("/api/events?status=maybe", 422, ""),
        ("/api/events?order=sideways", 422, "query.order"),
        ("/api/events?text=%00", 422, "query.text"),
        ("/api/dyads/CHN/RUS/series?freq=day", 422, "query.freq"),
        ("/api/top/actors?by=planet", 422, "query.by"),
        ("/api/top/dyads?n=0", 422, "query.n"),
        ("/api/network?min_weight=0", 422, "query.min_weight"),
        ("/api/codebook/xyz", 422, "path.code"),
        ("/api/codebook/9999", 404, ""),
        ("/api/events/nope", 404, ""),
        ("/api/articles/nope", 404, ""),
        ("/dyads/CHN.json", 422, "path.pair"),
        ("/nothing/here.json", 404, ""),
    ],
)
def test_bad_requests_get_a_clear_4xx(client: Any, url: str, status: int, where: str) -> None:
    answer = client.get(url)
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["detail"] and isinstance(body["problems"], list)
    if where:
        assert any(p["where"] == where for p in body["problems"])


@pytest.mark.parametrize("url", ["/events?quad_class=9", "/events/nope", "/dyads/CHN", "/nowhere"])
def test_bad_page_requests_get_an_html_error_page(client: Any, url: str) -> None:
    answer = client.get(url)
    assert 400 <= answer.status_code < 500
    assert answer.headers["content-type"].startswith("text/html")
    assert "Back to the overview" in answer.text


def test_dyad_picker_redirects_to_the_pair_page(client: Any) -> None:
    answer = client.get("/dyads", params={"a": "CHN", "b": "USA"}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/dyads/CHN-USA"


def test_openapi_documents_every_api_route(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    for path in (
        "/api/events",
        "/api/events/{event_id}",
        "/api/dyads/{a}/{b}/series",
        "/api/top/actors",
        "/api/top/dyads",
        "/api/network",
        "/api/articles/{article_id}",
        "/api/codebook/{code}",
        "/api/extract",
        "/api/articles",
        "/dyads/{pair}.json",
        "/events.json",
    ):
        assert path in paths
    event = spec["components"]["schemas"]["EventOut"]["properties"]
    assert set(event) == EVENT_KEYS


URL = re.compile(r"""(?:src|href)=["'](https?:)?//""")


def test_nothing_is_loaded_from_another_host(client: Any) -> None:
    """Pages and their scripts reference only this server (plotly.js included)."""
    for page in ("/", "/events", "/dyads/CHN-RUS", "/network", "/articles", f"/articles/{ARTICLE}", "/docs"):
        assert not URL.search(client.get(page).text), page
    for asset in ("/static/dyad.js", "/static/docs.js", "/static/dyad.css"):
        text = client.get(asset).text
        assert "http://" not in text and "https://" not in text, asset
    assert client.get("/vendor/plotly.min.js").status_code == 200
    assert client.get("/map/world.svg").text.startswith("<svg")


def test_blank_form_fields_mean_no_filter(client: Any) -> None:
    blank = client.get("/events.json?actor=&quad_class=&start=&end=&status=&limit=5").json()
    assert blank["total"] == client.get("/events.json?limit=5").json()["total"]


def test_docs_page_links_to_the_openapi_description(client: Any) -> None:
    page = client.get("/docs").text
    assert 'href="/openapi.json"' in page and "/docs.json" not in page
