"""Review of 868b337 / 5a9ffb8: where the new rules overreach.  One test per regression class
(each status was right before the change and wrong after it); every packet is invented.

- a correction of something else beside "No other imaging" / a later "corrected" by treatment /
  a note's denial against the study's own report read as superseding an MRI in the window;
- "Family health history" / "Family medical hx" read as a practice's name (PSEUDO);
- "weaned / tapering off" reaching a transplant drug told before another drug's taper;
- a spouse "admitted with urosepsis" read as the patient's systemic infection;
- a running record's numbered sections ("1. SUBJECTIVE" / "2. OBJECTIVE") dating its old exams
  to the day the copies were released;
- a later clause's passing lapse ("did not wear it to today's visit") read as never had;
- a chart review ("By my review of her records, an outside PSG years ago ...") read as a
  re-scoring of the same night.

Run with the project's tests/conftest.py (the ``brief_packet`` fixture)."""

from __future__ import annotations

import pytest

MRI = "lumbar-spine-mri"
TKA = "total-knee-arthroplasty"
CPAP = "cpap-osa"

BACK = (
    "OFFICE VISIT\nLow back pain radiating to the left calf for 4 months. Ibuprofen 600 mg TID "
    "from 10/01/2025, currently taking; PT 10/15/2025 to 12/20/2025 with no relief. SLR positive "
    "left at 40 degrees; strength 5/5; reflexes 2+ symmetric. Denies saddle numbness, bowel or "
    "bladder change, fever, weight loss.\n"
)
KNEE_XR = (
    "2026-01-10",
    "XR RIGHT KNEE 3 VIEWS\nIMPRESSION: Severe medial joint space narrowing, bone on bone.\n",
)


def _mri(brief_packet, records):
    return brief_packet(MRI, "2026-02-20", records, cpt=["72148"])


# -- 1. a correction that leaves the study standing ---------------------------------------------


@pytest.mark.parametrize(
    "records",
    [
        # the addendum corrects a reflex grade; "No other imaging" denies only further studies
        {
            "01_visit.txt": (
                "2026-02-05",
                BACK + "MRI lumbar spine 10/14/2025 showed an L4-5 protrusion contacting the left "
                "L5 root; symptoms unchanged since then.\n\nADDENDUM 02/06/2026: Correction to the "
                "exam above: the left ankle reflex is 1+, not 2+. No other imaging.\n",
            )
        },
        # the correction is of the facility, the study stands
        {
            "01_visit.txt": (
                "2026-02-05",
                BACK + "She had a lumbar MRI at Mercy Imaging in October 2025 that showed an L4-5 "
                "protrusion; symptoms unchanged since.\n\nADDENDUM: Correction to the HPI above, "
                "the study was actually done at St. Luke's, not Mercy. No other lumbar imaging.\n",
            )
        },
        # the study's own report: a later note's "corrected" med list and denial do not undo it
        {
            "01_mri.txt": (
                "2025-10-15",
                "MRI LUMBAR SPINE WITHOUT CONTRAST\nExam date: 10/15/2025\nFINDINGS: L4-5 "
                "broad-based disc protrusion.\nIMPRESSION: L4-5 disc protrusion contacting the "
                "traversing left L5 nerve root.\n",
            ),
            "02_visit.txt": (
                "2026-02-05",
                BACK + "Medication list corrected today: ibuprofen 600 mg, not 800 mg. She reports "
                "no prior imaging.\n",
            ),
        },
        # a correction of another region's imaging
        {
            "01_visit.txt": (
                "2026-02-05",
                BACK + "MRI L-spine 11/03/2025: L4-5 disc extrusion with left L5 root compression. "
                "Symptoms unchanged since the MRI.\n\nADDENDUM: Correction - the hip x-ray in the "
                "problem list belongs to another patient. There is no prior imaging of the hip.\n",
            )
        },
    ],
    ids=["other-imaging", "facility", "report", "other-region"],
)
def test_correction_of_something_else_keeps_the_mri(brief_packet, records):
    c = _mri(brief_packet, records)["repeat-imaging"]
    assert c.status == "not_met", (c.status, c.rationale)


def test_condition_corrected_by_treatment_is_no_correction_of_the_account(brief_packet):
    c = _mri(
        brief_packet,
        {
            "01_visit.txt": (
                "2025-12-01",
                BACK + "MRI lumbar spine 11/10/2025 showed an L5-S1 protrusion with S1 root "
                "contact.\n",
            ),
            "02_visit.txt": (
                "2026-02-05",
                "FOLLOW-UP VISIT\nBack and left leg pain unchanged. Vitamin D deficiency corrected "
                "with supplementation. She has had no prior MRI of the back. SLR positive left; "
                "strength 5/5.\n",
            ),
        },
    )["repeat-imaging"]
    assert c.status == "needs_review", (c.status, c.rationale)


# -- 2. a relatives' history headed "Family health history" -------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "Family health history: significant for colon cancer and lymphoma.",
        "PMH: hypertension. Family medical hx: metastatic breast cancer.",
    ],
)
def test_family_health_history_is_the_relatives(brief_packet, said):
    c = _mri(brief_packet, {"01_visit.txt": ("2026-02-05", BACK + said + "\n")})["red-flags"]
    assert c.status == "not_met", (c.status, c.rationale)


# -- 3. another drug's taper is no end of the immunosuppression told before it -------------------


@pytest.mark.parametrize(
    "said",
    [
        "Kidney transplant 2019 on tacrolimus; she is tapering off prednisone over the next month.",
        "Renal transplant recipient on mycophenolate and tacrolimus; she was weaned off prednisone "
        "in 2024.",
        "Chronic steroid use for COPD; she is weaning off now, currently prednisone 15 mg daily.",
    ],
    ids=["tapering-another", "weaned-another", "still-weaning"],
)
def test_immunosuppression_stays_when_another_drug_is_tapered(brief_packet, said):
    c = _mri(brief_packet, {"01_visit.txt": ("2026-02-05", BACK + said + "\n")})["red-flags"]
    assert c.status == "met", (c.status, c.rationale)


# -- 4. a spouse's systemic infection ---------------------------------------------------------


def test_spouse_admitted_with_urosepsis_is_not_the_patients_infection(brief_packet):
    c = brief_packet(
        TKA,
        "2026-03-10",
        {
            "01_xr.txt": KNEE_XR,
            "02_visit.txt": (
                "2026-03-06",
                "ORTHOPEDIC VISIT\nRight knee OA, pain with stairs. Naproxen since 06/2025. Her "
                "husband was admitted with urosepsis last week; she is his caregiver and worried "
                "about surgery timing. She is afebrile and well; knee without warmth.\n",
            ),
        },
    )["no-active-infection"]
    assert c.status == "met", (c.status, c.rationale)


# -- 5. a running record's numbered sections belong to its dated entries ---------------------------


@pytest.mark.parametrize(
    "record",
    [
        (
            "2026-02-12",
            "PHYSIATRY OFFICE RECORDS (copies released 02/12/2026)\n\nVisit date: 09/02/2025\n"
            "1. SUBJECTIVE\nLow back pain into the left leg.\n2. OBJECTIVE\nStraight-leg raise "
            "positive on the left at 45 degrees. Strength 5/5.\n\nVisit date: 10/14/2025\n"
            "1. SUBJECTIVE\nSame pain.\n2. OBJECTIVE\nSLR positive left at 50 degrees. Reflexes 2+ "
            "and symmetric.\n",
        ),
        (
            "2026-02-10",
            "TRANSCRIBED HANDWRITTEN NOTES - Dr. Alvarez (transcribed 02/10/2026)\n\n"
            "10/20/2025 - office visit\n1) LOW BACK PAIN WITH LEFT SCIATICA\n   SLR + left, "
            "strength 5/5, reflexes symmetric. Continue naproxen.\n\n11/17/2025 - office visit\n"
            "1) LOW BACK PAIN WITH LEFT SCIATICA\n   SLR + left at 40 degrees, sensation "
            "decreased L5.\n",
        ),
    ],
    ids=["soap-numbers", "problem-numbers"],
)
def test_numbered_sections_of_a_running_record_keep_their_entry_day(brief_packet, record):
    c = _mri(brief_packet, {"01_notes.txt": record})["clinical-evaluation"]
    assert c.status == "not_met", (c.status, c.rationale)


# -- 6. a lapse the sentence bounds is no "never had it" -------------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "Naproxen 500 mg BID since 06/01/2025, currently taking. Hinged knee brace since "
        "07/01/2025, wears it daily, but did not wear it to today's visit.",
        "Meloxicam 15 mg daily since 05/01/2025; she could not afford it at first but her plan "
        "covers it now and she takes it daily. Corticosteroid injection right knee 08/12/2025 and "
        "12/02/2025, relief 3 weeks each.",
    ],
    ids=["today", "at-first"],
)
def test_a_passing_lapse_keeps_the_therapy(brief_packet, said):
    c = brief_packet(
        TKA,
        "2026-03-10",
        {
            "01_xr.txt": KNEE_XR,
            "02_visit.txt": (
                "2026-03-06",
                "ORTHO NOTE\nRight knee OA, pain with stairs and walking. " + said + " No lasting "
                "relief.\n",
            ),
        },
    )["conservative-therapy-12wk"]
    assert c.status == "met", (c.status, c.rationale)


# -- 7. a chart review is no re-scoring of the night ---------------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "By my review of her records, an outside PSG years ago in Ohio showed an AHI of 8.",
        "By my count of her prior workups, an old PSG showed AHI 11.",
    ],
)
def test_chart_review_of_an_older_study_is_no_rival_read(brief_packet, said):
    report = (
        "HOME SLEEP APNEA TEST REPORT\nStudy date: 04/12/2026\nREI 22.4 events/h (AASM 4%).\n"
        "Impression: moderate obstructive sleep apnea.\n"
    )
    consult = (
        "SLEEP FOLLOW-UP\nHSAT of 04/12/2026 reviewed with her, REI 22.4, moderate. "
        + said
        + "\nPlan: APAP 5-15.\n"
    )
    c = brief_packet(
        CPAP,
        "2026-05-01",
        {
            "00_f2f.txt": (
                "2026-03-20",
                "SLEEP CLINIC VISIT\nLoud snoring, witnessed apneas, ESS 13. Neck 17 in. BMI 33.\n",
            ),
            "01_hsat.txt": ("2026-04-13", report),
            "02_consult.txt": ("2026-04-25", consult),
        },
    )["sleep-test-ahi"]
    assert c.status == "met", (c.status, c.value, c.rationale)
