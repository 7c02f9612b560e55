"""Imaging studies: prior studies in a window, findings that explain symptoms."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from casebrief.facts.evidence import sentence_evidence
from casebrief.facts.mentions import CaseView, Mention, cue, regions_in
from casebrief.policy.evaluators.base import (
    Context, _affirmed, _fmt, _prefer, _sentences, evaluator,
)
from casebrief.policy.result import Outcome


_FACILITY = re.compile(r"\b(?:imaging|radiology|center|centre|open mri|diagnostic|associates|llc|inc)\b", re.I)
_NOT_A_STUDY = re.compile(r"\b(?:re:|cpt|requests?|request(?:ed|ing)?|to rule out|r/o|evaluate for|prior auth\w*|authori[sz]ation|precert\w*|order(?:ed)?|member|units|schedul\w*|pending|will obtain|to obtain|referral|if|would|consider|recommend\w*|may need|should|site|facility|location|in[- ]network|open mri)\b", re.I)


def _near_regions(m: Mention, width: int = 45) -> set[str]:
    """Body regions named close to a mention (falls back to its sentence)."""
    text = m.document.text
    near = set(regions_in(text[max(m.sent_start, m.start - width) : min(m.sent_end, m.end + width)]))
    if {"cervical", "thoracic", "knee", "shoulder", "hip"} & near:
        near.discard("lumbar")  # "mid-back"/"neck" beside the study name beats a stray "back"
    return near or set(regions_in(m.sentence))


def _imaging_mentions(view: CaseView, modalities: list[str], region: str | None, assertions: set[str]) -> list[Mention]:
    out = []
    for m in view.find(concepts=modalities, assertions=assertions, exclude_doc_types={"fax_cover"}):
        line_start = m.document.text.rfind("\n", 0, m.start) + 1
        line_end = m.document.text.find("\n", m.end)
        line = m.document.text[line_start : line_end if line_end >= 0 else None]
        if line.strip().isupper() and _FACILITY.search(line) and not re.search(r"\b(?:lumbar|spine|knee|l-spine)\b", line, re.I):
            continue  # letterhead of an imaging centre, not a study
        named = _near_regions(m)
        if region and named and region not in named:
            continue
        if region and not named and not (m.document.type == "imaging_report" and view.on_region(m, region)):
            continue
        out.append(m)
    return out


def _imaging_date(view: CaseView, m: Mention) -> date | None:
    """The date written next to a study mention; an imaging report's own date; else unknown."""
    text = m.document.text
    ds = [d for d in view.dates_in(m.document, m.sent_start, m.sent_end)
          if not re.search(r"\b(?:dob|birth|since|onset)\b\W*$", text[max(m.sent_start, d.start - 12) : d.start], re.I)]
    near = [d for d in ds if min(abs(d.start - m.end), abs(m.start - d.end)) <= 60]
    if near:
        return min(near, key=lambda d: min(abs(d.start - m.end), abs(m.start - d.end))).value
    if m.document.type == "imaging_report":
        return m.document.date
    return None


@evaluator("no_recent_imaging")
def no_recent_imaging(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Exclusion: no study of this modality and region in the window unless new symptoms since."""
    window = timedelta(days=p["window_days"])
    prior = []
    for m in _imaging_mentions(view, p["modalities"], p.get("region"), {"present", "historical"}):
        if _NOT_A_STUDY.search(m.sentence):
            continue
        when = _imaging_date(view, m)
        if when and ctx.request_date - window <= when < ctx.request_date:
            prior.append((when, m))
    if prior:
        when, m = max(prior, key=lambda t: t[0])
        later = [d for d in view.documents if d.date and d.date > when]
        news = [e for e in view.sentences_matching(cue("new_symptoms"), later) if _affirmed(cue("new_symptoms"), e.quote)]
        if news:
            return Outcome("met", f"Lumbar MRI on {_fmt(when)} is within {p['window_days']} days, but new or worsening symptoms are documented since.").cite([m.evidence()] + news[:2], 3)
        return Outcome("not_met", f"Prior study on {_fmt(when)}, {(ctx.request_date - when).days} days before the request, with nothing new documented since.").cite([m.evidence()], 3)
    negated = _prefer([m for m in _imaging_mentions(view, p["modalities"], p.get("region"), {"negated"})])
    old = [m.evidence() for m in _imaging_mentions(view, p["modalities"], p.get("region"), {"present", "historical"})
           if (w := _imaging_date(view, m)) and w < ctx.request_date - window]
    stated = _sentences(view, re.compile(r"\bno (?:prior|previous|recent|other|advanced)?\s*(?:lumbar |spine |back )?(?:mri|imaging|advanced imaging|studies)\b|\bno (?:lumbar|spine|back) (?:mri|imaging)", re.I))
    return Outcome("met", "No prior study of this region in the window is documented" + (" (the packet says so explicitly)." if negated or stated else ".")).cite(negated + stated + old, 4)


@evaluator("imaging_findings")
def imaging_findings(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Cross-sectional imaging of the region showing a qualifying finding."""
    studies = _imaging_mentions(view, p["modalities"], p.get("region"), {"present", "historical"})
    studies = [m for m in studies if not _NOT_A_STUDY.search(m.sentence)]
    report_docs = {d.id for d in view.documents if d.type == "imaging_report" and re.search(p["report_title"], d.text[:600], re.I)}
    study_sentences = {(m.document.id, m.sent_start) for m in studies}
    study_docs = report_docs | {m.document.id for m in studies}
    # a finding counts in an MRI/CT report, or in a sentence that names the study ("MRI shows ...");
    # "clinically consistent with disc herniation" in an assessment is a diagnosis, not imaging
    findings = [m for m in view.find(concepts=p["findings"], assertions={"present"})
                if m.document.id in report_docs or (m.document.id, m.sent_start) in study_sentences]
    findings = [m for m in findings if not regions_in(m.sentence) or p.get("region") in regions_in(m.sentence) or not p.get("region")]
    if findings:
        return Outcome("met", "Imaging shows " + ", ".join(sorted({m.text.lower() for m in findings})[:4]) + ".").cite(_prefer(findings), 6)
    if study_docs:
        normal = view.find(concepts=p.get("normal_findings", []), assertions={"present"})
        neg = [m for m in view.find(concepts=p["findings"], assertions={"negated"}) if m.document.id in study_docs]
        return Outcome("not_met", "Imaging of the region is documented but shows no qualifying pathology.").cite(_prefer(neg + normal) + [m.evidence() for m in studies[:1]], 6)
    xr = _imaging_mentions(view, p.get("insufficient_modalities", []), p.get("region"), {"present", "historical"}) if p.get("insufficient_modalities") else []
    if xr:
        return Outcome("not_met", "Only plain radiographs are documented; MRI or CT is required.").cite(_prefer(xr), 2)
    return Outcome("missing", "No MRI or CT report of the region in the packet.")


@evaluator("severity_grade")
def severity_grade(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Radiographic severity from a grade measurement or severity wording."""
    grades = view.measurements(p["measure"])
    high = [(d, m) for d, m in grades if m.value >= p["min_grade"]]
    severe = view.find(concepts=p["severe_concepts"], assertions={"present"})
    severe = [m for m in severe if view.on_region(m, p.get("region"))]
    if high or severe:
        ev = [sentence_evidence(d, *view.sentence_of(d, m.start), (m.start, m.end)) for d, m in high] + _prefer(severe)
        g = max((m.value for _, m in high), default=None)
        return Outcome("met", "Advanced disease on imaging" + (f": grade {g:.0f}" if g is not None else "") + ".").cite(ev, 6)
    low = [(d, m) for d, m in grades if m.value < p["min_grade"]]
    mild = view.find(concepts=p["mild_concepts"], assertions={"present"})
    if low or mild:
        ev = [sentence_evidence(d, *view.sentence_of(d, m.start), (m.start, m.end)) for d, m in low] + _prefer(mild)
        return Outcome("not_met", "Imaging shows only mild changes.").cite(ev, 6)
    return Outcome("missing", "No imaging report with a severity grade in the packet.")
