"""Document type, title and date of service, from rules in document_types.yaml.

Why rules: packet documents announce themselves in their first lines (letterhead, title,
"Date of Service:"), and the cues are few and stable; a learned classifier would need a
labelled corpus we do not have yet.  Scores are transparent and easy to extend as data.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from casebrief.lexicon import cue
from casebrief.nlp.dates import day_first, find_dates
from casebrief.regex_prefix import with_prefix
from casebrief.resources import load_yaml

_HEADS_FIELD = re.compile(r"(?:^|\|)\s*$")  # nothing but a field separator before the label


@lru_cache(maxsize=1)
def _rules() -> dict[str, dict[str, list[re.Pattern[str]]]]:
    spec = load_yaml("lexicons/document_types.yaml")
    return {
        t: {k: [with_prefix(p, re.I | re.M) for p in v.get(k, [])] for k in ("title", "body")}
        for t, v in spec.items()
    }


_SENTENCE_WORDS = re.compile(
    r"\b(?:he|she|they|we|his|her|can|will|should|was|were|is|are|has|have|had)\b", re.I
)  # a subject or a verb: narrative, not a heading
# A line that opens with a personal subject and its verb ("I performed a left sacroiliac joint
# injection under fluoroscopy on", "She had a transforaminal epidural in 2024 and") is prose
# wrapped onto a line of its own, whatever it ends with: the procedure it names is history told
# in a consult, not the title of a procedure note (dev19dm-04).
_NARRATIVE_START = re.compile(r"(?:I|We|He|She|They)\s+[a-z]{2,}")
# a copy's print or release stamp: "Printed 06/29/2026 for: ...", "Released to: ... for ..."
_PRINT_STAMP = re.compile(
    r"(?:printed|print\s+date|reprinted|released|copied|generated|exported)\b[^:\n]{0,40}"
    r"\b(?:for|to)\s*:",
    re.I,
)
# A transcribed note often opens with a label that says what it is, its value on the same line
# ("PROCEDURE: , Right L5-S1 intralaminar epidural steroid injection with 120 mg ..."): the line
# is too long to look like a title, but the label's value is one.
_NAMING_LABEL = re.compile(
    r"^\s*(?:procedures?(?:\s+performed)?|operations?(?:\s+performed)?|name\s+of\s+(?:the\s+)?"
    r"(?:procedure|operation)|title\s+of\s+(?:the\s+)?(?:procedure|operation))\s*:[\s,]*",
    re.I,
)
# A clinician's note opened by its chief complaint or its history ("CC: ,Bilateral lower
# extremity numbness." / "HX: ..." / "EXAM: ..." / "MRI L-SPINE: Normal."): a neurology case
# summary's study line below is a section of the visit, not the title of an imaging report
# (its exam was read as a radiology report's, so the visit documented no exam).
_VISIT_OPENING = re.compile(
    r"^\s*(?:CC|chief complaints?|HPI|history of (?:the )?present illness)\s*:", re.I
)
TITLE_VALUE_CHARS = 80  # how much of the label's value is read as the title
NAMING_LABEL_LINES = 1  # only as the note's opening: a "Procedure:" line lower down (a follow-up
# call's "Procedure: LEFT L5-S1 TFESI") names what the document is about, not what it is
# a heading's right-aligned date or page: "Date: 05/13/2026", "Page 1/2", "2026-06-29"
# (bracketed or not, with a time zone: a portal export's "[Printed 04/27/2026 09:31]",
# "Run: 05/18/2026 14:27:10 EDT", "04/20/2026 4:02 PM CT")
_CAMEL_START = re.compile(r"\W*[a-z]+[A-Z]")  # a brand's "eAuth Provider Portal", "iCare": a name
_RIGHT_FIELD = re.compile(
    r"\[?(?:(?:date|dos|page|printed|run(?: date)?|rcvd|received|generated|exported)\b.{0,40}"
    r"|[\d/.:-]{6,}(?:\s+[\d:]+)?(?:\s*[ap]m)?(?:\s+[a-z]{2,4})?)\]?",
    re.I,
)
HEAD_CHARS = 1500  # a document says what it is near its top, not in its last lines


def head_lines(text: str, n: int = 14) -> list[str]:
    """The first ``n`` non-empty lines within the document's first :data:`HEAD_CHARS`
    characters (a short transcribed note may have only a dozen lines in all)."""
    return [ln for ln in text[:HEAD_CHARS].splitlines() if ln.strip()][:n]


_SENTENCE_ENDS = (".", "!", "?", ":", ";")


def narrative_lines(text: str, n: int = 14) -> list[bool]:
    """For each of :func:`head_lines` ``(text, n)``: whether the line is part of a sentence of
    narrative wrapped at the margin.  A piece of a sentence can be short enough to look like a
    heading and name a test: an office visit's "... She had an MRI L-spine 08/21/2025" /
    "(Fairhaven Diagnostic Imaging) which showed an L4-5 broad-based disc bulge" (dev19ap-01:
    the visit typed as an imaging report, its neurological exam read as no exam), a follow-up's
    "S: f/u mild OSA (PSG 11/6/25, AHI 12.4) on APAP since 12/8/25 - today is" / "day 120 of
    therapy" (soap-12: typed as a sleep study), a cover's "enclosed: sleep consult 10/21/25," /
    "RT phone note 1/22/26" (read as a record under the cover).  A sentence is open on a line
    that says something (starts in lower case, or has a subject or a verb) and does not end
    it; the line directly below goes on with it, and so does the line that opens it when the
    next one goes on in lower case.  A blank line ends it; a line in capitals stays a heading."""
    lines: list[tuple[str, bool]] = []  # (line, after a blank line)
    blank = True
    for ln in text[:HEAD_CHARS].splitlines():
        if not ln.strip():
            blank = True
            continue
        lines.append((ln, blank))
        blank = False
        if len(lines) > n:  # one line more: the last one's continuation
            break
    flags: list[bool] = []
    open_sentence = False
    in_cell = False  # the line above is a table row's cell, or goes on with one
    for k, (ln, after_blank) in enumerate(lines[:n]):
        above = lines[k - 1][0] if k and not after_blank else None
        in_cell = (
            above is not None and not mostly_upper(ln) and _goes_on_in_cell(ln, above, in_cell)
        )
        if in_cell:
            flags.append(True)
            open_sentence = False
            continue
        goes_on = not ln.rstrip().endswith(_SENTENCE_ENDS)
        below = lines[k + 1] if k + 1 < len(lines) else None
        opens = (
            goes_on
            and below is not None
            and not below[1]
            and _starts_lower(below[0])
            and _says_something(ln)
        )
        narrative = not mostly_upper(ln) and (
            (open_sentence and not after_blank)
            or opens
            or (not title_like(ln) and _says_something(ln))
        )
        flags.append(narrative)
        open_sentence = narrative and goes_on
    return flags


CELL_INDENT = 12  # a line indented this deep may be a table cell's text wrapped below its row


def _goes_on_in_cell(line: str, above: str, above_in_cell: bool) -> bool:
    """``line`` is the wrapped text of the last cell of a table row: it is indented deep, to the
    column where a cell of the line directly above starts -- a row with cells before that
    column, or a line that itself goes on with one.  A case manager's log row "05/02/2026
    Transport   CabCo    Van booked 05/09 8:00 to Northgate" over "                 Diagnostic
    Imaging (CT L-spine)." tells a ride to the imaging centre: the wrapped words are the
    row's, not a heading that makes the log an imaging report (and its booked ride a study)."""
    indent = len(line) - len(line.lstrip(" "))
    if indent < CELL_INDENT or len(above) <= indent or not above[indent].strip():
        return False
    if above[indent - 1] != " ":
        return False  # the line starts inside a word of the line above, not at a cell
    before = above[:indent]
    if not before.strip():
        return above_in_cell  # under a wrapped cell: it goes on with the same cell
    return before.endswith("  ")  # a cell of the row starts at this column


def _starts_lower(line: str) -> bool:
    first = next((c for c in line.strip() if c.isalpha()), "")
    return first.islower()


def _says_something(line: str) -> bool:
    """A line of narrative: it starts in lower case or has a subject or a verb."""
    return _starts_lower(line) or bool(_SENTENCE_WORDS.search(line))


# a cover's list of what it sends ("Included with this fax:", "Enclosures:", "Attached:") and its
# items: each names a record in the packet, not this document (dev29cp-06: a supplier's request
# typed an office note by its "1. Sleep consult, 10/02/2025")
_ENCLOSURES = re.compile(
    r"^\s*(?:(?:documents?|records?|items?)\s+)?(?:included(?:\s+with\s+this\s+(?:fax|packet|request))?|"
    r"enclosed|enclosures?|attached|attachments?|contents)\s*:\s*$",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•]|[a-h][.)])\s+")
_DATED_ROW = re.compile(r"^\s*(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\b(?!\s*$)")
_DATED_RANGE_ROW = re.compile(
    r"^\s*(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\s*(?:-|–|—|\.\.|to|through|thru)\s*"
    r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\b",
    re.IGNORECASE,
)


def _row_lines(lines: list[str]) -> list[bool]:
    """Which of ``lines`` are a list's dated rows -- a chronology's entries or a claims export's
    rows: a line that opens with a range of dates, or any dated line where two or more lines
    open with a date.  A single line that opens with the record's own date heads it ("02/10/2026
    PHYSICAL THERAPY DISCHARGE SUMMARY", "12/05/2025  MRI LUMBAR SPINE WITHOUT CONTRAST"): a
    title (review of 768748b: skipped as a row, the discharge summary was no therapy note)."""
    dated = [bool(_DATED_ROW.match(ln)) for ln in lines]
    listed = sum(dated) >= 2
    return [
        d and (listed or bool(_DATED_RANGE_ROW.match(ln)))
        for d, ln in zip(dated, lines, strict=True)
    ]


def title_type(text: str) -> tuple[str | None, str | None]:
    """(type, title line) when a title pattern matches in the first lines of ``text``."""
    best: tuple[tuple[int, int], str, str] | None = None
    narrative = narrative_lines(text, 12)
    visit_opened = _visit_opened(text)
    listing = False
    rows = _row_lines(head_lines(text, 12))
    for i, raw in enumerate(head_lines(text, 12)):
        if narrative[i]:
            continue  # a sentence of narrative wrapped onto a short line is not a heading
        if _ENCLOSURES.search(raw):
            listing = True
            continue
        if listing and _LIST_ITEM.match(raw):
            continue  # "Included with this fax: / 1. Sleep consult, 10/02/2025": what is sent
        listing = False
        if rows[i]:
            continue  # a chronology's entry or a claims row ("05/13/2024-08/02/2024  Harlan
            # Chiropractic. ...", "2024-05-13..2024-08-02  HARLAN CHIROPRACTIC  98940"): an
            # item the record lists, not its title (dev29dx-02: an IME typed a therapy note)
        # "Office Note | 05/12/2026 | Name | DOB": each '|' field may be the heading
        line = (
            next((seg for seg in raw.split("|") if title_like(seg) and seg.strip()), None)
            if "|" in raw
            else raw
        )
        labelled = _NAMING_LABEL.match(raw) if i < NAMING_LABEL_LINES else None
        if labelled:  # "PROCEDURE: , Right L5-S1 interlaminar epidural steroid injection ..."
            line = raw[: labelled.end() + TITLE_VALUE_CHARS]
        elif line is None or not title_like(line):
            continue
        # "ST. BRENDAN HEALTH PARTNERS        BARIATRIC SURGERY PRIOR AUTHORIZATION": a
        # letterhead and a title side by side; each capitalised half is read on its own too
        halves = re.split(r"\s{3,}", line.strip())
        candidates = [line] + ([h for h in halves if mostly_upper(h)] if len(halves) == 2 else [])
        suffixes: list[str] = []
        if len(halves) == 1 and mostly_upper(line):
            # the same two read by OCR as one run ("ST. BRENDAN HEALTH PARTNERS BARIATRIC
            # SURGERY PRIOR AUTHORIZATION": a fax copy keeps no gap): each run of its last
            # words is read as a title too (dev8ep-04's fax typed its request form as other,
            # and the form's ticked boxes counted as the chart's conditions)
            words = line.split()
            suffixes = [" ".join(words[k:]) for k in range(1, len(words) - 1)]
            candidates += suffixes
        if "|" in raw:  # "CLINIC  |  Referral / Imaging Order  |  Printed ...": every field
            candidates += [seg for seg in raw.split("|") if seg.strip() and title_like(seg)]
        for cand in candidates:
            for t, rules in _rules().items():
                if t == "imaging_report" and visit_opened[i]:
                    continue  # a visit's own section for its study ("MRI L-SPINE: Normal.")
                for rx in rules["title"]:
                    m = rx.search(cand)
                    if m:
                        at = max(raw.find(cand.strip()), 0) + m.start()
                        key = (i, at)  # earliest line, then earliest on the line
                        if best is None or key < best[0]:
                            best = (key, t, line.strip() if cand in suffixes else cand.strip())
        if best is not None:
            break
    if best is not None and best[1] == "therapy_note" and best[0][0] <= 1:
        below = _physician_title_below(text, best[0][0])
        if below is not None:
            return "office_note", below
    return (best[1], best[2]) if best else (None, None)


def _visit_opened(text: str) -> list[bool]:
    """For each of :func:`head_lines` ``(text, 12)``: whether a visit's opening
    (:data:`_VISIT_OPENING`) is at or above it."""
    out, opened = [], False
    for ln in head_lines(text, 12):
        opened = opened or bool(_VISIT_OPENING.match(ln))
        out.append(opened)
    return out


def _physician_title_below(text: str, line_no: int) -> str | None:
    """A practice's letterhead that names a therapy ("RIVERBEND PHYSICAL MEDICINE &
    CHIROPRACTIC") above a physician's own note title ("PHYSICAL MEDICINE & REHABILITATION -
    CONSULTATION", "PM&R FOLLOW-UP"): the title under the letterhead says what the document is.
    On dev10ca-04 the physician's consult and follow-up were read as chiropractic notes, and
    their narrative dates as a chiropractic course.  Not when the lower title names a therapy
    itself ("PT FOLLOW-UP VISIT")."""
    for raw in head_lines(text, 12)[line_no + 1 : line_no + 3]:
        line = raw.strip()
        if not line or not title_like(line):
            continue
        if cue("documents.physician_note_title").search(line) and not cue(
            "documents.therapy_words"
        ).search(line):
            return line[:120]
    return None


def _upper_share(text: str) -> float:
    """The share of capitals among the letters of ``text`` (0 when it has none)."""
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def mostly_upper(text: str) -> bool:
    """At least six letters, four in five of them capitals: a heading's or a letterhead's."""
    return sum(c.isalpha() for c in text) >= 6 and _upper_share(text) >= 0.8


def title_like(line: str) -> bool:
    """A heading: short, or mostly capitals -- not a sentence of narrative that names a test."""
    stripped = line.strip()
    first = next((c for c in stripped if c.isalpha()), "")
    if first.islower() and not _CAMEL_START.match(stripped):
        return False  # "pt says he had a sleep study in 2017" is narrative, not a heading
    if _NARRATIVE_START.match(stripped):
        return False  # "I performed a ... injection under fluoroscopy on": a sentence, wrapped
    if _PRINT_STAMP.match(stripped):
        return False  # "Printed 06/29/2026 for: Northgate Home Medical (continued coverage
        # request)": why a copy was printed, not what the record is (dev31cf-05: a sleep
        # center's encounter printout typed a request form, its 90-day visit unread)
    upper = _upper_share(stripped)
    if upper < 0.6 and stripped.endswith(".") and _SENTENCE_WORDS.search(stripped):
        return False  # "2. He can continue with physical therapy." is a sentence, not a title
    # a heading with one right-aligned field ("... Authorization Request      Date: 05/13/2026")
    # is measured without it; a table row has several such gaps and stays a row
    parts = re.split(r"\s{3,}", stripped)
    head = (
        parts[0]
        if len(parts) == 2
        and not parts[0].endswith(":")
        and (_RIGHT_FIELD.fullmatch(parts[1]) or mostly_upper(parts[0]) or mostly_upper(parts[1]))
        else stripped
    )
    return len(head) <= 80 or upper >= 0.6


COVER_LINES = 12  # a cover sheet's own lines; a record's title below them heads the record
_RULE_LINE = re.compile(r"\s*[=_*-]{10,}\s*")
COVER_STEP = 8


def record_under_cover(text: str) -> tuple[str, str | None] | None:
    """The (type, title) of a record that a cover sheet heads in the same file: a release of
    information's "ROI COVER SHEET ... Records for dates of service 04/06/2026" above the
    radiology report it releases.  Typed as a cover, the whole file was left unread (a cover
    is not clinical), and with it the report's "Kellgren-Lawrence grade 2"."""
    lines = text.splitlines()
    # a cover that ends at a rule ("=====") hands over to the record on the next lines
    # (dev34cx-05: a device portal's usage export under a nine-line fax cover)
    first = next(
        (k + 1 for k in range(2, min(len(lines), COVER_LINES)) if _RULE_LINE.fullmatch(lines[k])),
        COVER_LINES,
    )
    starts = [first] + [i for i in range(COVER_LINES, len(lines), COVER_STEP) if i > first]
    for i in starts:
        inner, iline = title_type("\n".join(lines[i:]))
        if inner and inner != "fax_cover":
            return inner, (iline or "")[:120] or None
    return None


def classify(text: str) -> tuple[str, str | None]:
    """(type, title) of a document."""
    heads = [
        (ln, opened)
        for ln, narrative, opened, row in zip(
            head_lines(text, 12),
            narrative_lines(text, 12),
            _visit_opened(text),
            _row_lines(head_lines(text, 12)),
            strict=True,
        )
        if title_like(ln) and not narrative and not row
    ]
    head = "\n".join(ln for ln, _ in heads)
    # below a visit's opening, a study line is the visit's section (:data:`_VISIT_OPENING`)
    study_head = "\n".join(ln for ln, opened in heads if not opened)
    body = text[:2500]
    scores: dict[str, float] = {}
    title = None
    for t, rules in _rules().items():
        s = 0.0
        for rx in rules["title"]:
            if rx.search(study_head if t == "imaging_report" else head):
                s += 3.0
        for rx in rules["body"]:
            if rx.search(body):
                s += 1.0
        scores[t] = s
    ttype, tline = title_type(text)
    if ttype == "fax_cover":
        inner = record_under_cover(text)
        if inner is not None:
            return inner
    long_cover = ttype == "fax_cover" and len([ln for ln in text.splitlines() if ln.strip()]) > 60
    if ttype and not long_cover:  # a title in the first lines is the document saying what it is
        return ttype, tline[:120]
    if (
        long_cover
    ):  # a cover sheet is one page: a long "cover" is a letter or note with a fax banner
        scores["fax_cover"] = 0.0
        title = tline
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < 2.0:
        return "other", title
    if title is None:
        title = next((ln.strip() for ln in head_lines(text, 6) if len(ln.strip()) > 4), None)
    return best, title[:120] if title else None


def document_date(text: str) -> date | None:
    """Date of service: a labelled date near the top, else the first date that is not a DOB.
    Its lines are read in the order the record writes its dates (day first in a record from
    abroad: "Report date: 06/10/2025" under "Study night: 29/09/2025" is 6 October)."""
    head = text[:3000]
    dmy = day_first(text)
    top = "\n".join(head_lines(text, 4)).lower()
    discharge = bool(cue("documents.discharge_title").search(top))
    addendum = bool(cue("documents.addendum").search(top))
    labelled: list[tuple[int, int, date]] = []
    for n, line in enumerate(head.splitlines()[:60]):
        for m in cue("documents.date_label").finditer(line):
            label = m.group(0).lower().strip()
            if cue("common.birth_date").search(label):
                continue
            rest = line[m.end() : m.end() + 40]
            ds = find_dates(rest, dmy=dmy)
            if (
                ds
                and ds[0].start < 4
                and len(ds) > 1
                and cue("common.range_joiner").fullmatch(rest, ds[0].end, ds[1].start)
            ):
                ds = ds[1:2]  # "Dates of service: 2/9/26 - 3/20/26": the document closes the range
            elif ds and ds[0].start >= 4:
                ds = []
            if ds and ds[0].precision == "day":
                generic = bool(
                    cue("documents.generic_date_label").match(label.rstrip(":# ").strip())
                )
                if generic and (
                    cue("documents.not_a_service_date").search(line[: m.start()])
                    or not _HEADS_FIELD.search(line[: m.start()])
                ):
                    # "Surgery date: 7/21" is not the note's date; a bare "Date:" must head its
                    # field
                    continue
                rank = 1 if generic else 0
                if discharge and cue("documents.discharge_label").search(label):
                    rank = (
                        -1
                    )  # a discharge summary is dated by its discharge, not its start of care
                labelled.append((rank, n, ds[0].value))
    if addendum:  # an addendum is dated on its own line, else it is the latest date it labels
        for line in head.splitlines()[:60]:
            if cue("documents.addendum").search(line):
                ds = [d for d in find_dates(line, dmy=dmy) if d.precision == "day"]
                if ds:
                    return ds[0].value
        if labelled:
            return max(v for _, _, v in labelled)
    if labelled:
        return min(labelled)[2]
    found: list[date] = []
    for line in head.splitlines()[:40]:
        for d in find_dates(line, dmy=dmy):
            if d.precision != "day":
                continue
            # "5/19/2026  <patient name>  DOB 11/19/71": the DOB label disqualifies its own date
            # only
            if cue("documents.not_a_service_date").search(line[max(0, d.start - 14) : d.start]):
                continue
            if (
                cue("documents.fax_line").search(line)
                and line[: d.start].strip()
                and not cue("documents.date_label").search(line[: d.start])
            ):
                continue  # a fax/print line's date, unless the line starts with it
            found.append(d.value)
    return _not_a_birth_date(found)


def _not_a_birth_date(found: list[date]) -> date | None:
    """The first of the unlabelled dates near the top that is not a birth date.  A date 18
    years or more before another date near the top is a birth date whose "DOB" label is
    missing or was misread (an OCR'd header: "D0B", "DCB"): no note is dated by it.  (A
    lone unlabelled date cannot be told apart, and still dates the note.)"""
    latest = max(found, default=None)
    return next((v for v in found if (latest - v).days < 18 * 365), None)
