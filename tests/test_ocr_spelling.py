"""Misread lexicon words repaired on OCR'd text (casebrief.extract.ocr_spelling), and a
column's gap written as the typed grid had it (casebrief.extract.ocr.assemble).

Why: on fax copies of dev cases a telephone encounter's heading read "TRLEPHONE ENCOUNTER"
and the brief counted an office exam; a request form's two-column heading, joined by two
spaces, was not read as the form's title, so the form's ticked boxes counted as the chart's
own diagnoses (README, "OCR")."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from casebrief.documents.classify import classify
from casebrief.extract.ocr import assemble
from casebrief.extract.ocr_spelling import correct_word, misreadings, target_words


@pytest.mark.parametrize(
    ("word", "repaired"),
    [
        ("TRLEPHONE", "TELEPHONE"),  # a capital E read as R
        ("Denics", "Denies"),
        ("wecks,", "weeks,"),
        ("PSYCHOLOCICAL", "PSYCHOLOGICAL"),  # a capital G read as C
        ("BFHAVIORAL", "BEHAVIORAL"),  # a capital E read as F
        ("Fatient:", "Patient:"),  # a capital P read as F
        ("TFES),", "TFESI,"),  # a last stroke read as a bracket
        ("Initia)", "Initial"),
        ("lle", "He"),  # a capital H read as two strokes, hiding a sentence's start
        ("IIe,", "He,"),
        ("llis", "His"),
    ],
)
def test_a_misread_word_the_rules_read_is_repaired(word, repaired):
    assert correct_word(word, 0.6) == repaired


@pytest.mark.parametrize(
    "word",
    [
        "hook",  # an English word stays, though one glyph from "book"
        "pad",  # too short for this repair, and a word
        "ACHC",  # a short word in capitals is an acronym
        "Ridgeway",  # a name no target is one glyph from
        "(see)",  # a bracket closed on a word that is already a word
        "MRI)",
        "weeks",
        "lleft",  # a doubled l as likely as an H: left alone
        "Illness",
        "Abilify",  # a drug the dictionary lacks, kept
    ],
)
def test_words_and_acronyms_are_left_as_read(word):
    assert correct_word(word, 0.6) == word


def test_a_bracket_opened_earlier_on_the_row_is_closed_not_a_stroke():
    words = [["Z96.641", 10.0, 10.0, 45.0, 20.0, 0.9], ["(R", 50.0, 10.0, 60.0, 20.0, 0.9]]
    words.append(["THA)", 65.0, 10.0, 85.0, 20.0, 0.6])
    assert assemble(words).text == "Z96.641 (R THA)"
    assert correct_word("TFES),", 0.6) == "TFESI,"


@pytest.mark.parametrize("name", ["Baek,", "Tung", "Sona", "Narco", "Nene", "Raman"])
def test_a_name_read_with_high_confidence_is_left_as_read(name):
    """Names one glyph from a clinical word ("Baek" / back, "Sona" / Soma) are left alone
    when read as surely as a name reads on a fax (a patient "Baek": 95-97%)."""
    assert correct_word(name, 0.95) == name


def test_a_word_read_with_high_confidence_is_left_as_read():
    assert correct_word("Denics", 0.97) == "Denics"
    assert correct_word("Denics", 0.80) == "Denies"


def test_the_targets_come_from_the_lexicons_and_no_misreading_is_a_target():
    targets = target_words()
    assert {"telephone", "denies", "weeks", "psychological"} <= targets
    wrong = misreadings()
    assert len(wrong) > 10_000
    assert not set(wrong) & targets
    assert all(w != right for w, right in wrong.items())


def test_few_words_of_our_labelled_texts_would_be_repaired():
    """The labelled texts are typed, not OCR'd: a word in them that the repair would change
    is a collision (a name, a Spanish word).  On OCR'd text the confidence guard keeps most
    of them; here every word is fed in at low confidence, and fewer than 1 in 2,000 change."""
    root = Path(__file__).resolve().parent.parent / "annotated_samples"
    words: Counter[str] = Counter()
    for path in root.rglob("*"):
        if path.is_file() and path.suffix in {".txt", ".md"}:
            words.update(re.findall(r"\S+", path.read_text(encoding="utf-8", errors="ignore")))
    if sum(words.values()) < 100_000:
        pytest.skip("the labelled sets are not here")
    changed = sum(k for w, k in words.items() if correct_word(w, 0.5) != w)
    assert changed < sum(words.values()) / 2000


def _row(words: list[tuple[str, float]], y: float, step: float = 5.0) -> list[list]:
    out, x = [], 10.0
    for text, gap in words:
        out.append([text, x, y, x + step * len(text), y + 10, 0.9])
        x += step * len(text) + gap
    return out


def test_a_columns_gap_is_written_as_its_spaces_and_a_two_column_heading_is_a_title():
    words = []
    for i in range(5):  # prose: one space (a character's width) between words
        words += _row([(w, 5.0) for w in ("the", "patient", "was", "seen", "today")], 30.0 + 14 * i)
    heading = [("ST.", 5.0), ("BRENDAN", 5.0), ("HEALTH", 5.0), ("PARTNERS", 60.0)]
    heading += [("BARIATRIC", 5.0), ("SURGERY", 5.0), ("PRIOR", 5.0), ("AUTHORIZATION", 0.0)]
    words += _row(heading, 10.0)
    page = assemble(words)
    first = page.text.splitlines()[0]
    assert first == "ST. BRENDAN HEALTH PARTNERS   BARIATRIC SURGERY PRIOR AUTHORIZATION"
    assert classify(page.text)[0] == "request_form"
    assert "  " not in page.text.splitlines()[-1]


def test_a_word_split_in_two_by_ocr_is_joined_when_a_half_is_no_word() -> None:
    from casebrief.extract.ocr_spelling import split_word

    assert split_word("QUE", "STIONNAIRE")
    assert split_word("rad", "iculopathy")
    assert not split_word("no", "history")  # two words
    assert not split_word("dis", "charge")  # both halves words: left as read
    assert not split_word("ab", "cd")  # too short to tell
