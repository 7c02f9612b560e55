"""The one operation every door (CLI, HTTP API, batch) calls: a case in, a brief out."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from casebrief.brief.build import build_brief
from casebrief.brief.schema import Brief
from casebrief.case import Case, load_case
from casebrief.errors import CaseError, Messages
from casebrief.facts.mentions import CaseView
from casebrief.facts.summary import case_facts
from casebrief.nlp.pipeline import process
from casebrief.policy import choose_policy, get_policy
from casebrief.policy.engine import evaluate_policy
from casebrief.policy.evaluators import Context
from casebrief.policy.schema import Policy

log = logging.getLogger(__name__)
_CODE = re.compile(r"\b(?:CPT|HCPCS|procedure code)s?\b[^\n]{0,60}?\b([0-9]{5}|[A-Z][0-9]{4})\b", re.I)


def resolve_policy(case: Case) -> Policy:
    if case.policy_id:
        return get_policy(case.policy_id)
    codes = list(case.request.cpt)
    if not codes:  # look on a request form or fax cover inside the packet
        for d in case.documents:
            if d.type in {"request_form", "fax_cover", "letter", "other"}:
                codes.extend(_CODE.findall(d.text[:4000]))
    return choose_policy(codes)


def resolve_request_date(case: Case) -> None:
    if case.request.request_date:
        return
    forms = [d for d in case.documents if d.type == "request_form" and d.date]
    if forms:
        case.request.request_date = max(d.date for d in forms)
        case.request.request_date_source = f"request form {forms[-1].file}"
        return
    dated = [d for d in case.documents if d.date]
    if not dated:
        raise CaseError(Messages.E207)
    latest = max(dated, key=lambda d: d.date)
    case.request.request_date = latest.date
    case.request.request_date_source = f"latest document date ({latest.file})"


def brief_case(path: Path | str, *, policy: str | None = None, request_date: str | None = None) -> Brief:
    """Brief one case directory or packet file."""
    case = load_case(path, request_date=request_date, policy=policy)
    pol = resolve_policy(case)
    resolve_request_date(case)
    for d in case.documents:
        d.doc = process(d.text, d.date or case.request.request_date)
    view = CaseView(case.documents, case.request.request_date)
    outcomes = evaluate_policy(pol, view, Context(case.request.request_date, case.request.request_type))
    try:
        facts = case_facts(view)
    except Exception as exc:  # noqa: BLE001 - the fact list is a convenience; it must never cost the brief
        log.error("case=%s: fact summary failed (%s); brief has no facts", case.case_id, type(exc).__name__)
        facts = []
    brief = build_brief(case, pol, outcomes, facts)
    log.info("briefed case=%s policy=%s documents=%d status=%s", case.case_id, pol.id, len(case.documents), brief.summary.status)
    return brief
