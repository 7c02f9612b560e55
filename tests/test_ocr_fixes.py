"""OCR letter/digit and checkbox repairs (casebrief.extract.ocr_fixes), and what they feed:
a document's head counted with OCR's white space, labels touching their numbers, a date with
its comma read as a period.

Why each: on the fax copy of dev cases these misreadings turned a plainly written weight,
ticked box or visit date into nothing (README, "OCR").  The repairs run on OCR'd words only;
a text layer is never changed (the last test)."""

from __future__ import annotations

from datetime import date

import pytest

from casebrief.extract.ocr import assemble
from casebrief.extract.ocr_fixes import repair_text, repair_word
from casebrief.nlp.dates import find_dates
from casebrief.nlp.measurements import find_measurements


@pytest.mark.parametrize(
    ("word", "repaired"),
    [
        ("2381b", "238lb"),  # "238 lb", its space lost and its l read as a one
        ("Wt2381b", "Wt238lb"),
        ("238Ib", "238lb"),
        ("238|bs", "238lbs"),
        ("1O0", "100"),
        ("10/2O/2025", "10/20/2025"),
        ("3O.5", "30.5"),
        ("12/0l/2025", "12/01/2025"),
        ("2l5", "215"),
        ("(X]", "[X]"),
        ("[X)", "[X]"),
        ("|X]", "[X]"),
        ("1X]", "[X]"),
        ("{x)", "[X]"),
        ("[XX]", "[X]"),
        ("[1", "[ ]"),
        ("[|", "[ ]"),
        ("{1", "[ ]"),
        ("|]", "[ ]"),
        ("[l]", "[ ]"),
        ("0672472025", "06/24/2025"),  # a date's slashes read as 7s
        ("1211112025.", "12/11/2025."),  # ... as 1s
        ("1072002025", "10/20/2025"),  # ... as a 7 and a 0
    ],
)
def test_misreadings_are_repaired(word, repaired):
    assert repair_word(word) == repaired


@pytest.mark.parametrize(
    "word",
    [
        "L5",
        "l5",
        "S1",
        "O2",
        "CO2",
        "x10",
        "[1]",
        "(x)",
        "(X)",
        "X",
        "[X-ray",
        "21b",
        "Ibs",
        "238lb",
    ],
)
def test_words_with_another_reading_are_left_alone(word):
    """A spinal level, a footnote "[1]", a radio button "(x)", a lone X: not repaired."""
    assert repair_word(word) == word


def test_a_date_with_its_slashes_read_as_colons_or_spaces():
    text = "Date: 08 12:2025  set-up (03:27,2025).  at 12:20 today, 08 12 2025"
    repaired = repair_text(text)
    assert repaired == "Date: 08/12/2025  set-up (03/27/2025).  at 12:20 today, 08 12 2025"
    assert len(repaired) == len(text)


def test_an_empty_box_split_over_two_words_keeps_every_box():
    text = "[X] Type 2 DM  ( ] Hypertension  [ ) HTN  { ) NAFLD  ( ) left alone"
    repaired = repair_text(text)
    assert repaired == "[X] Type 2 DM  [ ] Hypertension  [ ] HTN  [ ] NAFLD  ( ) left alone"
    assert len(repaired) == len(text)
    assert repair_text("Smoking | | Never") == "Smoking | | Never"  # a ruled table's empty cell


def test_assembly_repairs_words_and_keeps_a_box_per_character():
    words = [
        ["Wt", 10.0, 10.0, 22.0, 20.0, 0.9],
        ["2381b", 25.0, 10.0, 55.0, 20.0, 0.9],
        ["(", 10.0, 30.0, 14.0, 40.0, 0.9],
        ["]", 18.0, 30.0, 22.0, 40.0, 0.9],
        ["Hypertension", 28.0, 30.0, 90.0, 40.0, 0.9],
    ]
    page = assemble(words)
    assert page.text == "Wt 238lb\n[ ] Hypertension"
    assert len(page.boxes) == len(page.text)
    assert page.boxes[3][0] == 25.0 and page.boxes[7][2] == 55.0  # the word keeps its box


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Ht70 in Wt238lb BMI34.1 BP 142/84", "bmi", 34.1),
        ("AHI32.5 events/hr", "ahi", 32.5),
        ("ESS14 today", "epworth", 14.0),
    ],
)
def test_a_label_touching_its_number_is_read(text, kind, value):
    assert [m.value for m in find_measurements(text) if m.kind == kind] == [value]


def test_a_weight_repaired_from_ocr_gives_the_bmi():
    text = "Ht 70 in   " + repair_word("Wt2381b")
    bmi = [m for m in find_measurements(text) if m.kind == "bmi"]
    assert bmi and bmi[0].derived and round(bmi[0].value, 1) == 34.1


def test_a_month_day_year_with_a_period_for_its_comma():
    got = find_dates("Date: July 8. 2025   Provider: A. Varga, DO", date(2025, 7, 14))
    assert [d.value for d in got] == [date(2025, 7, 8)]


def test_a_text_layer_is_not_repaired(tmp_path):
    """The repairs belong to OCR: a PDF's own text keeps "2381b" as written."""
    from reportlab.pdfgen import canvas

    from casebrief.extract import load_record

    pdf = tmp_path / "typed.pdf"
    c = canvas.Canvas(str(pdf))
    c.drawString(72, 720, "Part number 2381b in stock ( ] as typed")
    c.save()
    record = load_record(pdf)
    assert "2381b" in record.text and "( ]" in record.text


@pytest.mark.parametrize(
    ("word", "repaired"),
    [
        ("Nc", "No"),
        ("nct", "not"),
        ("Denics", "Denies"),
        ("ncgative,", "negative,"),
        ("wecks", "weeks"),
        ("aboul", "about"),
        ("rnonths.", "months."),
        ("NOY", "NOT"),  # t read as y, in capitals (dev12pc-06's fax copy, sample O)
    ],
)
def test_words_that_matter_are_repaired(word, repaired):
    assert repair_word(word) == repaired


@pytest.mark.parametrize("word", ["NC", "net", "ne", "no", "weeks", "NCT"])
def test_real_words_and_capitals_are_not_repaired(word):
    assert repair_word(word) == word


def test_no_misreading_is_a_word_of_our_labelled_texts():
    """A misreading the repairs would change must not be a word anyone writes: none occurs
    (in lower case, capitalized or, from three letters, in capitals, as the repair matches)
    in any labelled text."""
    import re
    from pathlib import Path

    from casebrief.extract.ocr_fixes import misreadings

    root = Path(__file__).resolve().parent.parent / "annotated_samples"
    seen: set[str] = set()
    for path in root.rglob("*"):
        if path.is_file() and path.suffix in {".txt", ".md"}:
            seen.update(re.findall(r"[A-Za-z]+", path.read_text(encoding="utf-8", errors="ignore")))
    wrong = misreadings()
    assert len(wrong) > 50
    collisions = {
        w
        for w in wrong
        if w in seen or w.capitalize() in seen or (len(w) >= 3 and w.upper() in seen)
    }
    assert not collisions


def test_a_page_of_narrow_word_gaps_sets_a_three_space_gap_apart_as_a_column():
    """In a proportional font a space is narrow beside digits: prose words stood 0.7-0.8
    character widths apart and a table's three-space gap 1.9, under the fixed 2.5; the page's
    own spacing now decides (twice its median gap, never under 1.6)."""
    words, y = [], 10.0
    for _ in range(6):  # prose: one narrow space between words
        x = 10.0
        for w in ("continues", "to", "use", "the", "device", "nightly"):
            words.append([w, x, y, x + 5.0 * len(w), y + 10, 0.9])
            x += 5.0 * len(w) + 3.8  # 0.76 character widths
        y += 14
    x = 10.0
    for w, gap in (
        ("Days", 3.8),
        ("31-60", 9.5),
        ("23", 3.8),
        ("of", 3.8),
        ("30", 13.0),
        ("76.7%", 0),
    ):
        words.append([w, x, y, x + 5.0 * len(w), y + 10, 0.9])
        x += 5.0 * len(w) + gap
    page = assemble(words)
    # columns: 9.5 and 13 points are 2.5 and 3.4 of the page's own spaces (3.8): three each
    assert page.text.splitlines()[-1] == "Days 31-60   23 of 30   76.7%"
    assert "  " not in page.text.splitlines()[0]  # prose keeps its single spaces


def test_the_low_confidence_line_threshold_is_a_setting(monkeypatch):
    from casebrief.extract.ocr import OcrSettings

    assert OcrSettings.from_env().low_line_below == 0.60
    monkeypatch.setenv("CASEBRIEF_OCR_LOW_LINE", "0.7")
    assert OcrSettings.from_env().low_line_below == 0.7


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        ("20 of 30 days »= 4 hrs (66.7%)", "20 of 30 days >= 4 hrs (66.7%)"),
        ("usage «= 2 h", "usage <= 2 h"),
        ("0: HE 165 cm   Wt 94.5 kg", "0: Ht 165 cm   Wt 94.5 kg"),
        ("Ht 170.2 cm  we 118.6 kg", "Ht 170.2 cm  Wt 118.6 kg"),
        ("HR 72  BP 136/80", "HR 72  BP 136/80"),  # no unit: a heart rate stays
        ("BP 120/80 HR 98 in office", "BP 120/80 HR 98 in office"),  # "in", a preposition
        ("Quotes «like this»", "Quotes «like this»"),
        ("Days with usage >- 4 hours", "Days with usage >= 4 hours"),
        ("usage >— 4 h", "usage >= 4 h"),
        ("arrow -> next", "arrow -> next"),
        (
            "Kellgren-Lawrence grade Ill osteoarthritis",
            "Kellgren-Lawrence grade III osteoarthritis",
        ),
        ("KL grade Il, stage lV", "KL grade II, stage IV"),
        ("grade Illinois", "grade Illinois"),
    ],
)
def test_line_repairs_of_comparisons_and_vital_labels(text, repaired):
    assert repair_text(text) == repaired


@pytest.mark.parametrize(
    ("word", "first", "repaired"),
    [
        ("1171025", True, "11/10/25"),  # one slash read as a 7, the other lost
        ("12/1525", True, "12/15/25"),
        ("117102025", True, "11/10/2025"),
        ("11/10/25", True, "11/10/25"),
        ("1171025", False, "1171025"),  # not a row's first word: an account number stays
        ("4471", True, "4471"),
    ],
)
def test_a_visit_logs_date_cell_is_repaired_only_at_its_rows_start(word, first, repaired):
    assert repair_word(word, row_start=first) == repaired


def test_assembly_repairs_a_rows_first_word_as_a_date_only_on_a_log_page():
    log = [
        ["11/03/25", 10.0, 10.0, 50.0, 20.0, 0.9],
        ["255.0", 65.0, 10.0, 90.0, 20.0, 0.9],
        ["1171025", 10.0, 30.0, 45.0, 40.0, 0.7],
        ["252.0", 65.0, 30.0, 90.0, 40.0, 0.9],
        ["MRN", 10.0, 50.0, 25.0, 60.0, 0.9],
        ["1171025", 30.0, 50.0, 65.0, 60.0, 0.9],
    ]
    assert assemble(log).text.splitlines() == [
        "11/03/25   255.0",
        "11/10/25   252.0",
        "MRN 1171025",
    ]
    # one number opening a row, on a page where no row opens with a date: an accession number
    single = [["1171025", 10.0, 10.0, 45.0, 20.0, 0.7], ["CT", 65.0, 10.0, 75.0, 20.0, 0.9]]
    assert assemble(single).text.startswith("1171025")


def test_sideways_margin_garbage_is_left_out():
    """A fax stamp running up the margin reads as tall, narrow, unsure words ("UUYL-6UU",
    confidence 0); beside a note's line it cut "No" from "history of hypertension"."""
    words = [["No", 10.0, 10.0, 22.0, 20.0, 0.95], ["history", 10.0, 24.0, 45.0, 34.0, 0.95]]
    words.append(["UUYL-6UU", 600.0, 5.0, 604.6, 36.0, 0.0])
    words.append(["Il", 300.0, 10.0, 302.0, 20.0, 0.4])  # short: a stroke or two, kept
    assert assemble(words).text.splitlines()[0].startswith("No")
    assert "UUYL" not in assemble(words).text
    assert "Il" in assemble(words).text


def test_a_row_of_noise_is_left_out():
    """A shaded band read as letters at 16% confidence matched a dietitian's "LD"."""
    words = [["Nutrition", 10.0, 10.0, 55.0, 20.0, 0.93], ["visit", 60.0, 10.0, 85.0, 20.0, 0.9]]
    words += [["EEE", 10.0, 30.0, 25.0, 40.0, 0.1], ["LD", 30.0, 30.0, 40.0, 40.0, 0.25]]
    words += [["Wt", 10.0, 50.0, 20.0, 60.0, 0.45], ["231", 25.0, 50.0, 40.0, 60.0, 0.5]]
    assert assemble(words).text.split("\n") == ["Nutrition visit", "", "Wt 231"]


# ------------------------------------------------------------------ figures read off a fax


def test_a_percent_disagreeing_with_its_own_count_yields_the_lower_share() -> None:
    from casebrief.facts.adherence import checked_share

    assert checked_share("Days 31-60   04/01 - 04/30/2026   27 of 30   19 of 30   + ", 83.3) == 63.3
    assert checked_share("Days >= 4 h: 20/30 (", 66.7) == 66.7  # agrees: kept
    assert checked_share("Days used 28/30, >= 4 h ", 73.0) == 73.0  # a label between: not its count
    assert checked_share("19 of 30 | ", 50.0) == 50.0  # the lower already


def test_a_downloads_period_heading_reaches_across_a_page_break(tmp_path) -> None:
    import json

    from casebrief.service import brief_case

    case = tmp_path / "case"
    case.mkdir()
    (case / "01_download.txt").write_text(
        "AIRVIEW COMPLIANCE REPORT\nSet-up date: 08/11/2025\n"
        "COMPLIANCE SUMMARY - INITIAL PERIOD (08/11/2025 - 11/08/2025, 90 days)\n"
        "Days used >= 4 hrs ............ 54/90  (60.0%)\n"
        "Best 30-day window: 09/27/2025 - 10/26/2025   Days >= 4 hrs: 20/30 (66.7%)\n\n"
        "COMPLIANCE SUMMARY - LAST 30 DAYS  (11/12/2025 - 12/11/2025)\n\n"
        "Page 1 of 2\fDays used >= 4 hrs ............ 26/30  (86.7%)\n"
        "COMPLIANCE STATUS:  ** COMPLIANT **\n",
        encoding="utf-8",
    )
    (case / "case.json").write_text(
        json.dumps(
            {
                "case_id": "c",
                "policy": "cpap-osa",
                "request": {"request_date": "2025-12-15", "request_type": "continuation"},
                "documents": [{"file": "01_download.txt", "date": "2025-12-12"}],
            }
        )
    )
    c = next(c for c in brief_case(case).criteria if c.id == "adherence")
    assert c.status == "not_met", c.rationale


def test_a_denial_wrapped_before_a_label_like_line_stays_one_sentence() -> None:
    from casebrief.nlp.sentences import sentence_starts

    text = "No prior AF. No\nhistory of hypertension: not on BP meds at home.\n"
    starts = sentence_starts(text)
    assert text.index("history") not in starts


def test_a_coachs_provider_line_read_with_a_period_is_still_a_coachs() -> None:
    from casebrief.lexicon import cue

    rx = cue("evaluations.non_dietitian_provider")
    assert rx.search("Provider. Kayla Brandt, NBC-HWC. Health & Weliness Coach\n")


def test_empty_boxes_read_as_a_bracket_and_a_stroke_or_colon() -> None:
    from casebrief.extract.ocr_fixes import repair_text

    line = "[ : Bowel/bladder dysfunction  |[ | Progressive weakness  |[ | Hx cancer"
    assert repair_text(line) == (
        "[ ] Bowel/bladder dysfunction  |[ ] Progressive weakness  |[ ] Hx cancer"
    )
    assert repair_text("[ | 12") == "[ | 12"  # not before a word: left alone


def test_a_dates_last_slash_read_as_a_comma() -> None:
    from casebrief.extract.ocr_fixes import repair_text

    assert repair_text("booked 05/19,2026 with") == "booked 05/19/2026 with"
    assert repair_text("on 3/4, 2026 she") == "on 3/4, 2026 she"


def test_a_code_line_whose_number_lost_its_space_is_a_code_line() -> None:
    from casebrief.lexicon import cue

    assert cue("documents.diagnosis_code_line").search("    1.M54.16  Radiculopathy, lumbar region")


def test_a_box_read_without_its_space_is_unticked() -> None:
    from test_packet_batch9 import _assertion

    text = "   () AHI 5-14 with: () EDS () HTN () IHD ( ) stroke\n"
    assert _assertion(text, "HTN") == "negated"


def test_a_date_whose_second_slash_was_dropped() -> None:
    from datetime import date

    from casebrief.nlp.dates import find_dates

    assert [d.value for d in find_dates("exam 01/222026 (SLR", date(2026, 4, 14))] == [
        date(2026, 1, 22)
    ]
    assert find_dates("acct 1/992026", date(2026, 4, 14)) == []


def test_periods_inside_a_parenthesis_do_not_end_its_sentence() -> None:
    from casebrief.nlp.sentences import sentence_starts

    text = "Last in-person visit with exam 01/22/2026 (SLR neg. 5:5. DTR 2+).\nNext line.\n"
    assert sentence_starts(text) == [0, text.index("Next")]
