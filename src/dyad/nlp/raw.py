"""The event coder's working records: raw events between its passes, and the trace of each pass.

The coder is a sequence of spaCy components (``dyad_event_candidates``, ``dyad_event_frames``,
``dyad_event_implicit``, ``dyad_event_repeats``) that each read ``doc._.events`` and write it back.
Every step of every pass is recorded on ``doc._.event_trace`` by :func:`record_step`: what it added,
changed or dropped, and why (the step's stated purpose and the rule notes of the events concerned),
so ``dyad explain`` can show why a sentence was coded as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from spacy.attrs import SENT_START
from spacy.tokens import Doc

from dyad.model import Status
from dyad.nlp.coref import ActorMention
from dyad.nlp.lexicon import EventRule


@dataclass(frozen=True, slots=True)
class RawEvent:
    """An event as found in the parse, before conversion into a model record."""

    trigger: int
    """Token index of the trigger."""
    trigger_end: int
    """One past the last trigger token (particles and light-verb objects included)."""
    rule: EventRule
    """The rule that fired."""
    source: ActorMention | None
    """Who acts."""
    target: ActorMention | None
    """Who is acted upon."""
    status: Status
    """asserted, claimed, negated, future or hypothetical."""
    confidence: float
    """Rule confidence adjusted by how the arguments were found."""
    how: str
    """Notes on argument recovery appended to the rule id ("" or "+ctx_target", "+pair")."""
    cue: str = ""
    """The word that decided the status ("will", "refuse", "must" ...), see :func:`status_cue`."""


Action = Literal["added", "changed", "dropped"]


@dataclass(frozen=True, slots=True)
class TraceEntry:
    """What one step of one pass did to one event."""

    component: str
    """The spaCy component ("dyad_event_frames")."""
    step: str
    """The step within it ("frames", "home_targets" ...)."""
    action: Action
    """added, changed or dropped."""
    event: str
    """The event after the step (before it, for a drop): see :func:`describe`."""
    before: str | None
    """For a change, the event before the step."""
    why: str
    """The step's purpose."""
    trigger: int
    """Token index of the event's trigger."""
    words: str
    """The trigger words."""
    cameo: str
    """The event's CAMEO code (after the step)."""
    rule: str
    """The rule id with its argument notes ("v.meet+reciprocal")."""


def describe(doc: Doc, event: RawEvent) -> str:
    """One line for an event: trigger, code, actors, status, rule ("met@3 040 BRAGOV->CHNGOV asserted")."""
    source = event.source.actor.code if event.source else "-"
    target = event.target.actor.code if event.target else "-"
    word = doc[event.trigger : event.trigger_end].text
    rule = event.rule.id + event.how
    status = f"{event.status}[{event.cue}]" if event.cue else event.status
    return f"{word}@{event.trigger} {event.rule.cameo} {source}->{target} {status} {rule}"


def _key(event: RawEvent) -> tuple[object, ...]:
    return (
        event.trigger,
        event.rule.id,
        event.rule.cameo,
        event.source.actor.code if event.source else None,
        event.target.actor.code if event.target else None,
        event.status,
        event.how,
    )


def record_step(
    doc: Doc, component: str, step: str, why: str, before: Sequence[RawEvent], after: Sequence[RawEvent]
) -> None:
    """Append to ``doc._.event_trace`` what turning ``before`` into ``after`` added, changed, dropped.

    An event dropped and one added at the same trigger in the same step are reported as one change.
    """
    trace = doc._.event_trace
    if trace is None:
        trace = doc._.event_trace = []
    old = {_key(e): e for e in before}
    new = {_key(e): e for e in after}
    dropped = [e for k, e in old.items() if k not in new]
    added = [e for k, e in new.items() if k not in old]

    def entry(action: Action, event: RawEvent, before: RawEvent | None = None) -> TraceEntry:
        return TraceEntry(
            component,
            step,
            action,
            describe(doc, event),
            describe(doc, before) if before is not None else None,
            why,
            event.trigger,
            doc[event.trigger : event.trigger_end].text,
            event.rule.cameo,
            event.rule.id + event.how,
        )

    for event in added:
        partner = next((d for d in dropped if d.trigger == event.trigger), None)
        if partner is not None:
            dropped.remove(partner)
            trace.append(entry("changed", event, partner))
        else:
            trace.append(entry("added", event))
    trace.extend(entry("dropped", e) for e in dropped)


def sentence_numbers(doc: Doc) -> Callable[[int], int]:
    """Token index -> index of its sentence (one vectorised pass; no Span is built)."""
    starts = np.flatnonzero(doc.to_array(SENT_START) == 1) if len(doc) else np.array([0])
    if not len(starts) or starts[0] != 0:
        starts = np.concatenate(([0], starts))
    return lambda index: int(np.searchsorted(starts, index, side="right")) - 1


Step = Callable[[list[RawEvent]], list[RawEvent]]


def purpose(function: Callable[..., object]) -> str:
    """The first line of a function's docstring: what a step is for."""
    return " ".join((function.__doc__ or function.__name__).strip().split("\n\n")[0].split())


def run_steps(doc: Doc, component: str, steps: Sequence[tuple[str, Step, str]]) -> None:
    """Run named steps (name, step, purpose) over ``doc._.events`` in order, recording each one's changes."""
    events: list[RawEvent] = list(doc._.events or [])
    for name, step, why in steps:
        after = step(events)
        record_step(doc, component, name, why, events, after)
        events = after
    doc._.events = events
