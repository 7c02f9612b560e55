"""Admin routes: the audit trail, cases near or past their decision time, metrics."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy import select

from casebrief.api import audit
from casebrief.api.deps import DB, Principal, allow
from casebrief.api.metrics import render
from casebrief.api.models import AuditEvent, Case, utcnow
from casebrief.api.routes.cases import case_status
from casebrief.api.schemas import AuditList, AuditOut, DeadlineList, DeadlineOut

router = APIRouter(tags=["admin"])
Admin = Annotated[Principal, Depends(allow())]


@router.get("/v1/audit", response_model=AuditList)
def audit_trail(
    db: DB,
    who: Admin,
    case: Annotated[str | None, Query(max_length=36, description="one case's events")] = None,
    action: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> AuditList:
    """The organization's audit events, oldest first (append-only; kept when a case is
    deleted)."""
    with db.begin():
        q = select(AuditEvent).where(AuditEvent.org == who.org)
        if case is not None:
            q = q.where(AuditEvent.case_id == case)
        if action is not None:
            q = q.where(AuditEvent.action == action)
        rows = db.scalars(q.order_by(AuditEvent.id).limit(limit)).all()
        out = AuditList(events=[AuditOut.model_validate(r, from_attributes=True) for r in rows])
        audit.record(db, who, "audit.read", case_id=case)
    return out


@router.get("/v1/admin/deadlines", response_model=DeadlineList)
def deadlines(
    request: Request,
    db: DB,
    who: Admin,
    within_hours: Annotated[float | None, Query(ge=0, le=24 * 365)] = None,
    all_cases: Annotated[bool, Query(alias="all")] = False,
) -> DeadlineList:
    """Cases whose decision is due within ``within_hours`` (default: the server's
    ``near_due_hours``) or already past due, soonest first; ``all=true`` lists every case."""
    near = within_hours if within_hours is not None else request.app.state.settings.near_due_hours
    now = utcnow()
    with db.begin():
        q = select(Case).where(Case.org == who.org)
        if not all_cases:
            q = q.where(Case.due_at < now + dt.timedelta(hours=near))
        rows = db.scalars(q.order_by(Case.due_at).limit(1000)).all()
        out = []
        for c in rows:
            left = (c.due_at - now).total_seconds() / 3600
            clock = "past_due" if left < 0 else ("due_soon" if left < near else "on_time")
            out.append(
                DeadlineOut(
                    id=c.id,
                    org=c.org,
                    urgency=c.urgency,
                    due_at=c.due_at,
                    hours_left=round(left, 2),
                    clock=clock,
                    status=case_status(db, c)[0],
                )
            )
        audit.record(db, who, "deadlines.read")
    return DeadlineList(cases=out)


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format"}},
)
def metrics(request: Request, who: Admin) -> Response:
    pool = getattr(request.app.state, "pool", None)
    body = render(
        request.app.state.sessions,
        request.app.state.settings.near_due_hours,
        pool.alive() if pool else 0,
    )
    return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")
