"""Quotes widened to the whole lines they touch (facts.evidence.whole_lines): the clause a
reviewer needs beside the one a rule found, without pulling in a wrapped paragraph."""

from __future__ import annotations

from types import SimpleNamespace

from casebrief.facts.evidence import WHOLE_LINES_MAX, Evidence, whole_lines


def _doc(text: str) -> SimpleNamespace:
    return SimpleNamespace(id="d1", text=text)


def _quote(doc, phrase: str) -> Evidence:
    start = doc.text.index(phrase)
    return Evidence(doc, start, start + len(phrase))


def test_a_sentence_is_widened_to_its_line() -> None:
    doc = _doc("S: Worse over last 2 weeks. R leg pain 7/10\nO: SLR + R at 40 deg\n")
    (ev,) = whole_lines([_quote(doc, "Worse over last 2 weeks.")])
    assert ev.quote == "S: Worse over last 2 weeks. R leg pain 7/10"


def test_two_sentences_of_one_line_become_one_quote() -> None:
    doc = _doc("Exam deferred - telephone visit. No vitals obtained.\n")
    out = whole_lines(
        [_quote(doc, "Exam deferred - telephone visit."), _quote(doc, "No vitals obtained.")]
    )
    assert [e.quote for e in out] == ["Exam deferred - telephone visit. No vitals obtained."]


def test_a_long_line_keeps_the_sentence() -> None:
    long_line = "He reports the pain is worse. " + "It radiates to the calf at night. " * 8
    assert len(long_line) > WHOLE_LINES_MAX
    doc = _doc(long_line + "\n")
    (ev,) = whole_lines([_quote(doc, "He reports the pain is worse.")])
    assert ev.quote == "He reports the pain is worse."


def test_a_quote_across_a_wrapped_line_takes_both_lines_when_short() -> None:
    doc = _doc("Plan: start naproxen 500 mg\n  BID with food x 4 wks\nRTC 6 wks\n")
    (ev,) = whole_lines([_quote(doc, "naproxen 500 mg\n  BID with food")])
    assert ev.quote == "Plan: start naproxen 500 mg\n  BID with food x 4 wks"
