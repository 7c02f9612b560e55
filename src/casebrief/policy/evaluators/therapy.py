"""Conservative therapy: weeks in the window, kinds of treatment, response, contradictory claims."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from casebrief.facts.evidence import Evidence, sentence_evidence
from casebrief.facts.mentions import CaseView, cue, regions_in
from casebrief.facts.therapy import MODALITY_GROUPS, Episode, episodes, union_days
from casebrief.policy.evaluators.base import (
    _PLAN_WORDS, Context, _fmt, _mention_evidence, _sentences, evaluator,
)
from casebrief.policy.result import Outcome


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


_VISIT_SUMMARY = re.compile(r"\b(?:\d+\s+(?:of\s+\d+\s+)?(?:scheduled\s+)?(?:visits?|sessions?|treatments?)|visits?\s*(?:attended|#|:)|attended\s+\d+|episode(?:\s+of\s+care)?\s*:|dates?\s+of\s+service|soc\s*:|start of care|treatment provided)\b", re.I)


def _about_region(view: CaseView, d, region: str | None) -> bool:
    if not region:
        return True
    counts = view.doc_regions(d)
    return counts.get(region, 0) >= max(counts.values()) or counts.get(region, 0) >= 3


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
    concepts = [c for g in groups for c in MODALITY_GROUPS[g]]
    therapy_docs = [d for d in view.documents if (d.type == "therapy_note" or any(ep.evidence and ep.evidence[0].document is d for ep in eps))
                    and _about_region(view, d, region)]
    # what a reviewer reads first: the dated episodes, the therapy notes' own visit summaries,
    # and what the packet says was *not* done
    summaries = [e for e in _sentences(view, _VISIT_SUMMARY, therapy_docs)
                 if not _PLAN_WORDS.search(e.quote) and (not region or not regions_in(e.quote) or region in regions_in(e.quote))]
    evidence = (_round_robin(eps)[:12] + summaries[:3]
                + _mention_evidence(view, concepts, ("negated",))[:3])
    conflict = _attendance_conflict(view, episodes(view, groups, region, include_superseded=True), int(min_weeks * 7))
    if conflict:
        return Outcome("needs_review", rationale + "; but another document says the therapy stopped early — the packet contradicts itself.",
                       value=weeks).cite(conflict, 4)
    out = Outcome("met", "", value=weeks).cite(evidence, 18)
    if weeks < min_weeks:
        out.status = "not_met"
        out.rationale = f"{rationale} < {min_weeks}."
        return out.cite(_mention_evidence(view, concepts, ("negated",)), 20)
    classes = p.get("modality_classes") or {g: [g] for g in groups}
    used_classes = sorted({c for c, members in classes.items() if set(members) & set(used)})
    if p.get("min_modalities") and len(used_classes) < p["min_modalities"]:
        out.status = "not_met"
        out.rationale = (f"{rationale} ≥ {min_weeks}, but only {len(used_classes)} kind of treatment "
                         f"({', '.join(c.replace('_', ' ') for c in used_classes)}); {p['min_modalities']} required.")
        return out.cite(_mention_evidence(view, concepts, ("negated",)), 20)
    if p.get("require_inadequate_response"):
        resp = _response(view, region)
        if resp.status == "not_met":
            out.status = "not_met"
            out.rationale = f"{rationale} ≥ {min_weeks}, but the record says symptoms improved."
            return out.cite(resp.evidence, 20)
        out.cite(resp.evidence[:4], 20)
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
