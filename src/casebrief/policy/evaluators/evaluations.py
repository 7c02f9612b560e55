"""Evaluations (psychological, nutrition) and their clearance decisions."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from casebrief.facts.evidence import sentence_evidence
from casebrief.facts.mentions import CaseView, cue
from casebrief.policy.evaluators.base import (
    _DENIED_BEFORE, _PLAN_WORDS, Context, _prefer, _sentences, evaluator,
)
from casebrief.policy.result import Outcome


@evaluator("evaluation_clearance")
def evaluation_clearance(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """An evaluation with a clearance decision; contradicting decisions need review.

    A clearance sentence counts when it sits in the evaluator's own report (a document whose
    heading names the evaluation) or names the evaluation itself ("psychologically cleared").
    """
    subject = re.compile(p["subject"], re.I)
    done = view.find(concepts=p["concepts"], assertions={"present", "historical"})
    yes, no = [], []
    for d in view.documents:
        if d.type in {"fax_cover"}:
            continue
        own_report = bool(subject.search(d.text[:500])) and d.type not in {"request_form"}
        for s, e in view.sentences(d):
            sent = d.text[s:e]
            if not own_report and not subject.search(sent):
                continue
            if cue("clearance_no").search(sent):
                no.append((d.date or date.min, sentence_evidence(d, s, e)))
            elif cue("clearance_yes").search(sent) and not re.search(r"\b(?:if|once|until|pending|will|would)\b", sent, re.I):
                yes.append((d.date or date.min, sentence_evidence(d, s, e)))
    if yes and no:
        ydocs = {ev.document.id for _, ev in yes}
        ndocs = {ev.document.id for _, ev in no}
        if ydocs != ndocs:
            return Outcome("needs_review", "One document clears the patient, another does not.").cite(
                [max(yes, key=lambda t: t[0])[1], max(no, key=lambda t: t[0])[1]] + [ev for _, ev in no + yes], 4)
    if no and (not yes or max(t[0] for t in no) >= max(t[0] for t in yes)):
        return Outcome("not_met", "The evaluation documents that the patient was not cleared.").cite([ev for _, ev in no], 3)
    if yes:
        return Outcome("met", "Evaluation with clearance documented.").cite([ev for _, ev in sorted(yes, key=lambda t: t[0], reverse=True)] + _prefer(done), 3)
    pending = view.find(concepts=p["concepts"], assertions={"hypothetical"})
    return Outcome("missing", "No completed evaluation with a clearance decision is documented" + (" (only a referral or scheduled visit)." if pending else "."))


@evaluator("evaluation_done")
def evaluation_done(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    done = [m for m in view.find(concepts=p["concepts"], assertions={"present", "historical"})
            if not re.search(r"\b(?:refer|referral|schedul|appointment|will see|will be|to be|pending|to see|recommend|not yet|book|once|awaiting|request|vacant|not an?)\b", m.sentence, re.I)
            and not cue("not_done").search(m.sentence)
            and not _DENIED_BEFORE.search(m.document.text[max(m.sent_start, m.start - 40) : m.start])]
    if done:
        docs = {m.document.id: m.document for m in done}
        extra = [e for e in _sentences(view, cue(p["support_cue"]), list(docs.values())) if not _PLAN_WORDS.search(e.quote)] if p.get("support_cue") else []
        return Outcome("met", f"{p.get('label', 'Evaluation')} documented.").cite(_prefer(done)[:3] + extra, 8)
    return Outcome("missing", f"No completed {p.get('label', 'evaluation').lower()} in the packet.")
