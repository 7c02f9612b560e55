# ruff: noqa: E501 -- invented packets keep their record lines whole
"""Classes the thirty-fifth dev batch showed (dev35ms/sl/bh/dx), each in an invented packet.

An elevated blood-pressure reading is no hypertension; a dietetic technician is no dietitian;
an authorized course "never scheduled" did not happen; an evaluation whose own stated period
ran out clears no one now; a clearance withdrawn in the passive voice; a radiculopathy label
queried with "?"; a request form's title beside its page mark; a letter's course "from the
initial evaluation on X through the final visit on Y"; "for the better part of a year"; a
radiologist's "joint space is obliterated"; a semicolon's symptom clause that dates the pain,
not the therapy; a medication row's "Start: X  End: Y"; a discharge's dates after its "Last
visit attended"; an order's "Indication: New ..." against notes that say unchanged; a task
due "before surgery date"; "no improvement at all with PT" after the therapist's "resolved";
and thigh pain the examiner traces to the hip.  Each failed on the code before these fixes,
except two guards that hold on both (a clearance inside its period, a differential left open)."""

from __future__ import annotations

import pytest

BARI_PROGRAM = (
    "2026-03-02",
    "MEDICAL WEIGHT MANAGEMENT - PROGRESS NOTE\nSupervised program visits with weights: 08/04/2025 301 lb, 09/08/2025 297 lb, 10/06/2025 294 lb, 11/03/2025 291 lb, 12/01/2025 288 lb, 01/05/2026 286 lb, 02/02/2026 284 lb. Diet and activity counselling each visit.\n",
)
PSYCH_OK = (
    "2025-12-10",
    "PRE-SURGICAL PSYCHOLOGICAL EVALUATION\nPsychologist: Renata Vos, PhD\nRecommendation: psychologically cleared for bariatric surgery.\n",
)
RD_OK = (
    "2025-11-12",
    "NUTRITION EVALUATION\nSeen by: Dana Okoro, RD, LDN\nDiet history reviewed, meal plan given.\n",
)


def _bari(brief_packet, records: dict, without: tuple[str, ...] = ()) -> dict:
    """A bariatric packet that meets the program, psych and dietitian criteria, with
    ``records`` added and the base records named in ``without`` left out."""
    base = {"02_program.txt": BARI_PROGRAM, "03_psych.txt": PSYCH_OK, "04_rd.txt": RD_OK}
    base = {k: v for k, v in base.items() if k not in without}
    return brief_packet("bariatric-surgery", "2026-03-16", {**base, **records})


def test_an_elevated_blood_pressure_reading_is_no_hypertension(brief_packet) -> None:
    c = _bari(
        brief_packet,
        {
            "01_pcp.txt": (
                "2026-02-20",
                "PRIMARY CARE VISIT\nVitals: Ht 5' 10\", Wt 255 lb, BMI 36.6. BP 136/84.\nAssessment:\n1. Obesity, BMI 36.6\n2. Elevated blood pressure reading - recheck at next visit, home log\n3. Seasonal allergies\n",
            )
        },
    )
    assert c["bmi-comorbidity"].status == "not_met"


def test_a_dietetic_technician_is_no_registered_dietitian(brief_packet) -> None:
    c = _bari(
        brief_packet,
        {
            "04_nutrition.txt": (
                "2026-01-14",
                "PRE-OPERATIVE NUTRITION CLASS\nProvider: Lila Moreno, DTR (Dietetic Technician, Registered)\nReviewed food log, portion sizes and protein goals with the patient.\n",
            ),
        },
        without=("04_rd.txt",),
    )
    assert c["nutrition-evaluation"].status != "met"


def test_a_task_due_before_the_surgery_date_is_not_done(brief_packet) -> None:
    c = _bari(
        brief_packet,
        {
            "05_checklist.txt": (
                "2026-03-10",
                "BARIATRIC PROGRAM CHECKLIST\nNotes: registered dietitian evaluation before surgery date.\n",
            ),
        },
        without=("04_rd.txt",),
    )
    assert c["nutrition-evaluation"].status == "missing"


@pytest.mark.parametrize(
    ("name", "day", "period", "expected"),
    [
        # past its stated period: clears no one now
        (
            "03_old_psych.txt",
            "2021-06-01",
            "This clearance is good for one year from the evaluation date.",
            "missing",
        ),
        # inside it: still clears (a guard, holds on both codes)
        ("03_psych.txt", "2025-12-01", "This clearance is valid for 12 months.", "met"),
    ],
)
def test_a_clearance_counts_only_within_its_stated_period(
    brief_packet, name: str, day: str, period: str, expected: str
) -> None:
    c = _bari(
        brief_packet,
        {
            name: (
                day,
                "PSYCHOLOGICAL EVALUATION FOR WEIGHT LOSS SURGERY\nPsychologist: Ian Brede, PsyD\nRecommendation: psychologically cleared for gastric bypass. "
                + period
                + "\n",
            ),
        },
        without=("03_psych.txt",),
    )
    assert c["psych-evaluation"].status == expected


def test_a_clearance_withdrawn_in_the_passive_is_a_change_not_a_dispute(brief_packet) -> None:
    c = _bari(
        brief_packet,
        {
            "05_reeval.txt": (
                "2026-02-25",
                "PSYCHOLOGICAL RE-EVALUATION\nPsychologist: Renata Vos, PhD\nReason: new heavy drinking reported by the program.\nRecommendation: the clearance given on 12/10/2025 has been withdrawn; she is not cleared for surgery at this time.\n",
            )
        },
    )
    assert c["psych-evaluation"].status == "not_met"


KNEE_XR = (
    "2025-10-02",
    "RADIOGRAPHS RIGHT KNEE, 3 VIEWS\nFindings: The medial joint space is obliterated, with subchondral sclerosis and osteophytes.\nImpression: advanced medial compartment osteoarthritis of the right knee.\n",
)


def test_an_authorized_course_never_scheduled_did_not_happen(brief_packet) -> None:
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-01",
        {
            "01_xr.txt": KNEE_XR,
            "02_ortho.txt": (
                "2026-02-10",
                "ORTHOPEDIC FOLLOW-UP\nRight knee pain, cannot walk more than a block.\nTreatment to date:\n- Naproxen 500 mg twice daily since 08/01/2025, still taking.\n- Physical therapy: 10 visits were authorized, but he never scheduled - works nights.\n",
            ),
        },
    )
    assert c["conservative-therapy-12wk"].status == "not_met"


def test_joint_space_obliterated_is_advanced_arthritis(brief_packet) -> None:
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-01",
        {
            "01_xr.txt": (
                "2025-10-02",
                "RADIOGRAPHS RIGHT KNEE, 3 VIEWS\nFindings: Lateral joint space obliteration with subchondral eburnation.\nImpression: right knee osteoarthritis.\n",
            )
        },
    )
    assert c["radiographic-severity"].status == "met"


def test_a_letter_course_from_first_to_final_visit_is_dated(brief_packet) -> None:
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-01",
        {
            "01_xr.txt": KNEE_XR,
            "02_pt.txt": (
                "2026-01-20",
                "Dear Dr. Amsel:\nMs. Teague was seen for physical therapy for her right knee from her initial evaluation on 10/06/2025 through her final visit on 01/16/2026, 20 visits in all.\nHer pain with stairs is unchanged.\n",
            ),
        },
    )
    assert c["conservative-therapy-12wk"].value is not None
    assert c["conservative-therapy-12wk"].value > 14


def test_the_better_part_of_a_year_is_a_long_course(brief_packet) -> None:
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-01",
        {
            "01_xr.txt": KNEE_XR,
            "02_ortho.txt": (
                "2026-02-10",
                "ORTHOPEDIC CONSULTATION\nShe has taken naproxen 500 mg twice a day for the better part of a year, with little benefit. Knee injection 11/2025 helped for two weeks.\n",
            ),
        },
    )
    assert c["conservative-therapy-12wk"].status == "met"


SPINE_MRI_REQUEST = "lumbar-spine-mri"


def test_a_symptom_clause_after_a_semicolon_does_not_date_the_therapy(brief_packet) -> None:
    c = brief_packet(
        SPINE_MRI_REQUEST,
        "2025-10-01",
        {
            "01_note.txt": (
                "2025-09-20",
                "SPINE CLINIC NOTE\nHe says chiropractic did nothing for him; his leg pain has been constant since March.\nHe went to the chiropractor for three visits in August.\nExam: SLR positive on the left at 45 degrees. Ankle reflex reduced on the left.\n",
            )
        },
    )
    assert c["conservative-therapy"].status == "not_met"


def test_a_medication_row_start_and_end_is_the_course(brief_packet) -> None:
    c = brief_packet(
        SPINE_MRI_REQUEST,
        "2025-10-01",
        {
            "01_note.txt": (
                "2025-09-20",
                "PROGRESS NOTE\nLow back and left leg pain.\nMEDICATIONS\n  Discontinued\n    naproxen 500 MG tablet twice daily     Start: 8/1/2025   End: 8/12/2025\nExam: SLR positive on the left at 45 degrees.\n",
            )
        },
    )
    assert c["conservative-therapy"].status == "not_met"
    assert c["conservative-therapy"].value is not None and c["conservative-therapy"].value < 3


def test_a_discharge_ends_at_its_last_visit_attended(brief_packet) -> None:
    c = brief_packet(
        SPINE_MRI_REQUEST,
        "2025-10-01",
        {
            "01_pt.txt": (
                "2025-09-19",
                "RIVERSIDE REHAB\nPhysical Therapy Discharge Summary (Administrative)      Date: 09/19/2025\nInitial evaluation: 08/11/2025\nVisits attended: 6      Last visit attended: 09/01/2025\nSUMMARY\nTreatment included core stabilization and a home program.\nPt called to cancel remaining appointments on 09/05/2025.\nDISCHARGE STATUS\nDischarged from PT plan of care.\n\nMaya Lind, PT, DPT      09/19/2025 10:12 AM\n",
            )
        },
    )
    assert c["conservative-therapy"].value is not None
    assert abs(c["conservative-therapy"].value - 3.0) <= 0.2


MRI_LAST_YEAR = (
    "2025-06-10",
    "MRI LUMBAR SPINE WITHOUT CONTRAST\nExam date: 06/10/2025\nImpression: L5-S1 right paracentral protrusion contacting the right S1 root.\n",
)


def test_an_orders_new_symptom_against_notes_that_say_unchanged(brief_packet) -> None:
    c = brief_packet(
        SPINE_MRI_REQUEST,
        "2026-04-01",
        {
            "01_mri.txt": MRI_LAST_YEAR,
            "02_visit.txt": (
                "2026-03-20",
                "OFFICE VISIT\nRight calf numbness is unchanged since last spring. No new weakness. She would like a repeat MRI to compare.\nExam: SLR positive on the right. Strength 5/5.\nORDER: MRI lumbar spine without contrast\nIndication: New right leg numbness\n",
            ),
        },
    )
    assert c["repeat-imaging"].status == "not_met"


def test_no_improvement_at_all_with_pt_against_the_therapists_resolved(brief_packet) -> None:
    c = brief_packet(
        SPINE_MRI_REQUEST,
        "2025-11-01",
        {
            "01_pt.txt": (
                "2025-09-05",
                "PHYSICAL THERAPY DISCHARGE\nAttended 8 visits 07/14/2025 - 09/02/2025.\nPatient reports her back and leg pain have resolved; discharged to home program.\n",
            ),
            "02_consult.txt": (
                "2025-10-20",
                "SPINE CONSULT\nShe reports no improvement at all with PT and the leg pain is the same as in July.\nExam: SLR positive on the left at 40 degrees.\n",
            ),
        },
    )
    assert c["therapy-failure"].status == "needs_review"


ESI_FORM = (
    "2025-11-03",
    "NORTHGATE PHYSICIANS                               Printed: 11/3/2025 9:15 AM\nProcedure Authorization Request                   Page 1 of 1\nPROCEDURE REQUESTED\n  Lumbar transforaminal epidural steroid injection, L5-S1, with fluoroscopy\n  Dx: M54.16  Radiculopathy, lumbar region\n",
)


def test_a_queried_radiculopathy_label_yields_to_an_axial_history(brief_packet) -> None:
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2025-11-10",
        {
            "01_form.txt": ESI_FORM,
            "02_pcp.txt": (
                "2025-09-08",
                "PROGRESS NOTE\nAssessment:\n1. Lumbar radiculopathy? - MRI ordered, refer to spine\n",
            ),
            "03_spine.txt": (
                "2025-10-20",
                "SPINE & PAIN NOTE\nHPI: Back pain across the belt line; it does not radiate into the buttocks or legs.\nExam: Straight leg raise negative bilaterally. Strength and reflexes normal.\nPain 6/10, limits sitting at work.\n",
            ),
        },
    )
    assert c["radicular-pain"].status == "not_met"


def test_a_form_title_beside_its_page_mark_types_the_form(tmp_path) -> None:
    from casebrief.documents.split import _strip_fax_header

    head = _strip_fax_header(ESI_FORM[1])
    assert "Procedure Authorization Request" in head
    assert "Page 1 of 1" not in head


def test_thigh_pain_the_examiner_traces_to_the_hip_is_no_radicular_pain(brief_packet) -> None:
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-02-10",
        {
            "01_consult.txt": (
                "2026-01-28",
                "SPINE CONSULTATION\nHISTORY: Referred for left sciatica. Long-standing low back ache across the belt line. New pain: he points to the left groin and the front of the thigh; the pain stops at the knee. The leg pain is worst getting out of his car. No numbness or tingling. Pain 6/10, he can no longer walk the dog.\nEXAMINATION: Straight leg raise and femoral stretch negative. Strength, reflexes and sensation normal. Left hip internal rotation reproduces the groin and thigh pain.\nIMPRESSION: Left thigh pain; the examination favors the left hip over the lumbar spine. Left hip osteoarthritis.\n",
            ),
        },
    )
    assert c["radicular-pain"].status == "not_met"


def test_a_differential_left_open_keeps_the_leg_pain(brief_packet) -> None:
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-02-10",
        {
            "01_consult.txt": (
                "2026-01-28",
                "SPINE CONSULTATION\nHISTORY: Pain from the left buttock down the back of the thigh and calf to the lateral foot, with tingling in the little toe.\nEXAMINATION: Straight leg raise positive on the left at 40 degrees. Ankle reflex reduced on the left.\nIMPRESSION: Left S1 radiculopathy versus referred pain from the left hip; the examination favors the spine.\n",
            ),
        },
    )
    assert c["radicular-pain"].status == "met"
