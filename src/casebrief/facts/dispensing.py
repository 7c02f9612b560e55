"""Dispensing records: a pharmacy's fill history, a PBM claims extract, a PDMP print.

Such a record is a table whose header names a fill-date column and a days-supply column
("FILL DATE  RX#  DRUG / STRENGTH  QTY  DS  ...", "Fill date | Drug / strength | Qty | Days
supply | ..."); each row below it is one dispensing: the day it was filled and the days of
supply it gave.  Rows are read by column position -- a printout's columns line up under their
header labels -- so a strength ("15 MG") or a quantity is never taken for the days' supply.
A row whose status says it was never dispensed (reversed, returned to stock, not picked up,
rejected, cancelled) is no fill.

Why (policies.md: ``needs_review`` when the packet contradicts itself): a note's "meloxicam
daily since June, still taking every day" against the same pharmacy's full dispensing history
showing one 30-day fill and no refill is two accounts of the same months (dev16pm-03,
dev12pc-01); the note's claim alone counted 45 weeks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from casebrief.documents import Document
from casebrief.facts.columns import COLUMN_SLACK, cell_under, lines_of, overlap
from casebrief.facts.evidence import Evidence, sentence_evidence
from casebrief.facts.mentions import CaseView
from casebrief.lexicon import cue
from casebrief.nlp.dates import find_dates

MAX_SUPPLY_DAYS = 365  # a days-supply cell above this is a misread (an Rx number, a price)
_INT = re.compile(r"(?<![\w./#$-])\d{1,3}(?![\w.%/])")  # a bare whole number: not "15 MG", "1/2"


@dataclass(frozen=True)
class Fill:
    """One dispensing: the row's document and line, the fill day and the days of supply."""

    document: Document
    start: int  # the row line's offsets in the document text
    end: int
    day: date
    days: int

    @property
    def line(self) -> str:
        return self.document.text[self.start : self.end]

    @property
    def runs_out(self) -> date:
        return self.day + timedelta(days=self.days)

    def names(self, drug: str) -> bool:
        """Whether the row dispenses ``drug`` (a name as a note wrote it, "meloxicam")."""
        return bool(drug) and re.search(rf"\b{re.escape(drug)}\b", self.line, re.I) is not None

    def evidence(self) -> Evidence:
        return sentence_evidence(self.document, self.start, self.end)


def _header(text: str, s: int, e: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The fill-date and days-supply columns (spans relative to the line) of a header line."""
    line = text[s:e]
    when = cue("therapy.fill_date_column").search(line)
    supply = cue("therapy.days_supply_column").search(line)
    if not when or not supply or overlap(when.span(), supply.span()) > 0:
        return None
    return when.span(), supply.span()


def document_fills(view: CaseView, d: Document) -> list[Fill]:
    """The dispensings a document's fill table records (none when it has no such table)."""
    key = ("dispensing_fills", d.id)
    if key in view.cache:
        return view.cache[key]
    text, out = d.text, []
    columns = None
    not_dispensed = cue("therapy.not_dispensed_row")
    for s, e in lines_of(text):
        found = _header(text, s, e)
        if found is not None:
            columns = found
            continue
        if columns is None or s == e:
            continue
        line = text[s:e]
        when_col, supply_col = columns
        dates = [
            dm
            for dm in find_dates(line, d.date, dmy=d.day_first)
            if dm.precision == "day"
            and overlap(
                (dm.start, dm.end), (when_col[0] - COLUMN_SLACK, when_col[1] + COLUMN_SLACK)
            )
            > 0
        ]
        supply = cell_under(line, supply_col, _INT)
        if not dates or supply is None or not_dispensed.search(line):
            continue
        days = int(supply.group(0))
        day = dates[0].value
        if not 0 < days <= MAX_SUPPLY_DAYS or (d.date is not None and day > d.date):
            continue
        out.append(Fill(d, s, e, day, days))
    view.cache[key] = out
    return out


def fills(view: CaseView) -> list[Fill]:
    """Every dispensing the packet's fill tables record."""
    return [f for d in view.documents for f in document_fills(view, d)]
