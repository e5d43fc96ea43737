"""Candidate triggers: one vectorised pass over a Doc's lemma and POS arrays picks the tokens that may
trigger a verbal or nominal event or a "must" demand (most tokens of a news article trigger nothing)."""

from __future__ import annotations

import numpy as np
from spacy.attrs import LEMMA, POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc

from dyad.nlp.arguments import MESSAGE_NOUNS
from dyad.nlp.events.matching import LEMMA_FIXES
from dyad.nlp.frames import SAY_VERBS
from dyad.nlp.lexicon import Lexicon


def lemma_hashes(lemmas: set[str]) -> np.ndarray:
    """Hashes of the lemmas as spaCy stores them, in the casings a lemmatizer may leave them."""
    variants = {form for word in lemmas for form in (word, word.capitalize(), word.upper(), word.title())}
    return np.array(sorted(get_string_id(v) for v in variants), dtype=np.uint64)


def hash_member(values: np.ndarray, sorted_hashes: np.ndarray) -> np.ndarray:
    """Boolean mask: which ``values`` occur in ``sorted_hashes`` (a binary search, cheaper than isin)."""
    if not len(sorted_hashes):
        return np.zeros(len(values), dtype=bool)
    positions = np.minimum(np.searchsorted(sorted_hashes, values), len(sorted_hashes) - 1)
    return sorted_hashes[positions] == values


# Verbal triggers are verbs, auxiliaries, and nouns the tagger took for a VBZ root ("Iran warns").
VERB_POS, AUX_POS, NOUN_POS, PROPN_POS = (POS_IDS[tag] for tag in ("VERB", "AUX", "NOUN", "PROPN"))


class CandidateFinder:
    """The lemma hashes of every trigger the lexicon knows, and :meth:`find` over a Doc."""

    def __init__(self, lexicon: Lexicon, extra_verbs: frozenset[str] = frozenset()) -> None:
        lemmas = lexicon.rules.keys()
        verb_lemmas = {lemma for pos, lemma in lemmas if pos == "VERB"}
        self.verbs = lemma_hashes(
            verb_lemmas
            | {"be"}  # presence: "Blinken was in Kyiv"
            | extra_verbs
            | {wrong for wrong, right in LEMMA_FIXES.items() if right in verb_lemmas}
        )
        self.nouns = lemma_hashes({lemma for pos, lemma in lemmas if pos == "NOUN"})
        self.says = lemma_hashes(set(SAY_VERBS) | MESSAGE_NOUNS | {"warning"})

    def find(self, doc: Doc) -> tuple[list[int], list[int], list[int]]:
        """Token indices that may trigger a verbal event, a nominal event, or a "must" demand.

        One vectorised pass over the Doc's lemma and POS arrays: only these tokens become
        :class:`Token` objects (most tokens of a news article trigger nothing).
        """
        if not len(doc):
            return [], [], []
        array = doc.to_array([LEMMA, POS])
        lemmas, pos = array[:, 0], array[:, 1]
        verbish = (pos == VERB_POS) | (pos == AUX_POS) | (pos == NOUN_POS)
        nominal = (pos == NOUN_POS) | (pos == PROPN_POS)
        verbs = np.flatnonzero(verbish & hash_member(lemmas, self.verbs))
        nouns = np.flatnonzero(nominal & hash_member(lemmas, self.nouns))
        says = np.flatnonzero(verbish & hash_member(lemmas, self.says))
        return verbs.tolist(), nouns.tolist(), says.tolist()
