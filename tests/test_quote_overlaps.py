"""Quotes that share characters of one record are folded into one quote of their union
(casebrief.evidence_model.ranking.merge_overlapping): in wrapped prose two sentences widened to
whole lines overlap, and two of five places held one passage.  Invented text."""

from __future__ import annotations

from types import SimpleNamespace

from casebrief.evidence_model.ranking import merge_overlapping
from casebrief.facts.evidence import MAX_QUOTE, Evidence

PARAGRAPH = (
    "Mr. Okafor is a 61-year-old bus driver referred for possible sleep apnea. His wife\n"
    "says his snoring shakes the bedroom wall. She has seen him stop breathing and\n"
    "gasp several nights a week. He dozes at red lights and after lunch.\n"
)


def _doc(text: str, doc_id: str = "d1") -> SimpleNamespace:
    return SimpleNamespace(id=doc_id, text=text)


def _lines(doc, first: int, last: int, assertion: str = "present") -> Evidence:
    lines = doc.text.split("\n")
    start = sum(len(x) + 1 for x in lines[:first])
    end = start + len("\n".join(lines[first : last + 1]))
    return Evidence(doc, start, end, assertion)


def test_overlapping_windows_of_one_paragraph_become_one_quote_at_the_first_place() -> None:
    doc = _doc(PARAGRAPH)
    other = _doc("Epworth Sleepiness Scale 15/24\n", "d2")
    items = [
        _lines(doc, 1, 2),
        Evidence(other, 0, 30),
        _lines(doc, 0, 1),
    ]
    out, kept = merge_overlapping(items)
    assert kept == [0, 1]
    assert out[0].quote == PARAGRAPH.rstrip("\n")  # lines 1-2 and 0-1: the whole paragraph
    assert out[1].quote == "Epworth Sleepiness Scale 15/24"


def test_quotes_that_only_touch_or_come_from_other_records_stay_apart() -> None:
    doc = _doc(PARAGRAPH)
    copy = _doc(PARAGRAPH, "d9")  # the same words in another record: distinct_first's job
    items = [_lines(doc, 0, 0), _lines(doc, 1, 1), _lines(copy, 0, 1)]
    out, kept = merge_overlapping(items)
    assert kept == [0, 1, 2]
    assert [e.quote for e in out] == [e.quote for e in items]


def test_a_negated_quote_is_not_folded_into_a_present_one() -> None:
    doc = _doc("Denies fever, chills. Reports\nnight sweats for two weeks.\n")
    items = [_lines(doc, 0, 1), Evidence(doc, 0, 20, "negated")]
    out, kept = merge_overlapping(items)
    assert kept == [0, 1]


def test_a_union_longer_than_a_quote_may_be_is_not_made() -> None:
    long_text = ("word " * 60 + "\n") * 3
    doc = _doc(long_text)
    first = Evidence(doc, 0, 200)
    second = Evidence(doc, 150, 150 + MAX_QUOTE)
    out, kept = merge_overlapping([first, second])
    assert kept == [0, 1]
    assert out == [first, second]
