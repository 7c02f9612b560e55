"""Clinical examinations and how recent the latest in-person one is."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from casebrief.facts.mentions import CaseView
from casebrief.facts.visits import visit_lines
from casebrief.lexicon import cue
from casebrief.nlp.sections import header_category
from casebrief.policy.evaluators.base import Context, evaluator, fmt_date, prefer
from casebrief.policy.result import Outcome

NOT_EXAM_DOCS = {"fax_cover", "request_form", "imaging_report"}
RECOUNTING_DOCS = {"letter", "other"}  # a letter or a summary may recount an earlier exam
NOT_EXAM_SECTIONS = {
    "ros",
    "hpi",
    "chief_complaint",
    "medications",
    "pmh",
    "plan",
    "operative_diagnosis",  # a procedure note's diagnosis labels ("with severe weakness")
}  # history, not examination


def exam_date(view: CaseView, m) -> date | None:
    """When the exam a mention belongs to took place: its note's date -- except in a letter,
    which recounts exams of earlier visits ("I examined him on November 20, 2025. Exam that
    day: positive straight-leg raise"): there the latest date in the sentence or the one
    before it, when there is one."""
    if m.document.date is None:
        return None
    entry = entry_date(view, m)
    if entry is not None:
        return entry
    if m.document.type not in RECOUNTING_DOCS:
        return m.document.date
    sents = view.sentences(m.document)
    i = view.sentence_number(m.document, m.start)
    if i is None:
        return m.document.date
    start = sents[max(0, i - 1)][0]
    stated = _days_stated(view, m.document, start, sents[i][1])
    # the exam paragraph's own opening may say it ("On examination that day she stood ...", then
    # "Straight leg raise was negative ... Power was 5/5"): read from the paragraph's start
    # -- the paragraph's opening sentence only, and only one that opens an exam: not a history
    # sentence's "at that time" sentences above, nor, in a letter typed without blank lines,
    # the whole letter above the exam (review of 857a48b)
    if not stated and (
        cue("exams.earlier_visit_reference").search(m.document.text[start : sents[i][1]])
        or _exam_paragraph_opening(view, m.document, sents, i, start)
    ):
        # "He first came to see me on the twelfth of January. At that visit he c/o ... On exam
        # that day SLR was positive": the exam points back to a visit dated further up its
        # paragraph -- the nearest dated sentence there, never past a blank line
        for j in range(i - 2, max(-1, i - 2 - RECOUNT_SENTENCES_BACK), -1):
            if re.search(r"\n[ \t]*\n", m.document.text[sents[j][0] : sents[j + 1][0]].rstrip()):
                break
            stated = _days_stated(view, m.document, sents[j][0], sents[j][1])
            if stated:
                break
        if not stated:
            # "I saw her in the clinic on January 8, 2026." two paragraphs up, then "On examination
            # that day ...": the letter's visit, told once (dev30ce-06: read as the letter's day)
            for j in range(i - 1, max(-1, i - 1 - VISIT_SENTENCES_BACK), -1):
                a, b = sents[j]
                if cue("exams.visit_told").search(m.document.text, a, b):
                    stated = _days_stated(view, m.document, a, b)
                    if stated:
                        break
    return max(stated) if stated else m.document.date


def _exam_paragraph_opening(view: CaseView, d, sents: list, i: int, start: int) -> bool:
    """The exam's paragraph opens with a sentence that tells the exam as of an earlier visit
    ("On examination that day she stood ...", then "Straight leg raise was negative ... Power
    was 5/5"): a paragraph set off by a blank line, whose first sentence names the exam."""
    cut = d.text.rfind("\n\n", 0, sents[i][0])
    if cut < 0:
        return False  # no paragraph: a letter typed without blank lines
    para = cut + 2
    if para >= start:
        return False  # the opening is the sentence before the exam's, already read
    first = next((s for s in sents if s[1] > para), None)
    if first is None or first[0] >= start:
        return False
    opening = d.text[max(first[0], para) : first[1]]
    return bool(cue("exams.earlier_visit_reference").search(opening) and _EXAM_WORD.search(opening))


_EXAM_WORD = re.compile(r"\bexam(?:ination|ined)?\b", re.IGNORECASE)
RECOUNT_SENTENCES_BACK = 4  # how far up its paragraph a recounted exam's visit date is looked for
VISIT_SENTENCES_BACK = 15  # ... and how far up the letter a sentence telling the visit is


def _days_stated(view: CaseView, d, start: int, end: int) -> list[date]:
    return [
        x.value
        for x in view.dates_in(d, start, end)
        if x.precision == "day" and d.date is not None and x.value <= d.date
    ]


ENTRY_LINES_BACK = 40  # how far up a running record's entry heading is looked for
# an entry heading is a short line (a call log's carries its time, type and author)
ENTRY_HEADER_MAX = 90
# a report's numbered headings ("5. PHYSICAL EXAMINATION", "IV. EXAM", "B) OBJECTIVE") are headings
# too: an IME's exam under "5. PHYSICAL EXAMINATION" was dated to "10/14/2025 - 10/28/2025" ending
# a records-review item above it (dev28mr-05)
_HEADING_NUMBER = r"(?:\d{1,2}[.)]\s*|[A-H][.)]\s+|[IVX]{1,4}[.)]\s+)?"
_SECTION_HEADING = re.compile(
    rf"^\s*{_HEADING_NUMBER}(?:PHYSICAL )?EXAM(?:INATION)?\b"
    rf"|^\s*{_HEADING_NUMBER}[A-Z][A-Z /&'-]{{3,40}}:?\s*$"
    # a SOAP note's own exam section, headed in mixed case on a line of its own ("Objective:")
    rf"|^\s*{_HEADING_NUMBER}(?:Objective|Physical exam(?:ination)?|Exam(?:ination)?)\s*:?\s*$"
)
# "[HPI copied from 05/05/2026 note]": a copy-forward marker names where text came from, not
# the entry an exam below it belongs to
_COPY_MARKER = re.compile(r"\bcop(?:y|ied)\b|\bcarried forward\b", re.I)


_FIRST_NUMBER = re.compile(r"^\s*(?:0?1|[Aa]|I)[.)]")
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}[.)]|[A-H][.)]\s|[IVX]{1,4}[.)]\s)")


def entry_date(view: CaseView, m) -> date | None:
    """The date of the entry a mention sits in, when its document is a running record of dated
    entries (therapy logs, transcribed handwritten notes): the nearest heading line above it
    that carries a day and is earlier than the document's own date.  None otherwise (and for an
    undated document, which has no own date to be earlier than).

    A numbered heading ("5. PHYSICAL EXAMINATION") is the mention's own section of a numbered
    report only where the day found above it sits in an earlier section of that report (the
    IME's "2. RECORDS REVIEWED" list, dev28mr-05); where the outline starts again at its first
    number under a dated entry ("Visit date: 10/14/2025" / "1. SUBJECTIVE" / "2. OBJECTIVE"),
    the numbered sections are that entry's (review of 868b337: a running record's old exams
    were dated to the day its copies were released)."""
    if m.document.date is None:
        return None
    lines = view.lines(m.document)
    number = lines.number(m.start)
    text = m.document.text
    numbered = None  # the last numbered heading passed on the way up
    for n in range(number, max(number - ENTRY_LINES_BACK, -1), -1):
        a, b = lines.line(n)
        line = text[a:b]
        if n < number and _SECTION_HEADING.match(line):
            if not _NUMBERED.match(line):
                return None  # the mention's own section heading comes first: not a running record
            numbered = line
            continue
        if (
            len(line.strip()) > ENTRY_HEADER_MAX
            or not cue("exams.entry_header").search(line)
            or _COPY_MARKER.search(line)
            or _wrapped_prose(view, m.document, a, b)
        ):
            continue
        days = [
            d.value
            for d in view.dates_in(m.document, a, b)
            if d.precision == "day" and d.value <= m.document.date
        ]
        if days:
            if numbered is not None and not _FIRST_NUMBER.match(numbered):
                return None  # a day in an earlier section of the same numbered report
            return max(days) if max(days) < m.document.date else None
    return None


def _wrapped_prose(view: CaseView, d, a: int, b: int) -> bool:
    """The line is the wrapped tail of a sentence begun on the line above, not a heading that
    opens an entry: "... sleeps poorly. Pre-surgical psychology evaluation" /
    "04/28/2026: cleared pending PHQ-9 < 10." opens with a day and a colon only because the
    prose wrapped there (dev22bh-05: the vitals two lines below were dated to the psychology
    visit, not the note's own day).  A heading starts its own sentence: "PT DAILY NOTES" /
    "03/04/26 - progress" is split there."""
    first = a + len(d.text[a:b]) - len(d.text[a:b].lstrip())
    start, _ = view.sentence_of(d, first)
    return start < a and bool(d.text[start:a].strip())


COPY_LINES_BACK = 30  # how far up its exam section a copy-forward marker is looked for
COPIED_UNDATED = date.min  # an exam copied from an earlier visit that the marker does not date


def _header_category(line: str) -> str | None:
    """The section a line opens (the sectionizer's own line-initial header rules), to tell
    where the exam section a mention sits in begins."""
    return header_category(line)


def copied_exam_date(view: CaseView, m) -> date | None:
    """The day of the earlier visit an exam finding was copied forward from, when its exam
    section says so: "PHYSICAL EXAM: Exam carried forward from 7/24/25 office visit.",
    "[Copied forward from 09/18/2025 in-person exam]", "PE (last in-office exam 08/26/25,
    carried forward): SLR positive R", "Last in-person exam 2/24/26 (copied for reference):"
    (dev24rr-01: a telephone note's exam "carried forward" from July was read as an exam of the
    call's day).  A copied exam is that earlier visit's exam, dated then, whatever the kind of
    the note it was pasted into; a marker without a day gives :data:`COPIED_UNDATED` (not an
    exam of this note's day, and of no day we can count).  None when the finding is not
    copied.  The marker is looked for on the finding's own line and up its section to the
    section's heading; a heading of another section, an end of the copied block ("[End copied
    text]") or a line that turns to today's exam ("Today, observed by video:") ends the look.
    "Unchanged from her exam in April" is not a marker: it compares today's finding with an
    earlier one."""
    if m.document.date is None:
        return None
    lines = view.lines(m.document)
    text = m.document.text
    number = lines.number(m.start)
    marker, stop = cue("exams.copied_exam"), cue("exams.copied_block_end")
    for n in range(number, max(number - COPY_LINES_BACK, -1), -1):
        a, b = lines.line(n)
        line = text[a:b]
        category = _header_category(line)
        if n < number and (stop.search(line) or category not in (None, "physical_exam")):
            return None
        if marker.search(line):
            days = [
                d.value
                for d in view.dates_in(m.document, a, b)
                if d.precision == "day" and d.value < m.document.date
            ]
            return max(days) if days else COPIED_UNDATED
        if category is not None and n < number:
            return None  # the exam section's own heading, without a marker
    return None


def virtual_visit(d) -> bool:
    """A video, telephone or portal visit: not an in-person examination."""
    return _virtual_head(d.head(800))


@lru_cache(maxsize=4096)
def _virtual_head(head: str) -> bool:
    """Read once per document head: the exam criteria ask it of every mention, and a long
    record's thousands of mentions made it a tenth of a 5 MB brief."""
    return bool(cue("exams.virtual_visit").search(head)) and not cue("exams.in_person").search(head)


EXERCISE_CHARS = 40  # how far after a test's name the exercise it names may be told


def _exercise_named(m) -> bool:
    """A test's name used for a treatment: "supine SLR hamstring stretch 3x30s" in an athletic
    trainer's log, "straight leg raises 3x10" in a home program.  The words just after it on its
    line name an exercise, so nothing was examined."""
    text = m.document.text
    line_end = text.find("\n", m.end)
    tail = text[m.end : min(m.end + EXERCISE_CHARS, line_end if line_end >= 0 else len(text))]
    return bool(cue("exams.exercise_named").match(tail))


HEAD_CHARS = 400  # a message thread names itself in its first lines


def _examining_clinician(d) -> bool:
    """A chiropractor's examination ("CHIROPRACTIC RE-EXAMINATION", "Provider: B. Lindqvist, DC")
    is a clinician's in-person exam, though filed with the therapy notes; so is a therapist's
    initial evaluation with its neuro screen ("PHYSICAL THERAPY INITIAL EVALUATION ... SLR: neg
    bilat ... DTR ... Sensation": dev25ur-05; policies.md asks for an in-person exam, not a
    physician).  A therapist's daily note or re-assessment is not.  The chiropractor is told by
    the credential line, whatever its label ("Treating doctor: Malik Osei, DC", "Examining
    chiropractor: ...", "..., Doctor of Chiropractic"): on dev27ri-02 a DC's in-office
    re-examination under "Treating doctor:" was dropped as a therapy note and the latest exam
    read as 133 days old."""
    head = d.head(HEAD_CHARS)
    return bool(
        cue("exams.chiropractic_exam").search(head)
        or cue("exams.therapist_initial_evaluation").search(head)
    )


def _recounts_remote_visit(
    view: CaseView, m, when: date | None, copied_only: frozenset[str] = frozenset()
) -> bool:
    """A letter's exam finding dated to a visit whose own note is in the packet and was not in
    person: "She has been followed closely in our office, most recently on 02/26/2026, and
    continues to have a positive straight leg raise" where the note of 02/26 is a video visit
    with "No formal neuro exam possible via video" (dev23pa-01, met on the letter).  The
    visit's own record tells what was examined that day; the letter's sentence is a summary
    of the course, not an in-person exam of that day.  So too when that day's note only
    copies an earlier exam forward (``copied_only``, the ids of such notes): a case manager's
    "Most recent exam 10/09/25: +SLR L" restates the copy, not an exam of 10/09 (dev24rr-01)."""
    if m.document.type not in RECOUNTING_DOCS or when is None:
        return False
    notes = [
        d
        for d in view.documents
        if d.id != m.document.id and d.date == when and d.type not in NOT_EXAM_DOCS
    ]
    return bool(notes) and all(virtual_visit(d) or d.id in copied_only for d in notes)


def _record_without_exam(view: CaseView, d) -> bool:  # noqa: ANN001 - a Document
    """The record says its own visit had no clinician's exam ("Visit status: LEFT WITHOUT
    BEING SEEN", "No provider exam performed"), not an earlier visit it retells ("Went to the
    ED on 05/28 but left without being seen": review of this rule)."""
    without, other = cue("exams.record_without_exam"), cue("exams.other_visit_told")
    return any(not other.search(e.quote) for e in view.sentences_matching(without, [d]))


@evaluator("exam_recency")
def exam_recency(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Latest in-person exam with any of the listed elements, against a maximum age in days."""
    excluded = set(p.get("exclude_doc_types", []))
    unexamined = {d.id for d in view.documents if _record_without_exam(view, d)}
    exams = [
        m
        for m in view.find(
            concepts=p["concepts"],
            assertions={"present", "negated"},
            exclude_doc_types=NOT_EXAM_DOCS,
        )
        if (m.document.type not in excluded or _examining_clinician(m.document))
        and m.document.date
        and m.document.date <= ctx.request_date
        and not cue("exams.remote_sentence").search(m.sentence)
        # the patient's own account of numbness or weakness, or a consent's listed risk of it
        and not cue("exams.reported_symptom").search(m.sentence)
        # a history's denial ("She has no bladder or bowel symptoms and no saddle numbness"),
        # unless the sentence examines too ("Neuro: no saddle anesthesia, ... SLR negative")
        and not (
            cue("exams.history_denial").search(m.sentence)
            and not cue("exams.examined_marker").search(m.sentence)
            and not cue("exams.sensory_exam_words").search(m.sentence)
        )
        # a consequence foretold ("because she will have persistent weakness"), unless the
        # sentence records an examination ("Exam: strength 5/5 ..., and I will have her ...")
        and not (
            cue("exams.foretold_consequence").search(m.sentence)
            and not cue("exams.examined_marker").search(m.sentence)
        )
        and not cue("exams.not_an_exam_line").search(
            view.lines(m.document).text_around(m.start, m.end)
        )
        and not virtual_visit(m.document)
        and not _exercise_named(m)
        # a nerve-conduction measure ("ulnar sensory responses are absent"): a test, not an exam
        and not cue("exams.electrodiagnostic_after").match(m.document.text, m.end)
        and m.section not in NOT_EXAM_SECTIONS
        # a portal thread's "the numbness on the outside of my foot": the patient's words
        and not cue("exams.message_thread").search(m.document.head(HEAD_CHARS))
        # a visit the patient left before any clinician examined him ("LWBS", "No provider
        # exam performed"): the triage nurse's screen is no exam
        and m.document.id not in unexamined
    ]
    copied = {id(m): copied_exam_date(view, m) for m in exams}
    # the notes whose every exam finding is copied from an earlier visit
    copied_only = frozenset(
        d
        for d in {m.document.id for m in exams}
        if all(copied[id(m)] is not None for m in exams if m.document.id == d)
    )
    when = {id(m): copied[id(m)] or exam_date(view, m) for m in exams}
    exams = [
        m
        for m in exams
        if when[id(m)] != COPIED_UNDATED
        and not _recounts_remote_visit(view, m, when[id(m)], copied_only)
    ]
    if not exams:
        return Outcome("missing", ctx.say("missing"))
    latest = max(when[id(m)] for m in exams)
    age = (ctx.request_date - latest).days
    ev = prefer([m for m in exams if when[id(m)] == latest])
    facts = {"date": fmt_date(latest), "age": age, "max_age_days": p["max_age_days"]}
    if age <= p["max_age_days"]:
        # the note's own "OFFICE VISIT (in person)" / "DOS 04/30/2026" beside its exam
        visit = visit_lines(ev[0].document) if ev[0].document.date == latest else []
        return Outcome("met", ctx.say("recent", **facts)).cite(ev[:1] + visit + ev[1:], 8)
    since = [d for d in view.documents if d.date and latest < d.date <= ctx.request_date]
    why = view.sentences_matching(cue("exams.no_exam"), since) + view.sentences_matching(
        cue("exams.last_exam")
    )
    # a later note's exam copied from an earlier visit says so ("Exam carried forward from ...")
    why += view.sentences_matching(cue("exams.copied_exam"), since)
    # the later contacts that were not in person say so in their heads ("Visit type: Video")
    remote = [x for d in since if virtual_visit(d) for x in visit_lines(d, 1)]
    return Outcome("not_met", ctx.say("too_old", **facts)).cite(
        why[:2] + remote[:2] + why[2:4] + ev, 8
    )
