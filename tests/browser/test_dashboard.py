"""The dashboard in a real browser: every page loads clean and offline, and the main tasks work.

Each test asserts what a person would see, that the console stayed free of errors and that no
request left localhost. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

ARTICLE = "05_china_russia_xi_moscow_2019"


@pytest.mark.parametrize(
    ("name", "path", "heading", "ready"),
    [
        ("overview", "/", "Overview", "#quad-chart .main-svg"),
        ("events", "/events", "Events", "article.event"),
        ("dyads", "/dyads", "Dyad explorer", "table.rank"),
        ("dyad", "/dyads/CHN-RUS", "CHN ↔ RUS", "#dyad-chart .main-svg"),
        ("network", "/network", "Actor network", "svg.network circle"),
        ("actors", "/actors", "Actors", "table.rank td"),
        ("articles", "/articles", "Articles", "#paste-text"),
        ("article", f"/articles/{ARTICLE}", "", "mark.trigger"),
        ("docs", "/docs", "Dyad API", "details.docs-op"),
    ],
)
def test_page_loads_clean_and_offline(watched: Any, name: str, path: str, heading: str, ready: str) -> None:
    page = watched.page
    page.goto(watched.base_url + path)
    page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")
    if heading:
        assert page.locator("h1").first.inner_text() == heading
    watched.screenshot(name)
    assert watched.errors == []
    assert watched.foreign_requests() == []


def test_filter_events_then_open_one(watched: Any) -> None:
    page = watched.page
    page.goto(watched.base_url + "/events")
    page.fill("input[name=actor]", "RUS")
    page.select_option("select[name=quad_class]", "4")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"actor=RUS"))
    cards = page.locator("article.event")
    assert cards.count() > 0
    for index in range(cards.count()):
        card = cards.nth(index)
        assert "q4" in (card.get_attribute("class") or "")
        assert "RUS" in card.locator(".event-head").inner_text()
    watched.screenshot("events-filtered")
    cards.first.locator("a.date").click()
    page.wait_for_url(re.compile(r"/events/[0-9a-f]+$"))
    assert page.locator("h1").inner_text().startswith("Event ")
    assert page.locator(".evidence mark.trigger").count() == 1
    assert page.locator("table.facts").inner_text().count("basis") >= 2
    assert page.locator("svg.minimap").count() == 1
    watched.screenshot("event")
    assert watched.errors == [] and watched.foreign_requests() == []


def test_dyad_point_lists_its_events(watched: Any) -> None:
    page = watched.page
    page.goto(watched.base_url + "/dyads")
    page.fill("input[name=a]", "CHN")
    page.fill("input[name=b]", "RUS")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"/dyads/CHN-RUS"))
    page.wait_for_selector("#dyad-chart .main-svg")
    bars = page.locator("#dyad-chart .bars path")
    assert bars.count() > 0
    bars.first.click(force=True)
    page.wait_for_selector("#point-events:not([hidden]) #point-table tr td")
    assert re.match(
        r"\d+ events? in the month of \d{4}-\d{2}-\d{2}", page.locator("#point-title").inner_text()
    )
    watched.screenshot("dyad-point")
    assert watched.errors == [] and watched.foreign_requests() == []


def test_paste_an_article_and_see_its_events(watched: Any) -> None:
    page = watched.page
    page.goto(watched.base_url + "/articles")
    page.fill(
        "#paste-text",
        "Xi Jinping hosted Vladimir Putin in Beijing on Thursday. "
        "China and Russia signed an energy agreement.",
    )
    page.fill("#paste-date", "2024-05-17")
    page.click("#paste-button")
    page.wait_for_selector("#paste-result:not([hidden])", timeout=90_000)
    assert re.match(r"[1-9]\d* events found", page.locator("#paste-status").inner_text())
    assert page.locator("#paste-text-out mark.source").count() > 0
    assert page.locator("#paste-text-out mark.trigger").count() > 0
    assert "CHN" in page.locator("#paste-events").inner_text()
    watched.screenshot("paste")
    assert watched.errors == [] and watched.foreign_requests() == []


def test_docs_page_tries_an_operation(watched: Any) -> None:
    page = watched.page
    page.goto(watched.base_url + "/docs")
    operation = page.locator("details.docs-op", has_text="/api/counts")
    operation.locator("summary").click()
    operation.locator("button").click()
    page.wait_for_selector("details.docs-op pre.response:not([hidden])")
    assert operation.locator("pre.response").inner_text().startswith("200")
    assert watched.errors == [] and watched.foreign_requests() == []
