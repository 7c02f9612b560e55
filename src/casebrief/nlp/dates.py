"""Dates, durations and frequencies in clinical text, resolved to calendar values.

Why regular expressions and not a learned tagger: date forms in packets are a closed,
enumerable set (03/04/2026, 3/4/26, 2026-03-04, March 4, 2026, 4-Mar-2026, 03/2026,
"mid-January", "3 weeks ago") and every one must resolve to a calendar date for window
arithmetic.  The forms are data (``resources/lexicons/cues/dates.yaml``, with the word
tables of ``words.yaml``); this module tries them in order and resolves what they match,
relative forms against the document's date.  Nothing here raises on odd text: an
impossible date ("2/29" in a common year, "13/45") is simply not a date.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from casebrief.lexicon import cue, words

# The date forms in the order they are tried: an earlier form's match wins over a later one
# it overlaps ("March 4, 2026" is one date, not "March 4" and a bare year).
DATE_FORMS = (
    "ord_of_month",
    "month_ord",
    "iso",
    "mdy",
    "mdy_joined_year",
    "month_d_y",
    "d_month_y",
    "month_y",
    "m_y",
    "mid_month",
    "bare_month",
    "season",
    "month_d",
    "d_month",
    "m_d",
    "ago",
    "year",
)
PLAUSIBLE_YEARS = (1950, 2100)
LONG_STANDING_DAYS = 730  # "for years" is at least two years: longer than any window we count
MAX_DURATION_UNITS = 400  # "400 weeks" is a duration; "9000 days" is a typo or an identifier


@dataclass(frozen=True)
class DateMention:
    """A date found in text, with the span it covers and how precise it is."""

    start: int
    end: int
    value: date
    precision: str  # "day" | "month" | "year"
    form: str


@dataclass(frozen=True)
class DurationMention:
    start: int
    end: int
    days: float
    text: str
    vague: bool = False  # "for years", "long-standing": surely long, no number to report


def safe_date(y: int, m: int, d: int) -> date | None:
    """``date(y, m, d)``, or None when no such day exists."""
    try:
        return date(y, m, d)
    except (ValueError, OverflowError):
        return None


def latest_not_after(day: date, on: date) -> date | None:
    """``day``'s month and day in ``on``'s year, or the year before when that falls after
    ``on``; None when no such day exists (29 February).  Where a date whose year OCR misread
    is put back (a document dated years ahead, a set-up after its own report)."""
    same_year = safe_date(on.year, day.month, day.day)
    if same_year is not None and same_year <= on:
        return same_year
    return safe_date(on.year - 1, day.month, day.day)


def shift(day: date, days: float) -> date | None:
    """``day`` moved by ``days`` whole days (a fraction is dropped, toward ``day``), or None
    outside the calendar's range."""
    try:
        return day + timedelta(days=days) if days >= 0 else day - timedelta(days=-days)
    except OverflowError:
        return None


def number_value(s: str) -> float:
    """A number written in digits or words ("6", "six", "a few"); 0.0 when it is neither."""
    s = s.strip()
    worded = words().number(s)
    if worded is not None:
        return worded
    try:
        return float(s)
    except ValueError:
        return 0.0


def unit_days(unit: str) -> float:
    """Days in one time unit ("weeks" -> 7)."""
    return float(words().units.get(unit.lower(), 1.0))


# a two-digit year more than this many years after today's is of the last century: no record
# is dated ten years ahead, but a birth date is ("11/19/71" read as 2071 outdated every date of
# a note whose DOB label OCR misread, and the visit's own date was thrown out as a birth date:
# rural-08's fax copy, sample P)
TWO_DIGIT_YEAR_AHEAD = 10


def _year(y: str) -> int:
    yi = int(y)
    if yi >= 100:
        return yi
    pivot = date.today().year % 100 + TWO_DIGIT_YEAR_AHEAD
    return yi + (2000 if yi <= pivot else 1900)


def _month(g: dict) -> int:
    name = (
        (g.get("mon") or g.get("mon2") or g.get("mon3") or g.get("mon4") or g.get("mon5") or "")
        .lower()
        .rstrip(".")
    )
    return words().months[name]


def _latest_before(ref: date, month: int, day: int) -> date | None:
    """A month/day without a year: this year's, unless that is more than a month after ``ref``."""
    d = safe_date(ref.year, month, day)
    if d and d > ref + timedelta(days=31):
        d = safe_date(ref.year - 1, month, day)
    return d


_NUMERIC_DATE = re.compile(r"(?<![\d/.])(\d{1,2})([/.-])(\d{1,2})\2((?:19|20)\d\d|\d\d)(?![\d/])")


def day_first(text: str) -> bool:
    """Whether ``text`` writes its numeric dates day first ("29/09/2025", "16.09.2025"): one of
    its full dates can only be read day first and none only month first ("12/18/2025").

    Why: records from abroad (the UK, Canada, Australia, most of Europe) write day/month/year.
    Read month first, "06/10/2025" -- a Welsh sleep report's 6 October -- is 10 June, and
    "29/09/2025" is no date at all (dev20ab-04).  A record that mixes both orders, or whose
    every date reads either way, is read month first, as the US records we brief are written.
    A two-digit year counts only after a slash ("16.3.45" is no date to vote with)."""
    first = second = False
    for m in _NUMERIC_DATE.finditer(text):
        if len(m.group(4)) == 2 and m.group(2) != "/":
            continue
        a, b = int(m.group(1)), int(m.group(3))
        if 12 < a <= 31 and 1 <= b <= 12:
            first = True
        elif 12 < b <= 31 and 1 <= a <= 12:
            second = True
    return first and not second


def _resolve(form: str, g: dict, ref: date | None, dmy: bool = False) -> tuple[date | None, str]:
    t = words()
    if form in {"mdy", "mdy_joined_year"} and dmy:  # "29/09/2025" in a record written day first
        return safe_date(_year(g["y"]), int(g["d"]), int(g["m"])), "day"
    if form in {"iso", "mdy", "mdy_joined_year"}:
        return safe_date(_year(g["y"]), int(g["m"]), int(g["d"])), "day"
    if form in {"month_d_y", "d_month_y"}:  # d2/y2: "03-Sep-25", a two-digit year after hyphens
        day = int(g.get("d") or g["d2"])
        return safe_date(_year(g.get("y") or g["y2"]), _month(g), day), "day"
    if form == "m_y":
        return safe_date(_year(g["y"]), int(g["m"]), 15), "month"
    if form in {"month_y", "mid_month"}:
        day = t.month_parts.get(" ".join((g.get("q") or "").lower().split()), 15)
        if form == "month_y":
            return safe_date(_year(g["y"]), _month(g), day), "month"
        if ref is None:
            return None, "month"
        mon = _month(g)
        return safe_date(ref.year if mon <= ref.month else ref.year - 1, mon, day), "month"
    if form in {"month_d", "d_month", "m_d"}:
        if ref is None:
            return None, "day"
        if form == "m_d" and dmy:  # "Discharge (10/11)" in a record written day first
            return _latest_before(ref, int(g["d"]), int(g["m"])), "day"
        return _latest_before(
            ref, _month(g) if form in {"month_d", "d_month"} else int(g["m"]), int(g["d"])
        ), "day"
    if (
        form == "bare_month"
    ):  # "since September", "in March", "july and august": the most recent such month
        if ref is None:
            return None, "month"
        mon = _month(g)
        return safe_date(
            ref.year if mon <= ref.month else ref.year - 1, mon, 1 if g.get("mon") else 15
        ), "month"
    if (
        form == "season"
    ):  # "since last winter", "since the holidays", "since Halloween": its latest start
        if ref is None:
            return None, "month"
        season = " ".join(g["season"].lower().split())
        month, day = t.seasons[season]
        year = ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1
        if (
            (g.get("rel") or g.get("rel2") or "").lower() == "last"
            and year == ref.year
            and season != "winter"
        ):
            year -= 1
        yrel = " ".join((g.get("yrel") or "").lower().split())
        if g.get("y"):  # "in the fall of 2024"
            year = _year(g["y"])
        elif yrel:  # "in the spring of last year", "the summer of this year"
            year = ref.year if yrel == "this" else ref.year - 1
        return safe_date(year, month, day), "month"
    if form in {"ord_of_month", "month_ord"}:
        o = g["ord"].lower()
        day = t.ordinals.get(o) or int(re.sub(r"\D", "", o))
        if g.get("y"):
            return safe_date(_year(g["y"]), _month(g), day), "day"
        if ref is None:
            return None, "day"
        return _latest_before(ref, _month(g), day), "day"
    if form == "year":
        return safe_date(int(g["y"]), 7, 1), "year"
    if form == "ago":
        if ref is None:
            return None, "day"
        return shift(ref, -number_value(g["num"]) * unit_days(g["unit"])), "day"
    return None, "day"


def _plausible_month_day(text: str, m: re.Match[str]) -> bool:
    """'6/10' is a pain score and '4/5' a strength grade far more often than a date: a bare
    month/day counts only with a date cue before it or as one end of a range."""
    mo, d = int(m.group("m")), int(m.group("d"))
    before = text[max(0, m.start() - 12) : m.start()]
    after = text[m.end() : m.end() + 20]  # room for "- approx 04/24"
    if cue("dates.score_range_before").search(before):
        return False  # "5-6/10": a range of scores
    cued = bool(
        cue("dates.date_word_before").search(before) or cue("dates.range_end_after").match(after)
    )
    score_like = d == 10 or (mo <= 5 and d <= 5)
    if d == 10 and _pain_scale_line(text, m):
        return False  # "Pain (NPRS): current 6/10, best 4/10 ... (at eval: 6/10 current)"
    if score_like or cue("dates.score_context_after").match(after):
        if cue("dates.score_label_before").search(before):
            return False
        # "stopped on about 4/24 - heartburn": told approximately, and no score's shape
        return cued or (not score_like and bool(cue("dates.approximately_before").search(before)))
    return True


def _pain_scale_line(text: str, m: re.Match[str]) -> bool:
    """A line of pain scores: a pain scale named on it and another "N/10" beside this one
    ("Pain (NPRS): current 6/10, best 4/10, worst 8/10 (at eval: 6/10 current)") -- each
    "N/10" there is a score, even after a date word ("at eval: 6/10")."""
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    line = text[start : len(text) if end < 0 else end]
    if not _PAIN_SCALE.search(text[start : m.start()]):
        return False  # "PT eval 6/10, pain 4/10": the date comes before the scale is named
    return any(x.start() != m.start() - start for x in _OUT_OF_TEN.finditer(line))


_OUT_OF_TEN = re.compile(r"(?<![\d/])\d{1,2}/10(?![\d/])")
_PAIN_SCALE = re.compile(r"\b(?:pain|nprs|nrs|vas)\b", re.IGNORECASE)


class _Taken:
    """Character spans taken by earlier date forms (non-overlapping, kept sorted)."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []
        self.ends: list[int] = []

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_right(self.ends, s)  # the first taken span ending after s
        return i < len(self.spans) and self.spans[i][0] < e

    def extend(self, spans: list[tuple[int, int]]) -> None:
        """Add one form's spans (they overlap neither each other nor the spans already taken)."""
        if spans:
            self.spans = sorted(self.spans + spans)
            self.ends = [e for _, e in self.spans]


# A word a form cannot match without: "3 weeks ago" needs "ago", "since last winter" a
# season or holiday.  Searching for the word is fast; the form's own scan tries its number
# words (or its lookbehinds) at every position of the text.
@lru_cache(maxsize=1)
def _needs() -> dict[str, re.Pattern[str]]:
    return {
        "ago": re.compile(r"ago\b", re.IGNORECASE),
        "season": re.compile("|".join(map(re.escape, words().seasons)), re.IGNORECASE),
    }


def find_dates(text: str, ref: date | None = None, dmy: bool | None = None) -> list[DateMention]:
    """All dates in ``text`` (non-overlapping, earliest form wins), resolved against ``ref``.
    ``dmy``: whether numeric dates are written day first; None tells it from ``text`` itself
    (:func:`day_first`) -- a caller reading one line of a record passes the record's."""
    if dmy is None:
        dmy = day_first(text)
    found: list[DateMention] = []
    taken = _Taken()
    # "x 3/12", "5/7 hx": a length in the Commonwealth shorthand, not the 12th of March
    taken.extend([(s, e) for s, e, _ in fraction_lengths(text)])
    lo, hi = PLAUSIBLE_YEARS
    for form in DATE_FORMS:
        needs = _needs().get(form)
        if needs is not None and not needs.search(text):
            continue  # the form cannot match: skip its slow scan
        new: list[tuple[int, int]] = []
        for m in cue(f"dates.form_{form}").finditer(text):  # one form's matches never overlap
            s, e = m.span()
            if form == "month_y" and not m.group("q"):
                # "July-Aug 2025": the dash before "Aug" joins a range, it is no part of the date
                s = m.start("mon")
            if taken.overlaps(s, e):
                continue
            if form == "m_d" and not _plausible_month_day(text, m):
                continue
            value, precision = _resolve(form, m.groupdict(), ref, dmy)
            if value is None or not lo <= value.year <= hi:
                continue
            found.append(DateMention(s, e, value, precision, form))
            new.append((s, e))
        taken.extend(new)
    found.sort(key=lambda d: d.start)
    found = _month_range_starts(text, found)
    found = _month_range_ends(text, found)
    found = _range_start_years(text, found)
    # the end of a range written without a year follows its start ("12/15 - 1/20")
    for i in range(1, len(found)):
        a, b = found[i - 1], found[i]
        if (
            b.form in {"m_d", "month_d", "d_month", "ord_of_month", "month_ord"}
            and b.value < a.value
            and cue("common.range_joiner").fullmatch(text, a.end, b.start)
        ):
            later = safe_date(b.value.year + 1, b.value.month, b.value.day)
            if later is not None:  # "2/29" a year on may not exist
                found[i] = DateMention(b.start, b.end, later, b.precision, b.form)
    return found


YEARLESS_DAY_FORMS = frozenset({"m_d", "month_d", "d_month", "ord_of_month", "month_ord"})
YEARED_DAY_FORMS = frozenset({"iso", "mdy", "mdy_joined_year", "month_d_y", "d_month_y"})


def _range_start_years(text: str, found: list[DateMention]) -> list[DateMention]:
    """ "ED/CDU 6/1-6/2/25", "Dec 28 - Jan 4, 2026": the start of a range written without a
    year takes its year from the end that names one (the year before, where the same day in
    that year would fall after the end).

    Why: read alone, "6/1" is the latest June 1 before the note (or within a month after it),
    so a stay of June 2025 in a note of May 2026 began on 1 June 2026 -- after its own end and
    after the note -- and a sentence about last year's care read as dated this year."""
    joiner = cue("common.range_joiner")
    out = list(found)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if (
            a.form not in YEARLESS_DAY_FORMS
            or b.form not in YEARED_DAY_FORMS
            or not joiner.fullmatch(text, a.end, b.start)
        ):
            continue
        start = safe_date(b.value.year, a.value.month, a.value.day)
        if start is not None and start > b.value:
            start = safe_date(b.value.year - 1, a.value.month, a.value.day)
        if start is not None and start != a.value:
            out[i] = DateMention(a.start, a.end, start, a.precision, a.form)
    return out


_MONTH_BEFORE = re.compile(r"(?<![\d/.-])([01]?\d)\s*[-–]\s*$")


def _month_range_starts(text: str, found: list[DateMention]) -> list[DateMention]:
    """ "PT 03-04/2025": the month before a month-and-year's hyphen starts a range in the same
    year -- added as its own month-precision date, so the range reads March to April."""
    out: list[DateMention] = []
    for d in found:
        if d.form == "m_y":
            m = _MONTH_BEFORE.search(text, max(0, d.start - 6), d.start)
            if m and 1 <= int(m.group(1)) < d.value.month:
                start = safe_date(d.value.year, int(m.group(1)), 1)
                if start is not None:
                    out.append(DateMention(m.start(1), m.end(1), start, "month", "m_y"))
        out.append(d)
    return out


MONTH_RANGE_STARTS = frozenset({"bare_month", "mid_month"})  # a month named without its year


def _month_range_ends(text: str, found: list[DateMention]) -> list[DateMention]:
    """ "in March-April", "(about 6 weeks, Sept-Oct)": the month after a month's dash ends a
    range (cue ``dates.month_range_end``) -- added as its own month-precision date, in the
    start's year or, where it is an earlier month ("Nov-Jan"), the year after.

    Why: a month read alone needs a word that makes it a date ("since", "in", "to"); after a
    dash it had none, so "two weeks of ibuprofen in March-April" was dated March only and a
    course told "(about 6 weeks, Sept-Oct)" not at all -- its length was then counted back from
    the note's date, months after the course.  A range whose end names its year ("Mar-Jun
    2025") takes the start's year from it: read alone, "Mar" is the latest March before the
    note, which may follow June 2025."""
    if not found:
        return found
    joined = cue("dates.month_range_end")
    out: list[DateMention] = []
    starts = [d.start for d in found]
    for i, d in enumerate(found):
        nxt = found[i + 1] if i + 1 < len(found) else None
        if d.form in MONTH_RANGE_STARTS and nxt is not None and nxt.form == "month_y":
            gap = text[d.end : nxt.start]
            if re.fullmatch(r"\.?[ \t]*[-–—][ \t]*", gap) and d.value > nxt.value:
                year = nxt.value.year if d.value.month <= nxt.value.month else nxt.value.year - 1
                moved = safe_date(year, d.value.month, d.value.day)
                if moved is not None:
                    d = DateMention(d.start, d.end, moved, d.precision, d.form)
        out.append(d)
        if d.form not in MONTH_RANGE_STARTS:
            continue
        m = joined.match(text, d.end)
        if m is None or (nxt is not None and nxt.start < m.end()):
            continue
        month = words().months.get(m.group("mon").lower().rstrip("."))
        if month is None:
            continue
        year = d.value.year if month >= d.value.month else d.value.year + 1
        end = safe_date(year, month, 15)
        if end is not None and m.start("mon") not in starts:
            out.append(DateMention(m.start("mon"), m.end("mon"), end, "month", "bare_month"))
    return out


def parse_full_date(value: str) -> date | None:
    """A whole string that is one full calendar date (YYYY-MM-DD, or MM/DD/YYYY); else None.

    For dates a person or system typed into a field (case.json, --request-date): "2026" or
    "March" or "2026-02-30" is not a date there, whatever ``find_dates`` would make of it."""
    ds = find_dates(value.strip(), dmy=False)
    if (
        len(ds) == 1
        and ds[0].precision == "day"
        and ds[0].form in {"iso", "mdy"}
        and ds[0].end - ds[0].start == len(value.strip())
    ):
        return ds[0].value
    return None


FRACTION_UNITS = {"52": "weeks", "12": "months", "7": "days"}  # "2/52", "3/12", "5/7"


def fraction_lengths(text: str) -> list[tuple[int, int, float]]:
    """(start, end, days) of the lengths ``text`` writes in the Commonwealth shorthand ("naproxen
    500 mg bd 2/52", "Celecoxib x 3/12": cue ``dates.duration_fraction``).

    Why: records from the UK, Ireland, Australia, India or Nigeria give a course's length so,
    and nowhere else; read as nothing, a fortnight of naproxen was no length at all, and read
    as a day, "x 3/12" was the 3rd of December and the three months' course ran on to the
    letter's date."""
    out = []
    for m in cue("dates.duration_fraction").finditer(text):
        num = m.group("num") or m.group("num2") or m.group("num3")
        den = m.group("den") or m.group("den2") or m.group("den3")
        n = int(num)
        # no more than the whole: "92/52" is a blood pressure, "14/12" no months of a year
        if 0 < n <= int(den):
            out.append((m.start(), m.end(), n * unit_days(FRACTION_UNITS[den])))
    return out


def find_durations(text: str) -> list[DurationMention]:
    out = [
        DurationMention(s, e, days, text[s:e])
        for s, e, days in fraction_lengths(text)
        if days <= MAX_DURATION_UNITS * 7
    ]
    fractions = [(d.start, d.end) for d in out]
    for m in cue("dates.duration").finditer(text):
        num = m.group("num") or m.group("num2")
        unit = m.group("unit") or m.group("unit2")
        n = number_value(num)
        if n <= 0 or n > MAX_DURATION_UNITS:
            continue
        if any(s < m.end() and m.start() < e for s, e in fractions):
            continue
        out.append(DurationMention(m.start(), m.end(), n * unit_days(unit), m.group(0)))
    taken = [(d.start, d.end) for d in out]
    for m in cue("dates.long_standing").finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            out.append(DurationMention(m.start(), m.end(), LONG_STANDING_DAYS, m.group(0), True))
    out.sort(key=lambda d: d.start)
    return out
