"""The ACLED sub-type classifier ships, loads offline, and labels plain sentences of our own.

The sentences below were written for these tests (none comes from an evaluation set). They are
clear cases, one per family of classes, so a retrained model that gets them wrong has regressed.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from dyad.analysis.classify import (
    ACLED_MODEL,
    AcledModel,
    acled_features,
    acled_labels,
    classify_result,
    classify_results,
    classify_text,
    classify_texts,
)
from dyad.model import Article, ArticleResult

REPO = Path(__file__).resolve().parents[2]
CASE_LABELS = {
    "ABDUCT_DISSAP",
    "AGREEMENT",
    "AIR_STRIKE",
    "ARMED_CLASH",
    "ARREST",
    "ART_MISS_ATTACK",
    "ATTACK",
    "CHANGE_TO_GROUP_ACT",
    "CHEM_WEAP",
    "DISR_WEAP",
    "FORCE_AGAINST_PROTEST",
    "GOV_REGAINS_TERIT",
    "GRENADE",
    "HQ_ESTABLISHED",
    "MOB_VIOL",
    "NON_STATE_ACTOR_OVERTAKES_TER",
    "NON_VIOL_TERRIT_TRANSFER",
    "OTHER",
    "PEACE_PROTEST",
    "PROPERTY_DISTRUCT",
    "PROTEST_WITH_INTER",
    "REM_EXPLOS",
    "SEX_VIOL",
    "SUIC_BOMB",
    "VIOL_DEMONSTR",
    "ORG_CRIME",
    "NATURAL_DISASTER",
    "MAN_MADE_DISASTER",
    "DIPLO",
    "ATTRIB",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Soldiers and rebel fighters exchanged heavy gunfire near the river crossing.", "ARMED_CLASH"),
        ("Fighter jets bombed an insurgent camp in the hills, killing 9 fighters.", "AIR_STRIKE"),
        ("Mortar shells fired by the militants landed on the airport runway.", "ART_MISS_ATTACK"),
        ("A roadside bomb hit an army truck on the main road, wounding four soldiers.", "REM_EXPLOS"),
        ("A man on a scooter threw a hand grenade at a police post.", "GRENADE"),
        ("A suicide bomber blew himself up at the gate of the police academy.", "SUIC_BOMB"),
        ("Gunmen kidnapped two engineers from a construction site and demanded ransom.", "ABDUCT_DISSAP"),
        ("Police arrested the opposition spokesman at his home on charges of sedition.", "ARREST"),
        ("Nurses held a peaceful march to the health ministry over unpaid wages.", "PEACE_PROTEST"),
        ("Rioters burned tyres and stoned police vehicles after the disputed vote.", "VIOL_DEMONSTR"),
        ("Soldiers seized a cache of rifles and explosives hidden in a farmhouse.", "DISR_WEAP"),
        ("The two armed groups signed a ceasefire agreement brokered by church leaders.", "AGREEMENT"),
        ("Floods after days of torrential rain killed 30 people and displaced many.", "NATURAL_DISASTER"),
        ("A cholera outbreak has killed 12 people in the camp, health officials said.", "NATURAL_DISASTER"),
        ("A passenger bus collided with a truck on the highway, killing 14.", "MAN_MADE_DISASTER"),
        ("The militant group claimed responsibility for the attack in a statement online.", "ATTRIB"),
        ("The foreign minister held talks with his counterpart on trade and border security.", "DIPLO"),
        ("Police seized 400 kilograms of cocaine and arrested members of a drug cartel.", "ORG_CRIME"),
    ],
)
def test_clear_sentences_get_their_label(text: str, expected: str) -> None:
    assert next(iter(classify_text(text))) == expected


def test_shipped_model_loads_small_and_covers_the_case_labels() -> None:
    size = sum(p.stat().st_size for p in ACLED_MODEL.rglob("*") if p.is_file())
    # ~2.5 MB of word weights plus the six fine-tuned encoder blocks as rank-24 changes (~2 MB)
    assert size < 5_000_000, f"{ACLED_MODEL} is {size:,} bytes; keep the shipped model under 5 MB"
    assert set(acled_labels()) == CASE_LABELS
    model = AcledModel.load(ACLED_MODEL)
    assert model.weights.shape == (len(model.keys), len(CASE_LABELS))
    assert model.embedding is not None and model.embedding.weights.shape == (384, len(CASE_LABELS))
    assert 0 < model.mix < 1
    assert model.embedding.deltas, "the fine-tuned encoder blocks ship with the head"
    assert all(
        name.startswith("encoder.layer.") for name in [*model.embedding.layers, *model.embedding.deltas]
    )
    assert all(a.shape[1] == b.shape[0] <= 32 for a, b in model.embedding.deltas.values())


def test_both_views_contribute_to_the_fused_scores() -> None:
    model = AcledModel.load(ACLED_MODEL)
    words_only = AcledModel(model.labels, model.keys, model.weights, model.bias, model.concepts)
    text = "Jets pounded the rebel-held village at dawn, residents said."
    fused, words = model.probabilities(text), words_only.probabilities(text)
    assert fused != words
    assert next(iter(fused)) == "AIR_STRIKE"


def test_batched_classification_equals_one_at_a_time() -> None:
    texts = [
        "Warplanes bombed a market in the town, killing 20 people.",
        "Thousands marched peacefully through the capital demanding higher wages.",
        "A cholera outbreak has killed 40 people in the northern districts.",
    ] * 30
    together = classify_texts(texts)
    assert [next(iter(s)) for s in together[:3]] == [next(iter(classify_text(t))) for t in texts[:3]]
    articles = [ArticleResult(Article(f"a{i}", t, date(2024, 5, 17)), events=()) for i, t in enumerate(texts)]
    rows = list(classify_results(articles, "acled"))
    assert [r["id"] for r in rows] == [f"a{i}" for i in range(len(texts))]
    assert [r["label"] for r in rows] == [next(iter(s)) for s in together]


def test_scores_are_probabilities_sorted_high_to_low() -> None:
    scores = list(classify_text("Protesters were dispersed with tear gas outside parliament.").values())
    assert scores == sorted(scores, reverse=True)
    assert sum(scores) == pytest.approx(1.0, abs=0.01)


@pytest.mark.parametrize(
    ("scheme", "expected_label"),
    [("acled", "AIR_STRIKE"), ("cameo", "none"), ("plover", "none")],
)
def test_classify_result_shape(scheme: str, expected_label: str) -> None:
    article = Article("a1", "Warplanes bombed a market in the town, killing 20 people.", date(2024, 5, 17))
    row = classify_result(ArticleResult(article, events=()), scheme)
    assert set(row) == {"id", "label", "scores"} and row["id"] == "a1"
    assert row["label"] == expected_label


def _training_module():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import train_acled_classifier as training
    finally:
        sys.path.pop(0)
    return training


def test_training_set_is_rebuilt_identically(tmp_path: Path) -> None:
    """The shipped JSONL is exactly what the templates and written files compose to (edit those)."""
    training = _training_module()
    out = tmp_path / "snippets.jsonl"
    training.compose(out=out)
    assert out.read_text(encoding="utf-8") == training.SNIPPETS.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["label"] for r in rows} == CASE_LABELS
    assert min(sum(r["label"] == label for r in rows) for label in CASE_LABELS) >= 60


def test_every_label_has_60_free_written_snippets() -> None:
    """Besides the templates, each label has 60+ distinct free-written snippets (acled_written*.txt)."""
    training = _training_module()
    written = set(training.read_written())
    counts = {label: sum(lab == label for _, lab in written) for label in CASE_LABELS}
    assert {lab for _, lab in written} == CASE_LABELS
    assert min(counts.values()) >= 60, {k: v for k, v in counts.items() if v < 60}


def test_written_file_without_label_header_names_the_line(tmp_path: Path) -> None:
    training = _training_module()
    path = tmp_path / "acled_written_bad.txt"
    path.write_text("# comment\nGunmen attacked a bus.\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"acled_written_bad.txt:2: .*'## LABEL'"):
        training.read_written([path])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The army recaptured the town.", "o:government_side>regain"),
        ("Militants seized the town.", "o:rebel_side>seize"),
        ("Protesters hurled stones at police.", "o:protest>protester_violence"),
    ],
)
def test_ordered_family_pairs_mark_who_did_what(text: str, expected: str) -> None:
    model = AcledModel.load(ACLED_MODEL)
    assert expected in acled_features(text, model.concepts)
