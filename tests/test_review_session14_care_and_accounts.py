"""Second review of 3269c37, 322f01c and 93e9467: where the new rules reached too far.

Every packet is invented.  Each test is one regression: a status (or value) that was right at
74969c9 and is wrong after the three commits, in the writing of another clinician or EHR.
Drop this file into tests/ (it uses the ``brief_packet`` fixture of tests/conftest.py).
"""

from __future__ import annotations

import pytest

MRI = "lumbar-spine-mri"
TKA = "total-knee-arthroplasty"
BAR = "bariatric-surgery"


def _pcp(hpi: str, dos: str = "02/24/2026") -> str:
    return (
        "LAKESIDE FAMILY MEDICINE - OFFICE VISIT\n"
        f"DOS: {dos}\nVisit type: in person\nProvider: Alma Reyes, MD\n\n"
        f"HPI: {hpi}\n\n"
        "Exam: SLR positive on the right at 40 degrees. Strength 5/5. Reflexes: R ankle 1+.\n\n"
        "Assessment: lumbar radiculopathy. Plan: MRI lumbar spine.\n"
    )


def _ortho(body: str) -> str:
    return (
        "RIVERSIDE ORTHOPEDICS - OFFICE VISIT\nDate: 03/02/2026\nProvider: Ken Abe, MD\n\n"
        "Right knee osteoarthritis. X-ray: bone-on-bone medial compartment, KL grade 4.\n"
        f"{body}\n"
        "Pain with stairs, cannot walk more than one block. BMI 33.2. No infection.\n"
    )


def _mri_weeks(brief_packet, hpi: str):
    return brief_packet(MRI, "2026-02-24", {"01_pcp.txt": ("2026-02-24", _pcp(hpi))})[
        "conservative-therapy"
    ]


def _tka_weeks(brief_packet, body: str):
    return brief_packet(TKA, "2026-03-02", {"01_o.txt": ("2026-03-02", _ortho(body))})[
        "conservative-therapy-12wk"
    ]


# ------------------------------------------------------------------ 3269c37: holds, chiro


@pytest.mark.parametrize(
    "hpi",
    [
        # another subject's hold in the next sentence
        "low back pain with right leg pain. She has attended PT twice weekly since 01/05/2026 and "
        "continues. Her job has been on hold since 01/20/2026 because she cannot stand at the "
        "register. Pain persists, 7/10.",
        # ... or in the same sentence, after a semicolon
        "low back pain with right leg pain. Home exercise program daily since 12/01/2025, still "
        "doing it; her gym membership paused since 01/05/2026. Pain persists.",
    ],
)
def test_a_hold_of_something_else_does_not_end_the_therapy(brief_packet, hpi):
    c = _mri_weeks(brief_packet, hpi)
    assert c.status == "met", c.rationale


def test_surgery_put_on_hold_does_not_end_the_conservative_care(brief_packet):
    c = _tka_weeks(
        brief_packet,
        "She has taken meloxicam 15 mg daily since 09/01/2025 and has attended physical therapy "
        "since 10/01/2025, both ongoing without relief. Surgery was put on hold on 11/15/2025 "
        "until her A1c improved; A1c now 6.9.",
    )
    assert c.status == "met", c.rationale


def test_another_drugs_hold_in_the_clause_does_not_cut_the_course(brief_packet):
    c = _mri_weeks(
        brief_packet,
        "low back pain with right leg pain. Naproxen 500 mg BID since 12/01/2025, metformin on "
        "hold since 01/15/2026 for the contrast study. Pain persists despite naproxen.",
    )
    assert c.status == "met", c.rationale
    assert c.value == pytest.approx(12.1, abs=0.05), c.rationale


def test_a_hold_resumed_on_the_next_wrapped_line_does_not_end_the_course(brief_packet):
    letter = (
        "WILLOW BEND INTERNAL MEDICINE\n\nFebruary 24, 2026\n\nTo the Medical Director:\n\n"
        "Treatment to date:\n"
        "  - Physical therapy for the lumbar spine from 01/05/2026, placed on hold\n"
        "    01/20/2026 for the flu and resumed 01/27/2026; she continues PT twice a week.\n"
        "Her leg pain persists despite therapy.\n\nSincerely,\nIrene Castell, MD\n"
    )
    exam = _pcp("low back pain with right leg pain to the calf since 11/2025.", dos="02/16/2026")
    c = brief_packet(
        MRI,
        "2026-02-24",
        {"01_letter.txt": ("2026-02-24", letter), "02_pcp.txt": ("2026-02-16", exam)},
    )["conservative-therapy"]
    assert c.status == "met", c.rationale


def test_guard_the_therapys_own_hold_still_ends_it(brief_packet):
    c = _mri_weeks(
        brief_packet,
        "low back pain with right leg pain. Naproxen 500 mg BID from 12/01/2025, on hold since "
        "01/10/2026 for GI upset. Pain persists.",
    )
    assert c.status == "not_met", c.rationale
    assert c.value == pytest.approx(5.7, abs=0.05), c.rationale


OLD_PCP_EXAM = (
    "CEDAR HILL PRIMARY CARE - OFFICE VISIT\nVisit type: in person\nProvider: Alma Reyes, MD\n\n"
    "HPI: low back pain with right leg pain for 6 weeks.\n\nExam:\n SLR: R positive 45 deg.\n"
    " Strength: 5/5 bilateral LE.\n Reflexes: ankle jerk R 1+, L 2+.\n\n"
    "Plan: naproxen 500 mg BID, PT referral.\n"
)


@pytest.mark.parametrize(
    "credential_line",
    [
        "Primary chiropractor: Malik Osei, D.C.",
        "Supervising chiropractor: Malik Osei, DC",
        "Examined by: Lena Park, PTA, Washington, DC",
    ],
)
def test_a_therapists_daily_note_naming_a_chiropractor_is_no_exam(brief_packet, credential_line):
    pt = (
        "ANCHOR BAY SPINE & REHAB\n\nPHYSICAL THERAPY DAILY NOTE\n\nPatient: R. Solano\n"
        f"Date: 04/01/2026\nTherapist: Lena Park, PTA\n{credential_line}\n\n"
        "Visit 9 of 12. Pain 6/10.\n"
        "Objective: SLR R positive at 40 deg. Strength 5/5. Reflexes: Achilles R 1+.\n\n"
        "Treatment: manual therapy, core stabilization. Continue plan of care 2x/week.\n"
    )
    c = brief_packet(
        MRI,
        "2026-05-19",
        {"01_pcp.txt": ("2026-01-06", OLD_PCP_EXAM), "02_pt.txt": ("2026-04-01", pt)},
    )["clinical-evaluation"]
    assert c.status == "not_met", c.rationale


# ------------------------------------------------------------------ 322f01c: care boundary


@pytest.mark.parametrize(
    "hpi",
    [
        # a medication list's next drug's purpose
        "low back pain with right leg pain since 11/2025, persists despite naproxen. Medications: "
        "naproxen 500 mg BID since 12/01/2025, albuterol for asthma, sertraline 50 mg daily.",
        "low back pain with right leg pain since 11/2025. She has been on ibuprofen since "
        "12/01/2025 and aspirin for her heart. Pain persists despite ibuprofen.",
        # a purpose the back shares
        "low back pain with right leg pain. Ibuprofen 800 mg TID for headaches and low back pain "
        "since 12/01/2025, without relief.",
        "low back pain with right leg pain. Duloxetine 60 mg daily since 12/01/2025 for depression "
        "and chronic low back pain; no better.",
    ],
)
def test_a_drug_for_the_back_is_not_read_as_for_another_illness(brief_packet, hpi):
    c = _mri_weeks(brief_packet, hpi)
    assert c.status == "met", c.rationale


def test_a_stops_reason_is_not_the_drugs_purpose(brief_packet):
    c = _mri_weeks(
        brief_packet,
        "low back pain with right leg pain. Medrol dosepak 12/01/2025, stopped early due to "
        "insomnia; leg pain persists.",
    )
    assert c.status == "not_met", c.rationale  # undated care: addressed, 0 weeks


@pytest.mark.parametrize(
    ("policy", "text", "expected"),
    [
        # an operation that dates the symptom, in another clause of the sentence
        (
            MRI,
            "His back pain began after a hernia repair in 2024, and he has done physical therapy "
            "from 12/01/2025 to 02/10/2026 without relief.",
            "met",
        ),
        (
            TKA,
            "Right knee pain for years, worse after an arthroscopic meniscectomy in 2010; she "
            "completed physical therapy from 08/01/2025 to 11/15/2025 and has used a cane since "
            "2024, with no relief.",
            "met",
        ),
        (
            TKA,
            "Knee pain recurred a year after the arthroscopy; meloxicam 15 mg daily since "
            "06/01/2025 and physical therapy from 08/01/2025 to 11/15/2025, without relief.",
            "met",
        ),
        # the aftercare of the requested operation, planned
        (
            TKA,
            "Meloxicam 15 mg daily since 06/01/2025. She has done physical therapy from 08/01/2025 "
            "to 11/15/2025 without relief and understands she will need post-op PT after the "
            "replacement.",
            "met",
        ),
    ],
)
def test_an_operation_elsewhere_in_the_sentence_is_no_aftercare(
    brief_packet, policy, text, expected
):
    c = _mri_weeks(brief_packet, text) if policy == MRI else _tka_weeks(brief_packet, text)
    assert c.status == expected, c.rationale


def test_an_old_operations_sentence_is_not_made_recent_by_the_pains_length(brief_packet):
    c = _mri_weeks(
        brief_packet,
        "He had a lumbar discectomy in 2012 and has had recurrent low back and leg pain for the "
        "past 4 months. He has been going to physical therapy, without relief.",
    )
    assert c.status == "not_met", c.rationale  # undated PT: addressed, 0 weeks
    assert c.value == 0.0


def test_another_devices_script_is_not_the_therapys_order(brief_packet):
    c = _tka_weeks(
        brief_packet,
        "Meloxicam 15 mg daily since 06/01/2025. PT twice weekly since 09/01/2025, walker script "
        "today.",
    )
    assert c.status == "met", c.rationale


@pytest.mark.parametrize(
    "line",
    [
        "Psych: she has done therapy for PTSD weekly since 10/01/2025.",
        "She attended therapy with a grief counselor from 10/01/2025 to 01/15/2026 after her "
        "husband died.",
        "PMH: hepatitis C, completed therapy from 10/2025 to 01/2026, cured.",
    ],
)
def test_talk_therapy_or_another_illnesss_therapy_is_no_back_care(brief_packet, line):
    c = _mri_weeks(
        brief_packet, f"low back pain with right leg pain since 01/2026. No treatment yet.\n{line}"
    )
    assert c.status == "missing", c.rationale


@pytest.mark.parametrize(
    "line",
    [
        "Social: she did some therapy after her divorce last year.",
        "She has tried meds and therapy for her panic attacks since 2022.",
        "Social history: she is a physical therapist; nonsmoker.",
    ],
)
def test_lay_words_for_someone_elses_or_other_therapy_address_nothing(brief_packet, line):
    c = _mri_weeks(brief_packet, f"low back pain with right leg pain since 01/2026.\n{line}")
    assert c.status == "missing", c.rationale


# ------------------------------------------------------------------ 93e9467: superseding

PSY_REFUSAL = (
    "CLEARVIEW BEHAVIORAL HEALTH\nPRE-SURGICAL PSYCHOLOGICAL EVALUATION\n\nDate: 07/28/2026\n"
    "Evaluator: Nora Klein, PsyD, Licensed Psychologist\n\n"
    "Findings: active binge-eating disorder, untreated.\n"
    "Recommendation: NOT cleared for bariatric surgery at this time; re-evaluate after 6 months "
    "of treatment.\n"
)
SURGEON = (
    "NORTHGATE BARIATRIC SURGERY - FOLLOW-UP\nDate: 08/20/2026\n\n"
    "BMI 44.1. Type 2 diabetes. Plan: sleeve.\n"
)


@pytest.mark.parametrize(
    "addendum",
    [
        "CLEARVIEW BEHAVIORAL HEALTH\n"
        "ADDENDUM TO PRE-SURGICAL PSYCHOLOGICAL EVALUATION OF 07/28/2026\n\n"
        "Date: 08/12/2026\nEvaluator: Nora Klein, PsyD\n\n"
        "MMPI-2-RF scoring received; the profile is valid. Recommendations are unchanged.\n",
        "CLEARVIEW BEHAVIORAL HEALTH\nPSYCHOLOGICAL EVALUATION - TEST RESULTS\n\n"
        "Date: 08/12/2026\n"
        "This note completes my evaluation of 07/28/2026 with the MMPI-2-RF results; the profile "
        "is valid.\nNora Klein, PsyD\n",
    ],
)
def test_an_addendum_that_decides_nothing_leaves_the_refusal(brief_packet, addendum):
    c = brief_packet(
        BAR,
        "2026-08-25",
        {
            "01_psy.txt": ("2026-07-28", PSY_REFUSAL),
            "02_add.txt": ("2026-08-12", addendum),
            "03_surg.txt": ("2026-08-20", SURGEON),
        },
    )["psych-evaluation"]
    assert c.status == "not_met", c.rationale


def test_a_checklist_status_after_the_received_clearance_is_another_items(brief_packet):
    psych = (
        "CLEARVIEW BEHAVIORAL HEALTH\nPRE-SURGICAL PSYCHOLOGICAL EVALUATION\n\nDate: 07/20/2026\n"
        "Evaluator: Nora Klein, PsyD, Licensed Psychologist\n\nNo contraindications. "
        "Recommendation: psychologically cleared for bariatric surgery.\n"
    )
    checklist = (
        "NORTHGATE BARIATRIC PROGRAM - PRE-OP CHECKLIST\nDate: 08/18/2026\n\n"
        "Psych clearance   received 07/20/2026   SI screen   denied\n"
        "Medical clearance   received 08/01/2026\n"
    )
    c = brief_packet(
        BAR,
        "2026-08-25",
        {
            "01_psy.txt": ("2026-07-20", psych),
            "02_chk.txt": ("2026-08-18", checklist),
            "03_surg.txt": ("2026-08-20", SURGEON),
        },
    )["psych-evaluation"]
    assert c.status == "met", c.rationale


def test_a_screening_estimate_does_not_negate_the_comorbidities_after_it(brief_packet):
    note = (
        "NORTHGATE BARIATRIC SURGERY - CONSULTATION\nDate: 04/28/2026\n\nBMI 37.2.\n"
        "STOP-BANG 2, low risk for OSA, hypertension on amlodipine and dyslipidemia on "
        "atorvastatin.\n"
    )
    c = brief_packet(BAR, "2026-05-05", {"01_s.txt": ("2026-04-28", note)})["bmi-comorbidity"]
    assert c.status == "met", c.rationale
