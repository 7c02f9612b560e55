"""The policies this server serves: bundled ones and the payer's (``CASEBRIEF_POLICY_DIR``),
every version with its effective period."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from casebrief.api import audit
from casebrief.api.deps import DB, Principal, allow
from casebrief.api.schemas import PolicyList, PolicyOut

router = APIRouter(prefix="/v1", tags=["policies"])


@router.get("/policies", response_model=PolicyList)
def list_served(
    db: DB, who: Annotated[Principal, Depends(allow("nurse", "reviewer", "office"))]
) -> PolicyList:
    from casebrief.policy.registry import served_policies

    with db.begin():
        audit.record(db, who, "policies.list")
    return PolicyList(policies=[PolicyOut(**p) for p in served_policies()])
