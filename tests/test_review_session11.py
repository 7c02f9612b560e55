"""A second reviewer's cases against the twenty-third batch's rules: each a way the new rules
read a false ``met`` (or lost a red flag), confirmed against the code before them.

- a blood pressure "92/52" read as 92 weeks in the Commonwealth shorthand;
- a plan's length beside a start ("PT started 01/12, 2x/week for 8 weeks; one session so
  far") counted as the course given;
- a hospital's "Pt Discharge Summary" typed a therapy record, its stay a PT course;
- a PT discharge's header range over a course abandoned after two visits;
- an imaging report's own "Service: Outpatient Radiology" field read as a payer's service line;
- a psychologist's "NOT cleared; discharged from our clinic" stripped as an ED disposition;
- "Infection: There is no fever today, but the portal site shows erythema with drainage" read
  as a field answered no;
- a letter's "current BMI is 40" months after a visit's 39.6 dropped as its rounded copy;
- "No new pain medications" read as no new pain beside a cancer history.

Every text is invented for the test.
"""

from __future__ import annotations

MRI = "lumbar-spine-mri"
OFFICE = "Riverbend Family Medicine - Office Visit\nDate of service: {day}\n{body}\n"
EXAM = "Exam: SLR positive left. Strength 5/5. Reflexes 2+."


def test_a_blood_pressure_is_no_length(brief_packet) -> None:
    body = (
        "HPI: low back pain radiating down the left leg since January. Started meloxicam 15 mg "
        f"daily today; BP 92/52 so no further NSAID dose increase.\n{EXAM}"
    )
    crit = brief_packet(
        MRI, "2026-03-20", {"01.txt": ("2026-03-02", OFFICE.format(day="03/02/2026", body=body))}
    )
    assert crit["conservative-therapy"].status != "met"


def test_a_plans_length_beside_its_start_is_not_the_course_given(brief_packet) -> None:
    body = (
        "HPI: 44M with low back pain radiating to the right leg since November.\n"
        "Physical therapy started 01/12/2026, 2x/week for 8 weeks. He has had one session so "
        f"far.\n{EXAM}"
    )
    crit = brief_packet(
        MRI, "2026-03-20", {"01.txt": ("2026-01-14", OFFICE.format(day="01/14/2026", body=body))}
    )
    assert crit["conservative-therapy"].status != "met"


def test_a_hospital_discharge_summary_is_no_pt_course(brief_packet) -> None:
    hosp = (
        "Mercy General Hospital - Pt Discharge Summary\nAttending: R. Patel MD\n"
        "Dates of service: 01/02/2026 - 02/20/2026\n\nAdmitted after a stroke with right "
        "hemiparesis; low back pain noted, acetaminophen given. Discharged to home.\n"
    )
    body = f"HPI: persistent low back pain radiating to the left leg.\n{EXAM}"
    crit = brief_packet(
        MRI,
        "2026-03-05",
        {
            "01.txt": ("2026-02-20", hosp),
            "02.txt": ("2026-03-02", OFFICE.format(day="03/02/2026", body=body)),
        },
    )
    assert "Physical therapy 2026-01-02" not in crit["conservative-therapy"].rationale


def test_a_header_range_over_an_abandoned_course_is_not_counted(brief_packet) -> None:
    pt = (
        "HVCAH Rehabilitation Services - PT Discharge\nReferring: S. Lund APRN\n"
        "Episode: 1/20/2026 - 3/27/2026     Visits: 2\n\n"
        "Patient attended initial evaluation 1/20/2026 and one follow-up on 1/27/2026 for low "
        "back pain.\nPatient did not return after 1/27/2026 despite 3 phone calls. "
        "Discharged from PT.\n"
    )
    body = f"HPI: low back pain with right leg radiation since December. Tried PT briefly.\n{EXAM}"
    crit = brief_packet(
        MRI,
        "2026-04-02",
        {
            "01.txt": ("2026-03-27", pt),
            "02.txt": ("2026-03-30", OFFICE.format(day="03/30/2026", body=body)),
        },
    )
    assert crit["conservative-therapy"].status != "met"


def test_an_imaging_reports_service_field_keeps_its_study(brief_packet) -> None:
    mri = (
        "Summit Imaging - Radiology Report\nPatient: John Doe    DOB: 01/02/1970\n"
        "Exam: MRI lumbar spine without contrast    Service: Outpatient Radiology    Exam date: "
        "11/20/2025\nFindings: L4-5 broad-based disc protrusion with mild bilateral foraminal "
        "narrowing.\nImpression: L4-5 disc protrusion.\n"
    )
    body = (
        "HPI: low back pain, no change since the MRI. PT 12 weeks completed 10/01/2025 - "
        f"12/24/2025 without relief.\n{EXAM}\nPlan: repeat MRI lumbar spine requested."
    )
    crit = brief_packet(
        MRI,
        "2026-03-10",
        {
            "01.txt": ("2025-11-20", mri),
            "02.txt": ("2026-03-02", OFFICE.format(day="03/02/2026", body=body)),
        },
    )
    assert crit["repeat-imaging"].status == "not_met"


def test_not_cleared_and_discharged_from_clinic_is_a_refusal(brief_packet) -> None:
    psych = (
        "Behavioral Health Associates - Pre-Surgical Psychological Evaluation for Bariatric "
        "Surgery\nDate: 02/10/2026\nEvaluation completed today (clinical interview, MMPI-2-RF).\n"
        "Findings: active binge eating disorder, untreated.\n"
        "Outcome: NOT cleared; discharged from our clinic to PCP care, may re-refer after "
        "treatment.\n"
    )
    surg = (
        "Lakeside Bariatric Surgery - Pre-operative Checklist\nDate: 03/05/2026\n"
        "Psychological evaluation: cleared for surgery.\n"
    )
    crit = brief_packet(
        "bariatric-surgery",
        "2026-03-10",
        {"01.txt": ("2026-02-10", psych), "02.txt": ("2026-03-05", surg)},
    )
    assert crit["psych-evaluation"].status != "met"


def test_an_infection_field_whose_sentence_turns_is_not_answered_no(brief_packet) -> None:
    note = (
        "Lakeside Orthopedics - Office Visit\nDate of service: 03/02/2026\n"
        "Right knee osteoarthritis, KL grade 4 on standing XR right knee 02/01/2026 - bone on "
        "bone medial.\nInfection: There is no fever today, but the right knee portal site shows "
        "erythema with drainage; culture pending, on cephalexin.\n"
    )
    crit = brief_packet("total-knee-arthroplasty", "2026-03-10", {"01.txt": ("2026-03-02", note)})
    assert crit["no-active-infection"].status != "met"


def test_a_letters_current_bmi_months_later_is_its_own(brief_packet) -> None:
    visit = (
        "Lakeside Orthopedics - Office Visit\nDate of service: 10/01/2025\n"
        "Vitals: Ht 170 cm, Wt 114 kg, BMI 39.6 kg/m2.\nRight knee osteoarthritis, bone on bone, "
        "KL grade 4 on standing XR right knee 09/20/2025.\n"
    )
    letter = (
        "Lakeside Orthopedics\nLetter of Medical Necessity\nDate: 03/02/2026\n"
        "Mr. Doe has gained weight over the winter; his current BMI is 40 kg/m2.\n"
    )
    crit = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-10",
        {"01.txt": ("2025-10-01", visit), "02.txt": ("2026-03-02", letter)},
    )
    assert crit["bmi-below-40"].status != "met"


def test_no_new_pain_medications_is_not_old_pain(brief_packet) -> None:
    body = (
        "HPI: History of breast cancer 2019 s/p mastectomy. Low back pain for 3 weeks, "
        "constant, at rest. No new pain medications tried.\n"
        "Exam: SLR negative. Strength 5/5. Reflexes 2+."
    )
    crit = brief_packet(
        MRI, "2026-03-05", {"01.txt": ("2026-03-02", OFFICE.format(day="03/02/2026", body=body))}
    )
    assert crit["red-flags"].status == "met"
