"""The JSON shapes of the web API, as pydantic models: they are the OpenAPI documentation.

Every key is documented here once; ``/docs`` shows them. The event shape is the ``dyad extract``
contract from the README (fields are only ever added), so a client can read API events and
``dyad extract --format jsonl`` lines with the same code.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from dyad.api.render import web_link

Text = Field(max_length=100_000, description="Article body; every offset points into this string.")


class ActorOut(BaseModel):
    """One side of an event."""

    text: str = Field(description="The words in the article that name the actor.")
    code: str = Field(description="CAMEO actor code, e.g. CHNGOV.")
    country: str | None = Field(description="ISO alpha-3 country, when the actor has one.")
    sector: list[str] = Field(description="Sector codes (GOV, MIL ...).")
    name: str | None = Field(description="Canonical name of a known person or organisation.")
    kind: str | None = Field(description="state, person, organization, group, sector or unknown.")
    start: int = Field(description="Character offset of `text` in the article.")
    end: int = Field(description="End offset (exclusive).")


class PloverOut(BaseModel):
    type: str = Field(description="PLOVER event type, e.g. AGREE.")
    mode: str = Field(description="PLOVER mode, may be empty.")


class DateOut(BaseModel):
    value: str = Field(description="TIMEX3-style value: 2024-05-16, 2024-W20, 2024-05 ...")
    start: str = Field(description="First day covered (ISO).")
    end: str = Field(description="Last day covered (ISO, inclusive).")
    granularity: str = Field(description="day, week, month, quarter, season, year ...")
    basis: str = Field(description="text (the sentence dates it) or publication (the article date).")
    text: str | None = Field(description="The date expression in the text, when there is one.")


class LocationOut(BaseModel):
    name: str
    country: str | None = Field(description="ISO alpha-3.")
    admin1: str | None
    lat: float
    lon: float
    geonameid: int | None
    feature: str | None = Field(description="country, city, region ...")


class EvidenceOut(BaseModel):
    sentence: str = Field(description="The sentence the event was coded from.")
    start: int = Field(description="Offset of the sentence in the article.")
    end: int
    trigger: str = Field(description="The word or phrase that triggered the event code.")
    rule: str = Field(description="Lexicon rule id plus how arguments were recovered.")


class EventOut(BaseModel):
    """One coded event, in the `dyad extract` JSON shape."""

    event_id: str
    article_id: str
    sentence_index: int
    source: ActorOut | None
    target: ActorOut | None
    cameo: str = Field(description="CAMEO event code, e.g. 057.")
    root: str = Field(description="Two-digit CAMEO root.")
    quad_class: int = Field(
        description="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."
    )
    goldstein: float = Field(description="Goldstein weight, -10 (conflict) .. +10 (cooperation).")
    plover: PloverOut | None
    acled: str | None = Field(description="ACLED-style sub-type, when one fits.")
    date: DateOut
    location: LocationOut | None
    location_basis: str = Field(description="text, article or none.")
    status: str = Field(description="asserted, claimed, negated, future or hypothetical.")
    evidence: EvidenceOut
    confidence: float
    story_event: str | None = Field(
        None, description="Shared by the mentions of one act told in several sentences."
    )


class EventPage(BaseModel):
    """A page of events matching filters, oldest first (or newest first with order=desc)."""

    total: int = Field(description="Events matching the filters, on all pages.")
    offset: int = Field(description="Index of the first event on this page.")
    limit: int = Field(description="Page size asked for.")
    next: str | None = Field(description="Path of the next page, null on the last page.")
    events: list[EventOut]


class ArticleSummary(BaseModel):
    article_id: str
    content_hash: str = Field(description="SHA-256 of date and text; also accepted as the article id.")
    publication_date: str | None
    title: str | None
    source: str | None
    url: str | None
    num_events: int


class ArticleOut(ArticleSummary):
    text: str
    flags: list[str] = Field(description="Quality flags raised while reading, e.g. date_missing.")


class ArticleWithEvents(BaseModel):
    article: ArticleOut
    events: list[EventOut]


class ArticleList(BaseModel):
    total: int
    offset: int
    limit: int
    articles: list[ArticleSummary]


class SeriesPoint(BaseModel):
    period: str = Field(description="First day of the week (Monday) or month.")
    events: int
    q1: int = Field(description="Verbal cooperation events.")
    q2: int = Field(description="Material cooperation events.")
    q3: int = Field(description="Verbal conflict events.")
    q4: int = Field(description="Material conflict events.")
    mean_goldstein: float | None = Field(description="Null for periods without events.")


class DyadSeries(BaseModel):
    a: str
    b: str
    freq: Literal["week", "month"]
    directed: bool
    statuses: list[str] | None = Field(description="Statuses counted; null means all.")
    series: list[SeriesPoint]


class ActorRank(BaseModel):
    actor: str
    events: int
    as_source: int
    as_target: int
    mean_goldstein: float | None


class DyadRank(BaseModel):
    actor_a: str
    actor_b: str
    events: int
    q1: int
    q2: int
    q3: int
    q4: int
    mean_goldstein: float | None


class TopActors(BaseModel):
    by: str
    actors: list[ActorRank]


class TopDyads(BaseModel):
    by: str
    directed: bool
    dyads: list[DyadRank]


class NodeOut(BaseModel):
    id: str
    events: int
    mean_goldstein: float


class EdgeOut(BaseModel):
    source: str
    target: str
    weight: int = Field(description="Events from source to target.")
    mean_goldstein: float
    cooperation: int = Field(description="Events in QuadClass 1 or 2.")
    conflict: int = Field(description="Events in QuadClass 3 or 4.")


class NetworkOut(BaseModel):
    by: str
    min_weight: int
    nodes: list[NodeOut]
    edges: list[EdgeOut]


class CameoOut(BaseModel):
    code: str
    name: str
    goldstein: float
    quad_class: int
    quad_class_name: str
    root: str
    plover_type: str
    plover_mode: str
    plover_context: str
    acled: str


class CodebookList(BaseModel):
    codes: list[CameoOut]


class ArticleIn(BaseModel):
    """One article, in the JSONL input shape (`dyad extract news.jsonl`)."""

    model_config = ConfigDict(extra="ignore", strict=True)

    text: str = Text
    date: str | None = Field(default=None, max_length=40, description="Publication date, YYYY-MM-DD.")
    id: str | int | None = Field(default=None, description="Your id; defaults to api-<index>.")
    title: str | None = Field(default=None, max_length=1_000)
    url: str | None = Field(
        default=None, max_length=2_000, description="Where the article was published: an http(s) address."
    )
    source: str | None = Field(default=None, max_length=200)
    language: str | None = Field(default=None, max_length=20)

    @field_validator("text", "date", "id", "title", "url", "source", "language")
    @classmethod
    def _unicode_text(cls, value: object) -> object:
        """JSON may spell lone surrogates (``"\\ud800"``); no stored or hashed text can hold one."""
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as error:
                raise ValueError(
                    f"character {error.start} is a lone surrogate (U+{ord(value[error.start]):04X}), "
                    "which is not Unicode text; send the text as valid UTF-8"
                ) from None
        return value

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and web_link(value) is None:
            raise ValueError(
                "must be an http:// or https:// address with a host and no spaces, e.g. "
                "https://example.org/news/1 (other schemes, such as javascript: or data:, are refused)"
            )
        return value


class CodedArticle(BaseModel):
    article_id: str
    publication_date: str | None
    text: str
    events: list[EventOut]


class ExtractOut(BaseModel):
    articles: list[CodedArticle]
    events: list[EventOut] = Field(description="All events of all articles, in input order.")


class IngestOut(BaseModel):
    documents: int
    articles_new: int
    articles_skipped: int = Field(description="Already stored (same date and text): not coded again.")
    events: int
    errors: int
    batches: int
    seconds: float


class CountsOut(BaseModel):
    articles: int
    events: int
    errors: int


class Problem(BaseModel):
    where: str = Field(description="Which parameter or record: query.limit, body[2].text ...")
    message: str


class ErrorOut(BaseModel):
    """Every 4xx answer: a sentence saying what to do, and the problems one by one."""

    detail: str
    problems: list[Problem] = []


# -- the JSON twins of dashboard pages -------------------------------------------------------------


class QuadCount(BaseModel):
    period: str
    quad_class: int
    events: int


class QuadCounts(BaseModel):
    freq: Literal["month", "year"] = Field(description="Period length: month, or year over spans > 6 years.")
    rows: list[QuadCount] = Field(description="Asserted events per period and QuadClass.")


class OverviewOut(BaseModel):
    """`/` as JSON."""

    counts: CountsOut
    quad_counts: QuadCounts
    top_dyads: list[DyadRank]
    top_actors: list[ActorRank]
    latest_events: list[EventOut] = Field(description="The ten events with the latest dates.")


class EventArticle(BaseModel):
    article_id: str
    content_hash: str
    title: str | None
    source: str | None
    url: str | None
    publication_date: str | None


class EventDetailOut(BaseModel):
    """`/events/{event_id}` as JSON."""

    event: EventOut
    article: EventArticle


class DyadPageOut(BaseModel):
    """`/dyads/{A}-{B}` as JSON: the series and the latest events between the two."""

    series: DyadSeries
    events: EventPage


class DyadsIndexOut(BaseModel):
    """`/dyads` as JSON: the busiest pairs, to pick from."""

    dyads: list[DyadRank]


class ActorsPageOut(BaseModel):
    """`/actors` as JSON."""

    actors: TopActors
    dyads: TopDyads


class ExplainActor(BaseModel):
    text: str
    code: str
    country: str | None
    sector: list[str]
    via: str = Field(description="How it was resolved: name, title, pronoun, possessive, group, context.")
    start: int


class ExplainCandidate(BaseModel):
    trigger: str
    token: int
    chosen: str = Field(description="The rule that fired, with argument notes.")
    cameo: str
    rules: list[str] = Field(description="Every lexicon rule of the trigger's lemma, most specific first.")


class ExplainPass(BaseModel):
    component: str
    step: str
    action: str = Field(description="added, changed or dropped.")
    event: str
    before: str | None
    why: str


class ExplainOut(BaseModel):
    """`/explain.json` (and `dyad explain --format json`): why a text was coded as it was."""

    text: str
    publication_date: str | None
    actors: list[ExplainActor]
    candidates: list[ExplainCandidate]
    passes: list[ExplainPass]
    events: list[EventOut]
