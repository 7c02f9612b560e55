"""The brief JSON contract of case-format.md, as pydantic models (schema_version 1).

The JSON Schema generated from these models is committed at ``schema/brief.schema.json``
and tested, so a change to the contract shows up in review.  Fields may be added, never
renamed or removed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from casebrief.documents.model import DocType

Status = Literal["met", "not_met", "missing", "not_applicable", "needs_review"]
Assertion = Literal["present", "negated", "hypothetical", "historical", "family", "uncertain"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PolicyRef(_Model):
    id: str
    version: str
    title: str
    effective_from: str | None = Field(
        default=None,
        description="first request date (YYYY-MM-DD, inclusive) this policy version is in "
        "effect on; null: no start",
    )
    effective_to: str | None = Field(
        default=None,
        description="last request date (YYYY-MM-DD, inclusive) this policy version is in "
        "effect on; null: no end",
    )
    source: str | None = Field(
        default=None,
        description="where this version came from: 'bundled' or the payer policy file's name",
    )


class RequestOut(_Model):
    request_date: str
    request_type: str
    cpt: list[str] = Field(default_factory=list)
    icd10: list[str] = Field(default_factory=list)
    request_date_source: str = "case.json"
    urgency: Literal["standard", "expedited"] = "standard"


class DocumentOut(_Model):
    id: str
    file: str
    pages: list[int]
    type: DocType
    date: str | None
    title: str | None
    date_source: str = "detected"


class EvidenceOut(_Model):
    document_id: str
    file: str
    page: int
    quote: str
    char_start: int
    char_end: int
    bbox: list[float] | None
    assertion: Assertion


class CriterionOut(_Model):
    id: str
    title: str
    kind: Literal["requirement", "waiver", "exclusion"]
    status: Status
    value: float | None = None
    unit: str | None = None
    rationale: str
    evidence: list[EvidenceOut]
    more_evidence: list[EvidenceOut] = Field(
        default_factory=list,
        description="further quotes, ranked below the (at most five) shown in 'evidence'",
    )
    missing_documentation: str | None = None


class FactOut(_Model):
    """A normalized fact of the case with its evidence (therapy episode, measurement, imaging,
    exam element, red flag, evaluation, comorbidity, infection)."""

    kind: str
    name: str
    assertion: Assertion = "present"
    value: float | None = None
    unit: str | None = None
    start: str | None = None
    end: str | None = None
    date: str | None = None
    detail: str | None = None
    evidence: list[EvidenceOut]


class Summary(_Model):
    status: Literal["criteria_met", "documentation_incomplete", "criteria_not_met", "needs_review"]
    counts: dict[str, int]
    text: str


class Priority(_Model):
    """Why this case is expedited, if it is: the request said so, or the packet documents a
    red flag.  Queues put expedited work first; the decision clock is 72 hours, not 7 days."""

    level: Literal["standard", "expedited"] = "standard"
    reasons: list[str] = Field(default_factory=list)


class Problem(_Model):
    file: str
    severity: Literal["error", "warning"]
    message: str
    code: str | None = None  # E0xx/W1xx of casebrief.errors.Messages


class Brief(_Model):
    schema_version: Literal["1"] = "1"
    case_id: str
    policy: PolicyRef
    request: RequestOut
    documents: list[DocumentOut]
    criteria: list[CriterionOut]
    summary: Summary
    problems: list[Problem] = Field(default_factory=list)
    facts: list[FactOut] = Field(default_factory=list)
    priority: Priority = Field(default_factory=Priority)
    generator: str = "casebrief"
