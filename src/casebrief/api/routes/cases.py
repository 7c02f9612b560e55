"""Cases: submit, status, briefs and their versions, late records, reviews, deletion (the
office's notice: :mod:`casebrief.api.routes.notice`).  Every route is scoped to the key's
organization: another organization's case answers 404, exactly as an id that does not
exist."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from casebrief.api import audit, queue
from casebrief.api.deps import DB, Principal, allow
from casebrief.api.intake import (
    Upload,
    case_json,
    check_record_count,
    parse_case_field,
    read_upload,
    scoped_key,
    stage_files,
    upload_body,
)
from casebrief.api.models import (
    BriefVersion,
    Case,
    Idempotency,
    Job,
    Record,
    Review,
    utcnow,
)
from casebrief.api.problems import Problem
from casebrief.api.schemas import (
    CaseList,
    CaseOut,
    RecordOut,
    ReviewIn,
    ReviewList,
    ReviewOut,
    VersionList,
    VersionOut,
)
from casebrief.api.storage import read_case_json, remove_tree, unique_name, write_case_json
from casebrief.api.versions import describe
from casebrief.brief.schema import Brief

router = APIRouter(prefix="/v1/cases", tags=["cases"])

Nurse = Annotated[Principal, Depends(allow("nurse"))]
Reader = Annotated[Principal, Depends(allow("nurse", "reviewer"))]
Reviewer = Annotated[Principal, Depends(allow("reviewer"))]
Admin = Annotated[Principal, Depends(allow())]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]


def case_status(db: Session, case: Case) -> tuple[str, int, str | None]:
    """(status, attempts of the latest job, error): running/queued while any job is; else the
    latest job's end."""
    jobs = db.scalars(select(Job).where(Job.case_id == case.id).order_by(Job.id)).all()
    if any(j.state == "running" for j in jobs):
        return "running", max(j.attempts for j in jobs if j.state == "running"), None
    if any(j.state == "queued" for j in jobs):
        return "queued", 0, None
    last = jobs[-1] if jobs else None
    if last is None or last.state == "done":
        return "done", last.attempts if last else 0, None
    return "failed", last.attempts, last.error or case.error


def case_out(db: Session, case: Case) -> CaseOut:
    status, attempts, error = case_status(db, case)
    records = db.scalars(select(Record).where(Record.case_id == case.id).order_by(Record.id))
    base = f"/v1/cases/{case.id}"
    return CaseOut(
        id=case.id,
        status=status,
        external_id=case.external_id,
        received_at=case.received_at,
        urgency=case.urgency,
        urgency_reason=case.urgency_reason,
        due_at=case.due_at,
        latest_version=case.latest_version,
        attempts=attempts,
        error=error,
        records=[RecordOut.model_validate(r, from_attributes=True) for r in records],
        links={
            "self": base,
            "brief": f"{base}/brief",
            "versions": f"{base}/brief/versions",
            "notice": f"{base}/notice",
        },
    )


def find_case(request: Request, db: Session, who: Principal, case_id: str, action: str) -> Case:
    case = db.get(Case, case_id) if len(case_id) <= 36 else None
    if case is None or case.org != who.org:
        raise Problem(
            404,
            f"no case '{case_id}'",
            kind="not-found",
            audit={"who": who, "action": action, "case_id": case_id[:36]},
        )
    return case


def wake_workers(request: Request) -> None:
    """A job was queued and committed: an idle worker of this server claims it now rather
    than at its next poll (none when the server runs without workers)."""
    pool = getattr(request.app.state, "pool", None)
    if pool is not None:
        pool.wake()


def _replay(db: Session, who: Principal, key: str | None) -> Case | None:
    if not key:
        return None
    row = db.get(Idempotency, (who.org, key))
    return db.get(Case, row.case_id) if row else None


@router.post("", status_code=202, response_model=CaseOut, openapi_extra=upload_body(True))
def submit_case(
    request: Request,
    response: Response,
    db: DB,
    upload: Annotated[Upload, Depends(read_upload)],
    idempotency_key: IdemKey = None,
) -> CaseOut:
    """Accept a case: 202 at once; a worker briefs it.  A retry with the same
    ``Idempotency-Key`` answers the first case again instead of creating a second.

    multipart/form-data: ``files`` (one or more records) and optionally ``case`` (the
    case.json object of case-format.md §1)."""
    settings, who = request.app.state.settings, upload.who
    with db.begin():
        first = _replay(db, who, idempotency_key)
        if first is not None:
            return _replayed(db, who, response, first, "case.submit.replay")
    raw, cf = parse_case_field(upload.case)
    stage, stored = stage_files(settings, upload.files, set())
    case_id = str(uuid.uuid4())
    final = settings.cases_dir / case_id
    write_case_json(stage, case_json(raw, case_id, stored))
    os.replace(stage, final)  # on disk before the row that promises it is committed
    now = utcnow()
    expedited = cf.request.urgency == "expedited"
    hours = settings.expedited_hours if expedited else settings.standard_hours
    try:
        with db.begin():
            row = Case(
                id=case_id,
                org=who.org,
                external_id=cf.case_id,
                created_by=who.key_id,
                received_at=now,
                urgency=cf.request.urgency,
                urgency_reason="the request is marked expedited" if expedited else None,
                due_at=now + dt.timedelta(hours=hours),
                latest_version=0,
            )
            db.add(row)
            db.flush()
            for s in stored:
                db.add(_record_row(case_id, s, s.file, batch=1))
            queue.enqueue(db, row)
            if idempotency_key:
                db.add(Idempotency(org=who.org, key=idempotency_key, case_id=case_id))
            audit.record(
                db,
                who,
                "case.submit",
                case_id=case_id,
                outcome=202,
                detail={"records": len(stored)},
            )
            out = case_out(db, row)  # as accepted: queued
    except IntegrityError:  # the same Idempotency-Key raced us: answer the first case
        remove_tree(final)
        with db.begin():
            first = _replay(db, who, idempotency_key)
            if first is None:
                raise
            return _replayed(db, who, response, first, "case.submit.replay")
    except BaseException:
        remove_tree(final)
        raise
    wake_workers(request)
    response.headers["Location"] = f"/v1/cases/{case_id}"
    return out


def _replayed(db: Session, who: Principal, response: Response, case: Case, action: str) -> CaseOut:
    response.headers["Location"] = f"/v1/cases/{case.id}"
    response.headers["Idempotent-Replayed"] = "true"
    audit.record(db, who, action, case_id=case.id, outcome=202)
    return case_out(db, case)


def _record_row(case_id: str, s, name: str, batch: int) -> Record:  # noqa: ANN001
    return Record(
        case_id=case_id,
        file=name,
        media_type=s.media_type,
        size=s.size,
        pages=s.pages,
        sha256=s.sha256,
        batch=batch,
    )


@router.get("", response_model=CaseList)
def list_cases(
    db: DB,
    who: Reader,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    order: Annotated[
        Literal["received", "due"],
        Query(description="received: newest first; due: a worklist, earliest decision due first"),
    ] = "received",
) -> CaseList:
    """The organization's cases: newest first, or as a worklist (``order=due``: expedited
    cases, whose clock is 72 hours, come before standard ones received earlier)."""
    key = Case.due_at if order == "due" else Case.received_at.desc()
    with db.begin():
        rows = db.scalars(
            select(Case).where(Case.org == who.org).order_by(key, Case.id).limit(limit)
        ).all()
        audit.record(db, who, "case.list")
        return CaseList(cases=[case_out(db, c) for c in rows])


@router.get("/{case_id}", response_model=CaseOut)
def get_case(request: Request, db: DB, who: Reader, case_id: str) -> CaseOut:
    with db.begin():
        case = find_case(request, db, who, case_id, "case.read")
        audit.record(db, who, "case.read", case_id=case.id, version=case.latest_version or None)
        return case_out(db, case)


def _brief_row(db: Session, case: Case, version: int | None) -> BriefVersion | None:
    q = select(BriefVersion).where(BriefVersion.case_id == case.id)
    if version is not None:
        q = q.where(BriefVersion.version == version)
    return db.scalar(q.order_by(BriefVersion.version.desc()).limit(1))


@router.get(
    "/{case_id}/brief",
    response_model=None,
    responses={200: {"model": Brief, "description": "the brief JSON of case-format.md §2"}},
)
def get_brief(
    request: Request,
    db: DB,
    who: Reader,
    case_id: str,
    version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
) -> JSONResponse:
    """The latest brief (or ``version``), exactly the JSON of case-format.md §2; 404 until
    there is one."""
    with db.begin():
        case = find_case(request, db, who, case_id, "brief.read")
        row = _brief_row(db, case, version)
        if row is None:
            audit.record(db, who, "brief.read", case_id=case.id, outcome=404)
            detail = (
                f"the case has no brief version {version}"
                if version
                else "no brief yet: the case is queued or being briefed"
            )
        else:
            audit.record(db, who, "brief.read", case_id=case.id, version=row.version)
            body = row.brief
            headers = {"X-Brief-Version": str(row.version)}
    if row is None:
        raise Problem(404, detail, kind="no-brief")
    return JSONResponse(body, headers=headers)


@router.get("/{case_id}/brief/versions", response_model=VersionList)
def brief_versions(request: Request, db: DB, who: Reader, case_id: str) -> VersionList:
    """Every brief version with its time, policy version and criterion-status changes."""
    with db.begin():
        case = find_case(request, db, who, case_id, "versions.read")
        rows = db.scalars(
            select(BriefVersion)
            .where(BriefVersion.case_id == case.id)
            .order_by(BriefVersion.version)
        ).all()
        audit.record(db, who, "versions.read", case_id=case.id)
        return VersionList(
            case_id=case.id,
            versions=[
                VersionOut(
                    version=r.version,
                    created_at=r.created_at,
                    policy_id=r.policy_id,
                    policy_version=r.policy_version,
                    summary_status=r.summary_status,
                    documents=r.documents,
                    seconds=r.seconds,
                    changes=r.changes,
                    changes_text=describe(r.changes) if r.version > 1 else "first version",
                )
                for r in rows
            ],
        )


@router.post(
    "/{case_id}/records", status_code=202, response_model=CaseOut, openapi_extra=upload_body(False)
)
def add_records(
    request: Request,
    response: Response,
    db: DB,
    upload: Annotated[Upload, Depends(read_upload)],
    case_id: str,
    idempotency_key: IdemKey = None,
) -> CaseOut:
    """Late records (multipart ``files``): stored beside the others, and the case is briefed
    again as a new version.

    Names are settled, rows flushed, files moved and case.json rewritten in one transaction
    that holds the case (SQLite's write lock, PostgreSQL's row lock), so concurrent uploads
    never share a name; on any failure the moved files and case.json are put back."""
    settings, who = request.app.state.settings, upload.who
    key = scoped_key("records", case_id, idempotency_key)
    with db.begin():
        case = find_case(request, db, who, case_id, "records.add")
        if key and db.get(Idempotency, (who.org, key)) is not None:
            return _replayed(db, who, response, case, "records.add.replay")
        existing = db.scalars(select(Record).where(Record.case_id == case.id)).all()
        taken = {r.file for r in existing}
        pages = sum(r.pages or 0 for r in existing)
    stage, stored = stage_files(settings, upload.files, set(taken), pages)
    case_dir = settings.cases_dir / case_id
    moved: list[str] = []
    before = (case_dir / "case.json").read_bytes()
    try:
        with db.begin():
            case = db.get(Case, case_id, with_for_update=True)
            if case is None or case.org != who.org:
                raise Problem(404, f"no case '{case_id}'", kind="not-found")
            if key and db.get(Idempotency, (who.org, key)) is not None:
                return _replayed(db, who, response, case, "records.add.replay")
            rows = db.scalars(select(Record).where(Record.case_id == case_id)).all()
            check_record_count(settings, len(rows) + len(stored))  # again, under the lock
            taken = {r.file for r in rows}
            batch = max((r.batch for r in rows), default=0) + 1
            names = [unique_name(s.file, taken) for s in stored]
            for s, name in zip(stored, names, strict=True):
                db.add(_record_row(case_id, s, name, batch))
            db.flush()
            for s, name in zip(stored, names, strict=True):
                os.replace(stage / s.file, case_dir / name)
                moved.append(name)
            data = read_case_json(case_dir)
            data["documents"] = list(data.get("documents") or []) + names
            write_case_json(case_dir, data)
            queue.enqueue(db, case)
            if key:
                db.add(Idempotency(org=who.org, key=key, case_id=case_id))
            audit.record(
                db,
                who,
                "records.add",
                case_id=case_id,
                outcome=202,
                detail={"records": len(stored), "batch": batch},
            )
            out = case_out(db, case)
    except BaseException as exc:
        for name in moved:
            (case_dir / name).unlink(missing_ok=True)
        if moved:
            (case_dir / "case.json").write_bytes(before)
        if isinstance(exc, IntegrityError) and key:  # the same key raced us
            with db.begin():
                case = db.get(Case, case_id)
                if case is not None and db.get(Idempotency, (who.org, key)) is not None:
                    return _replayed(db, who, response, case, "records.add.replay")
        raise
    finally:
        remove_tree(stage)
    wake_workers(request)
    response.headers["Location"] = f"/v1/cases/{case_id}"
    return out


@router.post("/{case_id}/reviews", status_code=201, response_model=ReviewOut)
def add_review(request: Request, db: DB, who: Reviewer, case_id: str, body: ReviewIn) -> ReviewOut:
    """Record a reviewer's agreement or disagreement with a criterion (or the whole case).
    Stored as given; casebrief makes no determination and pre-fills nothing."""
    with db.begin():
        case = find_case(request, db, who, case_id, "review.add")
        row = _brief_row(db, case, body.version)
        if row is None:
            raise Problem(
                422,
                "version: no such brief version" if body.version else "no brief to review yet",
                field="version",
                kind="no-brief",
            )
        ids = {c["id"] for c in row.brief.get("criteria", [])}
        if body.criterion_id is not None and body.criterion_id not in ids:
            raise Problem(
                422,
                f"criterion_id: '{body.criterion_id}' is not a criterion of this brief "
                f"({', '.join(sorted(ids))})",
                field="criterion_id",
            )
        rev = Review(
            case_id=case.id,
            version=row.version,
            criterion_id=body.criterion_id,
            verdict=body.verdict,
            note=body.note,
            key_id=who.key_id,
        )
        db.add(rev)
        db.flush()
        audit.record(
            db,
            who,
            "review.add",
            case_id=case.id,
            version=row.version,
            outcome=201,
            detail={"criterion": body.criterion_id, "verdict": body.verdict},
        )
        return ReviewOut.model_validate(rev, from_attributes=True)


@router.get("/{case_id}/reviews", response_model=ReviewList)
def list_reviews(request: Request, db: DB, who: Reader, case_id: str) -> ReviewList:
    with db.begin():
        case = find_case(request, db, who, case_id, "review.list")
        rows = db.scalars(select(Review).where(Review.case_id == case.id).order_by(Review.id))
        audit.record(db, who, "review.list", case_id=case.id)
        return ReviewList(reviews=[ReviewOut.model_validate(r, from_attributes=True) for r in rows])


@router.delete("/{case_id}", status_code=204, response_class=Response)
def delete_case(request: Request, db: DB, who: Admin, case_id: str) -> Response:
    """Remove the case's records, briefs and reviews; its audit rows are kept."""
    settings = request.app.state.settings
    with db.begin():
        case = find_case(request, db, who, case_id, "case.delete")
        for table in (Review, BriefVersion, Job, Record):
            db.execute(delete(table).where(table.case_id == case.id))
        db.execute(delete(Idempotency).where(Idempotency.case_id == case.id))
        n = db.scalar(select(func.count()).select_from(Case).where(Case.id == case.id))
        db.delete(case)
        audit.record(db, who, "case.delete", case_id=case_id, outcome=204, detail={"rows": n})
    remove_tree(settings.cases_dir / case_id)
    return Response(status_code=204)
