"""Classes of error from the twenty-sixth dev batch (knee packets from orthopaedic practices,
sparse notes from small practices): a CPAP letter's adherence told in prose, an undated
"currently using" analgesic, a denial of one kind of injection read as a denial of another,
a surgeon's summary length counted as another course, a packet that denies any functional
limitation, one knee's injections retold as the other's, a phone note that says PT had not
started inside the weeks a later note calls PT completed, a fax checklist the note denies, and
a program's months against its own enrolment and completion days.  Every packet is invented
for the test; none is copied from a labelled case."""

from __future__ import annotations

import pytest

KNEE_LEFT = {"icd10": ["M17.12"], "cpt": ["27447"]}
KNEE_RIGHT = {"icd10": ["M17.11"], "cpt": ["27447"]}

XRAY_LEFT = (
    "2025-12-01",
    "XR LEFT KNEE 3 VIEWS STANDING\nIMPRESSION: Severe medial joint space narrowing with "
    "bone-on-bone contact, Kellgren-Lawrence grade 4.\n",
)
XRAY_RIGHT = (
    "2025-12-01",
    "XR RIGHT KNEE 3 VIEWS STANDING\nIMPRESSION: Severe medial joint space narrowing with "
    "bone-on-bone contact, Kellgren-Lawrence grade 4.\n",
)

# ------------------------------------------------------------------ CPAP adherence in prose


def _cpap_packet(sentence: str) -> dict:
    return {
        "01_psg.txt": (
            "2025-10-20",
            "POLYSOMNOGRAM REPORT\nStudy date: 10/20/2025\nAHI 31.5 events/h. Severe obstructive "
            "sleep apnea.\n",
        ),
        "02_eval.txt": (
            "2025-10-01",
            "SLEEP CLINIC NEW PATIENT\nLoud snoring, witnessed apneas, Epworth 15. Neck 17.5 in. "
            "BMI 34.\nPlan: in-lab polysomnogram.\n",
        ),
        "03_letter.txt": (
            "2026-01-20",
            "PRAIRIE HOME RESPIRATORY\nJanuary 20, 2026\nRE: CPAP compliance\n\n"
            "Mr. Lindqvist was set up on an auto-CPAP on November 10, 2025. Based on the modem "
            f"data,\n{sentence}\n(November 10, 2025 through December 9, 2025).\n",
        ),
        "04_followup.txt": (
            "2026-01-05",
            "SLEEP FOLLOW-UP\nOSA on CPAP since 11/10/2025. Feels much better, Epworth 6, no "
            "snoring per wife. Tolerating mask.\n",
        ),
    }


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("he used CPAP 24 of the first 30 nights for more than 4 hours", "met"),
        ("he used the device for at least 4 hours on 23 nights out of the first 30", "met"),
        ("he used CPAP 25 of the initial 30 nights for 4 hours or more", "met"),
        ("he used CPAP 15 of the first 30 nights for more than 4 hours", "not_met"),
    ],
)
def test_a_letters_count_of_nights_in_prose_is_adherence(brief_packet, sentence, status) -> None:
    c = brief_packet("cpap-osa", "2026-02-02", _cpap_packet(sentence), request_type="continuation")[
        "adherence"
    ]
    assert c.status == status, c.rationale


# ------------------------------------------------------------------ undated current analgesic


def _knee_note(treatment: str, extra: str = "") -> tuple[str, str]:
    return (
        "2026-01-19",
        "ORTHOPAEDIC CONSULTATION\nHPI: Left knee pain for 4 years. She can only walk about one "
        "block before stopping and takes stairs one at a time with the rail.\n"
        f"Prior treatment for this knee:\n{treatment}\n{extra}\n"
        "Exam: left knee skin intact, no erythema or warmth. Ht 5'6\" Wt 180 lb BMI 29.1\n"
        "Plan: left TKA.\n",
    )


def test_an_undated_current_analgesic_adds_no_weeks(brief_packet) -> None:
    note = _knee_note(
        " - Naproxen 500 mg bid 06/02/2025 - 09/29/2025, partial relief at best.\n"
        " - Physical therapy 07/07/2025 - 09/01/2025, no lasting benefit.\n"
        " - Currently using ice and OTC acetaminophen."
    )
    c = brief_packet(
        "total-knee-arthroplasty", "2026-02-02", {"01.txt": note, "02.txt": XRAY_LEFT}, **KNEE_LEFT
    )["conservative-therapy-12wk"]
    assert c.status == "met", c.rationale
    assert c.value == 17.0


def test_a_current_analgesic_with_its_start_still_runs_to_the_request(brief_packet) -> None:
    note = _knee_note(
        " - Naproxen 500 mg bid 06/02/2025 - 09/29/2025, partial relief at best.\n"
        " - Physical therapy 07/07/2025 - 09/01/2025, no lasting benefit.\n"
        " - Acetaminophen 1 g tid since 12/01/2025, currently taking."
    )
    c = brief_packet(
        "total-knee-arthroplasty", "2026-02-02", {"01.txt": note, "02.txt": XRAY_LEFT}, **KNEE_LEFT
    )["conservative-therapy-12wk"]
    assert c.status == "met", c.rationale
    assert c.value == 26.0


# ------------------------------------------------------------------ one kind of injection denied


def _injection_packet(denial: str) -> dict:
    return {
        "01.txt": _knee_note(
            " - Meloxicam 15 mg daily 06/02/2025 - 12/01/2025, partial relief.\n"
            " - Left knee cortisone injection 09/15/2025 (Depo-Medrol 40 mg), about 2 weeks of "
            "relief, then pain back to baseline.",
            denial,
        ),
        "02.txt": XRAY_LEFT,
    }


@pytest.mark.parametrize(
    "denial",
    ["She has not tried hyaluronic acid.", "She has never had viscosupplementation."],
)
def test_a_denied_gel_injection_does_not_dispute_a_steroid_one(brief_packet, denial) -> None:
    c = brief_packet(
        "total-knee-arthroplasty", "2026-02-02", _injection_packet(denial), **KNEE_LEFT
    )["conservative-therapy-12wk"]
    assert c.status == "met", c.rationale
    assert c.value == 26.0


def test_a_denied_steroid_injection_still_disputes_the_steroid_course(brief_packet) -> None:
    packet = _injection_packet("")
    packet["03_pcp.txt"] = (
        "2025-12-20",
        "PCP VISIT\nLeft knee pain. She has never had a cortisone injection in the knee.\n",
    )
    c = brief_packet("total-knee-arthroplasty", "2026-02-02", packet, **KNEE_LEFT)[
        "conservative-therapy-12wk"
    ]
    assert c.status == "needs_review", c.rationale


# ------------------------------------------------------------------ a summary length retold


def _summary_packet(courses: str, summary: str) -> dict:
    return {
        "01.txt": (
            "2026-04-20",
            "ORTHO CONSULT\nHPI: Right knee pain. Walks 1 block max before stopping, stairs one at "
            "a time with the rail.\nTreatment to date:\n"
            f"{courses}\nExam: R knee no erythema, skin intact. BMI 33.0\n"
            f"ASSESSMENT: End-stage OA right knee, {summary}.\nPLAN: R TKA.\n",
        ),
        "02.txt": XRAY_RIGHT,
    }


@pytest.mark.parametrize(
    "summary",
    ["failed >12 weeks of non-operative management", "failed 3 months of conservative care"],
)
def test_a_summary_length_the_dated_courses_account_for_adds_nothing(brief_packet, summary) -> None:
    courses = (
        "- diclofenac 75 mg bid 11/10/25 - 2/20/26, modest help\n"
        "- PT 12/1/25 - 1/26/26 (14 visits), no lasting benefit\n"
        "- acetaminophen 1 g tid 2/20/26 - 3/15/26, no help, stopped"
    )
    c = brief_packet(
        "total-knee-arthroplasty", "2026-06-01", _summary_packet(courses, summary), **KNEE_RIGHT
    )["conservative-therapy-12wk"]
    assert c.status == "met", c.rationale
    assert c.value == 17.9


def test_a_summary_length_longer_than_the_dated_courses_is_kept(brief_packet) -> None:
    courses = (
        "- diclofenac 75 mg bid 2/2/26 - 3/2/26, modest help\n"
        "- PT 2/9/26 - 3/16/26 (8 visits), no lasting benefit"
    )
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-06-01",
        _summary_packet(courses, "failed 6 months of conservative care"),
        **KNEE_RIGHT,
    )["conservative-therapy-12wk"]
    assert c.value is not None and c.value > 20, c.rationale


# ------------------------------------------------------------------ no functional limitation


def _function_packet(hpi: str) -> dict:
    return {
        "01.txt": (
            "2026-03-02",
            f"ORTHO CONSULT\nHPI: Left knee ache 3/10 after long walks. {hpi}\n"
            "Exam: L knee no erythema, skin intact. Gait normal. BMI 28.0\nPlan: discussed TKA.\n",
        ),
        "02_preop.txt": (
            "2026-03-09",
            "PRE-OPERATIVE EVALUATION\nFunctional capacity: > 4 METs. Walks 2 miles daily and "
            "climbs 2 flights of stairs without stopping.\nNo active infection.\n",
        ),
        "03.txt": XRAY_LEFT,
    }


@pytest.mark.parametrize(
    "hpi",
    [
        "He has no trouble with stairs or getting up from a chair, and he is not limited in "
        "anything he wants to do. KOOS JR interval score 78.4",
        "She denies difficulty with stairs or rising from a chair. WOMAC",
    ],
)
def test_a_packet_that_denies_any_limitation_is_not_met(brief_packet, hpi) -> None:
    c = brief_packet("total-knee-arthroplasty", "2026-03-16", _function_packet(hpi), **KNEE_LEFT)[
        "functional-limitation"
    ]
    assert c.status == "not_met", c.rationale


def test_a_limitation_told_beside_a_score_is_met(brief_packet) -> None:
    hpi = (
        "She can only walk about one block before she has to stop and rest. "
        "KOOS JR interval score 38.2"
    )
    c = brief_packet("total-knee-arthroplasty", "2026-03-16", _function_packet(hpi), **KNEE_LEFT)[
        "functional-limitation"
    ]
    assert c.status == "met", c.rationale


# ------------------------------------------------------------------ one knee's injections retold


def _side_packet(drug: str) -> dict:
    return {
        "01.txt": (
            "2026-03-02",
            "ORTHO CONSULT\nHPI: L knee pain, walks 1 block max before stopping, stairs one at a "
            "time.\nTreatment: celecoxib 200 mg daily started 09/08/2025, currently taking. "
            "Had a Synvisc hyaluronic acid series x3 in the L knee in Oct 2025 - no relief.\n"
            "Exam: L knee skin intact. BMI 30.0\nPlan: L TKA.\n",
        ),
        "02_proc.txt": (
            "2025-10-20",
            "PROCEDURE NOTES - INJECTION SERIES\n"
            f"DOS 10/06/2025\nProcedure: Intra-articular injection, RIGHT knee (20610), {drug}\n"
            "Technique: prepped with chlorhexidine. 2 mL injected. No complications.\n"
            f"DOS 10/20/2025\nProcedure: IA injection RIGHT knee, {drug}. Tolerated.\n",
        ),
        "03.txt": XRAY_LEFT,
    }


def test_the_other_knees_procedure_notes_dispute_a_retold_series(brief_packet) -> None:
    c = brief_packet(
        "total-knee-arthroplasty", "2026-03-16", _side_packet("Synvisc 2 mL"), **KNEE_LEFT
    )["conservative-therapy-12wk"]
    assert c.status == "needs_review", c.rationale


def test_another_kind_of_injection_on_the_other_knee_disputes_nothing(brief_packet) -> None:
    c = brief_packet(
        "total-knee-arthroplasty", "2026-03-16", _side_packet("Kenalog 40 mg"), **KNEE_LEFT
    )["conservative-therapy-12wk"]
    assert c.status == "met", c.rationale


# ------------------------------------------------------------------ PT not started, then completed


def _pt_packet(phone_day: str, phone_date: str) -> dict:
    return {
        "01_ov.txt": (
            "2025-12-01",
            "OFFICE VISIT 12/01/2025\nS: LBP x 3 mo into L leg. Denies saddle anesth, b/b "
            "changes.\nO: SLR + L @ 45. Str 5/5. DTRs 2+ sym.\nP: naproxen 500 bid. Referral "
            "PT 2x/wk x 6 wks.\n",
        ),
        "02_phone.txt": (
            phone_date,
            f"TELEPHONE ENCOUNTER {phone_day}\nPt called, back still hurting. Asked about PT - pt "
            "states she has not been to any PT sessions since the referral, couldn't get off "
            "work.\n",
        ),
        "03_ov.txt": (
            "2026-02-23",
            "OFFICE VISIT 02/23/2026\nS: LBP w/ L leg pain, worse. Completed PT at Main St PT "
            "12/8/25 - 1/19/26, no better.\nO: SLR + L @ 40. Str 5/5. DTRs 2+ sym. Decr LT L "
            "foot.\nP: MRI L-spine.\n",
        ),
    }


def test_a_phone_note_inside_the_claimed_weeks_disputes_the_course(brief_packet) -> None:
    c = brief_packet("lumbar-spine-mri", "2026-03-09", _pt_packet("01/14/2026", "2026-01-14"))[
        "conservative-therapy"
    ]
    assert c.status == "needs_review", c.rationale


def test_a_phone_note_before_the_course_began_disputes_nothing(brief_packet) -> None:
    c = brief_packet("lumbar-spine-mri", "2026-03-09", _pt_packet("12/05/2025", "2025-12-05"))[
        "conservative-therapy"
    ]
    assert c.status == "met", c.rationale


# ------------------------------------------------------------------ a fax checklist the note denies


def _fax_packet(pt_line: str) -> dict:
    return {
        "01_fax.txt": (
            "2026-03-16",
            "FAX - PRIOR AUTHORIZATION REQUEST\nProcedure: LEFT total knee arthroplasty CPT 27447"
            "\nConservative treatment tried:  NSAIDs  /  PT  /  bracing\nBMI: see note\n",
        ),
        "02_note.txt": (
            "2026-03-04",
            "OFFICE VISIT\nHPI: L knee pain x 2 yrs, walks 1 block max, stairs one at a time.\n"
            "Meds for the knee: naproxen 500 mg bid started 08/11/2025, currently taking.\n"
            f"{pt_line}\nExam: L knee skin intact. BMI 33.0\nPlan: TKA.\n",
        ),
        "03.txt": XRAY_LEFT,
    }


def test_a_checklist_item_the_note_denies_is_no_second_kind(brief_packet) -> None:
    packet = _fax_packet("He has not done PT for the L knee. No brace.")
    c = brief_packet("total-knee-arthroplasty", "2026-03-16", packet, **KNEE_LEFT)[
        "conservative-therapy-12wk"
    ]
    assert c.status == "not_met", c.rationale


def test_a_checklist_item_the_note_does_not_deny_still_counts(brief_packet) -> None:
    packet = _fax_packet("Pain unchanged despite treatment.")
    c = brief_packet("total-knee-arthroplasty", "2026-03-16", packet, **KNEE_LEFT)[
        "conservative-therapy-12wk"
    ]
    assert c.status == "met", c.rationale


# ------------------------------------------------------------------ a program's months and days


def test_a_programs_months_take_its_own_records_days(brief_packet) -> None:
    packet = {
        "01.txt": (
            "2026-01-05",
            "ORTHO VISIT\nHPI: L knee pain; walks 10 min max, stairs with both rails. He completed "
            "the hospital weight management program (Feb-Jul 2025), lost 20 lb, and did PT this "
            "spring, without improvement in his knee.\nExam: L knee skin intact. BMI 36.0\n"
            "Plan: L TKA.\n",
        ),
        "02_program.txt": (
            "2025-07-14",
            "CENTER FOR MEDICAL WEIGHT MANAGEMENT\nPROGRAM COMPLETION SUMMARY\n"
            "Enrollment: 02/03/2025           Completion: 07/14/2025\n"
            "Outcome: 20 lb loss. Knee pain has not improved with weight loss.\n",
        ),
        "03_pt.txt": (
            "2025-05-19",
            "PHYSICAL THERAPY DISCHARGE\nDates of care: 03/24/2025 - 05/19/2025   Visits: 12\n"
            "A: minimal progress, goals not met. D/C to HEP.\n",
        ),
        "04.txt": XRAY_LEFT,
    }
    c = brief_packet("total-knee-arthroplasty", "2026-01-12", packet, **KNEE_LEFT)[
        "conservative-therapy-12wk"
    ]
    assert c.status == "met", c.rationale
    assert c.value == 23.0
