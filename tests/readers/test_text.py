"""Text headers: every common form is read and cut off; an unreadable header date is an error on its line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dyad.model import Article, ReadError
from dyad.readers import read_path
from dyad.readers.dates import ACCEPTED_FORMS
from dyad.readers.text import split_header, text_to_article


@pytest.mark.parametrize(
    ("raw", "expected_date", "expected_body"),
    [
        ("date 3 March 2019 Police arrested ten.", date(2019, 3, 3), "Police arrested ten."),
        ("date March 3, 2019 Police arrested ten.", date(2019, 3, 3), "Police arrested ten."),
        ("date 2019/03/03 Police arrested ten.", date(2019, 3, 3), "Police arrested ten."),
        ("Date: 3 March 2019\nPolice arrested ten.", date(2019, 3, 3), "Police arrested ten."),
        ("DATE:2019-03-03\n\nPolice arrested ten.", date(2019, 3, 3), "Police arrested ten."),
        ("date Sunday, 3 March 2019 Police arrested ten.", date(2019, 3, 3), "Police arrested ten."),
        ("date 2019-03-03T10:00:00Z Police arrested ten.", date(2019, 3, 3), "Police arrested ten."),
        ("date 3 March 2019. Police arrested ten.", date(2019, 3, 3), "Police arrested ten."),
        ("date 2019-03-03 10 people were arrested.", date(2019, 3, 3), "10 people were arrested."),
        ("Date palms grow in Basra.", None, "Date palms grow in Basra."),  # not a header
        ("date night ended early.", None, "date night ended early."),
        ("dated 2024-05-17 is not a header", None, "dated 2024-05-17 is not a header"),
    ],
)
def test_header_forms(raw: str, expected_date: date | None, expected_body: str) -> None:
    published, body, error = split_header(raw)
    assert error is None
    assert published == expected_date
    assert body == expected_body


@pytest.mark.parametrize(
    ("raw", "line", "reason"),
    [
        ("date 03.03.2019 Police arrested ten.", 1, "'03.03.2019' is ambiguous"),
        ("\n\ndate 9999-12-31 Police said tomorrow.", 3, "outside the years 1800-2200"),
        ("  date 0001-01-01 Police said yesterday.", 1, "outside the years 1800-2200"),
        ("date 2024-13-45 Police arrested ten.", 1, "not a real calendar date"),
        ("date: yesterday Police arrested ten.", 1, "unparseable date 'yesterday Police arrested'"),
        ("date 12 of the tour saw rain.", 1, "unparseable date"),
        ("date Monday, 3 March 2019 Police arrested ten.", 1, "is a Sunday"),
    ],
)
def test_unreadable_header_date_is_an_error_on_its_line(raw: str, line: int, reason: str) -> None:
    item = text_to_article(raw, "news.txt", "news", date(2024, 1, 1))
    assert isinstance(item, ReadError), "never an article that keeps its header in the text"
    assert item.kind == "bad_date" and item.origin == f"news.txt:{line}"
    assert reason in item.reason and ACCEPTED_FORMS in item.reason


def test_regression_human_header_date_was_an_undated_article(tmp_path: Path) -> None:
    path = tmp_path / "talks.txt"
    path.write_text("date 3 March 2019 Kenya hosted talks with Ethiopia.", encoding="utf-8")
    (item,) = read_path(path)
    assert isinstance(item, Article)
    assert item.publication_date == date(2019, 3, 3) and not item.flags
    assert item.text == "Kenya hosted talks with Ethiopia."
