"""The coder as named passes that trace their decisions, and `dyad explain` that shows them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from dyad.nlp.explain import MAX_EXPLAIN_CHARS, explain
from dyad.nlp.factories import EVENT_PASSES

DAY = date(2025, 3, 14)


def test_the_passes_run_in_order_and_declare_what_they_read_and_write(nlp) -> None:  # type: ignore[no-untyped-def]
    names = [name for name, _ in nlp.pipeline]
    assert names[-len(EVENT_PASSES) :] == list(EVENT_PASSES)
    problems = {
        name: [p for p in missing if p != "doc._.publication_date"]  # set by make_doc: the input
        for name, missing in nlp.analyze_pipes()["problems"].items()
    }
    assert not any(problems.values()), problems
    for name in EVENT_PASSES:
        meta = nlp.get_pipe_meta(name)
        assert "doc._.events" in meta.assigns and "doc._.event_trace" in meta.assigns
        assert meta.requires, name


def test_the_trace_says_which_pass_changed_an_event_and_why(nlp) -> None:  # type: ignore[no-untyped-def]
    explained = explain("Chile said it would allow aid convoys to reach Peru.", DAY, nlp=nlp)
    change = next(p for p in explained.passes if p["step"] == "frames")
    assert change["action"] == "changed" and change["component"] == "dyad_event_frames"
    assert " 080 " in change["before"] and "future[would]" in change["before"]
    assert " 035 " in change["event"] and "asserted" in change["event"]
    assert change["why"].startswith("CAMEO's framing conventions")
    assert [e["cameo"] for e in explained.events] == ["035"]


def test_a_dropped_event_is_traced(nlp) -> None:  # type: ignore[no-untyped-def]
    # the lunch's host repeats the meeting with an actor missing: merge_partial_duplicates drops it
    explained = explain(
        "Moroccan diplomats held a meeting with Obama at a lunch hosted by the ambassador.", DAY, nlp=nlp
    )
    dropped = [p for p in explained.passes if p["action"] == "dropped"]
    assert [(p["component"], p["step"]) for p in dropped] == [("dyad_event_repeats", "partial_duplicates")]
    assert dropped[0]["event"].startswith("hosted@") and dropped[0]["why"].startswith("Drop an event missing")
    assert all(e["evidence"]["trigger"] != "hosted" for e in explained.events)


def test_candidates_list_the_rules_of_the_lemma_and_the_one_chosen(nlp) -> None:  # type: ignore[no-untyped-def]
    explained = explain("Lula met Xi in Beijing on Monday.", DAY, nlp=nlp)
    met = [c for c in explained.candidates if c.trigger == "met"]
    assert met and all("v.meet" in c.rules for c in met)
    assert {c.chosen for c in met} == {"v.meet", "v.meet+reciprocal"}
    assert {(a.text, a.code) for a in explained.actors} >= {("Lula", "BRAGOV"), ("Xi", "CHNGOV")}


def test_explain_refuses_what_is_not_a_sentence() -> None:
    with pytest.raises(ValueError, match="nothing to explain"):
        explain("   ")
    with pytest.raises(ValueError, match="at most"):
        explain("word " * MAX_EXPLAIN_CHARS)


def test_the_command_prints_tables_and_a_json_twin() -> None:
    command = [
        sys.executable,
        "-m",
        "dyad",
        "explain",
        "Lula met Xi in Beijing on Monday.",
        "--date",
        "2025-03-14",
    ]
    table = subprocess.run(command, capture_output=True, text=True)
    assert table.returncode == 0 and "candidates" in table.stdout and "v.meet" in table.stdout
    as_json = subprocess.run([*command, "--format", "json"], capture_output=True, text=True)
    payload = json.loads(as_json.stdout)
    assert set(payload) == {"text", "publication_date", "actors", "candidates", "passes", "events"}
    assert payload["publication_date"] == "2025-03-14" and len(payload["events"]) == 2
