"""Classes of OCR damage found on the eighth fax copy of the dev cases (/tmp/scanned_dev8,
sample H: 40 older dev cases), each fixed as a class, not as one phrasing.  Every text is
invented for the test."""

from __future__ import annotations

from datetime import date

import pytest

from casebrief.evaluation.assertions import assert_span, find_target
from casebrief.extract.ocr_fixes import repair_text, repair_word
from casebrief.extract.ocr_spelling import correct_word
from casebrief.nlp.dates import find_dates
from casebrief.nlp.sentences import sentence_starts

# ------------------------------------------------------------------ a date's second slash


@pytest.mark.parametrize(
    ("line", "repaired", "day"),
    [
        # dev10tp-05's fax: the request form's "BMI: 41.9 (01/14/2026)"
        ("BMI: 41.9 (01/1422026)", "BMI: 41.9 (01/14/2026)", date(2026, 1, 14)),
        ("seen 03/2472026 for f/u", "seen 03/24/2026 for f/u", date(2026, 3, 24)),
        ("Rx filled 12/0272025", "Rx filled 12/02/2025", date(2025, 12, 2)),
        ("PT 3/1872026 - visit 6", "PT 3/18/2026 - visit 6", date(2026, 3, 18)),
        ("DOS 03/17:2026", "DOS 03/17/2026", date(2026, 3, 17)),
        ("Notification date: 07/17.2026", "Notification date: 07/17/2026", date(2026, 7, 17)),
        ("last visit 04/30\u00b02026.", "last visit 04/30/2026.", date(2026, 4, 30)),
        ("MRI 9/8:2025 (outside)", "MRI 9/8/2025 (outside)", date(2025, 9, 8)),
    ],
)
def test_a_dates_second_slash_misread_is_a_slash(line, repaired, day) -> None:
    assert repair_text(line) == repaired
    # read without the repair, the year is lost (or guessed: July 2026 read as July 2025)
    assert [d.value for d in find_dates(repaired, date(2026, 6, 1))] == [day]


def test_a_range_whose_second_date_lost_a_slash_reads_both_dates() -> None:
    line = repair_text("PT 04/27/2026-05/2622026")
    assert line == "PT 04/27/2026-05/26/2026"
    assert [d.value for d in find_dates(line, date(2026, 6, 1))] == [
        date(2026, 4, 27),
        date(2026, 5, 26),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "BP 120/80.2026",  # no month before the slash
        "ratio 1/4092026",  # no day of the month
        "J1/19:2025",  # after a letter: a misread month
        "12/16:20255",  # no four-digit year
        "at 12:30 on 3/4",
        "3/10/2026",
        "Acct 11/1234567",
    ],
)
def test_other_slashed_numbers_are_left_alone(line) -> None:
    assert repair_text(line) == line


# ------------------------------------------------------------------ curly quotes


def test_a_straight_quote_read_as_a_curly_one_is_straight() -> None:
    assert repair_text("off.\u201d Reports \u201cnot worth it.\u201d doesn\u2019t") == (
        'off." Reports "not worth it." doesn\'t'
    )


@pytest.mark.parametrize(
    "line",
    [
        # dev7ca-02's fax: the phone log's quoted short relief ran into the next sentence
        'Pt states the shot "helped for about 2 weeks, then wore off.\u201d Reports pain back to'
        " baseline 7/10.",
        # dev13ch-05's fax (sample G): an occasional analgesic ran into the next sentence
        "Uses acetaminophen \u201ca couple times a week.\u201d No falls.",
    ],
)
def test_a_quote_closed_with_a_curly_glyph_ends_its_sentence(line) -> None:
    assert len(sentence_starts(line)) == 1
    assert len(sentence_starts(repair_text(line))) == 2


# ------------------------------------------------------------------ a form's wrapped item


def _assertion(text: str, target: str) -> str:
    start, end = find_target(text, target)
    return assert_span(text, start, end)._.assertion


@pytest.mark.parametrize("box", ["[ ] Yes [X] No", "[]Yes [X] No"])
def test_a_wrapped_form_item_whose_indent_ocr_lost_is_answered_on_its_next_line(box) -> None:
    """dev10va-02's fax: the question's second line lost its indent, so its ticked No went
    unread and the red flags it lists read as present (a false met)."""
    text = (
        "4. Red flags (cauda equina, cancer hx, infection,\n"
        f"fracture, progressive deficit)?   {box}\n"
    )
    assert _assertion(text, "cauda equina") == "negated"
    assert _assertion(text.replace("[X] No", "[ ] No").replace("] Yes", "X] Yes"), "cancer")


def test_a_new_item_under_an_open_line_is_not_its_answer() -> None:
    text = (
        "4. Red flags (cauda equina, cancer hx, infection,\n5. Prior treatment?   [ ] Yes [X] No\n"
    )
    assert _assertion(text, "cauda equina") != "negated"


# ------------------------------------------------------------------ a box glued to its label


@pytest.mark.parametrize(
    ("word", "repaired"),
    [
        ("[]Yes", "[ ] Yes"),
        ("[1Yes", "[ ] Yes"),
        ("[]DME", "[ ] DME"),
        ("[]PT/OT/Chiro", "[ ] PT/OT/Chiro"),
        ("[X1Yes", "[X] Yes"),
        ("[X]No", "[X] No"),
        ("(X]No", "[X] No"),
        ("{x]yes", "[X] yes"),
    ],
)
def test_a_box_glued_to_its_label_is_a_box_and_a_word(word, repaired) -> None:
    assert repair_word(word) == repaired


@pytest.mark.parametrize("word", ["[lealth", "[IMPRESSION", "[IEENT:", "{CPT", "[1]", "(X)", "[X]"])
def test_a_bracket_before_letters_with_no_boxs_shape_is_left_alone(word) -> None:
    assert repair_word(word) == word


def test_a_ticked_yes_glued_to_its_box_is_ticked() -> None:
    line = " ".join(repair_word(w) for w in "Morning headaches?   [X1Yes  [ ] No".split(" "))
    assert _assertion(line, "headaches") != "negated"
    line = " ".join(repair_word(w) for w in "Morning headaches?   [1Yes  [X]No".split(" "))
    assert _assertion(line, "headaches") == "negated"


# ------------------------------------------------------------------ a read as u


@pytest.mark.parametrize(
    ("word", "repaired"),
    [
        ("caudu", "cauda"),  # dev10va-02: "Red flags (caudu equina, ..."
        ("puin", "pain"),
        ("duily", "daily"),
        ("Therupist", "Therapist"),
        ("nurrowing", "narrowing"),
    ],
)
def test_an_a_read_as_u_is_repaired(word, repaired) -> None:
    assert correct_word(word, 0.85) == repaired


def test_an_a_read_as_u_leaves_words_alone() -> None:
    for word in ("pain", "until", "under", "sum", "must", "plus"):
        assert correct_word(word, 0.5) == word
    assert correct_word("Lund", 0.96) == "Lund"  # read surely: a name
