"""The event coder's lexical knowledge as data: named word classes and classes of CAMEO roots.

Word classes come from ``data/events/classes.yaml`` and root classes from
``data/codebook/root_classes.yaml``; ``make knowledge`` compiles both into ``compiled/classes.json``.
Code reads them only through :func:`word_class` and :func:`root_class`, so every content word the
coder compares is in reviewable data with a note and examples (``tests/knowledge`` runs them), and a
class of roots is defined once, under one name, however many passes use it.
"""

from __future__ import annotations

import json
from functools import lru_cache

from dyad.errors import KnowledgeError
from dyad.knowledge.paths import COMPILED


@lru_cache(maxsize=1)
def _classes() -> dict[str, dict[str, list[str]]]:
    return json.loads((COMPILED / "classes.json").read_text(encoding="utf-8"))


def word_class(name: str) -> frozenset[str]:
    """The words of a named class (``data/events/classes.yaml``).

    Raises:
        KnowledgeError: no class of that name (the message lists the known ones).
    """
    words = _classes()["words"].get(name)
    if words is None:
        known = ", ".join(sorted(_classes()["words"]))
        raise KnowledgeError(f"no word class {name!r} in data/events/classes.yaml; known: {known}")
    return frozenset(words)


def root_class(name: str) -> frozenset[str]:
    """The CAMEO roots (or three-digit codes) of a named class (``data/codebook/root_classes.yaml``).

    Raises:
        KnowledgeError: no class of that name (the message lists the known ones).
    """
    roots = _classes()["roots"].get(name)
    if roots is None:
        known = ", ".join(sorted(_classes()["roots"]))
        raise KnowledgeError(f"no root class {name!r} in data/codebook/root_classes.yaml; known: {known}")
    return frozenset(roots)
