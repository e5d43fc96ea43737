"""Publication dates: the accepted human forms parse deterministically; the rest are refused with a reason."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dyad.readers.dates import ACCEPTED_FORMS, parse_date, read_date


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2019-03-03", date(2019, 3, 3)),
        ("2019-03-03T10:00:00Z", date(2019, 3, 3)),
        ("2019-03-03T23:30:00-05:00", date(2019, 3, 3)),  # the date as written, not converted to UTC
        ("2019-03-03 10:00", date(2019, 3, 3)),
        ("20190303", date(2019, 3, 3)),
        ("2019/03/03", date(2019, 3, 3)),
        ("2019/3/3", date(2019, 3, 3)),
        ("2019.03.03", date(2019, 3, 3)),
        ("3 March 2019", date(2019, 3, 3)),
        ("03 March 2019", date(2019, 3, 3)),
        ("3rd March 2019", date(2019, 3, 3)),
        ("3 Mar 2019", date(2019, 3, 3)),
        ("3 Sept. 2019", date(2019, 9, 3)),
        ("March 3, 2019", date(2019, 3, 3)),
        ("March 3 2019", date(2019, 3, 3)),
        ("Mar. 3, 2019", date(2019, 3, 3)),
        ("march 3rd, 2019", date(2019, 3, 3)),
        ("Sunday, 3 March 2019", date(2019, 3, 3)),
        ("Sun 3 March 2019", date(2019, 3, 3)),
        ("  2019-03-03  ", date(2019, 3, 3)),
        ("1800-01-01", date(1800, 1, 1)),
        ("2200-12-31", date(2200, 12, 31)),
    ],
)
def test_accepted_forms(written: str, expected: date) -> None:
    assert parse_date(written) == expected


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("03.03.2019", "ambiguous"),
        ("3/4/2019", "ambiguous"),
        ("17/05/2024", "ambiguous"),  # no guess even when only one reading is a real date
        ("03-03-19", "ambiguous"),
        ("2024-02-31", "not a real calendar date"),
        ("2024-13-45", "not a real calendar date"),
        ("31 February 2024", "not a real calendar date"),
        ("2024-05-17T25:00", "not a real calendar date"),
        ("9999-12-31", "outside the years 1800-2200"),
        ("0001-01-01", "outside the years 1800-2200"),
        ("1799-12-31", "outside the years 1800-2200"),
        ("2201-01-01", "outside the years 1800-2200"),
        ("Monday, 3 March 2019", "2019-03-03 is a Sunday"),
        ("yesterday", "unparseable date"),
        ("May 2019", "unparseable date"),
        ("2019-03-03 and more", "unparseable date"),
        ("2019-03-031", "unparseable date"),
    ],
)
def test_refused_forms_say_why_and_what_is_accepted(written: str, reason: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_date(written)
    assert reason in str(caught.value)
    assert ACCEPTED_FORMS in str(caught.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        (date(2024, 5, 17), date(2024, 5, 17)),
        (datetime(2024, 5, 17, 23, 59), date(2024, 5, 17)),
    ],
)
def test_blank_and_date_values(value: object, expected: date | None) -> None:
    result = parse_date(value)
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (20240517, "must be a string"),
        (["2024-05-17"], "must be a string"),
        (10**50, "must be a string"),
        (date(9999, 12, 31), "outside the years"),
        (datetime(1, 1, 1), "outside the years"),
    ],
)
def test_wrong_types_and_dates_out_of_range(value: object, reason: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_date(value)
    assert reason in str(caught.value) and len(str(caught.value)) < 200


def test_read_date_returns_where_the_date_ends() -> None:
    text = "date 3 March 2019 Police arrested ten."
    assert read_date(text, 5) == (date(2019, 3, 3), len("date 3 March 2019"))
