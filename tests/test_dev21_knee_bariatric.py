"""dev21 classes (helper diagC): a second kind of knee treatment that was only asked for or
answered "No"; a BMI its own note corrects; a visit log whose rows name their months; an
RD evaluation promised for later.  Invented packets, none of the batch's text."""

from __future__ import annotations


def test_device_request_denied_is_no_second_modality(brief_packet):
    """A walker asked for and turned down by a committee is no treatment given: ibuprofen
    alone is one kind of treatment, so the criterion is not_met however long it ran."""
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-05-04",
        {
            "01_pcp.txt": (
                "2025-10-06",
                "PCP visit. Left knee osteoarthritis.\n"
                "Started ibuprofen 600 mg TID on 10/06/2025 for the knee.\n",
            ),
            "02_followup.txt": (
                "2026-04-20",
                "Follow-up, left knee OA.\n"
                "S: Currently taking ibuprofen 600 mg TID, minimal relief.\n"
                "Treatment follow-up:\n"
                "  - Walker: request reviewed by the equipment committee 01/14/26 - denied,"
                " no further action.\n"
                "P: Continue ibuprofen.\n",
            ),
        },
    )["conservative-therapy-12wk"]
    assert c.status == "not_met"


def test_questionnaire_quoted_no_is_not_a_treatment(brief_packet):
    """A patient questionnaire that answers each treatment with a quoted "No." tells those
    treatments were not tried: naproxen alone is one kind of treatment."""
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-05-04",
        {
            "01_intake_form.txt": (
                "2026-04-10",
                "NEW PATIENT FORM (patient-completed)\n"
                "Treatments you have tried for the knee:\n"
                '  Medicines - "Aleve every day since last August."\n'
                '  Physical therapy - "No. My insurance would not pay for it."\n'
                '  Knee brace - "No."\n'
                '  Shots in the knee - "No."\n',
            ),
            "02_ortho.txt": (
                "2026-04-17",
                "Orthopaedic visit. Right knee OA.\n"
                "Naproxen 220 mg BID since 08/04/2025, still taking it, little help.\n",
            ),
        },
    )["conservative-therapy-12wk"]
    assert c.status == "not_met"


def test_corrected_bmi_supersedes_same_visit_value(brief_packet):
    """The same visit's first BMI, from a wrong height, and the attending's corrected BMI:
    the correction stands for the day (met), not a rival value for review."""
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-05-04",
        {
            "01_clinic.txt": (
                "2026-04-21",
                "Clinic note - fellow\n"
                "Vitals: Ht 5'2\" (old chart value)   Wt 230 lb   BMI 42.1   BP 128/76\n"
                "Assessment: BMI 42.1, above 40.\n"
                "\n"
                "ATTESTATION\n"
                "I examined the patient and agree with the fellow except: the height was taken"
                " from the old chart in error. Height re-measured today 5'7\". Corrected BMI"
                " 36.0.\n",
            ),
        },
    )["bmi-below-40"]
    assert c.status == "met"
    assert c.value == 36.0


def test_visit_log_rows_with_month_names(brief_packet):
    """A program's visit log whose rows mix numeric and month-name dates: every row is a
    visit, 04/02/2025 to 11/12/2025 is 7.4 months (met), not the numeric rows' 4.6.  The fax
    machine's stamp above it (a month-name date, a clock time, an area code) is no visit."""
    c = brief_packet(
        "bariatric-surgery",
        "2026-02-02",
        {
            "01_program_log.txt": (
                "2025-11-12",
                "Feb 01 2026 09:12AM   METRO MEDICAL   (312) 555-0199   p. 2\n"
                "METRO MEDICAL WEIGHT MANAGEMENT - physician-supervised program\n"
                "Supervising physician: R. Ohanian, MD\n"
                "\n"
                "Visit  Date            Weight (lb)   Counseling\n"
                "  1    04/02/2025      301.4         Intake; 1,600 kcal plan.\n"
                "  2    May 7, 2025     298.0         Food log reviewed.\n"
                "  3    06/11/2025      296.2         Walking 3 d/wk.\n"
                "  4    Aug 13, 2025    295.0         Portions.\n"
                "  5    09/17/2025      293.6         Sleep and snacking.\n"
                "  6    15-Oct-2025     292.8         Steps 6k/day.\n"
                "  7    12-Nov-2025     291.0         Ready for referral.\n",
            ),
        },
    )["supervised-weight-loss-6mo"]
    assert c.status == "met"
    assert c.value == 7.4


def test_rd_evaluation_to_follow_is_missing(brief_packet):
    """A conference's "RD assessment to follow" promises the evaluation; it is missing."""
    c = brief_packet(
        "bariatric-surgery",
        "2026-03-02",
        {
            "01_conference.txt": (
                "2026-02-20",
                "BARIATRIC TEAM CONFERENCE\n"
                "Decision: surgical candidate, paperwork goes out today;"
                " RD assessment to follow.\n",
            ),
        },
    )["nutrition-evaluation"]
    assert c.status == "missing"


def test_rd_evaluation_sent_when_completed_is_missing(brief_packet):
    """A review's "send the RD evaluation when completed": not done yet, missing."""
    c = brief_packet(
        "bariatric-surgery",
        "2026-03-02",
        {
            "01_review.txt": (
                "2026-02-24",
                "UTILIZATION REVIEW NOTE\n"
                "Forwarded to the health plan. Clinic to send RD evaluation when completed.\n",
            ),
        },
    )["nutrition-evaluation"]
    assert c.status == "missing"
