"""Measurements against thresholds (BMI, pain score) and radiographic grades."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from casebrief.facts.evidence import sentence_evidence
from casebrief.facts.mentions import CaseView
from casebrief.policy.evaluators.base import (
    Context, _fmt, _mention_evidence, _prefer, _sentences, evaluator,
)
from casebrief.policy.result import Outcome


_NOT_CURRENT = re.compile(r"\b(?:worst|best|average|avg|max(?:imum)?|min(?:imum)?|goal|target|lowest|highest|at rest)\b", re.I)


_PAST_VALUE = re.compile(r"\b(?:was|were|previous(?:ly)?|prior|initial(?:ly)?|baseline|referral|starting|down from|from|highest|max(?:imum)?|pre-?program|at (?:enrollment|intake|referral)|goal|target|ideal)\b", re.I)


def _latest(view: CaseView, kind: str, ctx: Context, exclude: re.Pattern[str] | None = None):
    items = []
    for d, m in view.measurements(kind):
        if d.date and d.date > ctx.request_date:
            continue
        s, e = view.sentence_of(d, m.start)
        if exclude and exclude.search(d.text[s:e]):
            continue
        if kind == "pain" and _NOT_CURRENT.search(d.text[max(s, m.start - 18) : m.end]):
            continue  # "worst 8/10", "at best 3/10", "goal < 3/10": not the current score
        past = kind == "bmi" and bool(_PAST_VALUE.search(d.text[max(s, m.start - 25) : m.end]))
        items.append((d.date or date.min, -m.start, d, m, past))
    if any(not i[4] for i in items):  # "BMI was 40.7 at referral" yields to a current value
        items = [i for i in items if not i[4]]
    items = [i[:4] for i in items]
    if not items:
        return None
    # latest document; within it the first value (the current one, before history)
    best_date = max(i[0] for i in items)
    same = [i for i in items if i[0] == best_date]
    _, _, d, m = max(same, key=lambda i: i[1])
    return d, m


@evaluator("measurement_threshold")
def measurement_threshold(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Latest value of a measurement against a threshold.

    params: measure, op (lt|ge), threshold; with_concepts (also required present, e.g.
    functional impairment); alternate (threshold, concepts) for 'BMI ≥ 35 with comorbidity'.
    """
    got = _latest(view, p["measure"], ctx)
    label = p.get("label", p["measure"])
    if got is None:
        return Outcome("missing", f"No {label} documented.")
    d, m = got
    ev = [sentence_evidence(d, *view.sentence_of(d, m.start), (m.start, m.end))]
    if m.derived:  # height and weight may sit in neighbouring sentences
        ev += [sentence_evidence(d, *view.sentence_of(d, m.end - 1))]
        ev += [e for e in _sentences(view, re.compile(r"\b(?:height|ht|tall)\b", re.I), [d])][:1]
    value = round(m.value, 2)
    derived = " (computed from height and weight)" if m.derived else ""
    op, thr = p["op"], p["threshold"]
    ok = value < thr if op == "lt" else value >= thr
    where = f"{label} {value:g}{derived} on {_fmt(d.date) if d.date else 'an undated note'}"
    if ok and p.get("with_concepts"):
        extra = view.find(concepts=p["with_concepts"], assertions={"present"})
        if not extra:
            return Outcome("missing", f"{where} {'<' if op == 'lt' else '≥'} {thr}, but {p.get('with_label', 'the companion finding')} is not documented.", value=value).cite(ev, 1)
        return Outcome("met", f"{where} {'<' if op == 'lt' else '≥'} {thr}; {p.get('with_label', '')} documented.", value=value).cite(ev + _prefer(extra), 6)
    if ok:
        comorb = _mention_evidence(view, alt["concepts"], ("present", "historical")) if (alt := p.get("alternate")) else []
        return Outcome("met", f"{where} {'<' if op == 'lt' else '≥'} {thr}.", value=value).cite(ev + comorb, 8)
    alt = p.get("alternate")
    if alt:
        alt_ok = value >= alt["threshold"]
        comorb = view.find(concepts=alt["concepts"], assertions={"present", "historical"})
        if alt_ok and comorb:
            names = sorted({m2.concept.replace("_", " ") for m2 in comorb})
            return Outcome("met", f"{where} ≥ {alt['threshold']} with {', '.join(names)}.", value=value).cite(ev + _prefer(comorb), 8)
        return Outcome("not_met", f"{where} < {thr}" + (" and no qualifying comorbidity documented" if alt_ok else f" (and < {alt['threshold']})") + ".", value=value).cite(ev, 2)
    return Outcome("not_met", f"{where} {'≥' if op == 'lt' else '<'} {thr}.", value=value).cite(ev, 2)
