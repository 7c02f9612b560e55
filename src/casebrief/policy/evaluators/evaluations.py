"""Evaluations (psychological, nutrition) and their clearance decisions."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from casebrief.facts.evidence import sentence_evidence
from casebrief.facts.mentions import CaseView
from casebrief.facts.therapy import PLAN_SECTIONS
from casebrief.lexicon import cue
from casebrief.nlp.dates import find_dates, number_value, unit_days
from casebrief.policy.evaluators.base import (
    Context,
    addendum_date,
    addendum_heading,
    documents_doing,
    evaluator,
    fmt_date,
    not_planned,
    prefer,
)
from casebrief.policy.result import Outcome

_UNTICKED_OPTION = re.compile(r"(?:\[\s*\]|☐)\s*[^\[☐☒☑\n]*")
_TICKED_BOX = re.compile(r"\[\s*[xX✓✔*]\s*\]|[☒☑]")


def _unanswered_question(sentence: str) -> bool:
    """A form's line whose boxes are all left empty ("Cleared for surgery:  [ ] Yes  [ ] No"):
    the question asked, no answer given -- not a clearance, whatever its words (review of
    8306924: read as cleared once a form's sub-item under the evaluator's line was read)."""
    lines = sentence.splitlines()
    return any(_UNTICKED_OPTION.search(ln) for ln in lines) and not any(
        _TICKED_BOX.search(ln) for ln in lines
    )


def _earlier_evaluation(d, sent: str) -> bool:
    """The sentence tells an earlier evaluation's decision: "at that time", "another program",
    or "in 2023" in a document of a later year."""
    if cue("evaluations.earlier_evaluation").search(sent):
        return True
    years = [int(y) for y in re.findall(r"\bin ((?:19|20)\d\d)\b", sent)]
    return bool(d.date and years and max(years) < d.date.year)


def _decided_on(day: date, ev) -> date:
    """When a decision was made: the earlier day a sentence recounts it from ("In my evaluation
    of 03/05/2026 I found him an appropriate candidate pending ..."), else its document's."""
    d = ev.document
    earlier = [
        x.value
        for x in find_dates(ev.quote, d.date, dmy=d.day_first)
        if d.date is not None and x.precision == "day" and x.value < d.date
    ]
    return min(earlier) if earlier else day


def _cleared_on(day: date, ev) -> date:
    """When a clearance was given: the latest earlier day its sentence tells ("Psychological
    evaluation: completed 01/20/2026 with Dr. X - cleared for surgery" in a letter of March),
    else its document's.

    Why: a surgeon's checklist that calls the psychologist's evaluation "cleared" recounts that
    evaluation, it is no later decision.  Read by its letter's day, it stood after the
    psychologist's own "clearance deferred pending CBT" of that very evaluation as if the
    condition had since been met, and the contradiction read as met (dev23ds-05's class: the
    report's refusal against the surgeon's "cleared")."""
    d = ev.document
    earlier = [
        x.value
        for x in find_dates(ev.quote, d.date, dmy=d.day_first)
        if d.date is not None and x.precision == "day" and x.value < d.date
    ]
    return max(earlier) if earlier else day


@evaluator("evaluation_clearance")
def evaluation_clearance(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """An evaluation with a clearance decision; contradicting decisions need review.

    A clearance sentence counts when it sits in the evaluator's own report (a document whose
    heading names the evaluation) or names the evaluation itself ("psychologically cleared").
    """
    subject = re.compile(p["subject"], re.I)
    procedure = re.compile(p["procedure"], re.I) if p.get("procedure") else None
    done = view.find(concepts=p["concepts"], assertions={"present", "historical"})
    yes, no = [], []
    lapsed: list = []  # clearances whose own stated period ended before the request
    superseding: list[tuple[date, list]] = []  # reports that supersede an earlier decision
    for d in view.documents:
        if d.type == "fax_cover":
            continue
        own_report = bool(subject.search(d.head(500))) and d.type != "request_form"
        if own_report and _by_a_nurse(d.head(500)):
            continue  # a nurse's psychosocial screen is not the evaluation, whatever it decides
        other_report = _for_another_procedure(d.head(500), procedure)
        completes: list = []  # an addendum naming the evaluation it completes
        if own_report and not other_report and d.date is not None:
            said = view.sentences_matching(cue("evaluations.supersedes_earlier"), [d])
            if said:
                superseding.append((d.date, said))
            completes = view.sentences_matching(cue("evaluations.completes_earlier"), [d])
        decided_before = len(yes) + len(no)
        sents = view.sentences(d)
        for i, (s, e) in enumerate(sents):
            # a form's options left unticked say nothing: "[X] cleared  [ ] not cleared"
            if _unanswered_question(d.text[s:e]):
                continue  # "Cleared for surgery:  [ ] Yes  [ ] No": asked, not answered
            sent = _without_dispositions(_UNTICKED_OPTION.sub(" ", d.text[s:e]))
            if (
                procedure is not None
                and not procedure.search(sent)
                and (other_report or cue("evaluations.other_procedure").search(sent))
            ):
                continue  # a decision for another procedure: "cleared for a SCS trial"
            if (
                not own_report
                and not subject.search(sent)
                and not _entry_names(d, sents, i, subject)
                and not _sub_item_of_subject(view, d, s, subject)
            ):
                continue
            # an addendum's sentences are of the addendum's day ("ADDENDUM - 06/24/2026")
            day = addendum_date(view, d, s) or d.date or date.min
            if (
                cue("evaluations.clearance_no").search(sent)
                or (
                    _told_of_this_evaluation(cue("evaluations.clearance_no_told"), sent, subject)
                    and not cue("common.conditional").search(sent)
                )
                or _row_puts_clearance_on_hold(sent, subject)
            ):
                # an earlier program's decision is neither a clearance nor a denial now
                if not _earlier_evaluation(d, sent):
                    no.append((day, sentence_evidence(d, s, e)))
            elif (
                (cue("evaluations.clearance_yes").search(sent) or _clearance_held(sent, subject))
                and not cue("evaluations.clearance_conditional").search(sent)
                and not _by_a_nurse(sent)
            ):
                if _lapsed_before(d, day, view.request_date):
                    lapsed.append(sentence_evidence(d, s, e))
                else:
                    yes.append((day, sentence_evidence(d, s, e)))
        if completes and len(yes) + len(no) > decided_before:
            # an addendum supersedes what it decides: one that adds results and no decision
            # ("recommendations are unchanged") leaves the evaluation's own decision standing
            superseding.append((d.date, completes))
    yes, no = _since_superseded(yes, no, superseding)
    # the report's own word that it replaces the earlier decision, for the reviewer
    latest = max((day for day, _ in superseding), default=None)
    replaced = [ev for day, said in superseding if day == latest for ev in said]
    yes, no = _this_episode(yes, no)
    if yes and no and all(cue("evaluations.clearance_pending").search(ev.quote) for _, ev in no):
        # "appropriate candidate pending completion of 4 CBT sessions" (March), then "he is
        # psychologically cleared" (May): the condition was met, not a contradiction -- unless
        # the clearance is a later record's account of that same evaluation (_cleared_on)
        # ... or the same report clears below its own deferral (a psychologist's addendum
        # "Final determination: ... CLEARED" under "clearance DEFERRED at this time", filed as
        # one record dated by the addendum: dev31cf-04)
        if max(_cleared_on(day, ev) for day, ev in yes) > max(
            _decided_on(day, ev) for day, ev in no
        ) or all(_cleared_below(view, n, yes) for n in no):
            return Outcome("met", ctx.say("cleared")).cite(
                [ev for _, ev in sorted(yes, key=lambda t: t[0], reverse=True)] + prefer(done), 3
            )
    if (
        yes
        and no
        and (
            {ev.document.id for _, ev in yes} != {ev.document.id for _, ev in no}
            or _form_against_report(yes, no)
        )
    ):
        return Outcome("needs_review", ctx.say("contradiction")).cite(
            [max(yes, key=lambda t: t[0])[1], max(no, key=lambda t: t[0])[1]]
            + [ev for _, ev in no + yes],
            4,
        )
    if no and (not yes or max(t[0] for t in no) >= max(t[0] for t in yes)):
        return Outcome("not_met", ctx.say("not_cleared")).cite(
            [ev for _, ev in no][:3] + replaced, 3 + len(replaced[:1])
        )
    if yes:
        return Outcome("met", ctx.say("cleared")).cite(
            [ev for _, ev in sorted(yes, key=lambda t: t[0], reverse=True)][:3]
            + replaced[:1]
            + prefer(done),
            3 + len(replaced[:1]),
        )
    if lapsed:
        return Outcome("missing", ctx.say("lapsed")).cite(lapsed, 3)
    pending = view.find(concepts=p["concepts"], assertions={"hypothetical"})
    return Outcome("missing", ctx.say("only_planned" if pending else "missing"))


def _lapsed_before(d, day: date, request_date: date) -> bool:  # noqa: ANN001 - Document
    """The clearance's own document says how long its decision holds ("valid for 12 months
    from the date of evaluation") and that period ended before the request: an outside
    evaluation of 2019 clears no one for surgery in 2026.  Its sentence is shown, the status is
    ``missing`` (no current clearance), not ``not_met`` (nobody refused it)."""
    if day == date.min:
        return False
    for m in cue("evaluations.validity_period").finditer(d.text):
        n = number_value(m.group("num") or m.group("num2"))
        days = n * unit_days(m.group("unit") or m.group("unit2"))
        if n and day + timedelta(days=days) < request_date:
            return True
    return False


_PSYCH_WORD = re.compile(r"\bpsych", re.I)


def _cleared_below(view: CaseView, held: tuple, yes: list) -> bool:
    """A clearance further down the same record than the decision ``held`` back, and of no
    earlier day: the record's own later word on it -- given in an addendum below the deferral
    ("ADDENDUM - 08/03/2026" / "Final determination: ... CLEARED"), and not another kind of
    clearance.  Not any sentence of the report below its deferral that reads like a yes: "She is
    a good candidate for individual CBT", "she is a candidate for our DBT skills group", "No
    psychiatric contraindications to group counseling", "cleared by cardiology on 07/01", "was
    cleared for a lap band in 2019" are the deferral's plan or another decision (review of
    8dcdc79: each read as the clearance the deferral awaited)."""
    day, ev = held
    other = cue("evaluations.other_clearance_kind")
    for d, y in yes:
        if y.document.id != ev.document.id or y.start <= ev.start or d < day:
            continue
        heading = addendum_heading(view, y.document, y.start)
        if heading is None or heading[0] <= ev.start:
            continue  # no addendum between the deferral and the clearance
        if other.search(y.quote) and not _PSYCH_WORD.search(y.quote):
            continue  # "cleared by cardiology", not the psychologist's own word
        return True
    return False


def _clearance_held(sent: str, subject: re.Pattern[str]) -> bool:
    """A clearance told as obtained or held ("Psych clearance received (Dr. A 7/28/26)", "has
    psychological clearance", "an acceptable candidate") that nothing earlier in its sentence
    denies, awaits or requires.  Why: a surgeon's or coordinator's note tells the evaluator's
    decision in these words, and read as no decision the done evaluation was ``missing``; a
    payer's "no ... evaluation with clearance was received" says the opposite (dev2hc-04).  Not a
    clearance its clause gives to another clinician ("Cardiac clearance on file"), nor a form's
    item answered no ("Psychological clearance received: [X] No", "obtained? No"), nor an
    appointment or a referral ("has a psych clearance appointment", "clearance referral
    received")."""
    held, denied = cue("evaluations.clearance_held"), cue("evaluations.clearance_held_denied")
    return any(
        not denied.search(sent[: m.start()]) and not _other_decider_before(sent, m.start(), subject)
        for m in held.finditer(sent)
    )


def _told_of_this_evaluation(rx: re.Pattern[str], sent: str, subject: re.Pattern[str]) -> bool:
    """A decision told in words (``rx``) that no other clinician's clause claims."""
    return any(not _other_decider_before(sent, m.start(), subject) for m in rx.finditer(sent))


def _other_decider_before(sent: str, at: int, subject: re.Pattern[str]) -> bool:
    """The clause before ``at`` (from the sentence's start, its last ';', or a 'but') names
    another clinician or another kind of clearance (cue evaluations.other_decider: "Cardiac
    clearance on file", "From a surgical standpoint he is an acceptable candidate", "his
    endocrinologist feels he is not ready for surgery") and not the evaluation itself: the
    decision is that other one's.  Why: a surgeon's note names the psychological evaluation
    beside other clearances, and a sentence-wide reading took theirs for it."""
    clause = re.split(r";|\bbut\b|\bhowever\b", sent[:at], flags=re.I)[-1]
    return bool(cue("evaluations.other_decider").search(clause)) and not subject.search(clause)


def _row_puts_clearance_on_hold(sent: str, subject: re.Pattern[str]) -> bool:
    """A checklist row whose status cell holds this evaluation's clearance: "Psychological
    evaluation   06/23/2026   ON HOLD - psych clearance pending 4 CBT sessions", "Psychological
    clearance (Dr. X)   07/20/2026   DEFERRED".  A table writes its status before the item or
    in a column of its own, where clearance_no reads "clearance on hold" in prose order; the
    row's line, up to the status, must name the evaluation (``subject``) -- a row "PCP medical
    clearance   pending   ON HOLD" is another item's.  Against the evaluator's own clearance,
    with nothing in the packet saying the checklist corrects it (or the report supersedes
    it), the two are a genuine dispute for a reviewer (dev27nr-05, read as met)."""
    for hit in cue("evaluations.clearance_on_hold_in_row").finditer(sent):
        line_start = sent.rfind("\n", 0, hit.start()) + 1
        if subject.search(sent, line_start, hit.end()):
            return True
    return False


_TICKED = re.compile(r"\[\s*[xX✓✔]\s*\]|[☒☑]")


def _form_against_report(yes: list, no: list) -> bool:
    """A clearance form's ticked box and the evaluator's own narrative, in one file, that
    decide differently: "[X] Patient is psychologically cleared" on the signed form stapled
    over a report whose recommendation reads "NOT cleared for bariatric surgery at this time"
    (dev25cx-05).  Two instruments of the same day, neither correcting the other: a reviewer
    decides, as for two documents.  A decision told twice in prose in one note is not this
    (its later words -- pending, now cleared, supersedes -- are read elsewhere)."""

    def ticked(items: list) -> set[bool]:
        return {bool(_TICKED.search(ev.quote)) for _, ev in items}

    docs = {ev.document.id for _, ev in yes} | {ev.document.id for _, ev in no}
    return len(docs) == 1 and ticked(yes) != ticked(no) and len(ticked(yes) | ticked(no)) == 2


def _without_dispositions(sent: str) -> str:
    """The sentence without its clearances for a disposition ("psychiatrically cleared for
    discharge", "not cleared for transfer"): an emergency or inpatient consult decides whether
    the patient may leave or be moved, not whether he may have surgery, so neither its yes nor
    its no is the pre-surgical decision.  The rest of the sentence still counts ("cleared for
    discharge; from a psychological standpoint cleared for bariatric surgery").

    Why: on dev23uc-05 an ED tele-psychiatry note's "Pt psychiatrically cleared for discharge"
    stood against the psychologist's "NOT psychologically cleared for bariatric surgery" and
    the packet was read as contradicting itself."""
    return cue("evaluations.disposition_clearance").sub(" ", sent)


def _for_another_procedure(head: str, procedure: re.Pattern[str] | None) -> bool:
    """The report is an evaluation for another procedure: its heading names one that calls for
    its own psychological evaluation ("PRE-PROCEDURAL PSYCHOLOGICAL EVALUATION / Spinal Cord
    Stimulator Candidacy") and not the requested one.  Its clearance ("From a psychological
    standpoint she is cleared to proceed") clears for that procedure only (dev19ns-06: a pain
    psychologist's SCS clearance read as the bariatric one, the bariatric evaluation still to
    come).  Its sentences count only where they name the requested procedure."""
    if procedure is None or procedure.search(head):
        return False
    return bool(cue("evaluations.other_procedure").search(head))


ENTRY_BACK = 3  # a paragraph's sentences back to the one that names the evaluation


def _entry_names(d, sents: list[tuple[int, int]], i: int, subject) -> bool:  # noqa: ANN001
    """A sentence that names no evaluation but continues a paragraph that opened on one: a
    records review's dated entry ("03/09/2026: pre-surgical psychological evaluation, Dr. X.
    I reviewed the full report: ... The recommendation section of that report reads: 'Not
    cleared at this time.'") tells the evaluation's decision sentences after naming it.  Only
    a sentence that names no other kind of clearance (a cardiac, medical, dietitian's one), and
    not across a blank line."""
    s, e = sents[i]
    if d.type == "request_form" or re.search(r"\[\s*[xX✓ ]?\s*\]|[☐☒☑]", d.text[s:e]):
        return False  # a form's tick boxes answer their own item, not a paragraph's
    if cue("evaluations.other_clearance_kind").search(d.text, s, e):
        return False
    for j in range(i - 1, max(-1, i - 1 - ENTRY_BACK), -1):
        ps, pe = sents[j]
        if "\n\n" in d.text[ps:s]:
            return False
        if subject.search(d.text, ps, pe):
            return True
    return False


def _sub_item_of_subject(view: CaseView, d, start: int, subject) -> bool:  # noqa: ANN001
    """A form's question indented under the item that names the evaluation: "Psychological
    evaluation:   [X] Completed   Date: 01/27/2026" over "     Cleared for surgery?   [X] Yes
    [ ] No" (dev32bm-05: the form's clearance went unread against the psychologist's "NOT
    cleared").  Only a line indented deeper than the item: the line just above it, or above the
    sub-items at its own indent that come first ("Evaluator: Elliot Brandt, PsyD  Date: ..."
    between the item and its "Cleared for surgery:  [X] Yes", dev33bp-02)."""
    lines = view.lines(d)
    n = lines.number(start)
    if n == 0:
        return False
    line = d.text[slice(*lines.line(n))]
    indent = _indent(line)
    # not a line of another kind of clearance or evaluation: "Cardiac clearance: [X] Cleared for
    # surgery" or "Nutrition evaluation: completed - cleared" under a psychological evaluation
    # still to come (review of b83ec45: read as the psychologist's clearance)
    if cue("evaluations.other_clearance_kind").search(line):
        return False
    for k in range(n - 1, max(-1, n - 2 - SUB_ITEM_SIBLINGS), -1):
        prev = d.text[slice(*lines.line(k))]
        if not prev.strip():
            return False
        prev_indent = _indent(prev)
        if prev_indent < indent:
            return bool(subject.search(prev))
        if prev_indent > indent:
            return False
    return False


SUB_ITEM_SIBLINGS = 3  # sub-items of one form item that may stand above the clearance line


def _since_superseded(yes: list, no: list, superseding: list) -> tuple[list, list]:
    """Drop the decisions a report says it supersedes.  A re-evaluation that replaces the
    evaluator's own earlier recommendation and names it ("This re-evaluation supersedes my
    clearance letter of 05/04/2026 ... At this time I cannot clear him", "supersedes my
    11/18/2025 recommendation ... she is now cleared") changes the decision over time: the
    decision of the day it names, and the records that repeat or recount it ("Psych: cleared
    05/04/2026 by Dr. X", "I first evaluated him on 05/04/2026 and cleared him at that time",
    read by the day they tell), are no rival to it -- the packet does not contradict itself
    (dev22bh-01, dev22on-05: both read as needs_review).  A report that names no day drops
    only its own recaps; another evaluator's earlier decision, and any decision after the
    report, still disagree with it (a second reviewer's case: a psychiatrist's "not cleared",
    then a psychologist's letter that "replaces my prior letter").  The superseding sentence
    itself carries the new decision and is never dropped, though it names the earlier day."""
    if not superseding:
        return yes, no
    named: set[date] = set()
    own: dict[str, date] = {}  # superseding document -> its day
    says: set[tuple[str, int, int]] = set()
    for day, said in superseding:
        for ev in said:
            own[ev.document.id] = day
            says.add((ev.document.id, ev.start, ev.end))
            d = ev.document
            named |= {
                x.value
                for x in find_dates(ev.quote, d.date, dmy=d.day_first)
                if x.precision == "day" and x.value < day
            }

    def kept(t) -> bool:  # noqa: ANN001
        day, ev = t
        if day == date.min:
            return True
        doc = ev.document.id
        if any(d == doc and a < ev.end and ev.start < b for d, a, b in says):
            return True  # the sentence that supersedes: the new decision
        when = _decided_on(day, ev)
        if when in named:
            return False
        return not (doc in own and when < own[doc])

    return [t for t in yes if kept(t)], [t for t in no if kept(t)]


EPISODE_GAP_DAYS = 365  # a decision this much older than the latest one is of an earlier episode


def _this_episode(yes: list, no: list) -> tuple[list, list]:
    """The decisions of the latest evaluation episode: those within a year of the latest
    decision.  An evaluation made for an earlier attempt at surgery, years before ("outside
    evaluation in 03/2022 ... did not proceed with surgery then"), neither clears nor holds
    back the patient now -- the current evaluation decides (dev17mg-04: a 2022 clearance
    against the "Not cleared" of 02/2026).  Two decisions of one period that disagree stay a
    contradiction."""
    # a decision recounted with its own earlier day is of that day: a 2026 psychiatric
    # evaluation's "Records reviewed: Riverbend psychological evaluation 3/11/2024 (not cleared -
    # active AUD)" is the 2024 episode's refusal, not a refusal of 2026 (dev29bs-05)
    told = [(_recounted_on(t[0], t[1], max), t) for t in yes] + [
        (_recounted_on(t[0], t[1], min), t) for t in no
    ]
    days = [day for day, _ in told if day != date.min]
    if not days:
        return yes, no
    since = max(days) - timedelta(days=EPISODE_GAP_DAYS)
    keep = {id(t) for day, t in told if day == date.min or day >= since}
    return [t for t in yes if id(t) in keep], [t for t in no if id(t) in keep]


_EVALUATION_BEFORE = re.compile(
    r"\b(?:evaluat\w*|evals?|assessments?|consult\w*|re-?evaluat\w*|interview|visit|report|"
    r"seen|saw)\b[^.;()\n]{0,30}$",
    re.IGNORECASE,
)
_ONSET_BEFORE = re.compile(
    r"\b(?:since|after|from|until|till|starting|began|begun|onset|relapsed?)\s+(?:on\s+|in\s+)?$",
    re.IGNORECASE,
)


def _recounted_on(day: date, ev, pick) -> date:  # noqa: ANN001 - Evidence, min or max
    """The earlier day of the evaluation a decision's sentence recounts ("Riverbend psychological
    evaluation 3/11/2024 (not cleared - active AUD)", "Psychological evaluation: completed
    01/20/2026 with Dr. X - cleared"): a date told of an evaluation, just after its word; else
    the document's day.  Not the day of what the decision rests on ("Not cleared - alcohol
    relapse since 10/15/2024", review of 768748b: read as a refusal of 2024, it made a 2026
    refusal an old episode's)."""
    d = ev.document
    if d.date is None:
        return day
    q = ev.quote
    earlier = [
        x.value
        for x in find_dates(q, d.date, dmy=d.day_first)
        if x.precision == "day"
        and x.value < d.date
        and _EVALUATION_BEFORE.search(q, 0, x.start)
        and not _ONSET_BEFORE.search(q, 0, x.start)
    ]
    return pick(earlier) if earlier else day


def _by_a_nurse(text: str) -> bool:
    """A nurse assesses and no mental-health clinician is named: "Completed by: P. Gunderson,
    BSN, RN - Bariatric Program Coordinator" heading a "PSYCHOSOCIAL ASSESSMENT (Nursing)",
    the surgeon's "Psych .... cleared - psychosocial assessment by P. Gunderson, RN".  A
    psychiatric nurse practitioner ("PMHNP-BC, RN") is a mental-health clinician."""
    return bool(cue("evaluations.non_mental_health_assessor").search(text)) and not cue(
        "evaluations.mental_health_credential"
    ).search(text)


@evaluator("evaluation_done")
def evaluation_done(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """An evaluation documented as done (not referred, scheduled, awaited or declined)."""
    done = [
        m
        for m in view.find(concepts=p["concepts"], assertions={"present", "historical"})
        if not cue("evaluations.not_completed").search(m.sentence)
        and not _item_not_done(view, m)
        and not cue("therapy.not_done").search(m.sentence)
        and not cue("common.denied_before").search(
            m.document.text[max(m.sent_start, m.start - 40) : m.start]
        )
        and not _dated_after_note(view, m.document, m.sent_start, m.sent_end)
        and not _heading_of_a_plan(view, m)
        and not cue("evaluations.question").search(m.sentence)
        and not _plan_item(m)
        and not _unqualified_provider(m, p)
        and not _form_field_without_result(view, m)
        and not _on_a_fax_transmission_line(view, m)
        and not _appointment_record(m.document)
        and not _group_session(m.sentence)
        and not _in_a_group_session_record(m)
        and not _on_a_roster(view, m)
        and not _program_pathway(view, m)
    ]
    if done and _only_unqualified_sessions(view, done, p):
        done = []
    label = p.get("label", "Evaluation")
    if not done and p.get("document_cue"):
        done_docs = [
            sentence_evidence(d, *view.sentence_of(d, m.start()), m.span())
            for d, hits in documents_doing(
                view, cue(p["document_cue"]), p.get("document_cue_min", 2)
            )
            if not _run_by_unqualified(d, p)
            for m in hits
        ]
        if done_docs:
            return Outcome("met", ctx.say("done_by_content", label=label)).cite(done_docs, 5)
    if done:
        disputed = _done_day_disputed(view, done)
        if disputed is not None:
            day, claim, note = disputed
            return Outcome(
                "needs_review", ctx.say("done_disputed", label=label.lower(), date=fmt_date(day))
            ).cite([claim, note], 4)
        docs = list({m.document.id: m.document for m in done}.values())
        extra = (
            not_planned(view.sentences_matching(cue(p["support_cue"]), docs))
            if p.get("support_cue")
            else []
        )
        return Outcome("met", ctx.say("done", label=label)).cite(prefer(done)[:3] + extra, 8)
    # the office is asked for the evaluation; the reviewer sees why it is not yet there
    pending = [
        m
        for m in view.find(concepts=p["concepts"], assertions={"present", "hypothetical"})
        if cue("evaluations.not_completed").search(m.sentence)
        or _dated_after_note(view, m.document, m.sent_start, m.sent_end)
        or _appointment_record(m.document)
    ]
    if pending:
        return Outcome("missing", ctx.say("only_planned", label=label.lower())).cite(
            prefer(pending), 3
        )
    return Outcome("missing", ctx.say("missing", label=label.lower()))


APPOINTMENT_HEAD_CHARS = 600  # a scheduling record says what it is in its first lines


def _appointment_record(document) -> bool:  # noqa: ANN001 - documents.Document
    """The document is a scheduling record ("APPOINTMENT CONFIRMATION ... Provider: Sunita Rao,
    RDN ... Status: SCHEDULED (not yet seen)"): its provider and credential lines name who will
    see the patient, on lines of their own, apart from the status that says not yet."""
    return bool(cue("evaluations.appointment_record").search(document.head(APPOINTMENT_HEAD_CHARS)))


def _done_day_disputed(view: CaseView, done: list) -> tuple | None:
    """(day, claim, note) when a record calls the evaluation done on a day ("Nutrition evaluation
    (RD)  [X]  Completed 01/14/2026") and another record of that day, which names the evaluation
    too, says it did not happen ("Patient did not arrive ... Assessment NOT completed").  The
    checklist restates; the evaluator's own note of the day is the primary record -- the two
    disagree on the deciding fact, which policies.md sends to a reviewer."""
    not_done = cue("evaluations.visit_not_done")
    naming = {  # documents that name the evaluation, per concept
        c: {o.document.id for o in view.find(concepts={c})} for c in {m.concept for m in done}
    }
    for m in done:
        days = {
            x.value
            for x in view.dates_in(m.document, m.sent_start, m.sent_end)
            if x.precision == "day"
        }
        for d in view.documents:
            if d.id == m.document.id or d.date not in days:
                continue
            if d.id not in naming[m.concept]:
                continue  # a note of that day about something else
            for s, e in view.sentences(d):
                # "initial RD appt 09/23/2025 no-show; rescheduled to today": another day's
                told = {x.value for x in view.dates_in(d, s, e) if x.precision == "day"}
                if not_done.search(d.text, s, e) and told <= {d.date}:
                    return d.date, m.evidence(), sentence_evidence(d, s, e)
    return None


def _program_pathway(view: CaseView, m) -> bool:  # noqa: ANN001 - facts.mentions.Mention
    """A program's generic account of what its clients do ("Clients going on to bariatric
    surgery complete their evaluation with the surgical program's registered dietitian", "All
    participants meet with our dietitian before surgery"): it names the evaluation and its
    evaluator, but of no one in particular, so it records no evaluation of this patient.  Only
    a sentence that gives no day: "All program patients see the RD; she saw J. Ruiz, RD on
    03/02/2026" tells an event.  On dev27bm-06 a health coach's scope note, which sends clients
    on to the dietitian, was read as the dietitian's evaluation done."""
    if not cue("evaluations.program_pathway").search(m.sentence):
        return False
    return not any(
        x.precision == "day" for x in view.dates_in(m.document, m.sent_start, m.sent_end)
    )


def _group_session(sentence: str) -> bool:
    """A seminar, class or group presentation, told with no word of an individual evaluation."""
    return bool(
        cue("evaluations.group_session").search(sentence)
        and not cue("evaluations.individual_evaluation_word").search(sentence)
    )


GROUP_RECORD_HEAD = 300  # a class's record names itself in its first lines
GROUP_RECORD_LINES = 4
_PERSON = re.compile(r"\b(?:she|he|her|his|they|their|patient|pt|today)\b", re.IGNORECASE)


def _in_a_group_session_record(m) -> bool:  # noqa: ANN001 - facts.mentions.Mention
    """The mention is in a class's or seminar's own record ("NUTRITION SERVICES / GROUP CLASS
    ATTENDANCE RECORD ... Instructor: Wren Takahashi, MS, RD, LD ... Class format: group
    education only"), its sentence naming no individual evaluation: the dietitian taught a
    class the patient attended, which evaluates no one (dev29bs-05: the instructor's
    credential line read as the nutrition evaluation)."""
    group = cue("evaluations.group_session")
    lines = [ln for ln in m.document.head(GROUP_RECORD_HEAD).splitlines() if ln.strip()]
    # the record's own heading names the class ("GROUP CLASS ATTENDANCE RECORD", "Class: ...,
    # 12 attendees"): not a line that tells the patient's past classes in an individual note
    # ("She finished the pre-surgical group class series in January; today is her own pre-op
    # review.": review of 768748b)
    return any(
        group.search(ln) and not _PERSON.search(ln) for ln in lines[:GROUP_RECORD_LINES]
    ) and not cue("evaluations.individual_evaluation_word").search(m.sentence)


ROSTER_LINES = 4  # a roster's wrapped lines read up to its label


def _on_a_roster(view: CaseView, m) -> bool:  # noqa: ANN001 - facts.mentions.Mention
    """The mention names a clinician in a list of attendees, a care team or copies ("Present:
    R. Oduya-Fitch MD (Surgery, chair); ... H. Sandoval RD (Nutrition)"), on the label's line or
    on the indented lines that continue it.  On dev16ac-04 a conference summary's attendee list
    counted as the dietitian's evaluation the checklist below it called "scheduled - pending"."""
    text, lines = m.document.text, view.lines(m.document)
    label = cue("evaluations.roster_label")
    n = lines.number(m.start)
    for _ in range(ROSTER_LINES):
        line = text[slice(*lines.line(n))]
        if label.match(line):
            return True
        if not line[:1].isspace() or n == 0:
            return False  # a line of its own: no label above continues to it
        n -= 1
        if not text[slice(*lines.line(n))].strip():
            return False  # a blank line ends the list
    return False


def _on_a_fax_transmission_line(view: CaseView, m) -> bool:
    """The mention is on a fax machine's transmission line at a page's top ("10/05/2026 10:20
    FAX COASTAL BARIATRIC INSTITUTE 555-017-6629  P. 1/2"), which is the sender's, not the
    record's: on form-13's fax copy (sample M) the line read "... 858-017-6620  LD.  1/2", and
    the misread page mark stood for a dietitian's credential."""
    text = m.document.text
    a, b = view.lines(m.document).bounds(m.start)
    if not cue("documents.fax_header_line").search(text, a, b):
        return False
    page_start = text.rfind("\f", 0, a) + 1  # 0 when the document opens the page
    lines_above = [ln for ln in text[page_start:a].splitlines() if ln.strip()]
    return len(lines_above) <= 1  # the page's first line (or second, under a stamp)


# a checklist's item line: a status first ("TO DO", "DONE", a box, a bullet) or a dot leader
_CHECKLIST_ITEM = re.compile(r"^\s*(?:TO ?DO|DONE|PENDING|OPEN|\[[ xX]?\]|[-•*])\s|\.{4,}")


def _item_not_done(view: CaseView, m) -> bool:
    """A mention on a line that goes on with the list item above it ("TO DO  RD nutrition
    evaluation ..... booked 05/19/2026" / "       with H. Sorvino, RD, 10:30 AM") is read with
    the item's line: scheduled there, it is not done here.  The line goes on with the item when
    it is indented under it -- or, where OCR kept no indent, starts in lower case under a
    checklist's line -- and the item's line does not end a sentence."""
    lines = view.lines(m.document)
    text = m.document.text
    n = lines.number(m.start)
    a, b = lines.line(n)
    own = text[a:b]
    if _status_wraps_below(view, m, n, own):
        return True
    if n == 0:
        return False
    ps, pe = lines.line(n - 1)
    prev = text[ps:pe]
    wrapped = _indent(prev) < _indent(own) or (
        own.lstrip()[:1].islower() and bool(_CHECKLIST_ITEM.search(prev))
    )
    if not prev.strip() or not wrapped or prev.rstrip().endswith((".", "!", "?")):
        return False
    return bool(cue("evaluations.not_completed").search(prev)) or _dated_after_note(
        view, m.document, ps, pe
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _status_wraps_below(view: CaseView, m, n: int, own: str) -> bool:  # noqa: ANN001
    """The converse: a checklist's item line that names the evaluation and whose status goes on
    to the indented line below it ("Registered dietitian evaluation ...... referred; first visit"
    / "        with the program RD booked 05/19/2026") is read with that line: the item is
    scheduled, not done.  Only an item line that tells no completion of its own ("RD evaluation
    ..... done 01/05/2026;" / "   follow-up booked 06/2026" stays done).  On dev22pm-05 a
    surgeon's checklist item wrapped this way, the sentence cut at the line's end, read as the
    dietitian's evaluation done."""
    if not _CHECKLIST_ITEM.search(own) or own.rstrip().endswith((".", "!", "?")):
        return False
    if cue("evaluations.completed").search(own):
        return False
    lines = view.lines(m.document)
    if n + 1 >= len(lines.starts):
        return False
    ns, ne = lines.line(n + 1)
    below = m.document.text[ns:ne]
    if not below.strip() or _indent(below) <= _indent(own):
        return False
    return bool(cue("evaluations.not_completed").search(below)) or _dated_after_note(
        view, m.document, ns, ne
    )


def _form_field_without_result(view: CaseView, m) -> bool:
    """A request form's field that names the evaluation or its evaluator but tells no result:
    "5. Nutrition evaluation (registered dietitian):" left blank, "RD: Marisol Q., RDN, LD"
    under a box ticked "Scheduled".  The form attests an evaluation only with a completion word
    or a date."""
    if m.document.type != "request_form":
        return False
    return not cue("evaluations.completed").search(m.sentence) and not view.dates_in(
        m.document, m.sent_start, m.sent_end
    )


def _plan_item(m) -> bool:
    """ "4. Preoperative nutrition evaluation with our registered dietitian" in a note's plan:
    an item of the plan orders the evaluation unless it tells it as done ("RD evaluation
    completed 1/5")."""
    return m.section in PLAN_SECTIONS and not cue("evaluations.completed").search(m.sentence)


def _unqualified_provider(m, p: dict[str, Any]) -> bool:
    """A session run by someone the policy does not accept ("Provider: Kayla Brandt, NBC-HWC,
    Health & Wellness Coach" heading a "NUTRITION ASSESSMENT"): its own words do not make it
    the qualified evaluation, unless the sentence itself names a qualified evaluator."""
    if not _run_by_unqualified(m.document, p):
        return False
    return not (p.get("qualified_cue") and cue(p["qualified_cue"]).search(m.sentence))


def _only_unqualified_sessions(view: CaseView, done: list, p: dict[str, Any]) -> bool:
    """Every "done" names no qualified evaluator, and the packet's own record of the sessions
    is by someone the policy does not accept: the surgeon's "Nutrition .... WellStride nutrition
    consult done" recounts the coach's session ("Coach (not a registered dietitian)"), not a
    dietitian's evaluation."""
    if not p.get("qualified_cue") or not any(_run_by_unqualified(d, p) for d in view.documents):
        return False
    qualified = cue(p["qualified_cue"])
    unqualified = cue(p["unqualified_provider_cue"])
    return not any(qualified.search(unqualified.sub(" ", m.sentence)) for m in done)


def _run_by_unqualified(d, p: dict[str, Any]) -> bool:
    """The document's provider line names someone the policy does not accept."""
    return bool(
        p.get("unqualified_provider_cue") and cue(p["unqualified_provider_cue"]).search(d.text)
    )


def _heading_of_a_plan(view: CaseView, m) -> bool:
    """ "Individual nutrition assessment with Registered Dietitian:" / "SCHEDULED 04/07/2026":
    a line that ends in a colon is read with the line it introduces."""
    if not m.sentence.rstrip().endswith(":"):
        return False
    sents = view.sentences(m.document)
    i = view.sentence_number(m.document, m.start)
    if i is None or i + 1 >= len(sents):
        return False
    s, e = sents[i + 1]
    nxt = m.document.text[s:e]
    return bool(cue("evaluations.not_completed").search(nxt)) or _dated_after_note(
        view, m.document, s, e
    )


def _dated_after_note(view: CaseView, d, s: int, e: int) -> bool:
    """ "RD evaluation 02/24/2026." in the plan of a note of 02/03/2026: a day after the note
    that names the evaluation schedules it; it has not been done."""
    return d.date is not None and any(
        x.value > d.date and x.precision == "day" for x in view.dates_in(d, s, e)
    )
