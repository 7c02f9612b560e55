"""Two accounts of whether a therapy course or a study happened at all, where the difference
decides the criterion: a surgeon's "finished a 12-week course of PT" against the clinic's own
reply that the patient was never seen; a home-health discharge logging a dated course against
a later consult's "No physical therapy to date"; an examiner's "to date she has had no formal
therapy" written weeks into the course another letter claims; a hospital summary's MRI
findings against the rehab facility's "MRI cancelled, never completed".  Each packet here is
invented for the test; none is copied from a labelled case."""

from __future__ import annotations

KNEE = {"cpt": ["27447"], "icd10": ["M17.12"]}

XRAY = (
    "2025-09-02",
    "RADIOLOGY REPORT\nEXAM: XR LEFT KNEE STANDING AP AND LATERAL\n"
    "FINDINGS: Bone-on-bone medial compartment, large osteophytes.\n"
    "IMPRESSION: Severe osteoarthritis of the left knee, Kellgren-Lawrence grade 4.\n",
)
FIRST_VISIT = (
    "2025-09-02",
    "ORTHOPEDIC NEW PATIENT VISIT\nLeft knee pain for years. She has taken naproxen 500 mg "
    "twice daily since 2023 with little benefit.\nPlan: referral to Brightwater Physical "
    "Therapy, 2x/week for 12 weeks. Return in 4 months.\n",
)


def _surgeon_says_finished(day: str) -> tuple[str, str]:
    return (
        day,
        "ORTHOPEDIC FOLLOW-UP\nShe reports she finished a 12-week course of formal physical "
        "therapy at Brightwater, October through December, with no improvement. Still taking "
        "naproxen 500 mg twice daily with little relief. Walks one block, stairs one at a time. "
        "BMI 34.2. No erythema or warmth of the left knee.\nPlan: left total knee arthroplasty.\n",
    )


CLINIC_ZERO = (
    "2026-01-22",
    "BRIGHTWATER PHYSICAL THERAPY\nRESPONSE TO RECORDS REQUEST\n"
    "Referral received 09/03/2025 for left knee OA, evaluate and treat.\n"
    "Calls 09/05/2025 and 09/19/2025 - voicemail left.\n"
    "Referral closed 10/20/2025 - patient was never seen.\n"
    "No evaluation or treatment visits took place at any of our clinics.\n",
)


def test_the_clinics_own_zero_against_a_surgeons_finished_course(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-02-02",
        {
            "01_xray.txt": XRAY,
            "02_first_visit.txt": FIRST_VISIT,
            "03_pt_reply.txt": CLINIC_ZERO,
            "04_followup.txt": _surgeon_says_finished("2026-01-20"),
        },
        **KNEE,
    )
    c = criteria["conservative-therapy-12wk"]
    assert c.status == "needs_review", c.rationale


HH_DISCHARGE = (
    "2025-12-19",
    "SUNRIDGE HOME CARE - PHYSICAL THERAPY DISCHARGE\nDx: left knee osteoarthritis\n"
    "Dates of service: 10/07/2025 - 12/16/2025\nVisits: 14\n"
    "Treatment provided: quad sets, gait training, stair practice, home exercise program.\n"
    "Assessment: pain unchanged, goals not met.\n",
)


def test_a_consults_no_therapy_to_date_against_a_dated_home_course(brief_packet) -> None:
    later = (
        "2026-02-10",
        "ORTHOPEDIC CONSULTATION\nLeft knee pain for years; acetaminophen 1 g three times "
        "daily for years without benefit.\nNo physical therapy to date - she tells me she "
        "would not let the home therapist in.\nBMI 33.0. Walks 50 feet, needs a rail for "
        "stairs.\nPlan: left total knee arthroplasty.\n",
    )
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-02-20",
        {"01_xray.txt": XRAY, "02_hh_pt.txt": HH_DISCHARGE, "03_consult.txt": later},
        **KNEE,
    )
    c = criteria["conservative-therapy-12wk"]
    assert c.status == "needs_review", c.rationale


def test_an_examiners_none_to_date_written_inside_the_claimed_course(brief_packet) -> None:
    examiner = (
        "2025-11-25",
        "INDEPENDENT MEDICAL EXAMINATION\nTo date she has had no formal physical therapy "
        "for the knee; her care has been an oral NSAID alone.\n",
    )
    letter = (
        "2026-01-20",
        "Dear counsel,\nShe has taken naproxen since 2023. She completed twelve weeks of "
        "formal physical therapy at Brightwater from October to December 2025 without "
        "improvement. Walks one block. BMI 34.2. No warmth or erythema.\n",
    )
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-02-02",
        {
            "01_xray.txt": XRAY,
            "02_first_visit.txt": FIRST_VISIT,
            "03_ime.txt": examiner,
            "04_letter.txt": letter,
        },
        **KNEE,
    )
    c = criteria["conservative-therapy-12wk"]
    assert c.status == "needs_review", c.rationale


def test_a_denial_scoped_since_an_event_is_no_contradiction(brief_packet) -> None:
    """ "Since moving home she has had no formal therapy" after a dated course: the weeks
    after it, consistent with the course (the reading is unchanged by the fix)."""
    later = (
        "2026-02-10",
        "ORTHOPEDIC CONSULTATION\nAcetaminophen 1 g three times daily for years without "
        "benefit. Since moving home she has had no physical therapy.\nBMI 33.0. Walks 50 "
        "feet.\nPlan: left total knee arthroplasty.\n",
    )
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-02-20",
        {"01_xray.txt": XRAY, "02_hh_pt.txt": HH_DISCHARGE, "03_consult.txt": later},
        **KNEE,
    )
    c = criteria["conservative-therapy-12wk"]
    assert c.status != "needs_review", c.rationale


LUMBAR = {"cpt": ["72148"], "icd10": ["M54.16"]}

DISCHARGE = (
    "2025-07-12",
    "HOSPITAL DISCHARGE SUMMARY\nAdmitted with low back pain and left leg pain.\n"
    "RESULTS\n- MRI lumbar spine without contrast 07/08/2025: L5-S1 left paracentral disc "
    "protrusion contacting the left S1 root.\nDischarged to rehab.\n",
)
REHAB = (
    "2025-08-01",
    "REHAB UNIT TRANSFER SUMMARY\nPending items:\n1. MRI lumbar spine - ordered 7/7, "
    "cancelled 7/8: patient could not lie flat in the scanner. Never completed.\n",
)
VISIT = (
    "2026-01-10",
    "CLINIC VISIT (in person)\nLow back pain radiating down the left leg, the same as in "
    "July, unchanged. Imaging: he has never had the MRI - he could not stay in the tube.\n"
    "Exam: SLR positive on the left at 40 degrees; ankle reflex diminished on the left.\n"
    "Plan: MRI lumbar spine in an open scanner.\n",
)


def test_a_summarys_mri_findings_against_records_of_it_cancelled(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-01-20",
        {"01_dc.txt": DISCHARGE, "02_rehab.txt": REHAB, "03_visit.txt": VISIT},
        **LUMBAR,
    )
    c = criteria["repeat-imaging"]
    assert c.status == "needs_review", c.rationale


def test_a_cancelled_repeat_study_does_not_dispute_the_first(brief_packet) -> None:
    """The study done in July and a repeat MRI cancelled in August: two studies, no dispute."""
    rehab = (
        "2025-08-20",
        "REHAB UNIT TRANSFER SUMMARY\nThe repeat MRI lumbar spine ordered 8/10 was cancelled "
        "8/12 by the patient.\n",
    )
    visit = (
        "2026-01-10",
        "CLINIC VISIT (in person)\nLow back pain radiating down the left leg, unchanged since "
        "July.\nExam: SLR positive on the left at 40 degrees.\nPlan: MRI lumbar spine.\n",
    )
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-01-20",
        {"01_dc.txt": DISCHARGE, "02_rehab.txt": rehab, "03_visit.txt": visit},
        **LUMBAR,
    )
    c = criteria["repeat-imaging"]
    assert c.status != "needs_review", c.rationale
