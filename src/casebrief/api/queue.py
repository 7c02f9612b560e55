"""The job queue, kept in the database: enqueue, claim under a lease, renew, finish.

Why in the database: the embedded default must start no broker, and a case accepted with
202 must survive any crash.  A job is claimed by writing a fresh lease token and an expiry;
the worker renews the lease while it works.  A worker or server killed at any moment leaves
a lease that expires, and the next claim takes the job again (counting the attempt).  A
brief is stored only by a finish that still holds the job's token, in the same transaction
that marks the job done, and ``briefs.job_id`` is unique: a job gives at most one brief
version, whatever crashes in between.

PostgreSQL claims with ``FOR UPDATE SKIP LOCKED``; SQLite serializes writers with
``BEGIN IMMEDIATE`` (see :mod:`casebrief.api.db`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, aliased, sessionmaker

from casebrief.api.models import BriefVersion, Case, Job, utcnow
from casebrief.api.versions import status_changes

ACTIVE = ("queued", "running")


@dataclass(frozen=True)
class Claimed:
    job_id: int
    case_id: str
    token: str
    attempt: int


def enqueue(db: Session, case: Case) -> Job | None:
    """Queue a briefing of ``case`` unless one is already waiting (it will read every record)."""
    waiting = db.scalar(select(Job).where(Job.case_id == case.id, Job.state == "queued"))
    if waiting is not None:
        return None
    job = Job(case_id=case.id, priority=1 if case.urgency == "expedited" else 0)
    db.add(job)
    return job


def depth(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Job).where(Job.state.in_(ACTIVE))) or 0


def claim(
    factory: sessionmaker[Session], worker: str, lease_seconds: float, max_attempts: int
) -> Claimed | None:
    """Take the most urgent waiting job (or one whose lease expired), or None."""
    while True:
        with factory() as db, db.begin():
            now = utcnow()
            busy = aliased(Job)
            running_sibling = (
                select(busy.id)
                .where(
                    busy.case_id == Job.case_id,
                    busy.id != Job.id,
                    busy.state == "running",
                    busy.lease_until >= now,
                )
                .exists()
            )
            q = (
                select(Job)
                .where(
                    or_(
                        Job.state == "queued",
                        (Job.state == "running") & (Job.lease_until < now),
                    ),
                    ~running_sibling,  # one briefing of a case at a time, versions in order
                )
                .order_by(Job.priority.desc(), Job.enqueued_at, Job.id)
                .limit(1)
            )
            if db.bind.dialect.name == "postgresql":
                q = q.with_for_update(skip_locked=True)
            job = db.scalar(q)
            if job is None:
                return None
            if job.attempts >= max_attempts:  # it died with its worker every time
                job.state, job.finished_at = "failed", now
                job.error = (
                    f"gave up after {job.attempts} attempts: the worker stopped "
                    "(crashed or was killed) each time it briefed this case"
                )
                job.lease_token = job.lease_until = None
                continue
            job.state, job.attempts = "running", job.attempts + 1
            job.lease_token = str(uuid.uuid4())
            job.lease_until = now + dt.timedelta(seconds=lease_seconds)
            job.worker, job.started_at = worker, now
            return Claimed(job.id, job.case_id, job.lease_token, job.attempts)


def renew(factory: sessionmaker[Session], c: Claimed, lease_seconds: float) -> bool:
    """Extend the lease; False when the job is no longer ours (it expired and was retaken)."""
    with factory() as db, db.begin():
        res = db.execute(
            update(Job)
            .where(Job.id == c.job_id, Job.lease_token == c.token, Job.state == "running")
            .values(lease_until=utcnow() + dt.timedelta(seconds=lease_seconds))
        )
        return res.rowcount == 1


def _held(db: Session, c: Claimed) -> Job | None:
    q = select(Job).where(Job.id == c.job_id, Job.lease_token == c.token, Job.state == "running")
    if db.bind.dialect.name == "postgresql":
        q = q.with_for_update()
    return db.scalar(q)


def finish(
    factory: sessionmaker[Session], c: Claimed, brief: dict, seconds: float, documents: int
) -> int | None:
    """Store the brief as the case's next version and mark the job done, in one transaction;
    the new version number, or None when the job was no longer ours (nothing is stored)."""
    with factory() as db, db.begin():
        job = _held(db, c)
        if job is None:
            return None
        case = db.get(Case, c.case_id, with_for_update=db.bind.dialect.name == "postgresql")
        if case is None:  # deleted while it was being briefed
            job.state, job.finished_at, job.lease_token = "failed", utcnow(), None
            job.error = "the case was deleted"
            return None
        prev = db.scalar(
            select(BriefVersion)
            .where(BriefVersion.case_id == case.id)
            .order_by(BriefVersion.version.desc())
            .limit(1)
        )
        version = (prev.version if prev else 0) + 1
        pol = brief.get("policy", {})
        db.add(
            BriefVersion(
                case_id=case.id,
                version=version,
                job_id=job.id,
                policy_id=pol.get("id", ""),
                policy_version=pol.get("version", ""),
                summary_status=brief.get("summary", {}).get("status", ""),
                documents=documents,
                seconds=round(seconds, 3),
                changes=status_changes(prev.brief if prev else None, brief),
                brief=brief,
            )
        )
        case.latest_version = version
        case.error = None
        prio = brief.get("priority") or {}
        if prio.get("level") == "expedited" and case.urgency != "expedited":
            case.urgency = "expedited"
            case.urgency_reason = "; ".join(prio.get("reasons", []))
            expedited_due = case.received_at + dt.timedelta(hours=72)
            case.due_at = min(case.due_at, expedited_due)
        job.state, job.finished_at, job.brief_version = "done", utcnow(), version
        job.lease_token = job.lease_until = None
        return version


def fail(
    factory: sessionmaker[Session], c: Claimed, error: str, *, retry: bool, max_attempts: int
) -> None:
    """A briefing that raised: queued again (a transient error, attempts left) or failed."""
    with factory() as db, db.begin():
        job = _held(db, c)
        if job is None:
            return
        job.error = error
        job.lease_token = job.lease_until = None
        if retry and job.attempts < max_attempts:
            job.state = "queued"
        else:
            job.state, job.finished_at = "failed", utcnow()
            case = db.get(Case, c.case_id)
            if case is not None:
                case.error = error


def release(factory: sessionmaker[Session], worker: str) -> int:
    """Put a stopping worker's running jobs back in the queue (graceful shutdown); the
    attempt is not counted against the case."""
    with factory() as db, db.begin():
        res = db.execute(
            update(Job)
            .where(Job.worker == worker, Job.state == "running")
            .values(
                state="queued",
                lease_token=None,
                lease_until=None,
                attempts=func.max(Job.attempts - 1, 0)
                if db.bind.dialect.name == "sqlite"
                else func.greatest(Job.attempts - 1, 0),
            )
        )
        return res.rowcount
