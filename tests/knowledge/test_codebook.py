"""The CAMEO codebook: every code with name, Goldstein weight, QuadClass, PLOVER and ACLED mappings."""

from __future__ import annotations

import pytest

from dyad.knowledge.codebook import load_codebook


@pytest.mark.parametrize(
    ("code", "goldstein", "quad_class", "plover", "acled"),
    [
        ("043", 2.8, 1, "CONSULT", ""),
        ("057", 8.0, 1, "SUPPORT", "AGREEMENT"),
        ("0332", 5.2, 1, "AGREE", ""),
        ("111", -2.0, 3, "ACCUSE", ""),
        ("141", -6.5, 3, "PROTEST", "PEACE_PROTEST"),
        ("173", -5.0, 4, "COERCE", "ARREST"),
        ("195", -10.0, 4, "ASSAULT", "AIR_STRIKE"),
        ("010", 0.0, 1, "", ""),
    ],
)
def test_codes(code: str, goldstein: float, quad_class: int, plover: str, acled: str) -> None:
    entry = load_codebook().get(code)
    assert (entry.goldstein, entry.quad_class, entry.plover_type, entry.acled) == (
        goldstein,
        quad_class,
        plover,
        acled,
    )


def test_every_code_is_complete() -> None:
    codebook = load_codebook()
    assert len(codebook.codes) >= 280
    for code, entry in codebook.codes.items():
        assert entry.name and -10 <= entry.goldstein <= 10 and entry.quad_class in (1, 2, 3, 4), code
        assert entry.acled == "" or entry.acled in codebook.acled_labels, code


def test_resignation_is_a_retreat_as_the_plover_manual_has_it() -> None:
    # The 2021 CAMEO->PLOVER table files 0831 under CONCEDE; the PLOVER manual puts official
    # resignations under RETREAT (mode "resign"), and so does the PLOVER gold.
    entry = load_codebook().get("0831")
    assert (entry.plover_type, entry.plover_mode) == ("RETREAT", "resign")


def test_unknown_subcode_falls_back_to_parent() -> None:
    assert load_codebook().get("0439").code == "043"


def test_event_lexicon_codes_exist() -> None:
    from dyad.nlp.lexicon import load_lexicon

    codebook = load_codebook()
    for rules in load_lexicon().rules.values():
        for rule in rules:
            assert rule.cameo in codebook, rule.id
