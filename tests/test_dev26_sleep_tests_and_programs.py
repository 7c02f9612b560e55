"""Classes of error found on the twenty-sixth dev batch (sleep and bariatric packets), each
with invented variants and negative variants.  Every packet is invented for the test; none is
copied from a labelled case."""

from __future__ import annotations

import pytest

# ------------------------------------------------------------ sleep: a rule's example list

_HSAT = (
    "2026-01-12",
    "NORTHFIELD SLEEP DIAGNOSTICS\nHOME SLEEP APNEA TEST - INTERPRETATION\n"
    "Study date: 01/08/2026\nAHI 9.6 events/h (4% rule). Nadir SpO2 86%.\n"
    "IMPRESSION: Mild obstructive sleep apnea, AHI 9.6/h.\n{extra}\n",
)


def _pcp_visit(extra: str) -> tuple[str, str]:
    return (
        "2025-12-15",
        "FAMILY MEDICINE OFFICE VISIT\nSeen in the office today.\n"
        "HPI: Loud snoring for years per wife, witnessed apneas. Epworth 8/24.\n"
        f"{extra}\nPlan: home sleep test.\n",
    )


@pytest.mark.parametrize(
    "rule",
    [
        "Coverage of PAP for mild OSA usually requires a documented qualifying condition "
        "(e.g. hypertension, insomnia, mood disorder); none was provided.",
        "Payers generally require a qualifying comorbidity such as hypertension, stroke or "
        "depression for an AHI of 5-14; none is listed on the referral.",
        "Medicare criteria for an AHI of 5-14 require one of the following: hypertension, "
        "ischemic heart disease, insomnia; please document if present.",
    ],
)
def test_conditions_named_as_a_rules_examples_do_not_qualify_a_mild_ahi(brief_packet, rule):
    hsat = (_HSAT[0], _HSAT[1].format(extra=rule))
    criteria = brief_packet(
        "cpap-osa",
        "2026-01-20",
        {"01_visit.txt": _pcp_visit("No chronic medical problems."), "02_hsat.txt": hsat},
    )
    c = criteria["sleep-test-ahi"]
    assert c.status == "not_met", c.rationale
    assert c.value == 9.6


@pytest.mark.parametrize(
    "condition",
    [
        "PMH: hypertension on lisinopril 10 mg daily.",
        "He has hypertension, which qualifies, e.g. on two agents.",
    ],
)
def test_a_patients_own_condition_still_qualifies_a_mild_ahi(brief_packet, condition):
    hsat = (_HSAT[0], _HSAT[1].format(extra=""))
    criteria = brief_packet(
        "cpap-osa",
        "2026-01-20",
        {"01_visit.txt": _pcp_visit(condition), "02_hsat.txt": hsat},
    )
    assert criteria["sleep-test-ahi"].status == "met", criteria["sleep-test-ahi"].rationale


# ------------------------------------------- sleep: a letter whose author never saw the patient

_HSAT_SEVERE = (
    "2026-02-03",
    "RIVERBEND SLEEP CENTER\nHOME SLEEP APNEA TEST REPORT\nStudy date: 01/30/2026\n"
    "AHI 24.0 events/h. IMPRESSION: Moderate obstructive sleep apnea.\n",
)


@pytest.mark.parametrize(
    "not_seen",
    [
        "I have not seen the patient in clinic; this letter is based on the study.",
        "We have not yet examined Ms. Ortiz in person.",
        "I have never met him; I read his study for his primary care office.",
    ],
)
def test_a_letter_whose_author_has_not_seen_the_patient_is_no_evaluation(brief_packet, not_seen):
    letter = (
        "2026-02-06",
        "RIVERBEND SLEEP CENTER\n\nFebruary 6, 2026\n\nDear Dr. Moss,\n\n"
        f"I interpreted the home sleep test of your patient. {not_seen} Your referral "
        "describes loud snoring and witnessed apneas, and she feels sleepy in the afternoons. "
        "I recommend APAP.\n\nSincerely,\nDr. Vale\n",
    )
    criteria = brief_packet(
        "cpap-osa", "2026-02-10", {"01_hsat.txt": _HSAT_SEVERE, "02_letter.txt": letter}
    )
    c = criteria["face-to-face-evaluation"]
    assert c.status == "missing", c.rationale


@pytest.mark.parametrize(
    "last_seen",
    [
        "I have not seen him since 2022.",
        "I had not seen him\nin the office since March 2024.",
        "I have not seen the patient's prior records.",
    ],
)
def test_a_visit_whose_author_last_saw_the_patient_long_ago_is_still_a_visit(
    brief_packet, last_seen
):
    visit = (
        "2026-02-06",
        "SLEEP CLINIC NOTE\nSeen in the office today.\n"
        f"{last_seen} Today he reports loud snoring, witnessed apneas and "
        "daytime sleepiness, Epworth 13/24.\n",
    )
    criteria = brief_packet(
        "cpap-osa", "2026-02-10", {"01_hsat.txt": _HSAT_SEVERE, "02_visit.txt": visit}
    )
    c = criteria["face-to-face-evaluation"]
    assert c.status == "not_met", c.rationale  # a visit, but after the test


# ---------------------------------- sleep: one re-evaluation note telling both accounts


def _reeval(intake: str, physician: str) -> dict:
    return {
        "01_setup.txt": (
            "2026-01-05",
            "DME SETUP TICKET\nCPAP set up on 01/05/2026. Patient instructed on mask fit.\n",
        ),
        "02_followup.txt": (
            "2026-03-02",
            "SLEEP MEDICINE PROGRESS NOTE\nVisit: in-person follow-up\n"
            f"INTAKE (MA): {intake}\n\n"
            f"PHYSICIAN: Patient with OSA on CPAP since 01/05/2026. {physician}\n"
            "Plan: continue CPAP.\n",
        ),
    }


@pytest.mark.parametrize(
    "intake, physician",
    [
        (
            "Pt states daytime sleepiness is better since starting CPAP.",
            "Sleepiness no different than before CPAP; Epworth 13 today.",
        ),
        (
            "Reports feeling less sleepy and more rested.",
            "On direct questioning no improvement in daytime sleepiness yet.",
        ),
        (
            "Snoring improved per pt.",
            "Wife says snoring is unchanged when he uses the mask.",
        ),
    ],
)
def test_one_visit_note_that_says_both_improved_and_not_needs_review(
    brief_packet, intake, physician
):
    criteria = brief_packet(
        "cpap-osa", "2026-04-01", _reeval(intake, physician), request_type="continuation"
    )
    c = criteria["clinical-reevaluation"]
    assert c.status == "needs_review", c.rationale


@pytest.mark.parametrize(
    "intake, physician",
    [
        ("Snoring resolved per wife.", "Daytime sleepiness unchanged, Epworth 9."),
        ("Pt states daytime sleepiness is better.", "Feels more alert at work; ESS 6."),
    ],
)
def test_an_improvement_of_one_symptom_beside_another_unchanged_is_met(
    brief_packet, intake, physician
):
    criteria = brief_packet(
        "cpap-osa", "2026-04-01", _reeval(intake, physician), request_type="continuation"
    )
    c = criteria["clinical-reevaluation"]
    assert c.status == "met", c.rationale


# --------------------------------------------- bariatric: a condition in a clinic's name


def _endo(letterhead: str, body: str) -> tuple[str, str]:
    return (
        "2026-02-10",
        f"{letterhead}\n100 Main St, Suite 2\n\nCONSULTATION\n"
        f"Vitals: Ht 5' 6\"  Wt 220 lb  BMI 35.5\n{body}\n",
    )


@pytest.mark.parametrize(
    "letterhead",
    [
        "Lakeside Endocrinology & Diabetes Center",
        "Heart and Hypertension Institute of Dayton",
        "Valley Diabetes Associates",
    ],
)
def test_a_condition_named_in_a_clinics_name_is_no_comorbidity(brief_packet, letterhead):
    criteria = brief_packet(
        "bariatric-surgery",
        "2026-03-01",
        {"01_consult.txt": _endo(letterhead, "Assessment: obesity class II. PCOS. GERD.")},
    )
    c = criteria["bmi-comorbidity"]
    assert c.status == "not_met", c.rationale
    assert c.value == 35.5


def test_a_condition_the_patient_has_under_such_a_letterhead_still_counts(brief_packet):
    criteria = brief_packet(
        "bariatric-surgery",
        "2026-03-01",
        {
            "01_consult.txt": _endo(
                "Lakeside Endocrinology & Diabetes Center",
                "Assessment: type 2 diabetes on metformin, A1c 7.4. Obesity class II.",
            )
        },
    )
    assert criteria["bmi-comorbidity"].status == "met", criteria["bmi-comorbidity"].rationale


# ------------------------------------ bariatric: the same weight under two different heights


def _bmi_packet(pcp_vitals: str, program_vitals: str) -> dict:
    return {
        "01_pcp.txt": (
            "2026-03-02",
            f"PRIMARY CARE VISIT\nVitals: {pcp_vitals}\nAssessment: obesity. GERD.\n",
        ),
        "02_program.txt": (
            "2026-04-06",
            "WEIGHT MANAGEMENT PROGRAM - MEASUREMENTS\n"
            f"Anthropometrics: {program_vitals}\nNo other conditions.\n",
        ),
    }


@pytest.mark.parametrize(
    "pcp, program",
    [
        (
            "Ht 5' 8\" (1.727 m)  Wt 240 lb (108.9 kg)  BMI 36.5",
            "height 163 cm, weight 109.0 kg, BMI 41.0",
        ),
        ("Height 170 cm  Weight 110 kg  BMI 38.1", "Ht 5' 4\"  Wt 243 lb  BMI 41.7"),
    ],
)
def test_the_same_weight_under_two_heights_on_either_side_needs_review(brief_packet, pcp, program):
    criteria = brief_packet("bariatric-surgery", "2026-04-20", _bmi_packet(pcp, program))
    c = criteria["bmi-comorbidity"]
    assert c.status == "needs_review", c.rationale


def test_a_later_heavier_weight_under_the_same_height_is_the_latest_value(brief_packet):
    criteria = brief_packet(
        "bariatric-surgery",
        "2026-04-20",
        _bmi_packet("Ht 5' 5\"  Wt 230 lb  BMI 38.3", "Ht 5' 5\"  Wt 246 lb  BMI 40.9"),
    )
    c = criteria["bmi-comorbidity"]
    assert c.status == "met", c.rationale
    assert c.value == 40.9


# ------------------- bariatric: EHR entry headings, and a gap the patient stayed enrolled


def _ehr_entry(kind: str, author: str, day: str, body: str) -> str:
    return f"{'-' * 60}\n{kind}  |  {author}  |  {day} 9:10 AM\n{'-' * 60}\n{body}\n\n"


def _ehr_printout(gap_note: str) -> str:
    weighed = (
        "CC: weight program visit\n\nVitals: Ht 5' 9\"  Wt {w} lb  BMI {b}\n"
        "A/P: diet and activity counselling."
    )
    out = "Encounters printed 02/01/2025 - 10/31/2025 (Weight Management)\n\n"
    for day, w, b in (
        ("02/04/2025", 262, 38.7),
        ("03/04/2025", 259, 38.2),
        ("04/01/2025", 257, 37.9),
    ):
        out += _ehr_entry(
            "Progress Notes", "Irene Lamb, MD (Family Medicine)", day, weighed.format(w=w, b=b)
        )
    out += _ehr_entry("Telephone Encounter", "Paul Hart, RN", "06/03/2025", gap_note)
    for day, w, b in (
        ("08/05/2025", 256, 37.8),
        ("09/02/2025", 253, 37.4),
        ("10/07/2025", 250, 36.9),
    ):
        out += _ehr_entry("Progress Notes", "Irene Lamb, MD", day, weighed.format(w=w, b=b))
    return out


@pytest.mark.parametrize(
    "gap_note",
    [
        "Called re: missed visits (work travel). Remains in program; will reschedule.",
        "Pt out of state caring for father. Will keep her enrolled in the program.",
    ],
)
def test_a_gap_the_patient_stayed_enrolled_through_is_one_program(brief_packet, gap_note):
    criteria = brief_packet(
        "bariatric-surgery",
        "2025-11-15",
        {"01_pcp_notes.txt": ("2025-10-07", _ehr_printout(gap_note))},
    )
    c = criteria["supervised-weight-loss-6mo"]
    assert c.status == "met", c.rationale
    assert c.value == pytest.approx(8.1, abs=0.05)  # 02/04 -> 10/07, 245 days


def test_a_gap_after_a_discharge_from_the_program_is_a_pause(brief_packet):
    criteria = brief_packet(
        "bariatric-surgery",
        "2025-11-15",
        {
            "01_pcp_notes.txt": (
                "2025-10-07",
                _ehr_printout("Discharged from program after missed visits; may re-enroll later."),
            )
        },
    )
    c = criteria["supervised-weight-loss-6mo"]
    assert c.status == "not_met", c.rationale


# ------------------ bariatric: a clinical record says the program had not begun on a day
# that a form lists as a program visit


def _form_packet(pcp_first_entry: str, first_program_visit: str = "12/02/2025") -> dict:
    rows = "".join(
        f"   {i}      {day}   {w}           diet + activity\n"
        for i, (day, w) in enumerate(
            [
                ("09/02/2025", 301),
                ("10/07/2025", 299),
                ("11/04/2025", 298),
                ("12/02/2025", 296),
                ("01/06/2026", 294),
                ("02/03/2026", 292),
                ("03/03/2026", 290),
            ],
            start=1,
        )
    )
    form = (
        "2026-03-10",
        "SUPERVISED WEIGHT REDUCTION PROGRAM ATTESTATION\n"
        "Program start date: 09/02/2025   Most recent visit: 03/03/2026\n"
        f"  Visit   Date         Weight (lb)   Counselling\n{rows}"
        "Signature: e-signed by staff for Dr. Rowe\n",
    )
    notes = (
        "2026-03-03",
        "ENCOUNTERS\n\n"
        f"09/02/2025  Office Visit  -  Dana Rowe, MD\nVitals: Wt 301 lb\n{pcp_first_entry}\n\n"
        f"{first_program_visit}  Office Visit  -  Dana Rowe, MD\n"
        "Weight program enrollment visit. Wt 296 lb. Diet and activity counselling.\n\n"
        "03/03/2026  Office Visit  -  Dana Rowe, MD\nWeight program visit. Wt 290 lb.\n",
    )
    return {"01_form.txt": form, "02_pcp.txt": notes}


@pytest.mark.parametrize(
    "declined",
    [
        "A/P: obesity - pt declines enrollment in the weight program at this time.",
        "A/P: obesity - she declined to join the supervised weight program for now.",
        "A/P: obesity - has not yet started the weight loss program; will call her.",
    ],
)
def test_a_form_start_a_clinical_record_says_had_not_begun_needs_review(brief_packet, declined):
    criteria = brief_packet("bariatric-surgery", "2026-03-15", _form_packet(declined))
    c = criteria["supervised-weight-loss-6mo"]
    assert c.status == "needs_review", c.rationale


def test_an_enrolment_on_the_forms_first_day_is_no_dispute(brief_packet):
    criteria = brief_packet(
        "bariatric-surgery",
        "2026-03-15",
        _form_packet("A/P: obesity - enrolled today in the weight program. Diet counselling."),
    )
    c = criteria["supervised-weight-loss-6mo"]
    assert c.status == "met", c.rationale
