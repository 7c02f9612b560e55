"""Sleep medicine: diagnostic AHI, face-to-face evaluation, device adherence, re-evaluation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from casebrief.documents.classify import record_under_cover, title_like, title_type
from casebrief.facts.adherence import checked_share, plausible_share, table_adherence
from casebrief.facts.columns import CELL_GAP
from casebrief.facts.evidence import Evidence, sentence_evidence
from casebrief.facts.mentions import CaseView
from casebrief.facts.visits import day_line, visit_lines
from casebrief.lexicon import cue
from casebrief.nlp.dates import find_dates, latest_not_after
from casebrief.policy.evaluators.base import (
    CONFLICT_DAYS,
    Context,
    affirmed,
    evaluator,
    fmt_date,
    not_planned,
    prefer,
    told_of_someone_else,
)
from casebrief.policy.evaluators.measurements import dated_values, same_day_rival
from casebrief.policy.result import Outcome

NEAR_CHARS = 60  # a date this close to an AHI dates the test
NO_F2F_DOCS = {"fax_cover", "request_form"}
NOT_VISIT_DOCS = {"fax_cover", "request_form", "imaging_report"}
FIRST_MONTHS_DAYS = 90  # adherence is judged in the first three months of therapy
PERIOD_DAYS = 30  # ... over a consecutive 30-day period
ESS_SLEEPY = 10  # an Epworth score above this is excessive daytime sleepiness


def is_study_report(view: CaseView, d) -> bool:
    """A sleep-test report (not a note that quotes a test's result): titled as a study near its
    top, with an AHI/RDI in it."""
    key = ("study_report", d.id)
    if key not in view.cache:
        head = [ln for ln in d.text[:4000].splitlines() if ln.strip()][:6]
        titled = any(cue("sleep.study_title").search(ln) and title_like(ln) for ln in head)
        if not titled and title_type(d.text[:4000])[0] == "fax_cover":
            # a release's cover sheet above the report it releases
            inner = record_under_cover(d.text[:4000])
            titled = bool(inner and inner[0] == "sleep_study")
        view.cache[key] = (
            any(mm.kind == "ahi" for mm in d.doc._.measurements)
            and titled
            and not cue("sleep.not_a_study_heading").search("\n".join(head))
        )
    return view.cache[key]


# (no other figure between the value and the words, and not an adverb of what follows: "Corrected
# AHI 4.0 (incorrectly reported as 14.0 in the impression)" calls the 14.0 the error, not the 4.0:
# review of b83ec45)
_IN_ERROR = (
    r"(?<![\d.]){num}(?:\.0+)?(?![\d.])[^.\n\d]{{0,12}}?\b(?:in\s+error|erroneous(?:ly)?|"
    r"incorrect(?:ly)?|by\s+mistake|a\s+(?:typo|dictation\s+error|transcription\s+error))\b"
    r"(?!\s+(?:reported|dictated|typed|transcribed|listed|stated|entered|recorded|written|given|"
    r"read|documented|noted|shown|calculated|scored)\b)"
)


def _called_in_error(d, value: float) -> bool:  # noqa: ANN001 - documents.Document
    """The record says this figure was written in error ("dictated as 14.0 in error")."""
    num = re.escape(f"{value:g}")
    return bool(re.search(_IN_ERROR.format(num=num), d.text, re.IGNORECASE))


def _band(value: float, p: dict[str, Any]) -> int:
    """Which side of the policy's lines an AHI falls: under 5, 5-14, 15 and over."""
    return (value >= p["low_threshold"]) + (value >= p["threshold"])


def _rival_value(tests: list, chosen: tuple, p: dict[str, Any]):
    """Another AHI for the same study (the same date) that decides differently: the study
    report's "AHI 11.8" against the sleep specialist's letter quoting "AHI 23.5/h" for the HST
    of 06/18; or the report against itself (:func:`_same_report_rival`).  Nothing in the packet
    says which holds."""
    when, d, m, _, _ = chosen
    if when == date.min:
        return None
    ahi = m.value
    return next(
        (
            t
            for t in tests
            if (t[0] == when or _rescores_study(t, when) or _form_quotes_study(t))
            # a request's figure is the requester's claim, unless the form states it as the
            # study's own result (:func:`_form_quotes_study`)
            and (t[1].type != "request_form" or _form_quotes_study(t))
            and _band(t[2].value, p) != _band(ahi, p)
            and (
                _same_report_rival(chosen, t)
                if t[1].id == d.id
                # the study's own sub-index quoted as its AHI ("supine AHI 22.5" in the report)
                else not _number_written(t[2].value, d.text)
            )
        ),
        None,
    )


def _form_quotes_study(test: tuple) -> bool:
    """A signed order or request form's undated AHI: the qualifying study's result as the form
    restates it ("QUALIFYING SLEEP STUDY / Date of study: 02/17/2026 / AHI/RDI: 21.3 events/hr"
    beside the report's 11.3, dev33ca-03).  Across the policy's line from the report, the
    signed form and the primary record disagree on the decisive number: a reviewer decides, as
    for any signed form against the record."""
    return test[1].type == "request_form" and test[0] == date.min


RULE_BEFORE_CHARS = 40  # how far before a count the rule it states may be named
RESCORE_DAYS = 3  # a study night told as "05/04-05/2026" dates its report a day or two later


def _rescores_study(test: tuple, when: date) -> bool:
    """An undated value in a clinician's note that says it is their own scoring or reading of
    the study ("I obtained and personally reviewed the raw HSAT data ... by my scoring the REI
    is 17.9 events/h ... I disagree with the official read", dev28ra-06), in a paragraph that
    names the study's day: a second read of the same night, not a value of no study.  Against
    the report's own read in another band, two clinicians disagree on the decisive number."""
    t_when, d, m, (s, e), report = test
    if report or d.date is None or d.date < when:
        return False
    if not cue("sleep.own_rescoring").search(d.text, s, e):
        return False
    # "By my review of her records, an outside PSG years ago showed an AHI of 8": the value is
    # another study's, told from a chart review, not a second scoring of this night (review of
    # 868b337)
    if cue("sleep.other_study").search(d.text, s, e):
        return False
    if (
        t_when != date.min
    ):  # dated by the night ("HSAT of 04/12/2026 ... I re-scored"), not the report
        return abs((t_when - when).days) <= RESCORE_DAYS
    para = d.text.rfind("\n\n", 0, m.start) + 1
    return any(
        abs((x.value - when).days) <= RESCORE_DAYS
        for x in d.doc._.dates
        if para <= x.start < m.start
    )


def _number_written(value: float, text: str) -> bool:
    """``value`` is written in ``text`` as a number of its own: "6.2" is not in "16.2", nor
    "12" in "12.6" (a plain substring test took the report's "16.2" for the letter's 6.2)."""
    return bool(re.search(rf"(?<![\d.]){re.escape(f'{value:g}')}(?!\d|\.\d)", text))


_INDEX_NAMES = (
    ("pahi", re.compile(r"\bpAHI\b", re.I)),
    ("ahi", re.compile(r"\bAHI|apn(?:o)?ea[- ]hypopn(?:o)?ea index", re.I)),
    ("rdi", re.compile(r"\bRDI|respiratory disturbance index", re.I)),
    ("rei", re.compile(r"\bREI|respiratory event index", re.I)),
)
_SCORING_RULE = re.compile(
    r"(?<![\d.])([34])\s*%(?=\s*(?:rule|criteri|desat|hypopn|scor|/|\)|arousal|or\b))"
    r"|\b(AASM|CMS|medicare)\b|\b(?:rule|criteria)\s*(1[AB])\b|\b(1[AB])\s+(?:rule|criteria)\b",
    re.I,
)
RULE_AFTER_CHARS = 25  # "AHI 12.6 (4% rule)": the scoring rule written just after the value
_COUNT_CELL = re.compile(r"[ \t]+\d+(?:\.\d+)?\b")  # "AHI (4%)   82   12.4": count, then index


def _index_name(d, m) -> str:  # noqa: ANN001
    """Which index a value is (AHI, RDI, REI, pAHI), by the name its pattern matched."""
    head = d.text[m.start : m.end]
    return next((name for name, rx in _INDEX_NAMES if rx.search(head)), "")


def _scoring_rule(d, m, sentence_start: int) -> set[str]:  # noqa: ANN001
    """The hypopnea scoring rule written with a value, normalized ("4%", "AASM", "1B"): in its
    own words from the sentence's start (or the index before it in the sentence) to just after
    it -- "AHI (4%)", "AHI 12.6 (3% rule)", "By CMS criteria (hypopneas with >= 4%
    desaturation) AHI = 13.4/h"; empty when none is written."""
    before = [
        x.end
        for x in d.doc._.measurements
        if x.kind == "ahi" and sentence_start <= x.end <= m.start
    ]
    end = d.text.find("\n", m.end)
    stop = min(m.end + RULE_AFTER_CHARS, end if end >= 0 else len(d.text))
    return {
        next(g for g in x.groups() if g).upper()
        for x in _SCORING_RULE.finditer(d.text, max([sentence_start, *before]), stop)
    }


def _same_report_rival(chosen: tuple, other: tuple) -> bool:
    """Two values of one study report for its overall index that decide differently: the
    findings' "The apnea-hypopnea index was 16.2 events per hour" against the impression's
    "Mild obstructive sleep apnea, AHI 6.2/h" (dev24sw-01).  One study has one index; the
    report contradicts itself on the number the criterion turns on, and a reviewer decides.

    Not a contradiction: the same index under another name or scoring rule (an RDI beside the
    AHI, "AHI (3%)" beside "AHI (4%)", the AASM rule's beside the CMS rule's: both belong in one
    report); two values in one sentence (a comparison); a table row's count of events before
    its index ("AHI (4%)   82   12.4"); the titration part of a split night ("Optimal pressure
    11 cm H2O: AHI 2.8 /h", ``sleep.on_pressure``); a value its sentence places in another study
    ("the prior study's AHI of 22", ``sleep.other_study``).  Sub-indices (supine, REM) and
    residual values on the device never reach here (:func:`sleep_tests`)."""
    _, d, m, (s, e), report = chosen
    _, d2, m2, (s2, e2), report2 = other
    if not (report and report2) or (s, e) == (s2, e2):
        return False
    if _COUNT_CELL.match(d.text, m.end) or _COUNT_CELL.match(d2.text, m2.end):
        return False
    if _index_name(d, m) != _index_name(d2, m2):
        return False
    if _scoring_rule(d, m, s) != _scoring_rule(d2, m2, s2):
        return False
    return not any(
        cue(name).search(doc.text, a, b)
        for name in ("sleep.other_study", "sleep.on_pressure")
        for doc, a, b in ((d, s, e), (d2, s2, e2))
    )


def _row_date(view: CaseView, d, offset: int) -> list:
    """The date heading a table row or a dated entry ("2026-01-27  HSAT ...:" then its values)."""
    lines = view.lines(d)
    number = lines.number(offset)
    line_start, line_end = lines.line(number)
    ds = view.dates_starting_in(d, line_start, line_end)
    if ds and not d.text[line_start : ds[0].start].strip():
        return ds[:1]  # the line starts with its date
    if number == 0:
        return []
    prev_start, prev_end = lines.line(number - 1)
    ds = view.dates_starting_in(d, prev_start, prev_end)
    if (
        ds
        and not d.text[prev_start : ds[0].start].strip()
        and d.text[prev_start:prev_end].rstrip().endswith(":")
    ):
        return ds[:1]  # a dated heading line ending in ':' with the values below
    return []


ENTRY_MIN = 3  # a records review names at least this many dated entries
_ENTRY_HEAD = re.compile(r"\s*[,:(]")


@dataclass(frozen=True)
class _Entry:
    """One dated entry of a records review's chronology ("10/02/2025, Dr. X, initial sleep
    consultation, in person: ..."): its day and its span, up to the next entry or paragraph."""

    day: date
    start: int
    end: int

    def text(self, d) -> str:  # noqa: ANN001
        return d.text[self.start : self.end]


def chronology_entries(view: CaseView, d) -> list[_Entry]:
    """The dated entries of a document that narrates earlier visits in date order (an IME's or a
    second opinion's review of records): sentences that open with a full date followed by a
    comma, colon or parenthesis, dated before the document.  Each tells a visit of its own day;
    the document's date is the day of the review, not of the visits it summarizes.  Fewer than
    :data:`ENTRY_MIN` such sentences make no chronology."""
    if d.date is None:
        return []
    heads = []
    for s, e in view.sentences(d):
        lead = len(d.text[s:e]) - len(d.text[s:e].lstrip())
        ds = view.dates_starting_in(d, s + lead, s + lead + 1)
        if (
            ds
            and ds[0].precision == "day"
            and ds[0].value < d.date
            and _ENTRY_HEAD.match(d.text, ds[0].end)
        ):
            heads.append((s + lead, ds[0].value))
    if len(heads) < ENTRY_MIN:
        return []
    out = []
    for i, (at, day) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(d.text)
        para = d.text.find("\n\n", at, end)
        out.append(_Entry(day, at, para if para != -1 else end))
    return out


def entry_at(entries: list[_Entry], offset: int) -> _Entry | None:
    return next((x for x in entries if x.start <= offset < x.end), None)


def _remote_entry(d, x: _Entry) -> bool:  # noqa: ANN001
    """An entry that tells a phone call, video visit or download, not a visit in person."""
    head = x.text(d)[:300]
    in_person = cue("sleep.in_person").search(head)
    remote = cue("sleep.remote").search(head) or re.search(r"\bvideo\b", head, re.I)
    return bool(remote) and not in_person


def _first_date(view: CaseView, d) -> date | None:
    """The first full date of a document that is not a birth date."""
    for x in view.dates_starting_in(d, 0, len(d.text)):
        if x.precision == "day" and not cue("common.birth_date").search(
            d.text[max(0, x.start - 20) : x.start]
        ):
            return x.value
    return None


def sleep_tests(view: CaseView, ctx: Context):
    """Diagnostic sleep-test AHI/RDI values: (date, document, measurement, sentence, from_report).

    Residual on-CPAP values, positional/REM sub-indices and values dated after the request
    are left out.  A value in a test report is dated by the report; a value quoted in a note
    by a date next to it, else it is undated (date.min) — a note's own date is not the test's.
    """
    out = []
    for d, m in view.measurements("ahi"):
        s, e = view.sentence_of(d, m.start)
        report = is_study_report(view, d)
        # within its own sentence: 60 characters before the value and 30 after it
        if _residual_before_or_around(
            d.text, max(s, m.start - 60), min(e, m.end + 30), m.start
        ) or (_residual_before_or_around(d.text, s, e, m.start) and not report):
            continue
        if cue("sleep.sub_index").search(d.text[max(s, m.start - 25) : m.start]):
            continue
        near = [
            x for x in view.dates_in(d, s, e) if abs(x.start - m.start) <= NEAR_CHARS
        ] or _row_date(view, d, m.start)
        # a value dated next to it ("2018 outside PSG (AHI 4.1/h)") keeps its own date, even in a
        # report
        when = (min(near, key=lambda x: abs(x.start - m.start)).value if near else None) or (
            d.date if report else None
        )
        if (
            when is None and report
        ):  # an undated report: the first date in it that is not a birth date
            when = _first_date(view, d)
        if when and when > ctx.request_date:
            continue
        out.append((when or date.min, d, m, (s, e), report))
    return out


def _residual_before_or_around(text: str, a: int, b: int, value_at: int) -> bool:
    """Whether ``text[a:b]`` holds a residual word (cue ``sleep.residual_ahi``) for the value
    at ``value_at``: a supplier's label of its figures ("Therapy data (90 days):") only before
    the value, any other word anywhere around it."""
    label = cue("sleep.residual_label")
    for h in cue("sleep.residual_ahi").finditer(text, a, b):
        if h.start() >= value_at and label.match(text, h.start(), h.end()):
            continue  # "... AHI 22.4/h    Therapy data (90 days): AHI 2.6/h": the next figure's
        return True
    return False


def stated_results(view: CaseView) -> list[tuple[str, Evidence, str]]:
    """Sleep-test results given in words, latest document first: ("moderate_or_severe" |
    "mild" | "none", the sentence, the words).  Only a sentence that reports a result ("the
    study showed", "less than one event per hour"): a problem-list diagnosis, a suspicion or a
    titration night is not one."""
    out = []
    for d in sorted(view.documents, key=lambda d: d.date or date.min, reverse=True):
        if d.type in {"request_form", "fax_cover"}:
            continue
        for s, e in view.sentences(d):
            sent = d.text[s:e]
            if cue("sleep.hedged").search(sent):
                continue  # a suspicion is not a result
            # a result is reported as one ("the study showed"), or as a rate of events per hour
            rate = cue("sleep.events_per_hour").search(sent)
            if not (rate or cue("sleep.result_words").search(sent)):
                continue
            none = cue("sleep.no_apnea_stated").search(sent)
            m = none or cue("sleep.severity_stated").search(sent)
            if m is None or cue("sleep.residual_ahi").search(
                sent[max(0, m.start() - 60) : m.end() + 30]
            ):
                continue  # no result, or a titration night / a result on CPAP: not the diagnosis
            if none is not None:
                out.append(("none", sentence_evidence(d, s, e, m.span()), "no"))
            elif affirmed(cue("sleep.severity_stated"), sent):
                sev = m.group("sev").lower()
                grade = "mild" if sev.startswith("mild") else "moderate_or_severe"
                out.append((grade, sentence_evidence(d, s, e, m.span()), sev))
    return out


def _stated_outcome(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """No AHI number in the packet: the AASM severity words decide (mild 5-14, moderate 15-29,
    severe 30+), with no value to report."""
    stated = stated_results(view)
    if not stated:
        return Outcome("missing", ctx.say("missing"))
    grade, ev, words = stated[0]
    facts = {
        "severity": words,
        "threshold": p["threshold"],
        "low": p["low_threshold"],
        "high": p["threshold"] - 1,
    }
    if grade == "none":
        return Outcome("not_met", ctx.say("stated_none", **facts)).cite([ev], 3)
    if grade == "moderate_or_severe":
        return Outcome("met", ctx.say("stated_severe", **facts)).cite([ev], 3)
    qualifying = cue("sleep.ahi_qualifying")
    qual = [
        q
        for q in view.sentences_matching(qualifying)
        if _condition_affirmed(qualifying, q.quote)
        and not cue("sleep.relative_or_denied").search(q.quote)
        and not _asked_or_screened(q.quote)
    ]
    if qual:
        return Outcome("met", ctx.say("stated_mild", **facts)).cite([ev] + qual[:1], 3)
    return Outcome("not_met", ctx.say("stated_mild_unqualified", **facts)).cite([ev], 3)


def _per_hour(d, m) -> bool:
    """A value written as a rate ("AHI 11.2 events/hour", "11.2/h"): a table row's bare first
    number may be the count of events ("AHI (4%)   81   11.2")."""
    return bool(cue("sleep.per_hour").match(d.text, m.end, min(len(d.text), m.end + 20)))


_RDI = re.compile(r"RDI\b|respiratory disturbance", re.I)  # also "pRDI"


def _is_rdi(d, m) -> bool:  # noqa: ANN001
    """An RDI (with RERAs), not the AHI: where a report gives both ("RDI 35.7/h (incl. 22
    RERAs)" above the impression's "AHI 32.4/h", an HSAT's "pRDI 24.9" beside its "pAHI
    18.2"), the AHI is the criterion's value; the RDI stands only where no AHI is written."""
    return bool(_RDI.search(d.text, m.start, m.end))


@evaluator("sleep_test_ahi")
def sleep_test_ahi(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    tests = sleep_tests(view, ctx)
    if not tests:
        return _stated_outcome(view, p, ctx)
    # a value its own record calls a mistake: "ADDENDUM 11/25/2025: The AHI in the impression
    # above was dictated as 14.0 in error. The correct AHI is 24.0" (dev32cp-05: the two were
    # read as rival values of one study)
    tests = [t for t in tests if not _called_in_error(t[1], t[2].value)] or tests
    reports = [t for t in tests if t[4]] or tests  # a report beats a note quoting it
    latest = max(t[0] for t in reports)
    chosen = min(
        (t for t in reports if t[0] == latest),
        key=lambda t: (not _per_hour(t[1], t[2]), _is_rdi(t[1], t[2]), t[2].start),
    )
    when, d, m, (s, e), _ = chosen
    ahi = m.value
    ev = [sentence_evidence(d, s, e, (m.start, m.end))] + view.sentences_matching(
        cue("sleep.ahi_support"), [d]
    )
    rival = _rival_value(tests, chosen, p)
    if rival is not None:
        r_when, r_doc, r_m, (r_s, r_e), _ = rival
        return Outcome(
            "needs_review",
            ctx.say(
                "values_disagree_within" if r_doc.id == d.id else "values_disagree",
                ahi=f"{ahi:g}",
                other=f"{r_m.value:g}",
                date=fmt_date(when),
            ),
        ).cite([ev[0], sentence_evidence(r_doc, r_s, r_e, (r_m.start, r_m.end))] + ev[1:], 6)
    facts = {
        "ahi": f"{ahi:g}",
        "date": fmt_date(when),
        "threshold": p["threshold"],
        "low": p["low_threshold"],
        "high": p["threshold"] - 1,
    }
    if ahi >= p["threshold"]:
        return Outcome("met", ctx.say("severe_enough", **facts), value=ahi).cite(ev, 6)
    if ahi >= p["low_threshold"]:
        ess = [x for x in view.measurements("epworth") if x[1].value > ESS_SLEEPY]
        qualifying = cue("sleep.ahi_qualifying")
        qual = [
            q
            for q in view.sentences_matching(qualifying)
            if _condition_affirmed(qualifying, q.quote)
            and not cue("sleep.relative_or_denied").search(q.quote)
            and not _asked_or_screened(q.quote)
        ]
        disputed = _disputed_sleepiness(view, ctx, ess)
        # beside a disputed Epworth score, sleepiness named in words rests on the same claim, and
        # a request form's ticked box restates it: other conditions must stand on their own
        independent = [
            q
            for q in qual
            if q.document.type != "request_form"
            and not cue("sleep.sleepiness_words").search(q.quote)
        ]
        if disputed and not independent:
            # "ESS 15/24 on intake questionnaire today" against the questionnaire's own "TOTAL:
            # 6 / 24": the one qualifying condition is disputed by a record of the same day
            return Outcome("needs_review", ctx.say("sleepiness_disputed", **facts), value=ahi).cite(
                ev[:1] + disputed, 4
            )
        ruled_out = [] if ess else _conditions_ruled_out(view, qual)
        if ruled_out:
            # the PCP's "Does NOT meet criteria for hypertension" after home readings, against the
            # sleep physician's "Hypertension (I10)": the one fact that decides is disputed
            return Outcome("needs_review", ctx.say("condition_disputed", **facts), value=ahi).cite(
                ev[:1] + ruled_out, 6
            )
        if ess or qual:
            extra = [
                sentence_evidence(dd, *view.sentence_of(dd, mm.start)) for dd, mm in ess[:1]
            ] + qual[:2]
            return Outcome("met", ctx.say("qualified", **facts), value=ahi).cite(ev + extra, 6)
        return Outcome("not_met", ctx.say("unqualified", **facts), value=ahi).cite(ev, 6)
    return Outcome("not_met", ctx.say("below", **facts), value=ahi).cite(ev, 6)


def _condition_affirmed(rx: re.Pattern[str], sentence: str) -> bool:
    """Some match of ``rx`` is neither denied before it nor answered no after it: a checklist
    asks the condition and answers it on the same line ("insomnia? denies" on a coordinator's
    worksheet, "Pressure / HTN tx ....... N" on a phone screen), the condition named as a
    question, not documented."""
    return bool(_affirmed_conditions(rx, sentence))


def _conditions_ruled_out(view: CaseView, qual: list[Evidence]) -> list[Evidence]:
    """Evidence of both sides when every qualifying condition the records affirm is one a
    clinician's record rules out ("Does NOT meet criteria for hypertension - no dx of HTN at
    this time" in the PCP's addendum after a home blood-pressure log, while the sleep physician
    lists "Hypertension - dx by PCP (per pt)" and the DME form ticks it): the packet
    contradicts itself on the fact that decides, and a reviewer decides (dev23bm-05, met on the
    sleep physician's list).  [] when a condition stands undisputed.

    Ruled out: by a diagnosis refused in words (``sleep.condition_ruled_out_before`` /
    ``_after``), not a history list's bare "No HTN", which a later diagnosis overtakes; in a
    clinical record, not the requester's form nor a retold patient answer."""
    qualifying = cue("sleep.ahi_qualifying")
    ruled: dict[str, list[Evidence]] = {}
    for e in view.sentences_matching(qualifying):
        if e.document.type in NO_F2F_DOCS or cue("findings.patient_reported").search(e.quote):
            continue
        for m in qualifying.finditer(e.quote):
            if cue("sleep.condition_ruled_out_before").search(
                e.quote[max(0, m.start() - 60) : m.start()]
            ) or cue("sleep.condition_ruled_out_after").match(e.quote, m.end()):
                ruled.setdefault(m.lastgroup or "", []).append(e)
    if not ruled or not qual:
        return []
    out: list[Evidence] = []
    for q in qual:
        affirmed_here = {m.lastgroup for m in _affirmed_conditions(qualifying, q.quote)}
        if not affirmed_here or not affirmed_here <= set(ruled):
            return []  # a condition no record disputes qualifies the AHI
        out.append(q)
    # the latest word of each record that rules a condition out (an addendum after the visit)
    return out[:2] + [e for g in sorted(ruled) for e in ruled[g][::-1]][:2]


DENIED_LIST_REACH = 170  # how far back a denial may head the list a condition closes
OTHERS_REACH = 60  # how far back a relative or partner may head the condition that is theirs


def _affirmed_conditions(rx: re.Pattern[str], sentence: str) -> list[re.Match[str]]:
    """The matches of ``rx`` in ``sentence`` that :func:`_condition_affirmed` counts.

    A denial is looked for up to :data:`DENIED_LIST_REACH` characters back, not 60: the far
    end of a denied list ("No history of hypertension, coronary artery disease, heart failure,
    atrial fibrillation, or stroke") lies further from its "No" than a short phrase does, and
    ``common.denied_before`` already reads such a list up to 120 characters (its other
    patterns are anchored within 45 characters of the name, so the longer reach changes only
    lists).  Read with 60, the list's last item ("stroke") was a qualifying condition and a
    mild AHI with none was met (dev24dx-05)."""
    denied = cue("common.denied_before")
    example = cue("sleep.condition_as_rule_example")
    others = cue("sleep.someone_elses_condition_before")
    instrument = cue("sleep.condition_as_instrument_after")
    clinical = cue("sleep.instrument_result_clinical")
    return [
        m
        for m in rx.finditer(sentence)
        if not denied.search(sentence[max(0, m.start() - DENIED_LIST_REACH) : m.start()])
        # a screening scale's name ("Insomnia Severity Index 4"), not the condition (dev33ca-05),
        # unless its result tells the condition ("Insomnia Severity Index 18 (moderate
        # severity)": review of 8306924)
        and not (instrument.match(sentence, m.end()) and not clinical.match(sentence, m.end()))
        and not _in_unticked_option(sentence, m.start())
        and not _answered_no(sentence[m.end() :].split("\n", 1)[0])
        # a coverage rule's examples ("requires a qualifying comorbidity (e.g. EDS, HTN, mood
        # disorder)"): what would qualify, not what the patient has (dev26sl-01)
        and not example.search(sentence[max(0, m.start() - DENIED_LIST_REACH) : m.start()])
        # another person's ("Wife has insomnia, which she says is partly due to his snoring",
        # "Father: coronary artery disease, stroke at age 61": dev29dx-05)
        and not others.search(sentence[max(0, m.start() - OTHERS_REACH) : m.start()])
    ]


# the rest of an item's name after the condition: " or anxiety" before its ":", "/ low mood"
# (and the rest of the word a stem matched: "Depress" + "ion or anxiety")
# Across a column gap only to a bare answer ("Depression or anxiety      No   (PHQ-2 0)"):
# "Depression, stable on sertraline  No SI/HI" or "Hypertension, diet controlled  No diabetes"
# answer another question (review of b83ec45: the depression and the hypertension went unread).
_OTHER_ITEM_NAME = re.compile(
    r"^\w*(?:\s*(?:or|and|/|&|,)\s*[A-Za-z][\w -]{0,30}?(?=\s*[:?]|\s*\.{2,}|\s{2,}"
    r"(?:no|none|negative|neg|denies|denied|absent|n)\b\s*(?:$|\(|\s{2,}|[.;]\s*$)))?",
    re.IGNORECASE,
)


_BOX = re.compile(r"\[\s*[xX✓✔*]?\s*\]|[☐☒☑]")


def _in_unticked_option(sentence: str, at: int) -> bool:
    """The text at ``at`` is part of a form's option whose box is left empty, its wrapped lines
    included: "[X] AHI or RDI >= 15 events/hr" / "[ ] AHI or RDI 5-14 events/hr with documented
    EDS, impaired" / "cognition, mood disorder, insomnia, hypertension, ischemic" -- the
    option the form did not choose names what would qualify, not what the patient has
    (dev33ca-03: read as the patient's insomnia and hypertension)."""
    boxes = list(_BOX.finditer(sentence, 0, at))
    if not boxes:
        return False
    last = boxes[-1]
    if "\n\n" in sentence[last.end() : at]:
        return False
    return last.group(0) == "☐" or not last.group(0).strip("[] \t")


def _answered_no(line_tail: str) -> bool:
    """The rest of a checklist item's line answers it no: right after the name ("? denies",
    ": no") or, on a short form line, at the end of a leader (".... N").  An item that names
    two conditions is answered for both: "Depression or anxiety:    No   (PHQ-2 score 0)"
    (dev32cp-06: the depression was read as a qualifying mood disorder)."""
    line_tail = _OTHER_ITEM_NAME.sub("", line_tail, count=1)
    if cue("assertion.answer_no_after").match(line_tail[:40]):
        return True
    return len(line_tail) <= 40 and bool(cue("assertion.leader_no").search(line_tail))


def _asked_or_screened(sentence: str) -> bool:
    """A questionnaire's question ("Feeling down, depressed or hopeless (past 2 wks)?") or a
    screen's heading ("Depression screen: PHQ-2 = 0"): the words, not the condition."""
    return sentence.rstrip().endswith("?") or bool(
        cue("sleep.screen_not_condition").search(sentence)
    )


def _disputed_sleepiness(view: CaseView, ctx: Context, ess: list) -> list:
    """Evidence of both sides when every Epworth score above 10 has a same-day score of 10 or
    less in another record; [] otherwise."""
    if not ess:
        return []
    out, rivals = [], {}
    values = dated_values(view, "epworth", ctx)
    for d, m in ess:
        rival = same_day_rival(values, (d, m), lambda v: v > ESS_SLEEPY)
        if rival is not None:
            rivals[(d.id, m.start)] = rival
    disputed = {m.value for d, m in ess if (d.id, m.start) in rivals}
    for d, m in ess:
        rival = rivals.get((d.id, m.start))
        if rival is None and m.value not in disputed:
            return []  # an undisputed score (a later "ESS 15" restating a disputed one is not)
        out.append(sentence_evidence(d, *view.sentence_of(d, m.start)))
        if rival is not None:
            out.append(sentence_evidence(rival[0], *view.sentence_of(rival[0], rival[1].start)))
    return out


def remote_contact(d) -> bool:
    """A phone call, portal message or questionnaire, or a record whose author says they have
    not seen the patient: not a face-to-face evaluation."""
    head = d.head(600)
    negation = cue("sleep.negation_before")
    in_person = any(
        not negation.search(head[max(0, m.start() - 24) : m.start()])  # "no video or in-person"
        for m in cue("sleep.in_person").finditer(head)
    )
    if cue("sleep.author_not_seen").search(d.text):
        # "I have not seen the patient in clinic" below a letter's head: what it tells of the
        # symptoms came by the study or a call, not by a face-to-face evaluation (dev26sl-01)
        return True
    return bool(cue("sleep.remote").search(head)) and not in_person


def lay_report(d) -> bool:
    """A report by someone who is not a clinician about what they saw: a custody officer's
    observation report ("INMATE OBSERVATION REPORT ... Reporting staff: CO II": "snoring very
    loudly, stopped breathing for about 15 seconds"), a bed partner's written statement.  What it
    tells is an account of the symptoms for the clinician, not a face-to-face evaluation -- read as
    one, a night officer's report dated before the test met the criterion whose only clinical
    visit came after it.  A note whose head says the patient was seen in person stays a visit."""
    head = d.head(LAY_REPORT_HEAD)
    return bool(cue("sleep.lay_report").search(head)) and not cue("sleep.in_person").search(
        d.head(600)
    )


LAY_REPORT_HEAD = 400  # a report names its kind and its reporter in its first lines


def _says_diagnosed(view: CaseView, d) -> bool:
    """A sentence of ``d`` says the apnea was already diagnosed or is treated -- not a plan or a
    condition ("if positive, start on CPAP") nor a denial ("No known sleep apnea")."""
    rx = cue("sleep.diagnosed_before")
    plan, conditional = cue("common.plan_words"), cue("common.conditional")
    return any(
        rx.search(d.text, s, e)
        and not conditional.search(d.text[s:e])
        and not plan.search(d.text[s:e])
        for s, e in view.sentences(d)
    )


CONSULTATION_HEAD = 1500  # a letter states the day of its consultation near its head


def consultation_day(view: CaseView, m) -> date | None:  # noqa: ANN001 - a mention
    """The day of the consultation a letter reports, where the letter states it at its head
    (cue ``sleep.consultation_day``) and it is earlier than the letter's own date: the history
    and examination it tells are of that day.  Not for a mention in the letter's addendum
    (cue ``sleep.letter_addendum``), which is of the letter's day."""
    d = m.document
    if d.date is None:
        return None
    addendum = cue("sleep.letter_addendum").search(d.text)
    if addendum and m.start >= addendum.start():
        return None
    key = ("consultation_day", d.id)
    if key not in view.cache:
        view.cache[key] = _stated_consultation_day(view, d)
    return view.cache[key]


def _stated_consultation_day(view: CaseView, d) -> date | None:  # noqa: ANN001
    """The first day the head of ``d`` states as its consultation's, when before ``d``'s date."""
    head = d.text[:CONSULTATION_HEAD]
    for hit in cue("sleep.consultation_day").finditer(head):
        line_end = d.text.find("\n", hit.end())
        end = len(d.text) if line_end < 0 else line_end
        days = [x.value for x in view.dates_in(d, hit.end(), end) if x.precision == "day"]
        if days:
            return days[0] if days[0] < d.date else None
    return None


NONUSE_DEVICE_NEAR = 300  # "never used it": the CPAP it means is named this close before


@evaluator("evaluation_before_test")
def evaluation_before_test(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """A face-to-face visit documenting the symptoms, dated before the sleep test.

    A visit that tells the symptoms only as history ("She confirms the history of loud snoring
    with witnessed apnea", "long history of snoring") still documents them: when no visit tells
    them as present, such visits are read too, but only to say not_met (all of them after the
    test, or already diagnosed) -- never met, since a told history is weaker evidence of when
    the evaluation happened than a present finding.
    """
    out = _evaluation_before_test(view, p, ctx, {"present"})
    if out.status == "missing":
        told = _evaluation_before_test(view, p, ctx, {"historical"})
        if told.status == "not_met":
            return told
    return out


def _evaluation_before_test(
    view: CaseView, p: dict[str, Any], ctx: Context, assertions: set[str]
) -> Outcome:
    tests = sleep_tests(view, ctx)
    report_dates = [t[0] for t in tests if t[4] and t[0] != date.min]
    quoted_dates = [t[0] for t in tests if not t[4] and t[0] != date.min]
    study_docs = [d for d in view.documents if is_study_report(view, d) and d.date]
    dates = report_dates or quoted_dates or [d.date for d in study_docs]
    test_date = max(dates) if dates else None
    test_docs = {t[1].id for t in tests if t[4]} | {d.id for d in study_docs}
    visits = [
        m
        for m in view.find(
            concepts=p["concepts"], assertions=assertions, exclude_doc_types=NO_F2F_DOCS
        )
        if m.document.date
        and m.document.id not in test_docs
        and not remote_contact(m.document)
        and not lay_report(m.document)
    ]
    # a records review's dated entries: a visit told there is of the entry's day
    entries = {m.document.id: chronology_entries(view, m.document) for m in visits}
    entry_day: dict[int, date] = {}
    for m in list(visits):
        x = entry_at(entries[m.document.id], m.start)
        if x is None:
            continue
        if _remote_entry(m.document, x):
            visits.remove(m)
        else:
            entry_day[id(m)] = x.day

    def _day(m) -> date:  # noqa: ANN001
        return entry_day.get(id(m)) or consultation_day(view, m) or m.document.date

    if not visits:
        return Outcome("missing", ctx.say("missing"))
    if test_date is None:
        # no test in the packet, but every visit says the apnea was already diagnosed (or
        # treated): each came after the test that diagnosed it
        told = cue("sleep.pretest_account")  # "The patient initially presented with snoring"
        visit_docs = {m.document.id: m.document for m in visits}.values()
        if all(_says_diagnosed(view, d) and not told.search(d.text) for d in visit_docs):
            return Outcome("not_met", ctx.say("after_diagnosis")).cite(
                prefer(visits)[:2] + view.sentences_matching(cue("sleep.diagnosed_before"))[:2], 6
            )
        return Outcome("met", ctx.say("no_test_date")).cite(prefer(visits), 3)
    before = [m for m in visits if _day(m) < test_date]
    if before:
        d0 = max(_day(m) for m in before)
        docs0 = [m.document for m in before if _day(m) == d0]
        seen = prefer([m for m in before if _day(m) == d0])
        return Outcome(
            "met", ctx.say("before", date=fmt_date(d0), test_date=fmt_date(test_date))
        ).cite(
            seen[:1]
            + visit_lines(docs0[0])
            + seen[1:3]
            + view.sentences_matching(cue("sleep.f2f_support"), docs0[:1]),
            8,
        )
    claimed = _form_claims_evaluation_before(view, test_date)
    if claimed:
        # the signed request dates a face-to-face evaluation before the test that no record
        # of the packet holds, and the records tell only later ones (dev32cp-05: "Date of
        # evaluation: 10/28/2025 (in office)" against the sleep clinic's "not previously been
        # evaluated in person for sleep"): a reviewer decides
        return Outcome(
            "needs_review", ctx.say("form_disputed", test_date=fmt_date(test_date))
        ).cite(
            claimed[:1]
            + prefer(visits)[:2]
            + not_planned(view.sentences_matching(cue("sleep.no_prior_evaluation")))[:2],
            5,
        )
    # the visits after the test, the contacts before it that were not face to face ("Visit
    # type: telephone"), and what the packet says of the time before it
    remote = [
        x
        for d in view.documents
        if d.date and d.date <= test_date and d.id not in test_docs and remote_contact(d)
        for x in visit_lines(d, 1)
    ]
    # the study's own "Study date: 01/24/2026" against the visits after it
    study_day = [
        line
        for d in view.documents
        if d.id in test_docs and d.date == test_date and (line := day_line(d))
    ]
    return Outcome("not_met", ctx.say("after", test_date=fmt_date(test_date))).cite(
        prefer(visits)[:2]
        + study_day[:1]
        + remote[:2]
        + not_planned(view.sentences_matching(cue("sleep.no_prior_evaluation"))),
        6,
    )


def cpap_start(view: CaseView, *, day_only: bool = True) -> date | None:
    """The date therapy started: the date nearest after a set-up/start cue ("Set-up date
    04/14/2026").
    """
    start, _ = cpap_start_told(view, day_only=day_only)
    return start


def cpap_start_told(view: CaseView, *, day_only: bool = True) -> tuple[date | None, list[Evidence]]:
    """:func:`cpap_start` and the sentence that gives it ("Setup date: 11/03/2025"): the day the
    adherence window counts from, which a reviewer checks beside the nights."""
    starts = _cpap_starts(view, day_only=day_only)
    if not starts:
        return None, []
    day, ev = min(starts, key=lambda t: t[0])
    return day, [ev]


def _cpap_starts(
    view: CaseView, *, day_only: bool = True, labelled: bool = False
) -> list[tuple[date, Evidence]]:
    """Every start of therapy told, with its sentence.  ``labelled``: only a date the start's
    words label ("Set-up date: 02/03/2026", "Therapy start date (first use recorded):
    02/17/2026", "started on APAP 2/17/26"), not the next date after them, which may be
    another event's ("first follow-up since setup (3/30 appt canceled)")."""
    starts = []
    start_cue = cue("sleep.cpap_start")
    for ev in view.sentences_matching(start_cue):
        text = ev.document.text
        hit = start_cue.search(text, ev.start, ev.end)
        ds = [
            x
            for x in view.dates_in(ev.document, ev.start, ev.end)
            if x.start >= hit.start() and (x.precision == "day" or not day_only)
        ]
        if ds:
            first = min(ds, key=lambda x: x.start - hit.end())
            between = text[hit.end() : first.start]
            if (
                labelled
                and between.strip()
                and not cue("sleep.start_date_label").fullmatch(between)
            ):
                continue
            starts.append((_year_misread_back(first.value, ev.document, first.start), ev))
    return starts


YEAR_MISREAD_DAYS = 180  # a set-up this long after its own record's date is a misread year


def _year_misread_back(day: date, d, at: int) -> date:
    """A set-up read by OCR more than half a year after the date of the very record that
    tells it is a misread year ("Setup date: 01/28/2028" in a compliance summary printed
    04/22/2025; dict-13's fax copy, sample L, whose re-evaluation fell on no day of therapy):
    the same month and day in the latest year, in the same decade, not after the record's
    date.  A planned set-up ("set-up scheduled 05/01") lies weeks ahead, not a year; a typed
    record's date is left as written."""
    if (
        d.date is None
        or day <= d.date + timedelta(days=YEAR_MISREAD_DAYS)
        or d.record.source_of(d.start + at) != "ocr"
    ):
        return day
    fixed = latest_not_after(day, d.date)
    return fixed if fixed is not None and fixed.year // 10 == day.year // 10 else day


def _line_days(view: CaseView, d, offset: int) -> list[date]:
    """The days written on the line that holds ``offset``."""
    line_start, line_end = view.lines(d).bounds(offset)
    return [
        x.value for x in view.dates_starting_in(d, line_start, line_end) if x.precision == "day"
    ]


RULE_SHARE = 70.0  # the rule's own count: 21 of 30 nights


def _rule_count(view: CaseView, d, m) -> bool:  # noqa: ANN001 - Document, Measurement
    """The count of nights is the rule's, not the patient's: the rule's very share (21 of 30)
    right after the rule's name ("Payer 70% rule (21 of 30 consecutive days >= 4 h) met: NO"),
    or any count its own clause states as what is required ("Medicare requires CPAP use of at
    least 4 hours per night on 21 of 30 consecutive nights", "The goal is 70% of nights, that is
    21 of 30 consecutive nights": review of 768748b, both read as the patient's use once
    "consecutive" joined the count's words).  A count after "criteria:" that is not the rule's
    share ("Compliance criteria: 25 of 30 nights >= 4 hours (83%) - MET") is the patient's."""
    sent_start = _start_across_wrap(view, d, view.sentence_of(d, m.start)[0])
    start = max(sent_start, m.start - RULE_BEFORE_CHARS)
    share = 100 * m.value / (m.extra or 30)
    named = cue("sleep.rule_named_before").search(d.text, start, m.start)
    if named and abs(share - RULE_SHARE) < 1:
        return True
    if abs(share - RULE_SHARE) < 1 and cue("sleep.rule_taught_before").search(
        d.text, max(sent_start, m.start - RULE_CLAUSE_CHARS), m.start
    ):
        return True  # "requirement explained: ... on 70% of nights (21 of 30 ...)": the rule
    lead = d.text[max(sent_start, m.start - RULE_CLAUSE_CHARS) : m.start]
    lead = re.split(r"[;]", lead)[-1]
    return bool(cue("sleep.rule_stated_before").search(lead))


RULE_CLAUSE_CHARS = 100  # how far back a count's clause may state it as the requirement


def _sentence_days(view: CaseView, d, offset: int) -> list[date]:
    """The days written in the figure's own sentence, where its line is a paragraph of several
    sentences: "Her download from 12/29/2025 through 01/27/2026 was reviewed and shows use
    greater than four hours on 27 of 30 nights (90%)" sits in a history paragraph typed as one
    line that also names the study of 10/20 and the set-up of 12/01 -- the line's first day is
    not the period's (dev24dx-06: so dated, the note's 90% never met the supplier's 56.7% for
    the same 30 days).  [] when the sentence is the whole line (a table row, a summary row) or
    names no day: the line's days then stand."""
    line_start, line_end = view.lines(d).bounds(offset)
    s, e = view.sentence_of(d, offset)
    a, b = max(s, line_start), min(e, line_end)
    nxt = _CONTINUED.match(d.text, line_end)
    if (
        e > line_end
        and nxt
        and not CELL_GAP.search(d.text, line_start, line_end)
        # the figure's own clause runs on to the line's end: "(50%) per DME summary; mask" /
        # "changed to full face 03/05/26" is another clause's day (dev10mc-04)
        and not _CLAUSE_BREAK.search(d.text, offset, line_end)
    ):
        # prose wrapped mid-sentence, the next line going on in lower case: the period may
        # follow there ("on 27 of 30 consecutive days (90%)" / "for the period 01/25/2026
        # through 02/23/2026", a DME letter of a window after the first three months:
        # dev29cp-02).  A table's rows, each opening a line of its own, are not read together.
        next_end = d.text.find("\n", nxt.end())
        b2 = min(e, len(d.text) if next_end < 0 else next_end)
        # only a period the next line writes out ("for the period 01/25/2026 through
        # 02/23/2026"): a lone day there is another clause's ("(83%)" / "and he was seen in clinic
        # on 04/20/2026": review of 768748b, read as the figure's period after the first months)
        wrapped = [x for x in view.dates_starting_in(d, line_end, b2) if x.precision == "day"]
        if any(
            _RANGE_JOIN.fullmatch(d.text[x.end : y.start])
            for x, y in zip(wrapped, wrapped[1:], strict=False)
        ):
            return [x.value for x in view.dates_starting_in(d, a, b2) if x.precision == "day"]
    if a <= line_start and b >= line_end:
        return []
    return [x.value for x in view.dates_starting_in(d, a, b) if x.precision == "day"]


_CONTINUED = re.compile(r"\r?\n[ \t]*[a-z]")  # the next line goes on in lower case: wrapped prose
_CLAUSE_BREAK = re.compile(r"[;:]|\.(?:\s|$)")
HEADING_LINES = 8  # how far up a summary block's heading may lie from one of its figures


def _block_days(view: CaseView, d, offset: int) -> list[date]:
    """The days of the period a figure covers: those on its own line, else those of the nearest
    line above it in the same block (no blank line between) that gives a range: a download's
    "COMPLIANCE SUMMARY - LAST 30 DAYS (11/12/2025 - 12/11/2025)" heads the rows it sums.
    On a line of prose, the figure's own sentence's days (:func:`_sentence_days`)."""
    ds = _sentence_days(view, d, offset) or _line_days(view, d, offset)
    if ds:
        return ds
    index = view.lines(d)
    line_start, line_end = index.bounds(offset)
    if d.date is not None and cue("sleep.recent_period").search(d.text, line_start, line_end):
        # "COMPLIANT (most recent 30 days, 86.7% ...)" in a report of 01/07: 12/09 - 01/07
        return [d.date - timedelta(days=PERIOD_DAYS - 1), d.date]
    # a block may run on over a page break: the footer, the break and the blank lines about
    # them ("... (11/12/2025 - 12/11/2025)" / "" / "Page 1 of 2<FF>Days used >=4 hrs ... 26/30")
    # are page furniture, not the end of the block
    crossed_page = "\f" in d.text[line_start:offset]
    for _ in range(HEADING_LINES):
        if line_start == 0:
            break
        prev_start, prev_end = index.bounds(line_start - 1)
        prev = d.text[prev_start:prev_end]
        if "\f" in prev or cue("documents.page_n_of").search(prev):
            crossed_page = True
            line_start = prev_start
            continue
        if not prev.strip():
            if crossed_page:
                line_start = prev_start
                continue
            break
        ds = _line_days(view, d, prev_start)
        if len(ds) >= 2:
            return ds
        line_start = prev_start
    return []


def _after_first_months(view: CaseView, d, offset: int, start: date) -> bool:
    """A value whose own period (a date range on its line, or heading its block) begins too late
    for a 30-day period to fit in the first 90 days of therapy (after day 61): "Download 04/08 -
    05/07" of a set-up on 01/08 is days 90-119."""
    ds = _figure_days(view, d, offset)
    latest_start = FIRST_MONTHS_DAYS - PERIOD_DAYS + 1
    return bool(ds) and min(ds) > start + timedelta(days=latest_start)


def _figure_days(view: CaseView, d, offset: int) -> list[date]:  # noqa: ANN001
    """The days of the period a figure covers: its own line's or block's
    (:func:`_block_days`), else its download's "Report period" line
    (:func:`_report_period_days`)."""
    return _block_days(view, d, offset) or _report_period_days(view, d)


_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|through|thru|until|till)\s*", re.I)


def _written_ranges(view: CaseView, d) -> list[tuple]:  # noqa: ANN001
    """The day-dated ranges a record writes ("02/01/2026 - 02/14/2026", "august thirteenth
    through september eleventh"): each pair of consecutive day-precision dates joined by a
    range word (:data:`_RANGE_JOIN`)."""
    days = [x for x in view.dates_starting_in(d, 0, len(d.text)) if x.precision == "day"]
    return [
        (a, b)
        for a, b in zip(days, days[1:], strict=False)
        if _RANGE_JOIN.fullmatch(d.text[a.end : b.start])
    ]


def _report_period_days(view: CaseView, d) -> list[date]:  # noqa: ANN001
    """The days on a download's "Report period" / "Compliance period" line, which dates the
    figures under it even where a blank line or a rule sets them apart from it (an AirView
    "Compliance period: 04/29/2026 - 05/28/2026 (30 days)", a blank line, then ">= 4 hours
    29 days (97%)": dev25cp-01's days 98-127, read as within the first 3 months)."""
    m = cue("sleep.report_period").search(d.text)
    return _line_days(view, d, m.start()) if m else []


def _shorter_than_30_days(view: CaseView, d, offset: int) -> bool:  # noqa: ANN001
    """A figure whose own period, written as a range ("Report range: 02/01/2026 - 02/14/2026
    (14 days)", "download 02/01-02/14/26"), is shorter than 30 days: its share of nights
    cannot show a consecutive 30-day period (dev25cp-03's 11 of 14 days, 79%, read as met)."""
    days = _written_period_days(view, d, offset)
    return days is not None and days < MONTH_SPAN_DAYS[0]


def _written_period_days(view: CaseView, d, offset: int) -> int | None:  # noqa: ANN001
    """The length in days of a figure's own period where the record writes it as a range
    ("02/01/2026 - 02/14/2026"), else None."""
    ds = _figure_days(view, d, offset)
    if len(ds) < 2:
        return None
    lo, hi = min(ds), max(ds)
    ranged = any(a.value == lo and b.value == hi for a, b in _written_ranges(view, d))
    return (hi - lo).days if ranged else None


def _longer_than_30_days(view: CaseView, d, offset: int) -> bool:  # noqa: ANN001
    """A figure whose own period, written as a range, is longer than a month: an AirView
    summary's ">= 4 hours  72 days (79%)" under "Compliance period: 02/09/26 - 05/10/26 (91 d)"
    is the share over 91 days, not over the first 30 (dev33ca-04: read as the 63% row's own
    days 1-30 and the two as a disagreement, beside a row of days 31-60 at 83%).  It still
    tells use; it disputes one 30 days only where no 30 days meet the standard."""
    days = _written_period_days(view, d, offset)
    return days is not None and days > MONTH_SPAN_DAYS[1]


_WRAPPED_LINE_END = re.compile(r"[A-Za-z0-9,(/&-][ \t]*\n[ \t]*$")


def _start_across_wrap(view: CaseView, d, s: int) -> int:  # noqa: ANN001
    """The start of the sentence at ``s``, or of the one before where that one's line wraps
    into it: a form line "[X] compliance requirement explained: use at least 4 hours per
    night on" / "    70% of nights (21 of 30 consecutive nights)" is one sentence, should
    the splitter cut it at the line break.  (Written for dev34cx-01, whose splitter kept the
    line whole: the rule's count there is caught by ``sleep.rule_taught_before``; no dev case
    turns on this guard.)"""
    if s <= 0 or not _WRAPPED_LINE_END.search(d.text, max(0, s - 40), s):
        return s
    return view.sentence_of(d, max(0, d.text.rfind("\n", 0, s) - 1))[0]


def _stated_threshold(view: CaseView, d, m) -> bool:
    """A percentage that states the rule or is not usage: "(>= 4 h on >= 70% of nights)", "Leak
    95%".
    """
    s, e = view.sentence_of(d, m.start)
    s = _start_across_wrap(view, d, s)
    pos = d.text.find(f"{m.value:g}", m.start, m.end)
    before = d.text[max(s, pos - 40) : pos]
    if cue("sleep.not_usage_before").search(before):
        return True  # "Leak 95% (L/min)", "95th percentile pressure": not usage
    after = pos + len(f"{m.value:g}")
    if cue("sleep.not_usage_after").match(d.text, after, min(len(d.text), after + 20)):
        return True  # "95% (L/min)": a leak or pressure column, whatever its name reads
    if cue("sleep.rule_before").search(before) and not (
        cue("sleep.use_before_rule").search(before)
        # "Goal: use >= 4 h on 70% of nights", "Medicare requires that he use CPAP >= 4 h per
        # night on 70% of nights": the use asked for, not the use made (review of 8dcdc79)
        and not cue("sleep.use_asked_before").search(d.text, s, pos)
    ):
        return True  # "(>= 4 h on 70% of nights ...)": the rule, not the patient's use
    if cue("sleep.rule_after").match(d.text, after, min(len(d.text), m.end + 20)):
        return True  # "reviewed 70% rule", "70% requirement": the rule named
    return bool(cue("sleep.threshold_before").search(d.text[max(s, pos - 12) : pos])) or bool(
        cue("sleep.rule_sentence").search(d.text, s, e)
    )


def _own_line(view: CaseView, d, start: int, end: int, before: int, after: int) -> str:
    """Up to ``before``/``after`` characters around a value, within its own line."""
    line_start, line_end = view.lines(d).bounds(start)
    return d.text[max(line_start, start - before) : min(max(line_end, end), end + after)]


_PREVIOUS_VALUE = re.compile(r"\d\s*(?:/|of)\s*\d+|\d\s*%")  # not "4 h": that is the label
_CELL_END = re.compile(r"\s{2,}|\t|\|")
_NEXT_ITEM = re.compile(r"[,;]|\(\s*\d")  # "26/30 nights (87%), >= 4 h 16/30": 26 is any use


def _ratio_label(view: CaseView, d, start: int, end: int) -> str:
    """The words that label a ratio: its own line from the previous value up to the next column
    gap.  On "Days used 28 / 30    Days >= 4 h 22 / 30" the ">= 4 h" labels 22/30, not 28/30."""
    text = _own_line(view, d, start, end, 45, 25)
    at = text.find(d.text[start:end])
    before, after = text[:at], text[at + (end - start) :]
    cut = [m.end() for m in _PREVIOUS_VALUE.finditer(before)]
    before = before[cut[-1] :] if cut else before
    ends = [m.start() for m in (_CELL_END.search(after), _NEXT_ITEM.search(after)) if m]
    return before + d.text[start:end] + (after[: min(ends)] if ends else after)


def _labelled_earlier_in_sentence(view: CaseView, d, start: int) -> bool:
    """A list of figures under one label: ">= 4 h on 60/90 nights (66.7%) overall; days 31-60:
    23/30 nights" -- the ">= 4 h" labels every figure after it in the sentence, unless another
    label ("used", "any use") comes between."""
    s, _ = view.sentence_of(d, start)
    before = d.text[s:start]
    hits = list(cue("common.four_hours").finditer(before))
    return bool(hits) and not _OTHER_USE_LABEL.search(before[hits[-1].end() :])


_OTHER_USE_LABEL = re.compile(r"\b(?:us(?:e|ed|age)|worn|wore|days with|device)\b", re.I)
SAME_PERIOD_DAYS = 3  # two figures whose periods start this close cover the same 30 days


def _period_start(view: CaseView, d, offset: int) -> date | None:
    """Where the period a figure covers begins: the first date on its own line, else the
    first date of its document's "Report period" line (a download's summary rows carry none)."""
    ds = _figure_days(view, d, offset)
    return min(ds) if ds else _only_month_range(view, d)


def _only_month_range(view: CaseView, d) -> date | None:
    """The first day of the one 30-day period a record names ("download pulled from the modem
    today covering august thirteenth through september eleventh 2025 which is 30 days", a
    paragraph above the figures it gives), when its figures carry no dates of their own and
    no "Report period" line heads them: a record that names one such period is telling of it.
    None when it names none or several different ones.

    Why: a supplier's dictated telephone note gave ">= 4 hours on 14 of 30 days (47 percent)"
    a paragraph below its period, so it had no period, and the clinic nurse's "greater than
    four hours on 28 of 30 nights" for the same days stood alone as met (dev2sv-02)."""
    lo, hi = MONTH_SPAN_DAYS
    found = {a.value for a, b in _written_ranges(view, d) if lo <= (b.value - a.value).days <= hi}
    return found.pop() if len(found) == 1 else None


_DAYS_RANGE_BEFORE = re.compile(r"\bdays?\s+(\d+)\s*[-–]\s*\d+\s*:?\s*$", re.I)
_DAYS_RANGE = re.compile(r"\bdays?\s+(\d+)\s*[-–]\s*\d+\b", re.I)
_OF_NIGHTS = re.compile(r"\b(\d+)\s*(?:/|of)\s*(\d+)\s*(?:nights|days)\b[^\n]{0,12}$", re.I)


def _not_a_dated_30_days(view: CaseView, d, m) -> bool:
    """A figure whose period its dates do not tell: "days 31-60: 23/30" after "01/27-04/26"
    (the block's first date is the setup, not the period's), or "11 of 21 nights (52%)" (not a
    30-day period at all).  The day-range label may stand anywhere before the figure on its
    own line, a label of the night count between ("days 31-60: >=4 h on 23/30 nights"): a
    line that carries no dates of its own is dated by the block's heading ("Download
    12/15/25-02/12/26 reviewed:"), whose first day is day 1, not day 31 -- so read as days
    1-30 it stood against the report's own days 1-30 row (dev20pi-04)."""
    before = d.text[max(0, m.start - 30) : m.start]
    if (r := _DAYS_RANGE_BEFORE.search(before)) and int(r.group(1)) > 1:
        return True
    line_start, _ = view.lines(d).bounds(m.start)
    labels = list(_DAYS_RANGE.finditer(d.text, line_start, m.start))
    if labels and int(labels[-1].group(1)) > 1 and not _line_days(view, d, m.start):
        return True
    n = _OF_NIGHTS.search(before)
    return bool(n and int(n.group(2)) < 28)


def _long_period(d, m) -> bool:
    """A figure over the whole download ("60/90 (67%)", "overall 67%"), not over 30 days."""
    if m.kind == "cpap_nights_ratio" and (m.extra or 30) > 31:
        return True
    return bool(cue("sleep.long_period").search(d.text, m.start, m.end))


def _dated_30_day_figures(view: CaseView, pct: list) -> list:
    """(doc, measure, value, period start) of the figures that cover a dated 30 days."""
    dated = [
        (d, m, v, _period_start(view, d, m.start))
        for d, m, v in pct
        if not _long_period(d, m) and not _not_a_dated_30_days(view, d, m)
    ]
    return [t for t in dated if t[3] is not None]


def _same_period_disagreement(dated: list, threshold: float):
    """Two documents giving the same 30 days opposite verdicts: the supplier's modem report
    "21 of 30 days (70.0%)" against the clinic's SD-card "16 of 30 nights (53%)" for 5/20-6/18.
    ``dated`` is :func:`_dated_30_day_figures`.  Returns ((doc, measure, value) meeting, (doc,
    measure, value) not meeting) or None."""
    for hd, hm, hv, hs in sorted(dated, key=lambda t: -t[2]):
        if hv < threshold:
            break
        for ld, lm, lv, ls in dated:
            if lv < threshold and ld.id != hd.id and abs((hs - ls).days) <= SAME_PERIOD_DAYS:
                return (hd, hm, hv), (ld, lm, lv)
    return None


def _table_disagreement(
    view: CaseView, dated: list, tables: list, threshold: float, start: date | None = None
):
    """A note's figure against a download table's row for the same 30 days, with opposite
    verdicts: "10/19-11/17: used 4 hours or more on 27 of 30 nights (90%)" in the sleep note,
    "Days 31-60 (10/19-11/17)  25/30  19/30 (63%)" in the supplier's table.  ``dated`` is
    :func:`_dated_30_day_figures`; ``start``, the day therapy began, dates a row labelled by
    its days of therapy (:func:`_row_period_start`).  Returns ((doc, measure, value) meeting,
    (doc, measure, value) not meeting) or None."""
    rows = [(v, _row_period_start(view, v, start)) for v in tables if v.evidence is not None]
    rows = [(v, s) for v, s in rows if s is not None]
    for d, m, value, start in sorted(dated, key=lambda t: -t[2]):
        for v, row_start in rows:
            if v.document.id == d.id or abs((row_start - start).days) > SAME_PERIOD_DAYS:
                continue
            if (value >= threshold) != (v.percent >= threshold):
                row = _TableFigure(v.evidence.start, v.evidence.end)
                hi, lo = ((d, m, value), (v.document, row, v.percent))
                return (hi, lo) if value >= threshold else (lo, hi)
    return None


MONTH_SPAN_DAYS = (27, 31)  # first to last day of a 30-day period, as its row may write them


def _row_period_start(view: CaseView, v, start: date | None) -> date | None:  # noqa: ANN001
    """Where a download table's row period begins: the first of its own dates -- unless they do
    not span a month and the row names its days of therapy ("12/01 - 10/02 (d1-30)", "Days
    31-60"), then the day that label counts to from the start of therapy.

    Why: a row's label in days of therapy is the author's own count; dates that do not span
    the 30 days the row sums were misread, as a day-first "12/01 - 10/02" (12 January to 10
    February) read month first is 1 December to 2 October.  On dev23ig-05 the physician's
    SD-card table ("d1-30  15/30  50%") was dated to December and never met the supplier's
    report of the same 30 days ("23/30 days (76.7%)", 01/12 - 02/10): two verdicts on one
    period, read as met."""
    d, at = v.document, v.evidence.start
    label = _day_range_label(view, d, at)
    if start is not None and label is not None and not _spans_a_month(_block_days(view, d, at)):
        return start + timedelta(days=label - 1)
    return _period_start(view, d, at)


def _day_range_label(view: CaseView, d, offset: int) -> int | None:  # noqa: ANN001
    """The first day of therapy a line's day-range label names ("d31-60" -> 31), or None."""
    line_start, line_end = view.lines(d).bounds(offset)
    m = cue("sleep.day_range").search(d.text, line_start, line_end)
    return int(m.group(1)) if m and int(m.group(1)) >= 1 else None


def _spans_a_month(days: list[date]) -> bool:
    """Whether dates run first to last over a 30-day period's span."""
    lo, hi = MONTH_SPAN_DAYS
    return len(days) >= 2 and lo <= (max(days) - min(days)).days <= hi


@dataclass(frozen=True)
class _TableFigure:
    """Where a table row's figure stands, as a measurement's span (for citing it)."""

    start: int
    end: int


def _checked_by_count(view: CaseView, d, m) -> float:
    """:func:`~casebrief.facts.adherence.checked_share` of a percent found in running text."""
    return checked_share(d.text[view.lines(d).start_of(m.start) : m.start], m.value)


def _unqualified_use(view: CaseView, unfit: list, start_told: list, p, ctx) -> Outcome | None:
    """Use documented, but in no form that can show >= 4 h on 70% of nights over a consecutive
    30 days in the first 3 months: a share over a shorter or a later period (``unfit``), or only
    an average time a night ("averages 5.1 h/night", which a few long nights can carry).  The
    packet addresses adherence without documenting it -- ``not_met``, as for a therapy given
    without its dates, and the brief asks for the download -- not ``missing``."""
    facts = {"min_percent": p["min_percent_nights"]}
    if unfit:
        short = [t for t in unfit if _shorter_than_30_days(view, t[0], t[1].start)]
        ev = [
            sentence_evidence(d, *view.sentence_of(d, m.start), (m.start, m.end))
            for d, m, _ in short + unfit
        ]
        key = "short_period" if short else "late_period"
        return Outcome("not_met", ctx.say(key, **facts)).cite(ev + start_told, 6)
    average, not_use = cue("sleep.average_use"), cue("sleep.not_device_average")
    ev = [
        e
        for e in view.sentences_matching(average)
        if not not_use.search(
            e.document.text, e.start, average.search(e.document.text, e.start, e.end).start()
        )
        and cue("sleep.average_context").search(
            e.document.text, max(0, e.start - NONUSE_DEVICE_NEAR), e.end
        )
    ]
    if not ev:
        return None
    return Outcome("not_met", ctx.say("only_average", **facts)).cite(ev + start_told, 6)


def _use_told_in_words(view: CaseView) -> list[Evidence]:
    """Sentences that tell the patient's use of the device in words -- how many nights, how
    many hours a night, or that the patient is compliant ("estimates that he uses the CPAP
    approximately 5 to 7 nights per week", "wears it about 3 hours a night", "compliant with
    CPAP") -- with no figure of a download.  Why: such an account addresses adherence but
    cannot show >= 4 h on 70% of nights in a consecutive 30-day period, so the criterion is
    not_met and the brief asks for the download, as for a therapy told without its dates; read
    as silence it was ``missing``, and the office was asked for what it had in part told.
    Not an instruction or goal ("continue CPAP nightly", "advised to wear it every night"),
    an order, a condition, a coverage rule, a night in hospital, in the sleep lab or of the
    sleep study, an old device's use, a use the note cannot tell ("unclear whether he is
    compliant"), a form's unanswered item, or a relative's use; "it" must have a PAP device
    named shortly before."""
    told, unfit, conditional = (
        cue("sleep.narrative_use"),
        cue("sleep.narrative_use_not"),
        cue("common.conditional"),
    )
    device = cue("sleep.pap_device")
    return [
        e
        for e in view.sentences_matching(told)
        if not unfit.search(e.quote)
        and not conditional.search(e.quote)
        and not cue("sleep.rule_sentence").search(e.quote)
        # a form's item left to answer ("Does the patient use the CPAP every night? ____",
        # "uses CPAP >= 4 hours per night: [ ] Yes [ ] No") asks, it does not tell
        and not cue("common.form_item_unanswered").search(e.quote)
        # a relative's device ("His wife ... uses her CPAP every night", a family history)
        and not told_of_someone_else(
            view, e.document, e.start, told.search(e.document.text, e.start, e.end).start()
        )
        and device.search(e.document.text, max(0, e.start - NONUSE_DEVICE_NEAR), e.end)
    ]


@evaluator("device_adherence")
def device_adherence(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    pct = [
        (d, m, _checked_by_count(view, d, m))
        for d, m in view.measurements("cpap_pct_nights")
        if not _stated_threshold(view, d, m)
    ]
    four_hours = cue("common.four_hours")
    pct += [
        (d, m, round(100 * m.value / (m.extra or 30), 1))
        for d, m in view.measurements("cpap_nights_ratio")
        if (
            four_hours.search(_ratio_label(view, d, m.start, m.end))
            or _labelled_earlier_in_sentence(view, d, m.start)
        )
        # "Medicare/Payer 70% rule (21 of 30 consecutive days >= 4 h) met: NO": the rule's count
        and not _rule_count(view, d, m)
    ]  # "days used 29/30" is any use, not >= 4 h (the line above may be the >= 4 h row)
    pct = [t for t in pct if plausible_share(t[2])]  # not "600%" for 60.0%, nor "27/20"
    start, start_told = cpap_start_told(view)
    tables = table_adherence(view)
    # only 30-day periods within the first 3 months of therapy count; what else there is
    # still addresses adherence (:func:`_unqualified_use`)
    unfit = [t for t in pct if _shorter_than_30_days(view, t[0], t[1].start)]
    if start is not None:
        unfit += [t for t in pct if _after_first_months(view, t[0], t[1].start, start)]
    pct = [t for t in pct if not any(t is u for u in unfit)]
    tables = [
        v
        for v in tables
        if v.evidence is None
        or not (
            _shorter_than_30_days(view, v.document, v.evidence.start)
            or (
                start is not None and _after_first_months(view, v.document, v.evidence.start, start)
            )
        )
    ]
    if not pct and not tables:
        told = cue("sleep.narrative_nonadherence")
        said = [
            e
            for e in view.sentences_matching(told)
            if not cue("common.conditional").search(e.quote)
            and not cue("sleep.use_resumed").search(e.quote)
            and cue("sleep.pap_device").search(
                e.document.text, max(0, e.start - NONUSE_DEVICE_NEAR), e.end
            )
        ]
        if said:  # "she never used it at night ... now every other night"
            return Outcome(
                "not_met", ctx.say("told_in_words", min_percent=p["min_percent_nights"])
            ).cite(said, 4)
        unqualified = _unqualified_use(view, unfit, start_told, p, ctx)
        if unqualified is not None:
            return unqualified
        told_use = _use_told_in_words(view)
        if told_use:  # "uses the CPAP approximately 5 to 7 nights per week"; no download
            return Outcome(
                "not_met", ctx.say("use_told_in_words", min_percent=p["min_percent_nights"])
            ).cite(told_use + start_told, 4)
        return Outcome("missing", ctx.say("missing"))
    facts = {"min_percent": p["min_percent_nights"]}
    dated = _dated_30_day_figures(view, pct)
    threshold = p["min_percent_nights"]
    monthly = [t for t in dated if not _longer_than_30_days(view, t[0], t[1].start)]
    if any(t[2] >= threshold for t in monthly) or any(v.percent >= threshold for v in tables):
        # a share over a longer period agrees with the 30 days that meet the standard, whatever
        # other 30 days did: it is set against them only where no 30 days meet it (dev31cf-05:
        # "use >= 4 h on 91% of nights" over 90 days against a best window of 66.7%)
        dated = monthly
    clash = _same_period_disagreement(dated, threshold) or _table_disagreement(
        view, dated, tables, threshold, start
    )
    if clash:
        (hd, hm, hv), (ld, lm, lv) = clash
        return Outcome(
            "needs_review", ctx.say("disagree", high=f"{hv:g}", low=f"{lv:g}", **facts)
        ).cite(
            [
                sentence_evidence(hd, *view.sentence_of(hd, hm.start), (hm.start, hm.end)),
                sentence_evidence(ld, *view.sentence_of(ld, lm.start), (lm.start, lm.end)),
            ]
            + [
                sentence_evidence(dd, *view.sentence_of(dd, mm.start), (mm.start, mm.end))
                for dd, mm, _ in sorted(pct, key=lambda t: -t[2])
            ],
            5,
        )
    quoted = [
        sentence_evidence(dd, *view.sentence_of(dd, mm.start), (mm.start, mm.end))
        for dd, mm, _ in sorted(pct, key=lambda t: -t[2])
    ]
    attested = _form_claim_against_download(view, pct, tables, p["min_percent_nights"], start)
    if attested is not None:
        (hd, hm, hv), low = attested
        return Outcome(
            "needs_review", ctx.say("form_disputed", high=f"{hv:g}", low=f"{low:g}", **facts)
        ).cite(
            [sentence_evidence(hd, *view.sentence_of(hd, hm.start), (hm.start, hm.end))]
            + [q for q in quoted if q.document is not hd]
            + [v.evidence for v in tables if v.evidence is not None],
            5,
        )
    best_table = max(tables, key=lambda v: v.percent) if tables else None
    if best_table is not None and (not pct or best_table.percent > max(t[2] for t in pct)):
        ev = [v.evidence for v in sorted(tables, key=lambda v: -v.percent) if v.evidence][
            :3
        ] + quoted
        ev += start_told
        ev += not_planned(view.sentences_matching(cue("sleep.adherence_support")))
        best = best_table.percent
        how = (
            ctx.say("from_table_how", how=best_table.how)
            if best_table.how != "table"
            else ctx.say("from_table")
        )
        key = "enough" if best >= p["min_percent_nights"] else "not_enough"
        return Outcome(
            "met" if key == "enough" else "not_met",
            ctx.say(key, percent=f"{best:g}", how=how, **facts),
            value=best,
        ).cite(ev, 8)
    d, m, best = max(pct, key=lambda t: t[2])
    ev = (
        quoted[:3]
        + start_told
        + quoted[3:]
        + [
            e
            for e in not_planned(view.sentences_matching(cue("sleep.adherence_support")))
            if e.document is not d
        ]
    )
    key = "enough" if best >= p["min_percent_nights"] else "not_enough"
    return Outcome(
        "met" if key == "enough" else "not_met",
        ctx.say(key, percent=f"{best:g}", how="", **facts),
        value=best,
    ).cite(ev, 6)


def _form_claim_against_download(
    view: CaseView, pct: list, tables: list, threshold: float, start: date | None
):
    """A request form's (or an attestation's) figure that meets the rule, where every figure of
    the records themselves -- the download, its table, a clinician's reading of it -- falls
    short: a supplier's signed "Nights >= 4 h: 74% of nights" for 04/10-05/09 against the
    device download's 30-day rows of 50-57% and its "best 30-day window ... 60.0%" (dev32cp-04).
    The form is the requester's account of the data and the data do not bear it out: a
    reviewer decides (the convention for a signed form against the primary record).  Returns
    ((doc, measure, value) of the form's best figure, the records' best value) or None."""
    high = [t for t in pct if t[2] >= threshold]
    if not high or any(t[0].type != "request_form" for t in high):
        return None
    best = max(high, key=lambda t: t[2])
    # only the records' figures of the form's own 30 days (or of none told): a download of the
    # first month at 60% says nothing of the form's later 30 days at 77% (review of b83ec45)
    told = _period_start(view, best[0], best[1].start)

    def _same_days(day: date | None) -> bool:
        return told is None or day is None or abs((day - told).days) < 30

    records = [
        t[2]
        for t in pct
        if t[0].type != "request_form" and _same_days(_period_start(view, t[0], t[1].start))
    ] + [
        v.percent
        for v in tables
        if v.document.type != "request_form"
        and _same_days(_row_period_start(view, v, start) if v.evidence is not None else None)
    ]
    if not records or max(records) >= threshold:
        return None
    return best, max(records)


_F2F_WORDS = re.compile(r"face|f2f|evaluation|eval\b|clinical|in[- ]person", re.IGNORECASE)


def _form_claims_evaluation_before(view: CaseView, test_date: date) -> list[Evidence]:
    """The request form's own dated face-to-face evaluation before the test ("1. FACE-TO-FACE
    CLINICAL EVALUATION PRIOR TO SLEEP TEST / Date of evaluation: 10/28/2025 (in office)"), on a
    day no other record of the packet is dated: the requester's account, which the records do
    not bear out."""
    told = cue("sleep.form_evaluation_date")
    days = {d.date for d in view.documents if d.type != "request_form" and d.date}
    out = []
    for d in view.documents:
        if d.type != "request_form":
            continue
        for m in told.finditer(d.text):
            # "Prior sleep test: HSAT   Date of exam: 09/15/2025": a plain exam's or visit's
            # date on a line of the test is the test's (review of b83ec45)
            lines = view.lines(d)
            line = d.text[lines.start_of(m.start()) : lines.end_of(m.end())]
            if not _F2F_WORDS.search(m.group(0)) and cue("sleep.study_title").search(line):
                continue
            said = [
                x.value
                for x in find_dates(d.text[m.end() : m.end() + 30], d.date, dmy=d.day_first)
                if x.precision == "day"
            ]
            if said and said[0] < test_date and said[0] not in days:
                s, e = view.sentence_of(d, m.start())
                out.append(sentence_evidence(d, s, e))
    return out


def _visit_documents(view: CaseView):
    """Documents that may record a face-to-face visit: office notes and letters, or notes whose
    first lines say they are a follow-up."""
    return [
        d
        for d in view.documents
        if d.date
        and (
            d.type in {"office_note", "letter"}
            or (d.type not in NOT_VISIT_DOCS and cue("sleep.follow_up_heading").search(d.head(600)))
        )
    ]


def _persisting_accounts(view: CaseView, visit, start) -> list:  # noqa: ANN001
    """Sentences of other records, dated after therapy began and within ``CONFLICT_DAYS`` of
    the re-evaluation visit (the same fortnight), saying the symptoms persist on therapy: the
    visit note's "much improved, Epworth 6" against a language-line call two days later,
    "continuo com muito sono ... dozed in the truck" (dev15ip-04).  Questions and conditions
    are no account."""
    if visit.date is None:
        return []
    out = []
    for d in view.documents:
        if d is visit or d.date is None or d.type in {"fax_cover", "sleep_study"}:
            continue
        if (start and d.date <= start) or abs((d.date - visit.date).days) > CONFLICT_DAYS:
            continue
        out += _persisting_sentences(view, d)
    return out


def _persisting_sentences(view: CaseView, d) -> list:  # noqa: ANN001 - a Document
    """The sentences of ``d`` that say the sleep symptoms persist on therapy; questions and
    conditions are no account."""
    persist, about = cue("sleep.persisting_on_therapy"), cue("sleep.sleep_symptom_words")
    conditional = cue("common.conditional")
    out = []
    for s, e in view.sentences(d):
        sent = d.text[s:e]
        if (
            persist.search(sent)
            and about.search(sent)
            and not conditional.search(sent)
            and not sent.rstrip().endswith("?")
        ):
            out.append(sentence_evidence(d, s, e))
    return out


def _later_visits_persisting(view: CaseView, later: list, visit) -> list:  # noqa: ANN001
    """Sentences of a later face-to-face visit of the same window (days 31-91) saying the
    symptoms persist on therapy, where that visit tells no improvement of its own: the sleep
    visit's "much better, Epworth 8" on day 49 against the PCP's "CPAP has not improved her
    daytime sleepiness at all ... Epworth 16" on day 70 (dev34cx-04; three weeks apart, beyond
    :func:`_persisting_accounts`' fortnight).  Two re-evaluations of the window disagree on
    the fact that decides.  An earlier visit's "no better yet" before a later improvement is a
    change, not a dispute, and is not read here."""
    out = []
    for v in later:
        d = v[0] if isinstance(v, tuple) else v
        if d is visit or _improvement_sentences(view, v):
            continue
        out += _persisting_sentences(view, d)
    return out


def _own_phone_contact(head: str) -> bool:
    """A phone word in a note's opening lines that names this contact, not a reference to
    another record: "HPI (copied from 11/10/2025 telephone encounter)", "per phone note 1/3" cite
    an earlier call above an in-clinic visit (dev15cf-03's visit was read as a phone call)."""
    other = cue("sleep.other_record_before")
    return any(
        not other.search(head[max(0, m.start() - 40) : m.start()])
        for m in cue("sleep.phone_contact").finditer(head)
    )


def _in_person_entry_of_its_day(view: CaseView, d) -> bool:
    """An encounter printout that opens with a phone call but holds, further down, the in-person
    visit of the record's own day ("TELEPHONE ENCOUNTER 04/21/2026 ..." then "OFFICE VISIT   Date
    of service: 06/15/2026   (in person)" in a sleep center's printout dated 06/15): the record is
    that visit's (dev31cf-05: the 90-day visit was read as no re-evaluation at all)."""
    if d.date is None:
        return False
    lines = view.lines(d)
    not_this = cue("sleep.negation_before")
    remote = cue("sleep.remote_contact_line")
    read: set[int] = set()  # the lines already read (an in-person word may stand twice on one)
    # the in-person words of the whole record, each read on its own line (none spans a line)
    for h in cue("sleep.in_person").finditer(d.text):
        a, b = lines.bounds(h.start())
        if a in read or not_this.search(d.text[max(a, h.start() - 30) : h.start()]):
            continue
        read.add(a)
        if remote.search(d.text, a, b):
            continue  # "Visit type: telephone (converted from in-person visit)", "Phone visit
            # 05/01/2026 in lieu of office visit": the call of that day, not a visit (review of
            # 8dcdc79: read as the face-to-face re-evaluation)
        if any(x.value == d.date and x.precision == "day" for x in view.dates_in(d, a, b)):
            return True
    return False


def _is_reevaluation_visit(d) -> bool:
    if _own_phone_contact(d.head(500)):
        return False
    # a coverage letter is not a re-evaluation visit, unless it reports seeing the patient
    return not (
        d.type == "letter"
        and (
            cue("sleep.coverage_letter").search(d.head(600))
            or not cue("sleep.saw_patient").search(d.text)
        )
    )


_CLAUSE_BREAK = re.compile(r"[,;:]|\s[-–]\s")


def _symptom_improvement(sent: str) -> bool:
    """Whether a sentence tells the symptoms improved: an improvement word that no negation a
    few words before denies ("Denies any improvement in daytime sleepiness", "no symptomatic
    improvement yet"), whose subject is not the device's use or fit ("usage improving",
    "tolerating better"), and whose clause states no condition ("If EDS persists after usage
    improves ...").

    Why: the day-70 visit of dev16pm-06 documents no improvement (ESS 16 against 15, "Denies
    any improvement") and was read as improved from those four sentences; the improvement
    the gold names came on day 119, outside the window."""
    if cue("sleep.no_improvement").search(sent):
        return False
    if _of_another_problem(sent):
        return False
    negated = cue("sleep.improvement_negated_before")
    before, after = cue("sleep.improvement_object_before"), cue("sleep.improvement_object_after")
    conditional = cue("common.conditional")
    for m in cue("sleep.improvement").finditer(sent):
        lead = sent[max(0, m.start() - 40) : m.start()]
        if negated.search(lead) or before.search(lead) or after.match(sent, m.start()):
            continue
        bounds = [b.end() for b in _CLAUSE_BREAK.finditer(sent, 0, m.start())]
        nxt = _CLAUSE_BREAK.search(sent, m.end())
        clause = sent[bounds[-1] if bounds else 0 : nxt.start() if nxt else len(sent)]
        if conditional.search(clause):
            continue
        return True
    return False


def _of_another_problem(sent: str) -> bool:
    """The sentence tells of another problem than the sleep apnea and names none of its
    symptoms or its therapy: a problem list's "3. Insomnia - improving with CBT-I", "HTN -
    better on lisinopril", "Knee pain improved after the injection".  Such an improvement is
    that problem's, not the CPAP's symptomatic benefit the re-evaluation must document; a
    sentence that also names the apnea's symptoms or the device ("less sleepy on CPAP, BP
    improved") still tells it.

    Why: the day-64 visit of dev22bh-02 documents "no improvement in daytime sleepiness" and
    "OSA on CPAP without clinical benefit", and was read as improved from its insomnia item;
    the improvement came on day 109, outside the window."""
    return bool(cue("sleep.improvement_other_problem").search(sent)) and not cue(
        "sleep.osa_symptom_words"
    ).search(sent)


def _improvement_sentences(view: CaseView, d) -> list:  # noqa: ANN001
    """The visit note's sentences that tell the symptoms improved (:func:`_symptom_improvement`);
    for a records review's entry (``(document, entry)``), the entry's sentences."""
    if isinstance(d, tuple):
        doc, x = d
        return [
            sentence_evidence(doc, s, e)
            for s, e in view.sentences(doc)
            if x.start <= s < x.end
            and cue("sleep.improvement").search(doc.text, s, e)
            and _symptom_improvement(doc.text[s:e])
        ]
    return [
        e
        for e in view.sentences_matching(cue("sleep.improvement"), [d])
        if _symptom_improvement(e.quote)
    ]


def _not_improved_sentences(view: CaseView, d) -> list:  # noqa: ANN001
    """The visit note's sentences that tell the symptoms persist on therapy or did not
    improve ("No improvement in daytime sleepiness", "still nodding off at my desk"), and its
    Epworth lines; questions and conditions are no account."""
    conditional = cue("common.conditional")
    persisting, unchanged = cue("sleep.persisting_on_therapy"), cue("sleep.no_improvement")
    about = cue("sleep.sleep_symptom_words")
    out = []
    for s, e in view.sentences(d):
        sent = d.text[s:e]
        if conditional.search(sent) or sent.rstrip().endswith("?"):
            continue
        if (
            persisting.search(sent)
            or (unchanged.search(sent) and about.search(sent))
            or (_EPWORTH.search(sent) and re.search(r"\d", sent))
        ):
            out.append(sentence_evidence(d, s, e))
    return out


def _improvement_disputed_within(view: CaseView, d, imp: list) -> list:  # noqa: ANN001
    """Sentences of the visit note ``d`` itself that deny the improvement its ``imp``
    sentences tell, about the same symptom (cue ``sleep.symptom_of_therapy``): the medical
    assistant's intake "Pt states daytime sleepiness is better since starting CPAP" above the
    physician's own "no improvement in sleepiness yet (ESS 12 vs 9 before therapy)" and "no
    different than before" (dev26sl-06, met on the intake line).  One visit, two accounts of
    the fact that decides: a reviewer decides.  A denial about another symptom ("snoring
    resolved" beside "sleepiness unchanged") is a partial improvement, no dispute; questions,
    conditions and other problems' words are no account.  [] when nothing disputes."""
    if isinstance(d, tuple):
        return []
    groups, denied = cue("sleep.symptom_of_therapy"), cue("sleep.improvement_denied")
    conditional = cue("common.conditional")
    improved = {m.lastgroup for e in imp for m in groups.finditer(e.quote)}
    told = {e.start for e in imp}
    out = []
    for s, e in view.sentences(d):
        sent = d.text[s:e]
        if s in told or not denied.search(sent) or sent.rstrip().endswith("?"):
            continue
        if conditional.search(sent) or _of_another_problem(sent):
            continue
        if {m.lastgroup for m in groups.finditer(sent)} & improved:
            out.append(sentence_evidence(d, s, e))
    return out


_EPWORTH = re.compile(r"\b(?:epworth|ESS)\b", re.IGNORECASE)  # a score line: "ESS today: 15/24"


def _start_disputed(view: CaseView, candidates: list, start: date, p: dict[str, Any]) -> list:
    """Evidence of both start dates when the packet tells therapy starting on two days and the
    re-evaluation's verdict turns on which: the DME set-up ticket's "Set-up date: 02/03/2026 ...
    begin therapy tonight" makes the 05/06 visit day 92, the device's "Therapy start date (first
    use recorded): 02/17/2026" and the physician's "started on APAP 2/17/26" day 78 (dev23bm-06,
    not_met on the earliest start).  Nothing in the packet says which start counts, so a
    reviewer decides.  [] when every start told gives the same verdict.

    The verdict: some visit inside the window documents improvement.  Only starts told to the
    day and labelled as the start (:func:`_cpap_starts`), not a restart after a break
    ("restarted CPAP 04/01")."""

    def verdict(shift: int) -> bool:
        return any(
            p["min_day"] <= n - shift <= p["max_day"] and _improvement_sentences(view, d)
            for n, d in candidates
        )

    base = verdict(0)
    for day, ev in _cpap_starts(view, labelled=True):
        if day == start or cue("sleep.therapy_restarted").search(ev.quote):
            continue
        if verdict((day - start).days) != base:
            _, first_told = cpap_start_told(view, day_only=False)
            # a records review's entry is cited by its document
            visits = {
                id(d): d for d in (x[0] if isinstance(x, tuple) else x for _, x in candidates)
            }
            return (
                first_told
                + [ev]
                + [sentence_evidence(d, *view.opening_sentence(d)) for d in visits.values()][:2]
            )
    return []


@evaluator("reevaluation_window")
def reevaluation_window(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    start = cpap_start(view, day_only=False)
    candidates = []
    topic = cue("sleep.reeval_topic")
    for d in _visit_documents(view):
        if not _is_reevaluation_visit(d) and not _in_person_entry_of_its_day(view, d):
            continue
        if not topic.search(d.text):
            # why: a visit that names no sleep, apnea, snoring or sleepiness word is a visit for
            # another problem (a newborn's discharge after delivery-room CPAP): not a
            # re-evaluation, so it neither meets nor fails the window
            continue
        days = None
        m = cue("sleep.day_of_therapy").search(d.text)
        if start and d.date > start:
            days = (d.date - start).days
        elif m:
            days = int(m.group(1))
        if days is None or days <= 0:
            continue
        candidates.append((days, d))
        if start is None:
            continue
        # a records review's dated entries: each follow-up it tells is a visit of its own day
        for x in chronology_entries(view, d):
            head = x.text(d)[:300]
            if x.day <= start or _own_phone_contact(head) or _remote_entry(d, x):
                continue
            if not cue("sleep.follow_up_heading").search(head) and not cue(
                "sleep.in_person"
            ).search(head):
                continue
            candidates.append(((x.day - start).days, (d, x)))
    if not candidates:
        return Outcome("missing", ctx.say("missing"))
    facts = {"min_day": p["min_day"], "max_day": p["max_day"]}
    disputed = _start_disputed(view, candidates, start, p) if start else []
    if disputed:
        return Outcome("needs_review", ctx.say("start_disputed", **facts)).cite(disputed, 6)
    inside = [(n, d) for n, d in candidates if p["min_day"] <= n <= p["max_day"]]
    if not inside:
        n, d = min(candidates, key=lambda t: abs(t[0] - p["max_day"]))
        d = d[0] if isinstance(d, tuple) else d
        return Outcome("not_met", ctx.say("outside", day=n, **facts)).cite(
            [sentence_evidence(d, *view.opening_sentence(d)), *visit_lines(d)], 3
        )
    # any visit of the window that documents improvement meets the rule; the first in the
    # packet's order is not the one that decides (a DME refit's "much better seal" was read as
    # the day-31 re-evaluation's improvement while the day-71 sleep visit documents it:
    # dev11sd-01)
    n, d = next(((n, d) for n, d in inside if _improvement_sentences(view, d)), inside[0])
    imp = _improvement_sentences(view, d)
    if isinstance(d, tuple):  # a records review's entry: it is the visit
        d = d[0]
    if imp:
        within = _improvement_disputed_within(view, d, imp)
        if within:
            return Outcome(
                "needs_review", ctx.say("improvement_disputed_within", day=n, **facts)
            ).cite([imp[0], within[0], *within[1:3], *imp[1:3]], 6)
        rival = _persisting_accounts(view, d, start) or _later_visits_persisting(
            view, [v for m, v in inside if m > n], d
        )
        if rival:
            return Outcome("needs_review", ctx.say("improvement_disputed", day=n, **facts)).cite(
                [imp[0], rival[0], *rival[1:3], *imp[1:3]], 6
            )
        return Outcome("met", ctx.say("improved", day=n, **facts)).cite(
            imp[:1]
            + visit_lines(d)
            + imp[1:3]
            + view.sentences_matching(cue("sleep.reeval_support"), [d]),
            8,
        )
    # the visit, and what it says of the symptoms on therapy ("Daytime sleepiness: no change.")
    return Outcome("not_met", ctx.say("not_improved", day=n, **facts)).cite(
        [sentence_evidence(d, *view.opening_sentence(d)), *visit_lines(d)]
        + _not_improved_sentences(view, d),
        6,
    )
