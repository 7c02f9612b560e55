"""Classes of OCR damage found on the ninth fax copy of the dev cases (/tmp/scanned_dev9,
sample I) and on sample F, each fixed as a class, not as one phrasing.  Every text is
invented for the test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_packet_batch9 import criterion, make_case

from casebrief.documents.split import page_marks
from casebrief.extract.ocr import assemble
from casebrief.extract.ocr_fixes import repair_text, repair_word
from casebrief.extract.ocr_spelling import correct_word
from casebrief.nlp.dates import find_dates
from casebrief.nlp.sentences import sentence_starts


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


# ------------------------------------------------------------------ a log's first row, wrapped


def _log_case(tmp_path: Path, first_mark: str) -> Path:
    log = (
        "COPPER STATE MEDICAL WEIGHT LOSS\nPhysician-supervised weight management program."
        "\n\nVISIT RECORD\nVisit Date   Wt (lb)  BP   Counseling / plan\n"
        f"{first_mark}   09/10/2025 261.6   146/92   1,800 kcal plan; food log:\n"
        "walk 15 min/d\n"
        "10/08/2025 258.8   142/88   protein goal 120 g\n"
        "11/12/2025 256.0   140/88   holiday plan\n"
        "12/10/2025 255.4   138/86   plateau - reviewed logs\n"
        "01/14/2026 253.2   140/86   resistance bands\n"
        "02/11/2026 250.9   136/84   meal timing\n"
        "03/25/2026 248.2   138/86   final visit\n"
    )
    docs = {
        "01_log.txt": {"date": "2026-04-02", "text": log},
        "02_pcp.txt": {
            "date": "2026-04-10",
            "text": "PRIMARY CARE NOTE\nHt 70 in Wt 248 lb BMI 41.2. T2DM on metformin.\n",
        },
    }
    return make_case(tmp_path, "bariatric-surgery", "2026-04-20", docs)


@pytest.mark.parametrize("first_mark", ["1", "I"])
def test_a_log_row_with_a_misread_number_and_wrapped_notes_is_a_visit(
    tmp_path: Path, first_mark: str
) -> None:
    """dev12pc-06's fax: the first visit's row "I   09/10/2025 261.6 ... food log" (its
    number read as "I") wrapped onto "walk 15 min/d", so no dated row stood beside it and the
    program ran from the second visit (5.5 months, where the text's is 6.4, met)."""
    c = criterion(_log_case(tmp_path, first_mark), "supervised-weight-loss-6mo")
    assert c.status == "met"
    assert "2025-09-10" in c.rationale


# ------------------------------------------------------------------ a page's "of" misread


@pytest.mark.parametrize(
    ("line", "marks"),
    [("Page 4 ot 4", (4, 4)), ("PAGE 2 0f 3", (2, 3)), ("page 3 o1 5.", (3, 5))],
)
def test_a_pages_numbering_with_its_of_misread_is_read(line, marks) -> None:
    """dev9ai-05's fax: the visit history's "Page 4 ot 4" went unread, so its last page
    became a note of its own, dated 03/24/2026 by the date wrapped onto its first line: a
    nutrition evaluation "now on the calendar for 03/24/2026" read as done on that day."""
    assert page_marks("Assessment/Plan:\n1. Obesity\n\n" + repair_text(line)) == marks


@pytest.mark.parametrize("line", ["Homepage 2 ot 3", "Page 4 ot 4a", "Page 4 of 4"])
def test_other_page_lines_are_left(line) -> None:
    assert repair_text(line) == line


# ------------------------------------------------------------------ a date wrapped alone


def test_a_sentences_closing_date_wrapped_onto_its_own_line_stays_in_it() -> None:
    """dev9ai-05's fax: "... the dietitian evaluation is now on the calendar for" /
    "03/24/2026." read as two sentences, the evaluation's date lost from its own."""
    text = (
        "- Patient reports the dietitian evaluation is now on the calendar for\n"
        "03/24/2026.\nVitals: Wt 231.2 lb (165 cm). BP 124/78.\n"
    )
    starts = sentence_starts(text)
    assert text.index("03/24") not in starts
    assert text.index("Vitals") in starts
    # a list item after a dangling word still starts its own line
    listed = "Plan for\n1. Labs today.\n"
    assert listed.index("1. Labs") in sentence_starts(listed)


# ------------------------------------------------------------------ a heading's short word


def test_a_short_capitals_word_misread_in_a_heading_is_repaired() -> None:
    """dev7os-05's fax: "HOMR SLEEP APNEA TEST REPORT" was no sleep study's title, so the
    sleep test's date went unread and a face-to-face visit after it met the criterion."""
    text = assemble(_words(["SLEEPPATI", "DIAGNOSTICS", "HOMR", "SLEEP", "APNEA", "TEST"])).text
    assert text == "SLEEPPATI DIAGNOSTICS HOME SLEEP APNEA TEST"


@pytest.mark.parametrize(
    "row",
    [
        ["Culture:", "MSSA", "positive"],  # not a heading: an acronym stays
        ["HOMR", "ID", "4471"],  # capitals, but not two known words
        ["MSSA", "ACHC"],
    ],
)
def test_a_short_capitals_word_elsewhere_is_an_acronym(row) -> None:
    assert assemble(_words(row)).text == " ".join(row)


# ------------------------------------------------------------------ a count read as a date


@pytest.mark.parametrize(
    "text", ["program COMPLETE: 6/6 visits.", "attended 5/6 sessions", "12/12 treatments done"]
)
def test_a_count_of_visits_is_not_a_day(text) -> None:
    """dev5ac-04's fax: with the visit log unread, "COMPLETE: 6/6 visits" read as 06/06/2025
    began the program (10.3 months, met; the text's log gives 5.1, not_met)."""
    assert find_dates(text, date(2026, 4, 15)) == []


def test_a_day_before_one_visit_is_still_a_day() -> None:
    assert [m.value for m in find_dates("the 7/8 appointment", date(2026, 4, 15))] == [
        date(2025, 7, 8)
    ]


# ------------------------------------------------------------------ q read as g


@pytest.mark.parametrize(
    ("word", "repaired"),
    [("reguest", "request"), ("Reguested", "Requested"), ("guestionnaire", "questionnaire")],
)
def test_a_q_read_as_g_is_repaired(word, repaired) -> None:
    """dev8ep-04's fax: "We can send the reguest to your insurance now and add the RD note
    when it's done": the pending request unread, the RD note read as done (met; the text's
    is missing)."""
    assert correct_word(word, 0.8) == repaired


@pytest.mark.parametrize("word", ["guest", "guard", "gauge", "Gus"])
def test_words_with_a_g_are_left(word) -> None:
    assert correct_word(word, 0.8) == word


# ------------------------------------------------------------------ a log's rows, misread


def _rows_case(tmp_path: Path, rows: list[str], header: str = "") -> Path:
    log = (
        header + "MEDICAL WEIGHT MANAGEMENT PROGRAM\nPhysician-supervised weight management."
        "\n\nVISIT LOG\nDate   Wt (lb)   BMI   Counseling\n" + "\n".join(rows) + "\n"
    )
    docs = {
        "01_log.txt": {"date": "2026-03-02", "text": log},
        "02_pcp.txt": {
            "date": "2026-03-10",
            "text": "PRIMARY CARE NOTE\nHt 70 in Wt 279 lb BMI 40.1. T2DM on metformin.\n",
        },
    }
    return make_case(tmp_path, "bariatric-surgery", "2026-03-20", docs)


_MIDDLE = [
    "10/08/2025   284.8   46.0   walking 25 min",
    "11/12/2025   284.0   45.9   holiday planning",
    "12/10/2025   283.0   45.7   reviewed labels",
    "01/14/2026   281.2   45.4   resistance bands",
]


@pytest.mark.parametrize(
    ("first", "last"),
    [
        # dict-04: the first visits' weights read as four digits
        ("07/09/2025   1290.6   1469   intake", "02/24/2026   279.4   45.1   completed"),
        ("07/09/2025   2906   intake", "02/24/2026   279.4   45.1   completed"),
        # spine-08: the last row's date read with the table's edge glued to it
        ("07/09/2025   290.6   46.9   intake", "[02/24/2026   279.4   [45.1   completed"),
        ("07/09/2025   290.6   46.9   intake", "|02/24/2026   279.4   45.1   completed"),
    ],
)
def test_a_log_row_misread_at_its_edges_is_a_visit(tmp_path: Path, first, last) -> None:
    c = criterion(_rows_case(tmp_path, [first, *_MIDDLE, last]), "supervised-weight-loss-6mo")
    assert c.status == "met"
    assert "2025-07-09" in c.rationale and "2026-02-24" in c.rationale


def test_a_four_digit_number_is_no_weight_outside_a_log_or_beside_a_unit(tmp_path: Path) -> None:
    """A phone number in a fax's header line and a dose are not a row's weight."""
    rows = [
        "07/09/2025   1400 kcal plan started",
        *_MIDDLE,
        "02/24/2026 09:31 FROM: CLINIC 555-061-3309",
    ]
    c = criterion(_rows_case(tmp_path, rows), "supervised-weight-loss-6mo")
    assert c.status == "not_met"
    assert "2025-10-08" in c.rationale and "2026-01-14" in c.rationale


@pytest.mark.parametrize(
    ("word", "repaired"),
    [("07082025", "07/08/2025"), ("11122025", "11/12/2025"), ("01132026.", "01/13/2026.")],
)
def test_a_row_date_with_both_slashes_lost_is_repaired(word, repaired) -> None:
    """tele-05's fax: the group log's first visit "07082025" was no date."""
    assert repair_word(word, row_start=True) == repaired
    assert repair_word(word) == word  # elsewhere on a line: an account number, say


@pytest.mark.parametrize("word", ["13082025", "07322025", "0708202"])
def test_eight_digits_that_are_no_date_are_left(word) -> None:
    assert repair_word(word, row_start=True) == word


# ------------------------------------------------------------------ credentials' commas


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        # dev6sp-04's fax: the checklist's "sched 03/10/26" left the dietitian's sentence
        ("sched 3/10/26 w/ K. MefMh. RD. LD", "sched 3/10/26 w/ K. MefMh, RD, LD"),
        ("w/ K. Marsh. RD. LD", "w/ K. Marsh, RD, LD"),
        ("seen by Dr. Lee, MD. FACS on 3/1", "seen by Dr. Lee, MD, FACS on 3/1"),
    ],
)
def test_a_comma_between_credentials_read_as_a_period_is_a_comma(line, repaired) -> None:
    assert repair_text(line) == repaired


@pytest.mark.parametrize(
    "line", ["He saw MD. PT to follow", "Plan: RD. Labs today", "K. Marsh. LD"]
)
def test_other_periods_after_credentials_are_left(line) -> None:
    assert repair_text(line) == line
