"""Clinical examinations and how recent the latest in-person one is."""

from __future__ import annotations

from typing import Any

from casebrief.facts.mentions import CaseView
from casebrief.lexicon import cue
from casebrief.policy.evaluators.base import Context, evaluator, fmt_date, prefer
from casebrief.policy.result import Outcome

NOT_EXAM_DOCS = {"fax_cover", "request_form", "imaging_report"}
NOT_EXAM_SECTIONS = {
    "ros",
    "hpi",
    "chief_complaint",
    "medications",
    "pmh",
    "plan",
}  # history, not examination


def virtual_visit(d) -> bool:
    """A video, telephone or portal visit: not an in-person examination."""
    head = d.text[:800]
    return bool(cue("exams.virtual_visit").search(head)) and not cue("exams.in_person").search(head)


@evaluator("exam_recency")
def exam_recency(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Latest in-person exam with any of the listed elements, against a maximum age in days."""
    exams = [
        m
        for m in view.find(
            concepts=p["concepts"],
            assertions={"present", "negated"},
            exclude_doc_types=NOT_EXAM_DOCS | set(p.get("exclude_doc_types", [])),
        )
        if m.document.date
        and m.document.date <= ctx.request_date
        and not cue("exams.remote_sentence").search(m.sentence)
        and not virtual_visit(m.document)
        and m.section not in NOT_EXAM_SECTIONS
    ]
    if not exams:
        return Outcome("missing", ctx.say("missing"))
    latest = max(m.document.date for m in exams)
    age = (ctx.request_date - latest).days
    ev = prefer([m for m in exams if m.document.date == latest])
    facts = {"date": fmt_date(latest), "age": age, "max_age_days": p["max_age_days"]}
    if age <= p["max_age_days"]:
        return Outcome("met", ctx.say("recent", **facts)).cite(ev, 8)
    since = [d for d in view.documents if d.date and latest < d.date <= ctx.request_date]
    why = view.sentences_matching(cue("exams.no_exam"), since) + view.sentences_matching(
        cue("exams.last_exam")
    )
    return Outcome("not_met", ctx.say("too_old", **facts)).cite(why[:4] + ev, 8)
