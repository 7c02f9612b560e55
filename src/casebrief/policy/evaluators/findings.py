"""Findings documented present or absent: red flags, radicular pain, functional limitation, exclusions."""

from __future__ import annotations

from dataclasses import replace

import re
from typing import Any

from casebrief.facts.mentions import CaseView, cue
from casebrief.policy.evaluators.base import (
    Context, _mention_evidence, _prefer, _sentences, evaluator,
)
from casebrief.policy.result import Outcome


@evaluator("finding_documented")
def finding_documented(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Waiver/requirement/exclusion on concepts asserted present.

    params: concepts; historical_counts (concepts for which a personal history counts);
    against_concepts (present => not_met, e.g. axial-only pain); region; doc_types.
    """
    hist = set(p.get("historical_counts", []))
    found = [m for m in view.find(concepts=p["concepts"], assertions={"present", "historical"})
             if (m.assertion == "present" or m.concept in hist) and view.on_region(m, p.get("region"))
             and (m.document.date is None or m.document.date <= ctx.request_date)]
    negated = view.find(concepts=p["concepts"], assertions={"negated"})
    label = p.get("label", "finding")
    if found:
        names = sorted({m.text.lower() for m in found})[:5]
        support = _mention_evidence(view, p["support_concepts"], ("present",)) if p.get("support_concepts") else []
        return Outcome("met", f"{label} documented present: {', '.join(names)}.").cite(_prefer(found)[:6] + support[:3], 9)
    against = view.find(concepts=p.get("against_concepts", []), assertions={"present"}) if p.get("against_concepts") else []
    if against or (negated and p.get("negation_is_not_met")):
        items = _prefer(against) + _prefer(negated)
        support = _mention_evidence(view, p["support_concepts"], ("negated",)) if p.get("support_concepts") else []
        return Outcome("not_met", f"The record documents the opposite: {label} absent.").cite(items[:5] + support[:2])
    if p.get("silent_status", "missing") == "not_met":
        if negated:
            # a screen records the findings absent: label its quotes so
            screen = [replace(e, assertion="negated") for e in _sentences(view, cue(p["screen_cue"]))] if p.get("screen_cue") else []
            return Outcome("not_met", f"No {label} documented as present; the packet screens for them and records them absent.").cite(
                screen[:3] + _prefer([m for m in negated if re.search(r"deni|negative|no red flag", m.sentence, re.I)] + negated), 8)
        return Outcome("not_met", f"No {label} documented as present; the packet does not address them.")
    return Outcome("missing", f"No {label} documented.")


# "infection screen", "infection prevention", "infection risk": the word, not the finding
_NOT_A_FINDING = re.compile(r"\s*(?:screen\w*|prevention|precautions?|risks?|control|prophylaxis|education|check\w*|status|history)\b", re.I)


@evaluator("exclusion_absent")
def exclusion_absent(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Exclusion: met unless an excluding finding is documented present (not history)."""
    present = [m for m in view.find(concepts=p["concepts"], assertions={"present"})
               if (not cue("therapy_success").search(m.sentence) or "active" in m.sentence.lower())
               and not _NOT_A_FINDING.match(m.document.text, m.end)]
    present = [m for m in present if not re.search(r"\b(?:resolved|resolution|history of|hx|remote|prior|previous|past|treated|risks?|complications?|counsel\w*|prophylaxis|no recurrence)\b", m.sentence, re.I)]
    label = p.get("label", "excluding condition")
    if present:
        support = _mention_evidence(view, p.get("support_concepts", []), ("present",)) if p.get("support_concepts") else []
        screen = _sentences(view, cue(p["support_cue"]), list({m.document.id: m.document for m in present}.values())) if p.get("support_cue") else []
        return Outcome("not_met", f"Active {label} documented.").cite(_prefer(present)[:5] + support[:2] + screen, 8)
    negated = view.find(concepts=p["concepts"], assertions={"negated", "historical"})
    support = _mention_evidence(view, p.get("support_concepts", []), ("negated",)) if p.get("support_concepts") else []
    screen = [e for e in _sentences(view, cue(p["support_cue"])) if not re.search(r"\bactive\b(?! or)", e.quote, re.I) or "no active" in e.quote.lower()] if p.get("support_cue") else []
    out = Outcome("met", f"No active {label} documented" + ("; the packet records it absent or resolved." if negated else "; the packet is silent on it."))
    return out.cite(_prefer(negated)[:4] + support[:2] + screen, 8)
