"""Dashboard pages, each also served as JSON: ``/path`` renders a template, ``/path.json`` the payload.

A page is one payload function (parameters in, dict out); :func:`twin` registers it twice, so the
HTML and its JSON twin can never disagree. The JSON shapes are the page models in
:mod:`dyad.api.schemas`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dyad.analysis.queries import ANALYSIS_STATUSES, EventFilter
from dyad.api import render, schemas
from dyad.api.app import page_context
from dyad.api.data import Backend
from dyad.api.params import FilterDep, Freq, Level, Order, PagingDep, StatusQ, statuses
from dyad.api.routes import ERRORS, backend, paged
from dyad.model import STATUSES

router = APIRouter(responses={**ERRORS, 404: ERRORS[422] | {"description": "No such event or article."}})
PAIR = r"^[^-/\x00-\x1f\x7f]{1,80}-[^-/\x00-\x1f\x7f]{1,80}$"
Payload = Callable[..., dict[str, Any]]


def twin(path: str, model: type, template: str, title: str) -> Callable[[Payload], Payload]:
    """Serve ``payload`` as JSON at ``path.json`` and rendered through ``template`` at ``path``."""

    def register(payload: Payload) -> Payload:
        router.add_api_route(
            f"{path}.json" if path != "/" else "/index.json",
            payload,
            methods=["GET"],
            response_model=model,
            tags=["pages (JSON)"],
            summary=f"{title} (JSON)",
        )

        @functools.wraps(payload)
        def page(**kwargs: Any) -> Response:
            request: Request = kwargs["request"]
            values = payload(**kwargs)
            context = page_context(request, page=values, title=title, query=dict(request.query_params))
            return request.app.state.templates.TemplateResponse(request, template, context)

        router.add_api_route(
            path, page, methods=["GET"], response_class=HTMLResponse, tags=["pages"], summary=title
        )
        return payload

    return register


@twin("/", schemas.OverviewOut, "overview.html", "Overview")
def overview(request: Request) -> dict[str, Any]:
    """Counts over time by QuadClass, the busiest dyads and actors, the latest events."""
    return backend(request).overview()


@twin("/events", schemas.EventPage, "events.html", "Events")
def events(request: Request, spec: FilterDep, page: PagingDep, order: Order = "desc") -> dict[str, Any]:
    """Events matching the filters, newest first by default."""
    return paged(request, backend(request).events(spec, page.offset, page.limit, order))


@twin("/events/{event_id}", schemas.EventDetailOut, "event.html", "Event")
def event(
    request: Request, event_id: Annotated[str, Path(pattern=r"^[0-9A-Za-z_-]{1,100}$")]
) -> dict[str, Any]:
    """One event with its evidence and its article."""
    found = backend(request).event(event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id!r} in this store; browse events at /events.")
    return found


@router.get("/dyads", response_class=HTMLResponse, tags=["pages"], summary="Dyad explorer")
def dyads_index(
    request: Request,
    a: Annotated[str | None, Query(max_length=80)] = None,
    b: Annotated[str | None, Query(max_length=80)] = None,
) -> Response:
    """Pick two actors; with `a` and `b` given, redirects to `/dyads/{a}-{b}`."""
    if a and b:
        if "-" in a + b or "/" in a + b:
            raise HTTPException(
                422,
                "actor names with '-' or '/' cannot form a pair path; use /api/dyads/{a}/{b}/series instead.",
            )
        return RedirectResponse(f"/dyads/{a.strip()}-{b.strip()}", status_code=303)
    context = page_context(request, page=dyads_json(request), title="Dyads", query={})
    return request.app.state.templates.TemplateResponse(request, "dyads.html", context)


@router.get(
    "/dyads.json", response_model=schemas.DyadsIndexOut, tags=["pages (JSON)"], summary="Dyad explorer (JSON)"
)
def dyads_json(request: Request) -> dict[str, Any]:
    """The 30 busiest country pairs."""
    return {"dyads": backend(request).top_dyads(30, "country", False)["dyads"]}


@twin("/dyads/{pair}", schemas.DyadPageOut, "dyad.html", "Dyad")
def dyad(
    request: Request,
    pair: Annotated[str, Path(pattern=PAIR, description="Two actors: CHN-RUS.")],
    freq: Freq = "month",
    directed: bool = False,
    status: StatusQ = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, Any]:
    """A dyad's Goldstein and QuadClass series and its latest events."""
    a, b = (side.strip() for side in pair.split("-"))
    chosen = statuses(status, ANALYSIS_STATUSES)
    data = backend(request)
    latest = data.dyad_events(a, b, directed, chosen, None, None, 0, limit)
    latest["next"] = None
    return {"series": data.dyad_series(a, b, freq, directed, chosen), "events": latest}


@twin("/actors", schemas.ActorsPageOut, "actors.html", "Actors")
def actors(
    request: Request, n: Annotated[int, Query(ge=1, le=200)] = 25, by: Level = "code"
) -> dict[str, Any]:
    """The most active actors and pairs among asserted events."""
    data = backend(request)
    return {
        "actors": data.top_actors(n, by),
        "dyads": data.top_dyads(n, "country" if by == "country" else "code", False),
    }


@twin("/network", schemas.NetworkOut, "network.html", "Network")
def network(
    request: Request,
    spec: FilterDep,
    by: Level = "country",
    min_weight: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> dict[str, Any]:
    """The actor network of a period (asserted events unless `status` is given)."""
    from dataclasses import replace

    chosen: EventFilter = spec if spec.status else replace(spec, status=ANALYSIS_STATUSES)
    return backend(request).network(by, min_weight, chosen)


@twin("/articles", schemas.ArticleList, "articles.html", "Articles")
def articles(request: Request, page: PagingDep) -> dict[str, Any]:
    """Stored articles, newest first, and a box to code a pasted article."""
    return backend(request).articles(page.offset, page.limit)


@twin("/articles/{article_id}", schemas.ArticleWithEvents, "article.html", "Article")
def article(request: Request, article_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    """An article with every event's source, target and trigger highlighted."""
    found = backend(request).article(article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r} in this store; see /articles.")
    return found


ExplainText = Annotated[
    str, Query(min_length=1, max_length=5_000, description="The sentence (or short paragraph) to explain.")
]
ExplainDate = Annotated[str | None, Query(description="Publication date to code it against (YYYY-MM-DD).")]


async def _explanation(request: Request, text: str, day: str | None) -> dict[str, Any]:
    """Code the text under the same limits as POST /api/extract without a token, and explain it."""
    from dyad.api.limits import ExtractGate
    from dyad.nlp.explain import explain
    from dyad.readers.dates import parse_date

    try:
        published = parse_date(day)
    except ValueError as error:
        raise HTTPException(422, f"date: {error}") from None
    gate: ExtractGate = request.app.state.extract_gate
    gate.check_size(len(text))
    client = request.client.host if request.client else "unknown"
    with gate.admit(client, len(text)):
        try:
            result = await gate.run(explain, text, published)
        except ValueError as error:
            raise HTTPException(422, str(error)) from None
    return result.to_json()


@router.get(
    "/explain.json",
    response_model=schemas.ExplainOut,
    tags=["pages (JSON)"],
    summary="Explain a coding (JSON)",
)
async def explain_json(request: Request, text: ExplainText, date: ExplainDate = None) -> dict[str, Any]:
    """Why a sentence is coded as it is: actors, candidate rules, every pass's changes, final events."""
    return await _explanation(request, text, date)


@router.get("/explain", response_class=HTMLResponse, tags=["pages"], summary="Explain a coding")
async def explain_page(
    request: Request, text: str | None = Query(None, max_length=5_000), date: ExplainDate = None
) -> Response:
    """The explanation as a page; without ``text``, a form to paste a sentence into."""
    values = await _explanation(request, text, date) if text and text.strip() else None
    context = page_context(
        request, page=values, title="Explain", query=dict(request.query_params), explained=values is not None
    )
    return request.app.state.templates.TemplateResponse(request, "explain.html", context)


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def docs(request: Request) -> Response:
    """The API reference, rendered in the browser from /openapi.json (no CDN)."""
    context = page_context(request, page={}, title="API", query={})
    return request.app.state.templates.TemplateResponse(request, "docs.html", context)


@router.get("/map/world.svg", include_in_schema=False)
def world_map() -> Response:
    return Response(
        render.world_svg(), media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"}
    )


def template_helpers() -> dict[str, Any]:
    """Functions and constants the templates call."""
    return {
        "evidence_segments": render.evidence_segments,
        "article_segments": render.article_segments,
        "network_drawing": render.network_drawing,
        "map_point": render.map_point,
        "web_link": render.web_link,
        "quad_colors": render.QUAD_COLORS,
        "quad_names": render.QUAD_NAMES,
        "statuses": STATUSES,
        "cameo_name": lambda code: (Backend.cameo(code) or {}).get("name", ""),
    }
