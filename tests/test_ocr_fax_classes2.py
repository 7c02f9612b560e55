"""Classes of OCR damage found on the seventh fax copy of the dev cases (/tmp/scanned_dev7,
sample G), each fixed as a class, not as one phrasing: a BMI's label with one glyph
misread; two glyphs run into one ("cl" read as "d", "ri" as "n").  Every text is invented
for the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_packet_batch9 import criterion, make_case

from casebrief.extract.ocr import assemble
from casebrief.extract.ocr_fixes import repair_text
from casebrief.extract.ocr_spelling import correct_word
from casebrief.nlp.measurements import find_measurements

# ------------------------------------------------------------------ the BMI's label


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        # dev13ok-03's fax: the checklist's BMI 40.0 went unread, an older 38.6 met the limit
        (
            "Height: 5 ft 6 in   Weight: 248 lb   BMl: 40.0",
            "Height: 5 ft 6 in   Weight: 248 lb   BMI: 40.0",
        ),
        (
            "notified: active foot infection, A1c 8.4, B\u00a5I 40.0",
            "notified: active foot infection, A1c 8.4, BMI 40.0",
        ),
        ("Wt 225 lb (102.1 kg) | RMI 38.6", "Wt 225 lb (102.1 kg) | BMI 38.6"),
        ("Class III obesity, BML 41.2 - continue", "Class III obesity, BMI 41.2 - continue"),
        ("Weight 297 lb  BM142.6 kg/m2", "Weight 297 lb  BMI42.6 kg/m2"),
        ("diet recall and BM| 43.0.", "diet recall and BMI 43.0."),
        ("lb (clinic scale)   BMU38.9  Wt hx", "lb (clinic scale)   BMI38.9  Wt hx"),
    ],
)
def test_a_bmi_label_misread_by_one_glyph_is_bmi(line, repaired) -> None:
    assert repair_text(line) == repaired
    assert [m.value for m in find_measurements(repaired) if m.kind == "bmi"]


@pytest.mark.parametrize(
    "line",
    [
        "BML 12 mm medial femoral condyle",
        "BMD 0.85 g/cm2",
        "BMP 14 (basic panel)",
        "BMR 1850 kcal",
        "BMl 40%",
        "ABI 0.9 R",
        "BMI 40.0",
    ],
)
def test_other_labels_beside_a_number_are_left_alone(line) -> None:
    assert repair_text(line) == line


def test_a_bmi_of_40_read_through_a_misread_label_is_not_under_40(tmp_path: Path) -> None:
    """dev13ok-03: the pre-admission checklist's "BMl: 40.0" was not read, so the ortho
    consult's BMI 38.6 met bmi-below-40."""
    case = make_case(
        tmp_path,
        "total-knee-arthroplasty",
        "2026-08-25",
        {
            "01_consult.txt": {
                "date": "2026-06-30",
                "text": "ORTHO CONSULT\nBMI 38.6 kg/m2 at PCP visit. R knee OA, KL 4.\n",
            },
            "02_checklist.txt": {
                "date": "2026-08-24",
                "text": repair_text(
                    "PRE-ADMISSION CHECKLIST\nTemp: 98.9 F   BP: 144/86   BMl: 40.0\n"
                ),
            },
        },
    )
    assert criterion(case, "bmi-below-40").status == "not_met"


# ------------------------------------------------------------------ two glyphs run into one


@pytest.mark.parametrize(
    ("word", "repaired"),
    [
        ("deared", "cleared"),  # dev13bw-03: "is not deared for banatric surgery"
        ("banatric", "bariatric"),
        ("Banatric", "Bariatric"),
        ("nght", "right"),
        ("penod", "period"),
    ],
)
def test_two_glyphs_read_as_one_are_repaired(word, repaired) -> None:
    assert correct_word(word, 0.87) == repaired


def test_two_glyphs_read_as_one_leave_words_alone() -> None:
    for word in ("dear", "dared", "bend", "pend", "tinge"):
        assert correct_word(word, 0.5) == word
    assert correct_word("deared", 0.95) == "deared"  # read surely: what the page says


# ------------------------------------------------------------------ a credential's comma


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        # dev13bw-05's fax: the nurse's credential fell into the next sentence
        (
            "Psych   cleared - psychosocial assessment by\nP. Gunderson. RN today (attached)",
            "Psych   cleared - psychosocial assessment by\nP. Gunderson, RN today (attached)",
        ),
        ("Benedict Osei. MD 04/21/2026 17:20", "Benedict Osei, MD 04/21/2026 17:20"),
        ("Rachel Dunmore. PA-C | seen with", "Rachel Dunmore, PA-C | seen with"),
        ("Curtis Abernathy-Lowe. DO   e-signed", "Curtis Abernathy-Lowe, DO   e-signed"),
    ],
)
def test_a_credentials_comma_read_as_a_period_is_a_comma(line, repaired) -> None:
    assert repair_text(line) == repaired


@pytest.mark.parametrize(
    "line",
    ["Lic. PT-04417", "Referred to Cornerstone. PT twice weekly.", "Denies fever. MD aware."],
)
def test_a_sentence_ending_before_a_credential_is_left_alone(line) -> None:
    assert repair_text(line) == line


def test_a_nurses_psychosocial_clearance_read_through_a_misread_comma_is_no_evaluation(
    tmp_path: Path,
) -> None:
    """dev13bw-05: "Psych .... cleared - psychosocial assessment by P. Gunderson, RN" on the
    second page of the surgeon's consult, its comma read as a period, met psych-evaluation."""
    case = make_case(
        tmp_path,
        "bariatric-surgery",
        "2026-10-07",
        {
            "01_consult.txt": {
                "date": "2026-10-06",
                "text": "BARIATRIC SURGEON CONSULTATION\nBMI 41.5. Class III obesity.\n"
                + "HPI: obese since childhood, weight unchanged on an app program.\n" * 10
                + "PROGRAM CHECKLIST (page 2)\n"
                + repair_text(
                    "Psych   cleared - psychosocial assessment by\n"
                    "P. Gunderson. RN today (attached)\n"
                ),
            },
        },
    )
    assert criterion(case, "psych-evaluation").status == "missing"


# ------------------------------------------------------------------ an empty box's edges


def _words(*rows: list[str]) -> list[list]:
    out = []
    for i, row in enumerate(rows):
        x = 10.0
        for w in row:
            out.append([w, x, 10.0 + 14 * i, x + 6 * len(w), 20.0 + 14 * i, 0.8])
            x += 6 * len(w) + 6
    return out


def test_an_empty_box_read_with_a_round_edge_is_empty() -> None:
    text = assemble(_words(["[)", "History", "of", "stroke"], ["(]", "Yes", "[X]", "No"])).text
    assert text == "[ ] History of stroke\n[ ] Yes [X] No"
    assert assemble(_words(["()", "Yes"], ["(x)", "No"])).text == "() Yes\n(x) No"


def test_an_unticked_condition_read_with_a_round_edge_does_not_qualify_a_mild_ahi(
    tmp_path: Path,
) -> None:
    """dev13sl-02: the DME intake's "[ ] History of stroke" read "[) History of stroke": a
    ticked stroke qualified a REI of 9.8 (met, where the text brief is not_met)."""
    intake = assemble(
        _words(
            ["Qualifying", "conditions", "(check", "all", "that", "apply):"],
            ["[)", "Hypertension"],
            ["[)", "History", "of", "stroke"],
        )
    ).text
    case = make_case(
        tmp_path,
        "cpap-osa",
        "2026-06-12",
        {
            "01_hsat.txt": {
                "date": "2026-05-27",
                "text": "HOME SLEEP APNEA TEST REPORT\nIMPRESSION: Mild obstructive sleep"
                " apnea. REI 9.8 events/h overall (4% rule).\n",
            },
            "02_intake.txt": {"date": "2026-06-12", "text": "DME ORDER INTAKE\n" + intake + "\n"},
        },
    )
    assert criterion(case, "sleep-test-ahi").status == "not_met"
