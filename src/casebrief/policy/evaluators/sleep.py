"""Sleep medicine: diagnostic AHI, face-to-face evaluation, device adherence, re-evaluation."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from casebrief.documents.classify import title_like as _title_like
from casebrief.facts.adherence import table_adherence
from casebrief.facts.evidence import sentence_evidence
from casebrief.facts.mentions import CaseView, cue
from casebrief.policy.evaluators.base import (
    _PLAN_WORDS, Context, _affirmed, _fmt, _prefer, _sentences, evaluator,
)
from casebrief.policy.result import Outcome


_STUDY_TITLE = re.compile(r"polysomnogra|sleep (?:study|test)|home sleep|\bhsat\b|\bhst\b|\bpsg\b|split[- ]night|watchpat|out[- ]of[- ]cent(?:er|re)|sleep (?:lab|center|centre) report|interpretation", re.I)


def _is_study_report(d) -> bool:
    """A sleep-test report (not a note that quotes a test's result): titled as a study near its
    top, with an AHI/RDI in it."""
    head = [ln for ln in d.text.splitlines() if ln.strip()][:6]
    if not any(mm.kind == "ahi" for mm in d.doc._.measurements):
        return False
    return any(_STUDY_TITLE.search(ln) and _title_like(ln) for ln in head) and not re.search(
        r"\b(?:compliance|download|usage report|follow[- ]?up|visit|consult\w*|progress note|results review|new patient|encounter)\b", "\n".join(head), re.I)


def _row_date(view: CaseView, d, offset: int) -> list:
    """The date that heads a table row or a dated entry ("2026-01-27  HSAT ...:" then its values)."""
    line_start = d.text.rfind("\n", 0, offset) + 1
    line = d.text[line_start : d.text.find("\n", offset) if d.text.find("\n", offset) >= 0 else len(d.text)]
    ds = [x for x in d.doc._.dates if line_start <= x.start < line_start + len(line)]
    if ds and not d.text[line_start : ds[0].start].strip():
        return ds[:1]  # the line starts with its date
    prev_end = line_start - 1
    prev_start = d.text.rfind("\n", 0, max(prev_end, 0)) + 1
    prev = d.text[prev_start:prev_end]
    ds = [x for x in d.doc._.dates if prev_start <= x.start < prev_end]
    if ds and not d.text[prev_start : ds[0].start].strip() and prev.rstrip().endswith(":"):
        return ds[:1]  # a dated heading line ending in ':' with the values below
    return []


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
        window = d.text[max(s, m.start - 60) : min(e, m.end + 30)]  # within its own sentence
        report = _is_study_report(d)
        if cue("residual_ahi").search(window) or (cue("residual_ahi").search(sent) and not report):
            continue
        if re.search(r"\b(?:supine|rem|non-?supine|nrem|lateral|prone|central|cai|oai|obstructive apnea index)\b", d.text[max(s, m.start - 25) : m.start], re.I):
            continue
        near = [x for x in view.dates_in(d, s, e) if abs(x.start - m.start) <= 60] or _row_date(view, d, m.start)
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


_FOUR_HOURS = re.compile(r"(?:>=|≥|>|at least|over|more than)\s*4\s*(?:h|hrs?|hours)\b|\b4\+\s*(?:h|hrs?|hours)\b|\b4\s*(?:h|hrs?|hours)\s*(?:or more|\+)", re.I)


def _cpap_start(view: CaseView, *, day_only: bool = True) -> date | None:
    """The date therapy started: the date nearest after a set-up/start cue ("Set-up date 04/14/2026")."""
    starts = []
    for ev in view.sentences_matching(cue("cpap_start")):
        hit = cue("cpap_start").search(ev.document.text, ev.start, ev.end)
        ds = [x for x in view.dates_in(ev.document, ev.start, ev.end) if x.start >= hit.start() and (x.precision == "day" or not day_only)]
        if ds:
            starts.append(min(ds, key=lambda x: x.start - hit.end()).value)
    return min(starts) if starts else None


def _after_first_90(view: CaseView, d, offset: int, start: date) -> bool:
    """A value whose own period (a date range on its line) begins after day 90 of therapy."""
    line_start = d.text.rfind("\n", 0, offset) + 1
    line_end = d.text.find("\n", offset)
    ds = [x.value for x in d.doc._.dates if line_start <= x.start < (line_end if line_end >= 0 else len(d.text)) and x.precision == "day"]
    return bool(ds) and min(ds) > start + timedelta(days=90)


@evaluator("device_adherence")
def device_adherence(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    def stated_threshold(d, m) -> bool:  # "(>= 4 h on >= 70% of nights)" states the rule, not the patient's use
        s, e = view.sentence_of(d, m.start)
        pos = d.text.find(f"{m.value:g}", m.start, m.end)
        before = d.text[max(s, pos - 40) : pos]
        if re.search(r"\b(?:leak|pressure|percentile|pct|95th|90th)\b[^%\n]{0,12}$", before, re.I):
            return True  # "Leak 95% (L/min)", "95th percentile pressure": not usage
        if re.search(r"(?:>=|≥|>|at least)\s*4\s*(?:h|hrs?|hours)(?:\s*(?:/|per|a)\s*night)?\s+on\s*(?:>=|≥|at least)?\s*$", before, re.I):
            return True  # "(>= 4 h on 70% of nights ...)": the rule, not the patient's use
        return bool(re.search(r"(?:>=|≥|>|at least|minimum of)\s*$", d.text[max(s, pos - 12) : pos], re.I)) or bool(
            re.search(r"\b(?:criteri|requirement|required|must|policy|guideline|defined as|threshold)", d.text[s:e], re.I))

    pct = [(d, m, m.value) for d, m in view.measurements("cpap_pct_nights") if not stated_threshold(d, m)]
    pct += [(d, m, round(100 * m.value / (m.extra or 30), 1)) for d, m in view.measurements("cpap_nights_ratio")
            if _FOUR_HOURS.search(d.text[max(0, m.start - 45) : m.end + 25])]  # "days used 29/30" is any use, not >= 4 h
    start = _cpap_start(view)
    if start is not None:  # only periods within the first 3 months of therapy count
        pct = [t for t in pct if not _after_first_90(view, t[0], t[1].start, start)]
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
    start = _cpap_start(view, day_only=False)
    day_rx = re.compile(r"\bday\s*#?\s*(\d{1,3})\b(?:\s*(?:of|on)\s*(?:therapy|cpap|pap|treatment))?", re.I)
    visits = [d for d in view.documents if d.date and (d.type in {"office_note", "letter"} or (
        d.type not in {"fax_cover", "request_form", "imaging_report"} and re.search(r"\b(?:follow[- ]?up|office visit|returns|seen today|re-?evaluation)\b", d.text[:600], re.I)))]
    candidates = []
    for d in visits:
        if re.search(r"\b(?:phone|telephone|respiratory therapist|rt call)\b", d.text[:500], re.I):
            continue
        if d.type == "letter" and (re.search(r"\b(?:request for|continued coverage|authori[sz]ation|to whom it may concern)\b", d.text[:600], re.I)
                                   or not re.search(r"\b(?:i saw|we saw|seeing (?:him|her|mr|mrs|ms)|was seen|seen (?:today|in clinic|in the office)|in clinic today|examined|returns?|returned|follow[- ]?up (?:visit|appointment)|at (?:his|her|today's) visit|today)\b", d.text, re.I)):
            continue  # a coverage letter is not a re-evaluation visit
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
