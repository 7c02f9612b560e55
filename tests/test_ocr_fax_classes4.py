"""Classes of OCR damage found on the ninth fax copy of the dev cases (/tmp/scanned_dev9,
sample I) and on sample F, each fixed as a class, not as one phrasing.  Every text is
invented for the test."""

from __future__ import annotations

import pytest

from casebrief.extract.ocr import assemble
from casebrief.extract.ocr_fixes import repair_text, repair_word


def _words(*rows: list[str]) -> list[list]:
    out = []
    for i, row in enumerate(rows):
        x = 10.0
        for w in row:
            out.append([w, x, 10.0 + 14 * i, x + 6 * len(w), 20.0 + 14 * i, 0.8])
            x += 6 * len(w) + 6
    return out


# ------------------------------------------------------------------ a month and its year


@pytest.mark.parametrize("word", ["06/2024", "01/2026", "07/2024,", "0612024", "1112019"])
def test_a_month_and_year_opening_a_row_is_not_made_a_day(word) -> None:
    """dev11bh-02's fax: a weight history's "06/2024 .. 259 lb" was made 06/20/24, and the
    letter's weight list counted as program visits from 2024 (met, where the text is
    not_met)."""
    assert repair_word(word, row_start=True) == word


@pytest.mark.parametrize(
    ("word", "repaired"),
    [("1171025", "11/10/25"), ("12/1525", "12/15/25"), ("3l142026", "3/14/2026")],
)
def test_a_log_date_with_its_slashes_misread_is_still_repaired(word, repaired) -> None:
    assert repair_word(word, row_start=True) == repaired


def test_a_weight_history_keeps_its_months() -> None:
    text = assemble(_words(["06/2024", "..", "259", "lb"], ["01/2026", "..", "257", "lb"])).text
    assert text.splitlines() == ["06/2024 .. 259 lb", "01/2026 .. 257 lb"]


# ------------------------------------------------------------------ a date's slash as a period


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        ("01/14.2026 253.2   47.5", "01/14/2026 253.2   47.5"),
        ("seen 1.14/2026 for", "seen 1/14/2026 for"),
        ("visit 3/4.2025.", "visit 3/4/2025."),
    ],
)
def test_a_dates_slash_read_as_a_period_is_a_slash(line, repaired) -> None:
    """dev12pc-06's fax: the visit log's "01/14.2026" row was no date at all."""
    assert repair_text(line) == repaired


@pytest.mark.parametrize("line", ["01.14.2026", "v 3.14/2025.5", "12/31.19999", "April 2.2026"])
def test_other_periods_beside_dates_are_left(line) -> None:
    assert repair_text(line) == line
