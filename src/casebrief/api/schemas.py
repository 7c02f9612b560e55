"""Typed request and response bodies of the routes (the brief itself is
:class:`casebrief.brief.schema.Brief`, the contract of case-format.md)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from casebrief.export.notice import Notice as NoticeBase
from casebrief.export.notice import NoticeItem  # noqa: F401 - the notice's item, served here too

CaseStatus = Literal["queued", "running", "done", "failed"]


class RecordOut(BaseModel):
    file: str = Field(description="the name the record is stored and cited under")
    media_type: str
    size: int
    pages: int | None = None
    sha256: str
    batch: int = Field(description="1: sent with the case; 2 and up: late records")


class CaseOut(BaseModel):
    id: str
    status: CaseStatus
    external_id: str | None = Field(None, description="case.json's case_id, if it gave one")
    received_at: dt.datetime
    urgency: Literal["standard", "expedited"]
    urgency_reason: str | None = None
    due_at: dt.datetime = Field(description="when the payer's decision is due (72 h / 7 days)")
    latest_version: int = Field(description="the newest brief version; 0 until there is one")
    attempts: int = 0
    error: str | None = None
    records: list[RecordOut] = Field(default_factory=list)
    links: dict[str, str] = Field(default_factory=dict)


class CaseList(BaseModel):
    cases: list[CaseOut]


class StatusChange(BaseModel):
    criterion: str
    from_: str | None = Field(None, alias="from")
    to: str | None

    model_config = {"populate_by_name": True}


class VersionOut(BaseModel):
    version: int
    created_at: dt.datetime
    policy_id: str
    policy_version: str
    summary_status: str
    documents: int = Field(description="documents the brief read (a record may hold several)")
    seconds: float = Field(description="the worker's time briefing this version")
    changes: list[StatusChange]
    changes_text: str


class VersionList(BaseModel):
    case_id: str
    versions: list[VersionOut]


class ReviewIn(BaseModel):
    criterion_id: str | None = Field(
        None, max_length=100, description="the criterion reviewed; absent for the whole case"
    )
    verdict: Literal["agree", "disagree"]
    note: str | None = Field(None, max_length=10000)
    version: int | None = Field(None, ge=1, description="the brief version; default the latest")


class ReviewOut(BaseModel):
    id: int
    case_id: str
    version: int
    criterion_id: str | None
    verdict: str
    note: str | None
    key_id: str
    created_at: dt.datetime


class ReviewList(BaseModel):
    reviews: list[ReviewOut]


class Notice(NoticeBase):
    """The notice as the service serves it (:mod:`casebrief.export.notice`): always built
    from a stored brief version."""

    version: int = Field(description="the brief version the notice is built from")


class AuditOut(BaseModel):
    id: int
    at: dt.datetime
    key_id: str | None
    org: str | None
    action: str
    case_id: str | None
    version: int | None
    outcome: int
    request_id: str | None


class AuditList(BaseModel):
    events: list[AuditOut]


class DeadlineOut(BaseModel):
    id: str
    org: str
    urgency: str
    due_at: dt.datetime
    hours_left: float
    clock: Literal["past_due", "due_soon", "on_time"]
    status: CaseStatus


class DeadlineList(BaseModel):
    cases: list[DeadlineOut]


class PolicyCriterion(BaseModel):
    id: str
    title: str
    kind: str


class PolicyOut(BaseModel):
    id: str
    version: str
    title: str
    codes: list[str]
    effective_from: str | None = None
    effective_to: str | None = None
    source: str | None = None
    criteria: list[PolicyCriterion]


class PolicyList(BaseModel):
    policies: list[PolicyOut]


class Health(BaseModel):
    status: str
    database: str | None = None
    workers: int | None = None
