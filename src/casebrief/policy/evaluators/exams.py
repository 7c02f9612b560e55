"""Clinical examinations and how recent the latest in-person one is."""

from __future__ import annotations

import re
from typing import Any

from casebrief.facts.mentions import CaseView
from casebrief.policy.evaluators.base import (
    Context, _fmt, _prefer, _sentences, evaluator,
)
from casebrief.policy.result import Outcome


_VIRTUAL = re.compile(r"\b(?:video visit|virtual visit|telehealth|telemedicine|tele-?visit|telephone (?:visit|encounter)|phone (?:visit|encounter)|via (?:secure )?video|e-?visit|audio[- ]only)\b", re.I)


def _virtual_visit(d) -> bool:
    """A video, telephone or portal visit: not an in-person examination."""
    head = d.text[:800]
    return bool(_VIRTUAL.search(head)) and not re.search(r"(?<!no )(?<!not )\bin[- ]person (?:visit|exam)", head, re.I)


_NO_EXAM = re.compile(r"exam(?:ination)? (?:was )?deferred|no (?:physical|hands-on|in-person|neuro\w*|formal) (?:neuro\w* )?exam|telephone (?:visit|encounter)|video visit|virtual visit|telehealth|not examined", re.I)
_LAST_EXAM = re.compile(r"last (?:in-person |office |clinic )?(?:exam|visit|office visit|examination)", re.I)


@evaluator("exam_recency")
def exam_recency(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Latest in-person exam with any of the listed elements, against a maximum age in days."""
    exams = [m for m in view.find(concepts=p["concepts"], assertions={"present", "negated"},
                                  exclude_doc_types={"fax_cover", "request_form", "imaging_report", *p.get("exclude_doc_types", [])})
             if m.document.date and m.document.date <= ctx.request_date
             and not re.search(r"\b(?:telephone|phone call|video visit|telehealth|deferred)\b", m.sentence, re.I)
             and not _virtual_visit(m.document)
             and m.section not in {"ros", "hpi", "chief_complaint", "medications", "pmh", "plan"}]
    if not exams:
        return Outcome("missing", "No documented physical or neurological examination.")
    latest = max(m.document.date for m in exams)
    age = (ctx.request_date - latest).days
    ev = _prefer([m for m in exams if m.document.date == latest])
    if age <= p["max_age_days"]:
        return Outcome("met", f"Exam on {_fmt(latest)}, {age} days before the request (≤ {p['max_age_days']}).").cite(ev, 8)
    since = [d for d in view.documents if d.date and latest < d.date <= ctx.request_date]
    why = _sentences(view, _NO_EXAM, since) + _sentences(view, _LAST_EXAM)
    return Outcome("not_met", f"Latest in-person exam on {_fmt(latest)} is {age} days before the request (> {p['max_age_days']}).").cite(why[:4] + ev, 8)
