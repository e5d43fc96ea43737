"""Query parameters shared by API routes and pages, validated before any query runs.

Each parameter has a type, a length limit and a pattern where the field has a known shape, so bad
input is answered with a 422 naming the parameter, never with a server error. Values reach SQL only
as bound parameters (see :func:`dyad.analysis.queries.where_clause`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, HTTPException, Query

from dyad.analysis.queries import EventFilter
from dyad.model import STATUSES

NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"
"""Printable text only: control characters have no business in a filter."""
ACTOR = r"^[^\x00-\x1f\x7f,]{1,80}$"
MAX_OFFSET = 10_000_000

ActorQ = Annotated[
    str | None,
    Query(
        max_length=80,
        pattern=NO_CONTROL,
        description="Code or country (CHN, RUSGOV; prefix match) or name (Putin).",
    ),
]


def statuses(value: str | None, default: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """Parse ``asserted,claimed`` or ``all``; unknown names are a 422 that lists the choices."""
    if value is None or not value.strip():
        return default
    if value.strip() == "all":
        return None
    chosen = tuple(s.strip() for s in value.split(",") if s.strip())
    unknown = [s for s in chosen if s not in STATUSES]
    if unknown or not chosen:
        raise HTTPException(
            422,
            f"query.status: unknown status {', '.join(unknown)!r}; "
            f"choose from {', '.join(STATUSES)} or 'all'.",
        )
    return chosen


@dataclass(frozen=True, slots=True)
class Paging:
    """Which slice of a long result to return."""

    offset: int
    limit: int


def paging(
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Skip this many results.")] = 0,
    limit: Annotated[int, Query(ge=1, le=500, description="Page size (1-500).")] = 50,
) -> Paging:
    return Paging(offset, limit)


PagingDep = Annotated[Paging, Depends(paging)]


def event_filter(
    actor: ActorQ = None,
    source: ActorQ = None,
    target: ActorQ = None,
    countries: Annotated[
        str | None,
        Query(pattern=r"^[A-Za-z]{3},[A-Za-z]{3}$", description="Country pair, both directions: CHN,RUS."),
    ] = None,
    directed: Annotated[
        bool, Query(description="With countries: only from the first to the second.")
    ] = False,
    cameo: Annotated[
        str | None, Query(pattern=r"^\d{2,4}$", description="CAMEO code prefix: 05, 057.")
    ] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4, description="QuadClass 1-4.")] = None,
    plover: Annotated[
        str | None, Query(pattern=r"^[A-Za-z_]{2,30}$", description="PLOVER type: AGREE.")
    ] = None,
    status: Annotated[
        str | None,
        Query(
            max_length=120,
            pattern=NO_CONTROL,
            description="Comma-separated statuses, or 'all' (default all).",
        ),
    ] = None,
    start: Annotated[date | None, Query(description="Events on or after this day (YYYY-MM-DD).")] = None,
    end: Annotated[date | None, Query(description="Events on or before this day (YYYY-MM-DD).")] = None,
    place: Annotated[
        str | None, Query(max_length=80, pattern=NO_CONTROL, description="Place name or ISO alpha-3 country.")
    ] = None,
    text: Annotated[
        str | None, Query(max_length=200, pattern=NO_CONTROL, description="Text in the evidence sentence.")
    ] = None,
) -> EventFilter:
    """The event filter of ``dyad events``, from query parameters (empty strings mean unset)."""
    if start and end and start > end:
        raise HTTPException(422, f"query.start: {start} is after end {end}; swap them.")
    pair = (countries[:3].upper(), countries[4:].upper()) if countries else None
    return EventFilter(
        actor=actor or None,
        source=source or None,
        target=target or None,
        countries=pair,
        directed=directed,
        cameo=cameo,
        quad_class=quad_class,
        plover_type=plover.upper() if plover else None,
        status=statuses(status, None),
        start=start,
        end=end,
        place=place or None,
        text=text or None,
    )


FilterDep = Annotated[EventFilter, Depends(event_filter)]
Order = Annotated[Literal["asc", "desc"], Query(description="By event date: asc (oldest first) or desc.")]
Level = Annotated[Literal["code", "country"], Query(description="Actor level: code or country.")]
Freq = Annotated[Literal["week", "month"], Query(description="Period: week or month.")]
StatusQ = Annotated[
    str | None,
    Query(
        max_length=120,
        pattern=NO_CONTROL,
        description="Statuses counted (default asserted), comma-separated, or 'all'.",
    ),
]
ActorPath = r"^[^\x00-\x1f\x7f/]{1,80}$"
