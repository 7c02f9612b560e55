"""Device adherence read from download tables (PDF, via :mod:`casebrief.extract.tables`, or
grids typed in a text record, read by :func:`text_tables`).

Three layouts cover the downloads we have seen: a period table with a "% nights >= 4 h"
(or "Days >= 4 h" and "Days") column, a key/value grid ("Days >= 4 hours | 26 days | 87%"),
and a nightly log with a Y/N ">= 4 h" column, from which the best consecutive 30-day window
is counted.  Each value is quoted from the document text where its row can be found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from casebrief.documents import Document
from casebrief.facts.evidence import Evidence, sentence_evidence
from casebrief.facts.mentions import CaseView
from casebrief.lexicon import cue
from casebrief.nlp.dates import find_dates

PCT = re.compile(r"(\d{1,3}(?:\.\d)?)\s*%")
INT = re.compile(r"^\s*(\d{1,3})\b")


def plausible_share(percent: float) -> bool:
    """A share of nights can be 0-100%; more is a misreading ("600%" for 60.0% on a fax, a
    day count taken from such a cell), never a figure."""
    return 0 <= percent <= 100


_COUNT_BEFORE = re.compile(r"(\d{1,2})\s*(?:of|/)\s*(30|31)\s*[|+(\[:;,-]*\s*$")
COUNT_SLACK = 2.0  # percentage points a printed percent may differ from its count by rounding


def checked_share(before: str, value: float) -> float:
    """A percent printed right after its own count ("19 of 30 | 63.3%") must agree with it; when
    it does not -- OCR misread a digit of one ("19 of 30  + 83.3%") -- the lower share holds, so
    a misreading never makes a patient adherent.  ``before``: the text of the line before the
    percent (its own digits may end it)."""
    pm = re.search(r"\d{1,3}(?:\.\d)?\s*%?\s*$", before)
    head = before[: pm.start()] if pm else before
    c = _COUNT_BEFORE.search(head)
    if c is None or int(c.group(1)) > int(c.group(2)):
        return value
    return _lower_if_apart(value, round(100 * int(c.group(1)) / int(c.group(2)), 1))


def _lower_if_apart(value: float, share: float) -> float:
    """A printed percent against the share its own count gives: the percent, unless the two
    are more than rounding apart, then the lower (a misreading never makes a patient
    adherent)."""
    return min(value, share) if abs(share - value) > COUNT_SLACK else value


def _cell_share(view: CaseView, d: Document, row: tuple[str, ...], j: int, pm) -> AdherenceValue:
    """The share a table's cell ``row[j]`` prints (``pm``, its percent), checked against the
    count printed just before it (:func:`checked_share`)."""
    before = "   ".join(row[:j]) + "   " + row[j][: pm.start()]
    value = checked_share(before, float(pm.group(1)))
    return AdherenceValue(d, value, _locate(view, d, row, pm.group(0)), "table")


def _ge4(cell: str) -> bool:
    """A column (or row label) counting nights of at least 4 hours."""
    return bool(cue("sleep.ge4_column").search(cell))


@dataclass(frozen=True)
class AdherenceValue:
    document: Document
    percent: float
    evidence: Evidence | None
    how: str


def _locate(view: CaseView, d: Document, row: tuple[str, ...], value_text: str) -> Evidence | None:
    """The line of the document text that holds this table row (first cell ... value)."""
    first = next((c for c in row if c), "")
    if not first:
        return None
    head = r"\s+".join(re.escape(w) for w in first.split()[:4])
    m = re.search(head + r"[\s\S]{0,160}?" + re.escape(value_text), d.text)
    if not m:
        return None
    s, e = view.sentence_of(d, m.start())
    return sentence_evidence(d, s, max(e, m.end()), m.span())


def _period_days(cell: str) -> int | None:
    ds = find_dates(cell)
    if len(ds) >= 2:
        return (ds[-1].value - ds[0].value).days + 1
    m = cue("sleep.day_range").search(cell)  # "Days 91-99"
    if m:
        return int(m.group(2)) - int(m.group(1)) + 1
    m = cue("sleep.period_days").search(cell)
    return int(m.group(1)) if m else None


def _row_period_days(row: tuple[str, ...]) -> int | None:
    """The length of the period a row covers, from its first cell, else from the dates in any
    of its cells ("Days 91-99 | 12/31-01/08 | 9 | ...")."""
    if not row:
        return None
    first = _period_days(row[0])
    if first is not None:
        return first
    ds = find_dates(" ".join(row[1:3]))
    return (ds[-1].value - ds[0].value).days + 1 if len(ds) >= 2 else None


_N_OF_M = re.compile(r"^\s*(\d{1,2})\s*(?:of|/)\s*(\d{1,2})\s*$")


def _from_header_table(view: CaseView, d: Document, rows) -> list[AdherenceValue]:
    out = []
    for h, header in enumerate(rows[:3]):
        ge4 = [j for j, c in enumerate(header) if _ge4(c)]
        if not ge4:
            continue
        if h and len(header) < len(rows[h - 1]):
            header = _two_line_header(rows[h - 1], header)
            ge4 = [j for j, c in enumerate(header) if _ge4(c)]
        pct_cols = [j for j in ge4 if "%" in header[j]]
        count_col = next((j for j in ge4 if "%" not in header[j]), None) if pct_cols else None
        days_col = next(
            (j for j, c in enumerate(header) if cue("sleep.days_column").fullmatch(c.strip())), None
        )
        for row in rows[h + 1 :]:
            if len(row) == len(header) + 1 and (
                row[1].startswith("(") or len(header[0].split()) == 2
            ):
                # "Days 1-30  (02/17-03/18)  30  25 of 30  83%": the period's dates, set apart
                # from its day numbers, are one cell with them; so are a row's two first cells
                # under a heading that names both one space apart ("Block Dates" over "1" and
                # "05/04/2026-06/02/2026": dev34cx-05, every row left unread)
                row = (f"{row[0]} {row[1]}", *row[2:])
            if len(row) != len(header):
                continue
            period = _row_period_days(row)
            if period is not None and not 28 <= period <= 31 and "30" not in row[0]:
                continue  # adherence is judged on a consecutive 30-day period
            for j in pct_cols or ge4:
                cell = row[j]
                pm = PCT.search(cell)
                nm = _N_OF_M.match(cell)
                if pm and plausible_share(float(pm.group(1))):
                    share = _cell_share(view, d, row, j, pm)
                    out.append(_checked_by_count(share, row, count_col, period, d))
                elif nm and 28 <= int(nm.group(2)) <= 31:  # "25 of 30": a period's own share
                    # (a week's "5/7" is no 30-day period)
                    n, total = int(nm.group(1)), int(nm.group(2))
                    out.append(
                        AdherenceValue(
                            d, round(100 * n / total, 1), _locate(view, d, row, cell), "table"
                        )
                    )
                elif days_col is not None and INT.match(cell) and INT.match(row[days_col]):
                    n, total = int(INT.match(cell).group(1)), int(INT.match(row[days_col]).group(1))
                    if 0 < total <= 31:
                        out.append(
                            AdherenceValue(
                                d, round(100 * n / total, 1), _locate(view, d, row, cell), "table"
                            )
                        )
    return out


def _checked_by_count(
    value: AdherenceValue, row: tuple[str, ...], count_col: int | None, period: int | None, d
) -> AdherenceValue:
    """A table's percent of nights at 4 hours checked against the same row's count of those
    nights over the period's days ("Days 1-30 | 17 | 87%": OCR read 57% as 87%, summ-08's fax
    copy in sample P, and a patient short of 70% read as adherent).  When they disagree the
    lower share holds, as for a count printed beside its percent (:func:`checked_share`), so
    a misreading never makes a patient adherent.  A period without its year ("03/09-04/07")
    is dated by the record."""
    if count_col is None or (m := INT.match(row[count_col])) is None:
        return value
    if period is None:
        ds = find_dates(" ".join(row[:2]), d.date, dmy=d.day_first)
        period = (ds[-1].value - ds[0].value).days + 1 if len(ds) >= 2 else None
    if period is None or not 28 <= period <= 31 or int(m.group(1)) > period:
        return value
    percent = _lower_if_apart(value.percent, round(100 * int(m.group(1)) / period, 1))
    if percent == value.percent:
        return value
    return AdherenceValue(value.document, percent, value.evidence, value.how)


def _two_line_header(upper: tuple[str, ...], lower: tuple[str, ...]) -> tuple[str, ...]:
    """A header written over two lines ("Period  Days  Days  Days  % days  Avg usage" over
    "used  >= 4 h  >= 4 h  (days used)"): the lower line's cells finish the last columns' names
    (a typed grid's first columns -- the period -- have no second line)."""
    offset = len(upper) - len(lower)
    return tuple(
        f"{cell} {lower[j - offset]}" if j >= offset else cell for j, cell in enumerate(upper)
    )


def _nightly(header, rows, ge4) -> dict[date, bool]:
    """A night-by-night log's (date -> used >= 4 h) entries."""
    date_cols = [j for j, c in enumerate(header) if c.strip().lower() == "date"]
    nights: dict[date, bool] = {}
    for row in rows:
        for dc in date_cols:
            # each date column is followed by its own ">= 4 h" column (logs are often printed in two
            # halves)
            yn = next((j for j in ge4 if j > dc), None)
            if yn is None or yn >= len(row) or dc >= len(row):
                continue
            ds = find_dates(row[dc])
            if ds and row[yn].strip().upper()[:1] in {"Y", "N"}:
                nights[ds[0].value] = row[yn].strip().upper().startswith("Y")
    return nights


def _best_window(
    view: CaseView, d: Document, nights: dict[date, bool], header
) -> list[AdherenceValue]:
    """The best window of 30 consecutive nights within the first 90."""
    if len(nights) < 28:
        return []
    first = min(nights)
    best = max(
        sum(nights.get(first + timedelta(days=k + i), False) for i in range(30)) for k in range(61)
    )
    ge4 = [c for c in header if _ge4(c)]
    ev = _locate(view, d, header, ge4[0]) if ge4 else None
    return [
        AdherenceValue(d, round(100 * best / 30, 1), ev, f"nightly log: best 30 nights {best}/30")
    ]


def _from_key_value(view: CaseView, d: Document, rows) -> list[AdherenceValue]:
    out = []
    for row in rows:
        if row and _ge4(row[0]):
            for k, cell in enumerate(row[1:], start=1):
                pm = PCT.search(cell)
                if pm and plausible_share(float(pm.group(1))):
                    out.append(_cell_share(view, d, row, k, pm))
                    break
    return out


_CELL_GAP = re.compile(r"\s{2,}|\t|\s*\|\s*")  # runs of spaces, tabs, or a pasted table's pipes


def text_tables(text: str) -> list[list[tuple[str, ...]]]:
    """Blocks of consecutive lines that read as table rows in plain text (three or more cells
    set apart by runs of spaces or pipes): a typed download's "30-DAY BREAKDOWN" grid, a
    markdown table pasted from an EHR."""
    blocks: list[list[tuple[str, ...]]] = []
    current: list[tuple[str, ...]] = []
    for line in text.splitlines():
        cells = tuple(c for c in _CELL_GAP.split(line.strip()) if c)
        if len(cells) >= 3:
            current.append(cells)
            continue
        if len(current) >= 2:
            blocks.append(current)
        current = []
    if len(current) >= 2:
        blocks.append(current)
    return blocks


def table_adherence(view: CaseView) -> list[AdherenceValue]:
    out: list[AdherenceValue] = []
    for d in view.documents:
        if not getattr(d.record, "tables", None):  # a text record: its typed grids
            for rows in text_tables(d.text):
                out.extend(_from_header_table(view, d, rows))
            continue
        first, last = d.pages
        nights: dict[date, bool] = {}
        header: tuple[str, ...] | None = None
        for t in getattr(d.record, "tables", []) or []:
            if not first <= t.page <= last:
                continue
            rows = t.rows
            if any(_ge4(c) for c in rows[0]):
                header = rows[0]
            elif header is not None and len(rows[0]) == len(header):
                rows = (header, *rows)  # a table continued on the next page repeats no header
            out.extend(_from_header_table(view, d, rows))
            out.extend(_from_key_value(view, d, rows))
            if header is not None and rows[0] == header:
                nights.update(
                    _nightly(header, rows[1:], [j for j, c in enumerate(header) if _ge4(c)])
                )
        if header is not None:
            out.extend(_best_window(view, d, nights, header))
    return [v for v in out if plausible_share(v.percent)]
