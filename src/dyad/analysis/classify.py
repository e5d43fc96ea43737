"""Article-level classification: the dominant event type of an article under a label scheme.

* ``acled``: a learned snippet classifier shipped in ``knowledge/compiled/acled_textcat``, two
  views of the text fused by averaging their log-probabilities:

  - a multinomial logistic regression over hashed, stemmed word uni- and bigrams plus hand-written
    word families and ordered pairs of nearby families (pure numpy): the wording the ACLED
    sub-types turn on ("hurled a grenade", "claimed responsibility", "cholera outbreak");
  - a logistic regression over the text's sentence embedding (:mod:`dyad.analysis.encoder`,
    MiniLM-L6 run in numpy), which carries meaning the word view misses in unseen phrasings
    ("pounded the village" ~ airstrike).

  Both heads were trained only on snippets we wrote (``data/training/``,
  ``scripts/train_acled_classifier.py``). It reads the article text itself, because the ACLED
  sub-types (and the extra CASE 2021 classes NATURAL_DISASTER, MAN_MADE_DISASTER, ORG_CRIME, DIPLO,
  ATTRIB) turn on wording the CAMEO coder does not keep.
* ``cameo`` / ``plover``: from the coded events. Scores are the confidence-weighted share of the
  article's events per label; future, hypothetical and negated events count for less, so a story
  that only threatens a strike is not labelled as a strike.
"""

from __future__ import annotations

import json
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import islice, pairwise
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from dyad.errors import DyadError
from dyad.knowledge.paths import COMPILED
from dyad.model import ArticleResult

if TYPE_CHECKING:
    from dyad.analysis.encoder import Encoder

ACLED_MODEL = COMPILED / "acled_textcat"
"""Folder of the shipped ACLED sub-type classifier: ``model.npz`` (weights) and ``meta.json``."""

MAX_CHARS = 2000
"""Only the start of long articles is classified: the lead carries the event, and this bounds cost."""

HASH_BUCKETS = 2**18
"""Feature strings are hashed (CRC-32) into this many buckets; only buckets seen in training ship."""

MODEL_FILES = ("model.npz", "concepts.json", "meta.json")
"""What a saved model folder holds."""

ENCODER_PREFIX = "encoder/"
"""Prefix of the fine-tuned encoder weights inside ``model.npz`` (stored as float16)."""

DELTA_PREFIX = "encoder_delta/"
"""Prefix of the low-rank encoder changes inside ``model.npz``: ``<prefix><name>/a`` and ``/b``."""

_STATUS_WEIGHT = {"asserted": 1.0, "claimed": 0.8, "future": 0.25, "hypothetical": 0.25, "negated": 0.1}
_WORD = re.compile(r"[a-z]+")
# Function words carry no event type; dropping them lets bigrams join the content words
# ("fired [tear] gas", "claimed responsibility [for]").
_STOP = frozenset(
    re.findall(
        r"\w+",
        "the a an of in on at to and or for by with from was were is are be been has have had that this "
        "it its as after during near into their his her they he she who which said says",
    )
)
# A crude suffix stripper (longest first): "shelled/shelling/shells" -> "shell". It only has to be
# consistent between training and prediction, not linguistically right.
_SUFFIXES = ("ments", "ings", "edly", "ment", "ions", "ing", "ers", "ion", "ed", "es", "er", "ly", "s")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def concept_map(families: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """Stem -> word families it belongs to, from ``data/training/acled_concepts.yaml``'s lists."""
    stems: dict[str, list[str]] = {}
    for family, words in sorted(families.items()):
        for word in words:
            for part in _WORD.findall(str(word).lower()):
                if part not in _STOP and family not in stems.setdefault(_stem(part), []):
                    stems[_stem(part)].append(family)
    return {stem: tuple(found) for stem, found in sorted(stems.items())}


FAMILY_WINDOW = 4
"""Ordered word-family pairs are taken between content words at most this many words apart."""


def acled_features(text: str, concepts: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """Feature strings of a text: stemmed content-word unigrams (``u:``), bigrams (``b:``), the
    word families (``k:``) of its words, and ordered pairs of families of nearby words (``o:``).

    The ordered pairs carry who-did-what cues that single words cannot: "army ... recaptured"
    (``o:government_side>regain``) against "militants ... seized" (``o:rebel_side>seize``), or
    "police ... fired" against "protesters ... hurled".
    """
    words = [_stem(w) for w in _WORD.findall(text[:MAX_CHARS].lower()) if w not in _STOP]
    features = [f"u:{w}" for w in words] + [f"b:{a}_{b}" for a, b in pairwise(words)]
    if concepts:
        families = [concepts.get(w, ()) for w in words]
        features += [f"k:{family}" for found in families for family in found]
        for i, left in enumerate(families):
            for right in families[i + 1 : i + 1 + FAMILY_WINDOW] if left else ():
                features += [f"o:{a}>{b}" for a in left for b in right if a != b]
    return features


def feature_ids(text: str, concepts: dict[str, tuple[str, ...]] | None = None) -> np.ndarray:
    """Distinct hashed feature ids of a text, sorted (the bag-of-n-grams the model reads)."""
    ids = {zlib.crc32(f.encode("utf-8")) % HASH_BUCKETS for f in acled_features(text, concepts)}
    return np.array(sorted(ids), dtype=np.int64)


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


@dataclass(frozen=True, eq=False)
class EmbeddingHead:
    """Logistic regression over sentence embeddings from an encoder whose top layers were
    fine-tuned with it (:mod:`dyad.analysis.encoder`; only the tuned layers ship)."""

    weights: np.ndarray
    """Class weights per embedding dimension (float32, shape [384, labels])."""
    bias: np.ndarray
    """Per-class bias (float32, shape [labels])."""
    scale: float
    """Embeddings are unit length; they are multiplied by this before the weights (the fixed
    temperature used in training)."""
    layers: dict[str, np.ndarray] = field(default_factory=dict)
    """Fine-tuned encoder weights by name, replacing the base encoder's (empty: the base encoder)."""
    deltas: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    """Low-rank changes ``a @ b`` to the base encoder's weight matrices by name (see
    :func:`dyad.analysis.encoder.low_rank`)."""

    def encoder(self) -> Encoder:
        """The encoder this head reads (built once per head: ~90 MB of weights, ~0.5 s)."""
        return _tuned_encoder(self)

    def logits(self, embeddings: np.ndarray) -> np.ndarray:
        """Class scores, shape [texts, labels]."""
        return np.asarray(embeddings * self.scale @ self.weights + self.bias, dtype=np.float64)


@cache
def _tuned_encoder(head: EmbeddingHead) -> Encoder:
    from dyad.analysis.encoder import Encoder

    return Encoder(overrides=head.layers, deltas=head.deltas)


@dataclass(frozen=True)
class AcledModel:
    """Multinomial logistic regression over hashed n-grams (weights only for buckets seen in
    training), optionally fused with an :class:`EmbeddingHead` (mean of log-probabilities weighted
    by ``mix``)."""

    labels: tuple[str, ...]
    """Class names, in weight-column order."""
    keys: np.ndarray
    """Sorted hashed feature ids that have weights (int64, shape [k])."""
    weights: np.ndarray
    """Per-feature class weights (float32, shape [k, labels])."""
    bias: np.ndarray
    """Per-class bias (float32, shape [labels])."""
    concepts: dict[str, tuple[str, ...]]
    """Stem -> word families (see :func:`concept_map`); part of the model because features use it."""
    embedding: EmbeddingHead | None = None
    """The sentence-embedding head, or None for the word view alone."""
    mix: float = 0.5
    """Share of the embedding head in the fused log-probabilities (0 = words only)."""

    def logits(self, ids: np.ndarray) -> np.ndarray:
        """Word-view class scores of one document; the feature sum is scaled by 1/sqrt(n) so length
        matters less."""
        rows = np.searchsorted(self.keys, ids)
        rows = rows[(rows < len(self.keys)) & (self.keys[np.minimum(rows, len(self.keys) - 1)] == ids)]
        total = self.weights[rows].sum(axis=0) / np.sqrt(max(len(ids), 1))
        return np.asarray(total + self.bias, dtype=np.float64)

    def log_probabilities(self, texts: list[str]) -> np.ndarray:
        """Fused class log-probabilities, shape [texts, labels] (texts encoded in one batch)."""
        words = np.array([self.logits(feature_ids(text, self.concepts)) for text in texts]).reshape(
            len(texts), len(self.labels)
        )
        fused = _log_softmax(words)
        if self.embedding is not None and self.mix > 0 and texts:
            vectors = self.embedding.encoder().encode([text[:MAX_CHARS] for text in texts])
            fused = (1 - self.mix) * fused + self.mix * _log_softmax(self.embedding.logits(vectors))
        return fused

    def rank(self, log_probabilities: np.ndarray) -> dict[str, float]:
        """Label -> probability, highest first, from one row of fused log-probabilities."""
        probs = np.exp(_log_softmax(log_probabilities))
        order = np.argsort(-probs, kind="stable")
        return {self.labels[i]: round(float(probs[i]), 4) for i in order}

    def probabilities(self, text: str) -> dict[str, float]:
        """Label -> probability, highest first."""
        return self.rank(self.log_probabilities([text])[0])

    def save(self, folder: Path, meta: dict[str, object]) -> None:
        """Write ``model.npz``, ``concepts.json`` and ``meta.json``.

        Word weights are stored as float16 (half the size); the pinned dev scores are measured on that form.
        """
        folder.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {
            "labels": np.array(self.labels),
            "keys": self.keys,
            "weights": self.weights.astype(np.float16),
            "bias": self.bias.astype(np.float32),
            "mix": np.array(self.mix if self.embedding is not None else 0.0, dtype=np.float32),
        }
        if self.embedding is not None:
            arrays["embedding_weights"] = self.embedding.weights.astype(np.float32)
            arrays["embedding_bias"] = self.embedding.bias.astype(np.float32)
            arrays["embedding_scale"] = np.array(self.embedding.scale, dtype=np.float32)
            for name, value in self.embedding.layers.items():
                arrays[ENCODER_PREFIX + name] = value.astype(np.float16)
            for name, (a, b) in self.embedding.deltas.items():
                arrays[f"{DELTA_PREFIX}{name}/a"] = a.astype(np.float16)
                arrays[f"{DELTA_PREFIX}{name}/b"] = b.astype(np.float16)
        np.savez_compressed(folder / "model.npz", **arrays)  # type: ignore[arg-type]
        (folder / "concepts.json").write_text(json.dumps(self.concepts, indent=0) + "\n", encoding="utf-8")
        (folder / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> AcledModel:
        """Read a model written by :meth:`save`."""
        concepts = json.loads((folder / "concepts.json").read_text(encoding="utf-8"))
        with np.load(folder / "model.npz", allow_pickle=False) as data:
            embedding = None
            if "embedding_weights" in data.files:
                embedding = EmbeddingHead(
                    weights=data["embedding_weights"].astype(np.float32),
                    bias=data["embedding_bias"].astype(np.float32),
                    scale=float(data["embedding_scale"]),
                    layers={
                        key[len(ENCODER_PREFIX) :]: data[key].astype(np.float32)
                        for key in data.files
                        if key.startswith(ENCODER_PREFIX)
                    },
                    deltas={
                        key[len(DELTA_PREFIX) : -2]: (
                            data[key].astype(np.float32),
                            data[key[:-1] + "b"].astype(np.float32),
                        )
                        for key in data.files
                        if key.startswith(DELTA_PREFIX) and key.endswith("/a")
                    },
                )
            return cls(
                labels=tuple(str(x) for x in data["labels"]),
                keys=data["keys"].astype(np.int64),
                weights=data["weights"].astype(np.float32),
                bias=data["bias"].astype(np.float32),
                concepts={stem: tuple(families) for stem, families in concepts.items()},
                embedding=embedding,
                mix=float(data["mix"]) if "mix" in data.files else 0.0,
            )


@cache
def acled_model() -> AcledModel:
    """The shipped classifier, loaded once per process."""
    if not (ACLED_MODEL / "model.npz").is_file():
        raise DyadError(
            f"the ACLED classifier is missing from {ACLED_MODEL}; rebuild it with "
            "`python scripts/train_acled_classifier.py all` or reinstall dyad"
        )
    return AcledModel.load(ACLED_MODEL)


def acled_labels() -> tuple[str, ...]:
    """The labels the shipped classifier can return (ACLED sub-types plus the CASE 2021 extras)."""
    return acled_model().labels


CLASSIFY_BATCH = 64
"""Texts classified together (the sentence encoder is much faster on batches)."""


def classify_texts(texts: list[str]) -> list[dict[str, float]]:
    """ACLED sub-type probabilities for each text, highest first."""
    model = acled_model()
    ranked: list[dict[str, float]] = []
    for start in range(0, len(texts), CLASSIFY_BATCH):
        ranked.extend(
            model.rank(row) for row in model.log_probabilities(texts[start : start + CLASSIFY_BATCH])
        )
    return ranked


def classify_text(text: str) -> dict[str, float]:
    """ACLED sub-type probabilities for one text, highest first."""
    return acled_model().probabilities(text)


def _article_text(result: ArticleResult) -> str:
    title = result.article.title
    text = result.article.text
    return f"{title}. {text}" if title and not text.startswith(title) else text


def classify_result(result: ArticleResult, scheme: str) -> dict[str, object]:
    """``{"id", "label", "scores"}`` for one coded article, scores sorted high to low.

    For ``acled`` the scores are the classifier's probabilities over all labels; for ``cameo`` and
    ``plover`` they are event shares, and the label is ``"none"`` when no event was coded.
    """
    if scheme == "acled":
        return next(classify_results([result], scheme))
    weights: dict[str, float] = defaultdict(float)
    for event in result.events:
        label = event.plover.type if scheme == "plover" and event.plover else None
        if scheme != "plover":
            label = event.root
        if label:
            weights[label] += event.confidence * _STATUS_WEIGHT[event.status]
    total = sum(weights.values())
    if not total:
        return {"id": result.article.id, "label": "none", "scores": {}}
    normalized = {k: round(v / total, 4) for k, v in sorted(weights.items(), key=lambda kv: -kv[1])}
    return {"id": result.article.id, "label": next(iter(normalized)), "scores": normalized}


def classify_results(results: Iterable[ArticleResult], scheme: str) -> Iterator[dict[str, object]]:
    """:func:`classify_result` over a stream, batching the ``acled`` texts for the encoder."""
    if scheme != "acled":
        yield from (classify_result(result, scheme) for result in results)
        return
    stream = iter(results)
    while batch := list(islice(stream, CLASSIFY_BATCH)):
        for result, scores in zip(batch, classify_texts([_article_text(r) for r in batch]), strict=True):
            yield {"id": result.article.id, "label": next(iter(scores)), "scores": scores}
