"""The numpy sentence encoder reproduces the reference implementation's embeddings."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from dyad.analysis.encoder import DIMENSION, encoder
from dyad.errors import DyadError

REFERENCE = Path(__file__).parent / "data" / "minilm_reference.json"
"""Vectors computed once with sentence-transformers (torch, CPU) from the same weights."""


def test_embeddings_match_the_reference_implementation() -> None:
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    ours = encoder().encode(reference["texts"])
    expected = np.array(reference["vectors"], dtype=np.float32)
    assert ours.shape == expected.shape == (len(reference["texts"]), DIMENSION)
    assert np.abs(ours - expected).max() < 1e-5


def test_embeddings_are_unit_length_in_input_order_whatever_the_batching() -> None:
    texts = ["Short.", "A much longer sentence about shelling " * 30, "Medium length text about talks."]
    together = encoder().encode(texts)
    alone = np.vstack([encoder().encode([t]) for t in texts])
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.abs(together - alone).max() < 1e-5


def test_meaning_not_wording_brings_texts_together() -> None:
    a, b, c = encoder().encode(
        [
            "Security forces used tear gas to disperse the demonstrators.",
            "Police fired teargas to break up the protest.",
            "An earthquake struck the coastal province overnight.",
        ]
    )
    assert float(a @ b) > float(a @ c) + 0.3


def test_empty_input_gives_an_empty_matrix() -> None:
    assert encoder().encode([]).shape == (0, DIMENSION)


def test_missing_weights_say_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import dyad.analysis.encoder as module

    def missing(name: str) -> None:
        raise ImportError(name)

    monkeypatch.setattr(module, "import_module", missing)
    with pytest.raises(DyadError, match="make install"):
        module.model_dir()


def test_overrides_replace_base_weights_and_must_fit() -> None:
    from dyad.analysis.encoder import Encoder

    name = "encoder.layer.5.output.dense.bias"
    shifted = Encoder(overrides={name: np.full(DIMENSION, 0.5, dtype=np.float32)})
    text = ["Rebels seized the town after heavy fighting."]
    assert np.abs(shifted.encode(text) - encoder().encode(text)).max() > 1e-3
    with pytest.raises(DyadError, match="does not fit"):
        Encoder(overrides={name: np.zeros(7, dtype=np.float32)})


def test_low_rank_deltas_stand_in_for_tuned_matrices() -> None:
    from dyad.analysis.encoder import Encoder, base_weights, low_rank

    base = base_weights()
    rng = np.random.default_rng(7)
    matrix, vector = "encoder.layer.4.intermediate.dense.weight", "encoder.layer.4.output.dense.bias"
    change = (rng.normal(size=(1536, 2)) @ rng.normal(size=(2, DIMENSION)) * 0.02).astype(np.float32)
    tuned = {matrix: base[matrix] + change, vector: base[vector] + 0.1}
    overrides, deltas = low_rank(tuned, rank=2)
    assert set(overrides) == {vector} and set(deltas) == {matrix}  # vectors ship whole
    a, b = deltas[matrix]
    assert a.shape == (1536, 2) and b.shape == (2, DIMENSION)
    assert np.abs(a @ b - change).max() < 1e-4  # a rank-2 change is kept exactly
    text = ["Rebels seized the town after heavy fighting."]
    full = Encoder(overrides=tuned).encode(text)
    assert np.abs(Encoder(overrides=overrides, deltas=deltas).encode(text) - full).max() < 1e-5
    assert np.abs(full - encoder().encode(text)).max() > 1e-3  # and the change matters
    with pytest.raises(DyadError, match="does not fit"):
        Encoder(deltas={matrix: (b.T, a.T)})
