"""The shared vocabulary of Dyad: frozen, typed records that flow from readers to the store.

Nothing here knows about spaCy, DuckDB or the web. Every other layer speaks in these records,
and ``to_json`` turns them into the documented JSON shapes of the command line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Status = Literal["asserted", "claimed", "negated", "future", "hypothetical"]
Granularity = Literal["day", "week", "month", "quarter", "season", "year", "decade", "century"]
DateBasis = Literal["text", "publication"]
ActorKind = Literal["state", "person", "organization", "group", "sector", "unknown"]

STATUSES: tuple[Status, ...] = ("asserted", "claimed", "negated", "future", "hypothetical")


@dataclass(frozen=True, slots=True)
class Article:
    """One dated news document as it came from a reader."""

    id: str
    """Stable identifier: the input's own id, else derived from the origin (file name, line)."""
    text: str
    """The body text that is parsed; every character offset in Dyad points into this string."""
    publication_date: date | None
    """Publication date; relative expressions are resolved against it. None when unknown."""
    title: str | None = None
    """Headline, when the input has one."""
    url: str | None = None
    """Address of the original, when known."""
    source: str | None = None
    """Outlet or feed name, when known."""
    language: str | None = None
    """ISO 639-1 language code given by the input, when known."""
    origin: str = ""
    """Where the record was read: ``path`` or ``path:line``; used in error messages."""
    flags: tuple[str, ...] = ()
    """Quality flags raised while reading, e.g. ``date_missing``."""

    @property
    def content_hash(self) -> str:
        """SHA-256 over date and text: the identity used to make re-ingestion a no-op.

        The text is encoded as UTF-8 with ``surrogatepass``: identical to plain UTF-8 for every valid
        text, and a lone surrogate (``"\\ud800"`` from a JSON escape) hashes instead of raising.
        """
        day = self.publication_date.isoformat() if self.publication_date else ""
        return hashlib.sha256(f"{day}\n{self.text}".encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class ReadError:
    """A record a reader could not turn into an Article; it is reported and stored, never dropped."""

    origin: str
    """``path`` or ``path:line`` of the bad record."""
    reason: str
    """What was wrong and what to do about it."""
    kind: str
    """Machine-readable category: ``invalid_json``, ``missing_text``, ``bad_date``, ``binary`` ..."""
    record_id: str | None = None
    """The record's id, when it could be read."""
    excerpt: str = ""
    """The first characters of the raw record, to find it again."""


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """When something happened: a normalized value and the calendar range it covers."""

    value: str
    """TIMEX3-style value: ``2024-05-16``, ``2024-W20``, ``2024-05``, ``1969``, ``196X``."""
    start: date
    """First day covered."""
    end: date
    """Last day covered (inclusive)."""
    granularity: Granularity
    """The precision of ``value``."""
    basis: DateBasis
    """``text`` when read from a temporal expression, ``publication`` when it is the fallback."""
    text: str | None = None
    """The temporal expression it was read from, if any."""


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression found in a text, normalized against the publication date."""

    start: int
    """Character offset of the first character in the article text."""
    end: int
    """Character offset one past the last character."""
    text: str
    """The expression as written."""
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    """TIMEX3 type."""
    value: str
    """TIMEX3 value: ``2024-05-16``, ``2024-W20``, ``P75Y``, ``PAST_REF``, ``XXXX-XX-XXT19:00``..."""
    span: TimeSpan | None = None
    """The calendar range for DATE/TIME values that name one; None for durations, sets and refs."""


@dataclass(frozen=True, slots=True)
class Place:
    """A geocoded place from the gazetteer."""

    name: str
    """Canonical name."""
    country: str | None
    """ISO 3166 alpha-3 code."""
    lat: float
    """Latitude in degrees."""
    lon: float
    """Longitude in degrees."""
    geonameid: int | None = None
    """GeoNames identifier, when the gazetteer has one."""
    admin1: str | None = None
    """First-level subdivision name (province, state)."""
    feature: str = "city"
    """``city``, ``admin1``, ``admin2`` (a US county, parish or borough), ``country`` or ``region``."""
    population: int = 0
    """Population used to rank candidates."""


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A toponym in a text resolved to a place."""

    start: int
    """Character offset of the first character."""
    end: int
    """Character offset one past the last character."""
    text: str
    """The toponym as written."""
    place: Place
    """The resolved place."""


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor mention resolved to a canonical, time-aware identity."""

    text: str
    """The mention as written ("the Russian president")."""
    code: str
    """CAMEO-style actor code: country or organisation code followed by sector codes ("RUSGOV")."""
    country: str | None
    """ISO 3166 alpha-3 code of the actor's state, None for organisations without one."""
    sector: tuple[str, ...] = ()
    """Sector/agent codes, most important first ("GOV", "MIL")."""
    name: str | None = None
    """Canonical name of a known person or organisation ("Vladimir Putin")."""
    kind: ActorKind = "unknown"
    """What sort of actor this is."""
    start: int = -1
    """Character offset of the mention in the article text (-1 when synthetic)."""
    end: int = -1
    """Character offset one past the mention's end."""


@dataclass(frozen=True, slots=True)
class Plover:
    """The PLOVER equivalent of a CAMEO code."""

    type: str
    """PLOVER event type ("AGREE", "CONSULT"...)."""
    mode: str
    """PLOVER mode, or "" when the type has none for this code."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why an event was coded: the sentence, its offsets, the trigger and the rule."""

    sentence: str
    """The sentence that holds the event."""
    start: int
    """Character offset of the sentence in the article text."""
    end: int
    """Character offset one past the sentence's end."""
    trigger: str
    """The words that triggered the code ("pledged", "sanctions")."""
    rule: str
    """The lexicon rule id that fired."""


@dataclass(frozen=True, slots=True)
class Event:
    """One coded interaction between two actors (either may be missing)."""

    event_id: str
    """Deterministic id: a hash of article, sentence, trigger offset and code."""
    article_id: str
    """The article it was read from."""
    sentence_index: int
    """Index of the sentence in the article (0-based)."""
    source: Actor | None
    """Who acts."""
    target: Actor | None
    """Who is acted upon."""
    cameo: str
    """CAMEO event code ("057")."""
    root: str
    """Two-digit CAMEO root ("05")."""
    quad_class: int
    """1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
    goldstein: float
    """Goldstein weight of the code, -10..10."""
    plover: Plover | None
    """PLOVER type and mode."""
    date: TimeSpan
    """When it happened (from the text, else the publication date)."""
    location: Place | None
    """Where it happened, when the text says or suggests it."""
    status: Status
    """asserted, claimed, negated, future or hypothetical."""
    evidence: Evidence
    """The sentence, trigger and rule behind the coding."""
    confidence: float
    """0..1, how sure the rule is."""
    acled: str | None = None
    """ACLED-style sub-event type where one fits ("PEACEFUL_PROTEST")."""
    location_basis: Literal["text", "article", "none"] = "none"
    """``text`` when the place is attached to the event, ``article`` for the article fallback."""
    extra: tuple[tuple[str, str], ...] = field(default=())
    """Additional string facts (e.g. ("trigger_start", "123")); kept small and optional."""
    story_event: str | None = None
    """Shared by the mentions of one act told in several sentences of the article (dyad.nlp.story)."""


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything the pipeline found in one article."""

    article: Article
    """The article that was coded."""
    events: tuple[Event, ...]
    """Coded events, in text order."""
    timexes: tuple[Timex, ...] = ()
    """Temporal expressions found in the text."""
    places: tuple[PlaceMention, ...] = ()
    """Toponyms found in the text."""


def actor_to_json(actor: Actor | None) -> dict[str, object] | None:
    """The ``source``/``target`` JSON shape of ``dyad extract``."""
    if actor is None:
        return None
    return {
        "text": actor.text,
        "code": actor.code,
        "country": actor.country,
        "sector": list(actor.sector),
        "name": actor.name,
        "kind": actor.kind,
        "start": actor.start,
        "end": actor.end,
    }


def span_to_json(span: TimeSpan) -> dict[str, object]:
    """The ``date`` JSON shape of ``dyad extract``."""
    return {
        "value": span.value,
        "start": span.start.isoformat(),
        "end": span.end.isoformat(),
        "granularity": span.granularity,
        "basis": span.basis,
        "text": span.text,
    }


def place_to_json(place: Place | None) -> dict[str, object] | None:
    """The ``location`` JSON shape of ``dyad extract``."""
    if place is None:
        return None
    return {
        "name": place.name,
        "country": place.country,
        "admin1": place.admin1,
        "lat": place.lat,
        "lon": place.lon,
        "geonameid": place.geonameid,
        "feature": place.feature,
    }


def event_to_json(event: Event) -> dict[str, object]:
    """The documented, stable JSON shape of one event (``dyad extract --format jsonl``)."""
    return {
        "event_id": event.event_id,
        "article_id": event.article_id,
        "sentence_index": event.sentence_index,
        "source": actor_to_json(event.source),
        "target": actor_to_json(event.target),
        "cameo": event.cameo,
        "root": event.root,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "plover": None if event.plover is None else {"type": event.plover.type, "mode": event.plover.mode},
        "acled": event.acled,
        "date": span_to_json(event.date),
        "location": place_to_json(event.location),
        "location_basis": event.location_basis,
        "status": event.status,
        "evidence": {
            "sentence": event.evidence.sentence,
            "start": event.evidence.start,
            "end": event.evidence.end,
            "trigger": event.evidence.trigger,
            "rule": event.evidence.rule,
        },
        "confidence": event.confidence,
        "story_event": event.story_event,
    }


def timex_to_json(article_id: str, timex: Timex) -> dict[str, object]:
    """The JSON shape of ``dyad timex``."""
    return {
        "article_id": article_id,
        "start": timex.start,
        "end": timex.end,
        "text": timex.text,
        "type": timex.type,
        "value": timex.value,
    }


def place_mention_to_json(article_id: str, mention: PlaceMention) -> dict[str, object]:
    """The JSON shape of ``dyad places``."""
    place = mention.place
    return {
        "article_id": article_id,
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "name": place.name,
        "country": place.country,
        "admin1": place.admin1,
        "lat": place.lat,
        "lon": place.lon,
        "geonameid": place.geonameid,
    }
