"""The audit trail: who (key id), when, what, which case and brief version; append-only.

Rows carry ids, actions and HTTP outcomes, never patient text or file names.  Denials
(403, and 404 for a case the key may not see) are written in a transaction of their own,
so they are kept although the request fails.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from casebrief.api.logs import request_id
from casebrief.api.models import AuditEvent


def record(
    db: Session,
    who: object | None,
    action: str,
    *,
    case_id: str | None = None,
    version: int | None = None,
    outcome: int = 200,
    detail: dict | None = None,
) -> None:
    db.add(
        AuditEvent(
            key_id=getattr(who, "key_id", None),
            org=getattr(who, "org", None),
            action=action,
            case_id=case_id,
            version=version,
            outcome=outcome,
            request_id=request_id.get(),
            detail=detail,
        )
    )


def record_now(factory: sessionmaker[Session], who: object | None, action: str, **kw) -> None:
    """Write one audit row in its own transaction (for requests that are about to fail)."""
    with factory() as db, db.begin():
        record(db, who, action, **kw)
