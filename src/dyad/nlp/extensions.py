"""Custom attributes on ``Doc`` that Dyad's components read and write (all under ``doc._``).

Registered once, idempotently, before any component runs.
"""

from __future__ import annotations

from spacy.tokens import Doc

DOC_EXTENSIONS: dict[str, object] = {
    "article_id": "",  # the Article.id this Doc was made from
    "publication_date": None,  # datetime.date | None, the anchor for relative dates
    "timexes": None,  # list[dyad.model.Timex], set by the time component
    "places": None,  # list[dyad.model.PlaceMention], set by the places component
    "actors": None,  # list[dyad.nlp.actors.ActorMention], set by the actor resolver
    "events": None,  # list[dyad.nlp.raw.RawEvent], set by the event passes (dyad_event_*)
    "event_trace": None,  # list[dyad.nlp.raw.TraceEntry]: what each event pass added, changed, dropped
}


def register_extensions() -> None:
    """Declare every ``doc._`` attribute (safe to call many times)."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
