"""Apply a policy to a case's facts: every criterion gets exactly one status, with evidence.

Order matters only for waivers: a waiver that is met makes the criteria it waives
`not_applicable`; everything else is independent.  A criterion whose evaluator fails is
reported `needs_review` (a human looks) rather than crashing the brief.
"""

from __future__ import annotations

import logging

from casebrief.facts.mentions import CaseView
from casebrief.policy.evaluators import EVALUATORS, Context
from casebrief.policy.reading import Reading, temper
from casebrief.policy.result import Outcome
from casebrief.policy.schema import Criterion, Policy

log = logging.getLogger(__name__)
FALLBACK_RATIONALE = (
    "casebrief could not evaluate this criterion automatically; please review the packet."
)


def evaluate_policy(
    policy: Policy,
    view: CaseView,
    ctx: Context,
    reading: Reading | None = None,
    low_confidence: float = 0.0,
) -> list[tuple[Criterion, Outcome]]:
    """Every criterion's outcome.  ``reading`` (what of the packet was read) turns statuses
    that rest on silence or on low-confidence OCR into ``needs_review`` (see
    :mod:`casebrief.policy.reading`), before waivers are applied."""
    results: dict[str, Outcome] = {}
    for c in policy.criteria:
        if (
            c.applies_when
            and c.applies_when.request_type
            and ctx.request_type not in c.applies_when.request_type
        ):
            results[c.id] = Outcome(
                "not_applicable",
                f"Applies only to {', '.join(c.applies_when.request_type)} "
                f"requests; this is an {ctx.request_type} request.",
            )
            continue
        try:
            results[c.id] = EVALUATORS[c.evaluator](
                view, c.params, ctx.for_criterion(c.evaluator, c.rationales)
            )
        except Exception as exc:  # noqa: BLE001 - one broken criterion must not sink the brief
            # the exception type only: messages can quote record text, and logs never carry patient
            # text
            log.error("criterion %s/%s failed: %s", policy.id, c.id, type(exc).__name__)
            results[c.id] = Outcome("needs_review", FALLBACK_RATIONALE)
        if reading is not None:
            results[c.id] = temper(results[c.id], reading, low_confidence)
    for c in policy.criteria:
        if c.kind == "waiver" and results[c.id].status == "met":
            for waived in c.waives:
                results[waived] = Outcome(
                    "not_applicable",
                    f"Waived: '{c.id}' is met ({results[c.id].rationale.rstrip('.')}).",
                )
    return [(c, results[c.id]) for c in policy.criteria]
