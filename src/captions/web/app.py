"""`captions serve`: the web desk (server-side pages, no JavaScript) and the JSON API.

Safe by default: it reads the catalogue and never writes to it (POST /api/check parses a caption
and stores nothing); request bodies are capped (MAX_BODY); each client gets RATE requests a
second (burst BURST) before a 429; every page escapes what it shows; and every answer carries
headers that forbid scripts from elsewhere, inline scripts, framing and MIME sniffing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from dataclasses import dataclass
from typing import Annotated, Optional

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError

from .. import __version__
from ..catalogue import Catalogue, Filters
from ..catalogue.db import display, first_line
from ..catalogue.query import filtered, image_dict, images_select
from ..catalogue.schema import IMAGES
from ..catalogue.search import search, snippet_text
from ..errors import CaptionsError, StoreError, UsageError
from ..fields import LEVELS
from ..organisations.registry import CONTROL_CLASSES
from . import charts, params, render, stats
from .check import check_caption

PAGE = 50  # rows on a page of the desk
MAX_PAGE = 500  # rows an API call may ask for
MAX_OFFSET = 10_000  # search results are ranked: deeper pages are not a use of the desk
MAX_BODY = 64 * 1024  # bytes of a request body (a caption is a few hundred)
MAX_CAPTION = 20_000  # characters of a caption given to /api/check
RATE, BURST = 20.0, 60  # requests a second per client, and how many may come at once

SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


# -- middleware (plain ASGI, so that it also answers what the app never sees) -------------------


async def _send_json(send, status: int, detail: str, headers: list | None = None) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                message = dict(message, headers=[*message.get("headers", []), *SECURITY_HEADERS])
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """A request body over `limit` bytes gets 413, whether it declares its length or not."""

    def __init__(self, app, limit: int = MAX_BODY):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            return await _send_json(send, 413, f"request body over {self.limit} bytes")
        body, more = b"", True
        while more:  # read it all here (it is small), then hand it on
            message = await receive()
            if message["type"] != "http.request":
                return await self.app(scope, _replay([message]), send)
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.limit:
                return await _send_json(send, 413, f"request body over {self.limit} bytes")
        await self.app(scope, _replay([{"type": "http.request", "body": body, "more_body": False}], receive), send)


def _replay(messages: list, then=None):
    async def receive():
        if messages:
            return messages.pop(0)
        if then is not None:
            return await then()
        return {"type": "http.disconnect"}

    return receive


class RateLimit:
    """A token bucket per client address, in this process: `rate` a second, `burst` at once."""

    def __init__(self, app, rate: float = RATE, burst: int = BURST, clock=time.monotonic):
        self.app = app
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.buckets: dict[str, tuple[float, float]] = {}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or self.rate <= 0:
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("?", 0))[0]
        now = self.clock()
        tokens, last = self.buckets.get(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if tokens < 1:
            self.buckets[client] = (tokens, now)
            wait = max(1, int((1 - tokens) / self.rate + 0.999))
            return await _send_json(send, 429, "too many requests: slow down", [(b"retry-after", str(wait).encode())])
        self.buckets[client] = (tokens - 1, now)
        if len(self.buckets) > 10_000:  # forget clients whose bucket has refilled
            self.buckets = {k: v for k, v in self.buckets.items() if (now - v[1]) * self.rate + v[0] < self.burst}
        await self.app(scope, receive, send)


# -- the API's shapes --------------------------------------------------------------------------


class CheckIn(BaseModel):
    caption: str = Field(..., min_length=1, max_length=MAX_CAPTION, description="The caption, credit included or not.")
    credit: Optional[str] = Field(None, max_length=2000, description="A credit given apart from the caption.")
    page_date: Optional[str] = Field(
        None,
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description='When the page was published (YYYY-MM-DD): resolves "on Thursday".',
    )


def _filter_query(
    agency: Optional[str] = Query(None, description="An organisation anywhere in the chain (KCNA, AP, ...)."),
    source: Optional[str] = Query(None, description="The origin: first link of the chain."),
    photographer: Optional[str] = Query(None, description="A credited photographer."),
    person: Optional[str] = Query(None, description="A person named in the caption."),
    since: Optional[str] = Query(None, description="Taken on or after (YYYY[-MM[-DD]])."),
    until: Optional[str] = Query(None, description="Taken on or before (YYYY[-MM[-DD]])."),
    state_media: bool = Query(False, description="Only images that originate from state-controlled media."),
    unverifiable: bool = Query(False, description="Only images flagged unverifiable."),
    needs_review: bool = Query(False, description="Only images whose credit could not be read with confidence."),
    provenance: Optional[str] = Query(None, description="Only this level: " + ", ".join(LEVELS)),
    country: Optional[str] = Query(None, description="Origin's country, ISO 3166 (KP, CN, ...)."),
    control: Optional[str] = Query(
        None, description="Origin's State Media Monitor class: " + ", ".join(CONTROL_CLASSES)
    ),
    audit: bool = Query(False, description="State media or handout without a verifiability disclaimer."),
) -> Filters:
    given = {k: ("1" if v is True else v) for k, v in locals().items() if v not in (None, False)}
    try:
        return params.filters_from(given)
    except params.BadParameter as e:
        raise HTTPException(400, str(e))


# -- reading -----------------------------------------------------------------------------------


def images_after(catalogue, filters: Filters, registry, after: int, limit: int) -> tuple[list[dict], int | None]:
    """A page of images in id order after the id `after`, and the cursor of the next page."""
    page_filters = Filters(**{**vars(filters), "limit": limit + 1})
    stmt = filtered(images_select().where(IMAGES.c.id > after), page_filters, registry)
    try:
        with catalogue.engine.connect() as conn:
            rows = [image_dict(row) for row in conn.execute(stmt)]
    except SQLAlchemyError as e:
        raise StoreError(f"cannot read the catalogue {display(catalogue.url)}: {first_line(e)}")
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, rows[-1]["id"] if more else None


def _int(value: str | None) -> int:
    return int(value) if value and re.fullmatch(r"\d{1,18}", value) else 0


@dataclass
class Desk:
    """What every route reads: the catalogue (opened once) and the registry of organisations."""

    catalogue: Catalogue
    registry: object


def _desk(request: Request) -> Desk:
    return request.app.state.desk


DeskDep = Annotated[Desk, Depends(_desk)]
FiltersDep = Annotated[Filters, Depends(_filter_query)]
router = APIRouter()


def _page(template: str, code: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(render.render(template, **context), status_code=code)


# -- pages -------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def catalogue_page(request: Request, desk: DeskDep):
    query = dict(request.query_params)
    q = (query.get("q") or "").strip()[: params.MAX_TEXT]
    shown = {k: v for k, v in query.items() if k in params.FILTER_NAMES and v}
    context: dict = dict(
        q=q,
        params=shown,
        rows=[],
        error=None,
        next=None,
        previous=None,
        controls=list(CONTROL_CLASSES),
        levels=LEVELS,
        total=desk.catalogue.count_images(),
    )
    try:
        filters = params.filters_from(query)
        context.update(
            _search_page(desk, q, filters, query, dict(shown, q=q or None))
            if q
            else _browse_page(desk, filters, query, shown)
        )
    except (params.BadParameter, UsageError) as e:
        return _page("catalogue.html", 400, **dict(context, error=getattr(e, "message", None) or str(e)))
    return _page("catalogue.html", **context)


def _search_page(desk: Desk, q: str, filters: Filters, query: dict, base: dict) -> dict:
    """Ranked matches, PAGE at a time by offset."""
    offset = min(_int(query.get("offset")), MAX_OFFSET)
    rows = search(desk.catalogue, q, filters, desk.registry, limit=PAGE + 1, offset=offset)
    return dict(
        rows=rows[:PAGE],
        next=render.query_string(base, offset=offset + PAGE) if len(rows) > PAGE else None,
        previous=render.query_string(base, offset=offset - PAGE or None) if offset else None,
    )


def _browse_page(desk: Desk, filters: Filters, query: dict, base: dict) -> dict:
    """Images in id order, PAGE at a time after a cursor."""
    after = _int(query.get("after"))
    rows, cursor = images_after(desk.catalogue, filters, desk.registry, after, PAGE)
    return dict(
        rows=rows,
        next=render.query_string(base, after=cursor) if cursor else None,
        previous=render.query_string(base) if after else None,
    )


@router.get("/images/{image_id}", response_class=HTMLResponse, include_in_schema=False)
def image_page(image_id: str, desk: DeskDep):
    number = _int(image_id) if image_id.isdigit() else None
    row = desk.catalogue.get_image(number) if number else None
    if row is None:
        return _page("error.html", 404, status=404, message=f"No image with id {image_id}.")
    return _page("image.html", row=row)


@router.get("/agencies", response_class=HTMLResponse, include_in_schema=False)
def agencies_page(desk: DeskDep):
    return _page("agencies.html", rows=desk.catalogue.agency_counts())


@router.get("/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(desk: DeskDep):
    return _page("audit.html", groups=stats.audit_groups(desk.catalogue, desk.registry))


@router.get("/charts", response_class=HTMLResponse, include_in_schema=False)
def charts_page(desk: DeskDep):
    numbers = stats.read_stats(desk.catalogue)
    return _page("charts.html", stats=numbers, charts=charts.all_charts(numbers))


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def docs_page(request: Request):
    return _page("docs.html", spec=request.app.openapi())


# -- the API -----------------------------------------------------------------------------------


@router.get("/api/images", summary="Stored images, filtered, in id order (cursor pagination)")
def api_images(
    desk: DeskDep,
    filters: FiltersDep,
    after: int = Query(0, ge=0, le=2**62, description="The `next` of the previous page."),
    limit: int = Query(PAGE, ge=1, le=MAX_PAGE),
):
    rows, cursor = images_after(desk.catalogue, filters, desk.registry, after, limit)
    return {"images": rows, "next": cursor}


@router.get("/api/images/{image_id}", summary="One stored image: its record, flags and reasons")
def api_image(image_id: int, desk: DeskDep):
    row = desk.catalogue.get_image(image_id)
    if row is None:
        raise HTTPException(404, f"no image with id {image_id}")
    return row


@router.get("/api/agencies", summary="Each organisation in stored chains with its control class and counts")
def api_agencies(desk: DeskDep):
    return desk.catalogue.agency_counts()


@router.get("/api/search", summary="Full-text search, best match first, with the matching words in **")
def api_search(
    desk: DeskDep,
    filters: FiltersDep,
    q: str = Query(..., min_length=1, max_length=params.MAX_TEXT, description='Words, "a phrase", prefix*.'),
    limit: int = Query(PAGE, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    rows = search(desk.catalogue, q, filters, desk.registry, limit=limit, offset=offset)
    for row in rows:
        row["snippet"] = snippet_text(row["snippet"])
    return {"query": q, "results": rows}


@router.post("/api/check", summary="Parse one caption and say what a CMS should do with it (stores nothing)")
async def api_check(body: CheckIn, desk: DeskDep) -> JSONResponse:
    """The parsed record (the keys of `captions parse --format json`, and `flags`), then
    `verdict`: `ok`, `needs_disclaimer` (state media or a handout without a verifiability
    disclaimer; `disclaimer_wording` gives the supplier's standard line) or `needs_review`
    (the credit could not be read with confidence, or the provenance is unknown)."""
    if body.page_date:
        try:
            dt.date.fromisoformat(body.page_date)
        except ValueError:
            raise HTTPException(422, f"page_date: not a date: {body.page_date!r}")
    # in the event loop, not a worker thread: the parse is a millisecond of CPU that a thread
    # could not run any sooner (one interpreter lock), and the hand-over cost more than it
    return JSONResponse(check_caption(body.caption, desk.registry, body.credit, body.page_date))


async def _captions_error(request: Request, e: Exception):
    message = getattr(e, "message", str(e))
    status = 400 if isinstance(e, UsageError) else 503
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status)
    return _page("error.html", status, status=status, message=message)


def create_app(
    db: str | None = None, registry=None, rate: float = RATE, burst: int = BURST, max_body: int = MAX_BODY
) -> FastAPI:
    """The desk and the API over the catalogue `db` (a path or an SQLAlchemy URL)."""
    if registry is None:
        from ..organisations.registry import AgencyRegistry

        registry = AgencyRegistry.default()
    app = FastAPI(
        title="captions",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        description="Photo-caption provenance: the catalogue, read-only, and a caption check for a CMS.",
    )
    app.state.desk = Desk(Catalogue.open(db, create=False), registry)
    app.add_middleware(RateLimit, rate=rate, burst=burst)
    app.add_middleware(BodyLimit, limit=max_body)
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(CaptionsError, _captions_error)
    app.mount("/static", StaticFiles(packages=[("captions.web", "static")]), name="static")
    app.include_router(router)
    return app
