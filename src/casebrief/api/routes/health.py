"""Liveness and readiness; the only routes that need no key."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from casebrief.api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses={503: {"model": Health}})
def readyz(request: Request):  # noqa: ANN201
    """Ready when the database answers and, if the server runs workers, one is alive."""
    try:
        with request.app.state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # noqa: BLE001
        database = f"unreachable ({type(exc).__name__})"
    pool = getattr(request.app.state, "pool", None)
    workers = pool.alive() if pool else 0
    wanted = request.app.state.settings.workers
    ok = database == "ok" and (wanted == 0 or workers > 0)
    body = Health(status="ready" if ok else "not ready", database=database, workers=workers)
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)
