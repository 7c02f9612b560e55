"""Imaging: prior studies in a window, findings that explain symptoms, radiographic grade."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from casebrief.facts.evidence import Evidence, sentence_evidence
from casebrief.facts.mentions import CaseView, Mention, all_regions_rx, regions_in
from casebrief.facts.visits import day_line
from casebrief.lexicon import cue
from casebrief.lines import LineIndex
from casebrief.nlp.dates import DateMention, find_dates
from casebrief.policy.evaluators.base import (
    Context,
    addendum_heading,
    affirmed,
    evaluator,
    finding_on_side,
    fmt_date,
    prefer,
    side_of_heading,
    sides_named,
)
from casebrief.policy.result import Outcome

OTHER_REGIONS_BEAT_LUMBAR = {"cervical", "thoracic", "knee", "shoulder", "hip"}
NEAR_CHARS = 60  # a date this close to a study names the study's date
DESCRIBING_SENTENCES = 5  # sentences after a study's name that may go on describing it
HEAD_CHARS = 1200  # a report names its study in its head
SAME_STUDY_DAYS = 60  # reads of imaging this close in time are taken as reads of one study
NOT_DONE_BEFORE, NOT_DONE_AFTER = 40, 90  # how near a study's name its "never had", "cancelled"


def _near_regions(m: Mention, width: int = 45) -> set[str]:
    """Body regions named close to a mention (falls back to its sentence)."""
    text = m.document.text
    lo, hi = max(m.sent_start, m.start - width), min(m.sent_end, m.end + width)
    found = [
        (min(abs(r.start() - m.end), abs(m.start - r.end())), r.lastgroup)
        for r in all_regions_rx().finditer(text, lo, hi)
    ]
    near = {name for _, name in found}
    if len(near) > 1:  # "prior MRI L-spine 2019; CT C/A/P 08/2025": the nearest names the study
        nearest = min(found)[0]
        near = {name for dist, name in found if dist == nearest}
    if OTHER_REGIONS_BEAT_LUMBAR & near:
        near.discard("lumbar")  # "mid-back"/"neck" beside the study name beats a stray "back"
    if len({name for _, name in found}) > 1:
        near |= _listed_with_nearest(m, hi)
    return near or set(regions_in(m.sentence))


# what may sit between a study's name and the regions it lists: "MRI of her cervical spine and
# lumbar spine", "MRI of the C & T spine and LS spine", "CT of the neck, thoracic and lumbar
# spine" (a spine's letter before its "& T spine" too)
_REGION_LIST_GAP = re.compile(
    r"^(?:\s|\b(?:of|the|her|his|their|spines?|and|[CTL]|LS)\b|[,&/])*$", re.I
)


def _listed_with_nearest(m: Mention, hi: int) -> set[str]:
    """The regions a study's name lists after it, joined by "and", "&", "/" or commas: "MRI of
    her cervical spine and lumbar spine dated February of 2004" is a lumbar MRI too, not the
    neck's alone for its nearer "cervical" (a spine consult's lumbar MRI eight months before the
    request went unread).  A region after another word ("MRI of the neck showed ... back") is
    not listed."""
    text = m.document.text
    generic = cue("imaging.generic_spine_word")
    out: set[str] = set()
    at = m.end
    for r in all_regions_rx().finditer(text, m.end, hi):
        if not _REGION_LIST_GAP.match(text[at : r.start()]):
            break
        if not generic.fullmatch(r.group(0)):  # "spine" of "cervical spine" lists nothing
            out.add(r.lastgroup)
        at = r.end()
    return out if len(out) > 1 else set()


def _sentence_regions(sentence: str) -> frozenset[str]:
    """The regions a sentence names, where another spinal region's level or name beats the
    words every spinal read uses, which the lumbar list holds too: "C6-7: right foraminal
    disc protrusion contacting the exiting right C7 nerve root" is a cervical finding, not a
    lumbar one for its "disc" (dev17fx-06: the cervical MRI's root contact counted for a
    lumbar injection, against the lumbar MRI's "no nerve root contact").  A lumbar level or
    name beside them keeps the sentence lumbar too."""
    named = set(regions_in(sentence))
    if "lumbar" in named and OTHER_REGIONS_BEAT_LUMBAR & named:
        generic = cue("imaging.generic_spine_word")
        lumbar_words = [
            r.group(0) for r in all_regions_rx().finditer(sentence) if r.lastgroup == "lumbar"
        ]
        if all(generic.fullmatch(w) for w in lumbar_words):
            named.discard("lumbar")
    return frozenset(named)


def _letterhead(m: Mention, lines: LineIndex) -> bool:
    """An all-capitals line naming an imaging facility (and no body part) is letterhead, not a
    study.
    """
    line = lines.text_around(m.start, m.end)
    return (
        line.strip().isupper()
        and bool(cue("imaging.facility").search(line))
        and not cue("imaging.body_part").search(line)
    )


def not_a_study(sentence: str, *, ordered_by_done: bool = False) -> bool:
    """The sentence names a study that was requested, ordered, planned or conditional, not done
    (a facility's name, "Northlake Open MRI", is left out of the reading).  With
    ``ordered_by_done``, so is the clinician who ordered a study the sentence tells was done
    (:func:`_ordering_clinician_only`)."""
    text = cue("imaging.facility_name").sub(" ", sentence)
    if ordered_by_done and cue("imaging.study_told_done").search(text):
        text = cue("imaging.ordered_by").sub(" ", text)
        # what is asked for or missing is the study's report or images, and where it was done
        # ("Lumbar MRI done 12/01/2025 at Mercy Imaging, report requested", "had a lumbar MRI at
        # an outside facility on 11/14/2025"): the study itself was done (review of 768748b)
        text = cue("imaging.done_study_aside").sub(" ", text)
    return bool(cue("imaging.not_a_study").search(text))


def _ordering_clinician_only(m: Mention) -> bool:
    """A study the sentence tells was done that also names who ordered it: "had MRI of his low
    back at Summit Imaging in July 2025 per pt - ordered by prior PCP Dr. Haas", "underwent a
    lumbar MRI (ordered by his chiropractor) last summer".  ConText reads "ordered" as a plan,
    and the study as hypothetical, but "ordered by" names the study's ordering clinician, not
    an order still to be carried out: the study was done (dev23ds-03, a sleep note's account
    of a lumbar MRI in the window went unread against the spine notes' "no prior imaging").
    Any other word of a plan or a condition in the sentence keeps it a plan.

    Read so where a study counts for having been done (a prior-study exclusion), not where its
    findings must be read: "MRI was done 4/22 (ordered by PCP). Report NOT available" tells a
    study whose read the packet lacks (dev3hc-04), not a study that shows nothing."""
    return (
        m.assertion == "hypothetical"
        and bool(cue("imaging.ordered_by").search(m.sentence))
        and bool(cue("imaging.study_told_done").search(m.sentence))
        and not not_a_study(m.sentence, ordered_by_done=True)
    )


def _told_done_clause(m: Mention) -> str | None:
    """The study's own clause (between semicolons) when that clause tells the study was done,
    else None.  Why: an order in another clause is another test's ("Lumbar MRI done 12/01/2025
    at Valley Imaging, report requested; CBC ordered today": the labs are ordered, the MRI was
    done).  A clause that does not say the study was done keeps the whole sentence's reading
    ("MRI lumbar spine; ordered today")."""
    text = m.sentence
    at = m.start - m.sent_start
    start = text.rfind(";", 0, at) + 1
    end = text.find(";", at)
    clause = text[start : len(text) if end < 0 else end]
    return clause if cue("imaging.study_told_done").search(clause) else None


def called_off(m: Mention) -> bool:
    """A study that was booked, requisitioned or submitted for authorization and then
    cancelled, not tolerated or never done: "she had an MRI booked for mid-January in Canada
    but cancelled it", "MRI lumbar spine (72158) - PA submitted today", "11/2025 study not
    completed".  Also any study named in a booking office's notice, filed with the imaging
    reports, that the exam did not happen ("The exam has not been performed"): its heading's
    study and the notice's own date are no study done that day.  A prior-study exclusion
    counts studies done, not ones that were only planned."""
    if cue("imaging.study_called_off").search(m.sentence):
        return True
    return m.document.type == "imaging_report" and bool(
        cue("imaging.notice_of_no_study").search(m.document.text)
    )


_CROSS_SECTIONAL = re.compile(r"\b(?:MRI|MR|CT|magnetic resonance|computed tomography)\b")


def _intraoperative(m: Mention) -> bool:
    """A localization film during a procedure: in the procedure's own note, or a sentence naming
    no MRI or CT ("MRI on 2/1 confirmed herniation at the L4-5 level" is a diagnostic study)."""
    return bool(cue("imaging.intraoperative").search(m.sentence)) and (
        m.document.type == "procedure_note" or not _CROSS_SECTIONAL.search(m.sentence)
    )


def imaging_mentions(
    view: CaseView,
    modalities: list[str],
    region: str | None,
    assertions: set[str],
    *,
    record_subject: bool = False,
    ordered_by_done: bool = False,
) -> list[Mention]:
    """Mentions of a study of ``modalities`` on ``region``: named beside it, or in an imaging
    report about it.  With ``record_subject``, also a study named with no region in a record
    that is about the region and names no other (:func:`_only_about`).  With
    ``ordered_by_done``, also a done study read as planned only for naming who ordered it
    (:func:`_ordering_clinician_only`)."""
    out = []
    asked = assertions | {"hypothetical"} if ordered_by_done else assertions
    for m in view.find(concepts=modalities, assertions=asked, exclude_doc_types={"fax_cover"}):
        if m.assertion not in assertions and not _ordering_clinician_only(m):
            continue
        if _letterhead(m, view.lines(m.document)) or _intraoperative(m):
            continue
        named = _near_regions(m)
        if region and named and region not in named:
            continue
        if (
            region
            and not named
            and not (m.document.type == "imaging_report" and view.on_region(m, region))
            and not (record_subject and _only_about(view, m.document, region))
        ):
            continue
        out.append(m)
    return out


def _only_about(view: CaseView, document, region: str) -> bool:
    """A record about ``region`` that names no other body region: a study it names without a
    region is of that one.  A patient's own account of his back ("hurt my back shovelling
    snow", "the pain goes down my leg", then "October - had the scan at the walk-in imaging
    place") tells the back's MRI; a note that also names the neck or a knee may mean either."""
    counts = view.doc_regions(document)
    return counts.get(region, 0) > 0 and not any(n for r, n in counts.items() if r != region)


# between a study and a date: another study or a new clause ("MRI L-spine 2019; CT C/A/P
# 08/2025" -- the date is the CT's)
_LIST_BREAK = re.compile(r"[,;\n]")
_DATE_LEADS = re.compile(r"\b(?:on|dated|from|as of)\s*$", re.I)  # "On 01/10/2026, MRI showed"
_ANOTHER_STUDY = re.compile(r";|\b(?:MRI|CT|X-?rays?|XR|radiographs?|scan|DEXA|ultrasound|US)\b")


def imaging_date(view: CaseView, m: Mention) -> date | None:
    """The date written next to a study mention; the day a report's labelled line gives beside
    the line naming the study (:func:`_labelled_study_day`); an imaging report's own date; else
    unknown."""
    near = _near_study_dates(view, m)
    if near:
        return near[0].value
    labelled = _labelled_study_day(view, m)
    if labelled is not None:
        return labelled.value
    text = m.document.text
    if m.document.type == "imaging_report":
        return m.document.date
    if cue("imaging.study_section_heading").match(
        view.lines(m.document).text_around(m.start, m.end)
    ):
        # "MRI L-SPINE:" / "Normal.": the work-up's own study section -- unless the read below
        # dates the study itself or calls it old ("MRI LUMBAR SPINE:" / "Outside study dated
        # 03/14/2019. Mild disc bulge"): an earlier study listed under the heading
        below = _section_body(view, m)
        if below is not None:
            a, b = below
            dated = view.dates_in(m.document, a, b)
            if dated:
                return dated[0].value
            if cue("imaging.older_study").search(text, a, b):
                return None
        return m.document.date
    around = text[max(m.sent_start, m.start - 40) : min(m.sent_end, m.end + 90)]
    if (
        cue("imaging.current_workup").search(around)
        and not cue("imaging.older_study").search(around)
        and not not_a_study(m.sentence)
    ):
        return m.document.date  # "MRIs ... have been unremarkable": part of this work-up
    return None


def _section_body(view: CaseView, m: Mention) -> tuple[int, int] | None:
    """The first non-blank line below a study's own heading line: the read it heads."""
    d, lines = m.document, view.lines(m.document)
    last = lines.number(len(d.text))
    for k in range(lines.number(m.start) + 1, min(last, lines.number(m.start) + 3) + 1):
        a, b = lines.line(k)
        if d.text[a:b].strip():
            return a, b
    return None


STUDY_DAY_LINES = 2  # how far above or below a report's study line its labelled day may sit


def _labelled_study_day(view: CaseView, m: Mention) -> DateMention | None:
    """The day a report's labelled date line gives ("Date of examination: 14/10/2025", "Exam
    date: 05/14/2025") within :data:`STUDY_DAY_LINES` lines of the labelled line that names the
    study ("Examination: MRI of the lumbosacral spine without contrast").  Why: a report filed
    as another record -- a certified translation, an outside report under a fax or a copy
    service's cover, dated by the day it was translated or sent -- gives its study's day only
    on its own head lines, apart from the study's name (dev23ig-06: the translated Riyadh MRI
    report, a record of the translation's day, had no study day and its MRI went uncounted).
    Only a study named on its own labelled line, so a note's "DOS" above a sentence that
    mentions an older study does not date it."""
    d, lines = m.document, view.lines(m.document)
    n = lines.number(m.start)
    if not cue("imaging.study_line").match(d.text, *lines.line(n)):
        return None
    label = cue("exams.visit_date_line")
    last = lines.number(len(d.text))
    for k in sorted(
        range(max(0, n - STUDY_DAY_LINES), min(last, n + STUDY_DAY_LINES) + 1),
        key=lambda k: abs(k - n),
    ):
        a, b = lines.line(k)
        if k == n or not label.search(d.text[a:b]):
            continue
        days = [x for x in view.dates_in(d, a, b) if x.precision == "day"]
        if days:
            return days[0]
    return None


def _labelled_day_line(view: CaseView, m: Mention) -> list[Evidence]:
    """The labelled date line that gives a study's day (:func:`_labelled_study_day`), as a
    quote; [] when the study is dated otherwise."""
    day = _labelled_study_day(view, m)
    if day is None:
        return []
    return [sentence_evidence(m.document, *view.lines(m.document).bounds(day.start))]


def _told_day(view: CaseView, m: Mention, when: date) -> tuple[date, str]:
    """The day a counted study is told on and how precisely: the date written beside it or on
    its report's labelled line, else ``when`` (its report's own date) to the day."""
    near = _near_study_dates(view, m)
    told = near[0] if near else _labelled_study_day(view, m)
    return (told.value, told.precision) if told else (when, "day")


def _told_a_year_apart(
    view: CaseView, studies: list[Mention], m: Mention, when: date, window_start: date
) -> list[Evidence]:
    """Other accounts of the counted study that date it a year earlier or later, on the same
    month (and the same day, where both name one), outside the window: the report's "Date of
    examination: 14/10/2025" against the notes' "had MRI in Riyadh then per pt ("Oct 2024")"
    and the translator's certificate (dev23ig-06).  One study's day written with two years --
    a slip of the year, a report's date copied wrong -- and whether it falls inside the window
    turns on which year holds: a reviewer decides.  Two different studies a year apart to the
    month are far rarer than a wrong year; a study dated in another month is another study."""
    day, precision = _told_day(view, m, when)
    out: list[Evidence] = []
    for o in studies:
        if o.document.id == m.document.id and o.sent_start == m.sent_start:
            continue
        if not_a_study(o.sentence, ordered_by_done=True) or called_off(o):
            continue
        near = _near_study_dates(view, o)
        if not near or near[0].value >= window_start:
            continue
        told = near[0]
        if _season_without_year(o.document.text, told):
            # "the MRI last spring" said in November: which spring is our reading, not the
            # writer's second year for the study (dev31ri-01: a note of 11/2025 read as spring
            # 2024 against the later notes' spring 2025 sent an agreed study to review)
            continue
        if (
            abs(told.value.year - day.year) == 1
            and told.value.month == day.month
            and (told.precision != "day" or precision != "day" or told.value.day == day.day)
        ):
            out.append(o.evidence())
    return out


def _form_denies_prior_study(
    view: CaseView, prior: list, region: str | None = None
) -> list[Evidence]:
    """The request form's own answer that there was no such study in the window ("4. Lumbar MRI
    or CT in past 12 months:   NO", "Prior lumbar MRI within 12 months?  [ ] Yes  [X] No"),
    signed and attested, against the clinical records that tell one (dev31ri-04: the PCP's note
    and a claims printout give the MRI of 08/14/2025): the form is the requester's account of
    those records and they do not bear it out, so a reviewer decides (the convention for a
    signed form against the primary record).  Not when the form itself names the study: then
    its "No" answers another question; nor a question about another region's study, another
    modality's alone ("CT of the lumbar spine in past 12 months: NO") or another matter ("Contrast
    study in the last year: No reactions"): cue imaging.form_prior_study_denied."""
    if any(m.document.type == "request_form" for _, m in prior):
        return []
    question = cue("imaging.form_prior_study_denied")
    return [
        e
        for d in view.documents
        if d.type == "request_form"
        for e in view.sentences_matching(question, [d])
        # a question about another region's study ("Cervical spine MRI in past 12 months: NO")
        # answers nothing about this one (review of 8dcdc79)
        if not (region and (named := _sentence_regions(e.quote)) and region not in named)
    ][:1]


def _season_without_year(text: str, told: DateMention) -> bool:
    """A season told without its year ("last spring", "this past summer")."""
    return told.form == "season" and not re.search(r"\d{2,4}", text[told.start : told.end])


def _near_study_dates(view: CaseView, m: Mention) -> list[DateMention]:
    """The dates written next to a study mention in its sentence, nearest first (not a birth
    date or an onset, not another listed study's)."""
    text = m.document.text
    ds = [
        d
        for d in view.dates_in(m.document, m.sent_start, m.sent_end)
        if not cue("imaging.not_study_date_before").search(
            text[max(m.sent_start, d.start - 12) : d.start]
        )
    ]
    near = [
        d
        for d in ds
        if min(abs(d.start - m.end), abs(m.start - d.end)) <= NEAR_CHARS
        and not _ANOTHER_STUDY.search(text[min(m.end, d.end) : max(m.start, d.start)])
        # "nurse visit 04/08/2026,\nMRI L-spine report 03/10/2025": a date before the study and
        # across a list's comma or line break is the previous item's
        and not (
            d.end <= m.start
            and _LIST_BREAK.search(text[d.end : m.start])
            and not _DATE_LEADS.search(text[max(m.sent_start, d.start - 12) : d.start])
        )
    ]
    return sorted(near, key=lambda d: min(abs(d.start - m.end), abs(m.start - d.end)))


CLINICAL_NOTES = {"office_note", "letter", "therapy_note", "procedure_note"}


def _study_disputed(view: CaseView, prior: list, later: list, p: dict[str, Any]) -> list:
    """A study known only from a claim, a summary or a note -- no report of it in the packet --
    that later records say never happened ("No prior MRI", "he has never had an MRI of his
    back", "the MRI was cancelled on 8/14 and never completed") while another record tells its
    findings or a plan's claims show one paid: the packet contradicts itself on whether the
    study exists.  Evidence of the denials, or []."""
    if any(mm.document.type == "imaging_report" for _, mm in prior):
        return []
    told_in = {mm.document.id for _, mm in prior}
    notes = [d for d in later if d.type in CLINICAL_NOTES and d.id not in told_in]
    stated = view.sentences_matching(cue("imaging.no_prior_imaging"), notes)
    return (stated + _told_not_done(view, prior, later, p, told_in))[:2]


def _dated_otherwise(view: CaseView, studies: list, prior: list, window_start: date) -> list:
    """A study in the window known only from accounts (no report in the packet), and a clinical
    record that dates the one study before the window: "Her only prior lumbar MRI was performed
    at Summit Imaging in April 2024" in the requester's letter, against the office note's "MRI
    L-spine 04/2025 (Summit Imaging)" that the denial relied on (dev23pa-01, not_met on the
    04/2025 date).  The packet contradicts itself on the date that decides the exclusion, and
    with no report to settle it a reviewer decides.  Evidence of the other date, or [].

    The same study: the other account says it is the only one (``imaging.sole_study``); two
    dates of two accounts alone may be two studies."""
    if any(mm.document.type == "imaging_report" for _, mm in prior):
        return []
    sole = cue("imaging.sole_study")
    for m in studies:
        if m.document.type not in CLINICAL_NOTES or not sole.search(m.sentence):
            continue
        if not_a_study(m.sentence) or called_off(m):
            continue
        when = imaging_date(view, m)
        if when is not None and when < window_start:
            return [m.evidence()]
    return []


def _told_not_done(view: CaseView, prior: list, later: list, p: dict[str, Any], told_in) -> list:
    """The later records' own accounts that the study was never done: a mention of the same
    modality, on the region or on none, in a sentence that says it was cancelled, not
    completed or never had (a hospital summary lists an MRI's findings; the rehab facility's
    summary says that MRI was cancelled the same day and never completed, and the home visits
    say he never had it -- dev20hh-02).  Only against an account that tells the study's
    findings.  The same study: a date the sentence gives falls within
    :data:`SAME_STUDY_DAYS` of the told study, or it gives none and says "never" of the whole
    past; not a study the sentence calls a repeat or a new one, which may well be cancelled
    after the first was done."""
    when = max(w for w, _ in prior)
    # the other account tells the study's findings ("MRI L-spine 08/14: L4-5 moderate stenosis"),
    # not only its name: a review's "non-certification 12/12 (MRI lumbar spine)" is no study
    described = cue("imaging.describes")
    if not any(
        abs((w - when).days) <= SAME_STUDY_DAYS and described.search(mm.sentence) for w, mm in prior
    ):
        return []
    not_done, another = cue("imaging.study_not_done"), cue("imaging.another_study")
    later_ids = {d.id for d in later if d.id not in told_in}
    out: list[Evidence] = []
    seen: set[tuple[str, int]] = set()
    for m in view.find(concepts=p["modalities"], assertions=None, exclude_doc_types={"fax_cover"}):
        d = m.document
        if d.id not in later_ids or (d.id, m.sent_start) in seen:
            continue
        named = _near_regions(m)
        if p.get("region") and named and p["region"] not in named:
            continue
        # near the study's name: "the MRI was done; the CT was cancelled" denies the CT only
        near = d.text[
            max(m.sent_start, m.start - NOT_DONE_BEFORE) : min(m.sent_end, m.end + NOT_DONE_AFTER)
        ]
        said = not_done.search(near)
        if said is None or another.search(m.sentence):
            continue
        dates = [x.value for x in view.dates_in(d, m.sent_start, m.sent_end)]
        same = (
            any(abs((x - when).days) <= SAME_STUDY_DAYS for x in dates)
            if dates
            else said.group(0).lower().startswith("never")
        )
        if same:
            seen.add((d.id, m.sent_start))
            out.append(m.evidence())
    return out


@evaluator("no_recent_imaging")
def no_recent_imaging(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Exclusion: no study of this modality and region in the window unless new symptoms since."""
    window = timedelta(days=p["window_days"])
    # a study counts against the request wherever the packet tells it, even in a record that
    # names its region only by being about it
    studies = imaging_mentions(
        view,
        p["modalities"],
        p.get("region"),
        {"present", "historical"},
        record_subject=True,
        ordered_by_done=True,
    )
    reported = [
        w
        for r in studies
        if r.document.type == "imaging_report" and (w := imaging_date(view, r)) is not None
    ]
    prior = []
    for m in studies:
        if (
            not_a_study(_told_done_clause(m) or m.sentence, ordered_by_done=True)
            or _ordered_with_labs(m)
            or called_off(m)
            or (
                m.document.type != "imaging_report"
                and cue("imaging.service_under_review").search(m.sentence)
            )
        ):
            continue
        when = imaging_date(view, m)
        if when and m.document.type != "imaging_report" and _told_vaguely(view, m):
            # "I had an MRI last spring" beside the study's own report of 01/16/2025: the same
            # study, dated by its report (dev24rr-06: a season read as March put it in the window)
            # -- not a study the account calls another ("repeat lumbar MRI 05/2025"), nor one told
            # by its month a month or more from the report's (review of 857a48b)
            reach = _vague_reach(view, m)
            near = [w for w in reported if abs((w - when).days) <= reach]
            when = min(near, key=lambda w: abs((w - when).days)) if near else when
        if when and ctx.request_date - window <= when < ctx.request_date:
            prior.append((when, m))
    corrected = [m for _, m in prior if _account_corrected(view, m, p.get("region"))]
    prior = [(w, m) for w, m in prior if m not in corrected]
    if prior:
        when, m = max(prior, key=lambda t: t[0])
        facts = {
            "date": fmt_date(when),
            "window_days": p["window_days"],
            "age": (ctx.request_date - when).days,
        }
        later = [d for d in view.documents if d.date and d.date > when]
        disputed = _study_disputed(view, prior, later, p)
        if disputed:
            return Outcome("needs_review", ctx.say("study_disputed", **facts)).cite(
                [m.evidence(), *disputed], 3
            )
        redated = _dated_otherwise(view, studies, prior, ctx.request_date - window)
        if redated:
            return Outcome("needs_review", ctx.say("only_study_dated_otherwise", **facts)).cite(
                [m.evidence(), *redated], 3
            )
        new = cue("imaging.new_symptoms")
        news = [
            e
            for e in view.sentences_matching(new, later)
            if affirmed(new, e.quote)
            # "HEP issued and progressed each session": the exercises progressed, not the disease
            and not cue("imaging.program_progressed").search(e.quote)
            # "Red flags (CES, CA, infxn, fx, progressive deficit): none": a screen answered no
            and not cue("assertion.leader_no").search(e.quote)
            and not _new_only_as_a_condition(new, e.quote)
            and not _question_answered_no(e)
            and not _told_before_study(view, e, when, m)
            and not _surgery_elsewhere(new, e.quote)
        ]
        news = _argued_planning_dropped(view, news, later)
        # what tells a reviewer nothing is new: "symptoms unchanged since the MRI", "denies any
        # new numbness or weakness" in the records after the study
        steady = cue("imaging.nothing_new_since")
        unchanged = view.sentences_matching(steady, later)
        if news and unchanged and all(_order_reason(e) for e in news):
            # "Indication: New L leg numbness" on the order, "[X] New or progressive neurologic
            # deficit" on the request form, and every note since the study "numbness unchanged
            # since last spring": the order's reason is the requester's label, the notes the
            # account of the symptoms (dev35ms-02)
            clinical = [u for u in unchanged if not _order_reason(u)]
            if all(
                any(_symptoms_of(n.quote) & _symptoms_of(u.quote) for u in clinical) for n in news
            ):
                news = []
        if news:
            # a nurse's intake "new R foot numbness" and the surgeon's "denies new numbness" the
            # same morning: two accounts of one day disagree on the exception itself
            clash = next(
                (
                    (n, u)
                    for n in news
                    for u in unchanged
                    if u.document.id != n.document.id
                    and u.document.date is not None
                    and u.document.date == n.document.date
                    and "request_form" not in (u.document.type, n.document.type)
                ),
                None,
            )
            if clash is not None:
                return Outcome("needs_review", ctx.say("new_disputed", **facts)).cite(
                    [m.evidence(), *clash], 3
                )
            return Outcome("met", ctx.say("new_since", **facts)).cite([m.evidence()] + news[:2], 3)
        redated = _told_a_year_apart(view, studies, m, when, ctx.request_date - window)
        if redated:
            return Outcome("needs_review", ctx.say("dated_a_year_apart", **facts)).cite(
                [m.evidence(), *_labelled_day_line(view, m), *redated, *unchanged[:1]], 5
            )
        denied = _form_denies_prior_study(view, prior, p.get("region"))
        if denied:
            return Outcome("needs_review", ctx.say("form_denies_study", **facts)).cite(
                [m.evidence(), *denied, *unchanged[:1]], 4
            )
        # the study, the day its report gives ("Exam date: 05/14/2025"), and what is unchanged
        dated = day_line(m.document) if m.document.type == "imaging_report" else None
        return Outcome("not_met", ctx.say("recent", **facts)).cite(
            [m.evidence(), *([dated] if dated else []), *unchanged[:2]], 4
        )
    negated = prefer(imaging_mentions(view, p["modalities"], p.get("region"), {"negated"}))
    old = [
        m.evidence()
        for m in studies
        if (w := imaging_date(view, m)) and w < ctx.request_date - window
    ]
    stated = view.sentences_matching(cue("imaging.no_prior_imaging"))
    # the studies a reviewer might take for a prior one: the same modality of another region
    # ("MRI left hip without contrast, 10/21/2025", "EXAM: MRI CERVICAL SPINE")
    region = p.get("region")
    elsewhere = [
        m.evidence()
        for m in imaging_mentions(view, p["modalities"], None, {"present", "historical"})
        if region and (named := _near_regions(m)) and region not in named
    ]
    fixes = [e for m in corrected for e in _account_corrected(view, m, p.get("region"))][:2]
    return Outcome(
        "met",
        ctx.say(
            "none_stated" if negated or stated or fixes else "none", window_days=p["window_days"]
        ),
        by_silence=not (negated or stated or fixes),
    ).cite(fixes + negated + stated + old[:2] + elsewhere[:2] + old[2:], 6)


def _order_reason(e: Evidence) -> bool:
    """An order's or a request form's reason for the study ("Indication: New L leg numbness",
    "Reason for exam: ...", a form's ticked pick-list item): what the requester put down, not
    a clinician's account of the symptoms."""
    return e.document.type == "request_form" or bool(cue("imaging.order_reason").search(e.quote))


_SYMPTOM_WORD = re.compile(
    r"\b(numb\w*|tingl\w*|paresthes\w*|weak\w*|foot\s+drop|drop\s+foot|pain|sciatica|"
    r"radicul\w*|incontinen\w*|retention|bladder|bowel|saddle|gait|balance)\b",
    re.IGNORECASE,
)


def _symptoms_of(quote: str) -> set[str]:
    """The symptom words of a sentence, by their stems ("numbness" and "numb" are one): an
    order's "new" and a note's "unchanged" speak of one symptom only when they share one
    ("Back pain unchanged" does not answer "New left foot weakness": review of this rule)."""
    out = set()
    for m in _SYMPTOM_WORD.finditer(quote):
        w = m.group(1).lower()
        out.add(w[:4] if not w.startswith(("foot", "drop")) else "drop")
    return out


def _surgery_elsewhere(new: re.Pattern[str], quote: str) -> bool:
    """The sentence is news only by a surgery booked (cue imaging.surgery_scheduled), and that
    surgery is of another body part or called off: "her right knee arthroscopy surgery is
    scheduled", "surgery has been scheduled and cancelled twice" (review of 857a48b)."""
    booked = cue("imaging.surgery_scheduled")
    hits = list(new.finditer(quote))
    if not hits or not all(booked.match(quote, h.start()) for h in hits):
        return False
    if cue("imaging.surgery_called_off").search(quote):
        return True
    return bool(cue("imaging.surgery_elsewhere").search(quote)) and not cue(
        "imaging.surgery_of_the_spine"
    ).search(quote)


VAGUE_SAME_STUDY_DAYS = 120  # a study told by a season or a month lies this near its report's day


VAGUE_MONTH_DAYS = 31  # a study told by its month: its report lies in that month or beside it


def _vague_reach(view: CaseView, m: Mention) -> int:
    """How far from a vaguely told study's date its report may lie and be the same study: none
    for a study the account calls another ("a repeat MRI", "second MRI"), a month for one told
    by its month ("MRI 05/2025", "in May 2025"), else :data:`VAGUE_SAME_STUDY_DAYS` (a season,
    a year, nothing)."""
    near = m.document.text[max(m.sent_start, m.start - 40) : m.end]
    if cue("imaging.another_study_word").search(near):
        return -1
    dates = view.dates_in(m.document, m.sent_start, m.sent_end)
    if dates and all(x.precision == "month" and x.form != "season" for x in dates):
        return VAGUE_MONTH_DAYS
    return VAGUE_SAME_STUDY_DAYS


def _told_vaguely(view: CaseView, m: Mention) -> bool:
    """The account dates the study by no day: only a month, a season, a year ("an MRI last
    spring", "MRI 03/2025") -- or by nothing at all in its sentence."""
    return not any(
        x.precision == "day" for x in view.dates_in(m.document, m.sent_start, m.sent_end)
    )


def _ordered_with_labs(m: Mention) -> bool:
    """The study is named in a note's list of tests for today, beside lab tests, with nothing
    it showed: "MRI lumbar spine with and without contrast, alk phos and CBC today, and I let
    her oncologist know" in a dictated assessment and plan (dev29dx-06) orders the study the
    request is for; read as a study done that day, it made a lumbar MRI ten days before the
    request.  Not in an imaging report, not a sentence that tells what a study showed, nor one
    that gives the study an earlier day ("Lumbar MRI 12/01/2025 at Mercy Imaging; CBC, ESR and
    CRP today": a study done, beside today's labs -- review of 768748b, a false met)."""
    d = m.document
    return (
        d.type != "imaging_report"
        and bool(cue("imaging.ordered_with_labs").search(m.sentence))
        and not cue("imaging.describes").search(m.sentence)
        and not any(
            d.date is not None and x.value < d.date and x.precision in ("day", "month")
            for x in find_dates(m.sentence, d.date, dmy=d.day_first)
        )
    )


def _account_corrected(view: CaseView, m: Mention, region: str | None = None) -> list[Evidence]:
    """The passage that corrects an account of a prior study, or [].

    A note's HPI tells "an MRI of her lumbar spine in April 2025"; its addendum the next
    morning reads "Correction to the HPI above: the April 2025 MRI was of the CERVICAL spine
    ... She has had no lumbar imaging of any kind" (dev28ra-01).  The correction supersedes the
    account (policies.md: a later correction is no contradiction), so the study is no prior
    study of the region.  A correction: a sentence after the account -- later in its record or
    in a record dated after it -- that says it corrects (``imaging.account_correction``), and,
    in it or one of the two sentences after it, the region's study denied
    (``imaging.no_prior_imaging``).  Not a radiology report's own amended read (that is
    :func:`_read_corrected`'s), nor a correction that denies nothing.

    Nor a study the packet holds the report of (a clinician's note cannot un-do a radiologist's
    report), nor a denial that leaves the account standing or names another region: "No other
    imaging", "No lumbar imaging since December", "no prior imaging of the hip" beside a
    correction of something else (the reflex grade, the facility) are no correction of the
    study's region (review of 868b337: each read as superseding an MRI within the window, a
    false met)."""
    if m.document.type == "imaging_report":
        return []
    fix, none = cue("imaging.account_correction"), cue("imaging.no_prior_imaging")
    partial = cue("imaging.denial_leaves_study")
    for d in view.documents:
        if d.type in ("request_form", "imaging_report"):
            continue
        if d.id != m.document.id and (
            d.date is None or m.document.date is None or d.date <= m.document.date
        ):
            continue
        sents = view.sentences(d)
        for i, (s, e) in enumerate(sents):
            if d.id == m.document.id and s < m.sent_end:
                continue
            if not fix.search(d.text, s, e):
                continue
            for k, (s2, e2) in enumerate(sents[i : i + 3], start=i):
                said = d.text[s2:e2]
                if not said.rstrip().endswith((".", "!", "?")) and k + 1 < len(sents):
                    # a sentence cut at a wrapped label ("Corrected section 6 (prior lumbar" /
                    # "imaging: X-ray 01/03/2026 only; no prior lumbar MRI)": dev31cf-06) reads on
                    e2 = sents[k + 1][1]
                    said = d.text[s2:e2]
                named = _sentence_regions(said)
                if (
                    none.search(said)
                    and not partial.search(said)
                    and not (region and named and region not in named)
                ):
                    return [sentence_evidence(d, s, e), sentence_evidence(d, s2, e2)][
                        : 1 if s2 == s else 2
                    ]
    return []


@evaluator("imaging_findings")
def imaging_findings(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Cross-sectional imaging of the region showing a qualifying finding."""
    studies = [
        m
        for m in imaging_mentions(view, p["modalities"], p.get("region"), {"present", "historical"})
        # nor one booked and missed: "MRI L-spine authorized 01/20/26; patient did not show"
        # addresses no study's findings (dev33ei-03: read as imaging without a finding)
        if not not_a_study(m.sentence) and not called_off(m)
    ]
    title = re.compile(p["report_title"], re.I)
    report_docs = {
        d.id
        for d in view.documents
        if d.type == "imaging_report"
        and title.search(d.head(600))
        and _report_of_region(view, d, p.get("region"))
    }
    study_sentences = {(m.document.id, s) for m in studies for s in _describing_sentences(view, m)}
    study_docs = report_docs | {m.document.id for m in studies}
    # a finding counts in an MRI/CT report, or in a sentence that names the study ("MRI shows ...");
    # "clinically consistent with disc herniation" in an assessment is a diagnosis, not imaging
    findings = [
        m
        for m in view.find(concepts=p["findings"], assertions={"present"})
        if (m.document.id in report_docs or (m.document.id, m.sent_start) in study_sentences)
        and not cue("imaging.rule_statement").search(m.sentence)
    ]
    findings = [
        m
        for m in findings
        if not p.get("region")
        or (
            _regionless_read_on(view, m, p["region"], study_sentences)
            if _names_no_region(m.sentence)
            else p.get("region") in _sentence_regions(m.sentence)
        )
    ]
    findings = _without_uncompressive_bulges(view, p, findings)
    if findings:
        names = ", ".join(sorted({m.text.lower() for m in findings})[:4])
        against = _normal_reads_after(view, p, findings, report_docs | study_docs)
        if against:
            return Outcome("needs_review", ctx.say("disagree", findings=names)).cite(
                prefer(findings)[:3] + prefer(against)[:3], 6
            )
        side = _symptom_side(view, p)
        # where the packet holds the study's report, its reads tell the side: a note's sideless
        # summary of it ("MRI L-spine 10/20/25 - L4-5 foraminal stenosis (see report)") points
        # to the report's left-sided stenosis, it tells no right-sided one (dev29es-05)
        # (a note's finding that names its side stays: "Repeat MRI 01/15/2026 shows a new left
        # L5-S1 extrusion" beside an older report's right-sided read -- review of 768748b)
        sided = [
            m for m in findings if m.document.id in report_docs or sides_named(_finding_clause(m))
        ] or findings
        if side and all(_told_on_other_side(m, side) for m in sided):
            # every qualifying finding is told on the other side ("moderate RIGHT foraminal
            # stenosis contacting the right L5 root. Left foramen patent." for left S1 pain): it
            # cannot explain the symptoms, which is what the criterion asks (dev25es-02).  Only
            # a finding whose own clause names the other side: not one beside another clause's
            # side ("Central disc protrusion with mild right foraminal narrowing"), nor one under
            # a line above that names a side (a spine report's levels are no knee's headings)
            return Outcome("not_met", ctx.say("other_side", findings=names, side=side)).cite(
                prefer(findings), 6
            )
        both_ways = _read_on_both_sides(findings) if side else []
        if both_ways:
            return Outcome("needs_review", ctx.say("side_disagree", findings=names)).cite(
                [m.evidence() for m in both_ways] + prefer(findings), 6
            )
        return Outcome("met", ctx.say("shows", findings=names)).cite(prefer(findings), 6)
    if study_docs:
        normal = view.find(concepts=p.get("normal_findings", []), assertions={"present"})
        neg = [
            m
            for m in view.find(concepts=p["findings"], assertions={"negated"})
            if m.document.id in study_docs
        ]
        read = [cue("imaging.describes"), cue("imaging.read_told_normal")]
        if report_docs or neg or normal or any(r.search(m.sentence) for m in studies for r in read):
            return Outcome("not_met", ctx.say("no_pathology")).cite(
                prefer(neg + normal) + [m.evidence() for m in studies[:1]], 6
            )
        # a study the packet names but never reads -- a claims line ("04/22/2026  Sierra Open MRI
        # 72148  TC  M54.16  PAID"), "MRI ... was done 4/22/26 ... Report NOT available today":
        # what it showed is what is missing, not a study that showed nothing (dev3hc-04)
        return Outcome("missing", ctx.say("missing")).cite([m.evidence() for m in studies[:2]], 2)
    xr = (
        imaging_mentions(
            view, p["insufficient_modalities"], p.get("region"), {"present", "historical"}
        )
        if p.get("insufficient_modalities")
        else []
    )
    if xr:
        return Outcome("not_met", ctx.say("insufficient")).cite(prefer(xr), 2)
    return Outcome("missing", ctx.say("missing"))


def _regionless_read_on(view: CaseView, m: Mention, region: str, study_sentences) -> bool:
    """A finding whose sentence names no region ("The residual AP diameter of the central canal
    measures 8 mm with effacement of the CSF cleft") is the read of the study it describes: a
    sentence that goes on describing a study of the region, or a report about the region.  A
    cervical MRI report's region-free canal and foramen sentences are the neck's, and counted
    for a lumbar injection as if a lumbar study had shown them (a cervical report's "probable
    impingement upon the exiting C7 nerve root" met imaging-concordant).  The report's own
    subject decides (:meth:`CaseView.about_region`), where the level-free words go with the
    neck when the report names the neck's levels."""
    if (m.document.id, m.sent_start) in study_sentences:
        return True
    return view.about_region(m.document, region)


def _report_of_region(view: CaseView, d, region: str | None) -> bool:
    """An imaging report of ``region``: its head names the region by its own words ("MRI
    LUMBAR SPINE", "L-spine"), or the report is about it.  A cervical MRI report ("EXAM: MRI
    CERVICAL SPINE", its C-levels read one by one) is no lumbar study, though its canal and
    foramen sentences name no region: it made a lumbar injection's imaging met or not_met where
    the packet holds no lumbar study at all (missing)."""
    if region is None or view.about_region(d, region):
        return True
    return not _names_no_region(d.head(600)) and region in _sentence_regions(d.head(600))


def _names_no_region(sentence: str) -> bool:
    """The sentence names no body region but by the words every spinal read uses ("disc",
    "spinal", "radicular"), which the lumbar list holds too: "The disc protrusion produces
    minimal ventral thecal sac flattening" is as much a neck's read as a low back's."""
    words = [r for r in all_regions_rx().finditer(sentence)]
    generic = cue("imaging.generic_spine_word")
    return all(r.lastgroup == "lumbar" and generic.fullmatch(r.group(0)) for r in words)


def _symptom_side(view: CaseView, p: dict[str, Any]) -> str | None:
    """The one side the symptoms the imaging must explain are told on ("R leg pain", "Rt L5
    radiculopathy"), from the sentences of ``symptom_concepts`` that name a side; None when
    the policy names no such concepts, or the packet tells both sides or none."""
    if not p.get("symptom_concepts"):
        return None
    sides: set[str] = set()
    for m in view.find(concepts=p["symptom_concepts"], assertions={"present"}):
        sides |= sides_named(m.sentence)
    return next(iter(sides)) if len(sides) == 1 and sides <= {"left", "right"} else None


def _level(sentence: str) -> tuple[str, ...] | None:
    """The first disc level a sentence names, its numbers only ("L4-L5" and "L4-5" are one
    level): the level a read describes.  Not a root ("the exiting left L5 root" is named at
    L5-S1, "the traversing right L5 root" at L4-5)."""
    m = cue("imaging.disc_level").search(sentence)
    return tuple(re.findall(r"\d+", m.group(0))) if m else None


def _read_on_both_sides(findings: list[Mention]) -> list[Mention]:
    """Two reads in one report of the pathology at one level, one on the right and the other on
    the left, each naming one side only: the findings' "L4-L5: ... right paracentral protrusion
    ... compressing right traversing L5 nerve root" against the impression's "L4-L5 ... left
    paracentral protrusion compressing left traversing L5 nerve root" (dev23ig-02).  Where the
    symptoms are on one side (:func:`_symptom_side`), only one of the reads explains them, and
    the report does not say which holds: a reviewer decides.  A sentence naming both sides
    ("bilateral foraminal stenosis, right greater than left") tells both, not a contradiction.
    The two reads, or []."""
    by_level: dict[tuple, dict[str, Mention]] = {}
    for m in findings:
        sides = sides_named(m.sentence)
        level = _level(m.sentence)
        if level is None or len(sides) != 1 or not sides <= {"left", "right"}:
            continue
        by_level.setdefault((m.document.id, level), {}).setdefault(next(iter(sides)), m)
    for got in by_level.values():
        if len(got) == 2:
            return [got["right"], got["left"]]
    return []


def _without_uncompressive_bulges(view: CaseView, p: dict[str, Any], findings: list[Mention]):
    """A bulge is compressive only when its read says so: "mild diffuse disc bulge with a small
    annular fissure" in a report whose impression says "no neural compromise; no nerve root
    contact" does not explain radicular pain.  Herniations and named compression stand."""
    normal_docs = {
        m.document.id
        for m in view.find(concepts=p.get("normal_findings", []), assertions={"present"})
    }
    return [
        m
        for m in findings
        if not (cue("imaging.bulge").search(m.text) and m.document.id in normal_docs)
    ]


def _sentence_and_offset(view: CaseView, d, offset: int) -> tuple[int, str, int]:
    s, e = view.sentence_of(d, offset)
    return s, d.text[s:e], offset - s


def radiographic(m: Mention) -> bool:
    """Severity wording that reports imaging: in an imaging report, in a sentence naming a study
    or image, or in words only a radiograph gives.  "Severe tricompartmental osteoarthritis" as a
    pre-operative diagnosis or an intra-operative finding is not imaging."""
    return (
        m.document.type == "imaging_report"
        or bool(cue("imaging.study_named").search(m.sentence))
        or bool(cue("imaging.radiographic_words").search(m.text))
    )


def _describing_sentences(view: CaseView, m: Mention) -> list[int]:
    """The sentence naming a study and the ones that go on describing it in the same paragraph
    ("The patient brings in a lumbar MRI ... At L4-5 there is a disc bulge causing severe
    foraminal stenosis."), up to :data:`DESCRIBING_SENTENCES` of them."""
    sents = view.sentences(m.document)
    i = view.sentence_number(m.document, m.start)
    if i is None:
        return [m.sent_start]
    out = [sents[i][0]]
    prev_end = sents[i][1]
    text = m.document.text
    for s, e in sents[i + 1 : i + 1 + DESCRIBING_SENTENCES]:
        if (
            "\n\n" in text[prev_end:s]
            or cue("imaging.new_topic").match(text, s)
            or not cue("imaging.describes").search(text, s, e)
            or cue("imaging.not_the_study").search(text, s, e)
        ):
            break
        out.append(s)
        prev_end = e
    return out


def _normal_reads_after(view, p, findings, study_docs) -> list[Mention]:
    """A read saying the study shows no such pathology, in another document of the same period
    (within :data:`SAME_STUDY_DAYS` before the latest finding, or later): a radiologist's 'no
    neural compromise' against a surgeon's 'MRI shows root compression'; or, however much
    earlier, the report of the very study a finding's read names by its day
    (:func:`_names_study_of`).  A normal study from well before is history, not a conflict; a
    read that corrects the report supersedes it (:func:`_read_corrected`)."""
    dated = [m.document.date for m in findings if m.document.date is not None]
    if not dated:
        return []  # nothing to compare a read's date with
    latest = max(dated) - timedelta(days=SAME_STUDY_DAYS)
    # a document that only tells another read's finding in order to set its own against it
    # ("The original report describes an extrusion compressing S1 ... No compressive pathology
    # is seen") does not assert that finding: its own normal read still counts
    attributed = cue("imaging.attributed_read")
    finding_docs = {
        m.document.id
        for m in findings
        if not attributed.search(m.document.text, m.sent_start, m.start)
    }
    asserted = [m for m in findings if m.document.id in finding_docs]
    levels = {lv for m in asserted if (lv := _level(m.sentence)) is not None}
    return [
        m
        for m in view.find(concepts=p.get("normal_findings", []), assertions={"present"})
        if m.document.id not in finding_docs
        and m.document.id in study_docs
        and m.document.date is not None
        and (
            m.document.date >= latest
            or (
                _names_study_of(view, asserted, m.document)
                and not _reads_a_finding(view, p, m.document)
            )
        )
        # a read naming a level describes that level: it disputes a finding at the same level
        # only ("L5-S1 ... mild bulge, without neural compression" against "protrusion at L5-S1
        # displacing the S1 root"), never one at another ("Mild L4-5 facet arthropathy without
        # stenosis" against an L5-S1 extrusion)
        and (not cue("imaging.spinal_level").search(m.sentence) or _level(m.sentence) in levels)
        and not _read_corrected(view, [(f.document, f.start) for f in asserted], m.document)
    ]


def report_study_day(view: CaseView, d) -> date | None:
    """The day of the study an imaging report reads: the day its labelled head line gives
    ("EXAM DATE: 02/19/2026 14:05"; "Study date: 05/12/2026" on a consulting radiologist's
    read of outside films, a record dated weeks later by its interpretation), else the report's
    own date.  None for a record that is no imaging report."""
    if d.type != "imaging_report":
        return None
    line = day_line(d)
    if line is not None:
        days = [x for x in view.dates_in(d, line.start, line.end) if x.precision == "day"]
        if days:
            return days[0].value
    return d.date


def _names_study_of(view: CaseView, findings: list[Mention], report) -> bool:
    """A finding's read names, in its own sentence, the day of the study ``report`` reads: "MRI
    lumbar spine 02/19/2026, images personally reviewed on PACS: right paracentral disc
    protrusion ..." months after the radiologist's report of 02/19/2026 is a second read of
    that study, not a later one (dev27nr-03).  However long after the report it is written, it
    disputes the report's normal read; a normal study from well before, named by no read of a
    finding, stays history.  Not a date the read compares with ("new since the MRI of
    02/19/2024")."""
    day = report_study_day(view, report)
    if day is None:
        return False
    compared = cue("imaging.comparison_date_before")
    for m in findings:
        d = m.document
        named = [
            x
            for x in view.dates_in(d, m.sent_start, m.sent_end)
            if (d.date is None or x.value <= d.date)
            and not compared.search(d.text[max(m.sent_start, x.start - COMPARISON_CHARS) : x.start])
        ]
        # a sentence naming two studies' days ("Her MRI 02/10/2025 was normal; the repeat MRI
        # 03/30/2026 now shows ...") tells of two studies, not a second read of one (review of
        # 941473b)
        if len({x.value for x in named}) == 1 and _same_day_or_month(named[0], day):
            return True
    return False


def _reads_a_finding(view: CaseView, p: dict[str, Any], d) -> bool:
    """The report itself reads a qualifying finding somewhere ("L5-S1: left foraminal disc
    protrusion ... abutting the exiting left L5 nerve root" below an "L4-L5 ... without nerve
    root contact"): a later read of the same study that tells the finding agrees with it, in
    other words, and the report's normal sentences are of other levels.  Only a report normal
    as a whole is disputed by a second read months later (a bulge its own normal read calls
    uncompressive is no finding, :func:`_without_uncompressive_bulges`)."""
    own = [
        m
        for m in view.find(concepts=p["findings"], assertions={"present"})
        if m.document.id == d.id
    ]
    return bool(_without_uncompressive_bulges(view, p, own))


def _read_corrected(view: CaseView, reads: list[tuple[Any, int]], report) -> bool:
    """A read (a document and an offset) that corrects the report it disagrees with: an
    addendum, or a record dated on or after the report that says it corrects or amends it
    ("CORRECTED REPORT", "Addendum: on re-review there is a right paracentral protrusion
    ..."; ``imaging.read_corrected``).  The correction supersedes the report's read
    (policies.md: a later correction is no contradiction).  A second reader who disputes the
    first read without correcting it is a dispute."""
    fix = cue("imaging.read_corrected")
    for d, start in reads:
        if report.date is not None and d.date is not None and d.date < report.date:
            continue
        # only a radiology read corrects a radiology read: a clinician's own addendum ("ADDENDUM:
        # I reviewed the images myself ...") is a second reader, and "entered in error" or
        # "should read" in an office note is about its own medication list or a date (review of
        # 941473b)
        if d.type != "imaging_report":
            continue
        if addendum_heading(view, d, start) is not None or fix.search(d.text):
            return True
    return False


@evaluator("severity_grade")
def severity_grade(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Radiographic severity from a grade measurement or severity wording."""
    grades = [
        (d, m)
        for d, m in view.measurements(p["measure"])
        if _read_on_side(view, ctx.side, d, *_sentence_and_offset(view, d, m.start))
    ]
    high = [(d, m) for d, m in grades if m.value >= p["min_grade"]]
    severe = [
        m
        for m in view.find(concepts=p["severe_concepts"], assertions={"present"})
        if view.on_region(m, p.get("region"))
        and radiographic(m)
        # "mild-to-moderate tricompartmental degenerative change": the extent, called mild
        and not cue("imaging.mild_before").search(
            m.document.text[max(m.sent_start, m.start - 30) : m.start]
        )
        and _read_on_side(
            view, ctx.side, m.document, m.sent_start, m.sentence, m.start - m.sent_start
        )
    ]
    low = [(d, m) for d, m in grades if m.value < p["min_grade"]]
    mild = [
        m
        for m in view.find(concepts=p["mild_concepts"], assertions={"present"})
        if radiographic(m)
        and _read_on_side(
            view, ctx.side, m.document, m.sent_start, m.sentence, m.start - m.sent_start
        )
    ]
    # "x-rays ... demonstrated no acute fracture or significant osteoarthritis": the film denies
    # the arthritis an arthroplasty needs, read as a mild film of the region
    mild += [
        m
        for m in view.find(concepts=p.get("negated_mild_concepts", []), assertions={"negated"})
        if view.on_region(m, p.get("region"))
        and radiographic(m)
        and _read_on_side(
            view, ctx.side, m.document, m.sent_start, m.sentence, m.start - m.sent_start
        )
    ]
    if high or severe:
        ev = [
            sentence_evidence(d, *view.sentence_of(d, m.start), (m.start, m.end)) for d, m in high
        ] + prefer(severe)
        conflicting = _conflicting_reads(view, high, severe, low, mild, p.get("region"))
        if conflicting:
            return Outcome("needs_review", ctx.say("disagree")).cite(
                ev[:2] + conflicting + ev[2:], 6
            )
        other_knee = _films_reported_as_other_side(
            view, ctx.side, high, severe, p.get("region"), p["severe_concepts"]
        )
        if other_knee:
            return Outcome("needs_review", ctx.say("side_disagree")).cite(
                ev[:2] + other_knee + ev[2:], 6
            )
        g = max((m.value for _, m in high), default=None)
        return Outcome(
            "met",
            ctx.say("advanced_grade", grade=f"{g:.0f}") if g is not None else ctx.say("advanced"),
        ).cite(ev, 6)
    if low or mild:
        ev = [
            sentence_evidence(d, *view.sentence_of(d, m.start), (m.start, m.end)) for d, m in low
        ] + prefer(mild)
        return Outcome("not_met", ctx.say("mild")).cite(ev, 6)
    return Outcome("missing", ctx.say("missing"))


def study_side(view: CaseView, d) -> set[str]:
    """The side an imaging report's study is of, from the labelled line that names the study
    ("EXAM: XR KNEE 3 VIEWS RIGHT"): {"left"} or {"right"}; empty when the report is not an
    imaging report, names both sides or none."""
    if d.type != "imaging_report":
        return set()
    lines = view.lines(d)
    line = cue("imaging.study_line")
    for n in range(lines.number(min(len(d.text), HEAD_CHARS))):
        a, b = lines.line(n)
        if line.match(d.text, a, b):
            named = sides_named(d.text[a:b])
            if len(named) == 1 and named <= {"left", "right"}:
                return named
            return set()
    return set()


# where a finding's own clause ends: punctuation (not a decimal point), or "with"/"whereas"
_FINDING_CLAUSE_BREAK = re.compile(r"[,;:()]|\.(?!\d)|\b(?:with|whereas|while|also)\b", re.I)
# a clause that tells a midline or two-sided pathology explains either side's symptoms
_MIDLINE_READ = re.compile(
    r"(?<!para)\bcentral\b|\bbroad[- ]?based\b|\bcircumferential\b|\bdiffuse\b|\bcanal\b"
    r"|\bcauda\s+equina\b|\bthecal\s+sac\b",
    re.I,
)


def _finding_clause(m: Mention) -> str:
    """A finding's own clause: its sentence cut at punctuation and "with"."""
    sent, at, end = m.sentence, m.start - m.sent_start, m.end - m.sent_start
    a = max((x.end() for x in _FINDING_CLAUSE_BREAK.finditer(sent, 0, max(at, 0))), default=0)
    b = _FINDING_CLAUSE_BREAK.search(sent, max(end, at, 0))
    return sent[a : b.start() if b else len(sent)]


def _told_on_other_side(m: Mention, side: str) -> bool:
    """Whether a spinal finding is told only on the side opposite ``side``: its own clause (the
    sentence cut at punctuation and "with") names the other side and not ``side`` or both
    ("moderate RIGHT foraminal stenosis contacting the right L5 root"), and tells no midline
    pathology.  An unsided finding may explain either side's symptoms."""
    clause = _finding_clause(m)
    if _MIDLINE_READ.search(clause):
        return False
    named = sides_named(clause)
    return bool(named) and side not in named and "both" not in named


def _read_on_side(view: CaseView, side: str | None, d, s: int, sentence: str, at: int) -> bool:
    """:func:`finding_on_side`, and for a report's finding that neither its sentence nor its
    paragraph's heading sides, the side of the report's own study (:func:`study_side`): the
    findings of a report headed "EXAM: XR KNEE 3 VIEWS RIGHT" describe the right knee, wherever
    its clinical history names the left (dev23uc-04: the right knee's read counted for a left
    knee's arthroplasty)."""
    if not finding_on_side(side, d.text, s, sentence, at):
        return False
    if side not in {"left", "right"} or sides_named(sentence) or side_of_heading(d.text, s):
        return True
    studied = study_side(view, d)
    return not studied or side in studied


def _films_reported_as_other_side(
    view: CaseView, side, high, severe, region, concepts: list[str]
) -> list[Evidence]:
    """The radiologist's report of the films an advanced read names, when that report is of the
    other knee: a surgeon's "XR L knee 3 views, QuickCare 01/15/2026 ... KL grade 4" where the
    only report of 01/15/2026 is headed "EXAM: XR KNEE 3 VIEWS RIGHT" and reads the right knee
    (dev23uc-04).  The packet disagrees on which knee the films show, and that decides the
    requested knee's grade: a reviewer decides.  Only films the read names by their day (the
    surgeon's own films of another day are other films), and only when no report of the
    requested side (or of no side) stands for that day.  The report's study line and its
    other-side finding, or []."""
    if side not in {"left", "right"}:
        return []
    reports = [d for d in view.documents if d.type == "imaging_report" and d.date is not None]
    reports = [d for d in reports if not region or view.about_region(d, region)]
    reads = [(d, m.start) for d, m in high] + [(m.document, m.start) for m in severe]
    for d, start in reads:
        if d.type == "imaging_report":
            continue
        named = _films_named(view, d, start)
        same = [r for r in reports if any(_same_day_or_month(x, r.date) for x in named)]
        if not same or any(side in study_side(view, r) or not study_side(view, r) for r in same):
            continue
        return [e for r in same for e in _study_line_and_finding(view, r, concepts)]
    return []


def _study_line_and_finding(view: CaseView, d, concepts: list[str]) -> list[Evidence]:
    """A report's labelled study line and its first finding of ``concepts`` in a sentence that
    names a side ("Severe tricompartmental osteoarthritis of the right knee")."""
    lines = view.lines(d)
    out = []
    for n in range(lines.number(min(len(d.text), HEAD_CHARS))):
        a, b = lines.line(n)
        if cue("imaging.study_line").match(d.text, a, b):
            out.append(sentence_evidence(d, a, b))
            break
    sided = [
        m
        for m in view.find(concepts=concepts, assertions={"present"})
        if m.document.id == d.id and sides_named(m.sentence) & {"left", "right"}
    ]
    return out + [m.evidence() for m in sided[:1]]


def _films_named(view: CaseView, d, start: int) -> list:
    """The dates a read names for its films, in its sentence or the one before ("Standing XR R
    knee 01/14/2026 - bone on bone", "Radiographs of the right knee from September were
    reviewed again. These show ... bone-on-bone")."""
    s, e = view.sentence_of(d, start)
    i = view.sentence_number(d, start)
    if i:
        s = view.sentences(d)[i - 1][0]
    # "Since 05/15/2023 there has been substantial interval progression", "COMPARISON: XR
    # 05/15/2023": the date of the older study the read is compared with, not of its own films
    # (dev25kb-02: the 2023 mild film read as the same films as the 2026 KL 4 read)
    compared = cue("imaging.comparison_date_before")
    return [
        x
        for x in view.dates_in(d, s, e)
        if (d.date is None or x.value <= d.date)
        and not compared.search(d.text[max(s, x.start - COMPARISON_CHARS) : x.start])
    ]


COMPARISON_CHARS = 60  # how far before a date its comparison words ("since", "compared with")


def _same_day_or_month(x, day) -> bool:
    """A named date ``x`` is the study's ``day``: the same day, or its month when only the month
    is named."""
    if x.precision == "day":
        return x.value == day
    return x.precision == "month" and (x.value.year, x.value.month) == (day.year, day.month)


def _argued_planning_dropped(view: CaseView, news: list, later: list) -> list:
    """A letter's argument that a repeat study is "necessary for surgical planning" (an appeal,
    a letter of medical necessity), where the clinical notes after the study say no surgery is
    planned ("Not a surgical candidate at present", "not interested in surgery"): the records
    decide, not the argument."""
    planning = cue("imaging.surgery_planning")
    argued = [e for e in news if e.document.type == "letter" and planning.search(e.quote)]
    if not argued:
        return news
    clinical = [d for d in later if d.type not in {"letter", "request_form", "fax_cover", "other"}]
    if not view.sentences_matching(cue("imaging.no_surgery_planned"), clinical):
        return news
    return [e for e in news if e not in argued]


BASELINE_CHARS = 60  # how far before a date a comparison ("vs", "than") makes it a baseline's


def _told_before_study(view: CaseView, e: Evidence, when: date, study: Mention) -> bool:
    """A later note's account of the course that led to the study: "progressively worsening
    LBP 12/3 - 12/12 ... An MRI was obtained 12/13" is the history before the MRI, not a change
    since it.  The sentence's own dates all fall before the study's day, or, undated, it is
    written above the study's mention in the same note (a narrative told in order)."""
    text = e.document.text
    baseline = cue("imaging.baseline_date_before")
    days = [
        d
        for d in view.dates_in(e.document, e.start, e.end)
        if d.precision != "year"
        # "3/5 today vs 5/5 on the exam 2/12/2026": the date of what today is compared with
        and not baseline.search(text[max(e.start, d.start - BASELINE_CHARS) : d.start])
    ]
    if days:
        # "new since the 2/2026 MRI": a month names no day, so it is before the study only when
        # its whole month is
        return all(
            (d.value.year, d.value.month) < (when.year, when.month)
            if d.precision == "month"
            else d.value < when
            for d in days
        )
    return e.document.id == study.document.id and e.start < study.start


def _new_only_as_a_condition(new, quote: str) -> bool:
    """ "New or worsening" named only as a rule or a question: a denial letter's guideline
    ("does not support repeat lumbar MRI within 12 months unless new or worsening symptoms
    ... is documented"), or a form's item answered "[ ] Yes  [X] No"."""
    m = new.search(quote)
    if m is None:
        return False
    line_end = quote.find("\n", m.end())
    rest = quote[m.end() :] if line_end < 0 else quote[m.end() : line_end]
    return bool(
        cue("imaging.new_only_as_a_condition").search(quote, 0, m.start())
        or cue("imaging.form_answered_no").search(rest)
    )


ANSWER_LINES = 2  # how far below a form's question its answer may sit


def _question_answered_no(e: Evidence) -> bool:
    """A form's question that names the exception, answered No on a line below it: a portal's
    "Q1 Does the member have any red flag signs/symptoms (cauda equina syndrome, progressive
    neurologic deficit ...)?" over "> No".  The question names the words; its answer denies
    them."""
    if not e.quote.rstrip().endswith("?"):
        return False
    rest = e.document.text[e.end :].split("\n", ANSWER_LINES + 1)[: ANSWER_LINES + 1]
    answer = next((line for line in rest if line.strip()), "")
    return bool(
        cue("imaging.answer_no").match(answer) or cue("imaging.form_answered_no").search(answer)
    )


def _conflicting_reads(view: CaseView, high, severe, low, mild, region) -> list[Evidence]:
    """A read of the same films, in another document, that calls them mild: a radiologist's
    "mild medial narrowing, KL 2" against the surgeon's own "bone-on-bone" of the same week.

    Same films: dated within :data:`SAME_STUDY_DAYS` of an advanced read; same knee: when both
    sentences name a side, they name the same one.  An older mild film is progression, not a
    conflict; the other knee's grade is not about this one.
    """
    advanced = [(d, m.start, d.text[slice(*view.sentence_of(d, m.start))]) for d, m in high] + [
        (m.document, m.start, m.sentence) for m in severe
    ]
    adv_docs = {d.id for d, _, _ in advanced}
    out: list[Evidence] = []
    lows = [(d, m.start, m.end, view.sentence_of(d, m.start)) for d, m in low] + [
        (m.document, m.start, m.end, (m.sent_start, m.sent_end))
        for m in mild
        if view.on_region(m, region)
    ]
    for d, start, end, (s, e) in lows:
        if d.id in adv_docs or d.date is None:
            continue
        sent = d.text[s:e]
        for ad, a_start, asent in advanced:
            same_films = ad.date is not None and (
                abs((ad.date - d.date).days) <= SAME_STUDY_DAYS
                or any(_same_day_or_month(x, d.date) for x in _films_named(view, ad, a_start))
                or _one_study_day(view, ad, d)
            )
            if not same_films:
                continue
            if _read_corrected(view, [(ad, a_start)], d):
                continue  # the advanced read corrects the mild one: superseded, not a rival
            a_sides, l_sides = sides_named(asent), sides_named(sent)
            if a_sides and l_sides and not a_sides & l_sides:
                continue
            out.append(sentence_evidence(d, s, e, (start, end)))
            break
    return out


def _one_study_day(view: CaseView, a, b) -> bool:
    """Two records read the films of one day: a report's labelled study day is the other's
    study day or date.  A consulting radiologist's read of outside films ("Study date:
    05/12/2026 ... Date of interpretation: 07/30/2026") and the local report of 05/12/2026 read
    the same films, however far apart they were written (dev27nr-04: "mild ... KL 2" against
    "severe ... bone-on-bone ... KL 4")."""
    sa, sb = report_study_day(view, a), report_study_day(view, b)
    return (sa is not None and sa in {b.date, sb}) or (sb is not None and sb == a.date)
