"""Classes found by the twenty-third dev batch (letters, rounded BMIs, disputed conditions).

- A field label answered by a whole sentence that denies it ("Infection: There is no evidence
  of active infection.") is answered no, as "Infection: none" is: not an active infection.
- One BMI measurement written rounded ("BMI 40.0" for the vitals' 39.96, a letter's "BMI of
  35.0" for the consult's 34.95) is not a second measurement: the value as measured decides,
  on whichever side of the line the rounding falls.
- An AHI of 5-14 whose only qualifying condition a clinician's record rules out ("Does not
  meet criteria for hypertension") while another record lists it needs review.
- Two CPAP start dates that put the re-evaluation inside the window by one and outside by the
  other need review.
- A letter's exam finding dated to a visit whose own note is a video visit is no in-person
  exam of that day.
- A payer's "Service:" line names the service under review, not a prior study; an account
  that calls the prior study the only one and dates it before the window disputes the
  in-window date another note gives it.
- A therapy denial in a running record's dated entry ("No prior PT" in the initial evaluation
  of a record filed under its discharge date) is of that entry's day.

Every text is invented for the test.
"""

from __future__ import annotations

KNEE_XR = (
    "2026-03-02",
    "XR LEFT KNEE STANDING\nIMPRESSION: severe medial joint space narrowing, bone-on-bone, "
    "Kellgren-Lawrence grade 4.\n",
)

LUMBAR_VISIT = (
    "OFFICE VISIT (in person)\nDate of service: {day}\n\n"
    "HPI: low back pain radiating down the right leg to the foot.\n\n"
    "EXAM:\n - Straight leg raise positive on the right at 40 degrees\n"
    " - Strength 5/5 throughout\n\n"
    "PLAN: continue home exercises.\n"
)


# --- a field label answered by a sentence that denies it -------------------------------------


def test_a_label_answered_by_a_denying_sentence_is_no_active_infection(brief_packet) -> None:
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-07-06",
        {
            "01_xr.txt": KNEE_XR,
            "02_letter.txt": (
                "2026-07-01",
                "LETTER OF MEDICAL NECESSITY\n\nRe: left total knee arthroplasty\n\n"
                "BMI: 36.2\n"
                "Infection: There is no evidence of active infection.\n\n"
                "Sincerely,\nOrthopaedic Surgery\n",
            ),
        },
    )
    assert c["no-active-infection"].status == "met"


# --- one measurement, written rounded --------------------------------------------------------


def test_a_same_day_bmi_rounded_to_the_cutoff_is_the_measured_value(brief_packet) -> None:
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-05-26",
        {
            "01_form.txt": (
                "2026-05-22",
                "BMI: 40.0 (05/12/2026)   Height 5'4\"   Weight 233 lb\n"
                "PRIOR AUTHORIZATION REQUEST\nProcedure: left total knee arthroplasty  "
                "CPT 27447\n",
            ),
            "02_xr.txt": KNEE_XR,
            "03_ortho.txt": (
                "2026-05-12",
                "ORTHOPAEDIC PRE-OP VISIT\nLeft knee pain, walks half a block.\n\n"
                "VITALS:\n  BMI: 39.98 kg/m2     BP: 130/80   Pulse: 70\n\n"
                "ASSESSMENT:\n 1. Left knee end-stage OA.\n"
                " 2. Obesity - BMI 40.0, right at our cutoff.\n",
            ),
        },
    )
    assert c["bmi-below-40"].status == "met"


def test_a_letters_rounded_bmi_does_not_lift_the_measured_value_over_the_line(
    brief_packet,
) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-04-02",
        {
            "01_consult.txt": (
                "2026-03-11",
                "BARIATRIC SURGERY CONSULT\n\nPMH: type 2 diabetes on metformin, "
                "hypertension on lisinopril.\n\nVITALS:\n"
                "  Height 180.0 cm   Weight 113.3 kg\n"
                "  BMI Measured    34.97 kg/m2\n\n"
                "A/P: obesity with T2DM and HTN; sleeve gastrectomy discussed.\n",
            ),
            "02_letter.txt": (
                "2026-03-24",
                "LETTER OF MEDICAL NECESSITY\n\nMr. Example has a BMI of 35.0 with type 2 "
                "diabetes and hypertension, and we request a sleeve gastrectomy.\n\n"
                "Sincerely,\nBariatric Surgery\n",
            ),
        },
    )
    assert c["bmi-comorbidity"].status == "not_met"


# --- a qualifying condition ruled out by a clinician -----------------------------------------


def test_an_ahi_5_to_14_whose_only_condition_a_clinician_rules_out_needs_review(
    brief_packet,
) -> None:
    c = brief_packet(
        "cpap-osa",
        "2026-05-01",
        {
            "01_hsat.txt": (
                "2026-03-20",
                "HOME SLEEP APNEA TEST REPORT\nStudy date: 03/20/2026\n\n"
                "RESULTS:\n  AHI 9.4/h (4% rule)\n  SpO2 nadir 86%\n\n"
                "IMPRESSION: mild obstructive sleep apnea (AHI 9.4/h).\n",
            ),
            "02_pcp.txt": (
                "2026-04-02",
                "FAMILY MEDICINE - BLOOD PRESSURE RECHECK (in office)\n\n"
                "Two weeks of home readings averaged 124/78; office recheck 126/80.\n"
                "A/P: Does not meet criteria for hypertension - no diagnosis of HTN. "
                "Recheck at the annual visit.\n",
            ),
            "03_sleep.txt": (
                "2026-04-20",
                "SLEEP MEDICINE CONSULT (in person)\n\nLoud snoring, witnessed apneas. "
                "Epworth 6/24. Sleeps 7 h. No insomnia.\n\n"
                "ASSESSMENT:\n 1. Obstructive sleep apnea, mild (G47.33)\n"
                " 2. Hypertension (I10)\n\nPLAN: start APAP 5-15.\n",
            ),
        },
    )
    assert c["sleep-test-ahi"].status == "needs_review"


# --- two CPAP start dates that decide the re-evaluation window --------------------------------


def test_two_cpap_start_dates_either_side_of_the_window_need_review(brief_packet) -> None:
    c = brief_packet(
        "cpap-osa",
        "2026-06-15",
        {
            "01_ticket.txt": (
                "2026-03-02",
                "HOME MEDICAL EQUIPMENT - SET-UP TICKET\n\n"
                "Set-up date: 03/02/2026     Location: patient home\n"
                "Device: auto-PAP, nasal pillows. Patient to begin therapy tonight.\n",
            ),
            "02_download.txt": (
                "2026-06-10",
                "DEVICE COMPLIANCE REPORT\n\n"
                "Therapy start date (first use recorded): 03/14/2026\n"
                "Usage >= 4 hours: 27 of 30 days (90%)\n",
            ),
            "03_followup.txt": (
                "2026-06-04",
                "SLEEP CLINIC FOLLOW-UP - in office visit\nDate of service: 06/04/2026\n\n"
                "HPI: OSA on APAP. Snoring resolved per wife, no more daytime dozing, "
                "feels much more rested. Epworth 5/24, down from 14/24.\n\n"
                "A/P: OSA with clear benefit on APAP; continue.\n",
            ),
        },
        request_type="continuation",
    )
    assert c["clinical-reevaluation"].status == "needs_review"


# --- a letter's exam dated to a video visit ---------------------------------------------------


def test_a_letters_exam_dated_to_a_video_visit_is_no_in_person_exam(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-20",
        {
            "01_visit.txt": ("2026-02-09", LUMBAR_VISIT.format(day="02/09/2026")),
            "02_video.txt": (
                "2026-04-08",
                "TELEHEALTH NOTE\nVisit modality: video visit, patient at home.\n\n"
                "Back and right leg pain unchanged despite therapy.\n"
                "Objective: exam limited to visual inspection; no formal neuro exam possible "
                "via video.\n",
            ),
            "03_letter.txt": (
                "2026-04-15",
                "To Whom It May Concern:\n\n"
                "He has been seen regularly in our clinic, most recently on 04/08/2026, and "
                "continues to have a positive straight leg raise on the right.\n\n"
                "Sincerely,\nFamily Medicine\n",
            ),
        },
    )
    assert c["clinical-evaluation"].status == "not_met"


# --- a payer's service line; the one prior study dated otherwise -----------------------------


def test_a_notices_service_line_is_no_prior_study(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-20",
        {
            "01_visit.txt": ("2026-04-10", LUMBAR_VISIT.format(day="04/10/2026")),
            "02_notice.txt": (
                "2026-03-20",
                "HEALTH PLAN - NOTICE OF DETERMINATION\n\n"
                "Service: MRI LUMBAR SPINE W/O CONTRAST (72148)    Date received: 03/16/2026\n\n"
                "Dear Member, the service above needs more information before a decision.\n",
            ),
        },
    )
    assert c["repeat-imaging"].status == "met"


def test_the_only_prior_study_dated_before_the_window_disputes_an_in_window_date(
    brief_packet,
) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-20",
        {
            "01_visit.txt": (
                "2026-02-02",
                LUMBAR_VISIT.format(day="02/02/2026").replace(
                    "EXAM:",
                    "Imaging: MRI L-spine 06/2025 (Valley Imaging): mild L5-S1 bulge.\n"
                    "No new symptoms since that MRI.\n\nEXAM:",
                ),
            ),
            "02_letter.txt": (
                "2026-04-15",
                "To Whom It May Concern:\n\n"
                "His only prior lumbar MRI was done at Valley Imaging in June 2024, outside "
                "the one-year look-back.\n\nSincerely,\nFamily Medicine\n",
            ),
        },
    )
    assert c["repeat-imaging"].status == "needs_review"


# --- a denial in a running record's dated entry -----------------------------------------------


def test_no_prior_pt_in_a_records_initial_evaluation_is_of_that_entrys_day(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-03-16",
        {
            "01_visit.txt": ("2026-03-04", LUMBAR_VISIT.format(day="03/04/2026")),
            "02_letter.txt": (
                "2026-02-24",
                "LETTER\n\nShe attended physical therapy for her low back from 01/06/2026 to "
                "02/20/2026 without relief.\n",
            ),
            "03_pt.txt": (
                "2026-03-02",
                "RIVERBEND PHYSICAL THERAPY\n"
                "INITIAL EVALUATION                          DOS: 01/06/2026\n"
                "S: Low back pain with right leg referral since 2025. No prior PT for back.\n"
                "P: 2x/wk x 6 wks.\n\n"
                "DISCHARGE SUMMARY\n"
                "Last visit attended: 02/20/2026. Pain unchanged, goals not met.\n",
            ),
        },
    )
    assert c["conservative-therapy"].status == "met"
