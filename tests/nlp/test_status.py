"""Event status read off the parse: sentence + trigger word -> asserted/claimed/negated/future/hypothetical.

Rows named ``regression_*`` record cases that once broke.
"""

from __future__ import annotations

import pytest

from dyad.nlp.status import event_status, status_cue

# (sentence, trigger word, expected status)
CASES = [
    ("Xi hosted Putin in Beijing on Thursday.", "hosted", "asserted"),
    ("Beijing never condemned Russia's invasion.", "condemned", "negated"),
    ("Germany did not sign the declaration.", "sign", "negated"),
    ("Putin is expected to attend the forum.", "attend", "future"),
    ("The minister will visit Kyiv next week.", "visit", "future"),
    ("China plans to send aid to Pakistan.", "send", "future"),
    ("Iran would consider talks if sanctions were lifted.", "talks", "hypothetical"),
    ("If Russia attacks, NATO will respond.", "attacks", "hypothetical"),
    ("Xi called for an immediate ceasefire.", "ceasefire", "hypothetical"),
    ("The UN urged Israel to lift the blockade.", "lift", "hypothetical"),
    ("US officials claimed that Beijing supplied drones to Russia.", "supplied", "claimed"),
    ("Rebels allegedly attacked the convoy.", "attacked", "claimed"),
    ("Israel has refused to meet the delegation.", "meet", "negated"),
    ("Syria says it will not accept any more refugees.", "accept", "negated"),
    ("France is ready to contribute troops to the force.", "contribute", "future"),
    ("Iran threatened to cut off electricity to Nakhichevan.", "cut", "hypothetical"),
    ("The minister said Libya must hand over the suspects.", "hand", "hypothetical"),
    ("Russia is likely to attack Ukrainian cities again.", "attack", "hypothetical"),
    ("We were supposed to have surrendered to the army by now.", "surrendered", "hypothetical"),
    ("Isis could resurge in Syria within six months and regain limited territory.", "regain", "hypothetical"),
    (
        "If the estimates are right, it would be the deadliest clash between US and Russian forces.",
        "clash",
        "hypothetical",
    ),
    ("Kenyan troops are unlikely to attack Somali positions.", "attack", "negated"),
    ("The SDF are hardly likely to attack UK officials.", "attack", "negated"),
    (
        "regression_purpose_clause: Farmers said they would blockade Paris to demand an end to cuts.",
        "demand",
        "future",
    ),
    (
        "regression_refusal_noun: Refugees protested the government's refusal to accept the plan.",
        "accept",
        "negated",
    ),
    (
        "regression_attempt_happened: North Korea has tried to hack into the computers of officers.",
        "hack",
        "asserted",
    ),
]


def _token(doc, word):  # type: ignore[no-untyped-def]
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(("sentence", "trigger", "expected"), CASES, ids=[c[0][:48] for c in CASES])
def test_status(nlp, sentence, trigger, expected):  # type: ignore[no-untyped-def]
    text = sentence.split(": ", 1)[1] if sentence.startswith("regression_") else sentence
    doc = nlp(text)
    assert event_status(_token(doc, trigger)) == expected


@pytest.mark.parametrize(
    ("sentence", "trigger", "cue"),
    [
        ("The minister will visit Kyiv next week.", "visit", "will"),
        ("Israel has refused to meet the delegation.", "meet", "refuse"),
        ("France is ready to contribute troops to the force.", "contribute", "ready"),
        ("Xi hosted Putin in Beijing on Thursday.", "hosted", ""),
    ],
)
def test_status_cue_names_the_deciding_word(nlp, sentence, trigger, cue):  # type: ignore[no-untyped-def]
    assert status_cue(_token(nlp(sentence), trigger))[1] == cue
