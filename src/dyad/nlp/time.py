"""Time component: runs Dyad's temporal tagger over the text and stores ``doc._.timexes``.

The tagger itself (:mod:`dyad.nlp.timex`) is pure Python and works on plain strings; relative
expressions are resolved against ``doc._.publication_date`` (never against today's date).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dyad.nlp.timex import tag


class TimeTagger:
    """spaCy component: ``doc._.timexes`` = temporal expressions normalized against the publication date."""

    def __init__(self, nlp: Language, name: str = "dyad_time") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.timexes = tag(doc.text, doc._.publication_date)
        return doc
