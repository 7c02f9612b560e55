"""Measurements against thresholds (BMI, pain score)."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from casebrief.facts.columns import CELL_GAP
from casebrief.facts.evidence import sentence_evidence
from casebrief.facts.mentions import CaseView, regions_in
from casebrief.lexicon import cue
from casebrief.nlp.measurements import BmiInputs, bmi_from_inputs
from casebrief.policy.evaluators.base import (
    Context,
    addendum_heading,
    corrects_under_heading,
    evaluator,
    fmt_date,
    mention_evidence,
    prefer,
    told_of_someone_else,
)
from casebrief.policy.evaluators.exams import entry_date
from casebrief.policy.result import Outcome

SUPERSEDABLE = {
    "bmi"
}  # kinds for which a past value ("BMI was 40.7 at referral") yields to a current one
SCORES = {"pain"}  # kinds for which "worst"/"best"/"goal" values are not the current score


def dated_values(view: CaseView, kind: str, ctx: Context, region: str | None = None) -> list[tuple]:
    """Every current value of a measurement as ``(date, -offset, document, measurement)``: the
    date it was measured on (a quoted visit's, a running record's entry's, else its note's).
    Past values ("BMI was 40.7 at referral") are left out when a current one exists; with a
    ``region``, so are scores of another body part (:func:`_scored_elsewhere`)."""
    items = []
    for d, m in view.measurements(kind):
        if d.date and d.date > ctx.request_date:
            continue
        if kind in SCORES and region and _scored_elsewhere(view, d, m, region):
            continue
        s, sent_end = view.sentence_of(d, m.start)
        if kind in SCORES and (
            cue("measurements.not_current_score").search(d.text[max(s, m.start - 18) : m.end])
            # the qualifier after the score: "6/10 for her worst pain", "7/10 at its worst"
            or _qualified_after(d, m, sent_end)
        ):
            continue  # "worst 8/10", "at best 3/10", "goal < 3/10": not the current score
        past = kind in SUPERSEDABLE and bool(
            cue("measurements.past_value").search(d.text[max(s, m.start - 25) : m.end])
            or cue("measurements.past_value_after").search(
                d.text[m.end : min(sent_end, m.end + 40)]
            )
            or _past_by_note_below(view, d, m)
            or _carried_forward_label(view, d, m)
            or _told_of_earlier_occasion(view, d, m)
        )
        # a value quoted from an earlier date, or told in an earlier entry of a running record
        # (a call log's "08/22/2025 11:37 ... Pain: rates 8/10 today" above a later call's 3/10)
        stated = _stated_date(view, d, m)
        when = (
            stated
            or _wrapped_row_date(view, d, m)
            or entry_date(view, _At(d, m.start))
            or d.date
            or date.min
        )
        # a score corrected too: "CORRECTION 03/17/2026 ... It should read: \"Today her pain is
        # 8 out of 10\"" replaces a dictation's misrecognized 3/10 of the same visit (dev30nr-02)
        corrected = kind in SUPERSEDABLE | SCORES and not past and _correcting(view, d, m)
        items.append((when, -m.start, d, m, past, corrected, stated is not None))
    current = [i[0] for i in items if not i[4]]
    if current:  # "BMI was 40.7 at referral" yields to a current value
        items = [i for i in items if not i[4] or _dated_after(i, max(current))]
    # a day's corrected value stands for the day: "Corrected BMI 38.6" in the attending's
    # attestation replaces the resident's "BMI 43.6" of the same visit
    corrected_days = {i[0] for i in items if i[5]}
    items = [i for i in items if i[5] or i[0] not in corrected_days]
    if kind in ROUNDED_RESTATED:
        items = _without_rounded_restatements(items)
    return [i[:4] for i in items]


WRAPPED_CELL_INDENT = 10  # a line this far indented under a table holds a wide cell's wrapped text
ROW_LINES_BACK = 6  # how far up a wrapped cell's row is looked for
_ROW_DATE = re.compile(r"\s*\d{1,2}/\d{1,2}/\d{2,4}\b|\s*\d{4}-\d{2}-\d{2}\b")
_TOLD_TODAY = re.compile(r"\b(?:today|current(?:ly)?|now)\b", re.IGNORECASE)


def _wrapped_row_date(view: CaseView, d, m) -> date | None:
    """The day of the table row whose wide last cell wraps onto the value's line: a home-health
    log's "02/12/26  SN ... 241.6  --  ** Pt weighed in brace + shoes - reading" / (indented)
    "invalid. Re-weighed w/o brace/shoes:" / "230.8 lb, BMI 39.6 **" is the re-weigh of 02/12,
    not a value of the log's printing day (dev30bm-05: it outdated the 02/26 row's 40.2)."""
    lines = view.lines(d)
    n = lines.number(m.start)
    a, b = lines.line(n)
    line = d.text[a:b]
    if len(line) - len(line.lstrip()) < WRAPPED_CELL_INDENT:
        return None
    for k in range(n - 1, max(-1, n - 1 - ROW_LINES_BACK), -1):
        a, b = lines.line(k)
        row = d.text[a:b]
        if not row.strip():
            return None
        if len(row) - len(row.lstrip()) >= WRAPPED_CELL_INDENT:
            continue  # more of the same wrapped cell
        if not _ROW_DATE.match(row) or len(CELL_GAP.findall(row)) < 2:
            return None  # not a table's row ("03/14/2019  Laparoscopic cholecystectomy")
        if _TOLD_TODAY.search(line, 0, m.start - lines.line(n)[0]):
            return None  # "            Today: Ht 5' 5\", Wt 246 lb, BMI 40.9": the note's own
        days = [x.value for x in view.dates_in(d, a, b) if x.precision == "day"]
        return days[0] if days and d.date is not None and days[0] <= d.date else None
    return None


def _dated_after(item: tuple, latest_current: date) -> bool:
    """A past value that keeps its place by date order: one that names the day it was measured
    (:func:`_stated_date`), later than every value told as current.  The letter's "His most
    recent weight, 09/14/2026, was 301 lb (BMI 43.2)" is past in tense only -- the chart's
    "current" values beside it are March's (dev27ap-04: the 45.6 of intake briefed as the
    latest BMI).  A past value told without its day ("BMI was 40.7 at referral") still yields
    to any current one, as does one dated on or before the latest current value."""
    return item[6] and item[0] > latest_current


QUALIFIER_AFTER_CHARS = 30  # how far after a score its own "worst"/"at best" may end
QUALIFIED_SCORE_CHARS = 60  # ... and how far the line is read for the score a qualifier labels


def _qualified_after(d, m, sent_end: int) -> bool:
    """A qualifier right after the score makes it not the current one ("6/10 for her worst
    pain", "7/10 at its worst").  The cue reads on past the qualifier (up to
    :data:`QUALIFIED_SCORE_CHARS`) to see whether it labels a score of its own -- "NRS leg
    today: 5/10    worst past week: 7/10": the "worst" is the 7/10's, and the 5/10 stays the
    day's score (dev27ap-02) -- but the qualifier itself must end within
    :data:`QUALIFIER_AFTER_CHARS` of the score, as before."""
    hit = cue("measurements.not_current_score_after").match(
        d.text, m.end, min(sent_end, m.end + QUALIFIED_SCORE_CHARS)
    )
    return hit is not None and hit.end() <= m.end + QUALIFIER_AFTER_CHARS


def _scored_elsewhere(view: CaseView, d, m, region: str) -> bool:
    """A pain score told of another body part than the criterion's: a sleep clinic's intake
    "PAIN SCALE: 2/10  Location: R shoulder (chronic)" two days after the spine consult's
    "Current pain 7/10 (leg)" (dev24sw-05, taken as the latest score for an epidural), "right
    knee pain 3/10 today", "Neck 2/10".  The score's own line (within its sentence) names the
    region it is of; a line naming none leaves it to the sentence, and a sentence naming none
    to the document's subject (:meth:`CaseView.about_region`: a note about a shoulder only).
    A line naming the criterion's region keeps the score ("back 6/10, shoulder 2/10" is
    a mixed line, its back score kept); so does a line of radiating pain ("pain 7/10 radiating
    to the knee": the knee is where the back's pain goes)."""
    s, e = view.sentence_of(d, m.start)
    a, b = view.lines(d).bounds(m.start)
    line = d.text[max(s, a) : min(e, b)]
    named = regions_in(line) or regions_in(d.text[s:e])
    if region in named:
        return False
    text = line if regions_in(line) else d.text[s:e]
    if named:
        return not cue("measurements.pain_travels").search(text)
    return not view.about_region(d, region)


ROUNDED_RESTATED = {"bmi"}  # kinds a note or a letter restates rounded ("BMI 40.0" for 39.96)
RESTATING_DOCS = {"letter", "request_form"}  # records that retell the chart's figures


def _written_decimals(d, m) -> int | None:
    """How many decimals the value is written with ("39.96" 2, "40.0" 1, "35" 0); None for
    a value computed from height and weight or said in words."""
    n = _written(d, m)
    return None if n is None else len(n.group(1) or "")


def _written(d, m) -> re.Match[str] | None:
    """The number a measurement is written as, where it is written in digits."""
    if m.derived:
        return None
    return next(
        (n for n in _NUMBER.finditer(d.text, m.start, m.end) if float(n[0]) == m.value), None
    )


def _rounds_to(precise: tuple, places: int, value: float) -> bool:
    """A value of :func:`dated_values` (as written), rounded half up to ``places``, is
    ``value``."""
    n = _written(precise[2], precise[3])
    if n is None:
        return False
    step = Decimal(1).scaleb(-places)
    return Decimal(n[0]).quantize(step, rounding=ROUND_HALF_UP) == Decimal(str(value))


DERIVED_SLACK = 0.15  # a BMI computed from the same height and weight, rounded to one decimal


def _same_figure(j: tuple, w: tuple) -> bool:
    """``j`` is the measurement ``w`` itself, ``w`` written rounded, or a BMI computed from the
    same height and weight."""
    if j is w:
        return True
    places = _written_decimals(j[2], j[3])
    if places is None:
        return j[3].derived and abs(j[3].value - w[3].value) <= DERIVED_SLACK
    return places < (_written_decimals(w[2], w[3]) or 0) and _rounds_to(w, places, j[3].value)


RESTATE_DAYS = 14  # a letter or form restates a measurement taken this recently


def _told_as_current(item: tuple) -> bool:
    """The value's line says it is the patient's own figure now ("his current BMI is 40",
    "has gained weight; BMI today 40"), not a copy of the chart's: a reviewer weighs it."""
    d, m = item[2], item[3]
    a = d.text.rfind("\n", 0, m.start) + 1
    b = d.text.find("\n", m.end)
    return bool(cue("measurements.told_current").search(d.text[a : b if b >= 0 else len(d.text)]))


def _without_rounded_restatements(items: list[tuple]) -> list[tuple]:
    """Drop a value that is a measurement of the chart written rounded: the surgeon's "BMI 40.0,
    at our cutoff" and the request form's "BMI: 40.0 (05/19/2026)" beside the vitals' "BMI:
    39.96 kg/m2" of the same visit; a letter's "BMI of 35.0" ten days after the consult
    measured 34.95.  One measurement rounded is not a second one: the value as measured is the
    documented one, on whichever side of the line the rounding falls (dev23bm-02 was sent to
    review as a same-day disagreement, dev23bm-04 met on the letter's 35.0).

    A rounded value (written with one decimal or none) is the measurement's restatement when a
    value written more precisely rounds to it and was measured the same day -- or, told in a
    letter or a request form, when that measurement is the latest one on or before the day the
    value is told (every value of that day is the same figure).  A value of its own, a later
    visit's "BMI 40.0" with its own scale, stays a measurement; so does a letter's value told
    more than :data:`RESTATE_DAYS` after the measurement, or told as the current one."""
    drop = set()
    for i in items:
        places = _written_decimals(i[2], i[3])
        if places is None or places > 1 or i[0] == date.min:
            continue
        # the measurements written more precisely that round to this value
        source = [
            w
            for w in items
            if w is not i
            and (_written_decimals(w[2], w[3]) or 0) > places
            and date.min < w[0] <= i[0]
            and _rounds_to(w, places, i[3].value)
        ]
        if any(w[0] == i[0] for w in source):
            drop.add(id(i))
            continue
        if i[2].type not in RESTATING_DOCS or not source or _told_as_current(i):
            continue
        day = max(j[0] for j in items if j is not i and date.min < j[0] <= i[0])
        if (i[0] - day).days > RESTATE_DAYS:
            continue  # a letter's value months after the last visit is its own, not a copy
        that_day = [j for j in items if j is not i and j[0] == day]
        if any(w[0] == day and all(_same_figure(j, w) for j in that_day) for w in source):
            drop.add(id(i))
    return [i for i in items if id(i) not in drop]


_NUMBER = re.compile(r"\d+(?:\.(\d+))?")


def _correcting(view: CaseView, d, m) -> bool:
    """The value is told as a correction of the day's measurement: its sentence says so
    ("Corrected BMI 38.6", "BMI: 38.6 (corrected 3/31/26 - height re-measured)"), or it sits in
    an addendum or attestation whose words up to it correct the note ("ATTESTATION: ... the
    height above was carried forward in error.  Height re-measured today 5'8\".  BMI 38.6").
    The value it corrects, measured the same day and left as first written, is superseded --
    not a rival measurement for a reviewer to choose between (dev21ec-04: a resident's BMI
    43.6 from a wrong height and the attending's corrected 38.6 sent to review).  A value
    the correction moves away from ("corrected from 43.6") is a past one
    (``measurements.past_value``) and never gets here."""
    s, e = view.sentence_of(d, m.start)
    if cue("measurements.correction_near").search(d.text[s:e]):
        return True
    heading = addendum_heading(view, d, m.start)
    return heading is not None and corrects_under_heading(d, heading, m.start, m.end)


def latest_value(view: CaseView, kind: str, items: list[tuple]):
    """The latest of a measurement's :func:`dated_values`: ``(document, measurement)`` or None.

    The latest document decides; within it the first value (the current one, before history).
    """
    if not items:
        return None
    best_date = max(i[0] for i in items)
    latest = [i for i in items if i[0] == best_date]
    if kind in SUPERSEDABLE:
        # within one note, the value measured with the vitals ("Ht 5' 6" | Wt 251 lb | BMI
        # 40.51") is the note's own; a narrative one may be copied forward ("BMI 38.6 - under 40")
        measured = [i for i in latest if _on_vitals_line(view, i[2], i[3])]
        latest = measured or latest
    if kind in SCORES:
        # a note's score labelled as today's ("Pain today 6-7/10", "current pain 7/10") is the
        # visit's own; the history above it retells older ones ("PT discharge NRS 5/10")
        today = [i for i in latest if _labelled_current(i[2], i[3])]
        latest = today or latest
    _, _, d, m = max(latest, key=lambda i: i[1])
    return d, m


CURRENT_LABEL_CHARS = 30  # how far before a score its "today"/"current" label may stand


def _labelled_current(d, m) -> bool:
    """The score's own clause tells it as the current one: "Pain today 6-7/10", "Pain: 7/10 NRS
    today" -- not the "today" of the score before it ("Pain: 7/10 NRS today, 9/10 at worst",
    whose match runs from the "NRS" label), nor of another line."""
    a = max(d.text.rfind("\n", 0, m.start) + 1, m.start - CURRENT_LABEL_CHARS)
    a = max([a] + [x.end() for x in _CLAUSE_END.finditer(d.text, a, m.end)])
    after = _CLAUSE_END_AFTER.search(d.text, m.end, m.end + CURRENT_LABEL_AFTER)
    b = after.start() if after else min(len(d.text), m.end + CURRENT_LABEL_AFTER)
    if cue("measurements.score_labelled_current").search(d.text, a, b):
        return True
    # "his pain level has decreased to approximately 4-5/10": where the pain has come to, after
    # the note retold the earlier visit's 8/10 -- not a procedure's table-side score
    s, e = _sentence_bounds(d.text, m.start)
    return bool(
        cue("measurements.score_changed_to").search(d.text, max(s, m.start - 40), m.end)
        and not cue("measurements.score_after_procedure").search(d.text, s, e)
    )


def _sentence_bounds(text: str, at: int) -> tuple[int, int]:
    """The plain sentence around ``at`` (full stop or line end), without the pipeline."""
    stop = text.rfind(". ", 0, at)
    s = max(stop + 2 if stop >= 0 else 0, text.rfind("\n", 0, at) + 1)
    stops = [i for i in (text.find(". ", at), text.find("\n", at)) if i >= 0]
    return s, min(stops) if stops else len(text)


CURRENT_LABEL_AFTER = 15  # "7/10 NRS today": the label right after the score
_CLAUSE_END = re.compile(r"[,;(]")  # where a score's own clause starts
_CLAUSE_END_AFTER = re.compile(r"[,;(.\n]")  # ... and ends


def same_day_rival(items: list[tuple], chosen, decides) -> tuple | None:
    """Among a measurement's :func:`dated_values`, another document's value measured the same
    day as the chosen one that would decide the criterion the other way (a nurse's intake
    "226.2 lb, BMI 38.8" and the surgeon's "241 lb, BMI 41.4" at one visit, with 40 the line):
    ``(document, measurement)`` or None.  ``decides`` maps a value to the status it gives."""
    d0, m0 = chosen
    day = next((i[0] for i in items if i[2] is d0 and i[3] is m0), None)
    if day is None or day == date.min:
        return None
    want = decides(m0.value)
    for when, _, d, m in items:
        if (
            when == day
            and d.id != d0.id
            # a request form restates the requester's figure; the clinical record's holds --
            # unless the form names the visit its figure is from (see _form_quotes_visit)
            and _form_quotes_visit(d, when)
            and _form_quotes_visit(d0, day)
            and decides(m.value) != want
        ):
            return d, m
    return None


def _measured_on(items: list[tuple], chosen) -> date | None:
    """The day :func:`dated_values` gives the chosen ``(document, measurement)``."""
    d0, m0 = chosen
    day = next((i[0] for i in items if i[2] is d0 and i[3] is m0), None)
    return None if day in (None, date.min) else day


def _form_quotes_visit(d, when: date) -> bool:
    """Whether a value may dispute a same-day value of another record: any clinical record's
    may; a request form's only when the form dates its figure to a visit of its own (a section
    "CLINICAL SUMMARY (from 05/12/2026 visit)", "BMI 37.8 (03/02/26)"), earlier than the form
    itself.  Such a form gives its account of that visit; when the visit's own note records
    another figure on the other side of the line ("Ht 5' 3\"  Wt 227 lb  BMI 40.2" against the
    form's "Height: 5' 5\"  Weight: 227 lb  BMI: 37.8" -- one weight, two heights), neither
    corrects the other and a reviewer decides (dev22bh-05, where the form's figure, taken as
    the newest, had briefed met).  A form's figure dated only by the form is the requester's
    restatement, not a measurement, and the clinical record's holds."""
    if d.type != "request_form":
        return True
    return d.date is not None and when != d.date


class _At(NamedTuple):
    """Where a measurement sits, as :func:`~casebrief.policy.evaluators.exams.entry_date`
    reads a mention."""

    document: Any
    start: int


_OWN_VALUE = re.compile(r"\b(?:BMI|wt|weight|ht|height)\b\s*:?\s*\d", re.I)


def _past_by_note_below(view: CaseView, d, m) -> bool:
    """A form's value with a parenthetical note on the line below that quotes it from the past:
    "BMI: 41.3     Height: 66 in" / "(highest documented BMI, per PCP weight history, 01/2023)"."""
    lines = view.lines(d)
    n = lines.number(m.start) + 1
    if n >= len(lines.starts):
        return False
    a, b = lines.line(n)
    note = d.text[a:b].strip()
    if not note.startswith("(") or _OWN_VALUE.search(note):
        return False  # "(Wt 276 lb / BMI 40.8 at PCP 09/22/2025)": a note of its own value
    return bool(
        cue("measurements.past_value").search(note)
        or cue("measurements.past_value_after").search(note[1:])
    )


OCCASION_BEFORE_CHARS = 60  # how far before a value its clause may name an earlier encounter


def _told_of_earlier_occasion(view: CaseView, d, m) -> bool:
    """The value's clause dates it to an earlier encounter than the note's own: the surgeon's
    "She has gained weight since June - weighed 231 lb at her first visit here (BMI 39.6),
    237 lb today" above the visit's vitals "Ht 5'4\"  Wt 237 lb  BMI 40.7" (dev27ap-03: the
    retold 39.6, first on the day, stood for the visit and briefed met under 40).  A value
    told of an earlier visit is a past one, which the visit's own measurement supersedes --
    by date order, not a dispute.  Read back from the value to the start of its sentence or
    clause (a semicolon; at most :data:`OCCASION_BEFORE_CHARS`); a word of today between the
    encounter and the value ("at her first visit 231 lb, today BMI 40.7") keeps it current,
    and so does another value between them (the encounter is that value's)."""
    s, _ = view.sentence_of(d, m.start)
    a = max(s, m.start - OCCASION_BEFORE_CHARS, d.text.rfind(";", 0, m.start) + 1)
    hits = list(cue("measurements.past_occasion").finditer(d.text, a, m.start))
    if not hits:
        return False
    last = hits[-1]
    between = d.text[last.end() : m.start]
    if cue("measurements.past_occasion_now").search(between):
        return False
    # "at her first visit 39.6, BMI 40.7 now": a number between is the encounter's own value
    return not _NUMBER.search(between)


def _carried_forward_label(view: CaseView, d, m) -> bool:
    """The value's line opens with a label that calls its values the chart's last ones:
    "Last filed height/weight in chart:  Ht 66 in   Wt 242 lb   BMI 39.06" in a telephone
    screening that took no vitals (dev17mg-03: the legacy BMI, copied forward under a ticked
    "[x] BMI < 40 (per chart)", outdated the surgeon's measured 40.35 of a week before).  Only
    the label before the value is read -- the line's own label, ended by a colon."""
    line_start, _ = view.lines(d).bounds(m.start)
    label, colon, _ = d.text[line_start : m.start].partition(":")
    return bool(colon) and bool(cue("measurements.carried_forward_label").search(label))


VITALS_LINE_MAX = 200  # a vitals line is a line of figures; a longer one is a paragraph


def _on_vitals_line(view: CaseView, d, m) -> bool:
    """The value stands on a vitals line ("Ht 5' 6" | Wt 251 lb | BMI 40.51"), not in a
    paragraph typed as one line that also names a weight ("... class III obesity (BMI 41.9)
    ... lowest weight 214 lb, regained afterward", a copied-forward HPI: dev29dx-04)."""
    line_start, line_end = view.lines(d).bounds(m.start)
    line = d.text[line_start:line_end]
    if len(line) > VITALS_LINE_MAX:
        return False
    return bool(cue("measurements.vitals_line").search(line.replace(d.text[m.start : m.end], " ")))


_UNIT = re.compile(r"kg\s*/\s*m(?:2|²|\^2)")
_SCALE = re.compile(r"^\s*/\s*10\b")
QUOTED_DATE_CHARS = 45  # a date this close after a value, on its line, dates the value
QUOTED_BEFORE_CHARS = 160  # ... or an earlier day this close before it, in its sentence


def _stated_date(view: CaseView, d, m) -> date | None:
    """The earlier date a value is quoted from: "BMI 38.7 on 11/06/25" copied forward into a
    note of March, "BMI is 38.6 per the IME of 10/20/2025" in a later letter.  None when the
    value is the note's own."""
    if d.date is None:
        return None
    _, line_end = view.lines(d).bounds(m.start)
    end = min(line_end, m.end + QUOTED_DATE_CHARS)
    for x in view.dates_in(d, m.end, end):
        # "40.67 kg/m2 (02/16/26)", "7/10  (from 02/24/26 office visit)": a unit or a scale
        between = _SCALE.sub(" ", _UNIT.sub(" ", d.text[m.end : x.start]))
        if any(c.isdigit() for c in between) or cue("measurements.current_words").search(between):
            return None  # "38 today, down from 42 on 1/5": the date is the other value's
        return x.value if x.precision == "day" and x.value < d.date else None
    # "Surgeon consult 04/28: Height 5 ft 8 in, weight 248 lb, BMI 37.7" in a review of May, a
    # log's row "03/24/2026   300.2 lb   BMI 44.3": the sentence's earlier day dates the value
    sent_start, _ = view.sentence_of(d, m.start)
    before = [
        x
        for x in view.dates_in(d, max(sent_start, m.start - QUOTED_BEFORE_CHARS), m.start)
        if x.precision == "day" and x.value < d.date
    ]
    if before:
        return before[-1].value
    return _quoted_heading_date(view, d, m)


HEADING_BACK_LINES = 6  # lines above a value read for the heading of its block


def _quoted_heading_date(view: CaseView, d, m) -> date | None:
    """The earlier day a heading above the value's block says its lines are taken from:
    "Clinical summary (from ortho note 09/22/2025):" over "BMI 41.1 -- not a surgical
    candidate" in a summary printed months later.  Read up to :data:`HEADING_BACK_LINES`
    lines up, not across a blank line; only a heading line (it ends with a colon) that says
    its lines are quoted (measurements.quoted_from_heading) and holds a day (or a month) before
    the document's own."""
    lines = view.lines(d)
    n = lines.number(m.start)
    for k in range(n - 1, max(-1, n - 1 - HEADING_BACK_LINES), -1):
        a, b = lines.line(k)
        line = d.text[a:b].strip()
        if not line:
            return None
        if not line.endswith(":") or not cue("measurements.quoted_from_heading").search(line):
            continue
        # a month will do ("HPI [carried forward from ... referral, 08/2023]:" over a BMI of that
        # year, dev29dx-04): the block is that month's, long before the note
        days = [
            x.value
            for x in view.dates_in(d, a, b)
            if x.precision in ("day", "month") and d.date is not None and x.value < d.date
        ]
        return days[-1] if days else None
    return None


def _compare(op: str) -> str:
    return "<" if op == "lt" else "≥"


@evaluator("measurement_threshold")
def measurement_threshold(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Latest value of a measurement against a threshold.

    params: measure, op (lt|ge), threshold, label; with_concepts / with_label (also required
    present, e.g. functional impairment); alternate (threshold, concepts) for 'BMI ≥ 35 with
    comorbidity'.
    """
    values = dated_values(view, p["measure"], ctx, p.get("region"))
    got = latest_value(view, p["measure"], values)
    label = p.get("label", p["measure"])
    if got is None:
        return Outcome("missing", ctx.say("missing", label=label))
    d, m = got
    ev = [sentence_evidence(d, *view.sentence_of(d, m.start), (m.start, m.end))]
    if m.derived:  # height and weight may sit in neighbouring sentences
        ev += [sentence_evidence(d, *view.sentence_of(d, m.end - 1))]
        ev += view.sentences_matching(cue("measurements.height_words"), [d])[:1]
    value = round(m.value, 2)
    op, thr = p["op"], p["threshold"]
    ok = value < thr if op == "lt" else value >= thr
    where = ctx.say(
        "value_on",
        label=label,
        value=f"{value:g}",
        date=fmt_date(d.date) if d.date else "an undated note",
        derived=ctx.say("derived") if m.derived else "",
    )
    facts = {"where": where, "threshold": thr, "op": _compare(op)}
    rival = same_day_rival(values, got, lambda v: _status_for(view, p, v))
    if rival is not None:
        rd, rm = rival
        return Outcome(
            "needs_review",
            ctx.say(
                "same_day_disagree",
                label=label,
                value=f"{value:g}",
                other=f"{round(rm.value, 2):g}",
                # the day both were measured: a form's restated figure carries its visit's day
                date=fmt_date(_measured_on(values, got) or d.date) if d.date else "the same day",
            ),
        ).cite(ev + [sentence_evidence(rd, *view.sentence_of(rd, rm.start), (rm.start, rm.end))], 4)
    own = _inputs_disagree(view, d, m, lambda v: _status_for(view, p, v))
    if own is not None:
        return Outcome(
            "needs_review",
            ctx.say(
                "inputs_disagree",
                label=label,
                value=f"{value:g}",
                other=f"{own.value:g}",
                date=fmt_date(d.date) if d.date else "an undated note",
            ),
        ).cite(
            ev + [sentence_evidence(d, *view.sentence_of(d, own.start), (own.start, own.end))], 4
        )
    heights = _heights_disagree(view, values, got, lambda v: _status_for(view, p, v))
    if heights is not None:
        hd, hm = heights
        return Outcome(
            "needs_review",
            ctx.say(
                "heights_disagree",
                label=label,
                value=f"{value:g}",
                other=f"{round(hm.value, 2):g}",
            ),
        ).cite(ev + [sentence_evidence(hd, *view.sentence_of(hd, hm.start), (hm.start, hm.end))], 4)
    if ok and p.get("with_concepts"):
        extra = [
            m2
            for m2 in view.find(concepts=p["with_concepts"], assertions={"present"})
            if not cue("measurements.minimal_disability_score").match(m2.document.text, m2.start)
        ]
        with_label = p.get("with_label", "the companion finding")
        denied = view.find(concepts=p["with_concepts"], assertions={"negated"})
        if not extra and denied:
            # "she reports no functional limitation - walks 2 miles daily ... ODI 10%": the
            # record documents the companion absent, which is not silence about it
            return Outcome(
                "not_met", ctx.say("companion_denied", **facts, companion=with_label), value=value
            ).cite(ev + prefer(denied), 3)
        if not extra:
            return Outcome(
                "missing", ctx.say("without_companion", **facts, companion=with_label), value=value
            ).cite(ev, 1)
        return Outcome(
            "met", ctx.say("with_companion", **facts, companion=with_label), value=value
        ).cite(ev + prefer(extra), 6)
    alt = p.get("alternate")
    if ok:
        comorb = mention_evidence(view, alt["concepts"], ("present", "historical")) if alt else []
        return Outcome("met", ctx.say("meets", **facts), value=value).cite(ev + comorb, 8)
    if alt:
        comorb = _comorbidities(view, alt)
        if value >= alt["threshold"] and comorb:
            names = ", ".join(sorted({m2.concept.replace("_", " ") for m2 in comorb}))
            return Outcome(
                "met",
                ctx.say("meets_alternate", **facts, alternate=alt["threshold"], conditions=names),
                value=value,
            ).cite(ev + prefer(comorb), 8)
        told = _osa_by_its_treatment(view) if "osa" in alt["concepts"] else []
        if value >= alt["threshold"] and told:
            return Outcome(
                "met",
                ctx.say("meets_alternate", **facts, alternate=alt["threshold"], conditions="osa"),
                value=value,
            ).cite(ev + told, 8)
        key = "below_no_condition" if value >= alt["threshold"] else "below_both"
        return Outcome(
            "not_met", ctx.say(key, **facts, alternate=alt["threshold"]), value=value
        ).cite(ev, 2)
    return Outcome(
        "not_met", ctx.say("fails", **facts, op_fail="≥" if op == "lt" else "<"), value=value
    ).cite(ev, 2)


INPUT_BLOCK_LINES = 3  # how far a vertical vitals block's height and weight may lie from its BMI
WRITTEN_SLACK = 0.05  # a written BMI rounded to one decimal


def _inputs_disagree(view: CaseView, d, m, decides) -> BmiInputs | None:
    """The BMI that the height and weight written with the deciding BMI give, when that BMI
    lies outside what they allow and the two decide the criterion differently: the surgeon's
    vitals "Ht 5 ft 9 in, Wt 284 lb, BMI 37.8" -- 284 lb at 5 ft 9 in is 41.9, over 40 where
    37.8 is under it (dev24rr-03, met on the 37.8 that a nurse's summary then copied).  One
    visit, two accounts of its BMI: a typed or carried-forward figure, or a wrong height or
    weight, and nothing in the record says which; a reviewer decides.  Its own inputs are the
    height and weight on the BMI's line, else in its block of vitals (no blank line between,
    up to :data:`INPUT_BLOCK_LINES` lines either side: "Height: 69 in" / "Weight: 284 lb" /
    "BMI: 37.8"), exactly one of each.

    A BMI within the range the inputs allow as written (a height in whole inches is half an
    inch either way) agrees with them, and a BMI on the same side of the line as its inputs'
    changes nothing; a BMI computed from height and weight is its own inputs'.  None then."""
    if m.kind != "bmi" or m.derived:
        return None
    got = _written_inputs(view, d, m)
    if got is None or got.low - WRITTEN_SLACK <= m.value <= got.high + WRITTEN_SLACK:
        return None
    return got if decides(got.value) != decides(m.value) else None


def _written_inputs(view: CaseView, d, m) -> BmiInputs | None:  # noqa: ANN001
    """The one height and one weight written with a BMI: on its line, else in its block of
    vitals (no blank line between, up to :data:`INPUT_BLOCK_LINES` lines either side)."""
    lines = view.lines(d)
    start, end = lines.bounds(m.start)
    got = bmi_from_inputs(d.text, start, end)
    if got is None:
        number = lines.number(m.start)
        first = last = number
        while first > 0 and number - first < INPUT_BLOCK_LINES:
            a, b = lines.line(first - 1)
            if not d.text[a:b].strip():
                break
            first -= 1
        while last + 1 < len(lines.starts) and last - number < INPUT_BLOCK_LINES:
            a, b = lines.line(last + 1)
            if not d.text[a:b].strip():
                break
            last += 1
        got = bmi_from_inputs(d.text, lines.line(first)[0], lines.line(last)[1])
    return got


HEIGHT_RIVAL_DAYS = 92  # two weighings this close are of one course, not of a weight change
SAME_WEIGHT_KG = 2.0  # weights this close are the same weight, a scale's or a day's difference
OTHER_HEIGHT_M = 0.02  # heights this far apart are two measurements, not a rounding


def _heights_disagree(view: CaseView, items: list[tuple], chosen, decides) -> tuple | None:
    """Another record's BMI, within :data:`HEIGHT_RIVAL_DAYS` of the deciding one, that
    decides the criterion the other way although its weight is the same: the two differ by
    the height each was computed with.  The program's "height 162.6 cm, weight 107.5 kg ...
    BMI 40.7" against the PCP's "Ht 5' 7" (1.702 m)  Wt 236 lb (107 kg) ... BMI 36.96" two
    weeks before (dev26ob-05, met on the later 40.7): not a weight change the latest value
    would follow, but two accounts of the patient's height, and nothing says which holds; a
    reviewer decides.  Only BMIs written with their own height and weight (one of each); a
    request form restates a record.  ``(document, measurement)`` or None."""
    d0, m0 = chosen
    day = next((i[0] for i in items if i[2] is d0 and i[3] is m0), None)
    if day is None or day == date.min or m0.kind != "bmi":
        return None
    # a letter's "BMI 40.7" in its opening restates the same figure its anthropometrics line
    # writes with the height and weight: the figure's inputs are those
    own = next(
        (
            got
            for _, _, d, m in sorted(items, key=lambda i: i[3] is not m0)
            if d is d0
            and abs(m.value - m0.value) < 0.05
            and (got := _written_inputs(view, d, m)) is not None
            and got.height_m
        ),
        None,
    )
    if own is None:
        return None
    want = decides(m0.value)
    for when, _, d, m in items:
        if (
            d.id == d0.id
            or when == date.min
            or abs((when - day).days) > HEIGHT_RIVAL_DAYS
            or "request_form" in (d.type, d0.type)
            or decides(m.value) == want
        ):
            continue
        other = _written_inputs(view, d, m)
        if (
            other is not None
            and other.height_m
            and abs(other.weight_kg - own.weight_kg) <= SAME_WEIGHT_KG
            and abs(other.height_m - own.height_m) >= OTHER_HEIGHT_M
            and decides(other.value) != want  # its own inputs, not a typo, decide so
        ):
            return d, m
    return None


def _status_for(view: CaseView, p: dict[str, Any], value: float) -> str:
    """The status a value alone gives (met / not_met): what two same-day values are compared
    by.  A companion finding's or a comorbidity's presence is read as the evaluator reads it."""
    op, thr = p["op"], p["threshold"]
    if (value < thr) if op == "lt" else (value >= thr):
        return "met"
    alt = p.get("alternate")
    if alt and value >= alt["threshold"] and _comorbidities(view, alt):
        return "met"
    return "not_met"


def _comorbidities(view: CaseView, alt: dict[str, Any]) -> list:
    """The alternate threshold's qualifying conditions: those the clinical records name; a box
    ticked on the request form alone is the requester's claim ("[X] Obstructive sleep apnea"
    while the chart says "suspected")."""
    comorb = [
        m2
        for m2 in view.find(concepts=alt["concepts"], assertions={"present", "historical"})
        if not _resolved_row(view, m2) and not _in_a_name(m2) and not _short_of_condition(m2)
    ]
    clinical = [m2 for m2 in comorb if m2.document.type != "request_form"]
    return clinical or [m2 for m2 in comorb if not _ticked_box(m2)]


def _osa_by_its_treatment(view: CaseView) -> list:
    """Sentences of the clinical records telling obstructive sleep apnea by its treatment or
    its study rather than by name (cue ``measurements.osa_by_treatment``): "has slept with
    CPAP at 10 cm H2O nightly since her 2021 polysomnogram ... AHI of 31 events/hour,
    predominantly obstructive" (dev34bk-03).  Not a device denied just before ("does not use
    CPAP"), a conditional, or someone else's device ("her husband uses CPAP")."""
    told, denied = cue("measurements.osa_by_treatment"), cue("measurements.osa_treatment_denied")
    # a note that denies sleep apnea or names another reason for the device ("obesity
    # hypoventilation - uses BiPAP nightly ... no obstructive sleep apnea": review of this rule)
    denying = {m.document.id for m in view.find(concepts=["osa"], assertions={"negated"})}
    other = cue("measurements.pap_other_indication")
    out = []
    for e in view.sentences_matching(told):
        d = e.document
        if d.type == "request_form" or cue("common.conditional").search(e.quote):
            continue
        if d.id in denying or other.search(d.text):
            continue
        hit = told.search(d.text, e.start, e.end)
        if hit is None or denied.search(d.text, max(e.start, hit.start() - 30), hit.start()):
            continue
        if told_of_someone_else(view, d, e.start, hit.start()):
            continue
        out.append(e)
    return out


def _short_of_condition(m) -> bool:
    """The condition's name follows words that make it less than the condition ("borderline
    diabetes", "borderline hypertension", a lab "which suggests diabetes mellitus"): not a
    diagnosis that qualifies the alternate threshold.  Why: the assertion layer reads
    "borderline" as present, so a BMI of 35-39.9 with only a borderline value was met, and a
    qualifying hypertension beside it was named with a diabetes the record does not diagnose
    (dev real-bari-10's "borderline diabetes")."""
    text = m.document.text
    return bool(
        cue("measurements.short_of_condition_before").search(text[max(0, m.start - 40) : m.start])
    )


def _in_a_name(m) -> bool:
    """The condition's words are part of a clinic's, a society's or a program's name, written
    capitalised: "Piedmont Endocrinology & Diabetes Center" (a letterhead), "Heart and
    Hypertension Institute", "National Diabetes Prevention Program".  A place the patient was
    seen, not a condition the patient has: the consult under that letterhead found only
    prediabetes (dev26ob-04, BMI 35.3 met on "Diabetes")."""
    text = m.document.text
    if not text[m.start : m.start + 1].isupper():
        return False
    return bool(cue("measurements.condition_in_a_name").match(text, m.end))


def _resolved_row(view: CaseView, m) -> bool:
    """A condition whose own line records it gone ("Gestational hypertension (O13.9)   2021 -
    resolved 2021" under RESOLVED PROBLEMS, "Gestational hypertension 2021 - resolved
    postpartum"): history, not a comorbidity of today."""
    a, b = view.lines(m.document).bounds(m.start)
    return bool(cue("findings.resolved_now").search(m.document.text, a, b))


_TICK_BEFORE = re.compile(r"\[\s*[xX✓]\s*\][)\]}|]?\s*(?:[\w/ -]{0,30})?$")


def _ticked_box(m) -> bool:
    """The mention is a request form's ticked box ("[X] Obstructive sleep apnea"), also with
    a stray stroke after the box, as a fax copy reads one ("[X]) Type 2 DM": dev8ep-04's
    fax copy, sample J, counted the form's claim as a comorbidity, a false met)."""
    return bool(_TICK_BEFORE.search(m.document.text[max(0, m.start - 40) : m.start]))
