"""The office's missing-documentation notice of a case: JSON, a fax-friendly PDF, or FHIR CDex
data requests, chosen by the ``Accept`` header.

Why a route of its own: the notice is the one thing an ``office`` key may read, and it has
three renderings of one :class:`casebrief.export.notice.Notice`; keeping the negotiation and
the renderings here keeps the case routes about cases.  Like every case route it is scoped
to the key's organization (another organization's case answers 404, exactly as a missing
one) and audited (``notice.read``, with the format served; never any record text).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select

from casebrief.api import audit
from casebrief.api.deps import DB, Principal, allow
from casebrief.api.models import BriefVersion
from casebrief.api.problems import MEDIA, Problem
from casebrief.api.routes.cases import find_case
from casebrief.api.schemas import Notice

router = APIRouter(prefix="/v1/cases", tags=["notice"])
NoticeReader = Annotated[Principal, Depends(allow("nurse", "office"))]

JSON, PDF, FHIR = "application/json", "application/pdf", "application/fhir+json"
OFFERED = (JSON, PDF, FHIR)  # in this order when a client likes several equally
FORMAT = {JSON: "json", PDF: "pdf", FHIR: "fhir"}
BY_NAME = {v: k for k, v in FORMAT.items()}
Format = Annotated[
    Literal["json", "pdf", "fhir"] | None,
    Query(description="the rendering, overriding Accept (for links a browser follows)"),
]


def negotiate(accept: str | None) -> str | None:
    """The offered media type ``accept`` prefers, or None when it takes none of them.

    Each offered type gets the quality of the most specific range that matches it (exact,
    then ``type/*``, then ``*/*``); the highest quality wins, then the more specific match
    (``application/pdf, */*`` is a PDF), then the order of :data:`OFFERED`."""
    if not accept or not accept.strip():
        return JSON
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(f[2:])))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    best: tuple[float, int, int] | None = None
    chosen = None
    for order, offered in enumerate(OFFERED):
        kind = offered.split("/")[0]
        match = None
        for media, q in ranges:
            spec = (
                2
                if media == offered
                else 1
                if media == f"{kind}/*"
                else 0
                if media == "*/*"
                else -1
            )
            if spec >= 0 and (match is None or spec > match[1]):
                match = (q, spec)
        if match is None or match[0] <= 0:
            continue
        key = (match[0], match[1], -order)
        if best is None or key > best:
            best, chosen = key, offered
    return chosen


@router.get(
    "/{case_id}/notice",
    response_model=Notice,
    responses={
        200: {
            "description": "the notice: JSON (default), the fax-friendly PDF "
            "(`Accept: application/pdf`), or FHIR CDex data-request Tasks in a batch Bundle "
            "(`Accept: application/fhir+json`)",
            "content": {
                PDF: {"schema": {"type": "string", "format": "binary"}},
                FHIR: {
                    "schema": {
                        "type": "object",
                        "required": ["resourceType", "type"],
                        "properties": {
                            "resourceType": {"type": "string", "enum": ["Bundle"]},
                            "type": {"type": "string", "enum": ["batch"]},
                            "entry": {"type": "array", "items": {"type": "object"}},
                        },
                    }
                },
            },
        },
        406: {
            "description": "the Accept header takes none of JSON, PDF or FHIR JSON",
            "content": {MEDIA: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}},
        },
    },
)
def notice(  # noqa: ANN201
    request: Request, db: DB, who: NoticeReader, case_id: str, format: Format = None
):
    """What the requesting office must still send: one plain-language line per criterion the
    latest brief finds ``missing`` (or ``not_met``, as a request for any further records),
    per page that could not be read or did not arrive, and per record not read, grouped by
    kind of document, with the policy and version and a reply-by date.  A request for
    documentation only: casebrief makes no determination.

    ``?format=json|pdf|fhir`` chooses the rendering whatever the Accept header says (a link
    on the reviewer page cannot set a header)."""
    media = BY_NAME[format] if format else negotiate(request.headers.get("accept"))
    if media is None:
        raise Problem(
            406,
            "the notice is served as application/json, application/pdf or "
            "application/fhir+json; the Accept header takes none of them",
            kind="not-acceptable",
        )
    with db.begin():
        case = find_case(request, db, who, case_id, "notice.read")
        row = db.scalar(
            select(BriefVersion)
            .where(BriefVersion.case_id == case.id)
            .order_by(BriefVersion.version.desc())
            .limit(1)
        )
        detail = {"format": FORMAT[media]}
        if row is None:
            audit.record(db, who, "notice.read", case_id=case.id, outcome=404, detail=detail)
        else:
            audit.record(
                db, who, "notice.read", case_id=case.id, version=row.version, detail=detail
            )
            brief, version = row.brief, row.version
        facts = (case.id, case.external_id, case.urgency, case.received_at, case.due_at)
    if row is None:
        raise Problem(404, "no brief yet: the case is queued or being briefed", kind="no-brief")
    from casebrief.export.notice import build_notice

    cid, external_id, urgency, received_at, due_at = facts
    built = build_notice(
        brief,
        case_id=cid,
        external_id=external_id,
        version=version,
        urgency=urgency,
        received_at=received_at,
        due_at=due_at,
    )
    headers = {"X-Brief-Version": str(version), "Vary": "Accept"}
    if media == PDF:
        from casebrief.export.notice_pdf import render_pdf

        headers["Content-Disposition"] = f'inline; filename="notice-{cid}.pdf"'
        return Response(render_pdf(built), media_type=PDF, headers=headers)
    if media == FHIR:
        from casebrief.export.cdex_task import build_task_bundle

        return JSONResponse(build_task_bundle(built), media_type=FHIR, headers=headers)
    return JSONResponse(
        Notice.model_validate(built.model_dump()).model_dump(mode="json"), headers=headers
    )
