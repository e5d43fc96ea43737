"""The REST API (``/api/...``): the queries of the command line, over HTTP, documented in OpenAPI.

Routes only parse parameters and call :class:`dyad.api.data.Backend`; the payload shapes are the
models of :mod:`dyad.api.schemas`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool

from dyad.analysis.queries import ANALYSIS_STATUSES
from dyad.api import schemas
from dyad.api.data import Backend
from dyad.api.limits import ExtractGate
from dyad.api.params import ActorPath, FilterDep, Freq, Level, Order, PagingDep, StatusQ, statuses
from dyad.api.writes import check_token, extract, extract_articles, has_token, ingest, to_articles

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": schemas.ErrorOut, "description": "The request cannot be answered as asked."},
    422: {"model": schemas.ErrorOut, "description": "A parameter or record is invalid."},
    503: {"model": schemas.ErrorOut, "description": "The store cannot be read or written just now."},
}
router = APIRouter(prefix="/api", responses=ERRORS)
ActorA = Annotated[str, Path(pattern=ActorPath, description="Country (CHN), actor code (USAGOV) or name.")]
ActorB = Annotated[str, Path(pattern=ActorPath, description="The other actor.")]
Articles = Annotated[
    schemas.ArticleIn | list[schemas.ArticleIn],
    Body(
        description="One article in the JSONL input shape, or a list of them.",
        examples=[{"text": "Xi Jinping hosted Vladimir Putin in Beijing on Thursday.", "date": "2024-05-17"}],
    ),
]


def require_token(
    request: Request, authorization: Annotated[str | None, Header(description="Bearer <token>")] = None
) -> None:
    """Checked before the body is validated, so a request without the token learns that first."""
    check_token(request.app.state.config.token, authorization)


def backend(request: Request) -> Backend:
    found: Backend = request.app.state.backend
    return found


def next_page(request: Request, total: int, offset: int, limit: int) -> str | None:
    if offset + limit >= total:
        return None
    url = request.url.include_query_params(offset=offset + limit, limit=limit)
    return f"{url.path}?{url.query}"


def paged(request: Request, payload: dict[str, Any]) -> dict[str, Any]:
    payload["next"] = next_page(request, payload["total"], payload["offset"], payload["limit"])
    return payload


def records(body: schemas.ArticleIn | list[schemas.ArticleIn], most: int) -> list[dict[str, Any]]:
    items = body if isinstance(body, list) else [body]
    if not items:
        raise HTTPException(422, "the body is an empty list; send one article or a list of them.")
    if len(items) > most:
        raise HTTPException(413, f"{len(items)} articles in one request; send at most {most} at a time.")
    return [item.model_dump(exclude_none=True) for item in items]


@router.get("/events", response_model=schemas.EventPage, tags=["events"])
def list_events(request: Request, spec: FilterDep, page: PagingDep, order: Order = "asc") -> dict[str, Any]:
    """Events matching filters (all statuses unless `status` is given), a page at a time.

    The filters are those of `dyad events`. Follow `next` for the following page.
    """
    return paged(request, backend(request).events(spec, page.offset, page.limit, order))


@router.get(
    "/events/{event_id}",
    response_model=schemas.EventOut,
    tags=["events"],
    responses={404: {"model": schemas.ErrorOut}},
)
def get_event(request: Request, event_id: Annotated[str, Path(pattern=r"^[0-9A-Za-z_-]{1,100}$")]) -> Any:
    """One event by its `event_id`."""
    found = backend(request).event(event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id!r} in this store; list events at /api/events.")
    return found["event"]


@router.get("/dyads/{a}/{b}/series", response_model=schemas.DyadSeries, tags=["dyads"])
def dyad_series(
    request: Request,
    a: ActorA,
    b: ActorB,
    freq: Freq = "week",
    directed: bool = False,
    status: StatusQ = None,
) -> dict[str, Any]:
    """Events between two actors per week or month: counts by QuadClass and mean Goldstein (`dyad dyad`).

    Empty periods between the first and last are kept with zero counts.
    """
    return backend(request).dyad_series(a, b, freq, directed, statuses(status, ANALYSIS_STATUSES))


@router.get("/dyads/{a}/{b}/events", response_model=schemas.EventPage, tags=["dyads"])
def dyad_events(
    request: Request,
    a: ActorA,
    b: ActorB,
    page: PagingDep,
    directed: bool = False,
    status: StatusQ = None,
    start: date | None = None,
    end: date | None = None,
    order: Order = "desc",
) -> dict[str, Any]:
    """The events behind a dyad series: those whose first day lies in `start..end` (a series period)."""
    payload = backend(request).dyad_events(
        a, b, directed, statuses(status, ANALYSIS_STATUSES), start, end, page.offset, page.limit, order
    )
    return paged(request, payload)


@router.get("/top/actors", response_model=schemas.TopActors, tags=["rankings"])
def top_actors(
    request: Request, spec: FilterDep, n: Annotated[int, Query(ge=1, le=500)] = 20, by: Level = "code"
) -> dict[str, Any]:
    """The most active actors (either side) among asserted events, unless `status` says otherwise."""
    return backend(request).top_actors(n, by, spec if spec.status else _asserted(spec))


@router.get("/top/dyads", response_model=schemas.TopDyads, tags=["rankings"])
def top_dyads(
    request: Request,
    spec: FilterDep,
    n: Annotated[int, Query(ge=1, le=500)] = 20,
    by: Level = "country",
    directed: bool = False,
) -> dict[str, Any]:
    """The most frequent actor pairs, with counts by QuadClass and mean Goldstein."""
    return backend(request).top_dyads(n, by, directed, spec if spec.status else _asserted(spec))


@router.get("/network", response_model=schemas.NetworkOut, tags=["network"])
def network(
    request: Request,
    spec: FilterDep,
    by: Level = "country",
    min_weight: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> dict[str, Any]:
    """The directed actor network of the selected events (asserted unless `status` is given)."""
    return backend(request).network(by, min_weight, spec if spec.status else _asserted(spec))


@router.get("/articles", response_model=schemas.ArticleList, tags=["articles"])
def list_articles(request: Request, page: PagingDep) -> dict[str, Any]:
    """Stored articles, newest publication date first."""
    return backend(request).articles(page.offset, page.limit)


@router.get(
    "/articles/{article_id}",
    response_model=schemas.ArticleWithEvents,
    tags=["articles"],
    responses={404: {"model": schemas.ErrorOut}},
)
def get_article(request: Request, article_id: Annotated[str, Path(max_length=200)]) -> Any:
    """An article (by id or content hash) with its text and all its events."""
    found = backend(request).article(article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r} in this store; list them at /api/articles.")
    return found


@router.get("/codebook", response_model=schemas.CodebookList, tags=["codebook"])
def codebook(
    prefix: Annotated[str | None, Query(pattern=r"^\d{1,4}$")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
) -> dict[str, Any]:
    """CAMEO codes with Goldstein weight, QuadClass, PLOVER and ACLED mappings."""
    return {"codes": Backend.codebook(prefix, quad_class)}


@router.get(
    "/codebook/{code}",
    response_model=schemas.CameoOut,
    tags=["codebook"],
    responses={404: {"model": schemas.ErrorOut}},
)
def cameo_code(code: Annotated[str, Path(pattern=r"^\d{2,4}$")]) -> Any:
    """One CAMEO code; a code the codebook lacks falls back to its parent (0431 -> 043)."""
    found = Backend.cameo(code)
    if found is None:
        raise HTTPException(404, f"no CAMEO code {code!r} (nor a parent of it); list codes at /api/codebook.")
    return found


@router.get("/counts", response_model=schemas.CountsOut, tags=["store"])
def counts(request: Request) -> dict[str, int]:
    """Rows per table: articles, events, rejected records."""
    return backend(request).counts()


@router.post(
    "/extract",
    response_model=schemas.ExtractOut,
    tags=["coding"],
    responses={
        403: {"model": schemas.ErrorOut, "description": "A bearer token was sent and it is wrong."},
        413: {"model": schemas.ErrorOut, "description": "Too many articles or too much text."},
        429: {"model": schemas.ErrorOut, "description": "Busy, or this client's budget is spent."},
    },
)
async def extract_text(
    request: Request,
    body: Articles,
    authorization: Annotated[
        str | None, Header(description="Bearer <token>: lifts the limits below (optional).")
    ] = None,
) -> dict[str, Any]:
    """Code one or more pasted articles and return their events (`dyad extract` shape); nothing is stored.

    At most 10 articles per request. Offsets point into each article's `text`. Without the server's
    token, by default: at most 20,000 characters of text per request (413), 100,000 per minute per
    client, and two codings at a time over all clients (429 with `Retry-After` beyond).
    """
    items = records(body, 10)
    if has_token(request.app.state.config.token, authorization):
        return await run_in_threadpool(extract, items)
    gate: ExtractGate = request.app.state.extract_gate
    chars = sum(len(item["text"]) for item in items)
    gate.check_size(chars)
    articles = to_articles(items)  # 422 before any budget is spent
    client = request.client.host if request.client else "unknown"
    with gate.admit(client, chars):
        return await gate.run(extract_articles, articles)


@router.post(
    "/articles",
    response_model=schemas.IngestOut,
    tags=["coding"],
    responses={
        401: {"model": schemas.ErrorOut},
        403: {"model": schemas.ErrorOut},
        413: {"model": schemas.ErrorOut},
    },
)
def ingest_articles(request: Request, body: Articles, _: Annotated[None, Depends(require_token)]) -> Any:
    """Code articles and add them to the store (needs `Authorization: Bearer <token>`).

    Articles already stored (same date and text) are skipped. At most 50 per request.
    """
    return ingest(records(body, 50), backend(request).store)


def _asserted(spec: Any) -> Any:
    from dataclasses import replace

    return replace(spec, status=ANALYSIS_STATUSES)
