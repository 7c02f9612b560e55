"""The thirty-first dev batch's classes (session 16): forms against records, records of several
entries, and accounts a later word settles.  Every packet here is invented.

- an unticked box's examples in parentheses are unticked too;
- a red flag only the request form marks, which the clinical records deny, goes to review;
- a discharge summary's own date is not a visit, and a course whose early end is dated by its
  stop day is not disputed by a claim that ends there;
- "Date of eval:" opens a dated entry; an inline "Allergies:" field ends at its paragraph; a
  cane held in one hand treats the knee;
- an infection "excluded" or named as a "concern" is no active infection;
- a clearance deferred, then given below in the same record, is a clearance;
- a supplier's "Therapy data" AHI is a residual; "use >= 4 h on 91% of nights" is use;
- a print stamp is no title, and a printout's in-person entry of its day is a visit;
- "checked in error" corrects a form's prior study; "last spring" is no second year;
- a request form that answers no prior study against a record of one goes to review.
"""

from __future__ import annotations

from casebrief.evaluation.assertions import assert_span
from casebrief.lexicon import cue

MRI = "lumbar-spine-mri"
TKA = "total-knee-arthroplasty"
BARI = "bariatric-surgery"
CPAP = "cpap-osa"

BACK = (
    "Low back pain into the left calf since 08/2025. Naproxen 500 mg BID since 08/15/2025, "
    "currently taking; PT 09/01/2025 to 11/10/2025 without relief.\n"
)
EXAM = "EXAM (in person): SLR positive on the left at 40 degrees. Strength 5/5. Reflexes 2+.\n"
XR = (
    "2026-01-10",
    "XR RIGHT KNEE 3 VIEWS\nIMPRESSION: Severe medial compartment OA with bone-on-bone "
    "contact, KL grade 4.\n",
)


def _assertion(text: str, target: str) -> str:
    s = text.index(target)
    return assert_span(text, s, s + len(target), force=True)._.assertion


def test_unticked_box_examples_are_unticked() -> None:
    line = "[ ] Cauda equina symptoms (saddle anesthesia, bowel/bladder change)"
    assert _assertion(line, "saddle anesthesia") == "negated"
    assert _assertion("[X] Cauda equina symptoms (saddle anesthesia)", "saddle anesthesia") == (
        "present"
    )


def test_red_flag_only_on_the_form_and_denied_by_the_notes_goes_to_review(brief_packet) -> None:
    c = brief_packet(
        MRI,
        "2026-01-20",
        {
            "01_form.txt": (
                "2026-01-19",
                "IMAGING PRIOR AUTHORIZATION REQUEST\nRed flags present (check all that apply):\n"
                "  [X] Progressive neurological deficit (new foot drop)\n"
                "  [ ] History of cancer\n",
            ),
            "02_note.txt": (
                "2026-01-12",
                "OFFICE VISIT\n" + BACK + "She denies weakness; no foot drop. No saddle "
                "numbness.\n" + EXAM,
            ),
        },
    )
    assert c["red-flags"].status == "needs_review"


def test_red_flag_the_notes_also_tell_is_met(brief_packet) -> None:
    c = brief_packet(
        MRI,
        "2026-01-20",
        {
            "01_form.txt": (
                "2026-01-19",
                "IMAGING PRIOR AUTHORIZATION REQUEST\n"
                "  [X] Progressive neurological deficit (new foot drop)\n",
            ),
            "02_note.txt": (
                "2026-01-12",
                "OFFICE VISIT\n" + BACK + "New left foot drop since last week.\n" + EXAM,
            ),
        },
    )
    assert c["red-flags"].status == "met"


PT_RECORD = (
    "BAYSIDE PHYSICAL THERAPY\n=== INITIAL EVALUATION ===\nDate of eval: 12/11/2025\n"
    "Subjective: low back pain into the left buttock.\nObjective: SLR neg bilat. Myotomes "
    "L2-S1 5/5.\n\n=== DISCHARGE SUMMARY ===\nDate of discharge summary: 01/26/2026\n"
    "Dates of service: 12/11/2025 through 01/19/2026 (8 visits)\n"
    "Discharge status: Discharged from PT - patient non-return.\n"
)


def test_discharge_summary_date_and_a_stop_day_told_elsewhere(brief_packet) -> None:
    c = brief_packet(
        MRI,
        "2026-02-10",
        {
            "01_letter.txt": (
                "2026-02-06",
                "Dear reviewer,\nShe attended physical therapy from mid-December to "
                "mid-January without relief.\nSincerely, Dr. Abernathy\n",
            ),
            "02_office.txt": ("2025-12-09", "OFFICE VISIT\nLow back pain into the left leg.\n"),
            "03_pt.txt": ("2026-01-26", PT_RECORD),
            "04_video.txt": (
                "2026-02-05",
                "VIDEO VISIT\nPT discharge summary reviewed - she stopped going after 1/19 "
                "because of the copay. Pain 7/10.\nPhysical exam deferred - video visit.\n",
            ),
        },
    )
    ct = c["conservative-therapy"]
    assert ct.status == "not_met"
    assert ct.value is not None and ct.value < 6
    # the therapist's exam is dated by its evaluation, 61 days before the request
    assert c["clinical-evaluation"].status == "not_met"


def test_a_stop_day_before_the_claimed_end_still_disputes_it(brief_packet) -> None:
    c = brief_packet(
        MRI,
        "2026-02-10",
        {
            "01_letter.txt": (
                "2026-02-06",
                "Dear reviewer,\nShe completed physical therapy 10/01/2025 to 12/20/2025 "
                "without relief.\nSincerely, Dr. Abernathy\n",
            ),
            "02_video.txt": (
                "2026-02-05",
                "VIDEO VISIT\nPT discharge summary reviewed - she stopped going after 10/15 "
                "because of the copay.\n",
            ),
        },
    )
    assert c["conservative-therapy"].status == "needs_review"


CONSULT = (
    "2026-03-02",
    "NEW PATIENT CONSULTATION\nRight knee pain for years. She has taken meloxicam 15 mg every "
    "day since 11/20/2025 and is currently taking it.\nMeds: meloxicam 15 mg.\n"
    "Allergies: codeine (nausea). Non-smoker.\n\nOn exam she walks in slowly, leaning on a "
    "single-point cane held in her left hand, with an antalgic gait on the right. Right knee "
    "varus, small effusion. Ht 5' 4\" Wt 180 lbs.\n\nPlan: right TKA.\n",
)


def test_cane_under_an_inline_allergy_field_and_held_in_a_hand(brief_packet) -> None:
    c = brief_packet(TKA, "2026-03-09", {"01_xr.txt": XR, "02_consult.txt": CONSULT})
    assert c["conservative-therapy-12wk"].status == "met"


def test_a_headed_allergy_list_still_holds_its_items(brief_packet) -> None:
    text = CONSULT[1].replace(
        "Allergies: codeine (nausea). Non-smoker.\n\nOn exam she walks in slowly, leaning on a "
        "single-point cane held in her left hand,",
        "ALLERGIES:\nnaproxen (hives)\n\nOn exam she walks in slowly,",
    )
    c = brief_packet(TKA, "2026-03-09", {"01_xr.txt": XR, "02_consult.txt": ("2026-03-02", text)})
    assert c["conservative-therapy-12wk"].status == "not_met"  # one kind of treatment only


def test_infection_excluded_or_a_concern_is_not_active(brief_packet) -> None:
    c = brief_packet(
        TKA,
        "2026-06-01",
        {
            "01_xr.txt": XR,
            "02_addendum.txt": (
                "2026-03-20",
                "DISCHARGE SUMMARY ADDENDUM\nSynovial fluid culture: FINAL - no growth.\n"
                "Interpretation: Septic arthritis is excluded.\n",
            ),
            "03_ortho.txt": (
                "2026-05-28",
                "ORTHOPEDIC CONSULT\nRight knee pain for years. Naproxen 500 mg BID since "
                "01/2025, currently taking; PT 02/01/2025 to 05/01/2025.\nIntra-articular "
                "steroid was deferred in the hospital because of infection concern.\nBMI 31.\n",
            ),
        },
    )
    assert c["no-active-infection"].status == "met"


def test_clearance_deferred_then_given_below_in_the_same_record(brief_packet) -> None:
    c = brief_packet(
        BARI,
        "2026-08-20",
        {
            "01_psych.txt": (
                "2026-08-03",
                "PRE-SURGICAL PSYCHOLOGICAL EVALUATION - BARIATRIC SURGERY\n"
                "Recommendation: Psychological clearance DEFERRED at this time. Patient is to\n"
                "complete 4 sessions of CBT; I will then re-evaluate.\n\n"
                "ADDENDUM - 08/03/2026\nFinal determination: Patient is psychologically "
                "CLEARED for bariatric surgery.\n",
            ),
        },
    )
    assert c["psych-evaluation"].status == "met"


def test_supplier_therapy_data_ahi_is_no_diagnostic_value(brief_packet) -> None:
    c = brief_packet(
        CPAP,
        "2026-07-01",
        {
            "01_hsat.txt": (
                "2026-02-27",
                "HOME SLEEP APNEA TEST - FINAL REPORT\nAHI 19.6 events/hour (4% rule).\n"
                "Interpretation: moderate obstructive sleep apnea.\n",
            ),
            "02_dme.txt": (
                "2026-06-30",
                "PAP CONTINUED COVERAGE PACKET\nTherapy data (90 days): AHI 2.6 /h   median "
                "leak 14 L/min\n",
            ),
        },
        request_type="continuation",
    )
    assert c["sleep-test-ahi"].status == "met"
    assert c["sleep-test-ahi"].value == 19.6
    assert cue("sleep.residual_ahi").search("Therapy data (90 days): AHI 2.6 /h")


PRINTOUT = (
    "2026-06-15",
    "CLEARWATER SLEEP CENTER - ENCOUNTER PRINTOUT\nPrinted 06/29/2026 for: Northgate Home "
    "Medical (continued coverage request)\n\nTELEPHONE ENCOUNTER   04/21/2026 14:05\nCPAP 6-week "
    "check-in call. On CPAP since 03/10/2026.\n\nOFFICE VISIT   Date of service: 06/15/2026   "
    "(in person)\nS: moderate OSA on APAP since 03/10/2026. Feels more alert, no longer dozes. "
    "Epworth today 6/24 (13/24 before treatment).\nDownload reviewed 03/10/2026 - 06/07/2026: "
    "average use 6.2 h/night,\nuse >= 4 h on 91% of nights.\n",
)


def test_printout_visit_of_its_day_and_use_told_with_four_hours(brief_packet) -> None:
    c = brief_packet(
        CPAP,
        "2026-07-01",
        {
            "01_hsat.txt": ("2026-02-27", "HOME SLEEP APNEA TEST\nAHI 19.6 events/hour.\n"),
            "02_printout.txt": PRINTOUT,
        },
        request_type="continuation",
    )
    assert c["clinical-reevaluation"].status == "not_met"  # day 97, outside days 31-91
    assert "97" in c["clinical-reevaluation"].rationale
    assert c["adherence"].status == "met"


def test_form_prior_mri_checked_in_error(brief_packet) -> None:
    c = brief_packet(
        MRI,
        "2026-01-30",
        {
            "01_form.txt": (
                "2026-01-28",
                "ADVANCED IMAGING PRIOR AUTHORIZATION REQUEST\nExam requested: MRI lumbar spine "
                "without contrast       CPT 72148\n6. Prior imaging of this area:\n"
                "   [X] X-ray   date 01/03/2026\n   [X] MRI     date 11/2025\n",
            ),
            "02_note.txt": ("2026-01-22", "OFFICE VISIT\n" + BACK + EXAM),
            "03_phone.txt": (
                "2026-01-29",
                "TELEPHONE / CHART NOTE\nChart checked: the 11/2025 MRI was an MRI of the LEFT "
                "HIP. The MRI box on the form was checked\nin error.\n\nReviewed with Dr. Ashby, "
                "who agrees. Corrected section 6 (prior lumbar\nimaging: X-ray 01/03/2026 only; "
                "no prior lumbar MRI) faxed to the plan.\n",
            ),
        },
    )
    assert c["repeat-imaging"].status == "met"


def test_last_spring_told_in_autumn_and_winter_is_one_study(brief_packet) -> None:
    c = brief_packet(
        MRI,
        "2026-02-10",
        {
            "01_note.txt": (
                "2025-11-19",
                "OFFICE VISIT\n" + BACK + "She had an MRI of the lumbar spine last spring at "
                "Harborview Imaging.\n" + EXAM,
            ),
            "02_note.txt": (
                "2026-01-06",
                "OFFICE VISIT\nShe had a lumbar MRI last spring at Harborview Imaging. "
                "Symptoms are unchanged since; nothing new.\n" + EXAM,
            ),
        },
    )
    assert c["repeat-imaging"].status == "not_met"


def test_form_answering_no_prior_mri_against_a_record_of_one(brief_packet) -> None:
    records = {
        "01_form.txt": (
            "2026-04-08",
            "OUTPATIENT IMAGING PRIOR AUTHORIZATION REQUEST\n4. Lumbar MRI or CT in past 12 "
            "months:   NO\n",
        ),
        "02_note.txt": (
            "2026-02-12",
            "OFFICE VISIT\n" + BACK + "MRI L-spine 08/14/2025: moderate central canal "
            "stenosis at L4-5. Nothing has changed since that MRI.\n" + EXAM,
        ),
    }
    c = brief_packet(MRI, "2026-04-08", records)
    assert c["repeat-imaging"].status == "needs_review"
