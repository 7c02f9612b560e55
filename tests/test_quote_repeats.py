"""A brief shows five quotes per criterion; a quote that repeats an earlier one moves behind the
distinct ones (casebrief.evidence_model.ranking.distinct_first).  Invented text."""

from __future__ import annotations

from casebrief.evidence_model.ranking import distinct_first


def test_a_quote_inside_an_earlier_one_moves_behind_the_distinct_ones() -> None:
    quotes = [
        "Naproxen 500 mg twice daily - stopped 09/29/2025 (dyspepsia)",
        "Naproxen 500 mg twice daily - stopped 09/29/2025",
        "PT 6 visits 09/15-11/10/2025, leg pain unchanged",
    ]
    assert distinct_first(quotes) == [0, 2, 1]


def test_a_copied_forward_line_with_one_word_changed_is_a_repeat() -> None:
    quotes = [
        "Left leg pain persists, 6/10 by the end of the work day despite meloxicam daily",
        "Straight leg raise positive on the left at 45 degrees",
        "Left leg pain persists, 7/10 by the end of the work day despite meloxicam daily",
    ]
    assert distinct_first(quotes) == [0, 1, 2]
    assert distinct_first([quotes[0], quotes[2], quotes[1]]) == [0, 2, 1]


def test_short_quotes_and_different_sentences_keep_their_order() -> None:
    quotes = ["10/11/2025", "Visits: 12 of 12 attended", "10/11/2025 PT discharge", "ESS 14/24"]
    assert distinct_first(quotes) == [0, 1, 2, 3]
