"""The ASGI application: routes, the request-size limit, error bodies and quiet logs."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.documents import problems_record
from complaintcode.server import api
from complaintcode.server.openapi import openapi_document
from complaintcode.server.requests import BadRequest, parse_json

__all__ = ["DEFAULT_MAX_BODY", "create_app"]

DEFAULT_MAX_BODY = 16 * 1024 * 1024
"""The default request-size limit in bytes (16 MiB): a 10 MB export fits."""

log = logging.getLogger("complaintcode.server")


def _errors(status: int, title: str, problems: list[tuple[str, str]]) -> JSONResponse:
    return JSONResponse(problems_record(problems, status=status, title=title), status_code=status)


class BodyLimit:
    """Refuse a request body over ``limit`` bytes with 413, before or while it arrives.

    It is also the outermost guard: an unexpected error has by then been answered with a
    500 body by Starlette, and is only logged here by its kind (its message or traceback
    might quote personal data from the request).
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(scope, receive, send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(413, self._too_large)
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except Exception as exc:
            log.error("unexpected %s", type(exc).__name__)
            if not started:
                response = _errors(500, "internal error", [("", "the service failed")])
                await response(scope, receive, send)

    @property
    def _too_large(self) -> str:
        return f"the request body is over the limit of {self.limit:,} bytes"

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response: Response = _errors(413, "request too large", [("", self._too_large)])
        if _wants_html(dict(scope["headers"]).get(b"accept", b"").decode("latin-1")):
            from complaintcode.server.forms import refused_page

            response = refused_page(413, self._too_large.capitalize())
        await response(scope, receive, send)


class QuietLog:
    """One log line per request: method, path, status, milliseconds — never a body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 0

        async def noted(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noted)
        finally:
            millis = (time.perf_counter() - start) * 1000
            log.info("%s %s %d %.1f ms", scope["method"], scope["path"], status, millis)


_UPGRADE = (
    "the body arrived empty: the request asked to upgrade to HTTP/2 (Upgrade: h2c), which "
    "this service does not take up; send it as HTTP/1.1 (in Java: "
    "HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1))"
)

Handler = Callable[[Any, WorkingDayCalendar], dict[str, Any]]


def _json_endpoint(handler: Handler, calendar: WorkingDayCalendar) -> Callable[..., Any]:
    async def endpoint(request: Request) -> Response:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            return _errors(
                415,
                "unsupported media type",
                [("", f"send Content-Type: application/json; got {kind or 'none'!r}")],
            )
        body = await request.body()
        if not body and "upgrade" in request.headers:
            # uvicorn does not take up "Upgrade: h2c", and the body of such a request is lost.
            return _errors(400, "empty body", [("", _UPGRADE)])
        try:
            return JSONResponse(handler(parse_json(body), calendar))
        except BadRequest as exc:
            return _errors(exc.status, exc.title, exc.problems)

    return endpoint


def _get(body: Callable[[], dict[str, Any]]) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(_: Request) -> Response:
        return JSONResponse(body())

    return endpoint


def _wants_html(accept: str) -> bool:
    """Whether the client is a browser (it asks for HTML): a form post, a link followed."""
    return "text/html" in accept


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if _wants_html(request.headers.get("accept", "")):
        from complaintcode.server.forms import refused_page

        return refused_page(exc.status_code, str(exc.detail).capitalize())
    titles = {404: "not found", 405: "method not allowed", 413: "request too large"}
    title = titles.get(exc.status_code, "refused")
    return _errors(exc.status_code, title, [("", str(exc.detail))])


async def _unexpected(_: Request, exc: Exception) -> Response:
    # Logged (by its kind only) in BodyLimit, where Starlette re-raises it.
    return _errors(500, "internal error", [("", "the service failed; nothing was stored")])


def create_app(
    *, max_body: int = DEFAULT_MAX_BODY, calendar: WorkingDayCalendar | None = None
) -> ASGIApp:
    """The complaintcode service as an ASGI application (serve it with uvicorn).

    ``max_body`` is the request-size limit in bytes; ``calendar`` the working-day
    calendar (default England & Wales). The application keeps no state between requests.
    """
    from complaintcode.server import page

    cal = calendar if calendar is not None else WorkingDayCalendar.england_and_wales()
    spec = openapi_document()
    routes = [
        Route("/v1/check", _json_endpoint(api.check_body, cal), methods=["POST"]),
        Route("/v1/deadlines", _json_endpoint(api.deadlines_body, cal), methods=["POST"]),
        Route("/v1/report", _json_endpoint(api.report_body, cal), methods=["POST"]),
        Route("/v1/due", _json_endpoint(api.due_body, cal), methods=["POST"]),
        Route("/v1/rules", _get(api.rules_body), methods=["GET"]),
        Route("/v1/editions", _get(api.editions_body), methods=["GET"]),
        Route("/healthz", _get(api.health_body), methods=["GET"]),
        Route("/openapi.json", _get(lambda: spec), methods=["GET"]),
        *page.routes(cal, max_body),
        Mount("/static", StaticFiles(packages=[("complaintcode.server", "static")])),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_error, Exception: _unexpected},
    )
    return QuietLog(BodyLimit(app, max_body))
