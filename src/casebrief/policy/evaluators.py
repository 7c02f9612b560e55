"""Generic criterion evaluators, registered by name and parameterized by policy files.

Each evaluator answers one *kind* of question a coverage criterion asks (is a finding
documented present?  how many weeks of therapy in the window?  what is the latest value of
a measurement?  was an evaluation done before a test?).  Policies choose the evaluator and
set its parameters; nothing here names a policy.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, Callable

from casebrief.documents.classify import title_like as _title_like
from casebrief.facts.adherence import table_adherence
from casebrief.facts.evidence import Evidence, sentence_evidence
from casebrief.facts.mentions import CaseView, Mention, cue, regions_in
from casebrief.facts.therapy import MODALITY_GROUPS, Episode, episodes, union_days
from casebrief.nlp.dates import NUM, UNIT, _num, unit_days
from casebrief.policy.result import Outcome

Evaluator = Callable[[CaseView, dict[str, Any], "Context"], Outcome]
EVALUATORS: dict[str, Evaluator] = {}


class Context:
    """What an evaluator may know beyond the facts: the request."""

    def __init__(self, request_date: date, request_type: str) -> None:
        self.request_date = request_date
        self.request_type = request_type


def evaluator(name: str) -> Callable[[Evaluator], Evaluator]:
    def deco(fn: Evaluator) -> Evaluator:
        EVALUATORS[name] = fn
        return fn

    return deco


def _fmt(d: date) -> str:
    return d.isoformat()


def _prefer(ms: list[Mention]) -> list[Evidence]:
    """Evidence from mentions, latest documents first, one per sentence."""
    seen = set()
    out = []
    for m in sorted(ms, key=lambda m: (m.document.date or date.min), reverse=True):
        key = (m.document.id, m.sent_start)
        if key not in seen:
            seen.add(key)
            out.append(m.evidence())
    return out


def _sentences(view: CaseView, rx: re.Pattern[str], docs=None) -> list[Evidence]:
    return view.sentences_matching(rx, docs)


def _mention_evidence(view: CaseView, concepts, assertions=("present",), region: str | None = None, docs=None) -> list[Evidence]:
    ms = [m for m in view.find(concepts=concepts, assertions=set(assertions)) if (docs is None or m.document in docs)
          and (region is None or view.on_region(m, region))]
    return _prefer(ms)


# ---------------------------------------------------------------- findings -----
@evaluator("finding_documented")
def finding_documented(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Waiver/requirement/exclusion on concepts asserted present.

    params: concepts; historical_counts (concepts for which a personal history counts);
    against_concepts (present => not_met, e.g. axial-only pain); region; doc_types.
    """
    hist = set(p.get("historical_counts", []))
    found = [m for m in view.find(concepts=p["concepts"], assertions={"present", "historical"})
             if (m.assertion == "present" or m.concept in hist) and view.on_region(m, p.get("region"))
             and m.document.date is None or m.document.date <= ctx.request_date]
    found = [m for m in found if m.assertion == "present" or m.concept in hist]
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
            screen = _sentences(view, cue(p["screen_cue"])) if p.get("screen_cue") else []
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


# ---------------------------------------------------------------- therapy ------
def _therapy_groups(p: dict[str, Any]) -> set[str]:
    groups = set(p["modalities"])
    unknown = groups - set(MODALITY_GROUPS)
    if unknown:
        msg = f"unknown modalities {sorted(unknown)}"
        raise ValueError(msg)
    return groups


def _attendance_conflict(view: CaseView, eps: list[Episode], min_days: int) -> list[Evidence]:
    """Evidence that a therapy claimed as long was in fact abandoned early (same therapy)."""
    long_claims = [ep for ep in eps if ep.days >= min_days and ep.group in {"pt", "chiropractic"}]
    if not long_claims:
        return []
    out: list[Evidence] = []
    for group in {ep.group for ep in long_claims}:
        concepts = MODALITY_GROUPS[group]
        failures = []
        for d in view.documents:
            doc_is_therapy = d.type == "therapy_note"
            for s, e in view.sentences(d):
                if not cue("attendance_failure").search(d.text, s, e):
                    continue
                named = any(m.document is d and s <= m.start < e and m.concept in concepts for m in view.mentions)
                if named or (doc_is_therapy and not any(m.document is d and s <= m.start < e and m.category == "therapy" for m in view.mentions)):
                    failures.append(sentence_evidence(d, s, e))
        if not failures:
            continue
        fail_docs = {f.document.id for f in failures}
        claims = [ev for ep in long_claims if ep.group == group for ev in ep.evidence if ev.document.id not in fail_docs]
        if claims:
            out.extend(failures[:2] + claims[:2])
    return out


@evaluator("therapy_duration")
def therapy_duration(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Union of therapy intervals inside a window, against a minimum in weeks.

    params: modalities (groups), window_days, min_weeks, min_modalities, region,
    require_inadequate_response.
    """
    groups = _therapy_groups(p)
    region = p.get("region")
    eps = episodes(view, groups, region)
    window_start = ctx.request_date - timedelta(days=p["window_days"]) if p.get("window_days") else None
    days, merged = union_days(eps, window_start, ctx.request_date)
    weeks = round(days / 7, 1)
    used = sorted({ep.group for ep in eps if (window_start is None or ep.end >= window_start)})
    min_weeks = p["min_weeks"]
    if not eps:
        negated = _mention_evidence(view, [c for g in groups for c in MODALITY_GROUPS[g]], ("negated",))
        return Outcome("missing", "No conservative therapy documented" + (" (the packet says it was not done)." if negated else ".")).cite(negated, 4)
    spans = " ∪ ".join(f"{_fmt(s)}→{_fmt(e)}" for s, e in merged) or "no dated interval"
    if days == 0:  # only undated, one-day mentions: nothing says how long any therapy ran
        return Outcome("missing", f"Therapy is mentioned ({', '.join(g.replace('_', ' ') for g in used)}) but no dates or duration are documented.").cite(_round_robin(eps), 4)
    rationale = f"{', '.join(g.replace('_', ' ') for g in used)}: {spans} = {days} days = {weeks} weeks"
    evidence = _round_robin(eps)
    conflict = _attendance_conflict(view, episodes(view, groups, region, include_superseded=True), int(min_weeks * 7))
    if conflict:
        return Outcome("needs_review", rationale + "; but another document says the therapy stopped early — the packet contradicts itself.",
                       value=weeks).cite(conflict, 4)
    out = Outcome("met", "", value=weeks).cite(evidence, 12)
    if weeks < min_weeks:
        out.status = "not_met"
        out.rationale = f"{rationale} < {min_weeks}."
        return out.cite(_mention_evidence(view, [c for g in groups for c in MODALITY_GROUPS[g]], ("negated",)), 10)
    classes = p.get("modality_classes") or {g: [g] for g in groups}
    used_classes = sorted({c for c, members in classes.items() if set(members) & set(used)})
    if p.get("min_modalities") and len(used_classes) < p["min_modalities"]:
        out.status = "not_met"
        out.rationale = (f"{rationale} ≥ {min_weeks}, but only {len(used_classes)} kind of treatment "
                         f"({', '.join(c.replace('_', ' ') for c in used_classes)}); {p['min_modalities']} required.")
        return out.cite(_mention_evidence(view, [c for g in groups for c in MODALITY_GROUPS[g]], ("negated",)), 10)
    if p.get("require_inadequate_response"):
        resp = _response(view, region)
        if resp.status == "not_met":
            out.status = "not_met"
            out.rationale = f"{rationale} ≥ {min_weeks}, but the record says symptoms improved."
            return out.cite(resp.evidence, 10)
        out.cite(resp.evidence[:4], 12)
    out.rationale = f"{rationale} ≥ {min_weeks}."
    return out


def _round_robin(eps: list[Episode]) -> list[Evidence]:
    """Evidence for every modality used, best-dated first: one per group per round."""
    by_group: dict[str, list[Evidence]] = {}
    for ep in sorted(eps, key=lambda e: (e.kind != "dated", -e.days)):
        by_group.setdefault(ep.group, []).extend(ep.evidence)
    out: list[Evidence] = []
    while any(by_group.values()):
        for g in list(by_group):
            if by_group[g]:
                out.append(by_group[g].pop(0))
    return out


def _response(view: CaseView, region: str | None) -> Outcome:
    """Inadequate response (met) vs resolved/improved (not_met), latest document decides."""
    fail = cue("therapy_failure")
    ok = cue("therapy_success")
    by_doc: dict[str, tuple[date, list[Evidence], list[Evidence]]] = {}
    therapy_docs = {m.document.id for m in view.find(categories={"therapy"}, assertions={"present", "historical"})}
    for d in view.documents:
        if d.type in {"fax_cover", "imaging_report", "request_form"} and d.id not in therapy_docs:
            continue
        if region and d.type == "therapy_note":
            counts = view.doc_regions(d)
            if counts.get(region, 0) < max(counts.values()) and counts.get(region, 0) < 3:
                continue
        fails, oks = [], []
        for s, e in view.sentences(d):
            sent = d.text[s:e]
            if region and (named := regions_in(sent)) and region not in named:
                continue
            if ok.search(sent) and not re.search(r"\b(?:if|would|will|expect|goal)\b", sent, re.I):
                oks.append(sentence_evidence(d, s, e, ok.search(sent).span()))
            elif fail.search(sent) and _about_symptoms(sent):
                fails.append(sentence_evidence(d, s, e, fail.search(sent).span()))
        if fails or oks:
            by_doc[d.id] = (d.date or date.min, fails, oks)
    if not by_doc:
        return Outcome("missing", "The response to therapy is not documented.")
    latest = max(by_doc.values(), key=lambda t: t[0])
    _, fails, oks = latest
    all_fails = [ev for _, f, _ in by_doc.values() for ev in f]
    if fails and len(fails) >= len(oks):
        return Outcome("met", "Symptoms persist despite therapy (latest documentation).").cite(fails + all_fails, 8)
    if oks:
        return Outcome("not_met", "The latest documentation says symptoms resolved or substantially improved.").cite(oks, 4)
    return Outcome("met", "Symptoms persist despite therapy.").cite(all_fails, 8)


def _about_symptoms(sent: str) -> bool:
    return bool(re.search(r"pain|symptom|radiat|numb|tingl|sciatica|ache|discomfort|stiff|function|limit|relief|improv|better|worse|help|benefit|ODI|NRS|VAS|\d+/10", sent, re.I))


@evaluator("therapy_response")
def therapy_response(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    groups = _therapy_groups(p)
    if not episodes(view, groups, p.get("region")):
        return Outcome("missing", "No conservative therapy is documented, so no response to it is either.")
    return _response(view, p.get("region"))


# ---------------------------------------------------------------- exams --------
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


# ---------------------------------------------------------------- imaging ------
_FACILITY = re.compile(r"\b(?:imaging|radiology|center|centre|open mri|diagnostic|associates|llc|inc)\b", re.I)
_NOT_A_STUDY = re.compile(r"\b(?:re:|cpt|request(?:ed|ing)?|prior auth\w*|authori[sz]ation|precert\w*|order(?:ed)?|member|units|schedul\w*|pending|will obtain|to obtain|referral|if|would|consider|recommend\w*|may need|should|site|facility|location|in[- ]network|open mri)\b", re.I)


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


_DENIED_BEFORE = re.compile(r"\b(?:no|not|without|denies|denied|negative for|only for|if|would|should|unless|any)\b[^.;]{0,25}$", re.I)


def _affirmed(rx: re.Pattern[str], sentence: str) -> bool:
    """Some match of ``rx`` in ``sentence`` is not preceded by a negation or a condition."""
    return any(not _DENIED_BEFORE.search(sentence[max(0, m.start() - 40) : m.start()]) for m in rx.finditer(sentence))


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


# ---------------------------------------------------------------- measurements -
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
        return Outcome("not_met", f"{where} < {thr}" + (f" and no qualifying comorbidity documented" if alt_ok else f" (and < {alt['threshold']})") + ".", value=value).cite(ev, 2)
    return Outcome("not_met", f"{where} {'≥' if op == 'lt' else '<'} {thr}.", value=value).cite(ev, 2)


# ---------------------------------------------------------------- procedures ---
_RELIEF_FOR = re.compile(r"(?:last(?:ed|ing)?|for|x|×|~|about|approximately|nearly|roughly|over|only|around)\s*(?:about|approximately|~|nearly|roughly|only|around)?\s*" + NUM + r"(?:\s*(?:-|–|to)\s*\d+(?:\.\d+)?)?[\s-]*\+?\s*" + UNIT + r"\b", re.I)
_INJECTION_WORDS = re.compile(r"\b(?:injection|inj|esi|tfesi|ilesi|epidural|block|shot|snrb)\b", re.I)


@evaluator("prior_procedure_response")
def prior_procedure_response(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Conditional: only when a prior procedure is documented; its relief % and duration."""
    prior = [m for m in view.find(concepts=p["concepts"], assertions={"present", "historical"})
             if not re.search(r"\b(?:request|requesting|authori[sz]ation|precert|proceed with|schedul|plan|candidate|cpt|proposed|order|prefers?|try|wants?|would like|interested|consider|discuss)", m.sentence, re.I)
             and m.document.type not in {"fax_cover"}]
    prior = [m for m in prior if re.search(r"\b(?:prior|previous|previously|last|had|received|underwent|s/p|status post|in (?:19|20)\d\d|\d{1,2}/\d{2,4}|ago|relief|helped|gave|first|performed|done)\b", m.sentence, re.I)
             or m.document.type == "procedure_note" and m.document.date and m.document.date < ctx.request_date]
    if not prior:
        return Outcome("not_applicable", "No prior procedure of this kind is documented, so this criterion does not apply.")
    docs_sents: list[tuple[Any, int, int]] = []
    for m in prior:
        sents = view.sentences(m.document)
        if m.document.type == "procedure_note":  # its addenda report the response, anywhere in the note
            docs_sents.extend((m.document, s, e) for s, e in sents)
            continue
        idx = next((i for i, (s, e) in enumerate(sents) if s <= m.start < e), None)
        if idx is None:
            continue
        for s, e in sents[idx : idx + 3]:
            docs_sents.append((m.document, s, e))
    for m in prior:  # plus any sentence of that document that reports relief from an injection
        for s, e in view.sentences(m.document):
            if _INJECTION_WORDS.search(m.document.text, s, e) and re.search(r"relief|improv|better|benefit|helped", m.document.text[s:e], re.I):
                docs_sents.append((m.document, s, e))
    reliefs = []
    for d, s, e in docs_sents:
        for mm in d.doc._.measurements:
            if mm.kind == "relief_percent" and s <= mm.start < e and not re.search(r"\b(?:if|would|will|expect\w*|goal|hope\w*|should)\b", d.text[s:e], re.I):
                reliefs.append((d, s, e, mm.value))
        if re.search(r"\bno (?:significant |meaningful )?(?:relief|benefit|improvement)\b|did not help|without relief", d.text[s:e], re.I) \
                and not re.search(r"\b(?:if|would|will|expect\w*|hope\w*|unless|should)\b", d.text[s:e], re.I):
            reliefs.append((d, s, e, 0.0))
    if not reliefs:
        return Outcome("missing", "A prior procedure is documented, but its response (percent relief and how long it lasted) is not.").cite(_prefer(prior), 2)
    d, s, e, pct = max(reliefs, key=lambda r: r[3])
    text = d.text[s:e]
    durs = [_num(m.group("num")) * unit_days(m.group("unit")) for m in _RELIEF_FOR.finditer(text)]
    months = max(durs, default=0) / 30.4
    ev = [sentence_evidence(d, s, e)]
    if pct >= p["min_relief_percent"] and months >= p["min_months"]:
        return Outcome("met", f"Prior procedure gave {pct:.0f}% relief for {months:.1f} months (≥ {p['min_relief_percent']}% for ≥ {p['min_months']} months).").cite(ev, 2)
    if pct >= p["min_relief_percent"] and not durs:
        return Outcome("missing", f"Prior procedure gave {pct:.0f}% relief, but how long it lasted is not documented.").cite(ev, 2)
    del text
    return Outcome("not_met", f"Prior procedure gave {pct:.0f}% relief" + (f" for {months:.1f} months" if durs else "") + f"; ≥ {p['min_relief_percent']}% for ≥ {p['min_months']} months is required.").cite(ev, 2)


# ---------------------------------------------------------------- programs -----
_WEIGHT_VALUE = re.compile(r"\b(?:weight|wt)\b\s*:?\s*\d{2,3}(?:\.\d)?\s*(?:lb|lbs|kg)?", re.I)
_PLAN_WORDS = re.compile(r"\b(?:refer\w*|appt|appointment|schedul\w*|will|plan\w*|pending|requested|to be)\b", re.I)
_PROGRAM_SUPPORT = re.compile(r"\bweight\s*:?\s*\d{2,3}(?:\.\d)?\s*(?:lb|lbs|kg)\b|\b(?:enroll\w*|program (?:start|entry|began|completion|completed)|start date|completed \w+ months?|months? of (?:a )?(?:medically )?supervised|visits? (?:attended|kept|completed)|\d+ of \d+ (?:scheduled )?(?:monthly )?visits)\b", re.I)


@evaluator("program_duration")
def program_duration(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Months of a supervised program in the window, from its visit dates or a stated length."""
    window_start = ctx.request_date - timedelta(days=p["window_days"])
    mentions = [m for m in view.find(concepts=p["concepts"], assertions={"present", "historical"})]
    program_docs = {m.document.id for m in mentions} | {
        d.id for d in view.documents if re.search(p["doc_title"], d.text[:400], re.I)}
    visit_dates: list[date] = []
    ev: list[Evidence] = []
    for d in view.documents:
        if d.id not in program_docs:
            continue
        for s, e in view.sentences(d):
            sent = d.text[s:e]
            if not re.search(r"\b(?:weight|wt|visit|lbs?|kg|bmi)\b", sent, re.I):
                continue
            for dm in view.dates_in(d, s, e):
                if dm.precision == "day" and window_start <= dm.value <= ctx.request_date and not re.search(r"\b(?:dob|birth)\b", d.text[max(s, dm.start - 15):dm.start], re.I):
                    visit_dates.append(dm.value)
                    ev.append(sentence_evidence(d, s, e, (dm.start, dm.end)))
    claims = []
    for evs in view.sentences_matching(cue("program_claim")):
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


# ---------------------------------------------------------------- evaluations --
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


# ---------------------------------------------------------------- sleep / CPAP -
_STUDY_TITLE = re.compile(r"polysomnogra|sleep (?:study|test)|home sleep|\bhsat\b|\bhst\b|\bpsg\b|split[- ]night|watchpat|out[- ]of[- ]cent(?:er|re)|sleep (?:lab|center|centre) report|interpretation", re.I)


def _is_study_report(d) -> bool:
    """A sleep-test report (not a note that quotes a test's result): titled as a study near its
    top, with an AHI/RDI in it."""
    head = [ln for ln in d.text.splitlines() if ln.strip()][:6]
    if not any(mm.kind == "ahi" for mm in d.doc._.measurements):
        return False
    return any(_STUDY_TITLE.search(ln) and _title_like(ln) for ln in head) and not re.search(
        r"\b(?:compliance|download|usage report|follow[- ]?up|visit|consult\w*|progress note|results review|new patient|encounter)\b", "\n".join(head), re.I)


def _sleep_tests(view: CaseView, ctx: Context):
    """Diagnostic sleep-test AHI/RDI values: (date, document, measurement, sentence, from_report).

    Residual on-CPAP values, positional/REM sub-indices and values dated after the request
    are left out.  A value in a test report is dated by the report; a value quoted in a note
    by a date next to it, else it is undated (date.min) — a note's own date is not the test's.
    """
    out = []
    for d, m in view.measurements("ahi"):
        s, e = view.sentence_of(d, m.start)
        sent = d.text[s:e]
        window = d.text[max(0, m.start - 60) : m.end + 30]
        report = _is_study_report(d)
        if cue("residual_ahi").search(window) or (cue("residual_ahi").search(sent) and not report):
            continue
        if re.search(r"\b(?:supine|rem|non-?supine|nrem|lateral|prone|central|cai|oai|obstructive apnea index)\b", d.text[max(s, m.start - 25) : m.start], re.I):
            continue
        near = [x for x in view.dates_in(d, s, e) if abs(x.start - m.start) <= 60]
        # a value dated next to it ("2018 outside PSG (AHI 4.1/h)") keeps its own date, even in a report
        when = (min(near, key=lambda x: abs(x.start - m.start)).value if near else None) or (d.date if report else None)
        if when is None and report:  # an undated report: the first date in it that is not a birth date
            when = next((x.value for x in d.doc._.dates if x.precision == "day" and not re.search(
                r"\b(?:dob|birth)\b", d.text[max(0, x.start - 20) : x.start], re.I)), None)
        if when and when > ctx.request_date:
            continue
        out.append((when or date.min, d, m, (s, e), report))
    return out


_AHI_SUPPORT = re.compile(r"\b(?:AHI|RDI|REI|pAHI|apn(?:o)?ea[- ]hypopn(?:o)?ea index|respiratory (?:event|disturbance) index)\b|\b(?:mild|moderate|severe)\b[^.\n]{0,30}\bobstructive sleep apn", re.I)
_F2F_SUPPORT = re.compile(r"\bneck\b|epworth|\bESS\b|snor|apn(?:o)?eas?\b|gasp|sleepiness|somnolence|dozing|falls asleep|\bBMI\b|mallampati|witnessed|choking|unrefreshing", re.I)
_ADHERENCE_SUPPORT = re.compile(r"\d+\s*(?:of|/|out of)\s*(?:30|31)\s*(?:nights|days)|\d+\s*%\s*(?:of\s*)?(?:nights|days)|(?:>=|≥|at least|over|>)\s*4\s*(?:h|hrs?|hours)\b[^\n]{0,30}\d+\s*%", re.I)
_REEVAL_SUPPORT = re.compile(r"\bday\s*#?\s*\d{1,3}\b|weeks? into (?:therapy|treatment|cpap)|epworth|\bESS\b|snor|improv|benefit|resolved|\bgone\b|refreshed|better|more energy|less (?:tired|sleepy)", re.I)


@evaluator("sleep_test_ahi")
def sleep_test_ahi(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    tests = _sleep_tests(view, ctx)
    if not tests:
        return Outcome("missing", "No diagnostic sleep test with an AHI or RDI in the packet.")
    reports = [t for t in tests if t[4]] or tests  # a report beats a note quoting it
    latest = max(t[0] for t in reports)
    same = [t for t in reports if t[0] == latest]
    when, d, m, (s, e), _ = min(same, key=lambda t: t[2].start)
    ahi = m.value
    ev = [sentence_evidence(d, s, e, (m.start, m.end))] + _sentences(view, _AHI_SUPPORT, [d])
    if ahi >= p["threshold"]:
        return Outcome("met", f"AHI/RDI {ahi:g}/h on {_fmt(when)} ≥ {p['threshold']}.", value=ahi).cite(ev, 6)
    if ahi >= p["low_threshold"]:
        ess = [x for x in view.measurements("epworth") if x[1].value > 10]
        qual = [q for q in view.sentences_matching(cue("ahi_qualifying"))
                if _affirmed(cue("ahi_qualifying"), q.quote) and not re.search(
                    r"\b(?:mother|father|brother|sister|family|fhx|fh:|parent|grand\w+|aunt|uncle)\b|\bnormotensive\b", q.quote, re.I)]
        if ess or qual:
            extra = [sentence_evidence(dd, *view.sentence_of(dd, mm.start)) for dd, mm in ess[:1]] + qual[:1]
            return Outcome("met", f"AHI/RDI {ahi:g}/h ({p['low_threshold']}–{p['threshold'] - 1}) with a qualifying condition.", value=ahi).cite(ev + extra, 6)
        return Outcome("not_met", f"AHI/RDI {ahi:g}/h is {p['low_threshold']}–{p['threshold'] - 1} without a documented qualifying condition.", value=ahi).cite(ev, 6)
    return Outcome("not_met", f"AHI/RDI {ahi:g}/h < {p['low_threshold']}.", value=ahi).cite(ev, 6)


_REMOTE = re.compile(r"\b(?:phone|telephone|questionnaire|intake call|compliance report|download|e-?visit|portal|secure message|asynchronous|mychart message)\b", re.I)
_IN_PERSON = re.compile(r"in[- ]person|face[- ]to[- ]face|office visit|seen in (?:the )?(?:clinic|office)|clinic visit|new patient visit", re.I)


def _remote(d) -> bool:
    """A phone call, portal message or questionnaire: not a face-to-face evaluation."""
    head = d.text[:600]
    in_person = any(not re.search(r"\b(?:no|not|without|non)\b[\s-]*(?:\w+\s+){0,1}$", head[max(0, m.start() - 12) : m.start()], re.I)
                    for m in _IN_PERSON.finditer(head))
    return bool(_REMOTE.search(head)) and not in_person


@evaluator("evaluation_before_test")
def evaluation_before_test(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    tests = _sleep_tests(view, ctx)
    report_dates = [t[0] for t in tests if t[4] and t[0] != date.min]
    quoted_dates = [t[0] for t in tests if not t[4] and t[0] != date.min]
    study_docs = [d for d in view.documents if _is_study_report(d) and d.date]
    dates = report_dates or quoted_dates or [d.date for d in study_docs]
    test_date = max(dates) if dates else None
    test_docs = {t[1].id for t in tests if t[4]} | {d.id for d in study_docs}
    visits = [m for m in view.find(concepts=p["concepts"], assertions={"present"}, exclude_doc_types={"fax_cover", "request_form"})
              if m.document.date and m.document.id not in test_docs
              and not _remote(m.document)]
    if not visits:
        return Outcome("missing", "No face-to-face evaluation documenting OSA symptoms in the packet.")
    if test_date is None:
        return Outcome("met", "Face-to-face evaluation documenting OSA symptoms (sleep-test date not found).").cite(_prefer(visits), 3)
    before = [m for m in visits if m.document.date < test_date]
    if before:
        d0 = max(m.document.date for m in before)
        docs0 = [m.document for m in before if m.document.date == d0]
        return Outcome("met", f"Face-to-face evaluation on {_fmt(d0)}, before the sleep test on {_fmt(test_date)}.").cite(
            _prefer([m for m in before if m.document.date == d0])[:3] + _sentences(view, _F2F_SUPPORT, docs0[:1]), 8)
    return Outcome("not_met", f"The only evaluations documenting OSA symptoms are after the sleep test on {_fmt(test_date)}.").cite(_prefer(visits), 2)


def _applies(p: dict[str, Any], ctx: Context) -> bool:
    return ctx.request_type in p.get("request_types", ["continuation"])


@evaluator("device_adherence")
def device_adherence(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    def stated_threshold(d, m) -> bool:  # "(>= 4 h on >= 70% of nights)" states the rule, not the patient's use
        s, e = view.sentence_of(d, m.start)
        pos = d.text.find(f"{m.value:g}", m.start, m.end)
        before = d.text[max(s, pos - 40) : pos]
        if re.search(r"(?:>=|≥|>|at least)\s*4\s*(?:h|hrs?|hours)(?:\s*(?:/|per|a)\s*night)?\s+on\s*(?:>=|≥|at least)?\s*$", before, re.I):
            return True  # "(>= 4 h on 70% of nights ...)": the rule, not the patient's use
        return bool(re.search(r"(?:>=|≥|>|at least|minimum of)\s*$", d.text[max(s, pos - 12) : pos], re.I)) or bool(
            re.search(r"\b(?:criteri|requirement|required|must|policy|guideline|defined as|threshold)", d.text[s:e], re.I))

    pct = [(d, m, m.value) for d, m in view.measurements("cpap_pct_nights") if not stated_threshold(d, m)]
    pct += [(d, m, round(100 * m.value / (m.extra or 30), 1)) for d, m in view.measurements("cpap_nights_ratio")]
    tables = table_adherence(view)
    if not pct and not tables:
        return Outcome("missing", "No device download or adherence data in the packet.")
    best_table = max(tables, key=lambda v: v.percent) if tables else None
    if best_table is not None and (not pct or best_table.percent > max(t[2] for t in pct)):
        ev = [v.evidence for v in sorted(tables, key=lambda v: -v.percent) if v.evidence][:3]
        ev += [sentence_evidence(dd, *view.sentence_of(dd, mm.start), (mm.start, mm.end)) for dd, mm, _ in sorted(pct, key=lambda t: -t[2])]
        ev += [e for e in _sentences(view, _ADHERENCE_SUPPORT) if not _PLAN_WORDS.search(e.quote)]
        best = best_table.percent
        how = f" (download table{': ' + best_table.how if best_table.how != 'table' else ''})"
        if best >= p["min_percent_nights"]:
            return Outcome("met", f"Use ≥ 4 h on {best:g}% of nights{how} (≥ {p['min_percent_nights']}%).", value=best).cite(ev, 8)
        return Outcome("not_met", f"Best documented use ≥ 4 h is {best:g}% of nights{how} (< {p['min_percent_nights']}%).", value=best).cite(ev, 8)
    d, m, best = max(pct, key=lambda t: t[2])
    ev = [sentence_evidence(dd, *view.sentence_of(dd, mm.start), (mm.start, mm.end)) for dd, mm, _ in sorted(pct, key=lambda t: -t[2])] + [
        e for e in _sentences(view, _ADHERENCE_SUPPORT) if e.document is not d and not _PLAN_WORDS.search(e.quote)]
    if best >= p["min_percent_nights"]:
        return Outcome("met", f"Use ≥ 4 h on {best:g}% of nights (≥ {p['min_percent_nights']}%).", value=best).cite(ev, 6)
    return Outcome("not_met", f"Best documented use ≥ 4 h is {best:g}% of nights (< {p['min_percent_nights']}%).", value=best).cite(ev, 6)


@evaluator("reevaluation_window")
def reevaluation_window(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    starts = []
    for ev in view.sentences_matching(cue("cpap_start")):
        hit = cue("cpap_start").search(ev.document.text, ev.start, ev.end)
        ds = [x for x in view.dates_in(ev.document, ev.start, ev.end) if x.start >= hit.start()]
        if ds:
            starts.append(min(ds, key=lambda x: x.start - hit.end()).value)
    day_rx = re.compile(r"\bday\s*#?\s*(\d{1,3})\b(?:\s*(?:of|on)\s*(?:therapy|cpap|pap|treatment))?", re.I)
    visits = [d for d in view.documents if d.date and (d.type in {"office_note", "letter"} or (
        d.type not in {"fax_cover", "request_form", "imaging_report"} and re.search(r"\b(?:follow[- ]?up|office visit|returns|seen today|re-?evaluation)\b", d.text[:600], re.I)))]
    start = min(starts) if starts else None
    candidates = []
    for d in visits:
        if re.search(r"\b(?:phone|telephone|respiratory therapist|rt call)\b", d.text[:500], re.I):
            continue
        days = None
        m = day_rx.search(d.text)
        if start and d.date > start:
            days = (d.date - start).days
        elif m:
            days = int(m.group(1))
        if days is None or days <= 0:
            continue
        candidates.append((days, d))
    if not candidates:
        return Outcome("missing", "No face-to-face re-evaluation after starting therapy is documented.")
    inside = [(n, d) for n, d in candidates if p["min_day"] <= n <= p["max_day"]]
    if not inside:
        n, d = min(candidates, key=lambda t: abs(t[0] - p["max_day"]))
        return Outcome("not_met", f"Re-evaluation on day {n}, outside days {p['min_day']}–{p['max_day']}.").cite([sentence_evidence(d, *view.sentences(d)[0])], 1)
    n, d = inside[0]
    imp = [e for e in view.sentences_matching(cue("improvement"), [d]) if not cue("no_improvement").search(e.quote)]
    if imp:
        return Outcome("met", f"Face-to-face re-evaluation on day {n} documents improvement.").cite(imp[:3] + _sentences(view, _REEVAL_SUPPORT, [d]), 8)
    return Outcome("not_met", f"Re-evaluation on day {n} does not document that symptoms improved.").cite([sentence_evidence(d, *view.sentences(d)[0])], 1)
