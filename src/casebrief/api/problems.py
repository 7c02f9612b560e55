"""Errors as RFC 9457 problem details: ``type``, ``title``, ``status``, ``detail``, and
where there is one, the ``field`` or ``file`` at fault.

Every error the service answers goes through here, FastAPI's own validation errors and
unexpected exceptions included, so a client parses one shape.  An unexpected exception is
logged by type only (its message could quote a record) and answered as a plain 500.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("casebrief.api")
MEDIA = "application/problem+json"


class ProblemDetail(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    field: str | None = None
    file: str | None = None


class Problem(Exception):
    """Raise to answer a problem: ``Problem(413, "file too large", file="x.pdf")``."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        field: str | None = None,
        file: str | None = None,
        headers: dict[str, str] | None = None,
        kind: str | None = None,
        audit: dict | None = None,
    ) -> None:
        super().__init__(detail)
        self.audit = audit  # an audit row to write once the request's transaction is over
        self.status, self.detail, self.field, self.file = status, detail, field, file
        self.headers = headers or {}
        self.kind = kind

    def body(self) -> dict[str, Any]:
        return problem_body(
            self.status, self.detail, field=self.field, file=self.file, kind=self.kind
        )


def problem_body(status: int, detail: str | None, **extra: Any) -> dict[str, Any]:
    kind = extra.pop("kind", None)
    body = {
        "type": f"https://casebrief.dev/problems/{kind}" if kind else "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    body.update({k: v for k, v in extra.items() if v is not None})
    return body


def problem_response(status: int, detail: str | None, headers: dict | None = None, **extra: Any):
    return JSONResponse(
        problem_body(status, detail, **extra), status_code=status, media_type=MEDIA, headers=headers
    )


def allowed_methods(req: Request) -> list[str]:
    """Starlette names only the first route matching a path; a path served by several
    routes (GET and DELETE of a case) must name them all."""
    from starlette.routing import Match

    methods: set[str] = set()
    for route in req.app.router.routes:
        match, _ = route.matches({**req.scope, "method": "__none__"})
        if match != Match.NONE and getattr(route, "methods", None):
            methods |= route.methods
    return sorted(methods)


def install(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(req: Request, exc: Problem) -> JSONResponse:
        if exc.audit is not None:
            from starlette.concurrency import run_in_threadpool

            from casebrief.api.audit import record_now

            a = dict(exc.audit)
            await run_in_threadpool(
                record_now,
                req.app.state.sessions,
                a.pop("who"),
                a.pop("action"),
                outcome=exc.status,
                **a,
            )
        return JSONResponse(
            exc.body(), status_code=exc.status, media_type=MEDIA, headers=exc.headers
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(req: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 405:  # Allow: every method some route serves on this path
            return problem_response(
                405, str(exc.detail), headers={"Allow": ", ".join(allowed_methods(req))}
            )
        return problem_response(
            exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_req: Request, exc: RequestValidationError) -> JSONResponse:
        errs = exc.errors()
        parts, first = [], None
        for e in errs:
            loc = ".".join(
                str(p) for p in e.get("loc", ()) if p not in ("body", "query", "path", "header")
            )
            first = first or loc
            parts.append(f"{loc or 'request'}: {e.get('msg')}")
        return problem_response(422, "; ".join(parts), field=first or None, kind="invalid-request")

    @app.exception_handler(Exception)
    async def _unexpected(req: Request, exc: Exception) -> JSONResponse:
        log.error(
            "unexpected error on %s %s (%s)",
            req.method,
            req.scope.get("route").path if req.scope.get("route") else "?",
            type(exc).__name__,
        )
        return problem_response(500, "internal error; it was logged (by type only)")
