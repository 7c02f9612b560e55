"""The application factory: settings, database (migrated), worker pool, routes, errors,
request ids and request logs."""

from __future__ import annotations

import logging
import time
import uuid
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from sqlalchemy import select

from casebrief import __version__
from casebrief.api import openapi, problems
from casebrief.api.db import make_engine, migrate, session_factory
from casebrief.api.limits import BodyLimit
from casebrief.api.logs import request_id
from casebrief.api.metrics import observe_request
from casebrief.api.models import Case
from casebrief.api.pool import WorkerPool
from casebrief.api.routes import admin, cases, fhir, health, notice, policies
from casebrief.api.settings import Settings
from casebrief.api.storage import sweep
from casebrief.policy.registry import get_registry

log = logging.getLogger("casebrief.api")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    settings.prepare()
    engine = make_engine(settings.url)
    migrate(engine)
    get_registry()  # policies read (and a payer's files validated) before the first request
    with session_factory(engine)() as db:
        known = set(db.scalars(select(Case.id)))
    swept = sweep(settings.data_dir, known)
    if swept:
        log.warning("removed directories a crash left without a case row", extra={"dirs": swept})

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # noqa: ANN202
        app.state.pool = WorkerPool(settings, app.state.sessions)
        app.state.pool.start()
        log.info("service started", extra={"workers": settings.workers})
        try:
            yield
        finally:
            app.state.pool.shutdown()
            engine.dispose()
            log.info("service stopped")

    app = FastAPI(
        title="casebrief",
        version=__version__,
        summary="Evidence-linked pre-review briefs for prior-authorization packets.",
        description=(
            "casebrief reads a prior-authorization packet and maps each criterion of the "
            "payer's policy to met / not_met / missing / not_applicable / needs_review, with "
            "cited evidence. It never recommends a denial: a human decides every case."
        ),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    problems.install(app)
    openapi.install(app)
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes, prefix="/v1/cases")

    @app.middleware("http")
    async def _request_log(request: Request, call_next):  # noqa: ANN001, ANN202
        given = request.headers.get("x-request-id", "")
        rid = given if 0 < len(given) <= 36 and given.replace("-", "").isalnum() else None
        token = request_id.set(rid or str(uuid.uuid4()))
        t0 = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            response.headers["X-Request-ID"] = request_id.get()
            return response
        finally:
            ms = (time.perf_counter() - t0) * 1000
            route = request.scope.get("route")
            path = route.path if route is not None else "unmatched"
            observe_request(request.method, path, status, ms / 1000)
            log.info(
                "request",
                extra={
                    "method": request.method,
                    "route": path,
                    "status": status,
                    "ms": round(ms, 1),
                },
            )
            request_id.reset(token)

    for module in (health, cases, notice, policies, admin, fhir):
        app.include_router(module.router)
    from casebrief.web.routes import install as install_pages  # the reviewer page

    install_pages(app)
    return app
