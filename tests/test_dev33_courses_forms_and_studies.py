"""The classes of error the thirty-third dev batch showed on first contact (dev33mr/ca/bp/ei,
24 cases by four new authors, each labelled blind by a second annotator: 111 of 111 agreed;
first contact 102 of 111 right, 4 false `met`).

- a therapy discharge that also tells the patient's earlier course at the clinic spanned both
  courses and the months between;
- a screening scale's name ("Insomnia Severity Index 4") and a form's unticked option listing
  the conditions that would qualify were read as the patient's qualifying conditions;
- a signed order form's AHI across the policy's line from the report's went unweighed;
- a 91-day download summary was read as the first 30 days' figure and set against them;
- a prior MRI told by its day and facility "(ordered by Dr. X" was read as an order, and "no red
  flags, and that she already had an MRI" as a denial of the MRI;
- "has not done the PT home exercises" was read as a denial of the PT course;
- a form's clearance box under the evaluator's name line went unread;
- a psychologist "withdrawing the psychological clearance dated ..." was read as a rival to it;
- an MRI the patient did not show for was read as imaging without a finding;
- "No meds needed currently (ibuprofen stopped 07/2025)" ran the ibuprofen to the request;
- a program visit heading with a bracketed remark went unread;
- a drug told "since August" was counted from the first of the month it was prescribed in.

Invented packets; none of the batch's sentences.
"""

from __future__ import annotations


def test_a_discharge_telling_an_earlier_course_counts_two_courses(brief_packet):
    """Five weeks of PT in July-August; the note also tells a course in January-February. The
    window (from mid-March) holds only the later course."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-09-15",
        {
            "01_pt_discharge.txt": (
                "2026-08-28",
                "PHYSICAL THERAPY DISCHARGE SUMMARY\n"
                "Lucia was seen for ten visits from 07/20/2026 to 08/24/2026 for low back pain "
                "with left leg pain, and she was seen in this clinic earlier in the year from "
                "01/05/2026 to 02/13/2026 for the same problem.\n"
                "Outcome: leg pain unchanged, goals not met. Discharged to home program.\n",
            ),
        },
    )["conservative-therapy"]
    assert c.status == "not_met"
    assert c.value is not None and abs(c.value - 5.0) <= 1.0


def _hsat(ahi: str) -> str:
    return (
        "HOME SLEEP APNEA TEST REPORT\n"
        "Study date: 01/12/2026\n"
        f"AHI {ahi} events/h. Mild obstructive sleep apnea.\n"
        "Interpreting physician: R. Amsel, MD, Sleep Medicine\n"
    )


def _sleep_test_status(brief_packet, consult: str, form_ahi: str | None = None) -> str:
    """sleep-test-ahi of a consult, an HSAT report of AHI 9.6 and, with ``form_ahi``, the
    signed order restating the study."""
    records = {
        "01_sleep_consult.txt": ("2026-01-05", consult),
        "02_hsat.txt": ("2026-01-12", _hsat("9.6")),
    }
    if form_ahi is not None:
        records["03_prior_auth_form.txt"] = ("2026-01-20", _order_form(form_ahi))
    return brief_packet("cpap-osa", "2026-02-10", records)["sleep-test-ahi"].status


def test_a_scale_named_for_a_condition_is_not_the_condition(brief_packet):
    """An ISI of 3 with "no clinically significant insomnia": no qualifying condition."""
    consult = (
        "SLEEP MEDICINE CONSULTATION (in person)\n"
        "Loud snoring and witnessed pauses per husband. Epworth 6/24, no naps.\n"
        "Insomnia Severity Index 3 (no clinically significant insomnia).\n"
        "No hypertension, heart disease or stroke. BP 116/72.\n"
    )
    assert _sleep_test_status(brief_packet, consult) == "not_met"


def _order_form(ahi: str) -> str:
    """A signed order that restates the study's AHI and ticks the >= 15 option."""
    return (
        "DME STANDARD WRITTEN ORDER / MEDICAL NECESSITY - PAP E0601\n"
        "Patient name:   Ada R Quill           DOB: 03/14/1979\n"
        "Insurance:      Pine Valley Health    ID PVH-22018\n"
        "ITEMS ORDERED\n"
        "  [X] E0601  CPAP device   AutoPAP 5-15 cm H2O\n"
        "  [X] E0562  Heated humidifier\n"
        "\n"
        "QUALIFYING SLEEP STUDY\n"
        "  Date of study:   01/12/2026\n"
        f"  AHI/RDI:         {ahi} events/hr\n"
        "  Qualifying basis:\n"
        "    [X] AHI or RDI >= 15 events/hr\n"
        "    [ ] AHI or RDI 5-14 events/hr with documented EDS, impaired\n"
        "        cognition, mood disorder, insomnia, hypertension, ischemic\n"
        "        heart disease or history of stroke\n"
        "Ordering physician signature: R. Amsel, MD   01/20/2026\n"
    )


_CONSULT = (
    "SLEEP MEDICINE CONSULTATION (in person)\n"
    "Loud snoring and witnessed pauses per wife. Epworth 5/24, not sleepy.\n"
    "No history of hypertension, coronary disease or stroke.\n"
)


def test_an_unticked_option_names_no_qualifying_condition(brief_packet):
    """The form's unchosen option lists insomnia and hypertension; the form agrees with the
    report's mild AHI, and nothing qualifies it."""
    assert _sleep_test_status(brief_packet, _CONSULT, form_ahi="9.6") == "not_met"


def test_a_signed_form_restating_the_ahi_across_the_line_needs_review(brief_packet):
    """The report says 9.6, the signed order says 19.6 and ticks >= 15."""
    assert _sleep_test_status(brief_packet, _CONSULT, form_ahi="19.6") == "needs_review"


def test_a_91_day_summary_is_no_rival_to_the_first_30_days(brief_packet):
    """Days 1-30 fail, days 31-60 pass; the summary's share is over 91 days: it agrees with the
    days that pass and disputes none."""
    c = brief_packet(
        "cpap-osa",
        "2026-05-20",
        {
            "01_compliance_report.txt": (
                "2026-05-12",
                "AirView Compliance Report\n"
                "Setup:     02/01/2026            Compliance period: 02/01/26 - 05/02/26 (91 d)\n"
                "\n"
                "SUMMARY\n"
                "  Usage days                     85/91 days (93%)\n"
                "  >= 4 hours                     70 days (77%)\n"
                "\n"
                "  30-day compliance windows (>= 4 h on >= 70% of days):\n"
                "    Days  1-30   02/01/26-03/02/26    18/30   60%   not met\n"
                "    Days 31-60   03/03/26-04/01/26    25/30   83%   MET\n",
            ),
            "02_dme_notes.txt": (
                "2026-04-02",
                "HOME MEDICAL SUPPLY - ACCOUNT NOTES\n"
                "03/03/26 AirView days 1-30 (02/01-03/02/26): 18/30 nights >= 4 h = 60%.\n"
                "  NOT compliant for this 30-day period. Mask refit to nasal pillows.\n"
                "04/02/26 Downloaded: days 31-60 (03/03-04/01/26) 25 of 30 nights >= 4 hrs\n"
                "  (83%). COMPLIANCE MET 03/03/2026-04/01/2026.\n",
            ),
        },
        request_type="continuation",
    )["adherence"]
    assert c.status == "met"


def test_a_prior_mri_told_by_its_day_and_facility_counts(brief_packet):
    """The telephone note tells a lumbar MRI seven months before, "ordered by" another doctor,
    and nothing new since; the request form says there was none: a reviewer decides."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-10-20",
        {
            "01_phone_note.txt": (
                "2026-10-12",
                "TELEPHONE VISIT - FAMILY MEDICINE\n"
                "A: Mechanical low back pain, improving. Discussed that imaging is low-yield with "
                "no red flags, and that she already had an MRI L-spine in March.\n"
                "Imaging: MRI L-spine 03/09/2026 at Lakeview Imaging (ordered by Dr. Pryce for a\n"
                "prior flare): mild L4-5 bulge, no stenosis.\n"
                "Symptoms are the same as at the time of that MRI.\n",
            ),
            "02_prior_auth_form.txt": (
                "2026-10-14",
                "PRIOR AUTHORIZATION REQUEST - MRI LUMBAR SPINE (72148)\n"
                " Prior MRI lumbar spine within 12 months?    [ ] Yes   [X] No\n",
            ),
        },
    )["repeat-imaging"]
    assert c.status == "needs_review"


def test_home_exercises_not_done_deny_no_pt_course(brief_packet):
    """Twelve PT visits over seven weeks; later "has not done the PT home exercises"."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-06-01",
        {
            "01_pt_discharge.txt": (
                "2026-04-10",
                "PHYSICAL THERAPY DISCHARGE\n"
                "Episode of care: 02/20/2026 -> 04/10/2026      Visits: 12\n"
                "Low back and left leg pain unchanged.\n",
            ),
            "02_office_note.txt": (
                "2026-05-20",
                "OFFICE VISIT (in person)\n"
                "Low back pain with left leg pain, no better after PT (12 visits 2/20-4/10).\n"
                "Has not done the PT home exercises since discharge.\n"
                "EXAM: SLR positive on the left at 45 degrees.\n",
            ),
        },
    )["conservative-therapy"]
    assert c.status == "met"


def _psych_report(decision: str) -> str:
    return (
        "PRE-SURGICAL PSYCHOLOGICAL EVALUATION - BARIATRIC SURGERY\n"
        "Evaluator: Oren Talbot, PsyD, Licensed Psychologist\n"
        f"Clearance for bariatric surgery: {decision}\n"
    )


def test_a_forms_clearance_box_under_the_evaluators_line_is_read(brief_packet):
    """The signed form ticks "Cleared: [X] Yes" under the evaluator's line; the psychologist
    defers: the two disagree."""
    c = brief_packet(
        "bariatric-surgery",
        "2026-06-01",
        {
            "01_psych_eval.txt": ("2026-04-20", _psych_report("DEFERRED - not cleared.")),
            "02_prior_auth_request_form.txt": (
                "2026-05-25",
                "BARIATRIC SURGERY PRIOR AUTHORIZATION REQUEST\n"
                "  Psychological evaluation completed:  [X] Yes  [ ] No\n"
                "     Evaluator: Oren Talbot, PsyD         Date: 04/20/2026\n"
                "     Cleared for surgery:  [X] Yes  [ ] No\n",
            ),
        },
    )["psych-evaluation"]
    assert c.status == "needs_review"


def test_a_clearance_withdrawn_by_its_evaluator_is_not_met(brief_packet):
    c = brief_packet(
        "bariatric-surgery",
        "2026-05-01",
        {
            "01_psych_eval.txt": (
                "2026-01-10",
                _psych_report("CLEARED to proceed with bariatric surgery."),
            ),
            "02_surgeon_note.txt": (
                "2026-02-15",
                "BARIATRIC SURGERY FOLLOW-UP\n"
                "Psychological: Dr. Talbot's clearance of 01/10/2026 is on file.\n",
            ),
            "03_psych_letter.txt": (
                "2026-03-30",
                "Re: pre-surgical psychological evaluation - bariatric surgery\n"
                "After a relapse in March, I am withdrawing the psychological clearance dated "
                "01/10/2026. She is not cleared for bariatric surgery at this time.\n"
                "Oren Talbot, PsyD, Licensed Psychologist\n",
            ),
        },
    )["psych-evaluation"]
    assert c.status == "not_met"


def test_an_mri_the_patient_did_not_show_for_is_no_imaging(brief_packet):
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-03-10",
        {
            "01_progress_report.txt": (
                "2026-03-02",
                "PROGRESS REPORT\n"
                "Constant low back pain radiating down the left leg to the foot.\n"
                "- MRI L-spine authorized 02/01/26; patient did not show for the 02/10/26\n"
                "   appointment at Valley Imaging. Not yet rescheduled.\n",
            ),
        },
    )["imaging-concordant"]
    assert c.status == "missing"


def test_no_meds_needed_now_ends_a_drug_stopped_with_its_date(brief_packet):
    """Ibuprofen stopped in July; PT ran six weeks in the window: six weeks, not the window."""
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-03-01",
        {
            "01_progress_note.txt": (
                "2025-09-29",
                "PAIN CLINIC PROGRESS NOTE\n"
                "A: L5 radiculopathy.\n"
                "P: - Begin PT 2x/wk.\n"
                "   - No meds needed currently (ibuprofen stopped 07/2025 - gastritis).\n",
            ),
            "02_pt_discharge.txt": (
                "2025-11-21",
                "PHYSICAL THERAPY DISCHARGE\n"
                "Episode of care: 10/10/2025 - 11/21/2025   Visits: 12\n"
                "Low back and leg pain unchanged at discharge.\n",
            ),
        },
    )["conservative-care-4wk"]
    assert c.status == "met"
    assert c.value is not None and abs(c.value - 6.0) <= 1.0


_VISIT_REMARKS = {1: " - INITIAL PROGRAM VISIT (in person)", 5: "   (final program visit)"}


def test_a_program_visit_heading_with_a_remark_is_a_visit(brief_packet):
    """Five monthly visits, the first headed with its kind and the last "(final program
    visit)": 4.4 months, not 3.2 nor 3.6."""
    visits = "".join(
        f"VISIT {i}   {day}{_VISIT_REMARKS.get(i, '')}\n"
        f"O: Wt {wt} kg  BMI {bmi}\n"
        "A/P: Diet and activity counselling. RTC 1 mo.\n\n"
        for i, (day, wt, bmi) in enumerate(
            [
                ("10/06/2025", "101.0", "38.1"),
                ("11/03/2025", "100.2", "37.8"),
                ("12/08/2025", "99.5", "37.5"),
                ("01/12/2026", "99.0", "37.3"),
                ("02/18/2026", "98.1", "37.0"),
            ],
            start=1,
        )
    )
    c = brief_packet(
        "bariatric-surgery",
        "2026-05-01",
        {
            "01_weight_program_notes.txt": (
                "2026-02-18",
                "PHYSICIAN-SUPERVISED WEIGHT PROGRAM - VISIT NOTES\n\n" + visits,
            ),
        },
    )["supervised-weight-loss-6mo"]
    assert c.status == "not_met"
    assert c.value is not None and abs(c.value - 4.4) <= 0.5


def test_since_a_month_takes_the_day_the_drug_was_prescribed(brief_packet):
    """Naproxen prescribed in the 08/12 plan, later told "since August": from 08/12."""
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-16",
        {
            "01_pcp_visit.txt": (
                "2025-08-12",
                "PRIMARY CARE VISIT\n"
                "A: Right knee osteoarthritis.\n"
                "P: - Start naproxen 500 mg PO BID with food.\n",
            ),
            "02_ortho.txt": (
                "2026-03-10",
                "ORTHOPAEDIC CONSULTATION\n"
                "S: F/u R knee. Pain 7/10. Sigue tomando naproxeno 500 mg dos veces al dia since\n"
                "August + Tylenol at night; little benefit. Declined PT and an injection.\n",
            ),
        },
    )["conservative-therapy-12wk"]
    assert "NSAID 2025-08-12" in c.rationale
