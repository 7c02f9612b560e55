"""Two context classes a review listed as already wrong (session 15), fixed in session 16.

- A new clause of the patient's own after a denied list ("Denies diabetes or sleep apnea, and he
  has hypertension on lisinopril") ends the denial: the hypertension is the patient's, present.
- "report requested" asks for a study's report; the study itself was done ("Lumbar MRI done
  12/01/2025 at Valley Imaging, report requested"), so it is a prior MRI for repeat-imaging.

Every packet here is invented."""

from __future__ import annotations

import pytest

from casebrief.evaluation.assertions import assert_span

BARI = "bariatric-surgery"
MRI = "lumbar-spine-mri"


@pytest.mark.parametrize(
    ("text", "target", "label"),
    [
        (
            "He denies diabetes, sleep apnea or high cholesterol, and he has hypertension "
            "treated with lisinopril.",
            "hypertension",
            "present",
        ),
        (
            "Denies chest pain or palpitations, and has hypertension on amlodipine.",
            "hypertension",
            "present",
        ),
        (
            "Denies chest pain or palpitations, and has hypertension on amlodipine.",
            "palpitations",
            "negated",
        ),
        (
            "No fever or chills, and she reports numbness in the groin.",
            "numbness in the groin",
            "present",
        ),
        ("No fever or chills, and has no diabetes.", "diabetes", "negated"),
        ("Her mother had breast cancer, and has hypertension.", "hypertension", "family"),
        (
            "Lumbar MRI done 12/01/2025 at Valley Imaging, report requested; CBC ordered today.",
            "MRI",
            "present",
        ),
        ("Lumbar MRI requested.", "MRI", "hypothetical"),
    ],
)
def test_clause_turn_and_report_requested(text: str, target: str, label: str) -> None:
    s = text.index(target)
    assert assert_span(text, s, s + len(target), force=True)._.assertion == label


PROGRAM = (
    "2026-01-20",
    "BARIATRIC PROGRAM NOTE\nMedically supervised weight loss program visits monthly "
    "06/10/2025 through 01/20/2026 with documented weights and dietitian counselling.\n",
)


def test_comorbidity_told_after_a_denied_list_counts(brief_packet) -> None:
    c = brief_packet(
        BARI,
        "2026-02-01",
        {
            "01_consult.txt": (
                "2026-01-20",
                "BARIATRIC SURGERY CONSULT\nHt 5'6\", Wt 224 lb, BMI 36.2.\n"
                "He denies diabetes, sleep apnea or high cholesterol, and he has hypertension "
                "treated with lisinopril 20 mg daily.\n",
            ),
            "02_program.txt": PROGRAM,
        },
    )
    assert c["bmi-comorbidity"].status == "met"


def test_prior_mri_whose_report_is_requested_is_a_prior_study(brief_packet) -> None:
    c = brief_packet(
        MRI,
        "2026-02-10",
        {
            "01_note.txt": (
                "2026-02-03",
                "SPINE CLINIC NOTE\nLow back pain for 8 months, same as before. Naproxen "
                "500 mg BID since 08/01/2025, currently taking; PT 09/01/2025 to 11/15/2025 "
                "without relief. Lumbar MRI done 12/01/2025 at Valley Imaging, report "
                "requested; CBC ordered today. Symptoms unchanged since the MRI, no new "
                "weakness or numbness.\nEXAM: SLR negative. Strength 5/5. Reflexes 2+.\n",
            ),
        },
    )
    assert c["repeat-imaging"].status != "met"
