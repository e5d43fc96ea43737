"""The event coder's candidate pass: dependency-parse patterns + the event lexicon -> raw events.

For every token whose lemma has lexicon rules, the coder finds the source (subject, passive agent,
possessor or adjective of a nominal), the target (object, prepositional object, or a possessor or
adjective inside the object phrase), picks the most specific rule whose conditions hold, and records
the status read off the parse (``dyad_event_candidates``). The frames (:mod:`dyad.nlp.frames`) then
recode framed acts, and :mod:`dyad.nlp.implicit` infers actors the sentence leaves implicit and
drops events that only repeat another; :mod:`dyad.nlp.records` turns them into model records.

Modules, in the order a trigger meets them:

* :mod:`~dyad.nlp.events.candidates` which tokens may trigger anything (one vectorised pass);
* :mod:`~dyad.nlp.events.matching` a clause's objects, particle, predicate, subject words, and the
  rule keys checked against them;
* :mod:`~dyad.nlp.events.vetoes` readings in which a matching rule codes nothing;
* :mod:`~dyad.nlp.events.targets` whom the event is about when the clause does not say it plainly;
* :mod:`~dyad.nlp.events.coder` the component that puts them together.
"""

from dyad.nlp.events.coder import EventCoder
from dyad.nlp.events.targets import fallback_targets

__all__ = ["EventCoder", "fallback_targets"]
