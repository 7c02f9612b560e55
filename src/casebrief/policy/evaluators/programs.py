"""Supervised programs (weight management) and how long they ran."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from casebrief.documents.classify import mostly_upper
from casebrief.facts.evidence import Evidence, sentence_evidence
from casebrief.facts.mentions import CaseView
from casebrief.lexicon import cue
from casebrief.nlp.dates import number_value, safe_date, unit_days
from casebrief.policy.evaluators.base import (
    Context,
    documents_doing,
    evaluator,
    fmt_date,
    told_of_someone_else,
)
from casebrief.policy.result import Outcome

DAYS_PER_MONTH = 30.4


def _visit_dates(view: CaseView, program_docs: set[str], window_start: date, ctx: Context):
    """Program visit dates, best source first: the program's own visit log (rows: a date then a
    weight), then sentences about program visits or weights.  A consult, a scheduled or a
    dietitian visit is not a program visit.  Returns (log dates, log evidence, other dates,
    other evidence)."""
    log_dates: list[date] = []
    log_ev: list[Evidence] = []
    other_dates: list[date] = []
    other_ev: list[Evidence] = []
    for d in view.documents:
        if d.id not in program_docs:
            continue
        found = []  # (is a log row, the date, its sentence), in the document's order
        log = _plain_log_rows(d.text) >= 2
        headings = _weighed_entry_headings(view, d)
        for s, e in view.sentences(d):
            sent = d.text[s:e]
            if _device_readings(d.text, s, e):
                continue  # "2025-08-05 07:02,249.8,...,scale": a scale's reading, no visit
            rows = headings.get(s) or _row_first_dates(view, d, s, e, log)
            is_row = bool(rows) or bool(cue("programs.log_row").match(sent))
            if not is_row and (
                not cue("programs.visit_sentence").search(sent)
                or cue("programs.not_a_program_visit").search(sent)
                # a form's "Current BMI: 53.5 Ht 5'4" Wt 312 lb (date of measurement:
                # 05/20/2025)": the BMI's date, not a program visit's
                or (d.type == "request_form" and cue("programs.body_measure_field").search(sent))
            ):
                continue
            for dm in rows if is_row else view.dates_in(d, s, e):
                if dm.precision == "day" and not cue("common.birth_date").search(
                    d.text[max(s, dm.start - 15) : dm.start]
                ):
                    found.append((is_row, dm, s, e))
        rows = [dm.value for is_row, dm, _, _ in found if is_row]
        restored = iter(log_years_restored(rows, ctx.request_date))
        for is_row, dm, s, e in found:
            value = next(restored) if is_row else dm.value
            if window_start <= value <= ctx.request_date:
                (log_dates if is_row else other_dates).append(value)
                (log_ev if is_row else other_ev).append(
                    sentence_evidence(d, s, e, (dm.start, dm.end))
                )
    return log_dates, log_ev, other_dates, other_ev


HEADING_LOOKBACK = 40  # lines above a row read for the heading of its table
ENTRY_HEADING_CHARS = 48  # "DATE OF SERVICE: 09/09/2025", "Visit 3 - 10/07/2025", "12/09/2025"
ENTRY_HEADINGS = 2  # a record of serial visits heads at least this many entries so


_RULES = re.compile(r"[-=*_#~]{3,}")  # a heading's drawn rules: "-----", "=====", "***"
_REMARK = re.compile(r"\([^()\d]*\)")  # a bracketed remark without a number of its own


def _weighed_entry_headings(view: CaseView, d) -> dict[int, list]:  # noqa: ANN001 - a Document
    """The dated headings of a record's visit entries, by their sentence's start, each with
    its date: a line of its own that holds one date with its day and only a label ("DATE OF
    SERVICE: 09/09/2025", "Visit date: 10/07/2025", "Encounter 11/04/2025", a bare
    "12/09/2025"), over an entry -- the lines under it, to the next blank line or heading --
    that records a weight ("Weight 231.0 lb, BMI 38.4.").  Only in a record that heads
    :data:`ENTRY_HEADINGS` or more entries so: a program's progress notes printed one visit
    after another.  A consultation's single "DATE OF SERVICE" over its header is no log.

    Why: a visit log is read by its rows, a date then a weight on one line; a physician's
    progress notes put the date on a heading line and the weight in the entry's body, so no
    sentence held both -- "DATE OF SERVICE: 09/09/2025" names no visit or weight, "Weight
    233.4 lb" no date -- and eight monthly supervised visits read as none (dev24dx-04)."""
    key = ("weighed_entry_headings", d.id)
    if key in view.cache:
        return view.cache[key]
    text = d.text
    found: list[tuple[int, int, object]] = []  # (sentence start, its line's end, the date)
    for s, e in view.sentences(d):
        line_end = text.find("\n", s)
        line_end = len(text) if line_end < 0 else line_end
        line = text[s:line_end]
        piped = "|" in line
        # the rules a printout draws around a heading ("----- 12/08/2025  Weight management
        # visit (in person) -----") are no label: only the words count against its length
        # (dev25cx-05: the first visit's longer heading went unread, the course lost a month)
        if (
            not line.strip()
            or len(_heading_words(_REMARK.sub(" ", _RULES.sub(" ", line)), piped).strip())
            > ENTRY_HEADING_CHARS
            or e < line_end
        ):
            continue
        days = view.dates_in(d, s, line_end)
        if len(days) != 1 or days[0].precision != "day":
            continue
        label = _heading_words(text[s : days[0].start] + text[days[0].end : line_end], piped)
        # a remark in brackets names no other number: "VISIT 5   02/19/2026   (final program
        # visit)" is visit 5's heading (dev33bp-02: the last visit went unread, a month lost)
        label = _REMARK.sub(" ", label)
        if (
            (any(c.isdigit() for c in label) and not _numbered_by_its_count(label))
            or cue("common.birth_date").search(label)
            or cue("programs.not_a_program_visit").search(label)
        ):
            continue
        found.append((s, line_end, days[0], piped))
    out: dict[int, list] = {}
    for i, (s, line_end, dm, piped) in enumerate(found):
        nxt = found[i + 1][0] if i + 1 < len(found) else len(text)
        blank = text.find("\n\n", line_end + 1)
        # an EHR's entry runs to the next entry's heading, across the blank lines between
        # its own sections (the vitals under "HPI" and "PMH reviewed" of a first visit)
        body_end = nxt if piped else min(nxt, blank if blank >= 0 else len(text))
        if cue("programs.weight_value").search(text, line_end, body_end):
            out[s] = [dm]
    view.cache[key] = out = out if len(out) >= ENTRY_HEADINGS else {}
    return out


def _numbered_by_its_count(label: str) -> bool:
    """The only number of a heading's label is the visit's own count, leading it: "Visit 3 -",
    "#4", "VISIT 1 - - INITIAL PROGRAM VISIT" (dev9vd-06: the first visit's heading, read only
    without its words once the others' "(in person)" remarks were dropped)."""
    label = label.strip()
    m = cue("programs.entry_heading_number").match(label)
    return bool(m) and not any(c.isdigit() for c in label[m.end() :])


def _heading_words(line: str, piped: bool) -> str:
    """What of an entry heading's line names the visit: for an EHR's piped heading
    ("Progress Notes  |  Nathan Cole, DO (Family Medicine)  |  03/11/2025 8:40 AM"), its fields
    less the author's (a name with a credential) and the time of day; other lines as they are.

    Why: the heading of each visit in an EHR printout names its author and stamps its time, so
    it ran longer than a label and held numbers beside its date, and six weighed monthly visits
    read as none (dev26ob-02: the program counted from two dates in the prose, 1.5 months)."""
    if not piped:
        return line
    author = cue("programs.heading_author_field")
    fields = [f for f in line.split("|") if not author.search(f)]
    return cue("programs.time_of_day").sub(" ", " ".join(f.strip() for f in fields))


def _kept_enrolled(view: CaseView, pause: tuple[date, date], dates: list, ev: list) -> bool:
    """The program's own record says, between the two visits of a long gap, that the patient
    stays in the program ("Will keep him enrolled in the program; f/u when able, nurse to call
    monthly", a nurse's call "Remains in program") and nothing there says it stopped
    (discharged, on hold, re-enrolled): one program with missed visits, counted whole, not two
    stretches (dev26ob-02: 8.1 months read as 3.9 across a caregiving gap of four months).
    Read between the two visits' places in a record that logs both, in either order."""
    a, b = pause
    kept, stopped = cue("programs.kept_enrolled"), cue("programs.program_stopped")
    for da, ea in zip(dates, ev, strict=False):
        if da != a:
            continue
        for db, eb in zip(dates, ev, strict=False):
            if db != b or eb.document is not ea.document:
                continue
            lo, hi = sorted((ea.start, eb.start))
            between = ea.document.text[lo:hi]
            if kept.search(between) and not stopped.search(between):
                return True
    return False


def _dated(view: CaseView, ev: list[Evidence], day: date) -> list[Evidence]:
    """The visit evidence that names ``day``."""
    return [
        e for e in ev if any(dm.value == day for dm in view.dates_in(e.document, e.start, e.end))
    ]


_DATED_HEAD = re.compile(r"^[\s\-=*_#|]*(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})\b")


def _not_yet_enrolled(view: CaseView, first: date, last: date) -> list[tuple[date, Evidence]]:
    """Records saying the patient was not yet in the program on a day from the first counted
    visit on, before the last (cue ``programs.not_enrolled_yet``), by that day, earliest first:
    the PCP's own 11/04 entry "pt declines enrollment in the supervised weight program at this
    time" and the endocrinologist's 01/27 "not started the doctor's weight program yet", while
    an attestation form e-signed by an assistant lists program visits from 11/04 (dev26ob-06,
    met on the form's 6.7 months; 3.5 from the enrolment the PCP's notes tell).  Each is dated
    by its entry's heading (the nearest line above that opens with a day) in a printout of
    entries, else by its record."""
    out = []
    for e in view.sentences_matching(cue("programs.not_enrolled_yet")):
        d = e.document
        if d.type in {"request_form", "fax_cover"} or d.date is None:
            continue
        when = d.date
        lines = view.lines(d)
        for n in range(lines.number(e.start), -1, -1):
            a, b = lines.line(n)
            if _DATED_HEAD.match(d.text[a:b]):
                days = [x.value for x in view.dates_in(d, a, b) if x.precision == "day"]
                if days and days[0] <= d.date:
                    when = days[0]
                break
        if first <= when < last:
            out.append((when, e))
    return sorted(out, key=lambda t: t[0])


def _device_readings(text: str, s: int, e: int) -> bool:
    """The sentence stands in a table of weights a device or the patient recorded, not of
    program visits: the table's heading says so ("[CONNECTED SCALE - DAILY WEIGHTS (first
    reading of day, sample)]").  A heading: the nearest line above that opens with a bracket
    or is in capitals, before a blank line ends the table.  Or the sentence is a weigh-in on
    the patient's own scale that names no visit ("7/6/26 - Home scale 288 this morning" in a
    diary); a visit log's row that names where a video visit's weight came from ("2
    11/11/2025  Video  249  home scale (pt)") is still a visit."""
    sent = text[s:e]
    if cue("programs.own_scale").search(sent) and not cue("programs.visit_kind").search(sent):
        return True
    line_start = text.rfind("\n", 0, s) + 1
    for line in reversed(text[:line_start].split("\n")[-HEADING_LOOKBACK - 1 : -1]):
        if not line.strip():
            return False
        if _heading(line):
            return bool(cue("programs.device_readings").search(line))
    return False


def _heading(line: str) -> bool:
    """A table's heading line: "[CLINICAL ENCOUNTERS]", "CONNECTED SCALE - DAILY WEIGHTS"."""
    return line.strip().startswith("[") or mostly_upper(line)


def _longest_ordered(values: list[date], sign: int, latest: date) -> list[int]:
    """Indices of the longest run of ``values`` in order (ascending for ``sign`` 1,
    descending for -1), not necessarily adjacent, none after ``latest``: the rows of a log
    that agree."""
    best: list[list[int]] = []
    for i, v in enumerate(values):
        if v > latest:  # a past visit after the request: a misread year, never trusted
            best.append([])
            continue
        prior = [b for j, b in enumerate(best) if b and sign * (v - values[j]).days >= 0]
        best.append(max(prior, key=len, default=[]) + [i])
    return max(best, key=len, default=[])


def log_years_restored(values: list[date], latest: date) -> list[date]:
    """A visit log's row dates with a year OCR misread put back ("02/18/2028" and
    "03/18/2028" above "04/22/2025", "9/9/2026" above "12/16/25").

    A log is written in date order, oldest or newest first.  The longest run of rows in
    order and not after ``latest`` (the request) is trusted; a row outside it whose year,
    changed in its last digit only, falls between its trusted (or already restored)
    neighbours and not after ``latest`` takes that year.  A row no such
    year fits is left as read, and a log with no clear order (no more than half its rows dated
    up to ``latest`` in order, fewer than two, or as many rows in one order as in the
    other) is left alone."""
    if len(values) < 3:
        return values
    runs = {sign: _longest_ordered(values, sign, latest) for sign in (1, -1)}
    sign = max(runs, key=lambda k: len(runs[k]))
    trusted = set(runs[sign])
    possible = sum(v <= latest for v in values)  # a past visit after the request is misread
    if (
        len(runs[1]) == len(runs[-1])  # no clear direction
        or len(trusted) * 2 <= possible
        or len(trusted) < 2
        or len(trusted) == len(values)
    ):
        return values
    out = list(values)
    placed = set(trusted)  # rows trusted or restored: the only neighbours a row is set by
    for i, v in enumerate(values):
        if i in trusted:
            continue
        before = next((out[j] for j in range(i - 1, -1, -1) if j in placed), None)
        after = next((values[j] for j in range(i + 1, len(values)) if j in trusted), None)
        fits = []
        for year in range(v.year // 10 * 10, v.year // 10 * 10 + 10):
            cand = safe_date(year, v.month, v.day)  # None: 29 February in another year
            if (
                cand is not None
                and cand <= latest
                and (before is None or sign * (cand - before).days >= 0)
                and (after is None or sign * (after - cand).days >= 0)
            ):
                fits.append(cand)
        if fits:  # the nearest to its neighbour: a log's rows are weeks apart, not years
            anchor = after or before
            out[i] = min(fits, key=lambda c: abs((c - anchor).days))
            placed.add(i)
    return out


def _plain_log_rows(text: str) -> int:
    """How many lines of ``text`` are a visit log's rows with a weight read plainly."""
    row = cue("programs.log_row")
    return sum(bool(row.match(line)) for line in text.split("\n"))


_WEIGHT_SOON = re.compile(r"[^\S\n]*(?:\S+[^\S\n]+){0,3}?[\[|(]?[1-4]\d{2}(?:\.\d)?\b")


def _row_first_dates(view: CaseView, d, s: int, e: int, log: bool = False) -> list:
    """The first date of each attended row of a visit log (rows wrapped into one sentence are
    read line by line): "2025-07-08 Follow-up ... No show" is a row, but not a visit.  In a
    ``log`` (a document with two plain rows or more), a row whose weight OCR read as four
    digits ("1290.6", "2588") is a row too.

    A sentence that ends inside a line is read to the line's end: a row is a line, and a
    period OCR put inside it (an initial "IL.", a comma read as a period, a speck read as
    ".") cut the row's date from its weight, so the row was lost (the fax copies of
    dev4hp-02, spine-08 and comm-04 in sample O lost their logs' first rows so, and the
    program read shorter than the letter's stated length).  Only where the weight follows
    within three words of the break: a sentence wrapped onto a line of its own that opens with
    a date ("1/22/2026. Interested in sleeve ... Wt plateaued ~276-280", dev8ep-04) is no
    row.  The rest of the line opens no row, so nothing is counted twice."""
    if s < e < len(d.text) and d.text[e - 1] != "\n":
        line_end = d.text.find("\n", e)
        line_end = len(d.text) if line_end < 0 else line_end
        if _WEIGHT_SOON.match(d.text, e, line_end):
            e = line_end
    dated, loose = cue("programs.dated_line"), cue("programs.dated_line_loose")
    misread = cue("programs.log_row_weight_misread")
    out = []
    pos = s
    lines = d.text[s:e].split("\n")

    text = d.text

    def near(a: int, b: int) -> list[str]:
        """The two lines before ``text[a:b]`` and the two after it."""
        out, start = [], a
        for _ in range(2):
            if start <= 0:
                break
            start = text.rfind("\n", 0, start - 1) + 1
            out.append(text[start : text.find("\n", start)])
        end = b
        for _ in range(2):
            if end >= len(text):
                break
            nxt = text.find("\n", end + 1)
            out.append(text[end + 1 : nxt if nxt >= 0 else len(text)])
            end = nxt if nxt >= 0 else len(text)
        return out

    def dated_row(line: str, a: int, b: int) -> bool:
        """The line (``text[a:b]``) opens with a date; or, near another such line of the
        document (a log's rows, one line apart or two where a row's notes wrapped onto the
        next line), with a date after a short token: OCR misreads a log's visit-number column
        ("WN 1/6/2026"; dev12pc-06's "I   09/10/2025 261.6 ... food log\nwalk 15 min/d",
        its first visit, above the next row's date)."""
        if dated.match(line):
            return True
        if not loose.match(line):
            return False
        return any(dated.match(x) or loose.match(x) for x in near(a, b) if x)

    for i, line in enumerate(lines):
        a, b = pos, pos + len(line)
        pos = b + 1
        # a row's status may wrap onto the next, undated line ("... completion visit\n  NO SHOW")
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        row = line + " " + nxt if nxt and not dated_row(nxt, b + 1, b + 1 + len(nxt)) else line
        if (
            dated_row(line, a, b)
            and (cue("programs.log_row").match(row) or (log and misread.match(row)))
            and not cue("programs.not_attended").search(row)
        ):
            out += view.dates_in(d, a, b)[:1]
    return out


def _previous_visits(view: CaseView, visit_notes: set[str], window_start: date, ctx: Context):
    """Visit dates a dated visit note gives for itself and for the visit before it ("down 22
    pounds since I last saw her on 06/07/2004").  Only visit notes themselves: a consult's
    "lost 30 pounds over the past year on her own" names no visit."""
    dates: list[date] = []
    evidence: list[Evidence] = []
    for d in view.documents:
        if d.id not in visit_notes or d.date is None:
            continue
        for s, e in view.sentences(d):
            sent = d.text[s:e]
            if cue("programs.self_directed").search(sent):
                continue
            before = None
            if (m := cue("programs.previous_visit").search(sent)) is not None:
                stated = [x.value for x in view.dates_in(d, s + m.end(), e) if x.precision == "day"]
                ago = cue("programs.ago").search(sent, m.end())
                if stated:
                    before = stated[0]
                elif ago is not None:
                    before = _back(d.date, ago)
            elif (m := cue("programs.weight_change_period").search(sent)) is not None:
                before = _back(d.date, m)
            if m is None:
                continue
            if before is not None and window_start <= before < d.date <= ctx.request_date:
                dates += [before, d.date]
                evidence.append(sentence_evidence(d, s, e, m.span()))
    return dates, evidence


def _back(day: date, m: re.Match[str]) -> date:
    """``day`` less the length a match names ("two months ago", "in the past month")."""
    n = number_value(m.group("n")) if m.group("n") else 1.0
    return day - timedelta(days=round(n * unit_days(m.group("unit"))))


YEARLESS_FORMS = frozenset({"bare_month", "month_d", "m_d", "season", "mid_month"})
CLAIM_DATE_CHARS = 120  # how far after a stated length its dates are read ("an eight-month
# medically supervised program with Dr. Hollis at Lakeview Medical Weight Loss from March to
# October of 2023")


def _claims(view: CaseView, window_start: date) -> list[tuple[float, Evidence, tuple | None]]:
    """Stated program lengths ("completed 6 months of a supervised program"), not requirements,
    and not programs dated before the window; with the (first, last) days when the claim is a
    stated span ("in our program from January 8, 2026 through August 27, 2026")."""
    claim = cue("programs.claim")
    out = []
    for evs in view.sentences_matching(claim):
        if cue("programs.claim_not_a_record").search(evs.quote):
            # "needs to complete 6 months of supervised program": a requirement, not a record
            continue
        hit = claim.search(evs.document.text, evs.start, evs.end)
        near = view.dates_in(evs.document, hit.end(), min(evs.end, hit.end() + CLAIM_DATE_CHARS))
        dated = [dm.value for dm in near]
        # the dates that state their year ("October of 2023"; a bare "March" takes this year's)
        yeared = [dm.value for dm in near if dm.form not in YEARLESS_FORMS]
        if dated and (dated[0] < window_start or (yeared and max(yeared) < window_start)):
            continue  # a program completed before the window ("a 6-month program ... in 2024")
        m = claim.search(evs.quote)
        out.append((number_value(m.group("n") or m.group("n2") or m.group("n3")), evs, None))
    told = {(e.document.id, e.start) for _, e, _ in out}
    for evs in view.sentences_matching(cue("programs.claim_span")):
        if (evs.document.id, evs.start) in told or evs.document.type == "request_form":
            continue
        ds = view.dates_in(evs.document, evs.start, evs.end)
        for a, b in zip(ds, ds[1:], strict=False):
            if (
                cue("therapy.range_between").fullmatch(evs.document.text, a.end, b.start)
                and window_start <= a.value < b.value
            ):
                out.append(
                    (round((b.value - a.value).days / DAYS_PER_MONTH, 1), evs, (a.value, b.value))
                )
                break
    return out


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _same_course_told(view: CaseView, claim: Evidence, first: date, last: date) -> bool:
    """A stated length that is no rival account of the visits: a ticked form line (the dated
    visits decide a form's answer), or a length counted in the visits' own calendar months ("6
    mo supervised program at Pinecrest Oct-Mar" over visits 10/08/2025-03/04/2026, "complete (6
    visits, 08/2025-01/2026)"): six monthly visits told as six months.  The authors of
    dev16ac-04 and dev16pp-04 (and their blind checkers) read such a claim as the same course,
    which its dated visits measure; a letter whose span runs past the visits ("April - October
    2025" over visits to June) still disputes them."""
    line_start = claim.document.text.rfind("\n", 0, claim.start) + 1
    if cue("programs.ticked_claim").match(claim.document.text, line_start):
        return True
    months = [
        (dm.value.year, dm.value.month)
        for dm in view.dates_in(claim.document, claim.start, claim.end)
        if dm.precision in ("day", "month")
    ]
    if len(months) >= 2:
        return months[0] == (first.year, first.month) and months[-1] == (last.year, last.month)
    named = cue("programs.month_range").search(claim.quote)
    if named:
        a, b = (MONTHS.index(named.group(g)[:3].lower()) + 1 for g in ("a", "b"))
        return (a, b) == (first.month, last.month)
    return False


def _program_described(claim: Evidence) -> bool:
    """A stated length that names what the program is, not what the patient did: its title or
    description ("6-Month Medically Supervised Weight Management Program", "Program: 6-12 month
    medically supervised weight management (monthly visits ...)") with no word of completing or
    attending it.  Beside the program's dated visits it disputes nothing: a six-month program
    the patient left after five visits is measured by them (dev18hs-04, dev18nh-05, dev2fp-02;
    every dev claim that disputes its visits says "completed", "finished" or "participated")."""
    return not cue("programs.claim_done").search(claim.quote)


@evaluator("program_duration")
def program_duration(view: CaseView, p: dict[str, Any], ctx: Context) -> Outcome:
    """Months of a supervised program in the window, from its visit dates or a stated length."""
    window_start = ctx.request_date - timedelta(days=p["window_days"])
    mentions = view.find(concepts=p["concepts"], assertions={"present", "historical"})
    title = re.compile(p["doc_title"], re.I)
    program_docs = {m.document.id for m in mentions} | {
        d.id for d in view.documents if title.search(d.head(400))
    }
    visit_notes = (  # a dietitian's serial visit notes, told by their content
        {d.id for d, _ in documents_doing(view, cue(p["visit_document_cue"]), 2) if d.date}
        if p.get("visit_document_cue")
        else set()
    )
    program_docs |= visit_notes
    if p.get("program_document_cue"):  # the program's own records, named by brand or tier
        record = cue(p["program_document_cue"])
        program_docs |= {
            d.id
            for d in view.documents
            if d.type not in {"fax_cover", "request_form"} and record.search(d.text)
        }  # a request form's "Medically supervised wt loss: from 05/2025" is the office's claim
    program_docs -= {d.id for d in view.documents if _unsupervised(d)}
    log_dates, log_ev, other_dates, other_ev = _visit_dates(view, program_docs, window_start, ctx)
    prev_dates, prev_ev = _previous_visits(view, visit_notes, window_start, ctx)
    other_dates, other_ev = other_dates + prev_dates, other_ev + prev_ev
    visit_dates = log_dates if len(set(log_dates)) >= 2 else log_dates + other_dates
    ev = log_ev + other_ev
    claims = _claims(view, window_start)
    pauses = _pauses(log_dates) if visit_dates is log_dates else []
    pauses = sorted(set(pauses) | set(_long_gaps(visit_dates)))
    pauses = [pz for pz in pauses if not _kept_enrolled(view, pz, visit_dates, ev)]
    paused = sum((b - a).days for a, b in pauses)
    computed = (
        round(((max(visit_dates) - min(visit_dates)).days - paused) / DAYS_PER_MONTH, 1)
        if len(set(visit_dates)) >= 2
        else None
    )
    need = p["min_months"]
    if computed is None and not claims:
        single = _single_weight_visit(view, visit_notes, window_start, ctx)
        if single is not None:
            # the packet addresses the program but documents no span (policies.md: 0 months)
            return Outcome(
                "not_met",
                ctx.say("single_visit", date=fmt_date(single.date), min_months=need),
                value=0,
            ).cite(_single_visit_quotes(view, single), 4)
        told = _supervised_told_undated(view)
        if told:
            # a supervised program told without dates or a length: 0 countable months
            return Outcome("not_met", ctx.say("told_undated", min_months=need), value=0).cite(
                told, 3
            )
        return Outcome("missing", ctx.say("missing_in_window" if mentions else "missing"))
    if computed is not None:
        first, last = min(visit_dates), max(visit_dates)
        # a stated span inside the visits' own ("visits from 09/10/2025 to 02/11/2026" in a
        # letter written before the later visits) tells part of the course, not another one
        claims = [c for c in claims if c[2] is None or not first <= c[2][0] <= c[2][1] <= last]
        claims = [
            c
            for c in claims
            if not _same_course_told(view, c[1], first, last) and not _program_described(c[1])
        ]
        claims += _enrolled_earlier(view, window_start, first, last)
    if computed is not None and claims:
        claim_val, claim_ev, _ = max(claims, key=lambda c: c[0])
        if (claim_val >= need) != (computed >= need):
            return Outcome(
                "needs_review",
                ctx.say("contradiction", stated=f"{claim_val:g}", months=computed),
                value=computed,
            ).cite(
                [claim_ev]
                + view.sentences_matching(
                    cue("programs.status"), [d for d in view.documents if d.id in program_docs]
                )[:2]
                + ev[:2],
                5,
            )
    if computed is not None:
        first, last = min(visit_dates), max(visit_dates)
        late = _not_yet_enrolled(view, first, last)
        if late:
            when = late[-1][0]
            after = sorted({v for v in visit_dates if v > when})
            alt = round((after[-1] - after[0]).days / DAYS_PER_MONTH, 1) if len(after) >= 2 else 0
            if (alt >= need) != (computed >= need):
                return Outcome(
                    "needs_review",
                    ctx.say(
                        "not_enrolled_then",
                        first=fmt_date(first),
                        last=fmt_date(last),
                        months=computed,
                        when=fmt_date(when),
                        alt_months=alt,
                        min_months=need,
                    ),
                    value=computed,
                ).cite(
                    [e for _, e in late][-2:]
                    + view.sentences_matching(cue("programs.start_told"))[:1]
                    + view.sentences_matching(
                        cue("programs.enrolled_now"),
                        [d for d in view.documents if d.id in program_docs],
                    )[-2:]
                    + _dated(view, ev, first)[:1]
                    + _dated(view, ev, after[0] if after else last)[:1],
                    7,
                )
    if computed is not None:
        status = "met" if computed >= need else "not_met"
        docs = [d for d in view.documents if d.id in program_docs]
        support = view.sentences_matching(cue("programs.support"), docs)
        first_last = [
            e
            for e in ev
            if any(dm.value in (first, last) for dm in view.dates_in(e.document, e.start, e.end))
        ]
        rationale = ctx.say(
            "visits_paused" if pauses else "visits",
            first=fmt_date(first),
            last=fmt_date(last),
            paused=paused,
            pause=", ".join(f"{fmt_date(a)}→{fmt_date(b)}" for a, b in pauses),
            days=(last - first).days - paused,
            months=computed,
            op="≥" if status == "met" else "<",
            min_months=need,
        )
        told = view.sentences_matching(cue("programs.status"), docs)  # "Program status: INCOMPLETE"
        return Outcome(status, rationale, value=computed).cite(
            first_last[:2]
            + [c[1] for c in claims][:2]
            + (told[:2] if status == "not_met" else [])
            + _first_last_weights(view, first_last)
            + support[:4]
            + ev,
            10,
        )
    claim_val, claim_ev, _ = max(claims, key=lambda c: c[0])
    status = "met" if claim_val >= need else "not_met"
    return Outcome(
        status,
        ctx.say(
            "stated", months=f"{claim_val:g}", op="≥" if status == "met" else "<", min_months=need
        ),
        value=claim_val,
    ).cite([claim_ev], 2)


def _supervised_told_undated(view: CaseView) -> list[Evidence]:
    """Sentences that tell a medically supervised weight-loss program in words with no date
    or length of their own (cue ``programs.supervised_told``): "was followed by her PCP for
    weight loss", "participated in a medically supervised weight loss program through her
    primary care physician".  Why: policies.md counts a therapy told without dates as 0
    countable months -- the packet addresses the criterion and the brief asks for the dates --
    so such an account is not_met, not missing.  Not a negated, planned, required or
    conditional mention ("never in a doctor-supervised program", "will enroll in our
    medically supervised program", "insurance may require a supervised program"), not a
    request form's or fax cover's claim, and not a sentence that gives a length or a date
    (cue ``programs.length_told``), which the stated-length and window rules decide.
    Commercial diets and support groups name no supervision and never match."""
    told = cue("programs.supervised_told")
    out = []
    for e in view.sentences_matching(told):
        if e.document.type in {"request_form", "fax_cover"}:
            continue
        hit = told.search(e.document.text, e.start, e.end)
        before = e.document.text[e.start : hit.start()]
        if (
            _title_line(view, e.document, hit.start())
            or told_of_someone_else(view, e.document, e.start, hit.start())
            or _continues_a_dated_account(view, e)
            or cue("programs.supervised_denied_before").search(before)
            or cue("programs.supervised_not_a_record").search(e.quote)
            or cue("programs.claim_not_a_record").search(e.quote)
            or cue("common.plan_words").search(e.quote)
            or cue("common.conditional").search(e.quote)
            or cue("programs.self_directed").search(e.quote)
            or cue("programs.length_told").search(e.quote)
        ):
            continue
        out.append(e)
    return out


def _title_line(view: CaseView, d, offset: int) -> bool:
    """The words sit on a letterhead or title line ("NORTHSIDE BARIATRIC & MEDICAL WEIGHT LOSS
    CENTER", "Lakeview Medical Weight Loss Clinic"): a line with no lower-case word of four
    letters or more names a practice, it tells no program the patient was in."""
    a, b = view.lines(d).bounds(offset)
    return not re.search(r"\b[a-z]{4,}\b", d.text[a:b])


def _continues_a_dated_account(view: CaseView, e: Evidence) -> bool:
    """The sentence goes on with a program the sentence before it dates ("She was in a medically
    supervised weight loss program in 2015 and 2016. She was followed by her PCP for weight loss
    during that time"): the dated account, which the window rules decide, not an undated one."""
    sents = view.sentences(e.document)
    k = view.sentence_number(e.document, e.start)
    if not k:
        return False
    ps, pe = sents[k - 1]
    text = e.document.text
    return (
        "\n\n" not in text[ps : e.start]
        and bool(cue("programs.length_told").search(text, ps, pe))
        and bool(re.search(r"\b(?:program|diet\w*|weight)\b", text[ps:pe], re.I))
    )


ENROLLED_BEFORE_DAYS = 31  # an enrolment told a month or more before the log's first visit


def _enrolled_earlier(
    view: CaseView, window_start: date, first_visit: date, last_visit: date
) -> list[tuple[float, Evidence, tuple | None]]:
    """An enrolment day (or month: "since August 2025") told well before the program's first
    logged visit ("Enrolled at
    Harrow Valley Medical Weight Management on 10/06/2025" in a PCP's note, against the
    program's own log opening "Visit 1 (initial enrollment) 04/13/2026"): the months it
    implies, to the last visit, are a claim to set beside the log's."""
    out = []
    for evs in view.sentences_matching(cue("programs.enrolled_on")):
        if cue("programs.not_supervised_enrolment").search(evs.quote):
            continue  # "in the WW program since August 2025 on her own": no supervised program
        starts = [
            dm.value
            for dm in view.dates_in(evs.document, evs.start, evs.end)
            if dm.precision in ("day", "month") and window_start <= dm.value
        ]
        if starts and starts[0] < first_visit - timedelta(days=ENROLLED_BEFORE_DAYS):
            out.append((round((last_visit - starts[0]).days / DAYS_PER_MONTH, 1), evs, None))
    return out


UNSUPERVISED_SIGNS = 2  # distinct signs of no medical supervision that disqualify a document


def _single_weight_visit(view: CaseView, visit_notes: set[str], window_start: date, ctx: Context):
    """The one dietitian visit note in the window that weighs the patient and counsels toward
    weight loss ("Weight: 204 pounds ... 2,300 calories since he is interested in losing
    weight"), or None.  Why: a single visit is part of a supervised program told without a
    second dated point; it addresses the criterion, so 0 countable months (not_met), never met."""
    for d in view.documents:
        if (
            d.id in visit_notes
            and d.date is not None
            and window_start <= d.date <= ctx.request_date
            and not _unsupervised(d)
            and cue("programs.weight_value").search(d.text)
            and cue("programs.weight_loss_aim").search(d.text)
        ):
            return d
    return None


def _single_visit_quotes(view: CaseView, d) -> list[Evidence]:  # noqa: ANN001 - a Document
    """What a reviewer reads for a single visit: its weight and its weight-loss counselling."""
    return view.sentences_matching(cue("programs.weight_loss_aim"), [d]) + view.sentences_matching(
        cue("programs.weight_value"), [d]
    )


def _unsupervised(d) -> bool:
    """An app's or an employer coach's record, which says itself it is not medically
    supervised ("participant-reported" weights, "No clinic weigh-ins", a wellness coach) and
    names no supervising clinician: its sessions are not a supervised program's visits."""
    found = {m.group(0).lower() for m in cue("programs.unsupervised_program").finditer(d.text)}
    return len(found) >= UNSUPERVISED_SIGNS and not cue("programs.supervised_program").search(
        d.text
    )


PAUSE_DAYS = 92  # more than three months between visits: the program stopped and began again
PAUSE_SIDE = 3  # logged visits on each side of it: a log, not a letter's first and last dates


LONG_GAP_DAYS = 183  # half a year with no visit told: two courses, however few dates each has


def _long_gaps(visit_dates: list[date]) -> list[tuple[date, date]]:
    """The stretches of more than :data:`LONG_GAP_DAYS` between consecutive visits, whatever
    records tell them: an eight-month program that ended in 05/2024 and a pre-operative diet
    begun in 03/2026 are two courses, not twenty-two months of one (dev29bs-03: 22.5 months
    counted from the old program's last visit in the window to the new one's last).  A
    missed visit or two is a pause of :func:`_pauses`, read only in a visit log; half a year
    without any visit is no program's rhythm, whoever tells the dates -- where one side of the gap
    holds two visits or more: a bare first and last visit ("04/02 ... 12/10") leave the visits
    between untold, as :func:`_pauses` reads them."""
    days = sorted(set(visit_dates))
    return [
        (a, b)
        for i, (a, b) in enumerate(zip(days, days[1:], strict=False))
        if (b - a).days > LONG_GAP_DAYS and (i + 1 >= 2 or len(days) - i - 1 >= 2)
    ]


def _pauses(visit_dates: list[date]) -> list[tuple[date, date]]:
    """The stretches between consecutive visits longer than ``PAUSE_DAYS``: a program paused
    for a pregnancy (visits 11/2024-01/2025, then a re-enrolment 04/2026-07/2026) ran for its
    two stretches of visits, not for the twenty months from the first to the last.  A missed
    monthly visit or two (a gap of 56 or 63 days) is still one program.  Only a visit log's
    rows, three or more on each side, show a pause: a letter's or an export's few dates
    ("encounters 08/2025, 09/2025, 01/2026, 03/2026") leave the visits between untold."""
    days = sorted(set(visit_dates))
    return [
        (a, b)
        for i, (a, b) in enumerate(zip(days, days[1:], strict=False))
        if (b - a).days > PAUSE_DAYS and i + 1 >= PAUSE_SIDE and len(days) - i - 1 >= PAUSE_SIDE
    ]


def _first_last_weights(view: CaseView, first_last: list[Evidence]) -> list[Evidence]:
    """The weight recorded at the first and last visits (often the line after the visit heading)."""
    weights: list[Evidence] = []
    for e in first_last:
        if len(weights) >= 4:
            break
        sents = view.sentences(e.document)
        idx = view.sentence_number(e.document, e.start)
        if idx is not None:
            weights += [
                sentence_evidence(e.document, a, b)
                for a, b in sents[idx : idx + 4]
                if cue("programs.weight_value").search(e.document.text, a, b)
            ][:1]
    return weights
