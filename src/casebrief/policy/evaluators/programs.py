"""Supervised programs (weight management) and how long they ran."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from casebrief.facts.evidence import Evidence, sentence_evidence
from casebrief.facts.mentions import CaseView, cue
from casebrief.policy.evaluators.base import (
    Context, _fmt, _sentences, evaluator,
)
from casebrief.policy.result import Outcome


_WEIGHT_VALUE = re.compile(r"\b(?:weight|wt)\b\s*:?\s*\d{2,3}(?:\.\d)?\s*(?:lb|lbs|kg)?", re.I)
_LOG_ROW = re.compile(r"\s*\|?\s*(?:(?:visit\s*)?\d{1,2}\s*[-|.)]?\s+)?\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b[^\n]{0,40}?\b[1-4]\d{2}(?:\.\d)?\b", re.I)
_NOT_PROGRAM_VISIT = re.compile(r"\b(?:consult\w*|scheduled|appointment|appt|surgical|surgeon|rd visit|dietitian|nutrition|psych\w*|referr\w*|next visit|return)\b", re.I)
_PROGRAM_SUPPORT = re.compile(r"\bweight\s*:?\s*\d{2,3}(?:\.\d)?\s*(?:lb|lbs|kg)\b|\b(?:enroll\w*|program (?:start|entry|began|completion|completed)|start date|completed \w+ months?|months? of (?:a )?(?:medically )?supervised|visits? (?:attended|kept|completed)|\d+ of \d+ (?:scheduled )?(?:monthly )?visits)\b", re.I)


@evaluator("program_duration")
def program_duration(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Months of a supervised program in the window, from its visit dates or a stated length."""
    window_start = ctx.request_date - timedelta(days=p["window_days"])
    mentions = [m for m in view.find(concepts=p["concepts"], assertions={"present", "historical"})]
    program_docs = {m.document.id for m in mentions} | {
        d.id for d in view.documents if re.search(p["doc_title"], d.text[:400], re.I)}
    # Visit dates, best source first: the program's own visit log (rows: a date then a weight),
    # then sentences about program visits/weights.  A consult, a scheduled or RD visit is not a
    # program visit.
    log_dates: list[date] = []
    log_ev: list[Evidence] = []
    other_dates: list[date] = []
    other_ev: list[Evidence] = []
    for d in view.documents:
        if d.id not in program_docs:
            continue
        for s, e in view.sentences(d):
            sent = d.text[s:e]
            is_row = bool(_LOG_ROW.match(sent))
            if not is_row and not re.search(r"\b(?:weights?|wt|visits?|lbs?|kg|bmi|weigh[- ]?ins?|sessions?)\b", sent, re.I):
                continue
            if not is_row and _NOT_PROGRAM_VISIT.search(sent):
                continue
            row_dates = view.dates_in(d, s, e)
            for dm in (row_dates[:1] if is_row else row_dates):  # a log row is dated by its first cell
                if dm.precision == "day" and window_start <= dm.value <= ctx.request_date and not re.search(r"\b(?:dob|birth)\b", d.text[max(s, dm.start - 15):dm.start], re.I):
                    (log_dates if is_row else other_dates).append(dm.value)
                    (log_ev if is_row else other_ev).append(sentence_evidence(d, s, e, (dm.start, dm.end)))
    if len(set(log_dates)) >= 2:
        visit_dates, ev = log_dates, log_ev + other_ev
    else:
        visit_dates, ev = log_dates + other_dates, log_ev + other_ev
    claims = []
    for evs in view.sentences_matching(cue("program_claim")):
        if re.search(r"\b(?:needs?|to complete|will|must|required?|requirement|goal|plan(?:s|ned)?|pending|should)\b", evs.quote, re.I):
            continue  # "needs to complete 6 months of supervised program": a requirement, not a record
        hit = cue("program_claim").search(evs.document.text, evs.start, evs.end)
        dated = [dm.value for dm in view.dates_in(evs.document, hit.end(), min(evs.end, hit.end() + 80))]
        if dated and dated[0] < window_start:
            continue  # a program completed before the window ("a 6-month program ... in 2024")
        m = cue("program_claim").search(evs.quote)
        n = m.group("n") or m.group("n2")
        words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
        claims.append((float(words.get(n.lower(), n) if not n.replace(".", "").isdigit() else n), evs))
    computed = None
    if len(set(visit_dates)) >= 2:
        computed = round((max(visit_dates) - min(visit_dates)).days / 30.4, 1)
    need = p["min_months"]
    if computed is None and not claims:
        return Outcome("missing", "No medically supervised weight-loss program documented in the window." if mentions else "No supervised program documented.")
    if computed is not None and claims:
        claim_val, claim_ev = max(claims, key=lambda c: c[0])
        if (claim_val >= need) != (computed >= need):
            return Outcome("needs_review", f"Program length stated as {claim_val:g} months, but its visit dates span {computed} months.", value=computed).cite([claim_ev] + ev[:2], 3)
    if computed is not None:
        first, last = min(visit_dates), max(visit_dates)
        rat = f"Program visits {_fmt(first)}→{_fmt(last)} = {(last - first).days} days = {computed} months"
        status = "met" if computed >= need else "not_met"
        docs = [d for d in view.documents if d.id in program_docs]
        support = _sentences(view, _PROGRAM_SUPPORT, docs)
        first_last = [e for e in ev if any(dm.value in (first, last) for dm in view.dates_in(e.document, e.start, e.end))]
        claim_evs = [c[1] for c in claims]
        # the weight recorded at the first and last visits (often the line after the visit heading)
        weights = []
        for e in first_last:
            if len(weights) >= 4:
                break
            sents = view.sentences(e.document)
            idx = next((i for i, (a, b) in enumerate(sents) if a <= e.start < b), None)
            if idx is not None:
                weights += [sentence_evidence(e.document, a, b) for a, b in sents[idx : idx + 4] if _WEIGHT_VALUE.search(e.document.text, a, b)][:1]
        return Outcome(status, f"{rat} {'≥' if status == 'met' else '<'} {need}.", value=computed).cite(first_last[:2] + weights + claim_evs[:2] + support[:4] + ev, 10)
    claim_val, claim_ev = max(claims, key=lambda c: c[0])
    status = "met" if claim_val >= need else "not_met"
    return Outcome(status, f"Program stated as {claim_val:g} months ({'≥' if status == 'met' else '<'} {need}).", value=claim_val).cite([claim_ev], 2)
