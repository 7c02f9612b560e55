"""FHIR R4 exports over HTTP: a case's latest brief as a Bundle, a served policy as a
DTR-style Questionnaire (builders in :mod:`casebrief.export`).

Why here and not in ``cases``: the same access rules as the brief (roles, organization
scoping, audit, 404 until there is a brief), but a different media type
(``application/fhir+json``) and a document other systems, not people, read.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from casebrief.api import audit
from casebrief.api.deps import DB, Principal, allow
from casebrief.api.problems import MEDIA, Problem
from casebrief.api.routes.cases import _brief_row, find_case

router = APIRouter(prefix="/v1", tags=["fhir"])
FHIR_JSON = "application/fhir+json"

Reader = Annotated[Principal, Depends(allow("nurse", "reviewer"))]
AnyRole = Annotated[Principal, Depends(allow("nurse", "reviewer", "office"))]


class FHIRResponse(JSONResponse):
    media_type = FHIR_JSON


class FhirResource(BaseModel):
    """A FHIR R4 resource in its JSON form (see the FHIR specification for its elements)."""

    model_config = ConfigDict(extra="allow")
    resourceType: str  # noqa: N815 - FHIR's own element name


NOT_FOUND = {
    404: {
        "description": "no such policy, or no such version of it",
        "content": {MEDIA: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}},
    }
}


@router.get(
    "/cases/{case_id}/fhir",
    response_model=None,
    response_class=FHIRResponse,
    responses={200: {"model": FhirResource, "description": "an R4 Bundle (type collection)"}},
)
def case_bundle(request: Request, db: DB, who: Reader, case_id: str) -> FHIRResponse:
    """The latest brief as an R4 Bundle: its QuestionnaireResponse, a DocumentReference per
    document and a Provenance per cited answer; 404 until there is a brief."""
    from casebrief.export.fhir_bundle import brief_to_bundle

    with db.begin():
        case = find_case(request, db, who, case_id, "fhir.read")
        row = _brief_row(db, case, None)
        if row is None:
            audit.record(db, who, "fhir.read", case_id=case.id, outcome=404)
        else:
            audit.record(db, who, "fhir.read", case_id=case.id, version=row.version)
            body, version, made = row.brief, row.version, row.created_at
    if row is None:
        raise Problem(404, "no brief yet: the case is queued or being briefed", kind="no-brief")
    bundle = brief_to_bundle(body, case_ref=case.id, recorded=made)
    return FHIRResponse(bundle, headers={"X-Brief-Version": str(version)})


@router.get(
    "/policies/{policy_id}/questionnaire",
    response_model=None,
    response_class=FHIRResponse,
    responses={200: {"model": FhirResource, "description": "an R4 Questionnaire"}, **NOT_FOUND},
)
def policy_questionnaire(
    db: DB,
    who: AnyRole,
    policy_id: Annotated[str, Path(examples=["lumbar-spine-mri"])],
    version: Annotated[str | None, Query(max_length=100, examples=["2026.1"])] = None,
) -> FHIRResponse:
    """A served policy as an R4 Questionnaire: ``version``, else the version in effect
    today (or its only one)."""
    from casebrief.errors import PolicyError
    from casebrief.export.fhir_questionnaire import policy_to_questionnaire, served_policy

    try:
        pol = served_policy(policy_id, version)
    except PolicyError as exc:  # E201 unknown id or version, E215 none in effect today
        raise Problem(404, str(exc), kind="not-found") from None
    with db.begin():
        audit.record(db, who, "policies.questionnaire", detail={"policy": pol.id})
    return FHIRResponse(policy_to_questionnaire(pol))
