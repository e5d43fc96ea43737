"""One act told in several sentences: mentions share a story_event id, and an unknown side is read
from the mention it repeats (our own stories)."""

from __future__ import annotations

from datetime import date

DAY = date(2025, 3, 14)
STORY = (
    "Al-Shabab fighters attacked an army base near Kismayo on Monday. "
    "Residents said the fighting lasted for hours. "
    "Four Somali soldiers were killed."
)


def test_mentions_of_one_attack_share_a_story_event_and_its_attackers(code_text) -> None:  # type: ignore[no-untyped-def]
    events = [e for e in code_text(STORY, DAY).events if e.root in {"18", "19", "20"}]
    attacked = next(e for e in events if e.evidence.trigger == "attacked")
    killed = next(e for e in events if e.evidence.trigger == "killed")
    assert attacked.story_event and killed.story_event == attacked.story_event
    assert killed.source is not None and killed.source.code == attacked.source.code  # type: ignore[union-attr]
    assert "+story_source" in killed.evidence.rule and killed.source.start == -1


def test_different_acts_keep_their_own_story_events(code_text) -> None:  # type: ignore[no-untyped-def]
    text = "Kenya's president met Uganda's president on Monday. Kenya criticized Uganda over the border."
    events = list(code_text(text, DAY).events)
    assert (
        len(
            {e.story_event for e in events if e.root == "04"}
            & {e.story_event for e in events if e.root == "11"}
        )
        == 0
    )


def test_an_act_that_did_not_happen_is_not_a_mention_of_one_that_did(code_text) -> None:  # type: ignore[no-untyped-def]
    text = "Chinese troops shelled Indian army posts on Monday. India said its troops did not shell Chinese army posts."
    events = [e for e in code_text(text, DAY).events if e.root in {"18", "19"}]
    asserted = {e.story_event for e in events if e.status == "asserted"}
    negated = {e.story_event for e in events if e.status == "negated"}
    assert asserted and not asserted & negated


def test_the_json_shape_carries_story_event(code_text) -> None:  # type: ignore[no-untyped-def]
    from dyad.model import event_to_json

    shape = event_to_json(next(iter(code_text(STORY, DAY).events)))
    assert isinstance(shape["story_event"], str) and len(shape["story_event"]) == 16
