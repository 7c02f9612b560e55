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
    char_start: int | None = Field(
        None,
        description="where the document begins in its record's extracted text (a record may "
        "hold several documents); an evidence quote's record offset is this plus its "
        "char_start, which lets a viewer find it on the page",
    )
    char_end: int | None = Field(None, description="where the document ends in that text")


class EvidenceOut(_Model):
    document_id: str
    file: str
    page: int
    quote: str
    char_start: int
    char_end: int
    bbox: list[float] | None
    assertion: Assertion
    source: Literal["text_layer", "ocr"] = Field(
        "text_layer",
        description="where the quote's text came from: the record's text (a PDF text layer or "
        "a text file) or OCR of a scanned page",
    )
    ocr_confidence: float | None = Field(
        None,
        description="OCR quotes: the lowest confidence (0-1) of the OCR'd lines the quote "
        "spans; check a low one against the page image",
    )
    found_by: Literal["rules", "model"] = Field(
        "rules",
        description="rules: a quote the rules read and judged (its assertion is theirs); model: "
        "a sentence of the packet that only the evidence model ranked as likely evidence for "
        "this criterion -- shown for the reviewer to read, never used to decide the status",
    )


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


class PageRef(_Model):
    file: str
    page: int


class PageQuality(_Model):
    """How one page of the packet was read, so a reviewer knows what the brief did not see."""

    file: str
    page: int
    status: Literal["text_layer", "ocr", "blank", "unreadable", "not_read"] = Field(
        description="text_layer: read from the PDF's text; ocr: read from the image; blank: "
        "nothing on it; unreadable: OCR found no usable text; not_read: skipped (too large, "
        "failed, timed out, or OCR switched off)"
    )
    reason: str | None = Field(
        default=None,
        description="why an unreadable or not_read page was not read (the page's source, e.g. "
        "'timeout', or a short phrase); never record text",
    )
    confidence: float | None = Field(
        default=None, description="OCR mean word confidence (0-1, 2 decimals); null if not OCR'd"
    )
    rotated: int = Field(
        default=0, description="clockwise degrees the scanned page was turned to read it"
    )
    skew: float = Field(default=0.0, description="degrees the scanned page was straightened by")
    duplicate_of: PageRef | None = Field(
        default=None,
        description="an earlier page with the same image or the same text (this one repeats it)",
    )


class MissingPage(_Model):
    """A page the packet's own numbering says was sent but is not here: ask the office for it."""

    file: str = Field(description="the file where the gap is")
    after_page: int | None = Field(
        description="the page of that file after which the missing page belongs; null: before "
        "its first page"
    )
    expected: str = Field(description="the page(s) to ask for, e.g. 'page 4 of 5'")
    evidence: str = Field(
        description="how we know, in words and numbers only, e.g. 'fax header counts 12 "
        "pages, 10 received'"
    )


class PacketQuality(_Model):
    """Whether the whole packet was read: pages read, not read, repeated and missing."""

    pages_total: int
    pages_read: int = Field(description="pages read from a text layer or by OCR, or blank")
    pages_ocr: int
    pages_unreadable: int = Field(description="pages unreadable or not read")
    pages_blank: int
    read_fraction: float = Field(description="pages_read / pages_total (1.0 for no pages)")
    ocr_confidence: float | None = Field(
        default=None, description="mean OCR confidence over the OCR'd pages; null if none"
    )
    files_not_read: list[str] = Field(
        default_factory=list, description="files not read at all (empty, encrypted, broken, ...)"
    )
    pages: list[PageQuality] = Field(default_factory=list)
    missing_pages: list[MissingPage] = Field(default_factory=list)
    parts_not_read: int = Field(
        0,
        description="records or documents cut short (time budget, an analysis error: E006, "
        "E012-E014, E016); their unread pages are in no page list",
    )
    complete: bool = Field(
        description="every page read, every file read, and no page numbering gap found"
    )


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
    packet_quality: PacketQuality | None = Field(
        default=None,
        description="how completely the packet was read: pages not read, repeated or missing",
    )
