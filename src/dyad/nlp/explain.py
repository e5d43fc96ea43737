"""Why was this coded so? One text through the pipeline, with every decision the coder made.

:func:`explain` returns, for a sentence or short text: the actors as resolved (and how: name,
title, pronoun ...), the candidate triggers with every lexicon rule their lemma has and the one
chosen, what each event pass added, changed or dropped and why (``doc._.event_trace``), and the
final events in the ``dyad extract`` JSON shape. ``dyad explain`` prints it as tables or JSON, and
the dashboard's ``/explain`` page (and ``/explain.json``) shows the same.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from spacy.language import Language

from dyad.model import Article, event_to_json
from dyad.nlp.raw import TraceEntry

MAX_EXPLAIN_CHARS = 5_000
"""Longest text explained at once (an explanation is for a sentence or a paragraph)."""


@dataclass(frozen=True, slots=True)
class ActorRow:
    """An actor mention as the resolver left it."""

    text: str
    """The words in the text."""
    code: str
    """CAMEO actor code."""
    country: str | None
    """Country (or IGO/NGO) code."""
    sector: tuple[str, ...]
    """Sectors."""
    via: str
    """How it was resolved: name, title, pronoun, possessive, group, context."""
    start: int
    """Character offset in the text (-1 when implied)."""


@dataclass(frozen=True, slots=True)
class CandidateRow:
    """A trigger the candidate pass coded, with the rules its lemma has."""

    trigger: str
    """The trigger words."""
    token: int
    """Token index of the trigger."""
    chosen: str
    """The rule that fired (with argument notes)."""
    cameo: str
    """Its CAMEO code."""
    rules: tuple[str, ...]
    """Every lexicon rule for the trigger's lemma, most specific first (the chosen one among them)."""


@dataclass(frozen=True, slots=True)
class Explanation:
    """Everything :func:`explain` found out about one text."""

    text: str
    """The text explained."""
    publication_date: str | None
    """The date it was coded against (ISO), if any."""
    actors: tuple[ActorRow, ...]
    """Actor mentions."""
    candidates: tuple[CandidateRow, ...]
    """What the candidate pass found."""
    passes: tuple[dict[str, Any], ...]
    """Trace entries: component, step, action, event, before, why."""
    events: tuple[dict[str, Any], ...]
    """Final events, in the ``dyad extract`` JSON shape."""

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape of ``dyad explain --format json`` and ``/explain.json``."""
        return asdict(self)


def explain(text: str, published: date | None = None, nlp: Language | None = None) -> Explanation:
    """Code ``text`` and explain every decision (see the module docstring).

    Raises:
        ValueError: the text is empty or longer than :data:`MAX_EXPLAIN_CHARS`.
    """
    from dyad.nlp.pipeline import load_pipeline, make_doc
    from dyad.nlp.records import doc_to_result

    if not text.strip():
        raise ValueError("nothing to explain: give a sentence")
    if len(text) > MAX_EXPLAIN_CHARS:
        raise ValueError(
            f"text has {len(text):,} characters; explain takes at most {MAX_EXPLAIN_CHARS:,} "
            "(a sentence or a paragraph): use dyad extract for whole articles"
        )
    nlp = nlp or load_pipeline()
    article = Article("explain", text, published)
    doc = nlp(make_doc(nlp, article))
    lexicon = nlp.get_pipe("dyad_event_candidates").lexicon  # type: ignore[attr-defined]
    actors = tuple(
        ActorRow(m.actor.text, m.actor.code, m.actor.country, m.actor.sector, m.via, m.actor.start)
        for m in doc._.actors or []
    )
    trace = list(doc._.event_trace or [])
    candidates = []
    for entry in trace:
        if entry.step != "candidates":
            continue
        word = doc[entry.trigger]
        pos = "VERB" if word.pos_ in {"VERB", "AUX"} or word.tag_ == "VBZ" else "NOUN"
        rules = tuple(r.id for r in lexicon.candidates(pos, word.lemma_.lower()))
        candidates.append(CandidateRow(entry.words, entry.trigger, entry.rule, entry.cameo, rules))
    result = doc_to_result(doc, article)
    return Explanation(
        text=text,
        publication_date=published.isoformat() if published else None,
        actors=actors,
        candidates=tuple(candidates),
        passes=tuple(_pass_row(e) for e in trace if e.step != "candidates"),
        events=tuple(event_to_json(e) for e in result.events),
    )


def _pass_row(entry: TraceEntry) -> dict[str, Any]:
    keys = ("component", "step", "action", "event", "before", "why")
    return {key: getattr(entry, key) for key in keys}
