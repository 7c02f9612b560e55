"""The one operation every door (CLI, HTTP API, batch) calls: a case in, a brief out.

Nothing in a record's content may sink a case: each document's language analysis runs
guarded, so an unexpected error in one document becomes a coded problem naming the file
and the document, and the rest of the case is briefed.  Time is bounded twice: a record's
documents share a per-record budget (a document still being read when it runs out is cut
where it was, E012; the record's later documents are listed as not read, E016), and the
case as a whole has a budget (documents not yet started when it runs out are listed as not
read, E013).  Either way the brief says so; the case never hangs.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from casebrief.brief.build import build_brief
from casebrief.brief.schema import Brief
from casebrief.case import Case, load_case
from casebrief.documents import Document
from casebrief.errors import CaseError, problem
from casebrief.evidence_model.ranking import rank_outcomes
from casebrief.evidence_model.scorer import get_scorer
from casebrief.extract.ocr import OcrSettings
from casebrief.facts.mentions import CaseView
from casebrief.facts.summary import case_facts
from casebrief.lexicon import cue
from casebrief.nlp.pipeline import DocumentCut, process
from casebrief.policy.engine import evaluate_policy
from casebrief.policy.evaluators import Context
from casebrief.policy.evaluators.base import request_side
from casebrief.policy.reading import packet_reading
from casebrief.policy.registry import PolicyRegistry, get_registry
from casebrief.policy.schema import Policy
from casebrief.timing import Stopwatch

log = logging.getLogger(__name__)
REQUEST_DOCS = {"request_form", "fax_cover", "letter", "other"}


@dataclass(frozen=True)
class Budget:
    """Time limits of one briefing, in seconds of wall-clock time.

    ``record_seconds`` bounds the extraction of one record and, separately, the language
    analysis of its documents; ``case_seconds`` bounds the language analysis of the case.
    """

    record_seconds: float = 30.0
    case_seconds: float = 120.0


def case_ref(case_id: str) -> str:
    """How logs name a case: a short hash of its id, since a sender's case id can be a
    medical record number or a name, and logs never carry patient data."""
    return "#" + hashlib.sha256(case_id.encode()).hexdigest()[:10]


def resolve_policy(
    case: Case, registry: PolicyRegistry | None = None, *, default_id: str | None = None
) -> Policy:
    """The policy version the case is judged by: its policy id (else ``default_id``, else the
    one chosen from its codes), at the version in effect on its request date (resolve the date
    first).  ``registry`` defaults to the served one (bundled + ``$CASEBRIEF_POLICY_DIR``)."""
    registry = registry or get_registry()
    on = case.request.request_date
    if case.policy_id or default_id:
        return registry.get(case.policy_id or default_id, on)
    codes = list(case.request.cpt)
    if not codes:  # look on a request form or fax cover inside the packet
        for d in case.documents:
            if d.type in REQUEST_DOCS:
                codes.extend(cue("documents.procedure_code").findall(d.text[:4000]))
    return registry.choose(codes, on)


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
        raise CaseError("E207")
    latest = max(dated, key=lambda d: d.date)
    case.request.request_date = latest.date
    case.request.request_date_source = f"latest document date ({latest.file})"


FUTURE_DAYS = 180  # a document dated this long after the request has a misread year


def redate_future(case: Case) -> None:
    """A document dated more than half a year after the request keeps its month and day, in
    the latest year not after the request.  Why: OCR misreads a year's last digit ("March 25,
    2028" for 2025), and a date years ahead made a follow-up visit fall on day 1152 of CPAP
    use.  Taking the document's next date instead was tried and was worse: a visit note's
    next date is often an earlier test it reviews.  Forms that name a planned date of service
    stay well within the half year (the latest in our labelled sets is 57 days ahead)."""
    from datetime import timedelta

    from casebrief.nlp.dates import latest_not_after

    on = case.request.request_date
    for d in case.documents:
        if d.date is None or d.date <= on + timedelta(days=FUTURE_DAYS):
            continue
        if d.date_source != "detected":
            continue  # a date given in case.json is the sender's, not a reading
        d.date = latest_not_after(d.date, on)


def read_documents(case: Case, budget: Budget, case_deadline: float) -> None:
    """Run the language pipeline on every document, within the budgets (see the module doc)."""
    record_deadline: dict[str, float] = {}
    for d in case.documents:
        now = time.monotonic()
        where = {"document": d.id, "pages": _pages(d)}
        if now > case_deadline:
            case.problems.append(problem("E013", d.file, seconds=budget.case_seconds, **where))
            continue
        if now > record_deadline.get(d.file, now):
            case.problems.append(problem("E016", d.file, seconds=budget.record_seconds, **where))
            continue
        deadline = min(
            case_deadline, record_deadline.setdefault(d.file, now + budget.record_seconds)
        )
        try:
            d.doc = process(d.text, d.date or case.request.request_date, deadline=deadline)
        except DocumentCut as cut:
            d.doc = cut.doc
            d.truncate(cut.read_chars)
            seconds = budget.record_seconds if deadline < case_deadline else budget.case_seconds
            case.problems.append(
                problem(
                    "E012",
                    d.file,
                    seconds=seconds,
                    read=cut.read_chars,
                    total=cut.total_chars,
                    **where,
                )
            )
            log.warning(
                "case=%s document=%s cut at %d of %d characters (time budget)",
                case_ref(case.case_id),
                d.id,
                cut.read_chars,
                cut.total_chars,
            )
        except Exception as exc:  # noqa: BLE001 - one document must not sink the case
            d.doc = None
            case.problems.append(problem("E014", d.file, error=type(exc).__name__, **where))
            # the exception type only: its message can quote record text
            log.error(
                "case=%s document=%s: language analysis failed (%s)",
                case_ref(case.case_id),
                d.id,
                type(exc).__name__,
            )


def _pages(d: Document) -> str:
    first, last = d.pages
    return str(first) if first == last else f"{first}-{last}"


@dataclass
class Evaluated:
    """A case read and judged: what the brief is built from, and what the evidence model
    trains on."""

    case: Case
    policy: Policy
    view: CaseView
    outcomes: list


def evaluate_case(
    path: Path | str,
    *,
    policy: str | None = None,
    request_date: str | None = None,
    budget: Budget | None = None,
    stopwatch: Stopwatch | None = None,
    policy_files: list[Path] | None = None,
) -> Evaluated:
    """Load, read and judge one case: every criterion's outcome, in the rules' order of quotes.

    ``policy_files`` are payer policy files served for this case only, besides the bundled
    ones and ``$CASEBRIEF_POLICY_DIR`` (see :mod:`casebrief.policy.registry`); when the case
    names no policy and exactly one file is given, that file's policy id is used (its version
    still chosen by the request date)."""
    budget = budget or Budget()
    sw = stopwatch or Stopwatch()
    with sw.stage("policy/date resolution"):  # a bad policy file fails before records are read
        registry = get_registry(policy_files)
        default_id = None
        if policy_files and len(policy_files) == 1:
            default_id = registry.defined_in(policy_files[0])[0].id
    case = load_case(
        path,
        request_date=request_date,
        policy=policy,
        record_seconds=budget.record_seconds,
        stopwatch=sw,
    )
    case_deadline = time.monotonic() + budget.case_seconds
    with sw.stage("policy/date resolution"):
        resolve_request_date(case)  # first: the policy version depends on the date
        redate_future(case)
        pol = resolve_policy(case, registry, default_id=default_id)
    with sw.stage("NLP pipeline"):
        read_documents(case, budget, case_deadline)
    with sw.stage("facts+policy"):
        view = CaseView(case.documents, case.request.request_date)
        outcomes = evaluate_policy(
            pol,
            view,
            Context(
                case.request.request_date,
                case.request.request_type,
                side=request_side(case.request.icd10, case.request.cpt),
            ),
            reading=packet_reading(case.records, case.problems),
            low_confidence=OcrSettings.from_env().low_line_below,
        )
    return Evaluated(case, pol, view, outcomes)


def brief_case(
    path: Path | str,
    *,
    policy: str | None = None,
    request_date: str | None = None,
    budget: Budget | None = None,
    stopwatch: Stopwatch | None = None,
    evidence_model: bool = True,
    policy_files: list[Path] | None = None,
) -> Brief:
    """Brief one case directory or packet file.

    ``evidence_model=False`` keeps the rules' order of quotes (the ablation of the learned
    evidence scorer); statuses never depend on it.  ``policy_files``: payer policy files for
    this case, as in :func:`evaluate_case`."""
    sw = stopwatch or Stopwatch()
    ev = evaluate_case(
        path,
        policy=policy,
        request_date=request_date,
        budget=budget,
        stopwatch=sw,
        policy_files=policy_files,
    )
    case, pol, view, outcomes = ev.case, ev.policy, ev.view, ev.outcomes
    with sw.stage("evidence ranking"):
        rank_outcomes(pol, outcomes, get_scorer() if evidence_model else None, view)
    with sw.stage("fact list"):
        try:
            facts = case_facts(view)
        except Exception as exc:  # noqa: BLE001 - the fact list is a convenience; it must never cost the brief
            log.error(
                "case=%s: fact summary failed (%s); brief has no facts",
                case_ref(case.case_id),
                type(exc).__name__,
            )
            facts = []
    with sw.stage("brief build"):
        brief = build_brief(case, pol, outcomes, facts)
    log.info(
        "briefed case=%s policy=%s documents=%d problems=%d status=%s",
        case_ref(case.case_id),
        pol.id,
        len(case.documents),
        len(case.problems),
        brief.summary.status,
    )
    return brief
