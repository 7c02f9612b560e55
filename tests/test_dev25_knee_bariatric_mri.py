"""Fixes from the twenty-fifth dev batch (knee, bariatric, lumbar MRI: dev25kb, dev25ur).
Every packet is invented for the test; none is copied from a labelled case."""

from __future__ import annotations

import pytest

# ------------------------------------------------ an older film named as the comparison


def _knee_films(compare_words: str) -> dict:
    return {
        "01_xr_2023.txt": (
            "2023-04-11",
            "VALLEY RADIOLOGY\nExam: XR KNEE LEFT 2 VIEWS   Exam date: 04/11/2023\n"
            "Findings: Mild narrowing of the medial joint space.\n"
            "Impression: Mild degenerative change of the left knee.\n",
        ),
        "02_xr_2026.txt": (
            "2026-02-20",
            "HILLSIDE ORTHOPEDICS IMAGING\nEXAM: XR KNEE LEFT 3 VIEWS (STANDING)\n"
            f"DATE: 02/20/2026\n{compare_words}\n"
            "FINDINGS: Left knee: interval progression since 04/11/2023. Bone-on-bone contact "
            "of the medial compartment with large osteophytes.\n"
            "IMPRESSION: Severe left knee osteoarthritis, Kellgren-Lawrence grade 4.\n",
        ),
    }


@pytest.mark.parametrize(
    "compare_words",
    ["COMPARISON: Valley Radiology radiographs 04/11/2023", "Compared with films of 04/11/2023."],
)
def test_an_old_mild_film_named_as_the_comparison_is_progression(brief_packet, compare_words):
    criteria = brief_packet("total-knee-arthroplasty", "2026-03-10", _knee_films(compare_words))
    assert criteria["radiographic-severity"].status == "met", criteria[
        "radiographic-severity"
    ].rationale


# ------------------------------------------------ a course of visits ends at its discharge


@pytest.mark.parametrize(
    "words",
    [
        "Went to PT at Eastside Rehab starting 2/2; was discharged 3/30 (goals not met).",
        "Attended physical therapy starting 2/2, discharged 3/30, no better.",
    ],
)
def test_a_discharge_date_ends_a_started_course(brief_packet, words):
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-04-20",
        {
            "01_note.txt": (
                "2026-04-15",
                "OFFICE VISIT\nHPI: Low back pain radiating to the left leg for 4 months. "
                f"{words} Pain persists.\n",
            )
        },
    )
    c = criteria["conservative-therapy"]
    assert c.value == pytest.approx(8.1, abs=0.15), c.rationale  # 2/2-3/30 = 56 days


# ------------------------------------------------ a labelled field's ticked negative statement


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("Infection screening: [x] No active infection", "met"),
        ("Infection status - [X] No current infection", "met"),
        ("Infection screening: [x] Active infection", "not_met"),
    ],
)
def test_a_labelled_ticked_negative_statement(brief_packet, line, status):
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-10",
        {"01_form.txt": ("2026-03-10", f"PRECERTIFICATION REQUEST - TKA\n{line}\n")},
    )
    assert criteria["no-active-infection"].status == status, criteria[
        "no-active-infection"
    ].rationale


# ------------------------------------------------ a comorbidity checklist answered "not diagnosed"


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        ("Not diagnosed. Snores per wife, sleep study ordered.", "not_met"),
        ("never diagnosed; no sleep study", "not_met"),
        ("YES - severe OSA on PSG 2024, on CPAP", "met"),
    ],
)
def test_a_comorbidity_checklist_answered_not_diagnosed(brief_packet, answer, status):
    criteria = brief_packet(
        "bariatric-surgery",
        "2026-09-14",
        {
            "01_consult.txt": (
                "2026-09-01",
                "BARIATRIC SURGERY CONSULTATION\nVitals: Ht 5'6\"   Wt 224 lb   BMI 36.2\n"
                "Obesity-related comorbidities:\n"
                "  Type 2 diabetes ........ NO - A1c 5.6%\n"
                f"  Sleep apnea ............ {answer}\n",
            )
        },
    )
    assert criteria["bmi-comorbidity"].status == status, criteria["bmi-comorbidity"].rationale


# ------------------------------------------------ a thoracic MRI is not a lumbar one


@pytest.mark.parametrize(
    ("study", "status"),
    [
        ("a thoracic MRI on 06/18/2025 for a mid back problem that resolved", "met"),
        ("an MRI of the mid-back on 06/18/2025", "met"),
        ("a lumbar MRI on 06/18/2025", "not_met"),
    ],
)
def test_a_thoracic_mri_is_not_a_prior_lumbar_mri(brief_packet, study, status):
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-05-11",
        {
            "01_note.txt": (
                "2026-04-27",
                "CHIROPRACTIC RE-EXAMINATION\nS: Low back pain into the left leg, unchanged. "
                f"She had {study}.\n",
            )
        },
    )
    assert criteria["repeat-imaging"].status == status, criteria["repeat-imaging"].rationale


# ------------------------------------------------ an urgent care's RX / TX block prescribes


@pytest.mark.parametrize("heading", ["RX / TX:", "Rx:", "New prescriptions:"])
def test_an_rx_block_runs_from_its_day_and_a_retelling_is_the_same_course(brief_packet, heading):
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-06-15",
        {
            "01_uc.txt": (
                "2026-04-06",
                "URGENT CARE VISIT   DOS: 04/06/2026\nHPI: Low back pain x 4 days.\n\n"
                f"{heading}\n- Naproxen 500 mg PO BID x 14 days w/ food, #28, 0 RF\n",
            ),
            "02_tele.txt": (
                "2026-06-01",
                "TELEHEALTH VISIT\nHPI: Low back pain. States he took the naproxen for the 2 "
                "weeks as told, then ran out. Pain is worse.\n",
            ),
        },
    )
    c = criteria["conservative-therapy"]
    assert c.status == "not_met", c.rationale
    assert c.value == pytest.approx(2.0, abs=0.15), c.rationale


# ------------------------------------------------ a therapist's initial evaluation is an exam


def _pt_note(title: str) -> tuple[str, str]:
    return (
        "2026-05-26",
        f"LAKESHORE REHAB - Outpatient Physical Therapy\n{title}\n"
        "Patient: Doe, Jane   Visit type: in-clinic\n\n"
        "SUBJECTIVE: Low back and buttock pain with walking.\n"
        "OBJECTIVE:\n  SLR: neg bilat\n  DTR: patellar 1+ =, achilles 1+ =\n"
        "  Sensation: intact LT L2-S1 bilat\n",
    )


@pytest.mark.parametrize(
    ("title", "status"),
    [
        ("PHYSICAL THERAPY INITIAL EVALUATION", "met"),
        ("PT Initial Eval", "met"),
        ("DAILY TREATMENT NOTE - visit 7", "not_met"),
    ],
)
def test_a_therapists_initial_evaluation_is_an_in_person_exam(brief_packet, title, status):
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-07-20",
        {
            "01_office.txt": (
                "2026-04-20",
                "ORTHO OFFICE VISIT (in person)\nHPI: Low back pain.\n"
                "EXAM: Straight leg raise negative bilaterally. Strength 5/5.\n",
            ),
            "02_pt.txt": _pt_note(title),
        },
    )
    c = criteria["clinical-evaluation"]
    assert c.status == status, c.rationale


# ------------------------------------------------ a procedure note that disagrees on its side


def _knee_packet(narrative_side: str) -> dict:
    return {
        "01_consult.txt": (
            "2026-01-12",
            "ORTHOPEDIC CONSULT\nHPI: Left knee osteoarthritis. Walks one block, stairs one at "
            "a time. Started meloxicam 15 mg daily on 11/1/25, currently taking, little help.\n",
        ),
        "02_procedure.txt": (
            "2026-02-02",
            "PROCEDURE NOTE\nDate: 02/02/2026\n"
            "PROCEDURE: Intra-articular corticosteroid injection - LEFT knee\n"
            "CPT: 20610-LT\n\nProcedure details:\nTime out performed. "
            f"The {narrative_side} knee was prepped with chlorhexidine. The {narrative_side} knee "
            "joint was entered and 40 mg of triamcinolone was injected.\n",
        ),
        "03_followup.txt": (
            "2026-03-30",
            "ORTHO FOLLOW-UP\nStill taking meloxicam daily, currently taking, pain unchanged. "
            "s/p L knee steroid injection 02/02/26 - no lasting relief.\n",
        ),
    }


@pytest.mark.parametrize(("narrative_side", "status"), [("right", "needs_review"), ("left", "met")])
def test_a_procedure_note_naming_the_other_knee_in_its_narrative(
    brief_packet, narrative_side, status
):
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-04-06",
        _knee_packet(narrative_side),
        icd10=["M17.12"],
        cpt=["27447"],
    )
    c = criteria["conservative-therapy-12wk"]
    assert c.status == status, c.rationale


# ------------------------------------------------ a start date is the therapy's named before it


def test_a_drugs_start_is_not_the_shots_told_after_it(brief_packet):
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-05-11",
        {
            "01_pat.txt": (
                "2026-05-05",
                "PRE-ADMISSION TESTING\nHPI: Left knee OA. Regarding prior knee treatment, pt "
                "states she has been on naproxen since\nDecember and had one cortisone shot in "
                "Feb, which did not help.\n",
            ),
        },
        icd10=["M17.12"],
    )
    c = criteria["conservative-therapy-12wk"]
    assert "Joint injection 2025-12" not in c.rationale, c.rationale


# ------------------------------------------------ "never made it to PT" is no therapy


@pytest.mark.parametrize(
    "words",
    ["Never made it to PT - could not get a morning slot.", "Never got in to physical therapy."],
)
def test_never_made_it_to_therapy_is_not_given(brief_packet, words):
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-04-20",
        {"01_note.txt": ("2026-04-15", f"OFFICE VISIT\nHPI: Low back pain. {words}\n")},
    )
    assert criteria["conservative-therapy"].status == "missing", criteria[
        "conservative-therapy"
    ].rationale
