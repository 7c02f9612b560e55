"""Prior procedures (epidural injections) and the response they gave."""

from __future__ import annotations

from datetime import date
from typing import Any

from casebrief.facts.evidence import sentence_evidence
from casebrief.facts.mentions import NON_CLINICAL, CaseView, regions_in
from casebrief.lexicon import cue
from casebrief.nlp.dates import number_value, unit_days
from casebrief.policy.evaluators.base import Context, evaluator, prefer
from casebrief.policy.result import Outcome

DAYS_PER_MONTH = 30.4
SPINE_REGIONS = {"lumbar"}
NEAR_CHARS = 30  # a date this close to the procedure's name dates it


def _prior(view: CaseView, p: dict[str, Any], ctx: Context) -> list:
    """Mentions of the procedure done before (not requested, planned or preferred)."""
    found = [
        m
        for m in view.find(concepts=p["concepts"], assertions={"present", "historical"})
        if not cue("procedures.not_a_prior_procedure").search(m.sentence)
        and m.document.type != "fax_cover"
    ]
    return [
        m
        for m in found
        if cue("procedures.prior_procedure").search(m.sentence)
        or m.document.type == "procedure_note"
        and m.document.date
        and m.document.date < ctx.request_date
    ]


def _response_sentences(view: CaseView, prior: list) -> list[tuple[Any, int, int]]:
    """Where a response is reported: a procedure note's every sentence (its addenda report the
    response), the mention's sentence and the two after it, and any sentence of those
    documents that reports relief from an injection."""
    out: list[tuple[Any, int, int]] = []
    for m in prior:
        sents = view.sentences(m.document)
        if m.document.type == "procedure_note":
            out.extend((m.document, s, e) for s, e in sents)
            continue
        idx = view.sentence_number(m.document, m.start)
        if idx is not None:
            out.extend((m.document, s, e) for s, e in sents[idx : idx + 3])
    for d in view.documents:  # a nurse's call or a form may report relief without naming the ESI
        if d.type in NON_CLINICAL:
            continue
        for s, e in view.sentences(d):
            sent = d.text[s:e]
            named = regions_in(sent)
            if (
                cue("procedures.injection_words").search(sent)
                and cue("procedures.relief_words").search(sent)
                and (not named or named & SPINE_REGIONS)
            ):
                out.append((d, s, e))
    return out


def _one_procedure(view: CaseView, prior: list) -> bool:
    """Whether the packet's prior procedures are one procedure: its mentions name at most one
    day.  Two accounts of one injection's relief that disagree are a contradiction; accounts of
    two injections are two facts (the first may have helped, the second not)."""
    days = set()
    for m in prior:
        near = [
            dm
            for dm in view.dates_in(m.document, m.sent_start, m.sent_end)
            if dm.precision == "day"
            and min(abs(dm.start - m.end), abs(m.start - dm.end)) <= NEAR_CHARS
            and (m.document.date is None or dm.value <= m.document.date)
        ]
        if near:  # the date written next to the procedure's name is its date
            days.add(
                min(near, key=lambda dm: min(abs(dm.start - m.end), abs(m.start - dm.end))).value
            )
        elif m.document.type == "procedure_note" and m.document.date:
            days.add(m.document.date)
    return len(days) <= 1


@evaluator("prior_procedure_response")
def prior_procedure_response(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Conditional: only when a prior procedure is documented; its relief % and duration."""
    prior = _prior(view, p, ctx)
    if not prior:
        return Outcome("not_applicable", ctx.say("no_prior"))
    conditional = cue("common.conditional")
    reliefs = []
    for d, s, e in _response_sentences(view, prior):
        sent = d.text[s:e]
        for mm in d.doc._.measurements:
            if mm.kind == "relief_percent" and s <= mm.start < e and not conditional.search(sent):
                reliefs.append((d, s, e, mm.value))
        if cue("procedures.no_relief").search(sent) and not conditional.search(sent):
            reliefs.append((d, s, e, 0.0))
    if not reliefs:
        return Outcome("missing", ctx.say("response_missing")).cite(prefer(prior), 2)
    d, s, e, pct = max(reliefs, key=lambda r: r[3])
    low = [r for r in reliefs if r[3] < p["min_relief_percent"] and r[0].id != d.id]
    if pct >= p["min_relief_percent"] and low and _one_procedure(view, prior):
        ld, ls, le, lpct = max(low, key=lambda r: r[0].date or date.min)
        return Outcome(
            "needs_review",
            ctx.say("disagree", percent=f"{pct:.0f}", low_percent=f"{lpct:.0f}"),
        ).cite(
            [sentence_evidence(d, s, e), sentence_evidence(ld, ls, le)]
            + [sentence_evidence(*r[:3]) for r in reliefs]
            + prefer(prior),
            5,
        )
    durs = [
        number_value(m.group("num")) * unit_days(m.group("unit"))
        for m in cue("procedures.relief_lasted").finditer(d.text[s:e])
    ]
    months = max(durs, default=0) / DAYS_PER_MONTH
    ev = [sentence_evidence(d, s, e)]
    facts = {
        "percent": f"{pct:.0f}",
        "months": f"{months:.1f}",
        "min_percent": p["min_relief_percent"],
        "min_months": p["min_months"],
    }
    if pct >= p["min_relief_percent"] and months >= p["min_months"]:
        return Outcome("met", ctx.say("enough", **facts)).cite(ev, 2)
    if pct >= p["min_relief_percent"] and not durs:
        return Outcome("missing", ctx.say("duration_missing", **facts)).cite(ev, 2)
    return Outcome("not_met", ctx.say("not_enough_for" if durs else "not_enough", **facts)).cite(
        ev, 2
    )
