"""Table-driven tests of Dyad's temporal tagger (dyad.nlp.timex).

Expected values follow the TimeBank/TempEval-3 conventions the tagger is scored on; where the
corpus and intuition disagree, the comment says which one the table follows and why.
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from dyad.nlp.timex import span_for_value, tag

FRIDAY = date(2024, 5, 17)  # a Friday: the publication date of most cases below

CASES = [
    # (text, anchor, expected_text, expected_type, expected_value)
    ("Talks were held this Thursday (16) in Geneva.", FRIDAY, "this Thursday (16)", "DATE", "2024-05-16"),
    ("Rebels attacked the town on Thursday.", FRIDAY, "Thursday", "DATE", "2024-05-16"),
    ("The ministers met on Friday.", FRIDAY, "Friday", "DATE", "2024-05-17"),
    ("Voting begins next Thursday.", FRIDAY, "next Thursday", "DATE", "2024-05-23"),
    ("The summit will open on Tuesday.", FRIDAY, "Tuesday", "DATE", "2024-05-21"),
    ("Shelling resumed Thursday evening.", FRIDAY, "Thursday evening", "TIME", "2024-05-16TEV"),
    ("Police said earlier this week that ...", FRIDAY, "earlier this week", "DATE", "2024-W20"),
    ("Troops withdrew last week.", FRIDAY, "last week", "DATE", "2024-W19"),
    ("Exports fell last year.", FRIDAY, "last year", "DATE", "2023"),
    ("Elections are due next month.", FRIDAY, "next month", "DATE", "2024-06"),
    ("Men first walked on the moon in 1969.", FRIDAY, "1969", "DATE", "1969"),
    ("Fighting escalated in February 2022.", FRIDAY, "February 2022", "DATE", "2022-02"),
    ("Since the February 2022 invasion, ...", FRIDAY, "February 2022", "DATE", "2022-02"),
    ("The pandemic began in 2020.", FRIDAY, "2020", "DATE", "2020"),
    ("He resigned a day after the vote.", FRIDAY, "a day", "DURATION", "P1D"),
    ("The strike ended weeks after it began.", FRIDAY, "weeks", "DURATION", "PXW"),
    # TimeBank codes "recent weeks/months" as DURATION PXW/PXM and "recent years" as PAST_REF.
    ("Prices rose in recent weeks.", FRIDAY, "recent weeks", "DURATION", "PXW"),
    ("Violence has grown in recent years.", FRIDAY, "recent years", "DATE", "PAST_REF"),
    ("The alliance marks 75 years this month.", FRIDAY, "75 years", "DURATION", "P75Y"),
    ("A two-day visit to Paris.", FRIDAY, "two-day", "DURATION", "P2D"),
    ("They left their third day-long meeting.", FRIDAY, "day-long", "DURATION", "P1D"),
    ("The yearlong investigation ended.", FRIDAY, "yearlong", "DURATION", "P1Y"),
    # TimeBank writes decades as years: "two decades" P20Y, "past decade" P10Y.
    ("The war lasted more than a decade.", FRIDAY, "more than a decade", "DURATION", "P10Y"),
    ("Analysts welcomed this week's agreement.", FRIDAY, "this week", "DATE", "2024-W20"),
    ("Protests continued today.", FRIDAY, "today", "DATE", "2024-05-17"),
    ("Protests began yesterday.", FRIDAY, "yesterday", "DATE", "2024-05-16"),
    ("Talks resume tomorrow.", FRIDAY, "tomorrow", "DATE", "2024-05-18"),
    ("The army is now in control.", FRIDAY, "now", "DATE", "PRESENT_REF"),
    ("Inspectors visit the site every week.", FRIDAY, "every week", "SET", "P1W"),
    ("The council meets weekly.", FRIDAY, "weekly", "SET", "P1W"),
    ("Spending rose in fiscal 2024.", FRIDAY, "fiscal 2024", "DATE", "2024"),
    ("The FY2024 budget was cut.", FRIDAY, "FY2024", "DATE", "2024"),
    ("Fires raged last summer.", FRIDAY, "last summer", "DATE", "2023-SU"),
    ("Inflation was high in the 1990s.", FRIDAY, "the 1990s", "DATE", "199X"),
    ("Output grew in the third quarter.", FRIDAY, "the third quarter", "DATE", "2024-Q3"),
    ("Talks are set for May 5.", FRIDAY, "May 5", "DATE", "2024-05-05"),
    ("The accord was signed on 5 May 2023.", FRIDAY, "5 May 2023", "DATE", "2023-05-05"),
    ("Filed on 2023-05-05 in court.", FRIDAY, "2023-05-05", "DATE", "2023-05-05"),
    ("Clashes erupted on March 3rd.", FRIDAY, "March 3rd", "DATE", "2024-03-03"),
    ("The ceasefire of Jan. 5 collapsed.", FRIDAY, "Jan. 5", "DATE", "2024-01-05"),
    ("Talks were held on Aug. 7, 1998.", FRIDAY, "Aug. 7, 1998", "DATE", "1998-08-07"),
    ("Prices may rise in May.", FRIDAY, "May", "DATE", "2024-05"),
    ("Rebels seized the town two weeks ago.", FRIDAY, "two weeks ago", "DATE", "2024-W18"),
    ("Rebels seized the town a year ago.", FRIDAY, "a year ago", "DATE", "2023"),
    ("The vote is at 4 p.m. Thursday.", FRIDAY, "4 p.m. Thursday", "TIME", "2024-05-16T16:00"),
    ("Shots were heard last night.", FRIDAY, "last night", "TIME", "2024-05-16TNI"),
    ("Profit fell in the year-ago quarter.", FRIDAY, "the year-ago quarter", "DATE", "2023"),
    ("The 20th century saw two world wars.", FRIDAY, "The 20th century", "DATE", "19"),
    ("He served in the early '80s.", FRIDAY, "the early '80s", "DATE", "198X"),
    ("Demand will soften over the next three months.", FRIDAY, "the next three months", "DURATION", "P3M"),
    ("Trading halted for 2 1/2 hours.", FRIDAY, "2 1/2 hours", "DURATION", "PT2H30M"),
    # Tense of the governing clause: the nearest cue wins ("predicted" governs, not "will").
    ("Exiles will now appeal, Cuba predicted Wednesday.", FRIDAY, "Wednesday", "DATE", "2024-05-15"),
    ("He said troops will begin withdrawing on Wednesday.", FRIDAY, "Wednesday", "DATE", "2024-05-22"),
    ("They were planning to march on Monday.", FRIDAY, "Monday", "DATE", "2024-05-20"),
    ("On Tuesday, the two sides conferred.", FRIDAY, "Tuesday", "DATE", "2024-05-14"),
    ("The summit will be held on Tuesday.", FRIDAY, "Tuesday", "DATE", "2024-05-21"),
    # A possessive weekday heads its own noun phrase: a verb after it does not govern it.
    (
        "The nature of Wednesday's attack is a sign of what is to come.",
        FRIDAY,
        "Wednesday",
        "DATE",
        "2024-05-15",
    ),
    # Anaphora: the last date mentioned is the reference time, else the anchor.
    (
        "Imports totaled $37 million in 1988, a small share of imports that year.",
        FRIDAY,
        "that year",
        "DATE",
        "1988",
    ),
    (
        "He was promoted on May 22, 1995, and the following year he moved.",
        FRIDAY,
        "the following year",
        "DATE",
        "1996",
    ),
    (
        "He was killed on Oct. 23, 1998. Earlier that day, police were warned.",
        FRIDAY,
        "Earlier that day",
        "DATE",
        "1998-10-23",
    ),
    (
        "He was shot last October. His name was crossed out that same day.",
        FRIDAY,
        "that same day",
        "DATE",
        "2023-10-XX",
    ),
    ("He fled in June 1998 and returned later that year.", FRIDAY, "later that year", "DATE", "1998"),
    ("Talks ended on Tuesday and resumed the next day.", FRIDAY, "the next day", "DATE", "2024-05-15"),
    # "N units earlier" counts back from the last date mentioned ("ago" from the anchor).
    (
        "Trump tweeted on 19 December. In a phone call five days earlier, he agreed.",
        date(2019, 1, 7),
        "five days earlier",
        "DATE",
        "2018-12-14",
    ),
    ("Rebels seized the town five days earlier.", FRIDAY, "five days earlier", "DATE", "2024-05-12"),
    ("Prices rose that year.", FRIDAY, "that year", "DATE", "2024"),
    # Earnings reports: periods compared with the quarter under discussion.
    (
        "Sales rose in the first quarter. For the quarter a year ago, it earned $1.",
        FRIDAY,
        "the quarter a year ago",
        "DATE",
        "2023-Q1",
    ),
    (
        "Profit rose in the first quarter from the corresponding period last year.",
        FRIDAY,
        "the corresponding period last year",
        "DATE",
        "2023-Q1",
    ),
    ("Revenue was $7 million for the year ended March 31.", FRIDAY, "the year", "DURATION", "P1Y"),
    # "for the year", "of the year": the year under discussion (the reference time).
    ("For the year, pet food volume was flat.", FRIDAY, "the year", "DATE", "2024"),
    ("Sales fell in 1998. For the year, volume was flat.", FRIDAY, "the year", "DATE", "1998"),
    (
        "Net rose in the first quarter. For the nine months, net fell from a year earlier.",
        FRIDAY,
        "a year earlier",
        "DATE",
        "2023",
    ),
    # Half units are written in the next smaller unit, as TimeBank does (never "P2.5Y").
    ("Trading halted for 5 1/2 hours.", FRIDAY, "5 1/2 hours", "DURATION", "PT5H30M"),
    ("He was held for 2 1/2 years.", FRIDAY, "2 1/2 years", "DURATION", "P2Y6M"),
    ("The trial lasted a year and a half.", FRIDAY, "a year and a half", "DURATION", "P1Y6M"),
    ("Half an hour later, police arrived.", FRIDAY, "Half an hour", "DURATION", "PT30M"),
    ("The talk lasted a minute and a half.", FRIDAY, "a minute and a half", "DURATION", "PT1M30S"),
    ("The siege lasted a day and a half.", FRIDAY, "a day and a half", "DURATION", "P1DT12H"),
    # "a <unit>" after an amount is a rate (SET), not a duration.
    ("The fund will spend $2 billion a year.", FRIDAY, "a year", "SET", "P1Y"),
    ("Fifty thousand CDs a year are sold.", FRIDAY, "a year", "SET", "P1Y"),
    ("It did hundreds of interviews a day.", FRIDAY, "a day", "SET", "P1D"),
    ("He won 5 races in a year.", FRIDAY, "a year", "DURATION", "P1Y"),
    # Times of day: 24-hour clocks with a zone or after "at", "9.30am", US zones, "on <day>".
    ("The talks began at 13:30 GMT.", FRIDAY, "13:30 GMT", "TIME", "2024-05-17T13:30"),
    ("The vote closes at 22:00.", FRIDAY, "22:00", "TIME", "2024-05-17T22:00"),
    (
        "The ceasefire took effect at 06:00 local time.",
        FRIDAY,
        "06:00 local time",
        "TIME",
        "2024-05-17T06:00",
    ),
    ("The market opened at 9.30am.", FRIDAY, "9.30am", "TIME", "2024-05-17T09:30"),
    ("He landed at 8 a.m. ET Thursday.", FRIDAY, "8 a.m. ET Thursday", "TIME", "2024-05-16T08:00"),
    ("The flight left at 10:35 a.m. PST.", FRIDAY, "10:35 a.m. PST", "TIME", "2024-05-17T10:35"),
    ("The vote will be held at 2 p.m. on Monday.", FRIDAY, "2 p.m", "TIME", "2024-05-20T14:00"),
    ("Talks ended on Tuesday at 13:30 GMT.", FRIDAY, "13:30 GMT", "TIME", "2024-05-14T13:30"),
    ("The vote is on May 21 at 9am.", FRIDAY, "9am", "TIME", "2024-05-21T09:00"),
    # A future clause is not turned past by a participle ("will remain closed").
    ("Banks will remain closed until Tuesday.", FRIDAY, "Tuesday", "DATE", "2024-05-21"),
    # A quoted sentence ends at its closing quote: "is to" before it does not govern "Friday".
    (
        "“His duty is to keep people safe.” After the news on Thursday night, aides met.",
        date(2024, 5, 18),
        "Thursday night",
        "TIME",
        "2024-05-16TNI",
    ),
    # "since" points back: the weekday or month is never after the publication date.
    ("Refugees have arrived since Saturday.", FRIDAY, "Saturday", "DATE", "2024-05-11"),
    ("He has been missing since May 30.", FRIDAY, "May 30", "DATE", "2023-05-30"),
    ("Prices have risen since July.", FRIDAY, "July", "DATE", "2023-07"),
    ("Lawmakers have until the end of the week to agree.", FRIDAY, "the end of the week", "DATE", "2024-W20"),
    ("He died in March last year.", FRIDAY, "March last year", "DATE", "2023-03"),
    ("It opens in April next year.", FRIDAY, "April next year", "DATE", "2025-04"),
    # Seasons: a bare one follows the tense of its clause; December does not move it a year on.
    ("In the summer, the policy changed.", date(2018, 12, 20), "the summer", "DATE", "2018-SU"),
    ("The pool will be filled in the summer.", date(2019, 2, 25), "the summer", "DATE", "2019-SU"),
    ("Talks collapsed in the autumn.", date(2019, 2, 25), "the autumn", "DATE", "2018-FA"),
    ("It opened in the summer of last year.", FRIDAY, "the summer of last year", "DATE", "2023-SU"),
    ("Investors fled last fall in a panic.", FRIDAY, "last fall", "DATE", "2023-FA"),
    ("Islam will one day be the second religion.", FRIDAY, "one day", "DATE", "FUTURE_REF"),
    ("The index fell 3% in one day.", FRIDAY, "one day", "DURATION", "P1D"),
    # Adjectival durations: TimeBank leaves the article out ("the 14-day waiting period").
    ("The government called the 14-day waiting period fair.", FRIDAY, "14-day", "DURATION", "P14D"),
    ("Profit rose for the nine months.", FRIDAY, "the nine months", "DURATION", "P9M"),
    # Easter moves: computed for the year nearest the anchor, like the other holidays.
    ("The banks will reopen after Easter.", date(2013, 3, 21), "Easter", "DATE", "2013-03-31"),
    ("The attack came on Good Friday.", date(2019, 4, 25), "Good Friday", "DATE", "2019-04-19"),
    ("Protesters gathered during Easter week.", date(2000, 4, 17), "Easter week", "DATE", "2000-W16"),
    # Without a publication date, relative expressions stay underspecified.
    ("Rebels attacked the town on Thursday.", None, "Thursday", "DATE", "XXXX-WXX-4"),
    ("Troops withdrew last week.", None, "last week", "DATE", "XXXX-WXX"),
    ("Protests began yesterday.", None, "yesterday", "DATE", "XXXX-XX-XX"),
    ("Talks are set for May 5.", None, "May 5", "DATE", "XXXX-05-05"),
    ("Exports fell last year.", None, "last year", "DATE", "XXXX"),
    ("The army is now in control.", None, "now", "DATE", "PRESENT_REF"),
]


@pytest.mark.parametrize(("text", "anchor", "expected_text", "expected_type", "expected_value"), CASES)
def test_tag_finds_and_normalizes(
    text: str, anchor: date | None, expected_text: str, expected_type: str, expected_value: str
) -> None:
    found = [t for t in tag(text, anchor) if t.text == expected_text]
    assert found, f"{expected_text!r} not tagged in {text!r}: {tag(text, anchor)}"
    timex = found[0]
    assert (timex.type, timex.value) == (expected_type, expected_value)
    assert text[timex.start : timex.end] == timex.text


NEGATIVES = [
    "We believe the talks will succeed.",
    "Delegates attended the 43rd meeting of the council.",
    "They may attend the summit.",
    "Thousands of protesters march through the capital.",
    "Organisers planned a march on the capital.",
    "The proposal went before an august body of jurists.",
    "The Sun reported the story first.",
    "The government announced a 12-point plan.",
    "The fund received $2 billion in aid.",
    "Police detained 16 people.",
    "A 45-year-old man was arrested.",  # TimeBank does not annotate ages
    "Theresa May met the delegation.",
    "Prices could fall sharply.",
    "He won a second term.",
    "About three-quarters of voters agreed.",
    "More than a quarter of the market is junk.",
    "The idea has support in some quarters.",
    "The team won 3:1 in the final.",
    "Read John 3:16 again.",
    "Call 555-1999 for tickets.",
    "Rebels celebrated the fall of Mosul.",
    "Analysts expect the fall in prices to continue.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_tag_ignores_non_temporal_words(text: str) -> None:
    assert tag(text, FRIDAY) == []


def test_modal_may_and_month_may_in_one_sentence() -> None:
    found = tag("Prices may rise in May.", FRIDAY)
    assert [(t.text, t.start) for t in found] == [("May", 19)]


@pytest.mark.parametrize("text", ["Output grew from 2019 to 2021.", "Output grew in 2019-2021."])
def test_range_gives_two_dates(text: str) -> None:
    found = tag(text, FRIDAY)
    assert [(t.text, t.value) for t in found] == [("2019", "2019"), ("2021", "2021")]


def test_results_are_sorted_non_overlapping_and_carry_spans() -> None:
    text = "On Thursday (16) and last week, and in May 2023, officials met; talks resume tomorrow."
    found = tag(text, FRIDAY)
    assert [t.start for t in found] == sorted(t.start for t in found)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    assert all(text[t.start : t.end] == t.text for t in found)
    assert all(t.span is not None and t.span.basis == "text" for t in found)


def test_vague_reference_yields_to_the_date_it_introduces() -> None:
    found = tag("Doctors were killed, most recently last October.", FRIDAY)
    assert [(t.text, t.value) for t in found] == [("last October", "2023-10")]


def test_forecast_quarter_is_not_the_comparison_base() -> None:
    text = "Net fell in the first quarter. Losses will go on into the second quarter. A year earlier: $1."
    found = {t.text: t.value for t in tag(text, FRIDAY)}
    assert found["A year earlier"] == "2023-Q1"


def test_year_ended_needs_a_reporting_date() -> None:
    found = tag("The year ended with a warning. Net rose in the year ended Sept. 30.", FRIDAY)
    assert [(t.start, t.value) for t in found if t.text.lower() == "the year"] == [(43, "P1Y")]


def test_no_anchor_gives_no_spans() -> None:
    assert all(t.span is None for t in tag("Talks resumed on Thursday and last week.", None))


SPANS = [
    # (value, start, end, granularity)
    ("2024-05-16", date(2024, 5, 16), date(2024, 5, 16), "day"),
    ("2024-W20", date(2024, 5, 13), date(2024, 5, 19), "week"),
    ("2024-05", date(2024, 5, 1), date(2024, 5, 31), "month"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
    ("2024", date(2024, 1, 1), date(2024, 12, 31), "year"),
    ("196X", date(1960, 1, 1), date(1969, 12, 31), "decade"),
    ("19XX", date(1900, 1, 1), date(1999, 12, 31), "century"),
    ("20", date(2000, 1, 1), date(2099, 12, 31), "century"),
    ("2024-Q2", date(2024, 4, 1), date(2024, 6, 30), "quarter"),
    ("2024-SU", date(2024, 6, 1), date(2024, 8, 31), "season"),
    ("2024-05-16T19:00", date(2024, 5, 16), date(2024, 5, 16), "day"),
    ("2024-05-16TEV", date(2024, 5, 16), date(2024, 5, 16), "day"),
]


@pytest.mark.parametrize(("value", "start", "end", "granularity"), SPANS)
def test_span_for_value(value: str, start: date, end: date, granularity: str) -> None:
    span = span_for_value(value, "text")
    assert span is not None
    assert (span.start, span.end, span.granularity, span.basis, span.text) == (
        start,
        end,
        granularity,
        "text",
        "text",
    )


@pytest.mark.parametrize("value", ["P3M", "PRESENT_REF", "XXXX-WXX", "XXXX-05-05", "2024-13", ""])
def test_span_for_value_is_none_for_non_dates(value: str) -> None:
    assert span_for_value(value) is None
