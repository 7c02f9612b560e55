"""Prior procedures (epidural injections) and the response they gave."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from casebrief.facts.columns import COLUMN_SLACK, cell_under, lines_of, overlap
from casebrief.facts.evidence import sentence_evidence
from casebrief.facts.mentions import NON_CLINICAL, OTHER_SPINAL_REGIONS, CaseView, regions_in
from casebrief.lexicon import cue
from casebrief.nlp.dates import find_dates, number_value, unit_days
from casebrief.policy.evaluators.base import (
    Context,
    addendum_heading,
    corrects_under_heading,
    evaluator,
    prefer,
)
from casebrief.policy.result import Outcome

DAYS_PER_MONTH = 30.4
SPINE_REGIONS = {"lumbar"}
BASELINE_NEAR = 12  # "back to baseline by the 4th of July": the date follows within a few words
MONTHS_SLACK = 0.05  # "3 months" is 91 days / 30.4 = 2.99... months
NEAR_CHARS = 30  # a date this close to the procedure's name dates it


def _prior(view: CaseView, p: dict[str, Any], ctx: Context) -> list:
    """Mentions of the procedure done before (not requested, planned or preferred)."""
    found = [
        m
        for m in view.find(concepts=p["concepts"], assertions={"present", "historical"})
        if not cue("procedures.not_a_prior_procedure").search(m.sentence)
        and m.document.type != "fax_cover"
        and not cue("procedures.never_had_word").search(m.text)  # "injection-naive"
    ]
    if p.get("region"):
        found = [m for m in found if not _of_other_spinal_region(m, p["region"])]
    return [
        m
        for m in found
        if cue("procedures.prior_procedure").search(m.sentence)
        or m.document.type == "procedure_note"
        and m.document.date
        and m.document.date < ctx.request_date
    ]


OTHER_REGION_REACH = (
    30  # how far before an injection's name its region word may stand ("C6-7 interlaminar ESI")
)


def _of_other_spinal_region(m, region: str) -> bool:
    """The injection is named as one of another part of the spine: "cervical epidural steroid
    injections ... relief lasted four to six months", "Thoracic epidural steroid injection
    without fluoroscopy", "Prior C6-7 interlaminar ESI".  A lumbar request's condition is a
    prior lumbar (or caudal) epidural; a neck's or mid-back's says nothing of it (a real
    thoracic ESI procedure note made a lumbar request's response missing instead of
    not_applicable).  The words just before the mention and the mention itself decide; a
    text naming the criterion's region too ("C6-7 and L5-S1 ESIs") keeps it."""
    text = m.document.text[max(m.sent_start, m.start - OTHER_REGION_REACH) : m.end]
    named = regions_in(text)
    return bool(named & OTHER_SPINAL_REGIONS) and region not in named


SECOND_HAND = {"request_form", "other", "fax_cover"}  # a form's answer, a reviewer's summary
CLINICAL_NOTES = {"office_note", "procedure_note", "therapy_note", "letter"}


def _second_hand(m) -> bool:
    """A mention that only relays a claim: a request form's or a reviewer's note's, or any
    document's questionnaire item ("Has the patient had a prior epidural steroid injection?
    > Yes", on a portal export typed as a procedure note by its CPT line)."""
    return m.document.type in SECOND_HAND or _form_item(m.sentence)


def _denied(view: CaseView, p: dict[str, Any], prior: list) -> list:
    """A clinician's own note that says the procedure was never done ("No prior epidural
    steroid injections", "has never had an ESI"), where every mention of one done before only
    relays a form's answer or a reviewer's copy of it: the note that took the history
    decides (dev16pp-06: the portal's "prior ESI? Yes, 50% x 6 wk" was the SI joint injection
    the consult names beside "No prior epidural steroid injections").  A procedure or clinical
    note that names one done keeps it -- the denial may predate it."""
    if not prior:
        return []
    if all(_second_hand(m) for m in prior):
        return _stated_never(view, p)
    return _clarified_never(view, p, prior)


def _clarified_never(view: CaseView, p: dict[str, Any], prior: list) -> list:
    """A clinician's denial that says it corrects what the packet called an epidural ("She
    sometimes calls these her 'epidurals.' To clarify: she has never had an epidural steroid
    injection"), in a note dated on or after every account of one: the correction settles it
    (dev34rl-06: the urgent-care note's "epidurals" were an SI-joint injection and medial
    branch blocks, and the two were read as a dispute)."""
    clarifies = cue("procedures.denial_clarifies")
    out = [
        r
        for r in _stated_never(view, p)
        if r.document.date is not None
        and clarifies.search(r.document.text, max(0, r.sent_start - CLARIFY_BEFORE), r.sent_end)
    ]
    if not out:
        return []
    last = max(r.document.date for r in out)
    told = [m for m in prior if not _second_hand(m)]
    return out if all(m.document.date and m.document.date <= last for m in told) else []


CLARIFY_BEFORE = 120  # the correction's words may open the sentence before the denial


def _stated_never(view: CaseView, p: dict[str, Any]) -> list:
    """A clinical note's own statement that the procedure was never done ("No prior epidural
    steroid injections", "has never had an ESI")."""
    never = cue("procedures.never_had")
    return [
        m
        for m in view.find(concepts=p["concepts"], assertions={"negated", "present"})
        if m.document.type in CLINICAL_NOTES
        and not _form_item(m.sentence)
        and (
            m.assertion == "negated"
            and never.search(m.document.text, max(m.sent_start, m.start - 40), m.start)
            # "She is injection-naive": the mention says it itself
            or m.assertion == "present"
            and bool(cue("procedures.never_had_word").search(m.text))
        )
    ]


def _existence_disputed(view: CaseView, p: dict[str, Any], prior: list) -> list:
    """Clinicians' own statements that the procedure was never done ("No prior back
    injections", "She is injection-naive") in another clinical note dated after a first-hand
    account of one (dev25cx-03: the PT evaluation retells the patient's "a steroid shot in the
    back" in April 2025; the PCP in December and the pain physician in February record none).
    Whether the criterion applies at all then turns on which account holds: a reviewer
    decides.  A denial that predates the account's own record and any date it gives the
    procedure may predate the procedure, and disputes nothing.  Returns the denials."""
    told = [m for m in prior if not _second_hand(m)]
    out = []
    for r in _stated_never(view, p):
        if r.document.date is None:
            continue
        for m in told:
            if m.document.id == r.document.id or m.document.date is None:
                continue
            dated = [x.value for x in view.dates_in(m.document, m.sent_start, m.sent_end)]
            done_by = min(dated) if dated else None
            if r.document.date > m.document.date or (done_by and done_by < r.document.date):
                out.append(r)
                break
    return out


def _other_procedure(sent: str) -> bool:
    """The sentence tells of another kind of injection (an SI joint's, a facet's, a knee's)
    and names no epidural: the relief it reports is that procedure's."""
    return bool(cue("procedures.other_injection").search(sent)) and not cue(
        "procedures.epidural_words"
    ).search(sent)


def _other_procedure_sentences(view: CaseView, mentions: list) -> list:
    """The response sentences near ``mentions`` that tell of another kind of injection (the SI
    joint's relief a form relayed as an epidural's): cited beside a "no prior epidural"."""
    return [
        sentence_evidence(d, s, e)
        for d, s, e in _response_sentences(view, mentions)
        if _other_procedure(d.text[s:e])
    ]


ENTRY_BACK = 3  # a chronology entry's sentences back to the one that names its procedure


def _of_another_therapy(view: CaseView, d, s: int, e: int) -> bool:  # noqa: ANN001
    """The sentence tells its relief since or after another therapy -- physical therapy, a
    drug -- and names no injection: the relief is that therapy's ("The September epidural gave
    her maybe 20% relief. Since finishing PT in January she is about two-thirds better": review
    of the fractions read as relief).  A therapy merely named beside a relief ("got steroid
    pack, 'took the edge off'") is left to the rules that read it."""
    if cue("procedures.injection_words").search(d.text, s, e):
        return False
    since = cue("procedures.since_another_therapy")
    return any(
        o.category == "therapy" and since.search(d.text, max(s, o.start - SINCE_CHARS), o.start)
        for o in view.mentions_in(d, s, e)
    )


SINCE_CHARS = 30  # "Since finishing " stands this close before the therapy it dates the relief by


def _named_procedure(view: CaseView, d, s: int, e: int) -> str:
    """The text that names the injection a sentence reports on: the sentence, or -- when it
    names none ("At the 09/23/2024 visit he reported 80% relief") -- the nearest sentence before
    it in the same paragraph that names one ("08/26/2024: right sacroiliac joint injection"),
    as a records review's dated entry names its procedure once and tells its response after."""
    sent = d.text[s:e]
    if cue("procedures.injection_words").search(sent) or cue("procedures.other_injection").search(
        sent
    ):
        return sent
    i = view.sentence_number(d, s)
    if not i:
        return sent
    sents = view.sentences(d)
    for j in range(i - 1, max(-1, i - 1 - ENTRY_BACK), -1):
        ps, pe = sents[j]
        if "\n\n" in d.text[ps:s]:
            break  # another paragraph: another entry
        prev = d.text[ps:pe]
        if cue("procedures.injection_words").search(prev) or cue(
            "procedures.other_injection"
        ).search(prev):
            return prev
    return sent


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
        sents = view.sentences(d)
        for i, (s, e) in enumerate(sents):
            sent = d.text[s:e]
            named = regions_in(sent)
            # the injection named in the sentence, or in the one before it (a form's item
            # "If you had an injection here before:" and its "How much did it help?")
            about = d.text[sents[i - 1][0] : e] if i else sent
            asked = sent
            if i and _form_item(sent):
                # a questionnaire's block: "HAVE YOU HAD AN INJECTION BEFORE? [x] Yes" heads
                # "How much did it help?" and the ticked answer on the line below it
                about = d.text[_block_start(d, sents, i) : e]
                asked = d.text[sents[i - 1][0] : e]
                line_end = d.text.find("\n", s)
                if sent.rstrip().endswith("?") and line_end > e:
                    e = line_end  # 'How long did the relief last?  "3-4 months"': its answer
                    sent = d.text[s:e]
            if (
                (
                    cue("procedures.injection_words").search(about)
                    and (
                        cue("procedures.relief_words").search(asked)
                        or cue("procedures.score_drop").search(asked)
                        or _no_effect(view, d, s, e)
                    )
                )
                # a pain diary kept after the shot: "lasted about 4 weeks, then came back"
                or (_length_then_back(asked) and cue("procedures.injection_words").search(d.text))
            ) and (not named or named & SPINE_REGIONS):
                out.append((d, s, e))
    return out


def _length_then_back(sent: str) -> bool:
    """A length and the pain's return, with no word of relief: a pain diary's "lasted about 4
    weeks, then came back", "pain returned after 2 weeks" -- how long an injection's relief
    held, told in a record about that injection (dev25es-04)."""
    return bool(
        cue("procedures.relief_ended").search(sent)
        and any(
            cue(n).search(sent)
            for n in ("procedures.relief_lasted", "procedures.relief_gone_within")
        )
    )


FORM_BLOCK = 4  # a questionnaire item's lines under the question that names the injection


def _form_item(sent: str) -> bool:
    """A questionnaire's line: a question, or a line of tick boxes."""
    return "?" in sent or bool(re.match(r"\s*(?:\[\s*[xX✓ ]?\s*\]|[☐☒☑])", sent))


def _no_effect(view: CaseView, d, s: int, e: int) -> bool:
    """The sentence says the injection did nothing at all, in the words a nurse or therapist
    quotes from the patient ("she states it did absolutely nothing for her", 'the epidural shot
    "didn't do a thing"', "didn't help at all"): an account of no relief, as "no relief" is.

    Read only where the injection is named before those words in the sentence, or -- when the
    sentence names none ("It did nothing.") -- in the sentence before it: "tried PT, which did
    nothing; ESI planned" tells of the therapy, not of an injection.  Why: these accounts were
    not read at all, so a consult's "80% relief for six months" stood alone against the PCP's
    "did absolutely nothing" and the PT evaluation's "didn't do a thing" (dev24dx-02, dev24sw-05)
    and the conflict between the two accounts never reached a reviewer."""
    m = cue("procedures.no_effect").search(d.text, s, e)
    if m is None:
        return False
    inj = cue("procedures.injection_words")
    if inj.search(d.text, s, m.start()):
        return True
    if inj.search(d.text, s, e):
        return False  # the injection is named only after: "PT did nothing, then an ESI ..."
    i = view.sentence_number(d, s)
    if not i:
        return False
    ps, _ = view.sentences(d)[i - 1]
    return bool(inj.search(d.text, ps, s))


def _block_start(d, sents: list[tuple[int, int]], i: int) -> int:
    """Where the block of sentence ``i`` starts: up to :data:`FORM_BLOCK` sentences back, not
    across a blank line."""
    start = sents[i][0]
    for j in range(i - 1, max(-1, i - 1 - FORM_BLOCK), -1):
        if "\n\n" in d.text[sents[j][0] : start].rstrip(" \t"):
            break
        if "\n\n" in d.text[sents[j][1] : start]:
            break
        start = sents[j][0]
    return start


def _one_procedure(view: CaseView, prior: list) -> bool:
    """Whether the packet's prior procedures are one procedure: its mentions name at most one
    day.  Two accounts of one injection's relief that disagree are a contradiction; accounts of
    two injections are two facts (the first may have helped, the second not)."""
    return len(_procedure_days(view, prior)) <= 1


def _procedure_days(view: CaseView, prior: list) -> set:
    """The days the prior procedure mentions are dated to (the date written next to each).

    The date nearest the procedure's name dates it, whatever its precision; only a day adds a
    day.  Why: in "known L5-S1 L disc protrusion (MRI 12/15/25), s/p L ESI 9/2025" the
    injection's own date is the month right after it, and the MRI's day before it is no
    second injection -- read as one, one injection became two, its accounts of relief were no
    longer one procedure's, and "relief ... until around New Year's" had no day to count
    from (dev23uc-03)."""
    days = set()
    for m in prior:
        near = [
            dm
            # a date wrapped onto the next line ("injection on\n10/07/2025.") still dates it
            for dm in view.dates_in(
                m.document, m.sent_start, min(m.sent_end + NEAR_CHARS, len(m.document.text))
            )
            if dm.precision in {"day", "month"}
            and (
                min(abs(dm.start - m.end), abs(m.start - dm.end)) <= NEAR_CHARS
                or _dates_its_clause(m, dm)
            )
            and (m.document.date is None or dm.value <= m.document.date)
            # a note's own date beside "follow-up after epidural steroid injection" is the
            # visit's, not the injection's (a procedure note is dated by its procedure)
            and (m.document.type == "procedure_note" or dm.value != m.document.date)
        ]
        nearest = min(
            near, key=lambda dm: min(abs(dm.start - m.end), abs(m.start - dm.end)), default=None
        )
        if nearest is not None and nearest.precision == "day":
            days.add(nearest.value)  # the date written next to the procedure's name is its date
        elif (
            m.document.type == "procedure_note"
            and m.document.date
            # "follow-up after epidural steroid injection": an earlier one, not this note's
            and not cue("procedures.prior_procedure").search(m.sentence)
            and not cue("procedures.follow_up_after").search(m.sentence)
        ):
            days.add(_service_day(view, m.document) or m.document.date)
    return days


CLAUSE_NEAR_CHARS = 60  # a date opening the procedure's own clause dates it from this far


def _dates_its_clause(m, dm) -> bool:
    """The date opens the clause that tells the procedure, with no break between them: "on
    October 15, 2024 I performed a right L5-S1 transforaminal epidural steroid injection"
    (dev34pn-02: the date stood too far from the injection's name, so two injections a year
    apart were read as one and their accounts of relief as a dispute)."""
    if dm.end > m.start or m.start - dm.end > CLAUSE_NEAR_CHARS:
        return False
    return not re.search(r"[.;:]|\n\s*\n", m.document.text[dm.end : m.start])


def _service_day(view: CaseView, d) -> Any:
    """The day a procedure note's own "Date of service" / "DOS" label gives, when the note's
    date is a later one: a bundle filed under its last entry ("PROCEDURE NOTE  Date of service:
    06/02/2025" above "RN TELEPHONE FOLLOW-UP  06/16/2025", the file dated 06/16) records the
    procedure on its service day, not on the nurse's call -- read as the file's date, one
    injection became two and the two accounts of its relief no longer disagreed.  The earliest
    labelled day not after the note's date (a bundle's follow-up visit carries a later DOS of
    its own); None when the note labels none."""
    label = cue("procedures.service_date_label")
    labelled = [
        dm.value
        for dm in view.dates_in(d, 0, len(d.text))
        if dm.precision == "day"
        and (d.date is None or dm.value <= d.date)
        and label.search(d.text, max(0, dm.start - SERVICE_LABEL_CHARS), dm.start)
    ]
    return min(labelled) if labelled else None


SERVICE_LABEL_CHARS = 30  # "Date of service: " sits right before the day it labels


def _months_until_baseline(view: CaseView, d, s: int, e: int, day) -> float | None:
    """ "back to baseline by the 4th of July" after an injection of 5/20: relief lasted from
    the injection to that date; "held until about two weeks ago", from the injection to the
    note's day less that length."""
    if day is None:
        return None
    for ended in cue("procedures.relief_ended").finditer(d.text, s, e):
        # "held until about two weeks ago" in a note of 08/25 after an injection of 04/14
        ago = cue("procedures.ended_ago").match(d.text[ended.end() : e])
        if ago and d.date is not None:
            back = number_value(ago.group("num")) * unit_days(ago.group("unit"))
            lasted = (d.date - day).days - back
            if lasted > 0:
                return lasted / DAYS_PER_MONTH
        for dm in view.dates_in(d, ended.end(), e):
            end = _first_after(dm, d.text[dm.start : dm.end], day)
            if dm.start - ended.end() <= BASELINE_NEAR and end > day:
                return (end - day).days / DAYS_PER_MONTH
            break
    return None


# a year written in a date's own text: "2024", "3/18/25", "last year" (not "8/10", a score)
_YEAR_WRITTEN = re.compile(r"(?:19|20)\d\d|\d{1,2}/\d{1,2}/\d{2}(?!\d)|\byear\b", re.IGNORECASE)
_YEARLESS_FORMS = {"season", "bare_month", "mid_month", "month_d", "d_month", "m_d"}
_YEARLESS_ORDINALS = {"ord_of_month", "month_ord"}


def _first_after(dm, text: str, day):
    """The day a relief's end names, read as the first such day after the injection when it
    is written without a year ("until around Labor Day", "back to baseline by the 4th of July",
    "until mid-December").

    Why: a date without a year resolves against the note's day, to the latest such day before
    it; for an injection more than a year before the note that is the wrong year.  "R L4-5
    TFESI 04/2024 ... about 70% relief that lasted until around Labor Day that year", in a note
    of 02/2026, read Labor Day 2025 -- 17 months of relief -- when the patient meant the first
    Labor Day after the injection (dev24pm-02).  A date that writes its year keeps it."""
    if (
        day is None
        or _YEAR_WRITTEN.search(text)
        or (dm.form not in _YEARLESS_FORMS and dm.form not in _YEARLESS_ORDINALS)
    ):
        return dm.value
    for year in (day.year, day.year + 1):
        try:
            cand = dm.value.replace(year=year)
        except ValueError:  # 29 February
            continue
        if cand > day:
            return cand
    return dm.value


def _dated_in(view: CaseView, d, s: int, e: int):
    """The day an account's own sentence dates its injection to, when the packet gives no one
    day for it: the day or month written beside the injection's name before its relief ends
    (not a visit's "When I saw her on May 12" in the same sentence) ("R L4-5
    TFESI 04/2024 ... 70% relief that lasted until around Labor Day", "an ESI in March 2025
    ... relief until late July"), not after the note's day.  A month is read as its middle.

    Why: the length from the injection to the day relief ended was counted only from a day
    the whole packet agrees on; an outside injection known only to its month left "relief
    until around Labor Day" with no length at all, and the account that met the policy was
    read as one that told no duration (dev24pm-02)."""
    ended = cue("procedures.relief_ended").search(d.text, s, e)
    dated = _date_beside_injection(view, d, s, ended.start() if ended else e)
    return dated[0] if dated is not None and dated[1] in {"day", "month"} else None


@dataclass(frozen=True, eq=False)
class Relief:
    """One account of a prior procedure's relief: its sentence, percent and months (None when
    the account gives none)."""

    document: Any
    start: int
    end: int
    percent: float | None
    months: float | None
    minimal: bool = False  # "barely helped": short of any relief a policy asks for, unnumbered
    # the months are only when the relief was still reported ("70% better" at the 2-week call,
    # "still 60% better at the 3 month check"): it lasted at least that long, so they can meet
    # the policy's months but never fall short of them -- how long it lasted is not told
    at_least: bool = False

    def length(self, p: dict[str, Any]) -> float | None:
        """The months this account tells: None for a lower bound short of the policy's."""
        if self.at_least and self.months is not None:
            return self.months if self.months >= p["min_months"] - MONTHS_SLACK else None
        return self.months

    def meets(self, p: dict[str, Any]) -> bool:
        return (
            self.percent is not None
            and self.percent >= p["min_relief_percent"]
            and self.months is not None
            and self.months >= p["min_months"] - MONTHS_SLACK
        )

    def falls_short(self, p: dict[str, Any]) -> bool:
        return (
            self.minimal
            or (self.percent is not None and self.percent < p["min_relief_percent"])
            or (self.length(p) is not None and self.months < p["min_months"] - MONTHS_SLACK)
        )

    def evidence(self):
        return sentence_evidence(self.document, self.start, self.end)


def _months(text: str) -> float | None:
    return _months_bounded(text)[0]


_LASTED = ("procedures.relief_lasted", "procedures.relief_gone_within")
_STILL_AT = ("procedures.relief_at_check", "procedures.relief_held_at")


def _months_bounded(text: str) -> tuple[float | None, bool]:
    """The months a sentence tells its relief lasted, and whether they are only a lower bound:
    a length the relief was still reported at (a check, "maintained through") and no length
    it lasted (:attr:`Relief.at_least`)."""
    not_relief = cue("procedures.not_a_relief_length_before")
    not_relief_after = cue("procedures.not_a_relief_length_after")

    def durs(names: tuple[str, ...]) -> list[float]:
        return [
            number_value(m.group("num")) * unit_days(m.group("unit"))
            for name in names
            for m in cue(name).finditer(text)
            if not not_relief.search(text[max(0, m.start() - 25) : m.start() + 1])
            # 'The "x 4 months" above is the time elapsed since the injection, not the duration'
            and not not_relief_after.match(text, m.end())
        ]  # "Returns after ~10 mo.": how long she was away, not how long relief lasted

    lasted, still = durs(_LASTED), durs(_STILL_AT)
    if lasted and cue("procedures.relief_ended").search(text):
        # "it lasted only about five weeks before the pain returned to its baseline, which she
        # confirmed with our nurse at the three-month call": the call found the relief gone,
        # so its length is no lower bound (dev34pn-02, read as relief for 3 months)
        still = []
    if still and (not lasted or max(still) > max(lasted)):
        return max(still) / DAYS_PER_MONTH, not lasted
    return (max(lasted) / DAYS_PER_MONTH if lasted else None), False


EARLY_DAYS = 14  # a log's relief may take this long to set in after the injection
LOG_ROWS = 3  # a log has at least this many dated rows under its header
_PERCENT_CELL = re.compile(r"(?<![\w./-])(100|\d{1,2})(?:\s*%)?(?![\w./])")


@dataclass(frozen=True)
class _LogRow:
    day: Any
    percent: float
    start: int
    end: int


def _relief_log(view: CaseView, d, day) -> tuple[list[_LogRow], tuple[int, int] | None]:
    """A dated log of relief after the injection of ``day`` (a pain diary: "DATE  PAIN 0-10
    % BETTER" over one row a day, then a week): its rows from the injection on, and the span
    of the table (header to last row), which no sentence reading should take apart."""
    rows: list[_LogRow] = []
    columns, first, last, found = None, None, None, 0
    for s, e in lines_of(d.text):
        line = d.text[s:e]
        pct_label = cue("procedures.relief_column").search(line)
        date_label = cue("procedures.date_column").search(line)
        if pct_label and date_label and overlap(pct_label.span(), date_label.span()) <= 0:
            columns, first = (date_label.span(), pct_label.span()), s
            continue
        if columns is None or s == e:
            continue
        lo, hi = columns[0][0] - COLUMN_SLACK, columns[0][1] + COLUMN_SLACK
        when = [dm for dm in find_dates(line, d.date, dmy=d.day_first) if dm.precision == "day"]
        when = [dm for dm in when if overlap((dm.start, dm.end), (lo, hi)) > 0]
        cell = cell_under(line, columns[1], _PERCENT_CELL)
        if not when or cell is None:
            continue
        last, found = e, found + 1
        if when[0].value < day or (d.date is not None and when[0].value > d.date):
            continue
        rows.append(_LogRow(when[0].value, float(cell.group(1)), s, e))
    if found < LOG_ROWS:  # a form's "Date: ____  % relief: ____" line heads no log
        return [], None
    return sorted(rows, key=lambda r: r.day), (first, last)


def _log_reliefs(view: CaseView, day, p: dict[str, Any]) -> tuple[list, list]:
    """Accounts of relief from dated logs (:func:`_relief_log`), and the spans of those logs.

    A log tells how long the relief held from its own rows: from the injection to the last row
    of the longest unbroken run at or above the percent the policy asks that starts in the
    injection's first fortnight (a sore first day is no end of the relief), at the least percent
    of that run.  A log whose rows never reach it is an account falling short, at its best
    percent, for as long as the log runs.

    Why: a patient's weekly diary of "60-75% better" rows from 9/22 to 1/19 (17 weeks) was read
    as one sentence, its header "PAIN 0-10 % BETTER" as 10% relief (dev16pm-01); it is the
    account that meets the policy, against a nurse's call and a later note that say 25-30%."""
    if day is None:
        return [], []
    out, spans = [], []
    for d in view.documents:
        if d.type in NON_CLINICAL or not cue("procedures.injection_words").search(d.text):
            continue
        rows, span = _relief_log(view, d, day)
        if span is not None:
            spans.append((d.id, span))
        if len(rows) < 2:
            continue
        need = p["min_relief_percent"]
        runs: list[list[_LogRow]] = [[]]
        for r in rows:
            if r.percent >= need:
                runs[-1].append(r)
            elif runs[-1]:
                runs.append([])
        early = [r for r in runs if r and (r[0].day - day).days <= EARLY_DAYS]
        if early:
            run = max(early, key=lambda r: r[-1].day)
            end = run[-1]
            months = (end.day - day).days / DAYS_PER_MONTH
            out.append(Relief(d, end.start, end.end, min(r.percent for r in run), months))
        else:
            best = max(rows, key=lambda r: r.percent)
            months = (rows[-1].day - day).days / DAYS_PER_MONTH
            out.append(Relief(d, best.start, best.end, best.percent, months))
    return out, spans


def _reliefs(view: CaseView, prior: list, p: dict[str, Any] | None = None) -> list[Relief]:
    """Every account of relief: a percent (with the months the same sentence gives), "no
    relief", or a length alone ("the injection helped for about 2 weeks"); and the accounts
    of dated logs (:func:`_log_reliefs`), whose lines are not read as sentences."""
    conditional = cue("common.conditional")
    days = _procedure_days(view, prior)
    day = next(iter(days)) if len(days) == 1 else None
    out: list[Relief] = []
    logs: list = []
    if p is not None:
        out, logs = _log_reliefs(view, day, p)
    for d, s, e in _response_sentences(view, prior):
        if any(d.id == doc and s < span[1] and span[0] < e for doc, span in logs):
            continue
        sent = d.text[s:e]
        if cue("procedures.consent_risks").search(sent):
            continue  # "Risks incl. bleeding, infection ... no relief discussed": a consent
        if _other_procedure(sent) or _other_procedure(_named_procedure(view, d, s, e)):
            continue  # "Left SI joint injection 08/12/2025 ... about 50% relief for ~6 weeks"
        if _of_another_therapy(view, d, s, e):
            continue  # "Since finishing PT in January she is about two-thirds better"
        relief_at = cue("procedures.relief_words").search(sent)
        at = relief_at.start() if relief_at else 0
        if _no_effect(view, d, s, e):
            # the account is its "did nothing", not a later "help" ("... did absolutely nothing
            # for her, she does not want to go through that again if she can help it")
            nothing = cue("procedures.no_effect").search(sent)
            at = min(at, nothing.start()) if relief_at else nothing.start()
        if conditional.search(_clause(sent, at)):
            continue  # "if no relief, ...": a condition; but "..., 75% relief, I would like to
            # repeat it" tells the relief and then a plan
        months, at_least = _months_bounded(_without_conditional_clauses(sent, conditional))
        if months is None:
            months = _months_until_baseline(
                view, d, s, e, day if day is not None else _dated_in(view, d, s, e)
            )
        if (
            months is None
            and day is not None
            and d.date is not None
            and d.date > day
            and cue("procedures.relief_ongoing").search(sent)
            and not cue("procedures.relief_ended").search(sent)
        ):  # "~70% relief of L leg pain since the injection, sustained to date", 3 months on
            months = (_as_of(view, d, s, e, day) - day).days / DAYS_PER_MONTH
        if months is None:  # "3 month check, ESI DOS 03/11/25. Pt states she is still 60% better"
            i = view.sentence_number(d, s)
            if i:
                ps, pe = view.sentences(d)[i - 1]
                at = cue("procedures.relief_at_check").search(d.text, ps, pe)
                if at:
                    months = number_value(at.group("num")) * unit_days(at.group("unit"))
                    months /= DAYS_PER_MONTH
                    at_least = True
        pcts = [
            mm.value
            for mm in d.doc._.measurements
            if mm.kind == "relief_percent"
            and s <= mm.start < e
            and not conditional.search(_clause(sent, mm.start - s))
        ]
        if cue("procedures.no_relief").search(sent) or _no_effect(view, d, s, e):
            pcts.append(0.0)
        if not pcts:
            drop = score_drop_percent(sent)
            if drop is not None:
                pcts.append(drop)
                if months is None:  # "- stayed at or below 4 until mid-December": the next lines
                    months = _months_told_below(view, d, s, day)
        for pct in pcts:
            out.append(Relief(d, s, e, pct, months, at_least=at_least))
        if not pcts and cue("procedures.minimal_relief").search(sent):
            out.append(Relief(d, s, e, None, months, minimal=True, at_least=at_least))
        elif (
            not pcts
            and months is not None
            and (cue("procedures.relief_words").search(sent) or _length_then_back(sent))
        ):
            out.append(Relief(d, s, e, None, months, at_least=at_least))
    unique = {(r.document.id, r.start, r.end, r.percent, r.months, r.minimal): r for r in out}
    return list(unique.values())


def _as_of(view: CaseView, d, s: int, e: int, day):
    """The day an account of relief still holding was given: the latest date the sentence
    writes before its "sustained"/"to date" (a records review's entry "08/25/2025, Dr. X,
    follow-up: 75% relief since the ESI, sustained" tells of 08/25/2025, not of the review's own
    date), else the document's date."""
    at = cue("procedures.relief_ongoing").search(d.text, s, e)
    stop = at.start() if at else e
    when = [
        dm.value
        for dm in view.dates_in(d, s, stop)
        if dm.precision == "day" and dm.value > day and dm.value <= d.date
    ]
    return max(when) if when else d.date


def score_drop_percent(sent: str) -> float | None:
    """The relief a pain score's drop tells, in percent: "VAS 8 pre-injection -> 3-4" is 50
    (the higher end of a range after), "from 8/10 to 2/10" 75.  None without a drop."""
    for m in cue("procedures.score_drop").finditer(sent):
        before = float(m.group("before"))
        after = max(float(m.group("after")), float(m.group("after2") or 0))
        if 0 < before and after < before:
            return round((before - after) / before * 100, 1)
    return None


SCORE_DROP_LINES = 2  # the lines under a score drop that may tell how long it held


def _months_told_below(view: CaseView, d, s: int, day) -> float | None:
    """How long a drop held, told in the sentences right after it ("stayed at or below 4
    until mid-December")."""
    i = view.sentence_number(d, s)
    if i is None:
        return None
    for ns, ne in view.sentences(d)[i + 1 : i + 1 + SCORE_DROP_LINES]:
        months = _months_until_baseline(view, d, ns, ne, day)
        if months is not None:
            return months
    return None


_CLAUSE_BREAK = re.compile(r"([,;]|\s[-–]\s)")  # kept in a split, so conditions blank in place


def _without_conditional_clauses(sent: str, conditional) -> str:
    """``sent`` with every clause that states a condition blanked ("...; would repeat if relief
    lasts for 6 months": those months are a hope, not a length)."""
    parts = _CLAUSE_BREAK.split(sent)
    return "".join(" " * len(p) if conditional.search(p) else p for p in parts)


def _clause(sent: str, at: int) -> str:
    """The clause of ``sent`` around offset ``at``: between the commas, semicolons or dashes
    that bound it."""
    bounds = [m.end() for m in _CLAUSE_BREAK.finditer(sent[:at])]
    start = bounds[-1] if bounds else 0
    nxt = _CLAUSE_BREAK.search(sent[at:])
    return sent[start : at + nxt.start()] if nxt else sent[start:]


def _correcting(view: CaseView, r: Relief) -> bool:
    """The account corrects an earlier one: a correction word in its sentence, the sentence
    before it, or -- under an addendum heading -- the addendum up to it."""
    d = r.document
    heading = addendum_heading(view, d, r.start)
    if heading is not None:
        return corrects_under_heading(d, heading, r.start, r.end)
    i = view.sentence_number(d, r.start)
    before = view.sentences(d)[i - 1][0] if i else r.start
    return bool(cue("common.correction").search(d.text, before, r.end))


def _earlier(a: Relief, b: Relief) -> bool:
    if a.document.id == b.document.id:
        return a.start < b.start
    return (a.document.date or b.document.date) < (b.document.date or a.document.date)


def _without_corrected(
    view: CaseView, prior: list, reliefs: list[Relief], p: dict[str, Any]
) -> list[Relief]:
    """One procedure's accounts without those a later correction contradicts: an addendum's
    "Correction: relief lasted 6 weeks, not 6 months (dictation error)" supersedes the note's
    "6 months" -- it is not a second account that disagrees (dev15sn-03)."""
    if not _one_procedure(view, prior):
        return reliefs
    fixes = [r for r in reliefs if _correcting(view, r)]
    dropped = {
        id(r)
        for c in fixes
        for r in reliefs
        if r is not c
        and _earlier(r, c)
        and ((r.meets(p) and c.falls_short(p)) or (r.falls_short(p) and c.meets(p)))
    }
    return [r for r in reliefs if id(r) not in dropped]


def _short_lived(view: CaseView, prior: list) -> list:
    """Sentences that call the prior procedure's relief short-lived without a number ("a couple
    of epidurals in the past, both of which led to only short-term improvement"): no account of
    relief lasting months, so the requirement is not met -- read only when no percent or length
    is given anywhere."""
    return [r.evidence() for r in _short_lived_accounts(view, prior)]


def _short_lived_accounts(view: CaseView, prior: list, told: list | None = None) -> list[Relief]:
    """The short-lived sentences of :func:`_short_lived` as accounts falling short of the months
    a policy asks for, leaving out the sentences that already gave an account (``told``)."""
    rx, conditional = cue("procedures.short_lived_relief"), cue("common.conditional")
    seen = {(r.document.id, r.start, r.end) for r in told or []}
    out: dict[tuple, Relief] = {}
    for d, s, e in _response_sentences(view, prior):
        if (d.id, s, e) in seen or not rx.search(d.text, s, e) or conditional.search(d.text[s:e]):
            continue
        out.setdefault((d.id, s, e), Relief(d, s, e, None, None, minimal=True))
    return list(out.values())


@evaluator("prior_procedure_response")
def prior_procedure_response(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Conditional: only when a prior procedure is documented; its relief % and duration.

    Accounts of one procedure that disagree -- one enough (>= 50 % for >= 3 months), another
    short of it, in another document -- need review; accounts of several procedures are
    several facts, and the best one decides."""
    prior = _prior(view, p, ctx)
    if not prior:
        # "No prior epidural steroid injections.": the note that took the history (not a
        # procedure note's "no epidural spread" of its contrast)
        stated = [m for m in _stated_never(view, p) if m.document.type != "procedure_note"]
        if stated:
            return Outcome("not_applicable", ctx.say("none_stated")).cite(
                [m.evidence() for m in stated] + _other_procedure_sentences(view, stated)[:1], 3
            )
        return Outcome("not_applicable", ctx.say("no_prior"), by_silence=True)
    denied = _denied(view, p, prior)
    if denied:
        key = "denied" if all(_second_hand(m) for m in prior) else "clarified"
        return Outcome("not_applicable", ctx.say(key)).cite(
            [m.evidence() for m in denied]
            + _other_procedure_sentences(view, prior)[:1]
            + prefer(prior),
            4,
        )
    disputed = _existence_disputed(view, p, prior)
    if disputed:
        return Outcome("needs_review", ctx.say("existence_disputed")).cite(
            prefer([m for m in prior if not _second_hand(m)])[:2]
            + [m.evidence() for m in disputed][:3],
            5,
        )
    reliefs = _without_corrected(view, prior, _reliefs(view, prior, p), p)
    if not reliefs:
        short_lived = _short_lived(view, prior)
        if short_lived:  # "both of which led to only short-term improvement"
            return Outcome(
                "not_met",
                ctx.say(
                    "short_lived",
                    min_percent=p["min_relief_percent"],
                    min_months=p["min_months"],
                ),
            ).cite(short_lived + prefer(prior), 3)
        return Outcome("missing", ctx.say("response_missing")).cite(prefer(prior), 2)
    enough = [r for r in reliefs if r.meets(p)]
    short = [r for r in reliefs if r.falls_short(p)]
    if enough and _one_procedure(view, prior):
        # a second source that tells the same injection's relief as short-lived in words, with
        # no number: "about 75% relief that lasted roughly five months" in the new consult,
        # "the injection provided short-term relief only" in the chiropractor's narrative
        # (dev20pi-03) -- two accounts that disagree, not one account and an aside
        short = short + _short_lived_accounts(view, prior, reliefs)
    if enough and short and _one_procedure(view, prior):
        hi = enough[0]
        lo = next(
            (r for r in short if r.document.id != hi.document.id and not _dated_apart(view, hi, r)),
            None,
        )
        if lo is not None:
            return Outcome(
                "needs_review",
                ctx.say(
                    "disagree",
                    percent=_fmt(hi.percent),
                    low_percent=_fmt(lo.percent),
                    months=_fmt(hi.months, ".1f"),
                    low_months=_fmt(lo.months, ".1f"),
                ),
            ).cite(
                [hi.evidence(), lo.evidence()] + [r.evidence() for r in reliefs] + prefer(prior),
                5,
            )
    rival = _rival_accounts(view, prior, reliefs, p) if not enough else None
    if rival is not None:
        hi, lo = rival
        return Outcome(
            "needs_review",
            ctx.say(
                "disagree",
                percent=_fmt(hi.percent),
                low_percent=_fmt(lo.percent),
                months=_fmt(hi.months, ".1f"),
                low_months=_fmt(lo.months, ".1f"),
            ),
        ).cite([hi.evidence(), lo.evidence()] + [r.evidence() for r in reliefs] + prefer(prior), 5)
    with_pct = [r for r in reliefs if r.percent is not None]
    best = (
        enough[0]
        if enough
        else max(with_pct, key=lambda r: (r.percent, r.months or 0))
        if with_pct
        else reliefs[0]
    )
    months = (
        best.length(p)
        if best.length(p) is not None
        else max((r.length(p) for r in reliefs if r.length(p) is not None), default=None)
    )
    facts = {
        "percent": _fmt(best.percent),
        "months": _fmt(months, ".1f"),
        "min_percent": p["min_relief_percent"],
        "min_months": p["min_months"],
    }
    ev = [best.evidence()] + [r.evidence() for r in reliefs if r is not best]
    if enough:
        return Outcome("met", ctx.say("enough", **facts)).cite(ev, 3)
    told_apart = Relief(best.document, best.start, best.end, best.percent, months)
    if told_apart.meets(p) and _one_procedure(view, prior):
        # "80% improvement at six weeks" in one letter, "a good five months of relief" in
        # another: one injection's relief told in two places, neither falling short
        if not short:
            return Outcome("met", ctx.say("enough", **facts)).cite(ev, 3)
    if best.percent is not None and best.percent >= p["min_relief_percent"] and months is None:
        return Outcome("missing", ctx.say("duration_missing", **facts)).cite(ev, 3)
    return Outcome(
        "not_met", ctx.say("not_enough_for" if months is not None else "not_enough", **facts)
    ).cite(ev, 3)


def _rival_accounts(
    view: CaseView, prior: list, reliefs: list[Relief], p: dict[str, Any]
) -> tuple[Relief, Relief] | None:
    """Two accounts of one injection, in different documents, that contradict each other on
    what either of them tells, though neither tells both halves of the requirement: the new
    consult's "80% relief" (its length not given) against the PCP's "it did absolutely nothing",
    the PT note's "maybe 30%"; the pain doctor's "relief for about five months" against the
    patient's "helped maybe 3 weeks".  Each account alone gives another status (a missing
    length, not met), so a reviewer decides which holds.

    Contradicting means on the same half: a percent that meets against one short of it (or
    "barely helped"), a length that meets (or one the account tells in words that could not be
    read, :func:`_length_unread`) against one short of it, or no relief at all against any
    relief that meets.  An account that is silent on a half contradicts nothing there --
    "70% relief" in one note and "lasted only 3 weeks" in another are one injection's relief
    told in two halves, short of the months asked (not_met), not a dispute.  Accounts that date
    their injections apart (:func:`_dated_apart`) tell of two injections, not one."""
    if not _one_procedure(view, prior):
        return None
    need_pct, need_months = p["min_relief_percent"], p["min_months"] - MONTHS_SLACK
    for hi in reliefs:
        if hi.falls_short(p):
            continue
        pct_ok = hi.percent is not None and hi.percent >= need_pct
        months_ok = hi.months is not None and hi.months >= need_months
        if not (pct_ok or months_ok):
            continue
        # "80% relief ... lasting until the first week of May": a length the account tells but
        # that could not be read is no silence -- another record's "a couple of days" is not
        # its missing half but a rival to it (dev13pp-02)
        months_told = months_ok or (pct_ok and hi.months is None and _length_unread(hi))
        for lo in reliefs:
            if lo.document.id == hi.document.id or not lo.falls_short(p):
                continue
            if _dated_apart(view, hi, lo):
                continue
            none_at_all = lo.percent == 0
            low_pct = lo.minimal or (lo.percent is not None and lo.percent < need_pct)
            low_months = lo.length(p) is not None and lo.months < need_months
            if none_at_all or (pct_ok and low_pct) or (months_told and low_months):
                return hi, lo
    return None


def _length_unread(r: Relief) -> bool:
    """The account tells how long its relief lasted -- "lasting until ...", "wore off by ...",
    "back to baseline by ..." -- in words no length was read from."""
    return bool(cue("procedures.relief_ended").search(r.document.text, r.start, r.end))


APART_DAYS = 62  # two dates this far apart, each beside its injection, are two injections


def _injection_date(view: CaseView, r: Relief):
    """The date an account writes, with its year, beside its injection's name ("ESI in March
    2025", "a 2019 epidural", "an epidural two years ago"): (value, precision), or None."""
    return _date_beside_injection(view, r.document, r.start, r.end, with_year=True)


def _date_beside_injection(view: CaseView, d, s: int, e: int, with_year: bool = False):
    """The date nearest an injection's name in ``[s, e)`` of ``d`` (within two
    :data:`NEAR_CHARS`), not after the note and not the visit's own day: (value, precision).
    A bare "8/10" is a pain score as often as a day ("the back shot only worked 4 or 5 days,
    pain is back to 8/10"), so a month/day without a year never dates an injection here;
    ``with_year``: only a date that writes its year (or counts back, "two years ago") -- a
    "March" or "the spring" resolves to the latest one before the note, which may be the
    wrong year."""
    inj = list(cue("procedures.injection_words").finditer(d.text, s, e))
    best = None
    for dm in view.dates_in(d, s, e):
        if d.date is not None and dm.value > d.date:
            continue
        if dm.form == "m_d":
            continue
        if with_year and dm.form != "ago" and not _YEAR_WRITTEN.search(d.text[dm.start : dm.end]):
            continue
        if dm.precision == "day" and dm.value == d.date and d.type != "procedure_note":
            continue  # the visit's own day, not the injection's
        gap = min(
            (min(abs(dm.start - m.end()), abs(m.start() - dm.end)) for m in inj), default=None
        )
        if gap is not None and gap <= 2 * NEAR_CHARS and (best is None or gap < best[0]):
            best = (gap, dm.value, dm.precision)
    return None if best is None else best[1:]


def _dated_apart(view: CaseView, a: Relief, b: Relief) -> bool:
    """Whether two accounts date their injections apart -- another year, or months apart --
    so they tell of two injections (an earlier episode's "the 2019 epidural did nothing" beside
    "the March 2025 TFESI gave 80% for six months"), not of one told two ways."""
    da, db = _injection_date(view, a), _injection_date(view, b)
    if da is None or db is None:
        return False
    if "year" in (da[1], db[1]):
        return da[0].year != db[0].year
    return abs((da[0] - db[0]).days) > APART_DAYS


def _fmt(x: float | None, spec: str = ".0f") -> str:
    return "?" if x is None else format(x, spec)
