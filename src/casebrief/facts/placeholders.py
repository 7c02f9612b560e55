"""Dates a record itself says are no clinical dates: a chart conversion's placeholder.

Why: a health system that moves its records to a new chart fills every structured onset or
start date the old one lacked with the day of the conversion, and says so in a legend ("*
Start date shown is the conversion date (09/30/2025), not the actual start date").  Read as
a start, the placeholder made ibuprofen for headaches a 24-week course of conservative care
(dev17mg-02).  The legend names the day; that day, anywhere else in the same record, dates
nothing.
"""

from __future__ import annotations

from datetime import date

from casebrief.facts.mentions import CaseView
from casebrief.lexicon import cue


def placeholder_days(view: CaseView, document) -> frozenset[date]:  # noqa: ANN001 - Document
    """The days ``document``'s own legend calls a conversion's placeholder."""
    key = ("placeholder_days", document.id)
    if key not in view.cache:
        legend = cue("documents.placeholder_date_legend")
        original = cue("documents.original_service_date_label")
        text = document.text
        days: set[date] = set()
        for s, e in view.sentences(document):
            if legend.search(text, s, e):
                days.update(
                    x.value
                    for x in view.dates_in(document, s, e)
                    if x.precision == "day"
                    # "Encounter date = import date.  Original date of service: 06/23/2025": the
                    # record's own date of care, not the placeholder
                    and not original.search(text[max(s, x.start - 40) : x.start])
                )
        view.cache[key] = frozenset(days)
    return view.cache[key]
