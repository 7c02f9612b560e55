"""Classes of OCR damage found on a fax copy of every dev bariatric case made with a new seed
(sample O: 78 cases, seed 47), each fixed as a class, not as one phrasing.  Every text is
invented for the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ocr_fax_classes4 import _rows_case
from test_packet_batch9 import criterion

from casebrief.extract.ocr import assemble
from casebrief.extract.ocr_fixes import repair_text, repair_word
from casebrief.extract.ocr_spelling import correct_word
from casebrief.lexicon import cue
from casebrief.nlp.sentences import sentence_starts

# ------------------------------------------------------------------ one glyph of a word misread


@pytest.mark.parametrize(
    ("word", "confidence", "repaired"),
    [
        ("Relerral", 0.46, "Referral"),  # f read as l
        ("c¢leared", 0.56, "cleared"),  # a cent sign between two letters
        ("Al¢ohol", 0.6, "Alcohol"),  # a cent sign for a c
        ("Pxychological", 0.37, "Psychological"),  # a long word, any one letter, poorly read
        ("coearance", 0.4, "clearance"),
    ],
)
def test_a_word_misread_by_one_glyph_is_repaired(word, confidence, repaired) -> None:
    assert correct_word(word, confidence) == repaired


@pytest.mark.parametrize(
    ("word", "confidence"),
    [
        ("Pxychological", 0.7),  # read surely enough: only the confusions table's misreadings
        ("Xyzzyplugh", 0.2),  # one letter from no target
        ("c¢leared", 0.95),  # read surely
        ("Hypertension", 0.3),  # a word already
    ],
)
def test_other_words_are_left(word, confidence) -> None:
    assert correct_word(word, confidence) == word


# ------------------------------------------------------------------ "!" for a colon, semicolon or l


@pytest.mark.parametrize(
    ("word", "row_start", "repaired"),
    [
        ("now!", False, "now;"),
        ("Assessment!", True, "Assessment:"),
        ("Bilatera!", False, "Bilateral"),
        ("(medica!", False, "(medical"),
    ],
)
def test_an_unsure_exclamation_mark_is_a_colon_semicolon_or_letter(word, row_start, repaired):
    """tele-06's fax: "request now; RD eval to be forwarded" read "now! RD eval no pe
    forwarded": the sentence was cut at the "!" and a pending dietitian visit read as done."""
    assert correct_word(word, 0.65, row_start=row_start) == repaired


def test_a_sure_exclamation_mark_is_left() -> None:
    assert correct_word("Thanks!", 0.96) == "Thanks!"


# ------------------------------------------------------------------ a speck at a row's end


def _prose_rows(last_word: list) -> list[list]:
    rows = [
        "Can you send the paperwork to the insurance now and then send the dietitian",
        "note after? I'm on the cancellation list but nobody has called.",
        "Thank you so much for all the help with this.",
    ]
    words, y = [], 100.0
    for text in rows:
        x = 50.0
        for w in text.split():
            words.append([w, x, y, x + 5.0 * len(w), y + 9, 0.95])
            x += 5.0 * len(w) + 3.0
        y += 12
    words.append(last_word)
    return words


def test_a_speck_at_a_rows_end_does_not_make_the_row_a_table_row() -> None:
    """dev5ac-04's fax: a speck read as ":" (0.02) far right of "called." made the row a
    table row, the line before was cut from "note after?", and a pending visit read as done."""
    end_of_second_row = 50.0 + sum(
        5.0 * len(w) + 3.0 for w in "note after? I'm on the cancellation list but".split()
    )
    speck = [":", end_of_second_row + 120, 112.0, end_of_second_row + 122, 121.0, 0.02]
    text = assemble(_prose_rows(speck)).text
    assert "   :" not in text
    assert text.index("note after?") not in sentence_starts(text)


def test_a_surely_read_mark_at_a_rows_end_is_kept() -> None:
    mark = ["--", 520.0, 112.0, 530.0, 121.0, 0.9]
    assert "--" in assemble(_prose_rows(mark)).text


# ------------------------------------------------------------------ a log's date cell


@pytest.mark.parametrize(
    ("word", "repaired"),
    [
        ("1171222024", "11/12/2024"),  # slashes read as 7 and 2
        ("(5719/2026", "05/19/2026"),  # a zero read as a bracket, a slash as 7
        ("107/09/2025", "07/09/2025"),  # the table's rule read as a 1 before the cell
        ("[017272026", "01/27/2026"),  # ... as a bracket, a slash read as 7, one lost
        ("012172025", "01/21/2025"),  # the first slash lost, the second read as 7
        ("OT/0R2025", "07/08/2025"),  # capitals read for digits (tele-05's fax)
        ("OR0S2025", "08/05/2025"),
    ],
)
def test_a_log_rows_damaged_date_cell_is_read(word, repaired) -> None:
    assert repair_word(word, row_start=True) == repaired
    assert repair_word(word) == word  # only a row's first cell on a page of dated rows


@pytest.mark.parametrize(
    "word", ["5551234567", "2024-11-12", "10/20/2025", "[X]", "0612024", "DOS", "TOTAL", "SOB"]
)
def test_other_row_starts_are_left(word) -> None:
    assert repair_word(word, row_start=True) == word


def _table(rows: list[list[str]]) -> list[list]:
    words, y = [], 100.0
    for cells in rows:
        x = 50.0
        for cell in cells:
            words.append([cell, x, y, x + 5.0 * len(cell), y + 9, 0.9])
            x += 5.0 * len(cell) + 20.0
        y += 12
    return words


def test_a_numbered_logs_date_cell_is_repaired_after_its_number() -> None:
    """dict-04's fax: a visit table numbered 1-8 read "iN   107/09/2025" and
    "8   102/24/2026"; the repairs looked only at a row's first word."""
    rows = [
        ["iN", "107/09/2025", "290.6", "intake"],
        ["4", "10/08/2025", "284.8", "walking"],
        ["8", "102/24/2026", "279.4", "completed"],
    ]
    text = assemble(_table(rows)).text
    assert "07/09/2025" in text and "107/09" not in text
    assert "02/24/2026" in text and "102/24" not in text


# ------------------------------------------------------------------ a log row is a line


def test_a_period_inside_a_log_row_does_not_cut_its_date_from_its_weight(tmp_path: Path):
    """dev4hp-02's and spine-08's fax copies: a speck or an initial read as a period inside a
    log's first row ("07/15/2025 . 248.0 lb", "2025-12-02 IL. Twa NP 144.8") ended a sentence
    there, the row lost its weight and the program read shorter than the letter's length."""
    rows = [
        "07/15/2025 . 248.0   intake, 1,500 kcal plan",
        "08/19/2025   246.2   food log reviewed",
        "09/16/2025   244.0   walking 20 min",
        "10/21/2025   243.1   portion control",
        "11/18/2025   241.7   holiday plan",
        "12/16/2025   240.2   labels",
        "01/20/2026   239.0   final visit",
    ]
    case = _rows_case(tmp_path, rows)
    c = criterion(case, "supervised-weight-loss-6mo")
    assert c.status == "met"
    assert c.value == pytest.approx(6.2, abs=0.1)


# ------------------------------------------------------------------ a claims row is no visit


@pytest.mark.parametrize(
    "line",
    [
        "09/15/2025 Cumberland Family Practice 99396 200.00 1 PAID",  # Z00.00 read as 200.00
        "03/10/2026 PHENTERMINE 37.5 MG TAB #30",
    ],
)
def test_a_code_or_a_dose_is_no_log_weight(line) -> None:
    assert cue("programs.log_row").match(line) is None


def test_a_log_rows_weight_is_read() -> None:
    assert cue("programs.log_row").match("03/10/2026   Visit 3   251.4 lb   walking")


# ------------------------------------------------------------------ words and heights misread


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        ("Pt does hot meet criteria for hypertension", "does not meet"),
        ("HSAT negative tor OSA", "negative for OSA"),
        ('Ht 6°1" Wt 250 lb', "Ht 6'1\""),
        ("Height: 5 t 6 in", "Height: 5ft 6 in"),
        ("she is & feet 6 inches tall", "5 feet 6 inches"),
    ],
)
def test_a_denial_or_a_height_misread_is_repaired(line, repaired) -> None:
    fixed = repair_text(line)
    assert repaired in fixed
    assert len(fixed) == len(line)


@pytest.mark.parametrize("line", ["skin is hot and red", "Temp 98°F", "Tor Hansen, PT"])
def test_like_lines_are_left(line) -> None:
    assert repair_text(line) == line


# ------------------------------------------------------------------ CPAP downloads (sample P)


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        ("Period 01/27-(4/26   76.7%", "01/27-04/26"),  # a leading zero read as a bracket
        ("1712-2710   26 of 30   87%", "1/12-2/10"),  # both slashes of a range read as 7
        ("used >= 4 hon 16 of 30 nights", "4h on 16"),  # the hours unit run into "on"
    ],
)
def test_a_downloads_misread_period_or_label_is_repaired(line, repaired) -> None:
    fixed = repair_text(line)
    assert repaired in fixed
    assert len(fixed) == len(line)


@pytest.mark.parametrize("line", ["call (4/26) re: refill", "dose 4 h on waking", "3 hours"])
def test_like_download_lines_are_left(line) -> None:
    assert repair_text(line) == line


def test_a_row_of_unsure_marks_is_no_row() -> None:
    """dev13sl-01's fax: a ")" read at 0.2 between the two lines of a download's header stood
    as a row and ended the table."""
    words = _table([["Period", "Days", "Nights", "%"], ["used", ">=4h", ">=4h", "nights"]])
    words.append([")", 200.0, 110.0, 203.0, 111.0, 0.2])  # between the two header lines
    words.append(["[", 50.0, 160.0, 53.0, 169.0, 0.4])  # a box's edge is kept
    text = assemble(words).text
    assert ")" not in text
    assert "[" in text


def test_a_tables_percent_yields_to_its_own_count(tmp_path: Path) -> None:
    """summ-08's fax: "17" nights of 30 at 4 hours, but its percent read 87% for 57%: the
    lower share holds, so a misreading never makes a patient adherent."""
    from casebrief.facts.adherence import AdherenceValue, _checked_by_count

    value = AdherenceValue(None, 87.0, None, "table")
    row = ("Days 1-30 (03/01/2026-03/30/2026)", "30", "17", "87%")
    assert _checked_by_count(value, row, 2, 30, None).percent == pytest.approx(56.7)
    agreeing = AdherenceValue(None, 56.7, None, "table")
    assert _checked_by_count(agreeing, row, 2, 30, None).percent == 56.7
    higher = ("Days 1-30", "30", "29", "87%")  # the count says more: the percent holds
    assert _checked_by_count(value, higher, 2, 30, None).percent == 87.0


@pytest.mark.parametrize(("word", "repaired"), [("AH!", "AHI"), ("BM!", "BMI")])
def test_an_index_labels_last_stroke_read_as_an_exclamation_mark_is_an_i(word, repaired):
    """dev12sp-03's fax: "AH!" was made "AH;" and the sleep study's AHI went unread."""
    assert correct_word(word, 0.6) == repaired


def test_events_per_hour_written_without_spaces_is_a_rate() -> None:
    """dev2fp-01's fax: its AHI's digits lost, the report's "mild ... events/hour" decided,
    but only an "events / hour" with spaces was read as a sleep test's rate."""
    assert cue("sleep.events_per_hour").search("Mild OSA, AHI [1.4 events/hour")
    assert cue("sleep.events_per_hour").search("11.4 events per hour")


def test_a_two_digit_year_far_ahead_is_of_the_last_century() -> None:
    """rural-08's fax: "DOB" misread, its "11/19/71" read as 2071 outdated every date of the
    note and the visit's own date was thrown out as a birth date."""
    from casebrief.nlp.dates import find_dates

    years = [d.value.year for d in find_dates("born 11/19/71, seen 03/04/26")]
    assert years == [1971, 2026]


# ------------------------------------------------------------------ a record cut where it is one


def test_a_page_whose_marks_go_on_from_the_page_before_continues_its_document() -> None:
    """dev12sp-02's fax: a quoted report's "Page 1 of 1" was read as the next page's own
    mark, and the record was cut where its text copy is one document."""
    from casebrief.documents.split import _continues

    before = "SLEEP CLINIC NOTE\nseen today ...\n(HSAT report, Page 1 of 1, attached)\nPage 1 of 2"
    page = "Page 1 of 1 of the enclosed download\nAssessment: ...\nPage 2 of 2"
    assert _continues(before, page)
    assert not _continues(before, "OFFICE VISIT\nPage 1 of 3")


def test_a_page_sent_twice_continues_its_document() -> None:
    from casebrief.documents.split import _repeats

    page = " ".join(f"word{i}" for i in range(40))
    again = page.replace("word7", "w0rd7").replace("word9", "wcrd9")  # read again by OCR
    assert _repeats(page, again)
    assert not _repeats(page, " ".join(f"other{i}" for i in range(40)))
    assert not _repeats("too few words here", "too few words here")
