"""Quotes that share characters of one record, or stand beside each other as one passage, are
folded into one quote of their union (casebrief.evidence_model.ranking.merge_overlapping): in
wrapped prose two sentences widened to whole lines overlap, a report's date line sits above its
impression, and two of five places held one passage.  Invented text."""

from __future__ import annotations

from dataclasses import replace
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


def test_quotes_from_other_records_stay_apart() -> None:
    doc = _doc(PARAGRAPH)
    copy = _doc(PARAGRAPH, "d9")  # the same words in another record: distinct_first's job
    items = [_lines(doc, 0, 0), _lines(copy, 1, 1)]
    out, kept = merge_overlapping(items)
    assert kept == [0, 1]
    assert [e.quote for e in out] == [e.quote for e in items]


REPORT = (
    "MRI LUMBAR SPINE WITHOUT CONTRAST\n"
    "EXAM DATE: 03/12/2024\n"
    "COMPARISON: None.\n"
    "IMPRESSION: L5-S1 disc extrusion contacting the left S1 root.\n"
    "\n"
    "Electronically signed 03/13/2024\n"
    "Dictated by: A. Reader, MD\n"
    "Transcribed: 03/13/2024\n"
    "Page 1 of 1\f"
    "ADDENDUM: no change.\n"
)


def test_neighbouring_lines_become_one_passage_at_the_higher_place() -> None:
    doc = _doc(REPORT)
    items = [_lines(doc, 3, 3), Evidence(_doc("other\n", "d2"), 0, 5), _lines(doc, 1, 1)]
    out, kept = merge_overlapping(items)
    assert kept == [0, 1]
    # the impression, and the date line one written line above it: one passage in first place
    assert out[0].quote == "EXAM DATE: 03/12/2024\nCOMPARISON: None.\nIMPRESSION: " + (
        "L5-S1 disc extrusion contacting the left S1 root."
    )
    adjacent, _ = merge_overlapping([_lines(doc, 0, 0), _lines(doc, 1, 1)])
    assert [e.quote for e in adjacent] == [
        "MRI LUMBAR SPINE WITHOUT CONTRAST\nEXAM DATE: 03/12/2024"
    ]


def test_a_blank_line_two_lines_between_or_a_page_break_keep_quotes_apart() -> None:
    doc = _doc(REPORT)
    across_blank = [_lines(doc, 3, 3), _lines(doc, 5, 5)]  # the section break after the impression
    two_between = [_lines(doc, 0, 0), _lines(doc, 3, 3)]
    lines = REPORT.split("\n")
    page_end = REPORT.index("Page 1 of 1")
    across_page = [
        Evidence(doc, page_end, page_end + len("Page 1 of 1")),
        Evidence(doc, REPORT.index("ADDENDUM"), REPORT.index("ADDENDUM") + 20),
    ]
    assert lines[4] == ""
    for items in (across_blank, two_between, across_page):
        out, kept = merge_overlapping(items)
        assert kept == [0, 1]
        assert out == items


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


def test_a_neighbouring_sentence_only_the_model_found_stays_its_own_quote() -> None:
    """A quote marked ``found_by="model"`` tells the reviewer no rule read it; folded into the
    rules' quote beside it, that would be lost."""
    doc = _doc(REPORT)
    rules = _lines(doc, 1, 1)
    found = replace(_lines(doc, 2, 2), found_by="model")
    out, kept = merge_overlapping([rules, found])
    assert kept == [0, 1]
    assert [e.found_by for e in out] == ["rules", "model"]
    both_rules, _ = merge_overlapping([rules, _lines(doc, 2, 2)])
    assert len(both_rules) == 1


def test_two_sentences_of_one_dictated_line_become_one_passage() -> None:
    line = (
        "He had a joint injection back in 03/2007. He walks with a cane. This has only "
        "provided him with temporary relief.\nNext paragraph.\n"
    )
    doc = _doc(line)
    first = Evidence(doc, 0, line.index(" He walks"))
    third = Evidence(doc, line.index("This has"), line.index("\n"))
    out, kept = merge_overlapping([third, first])
    assert kept == [0]
    assert out[0].quote == line.split("\n")[0]
