"""Accuracy gate for the event coder: scores on the shared gold sets must not fall below the pins.

Scores are measured with :mod:`dyad.evaluation.events` and pinned,
rounded down to 2 decimals, in ``tests/baselines/events.json``. Lower a pin only on purpose, with the
reason in the commit message. Skips when the shared evaluation folder is absent. (CASE 2021 is
gated by tests/evaluation/test_case_baseline.py, with the article classifier.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BASELINE = Path(__file__).resolve().parents[1] / "baselines" / "events.json"


def _pins() -> dict[str, float]:
    return json.loads(BASELINE.read_text(encoding="utf-8"))["scores"]


def _check(measured: dict[str, float], prefix: str) -> None:
    pins = {k: v for k, v in _pins().items() if k.startswith(prefix) and not k.endswith("_max")}
    assert pins, f"no {prefix}* pins in {BASELINE.name}"
    drops = {k: (measured[k], v) for k, v in pins.items() if measured[k] < v}
    assert not drops, f"event scores fell below {BASELINE.name} (measured, pinned): {drops}"


@pytest.fixture(scope="module")
def plover(shared, nlp):  # type: ignore[no-untyped-def]
    from dyad.evaluation.events import evaluate_plover

    return evaluate_plover(shared / "eval" / "plover_gsr" / "PLOVER_GSR_CAMEO.json", nlp=nlp)


def test_plover_gsr_event_type_accuracy(plover) -> None:  # type: ignore[no-untyped-def]
    _check(
        {
            "plover_accuracy": plover["accuracy"],
            "plover_source_accuracy": plover["source_accuracy"],
            "plover_f1": plover["overall"]["f1"],
            "plover_dyad_f1": plover["dyad"]["overall"]["f1"],
            "plover_dyad_pair_f1": plover["dyad_pair"]["overall"]["f1"],
            "plover_dyad_complete_f1": plover["dyad_complete"]["overall"]["f1"],
        },
        "plover_",
    )


def test_plover_gsr_false_codings_per_sentence(plover) -> None:  # type: ignore[no-untyped-def]
    """Every countable event that matches no gold coding is a false coding; lower is better (a ceiling)."""
    ceiling = _pins()["plover_dyad_false_per_sentence_max"]
    assert plover["dyad"]["false_per_sentence"] <= ceiling, (plover["dyad"]["false_per_sentence"], ceiling)


@pytest.mark.parametrize("name", ["UDP_PETR_Validate_records_2_02", "petrarch2_PETR.UnitTest.records"])
def test_petrarch_validation(shared, nlp, name) -> None:  # type: ignore[no-untyped-def]
    from dyad.evaluation.events import evaluate_petrarch

    report = evaluate_petrarch(shared / "eval" / "petrarch" / f"{name}.xml", nlp=nlp)
    key = "udp" if name.startswith("UDP") else "petr2"
    root = report["root_only"]
    measured = {
        f"{key}_root_found_share": root["found_share"],
        f"{key}_root_precision": root["overall"]["precision"],
    }
    _check(measured, f"{key}_")
    # false codings per sentence is lower-is-better: pinned as a ceiling
    ceiling = _pins()[f"{key}_root_false_per_sentence_max"]
    assert root["false_per_sentence"] <= ceiling, (root["false_per_sentence"], ceiling)


def test_readers_parse_the_gold_files(shared) -> None:  # type: ignore[no-untyped-def]
    from dyad.evaluation.events import read_petrarch, read_plover_gsr

    assert len(read_plover_gsr(shared / "eval" / "plover_gsr" / "PLOVER_GSR_CAMEO.json")) == 322
    sentences = read_petrarch(shared / "eval" / "petrarch" / "UDP_PETR_Validate_records_2_02.xml")
    assert len(sentences) > 250 and all(s.text for s in sentences)


@pytest.mark.parametrize(
    ("gold", "predicted", "f1"),
    [
        ([("USA", "CHN", "11")], [("USA", "CHN", "11")], 1.0),
        ([("USA", "CHN", "11")], [("USA", "CHN", "12")], 0.0),
        ([("USA", "CHN", "11"), ("CHN", "USA", "11")], [("USA", "CHN", "11")], 0.6667),
    ],
)
def test_tally_scores_codings(gold, predicted, f1) -> None:  # type: ignore[no-untyped-def]
    from dyad.evaluation.scoring import Tally

    tally = Tally()
    tally.add("s1", "text", gold, predicted)
    assert tally.overall()["f1"] == f1


@pytest.mark.parametrize(
    ("cameo", "expected"),
    [
        ("0831", "RETREAT"),
        ("083", "CONCEDE"),
        ("0813", "CONCEDE"),
        ("0874", "RETREAT"),
        ("057", "SUPPORT"),
        ("010", "none"),
    ],
)
def test_gsr_type_translates_cameo(cameo, expected) -> None:  # type: ignore[no-untyped-def]
    from dyad.evaluation.events import gsr_type

    assert gsr_type(cameo) == expected


def _record(sources: tuple[str, ...], targets: tuple[str, ...], event: str = "DEMAND"):  # type: ignore[no-untyped-def]
    from dyad.evaluation.events import GsrRecord

    return GsrRecord("r1", "text", event, sources, targets)


def _event(source: str | None, target: str | None, cameo: str):  # type: ignore[no-untyped-def]
    from datetime import date

    from dyad.model import Actor, Event, Evidence, TimeSpan

    def actor(country: str | None) -> Actor | None:
        if country is None:
            return None
        if country == "IGO":  # an organisation: no state, the kind in its code
            return Actor("the UN", "IGOUNO", None)
        return Actor(country, country, country)

    day = TimeSpan("2024-01-01", date(2024, 1, 1), date(2024, 1, 1), "day", "publication")
    evidence = Evidence("text", 0, 4, "x", "rule")
    return Event(
        "e", "a", 0, actor(source), actor(target), cameo, cameo[:2], 3, 0.0, None, day, None, "asserted",
        evidence, 0.7,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("record", "events", "f1", "false_codings"),
    [
        # compound source crossed with the target; both codings found
        (
            _record(("HUN", "ROU"), ("SRB",)),
            [_event("HUN", "SRB", "100"), _event("ROU", "SRB", "1041")],
            1.0,
            0,
        ),
        # an absent gold target is not compared: any predicted target (or none) fills it
        (_record(("JOR",), ()), [_event("JOR", "GBR", "100")], 1.0, 0),
        # a missing predicted target where gold has one does not match; an extra event is a false coding
        (_record(("USA",), ("PRK",)), [_event("USA", None, "100"), _event("USA", "PRK", "111")], 0.0, 2),
        # the CAMEO-era spelling JAP is read as JPN; identical predictions count once
        (_record(("JAP",), ("CHN",)), [_event("JPN", "CHN", "100"), _event("JPN", "CHN", "1011")], 1.0, 0),
        # gold IGO matches an organisation; a statement (no GSR type) is a false coding
        (_record(("IGO",), ("SDN",)), [_event("IGO", "SDN", "100"), _event("IGO", "SDN", "010")], 0.6667, 1),
    ],
)
def test_score_dyads(record, events, f1, false_codings) -> None:  # type: ignore[no-untyped-def]
    from dyad.evaluation.events import score_dyads

    report = score_dyads([record], [events])["dyad"]
    assert report["overall"]["f1"] == f1
    assert report["false_per_sentence"] == false_codings
