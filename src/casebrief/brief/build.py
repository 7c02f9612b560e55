"""Assemble the brief from a case, its policy and the criterion outcomes."""

from __future__ import annotations

from datetime import date

from casebrief._version import __version__
from casebrief.brief.schema import (
    Brief,
    CriterionOut,
    DocumentOut,
    EvidenceOut,
    FactOut,
    PacketQuality,
    PolicyRef,
    Priority,
    Problem,
    RequestOut,
    Summary,
)
from casebrief.case import Case
from casebrief.policy.result import Outcome
from casebrief.policy.schema import Criterion, Policy
from casebrief.quality import packet_quality

STATUSES = ("met", "not_met", "missing", "not_applicable", "needs_review")


def reading_line(quality: PacketQuality | None) -> str:
    """How much of the packet was read, said first when not all of it was ("Read 9 of 12
    pages; 2 could not be read, 1 file not read, pages seem missing: ..."); else nothing."""
    if quality is None or quality.complete:
        return ""
    parts = [f"Read {quality.pages_read} of {quality.pages_total} pages"]
    if quality.pages_unreadable:
        parts.append(f"{quality.pages_unreadable} could not be read")
    if quality.files_not_read:
        n = len(quality.files_not_read)
        parts.append(f"{n} file{'s' if n > 1 else ''} could not be read at all")
    if quality.missing_pages:
        parts.append(f"{len(quality.missing_pages)} page(s) seem missing from the packet")
    if quality.parts_not_read:
        parts.append(f"{quality.parts_not_read} document part(s) were cut short and not read")
    return "; ".join(parts) + " (see packet quality). "


def summarize(criteria: list[CriterionOut], quality: PacketQuality | None = None) -> Summary:
    counts = {s: sum(c.status == s for c in criteria) for s in STATUSES}
    if counts["needs_review"]:
        status = "needs_review"
        text = f"{counts['needs_review']} criterion(s) need a reviewer's decision: " + (
            "the packet contradicts itself, or part of it could not be read with "
            "confidence (see each rationale)."
            if quality is not None and (not quality.complete or quality.pages_ocr)
            else "the packet contradicts itself."
        )
    elif counts["missing"]:
        status = "documentation_incomplete"
        names = ", ".join(c.id for c in criteria if c.status == "missing")
        text = (
            f"{counts['missing']} requirement(s) undocumented ({names}); "
            "the office can be asked for the listed records."
        )
    elif any(c.status == "not_met" and c.kind != "waiver" for c in criteria):
        status = "criteria_not_met"
        names = ", ".join(c.id for c in criteria if c.status == "not_met" and c.kind != "waiver")
        text = (
            f"The packet documents facts that do not satisfy: {names}. "
            "A reviewer decides; this is not a determination."
        )
    else:
        status = "criteria_met"
        text = "Every applicable criterion is documented as met. A reviewer confirms."
    return Summary(
        status=status,
        counts=counts,
        text=reading_line(quality)
        + text
        + " casebrief never recommends a denial; every case goes to a human reviewer.",
    )


def criterion_out(c: Criterion, o: Outcome) -> CriterionOut:
    missing = None
    if o.status == "missing":
        missing = c.missing_documentation
    elif o.status == "not_met" and c.not_met_documentation and c.kind != "waiver":
        missing = c.not_met_documentation
    value = o.value if (c.unit and o.status in {"met", "not_met", "needs_review"}) else None
    return CriterionOut(
        id=c.id,
        title=c.title,
        kind=c.kind,
        status=o.status,
        value=round(value, 2) if value is not None else None,
        unit=c.unit if value is not None else None,
        rationale=o.rationale,
        evidence=[EvidenceOut(**e.to_dict()) for e in o.evidence],
        more_evidence=[EvidenceOut(**e.to_dict()) for e in o.more_evidence],
        missing_documentation=missing,
    )


def fact_out(f) -> FactOut:
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    return FactOut(
        kind=f.kind,
        name=f.name,
        assertion=f.assertion,
        value=f.value,
        unit=f.unit,
        start=iso(f.start),
        end=iso(f.end),
        date=iso(f.date),
        detail=f.detail,
        evidence=[EvidenceOut(**e.to_dict()) for e in f.evidence],
    )


def priority(case: Case, facts: list) -> Priority:
    """Expedited when the request says so or the packet documents a red flag (present, the
    patient's own): the queue takes such cases first and the decision clock is 72 hours.
    The reasons name the concept, never a quote."""
    reasons = []
    if case.request.urgency == "expedited":
        reasons.append("the request is marked expedited (request.urgency)")
    flags = sorted({f.name for f in facts if f.kind == "red_flag" and f.assertion == "present"})
    if flags:
        reasons.append("red flag documented: " + ", ".join(flags))
    return Priority(level="expedited" if reasons else "standard", reasons=reasons)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def build_brief(
    case: Case, policy: Policy, outcomes: list[tuple[Criterion, Outcome]], facts: list | None = None
) -> Brief:
    criteria = [criterion_out(c, o) for c, o in outcomes]
    quality = packet_quality(case.records, case.problems)
    return Brief(
        case_id=case.case_id,
        policy=PolicyRef(
            id=policy.id,
            version=policy.version,
            title=policy.title,
            effective_from=_iso(policy.effective_from),
            effective_to=_iso(policy.effective_to),
            source=policy.source,
        ),
        request=RequestOut(
            request_date=case.request.request_date.isoformat(),
            request_type=case.request.request_type,
            cpt=case.request.cpt,
            icd10=case.request.icd10,
            request_date_source=case.request.request_date_source,
            urgency=case.request.urgency,
        ),
        documents=[
            DocumentOut(
                id=d.id,
                file=d.file,
                pages=list(d.pages),
                type=d.type,
                date=d.date.isoformat() if d.date else None,
                title=d.title,
                date_source=d.date_source,
                char_start=d.start,
                char_end=d.end,
            )
            for d in case.documents
        ],
        criteria=criteria,
        summary=summarize(criteria, quality),
        problems=[Problem(**p) for p in case.problems],
        facts=[fact_out(f) for f in facts or []],
        priority=priority(case, facts or []),
        generator=f"casebrief {__version__}",
        packet_quality=quality,
    )
