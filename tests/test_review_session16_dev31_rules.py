"""Review of 8dcdc79 (the thirty-first dev batch's classes): where its new rules overreach.  One
test per regression class found by invented packets; every packet here is invented.

- a claim that ends by an abandoned course's told stop day but starts months before another
  record's dated account of that course (or the therapist's own record of its early end) is
  still disputed;
- "Date of initial visit:" in a follow-up's header does not date today's exam;
- an allergy list under an inline "Allergies:" field, set off by a blank line, is still the
  allergy list;
- "excluded from" a schedule or a trial rules out nothing;
- only an addendum's clearance below a deferral settles it, not the deferral's own plan ("a good
  candidate for CBT") or another decision;
- a clause that tells a test for the denied thing ("and was screened for colon cancer") does not
  end the denial;
- a phone line that names the in-person visit it replaced is no in-person entry;
- "use >= 4 h on 70%" asked for (a goal, a payer's requirement) is the rule;
- a "Therapy data" label after the qualifying AHI on its line is the next figure's;
- "has not been using CPAP since <day>" dates no start;
- a form's "No" about another modality, region or matter denies no prior MRI;
- "listed in error" of something else corrects no study;
- a form's red flag is not disputed by a record written before the day the form dates it, nor by
  a study's negative read.

Run with the project's tests/conftest.py (the ``brief_packet`` fixture)."""

from __future__ import annotations

import pytest

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

# --- 1. an abandoned course's stop day does not settle a claim that starts months earlier ---

PT_RECORD = (
    "BAYSIDE PHYSICAL THERAPY\n=== INITIAL EVALUATION ===\nDate of eval: 12/11/2025\n"
    "Subjective: low back pain into the left buttock.\nObjective: SLR neg bilat. Myotomes "
    "L2-S1 5/5.\n\n=== DISCHARGE SUMMARY ===\nDate of discharge summary: 01/26/2026\n"
    "Dates of service: 12/11/2025 through 01/19/2026 (8 visits)\n"
    "Discharge status: Discharged from PT - patient non-return.\n"
)
LETTER = (
    "2026-02-06",
    "Dear reviewer,\nShe attended physical therapy from 09/15/2025 to 01/15/2026 without "
    "relief.\nSincerely, Dr. Abernathy\n",
)
OFFICE_JAN = (
    "2026-01-30",
    "OFFICE VISIT\nLow back pain into the left leg, persists despite PT.\n" + EXAM,
)


@pytest.mark.parametrize(
    "records",
    [
        {  # the therapist's dated course, the physician's stop day, the letter's longer claim
            "01_letter.txt": LETTER,
            "02_office.txt": ("2025-12-09", "OFFICE VISIT\nLow back pain into the left leg.\n"),
            "03_pt.txt": ("2026-01-26", PT_RECORD),
            "04_video.txt": (
                "2026-02-05",
                "VIDEO VISIT\nPT discharge summary reviewed - she stopped going after 1/19 "
                "because of the copay. Pain 7/10.\nPhysical exam deferred - video visit.\n",
            ),
        },
        {  # the physician dates both ends of the short course
            "01_letter.txt": LETTER,
            "02_video.txt": (
                "2026-02-05",
                "VIDEO VISIT\nShe started PT on 12/11/2025 and stopped going after 1/19 because "
                "of the copay. Pain 7/10.\n",
            ),
            "03_office.txt": OFFICE_JAN,
        },
        {  # the therapist's own record of the early end
            "01_letter.txt": LETTER,
            "02_pt.txt": (
                "2026-01-26",
                "BAYSIDE PHYSICAL THERAPY - DISCHARGE SUMMARY\nDiagnosis: low back pain with "
                "left sciatica.\nInitial evaluation: 12/11/2025\nDates of service: 12/11/2025 "
                "through 01/19/2026 (8 visits)\nPatient did not return after 01/19/2026; "
                "discharged for non-attendance.\n",
            ),
            "03_video.txt": (
                "2026-02-05",
                "VIDEO VISIT\nPT discharge summary reviewed - she stopped going after 1/19 "
                "because of the copay. Pain 7/10.\n",
            ),
            "04_office.txt": OFFICE_JAN,
        },
    ],
    ids=["therapist-dates", "physician-dates", "therapist-stop"],
)
def test_claim_starting_months_before_the_abandoned_course_is_disputed(
    brief_packet, records
) -> None:
    c = brief_packet(MRI, "2026-02-10", records)
    assert c["conservative-therapy"].status == "needs_review"


# --- 2. "Date of initial visit:" in a follow-up's header -------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "SPINE CLINIC FOLLOW-UP\nDate of initial visit: 05/12/2025\nDate of this visit: "
        "01/20/2026\n",
        "WORKERS COMP PROGRESS REPORT\nDate of injury: 06/03/2025\nDate of initial exam: "
        "06/05/2025\n",
    ],
    ids=["initial-visit", "initial-exam"],
)
def test_first_visit_label_in_a_header_does_not_date_todays_exam(brief_packet, header) -> None:
    c = brief_packet(
        MRI,
        "2026-02-10",
        {"01_note.txt": ("2026-01-20", header + BACK + "Pain unchanged despite therapy.\n" + EXAM)},
    )
    assert c["clinical-evaluation"].status == "met"


# --- 3. an allergy list set off by a blank line ------------------------------------------------


@pytest.mark.parametrize(
    "allergies",
    [
        "Allergies: see list below (reviewed today)\n\nNaproxen - angioedema\nIbuprofen - hives\n",
        "Allergies: Yes -\n\nmeloxicam (GI bleed), diclofenac (rash), tramadol (nausea)\n",
        "Allergies: codeine (nausea)\n\nNaproxen - angioedema\n",
    ],
    ids=["points-below", "yes-dash", "second-entry"],
)
def test_allergy_list_after_a_blank_line_is_no_treatment(brief_packet, allergies) -> None:
    c = brief_packet(
        TKA,
        "2026-03-09",
        {
            "01_xr.txt": XR,
            "02_consult.txt": (
                "2026-03-02",
                "ORTHOPEDIC CONSULT\nRight knee pain for years. PT 09/01/2025 to 12/15/2025 "
                "without relief.\n" + allergies + "\nBMI 31.\nPlan: right TKA.\n",
            ),
        },
    )
    assert c["conservative-therapy-12wk"].status == "not_met"  # one kind of treatment only


# --- 4. "excluded from" a schedule ---------------------------------------------------------------


def test_infection_excluded_from_a_schedule_is_active(brief_packet) -> None:
    c = brief_packet(
        TKA,
        "2026-03-09",
        {
            "01_xr.txt": XR,
            "02_consult.txt": (
                "2026-03-02",
                "ORTHOPEDIC CONSULT\nRight knee pain for years. Meloxicam 15 mg daily since "
                "06/2025, currently taking; PT 07/01/2025 to 10/01/2025 without relief.\nShe has "
                "an active urinary tract infection and was excluded from this month's surgery "
                "schedule; on nitrofurantoin.\nBMI 31.\n",
            ),
        },
    )
    assert c["no-active-infection"].status == "not_met"


# --- 5. a yes below a deferral that is not the addendum's clearance ---------------------------

PROGRAM = (
    "2026-07-15",
    "MEDICAL WEIGHT MANAGEMENT PROGRAM\nMedically supervised weight loss program visits monthly "
    "10/10/2025 through 07/15/2026 with documented weights and dietitian counselling.\n",
)
RD = (
    "2026-06-01",
    "NUTRITION EVALUATION\nSeen by Jane Roe, MS, RD, registered dietitian, for pre-bariatric "
    "nutrition assessment. Diet history reviewed; meal plan given.\n",
)


@pytest.mark.parametrize(
    "psych",
    [
        "Recommendation: Psychological clearance DEFERRED at this time pending completion of 4 "
        "sessions of CBT for binge eating.\nShe is a good candidate for individual CBT and may "
        "proceed with scheduling through our office.\n",
        "Recommendation: Psychological clearance is deferred.\nShe is a candidate for our DBT "
        "skills group, which starts 09/01/2026.\n",
        "Recommendation: Clearance deferred until she completes 6 sessions of counseling.\nNo "
        "psychiatric contraindications to group counseling were identified.\n",
        "Recommendation: Psychological clearance deferred pending 4 CBT sessions.\nPer chart, "
        "she was cleared by cardiology on 07/01/2026.\n",
        "Recommendation: Psychological clearance DEFERRED pending 4 sessions of CBT.\n\n"
        "Collateral: Records from Dr. Stone show she was cleared for a lap band in 2019; that "
        "surgery was not done.\n",
    ],
    ids=[
        "good-candidate-for-cbt",
        "candidate-for-group",
        "no-contraindication",
        "cardiology",
        "earlier-clearance",
    ],
)
def test_deferral_stands_without_an_addendum_clearance(brief_packet, psych) -> None:
    c = brief_packet(
        BARI,
        "2026-08-20",
        {
            "01_consult.txt": (
                "2026-07-20",
                "BARIATRIC SURGERY CONSULT\nHt 5'5\", Wt 260 lb, BMI 43.3. Type 2 diabetes on "
                "metformin.\n",
            ),
            "02_program.txt": PROGRAM,
            "03_rd.txt": RD,
            "04_psych.txt": (
                "2026-08-03",
                "PRE-SURGICAL PSYCHOLOGICAL EVALUATION - BARIATRIC SURGERY\n" + psych,
            ),
        },
    )
    assert c["psych-evaluation"].status == "not_met"


# --- 6. a clause that tells a test for the denied thing keeps the denial ----------------------


@pytest.mark.parametrize(
    "line",
    [
        "Denies diabetes, hypertension or sleep apnea, and had a sleep study for sleep apnea in "
        "2023 that was normal.",
        "Denies OSA, and was evaluated for sleep apnea in 2024 with a normal home sleep test.",
    ],
    ids=["had-a-study", "was-evaluated"],
)
def test_comorbidity_tested_for_after_its_denial_is_absent(brief_packet, line) -> None:
    c = brief_packet(
        BARI,
        "2026-08-20",
        {
            "01_consult.txt": (
                "2026-07-20",
                "BARIATRIC SURGERY CONSULT\nHt 5'5\", Wt 223 lb, BMI 37.1.\n" + line + "\n",
            ),
            "02_program.txt": PROGRAM,
            "03_rd.txt": RD,
        },
    )
    assert c["bmi-comorbidity"].status == "not_met"


@pytest.mark.parametrize(
    "line",
    [
        "New low back pain for 3 weeks after gardening.\nDenies history of cancer, and was "
        "screened for colon cancer in 2024 with a normal colonoscopy.\nDenies fever, weight "
        "loss, saddle numbness.\n",
        BACK + "Denies urinary retention, and had a bladder scan for urinary retention today "
        "showing 40 mL post-void.\nNo saddle numbness.\n",
        BACK + "Denies foot drop, and was examined for foot drop today: heel and toe walk "
        "normal.\n",
    ],
    ids=["screened-cancer", "bladder-scan", "examined-foot-drop"],
)
def test_red_flag_tested_for_after_its_denial_is_absent(brief_packet, line) -> None:
    c = brief_packet(
        MRI, "2026-02-10", {"01_note.txt": ("2026-02-02", "OFFICE VISIT\n" + line + EXAM)}
    )
    assert c["red-flags"].status == "not_met"


# --- 7-10. CPAP continuation: phone lines, the rule asked for, supplier labels, a stop ---------

F2F = (
    "2026-02-09",
    "SLEEP CONSULT (in person)\nLoud snoring, witnessed apneas, daytime sleepiness. Epworth "
    "14/24. Neck 17 in. BMI 33.\nPlan: home sleep apnea test.\n",
)
HSAT = (
    "2026-02-27",
    "HOME SLEEP APNEA TEST - FINAL REPORT\nStudy date: 02/26/2026\nAHI 22.4 events/hour (4% "
    "rule).\nInterpretation: moderate obstructive sleep apnea.\n",
)
SETUP = (
    "2026-03-10",
    "DME SETUP NOTE\nAPAP set-up date 03/10/2026. Mask fitted. Patient instructed.\n",
)
DOWNLOAD = (
    "2026-04-12",
    "COMPLIANCE DOWNLOAD REPORT\nReport range: 03/10/2026 - 04/08/2026 (30 days)\nDays with "
    "usage >= 4 hours: 16/30 (53%)\nAverage usage 3.4 h/night.\nAHI on device 3.1\n",
)


def _cpap(extra: dict, request_date: str = "2026-06-20") -> tuple:
    records = {"01_f2f.txt": F2F, "02_hsat.txt": HSAT, "03_setup.txt": SETUP, **extra}
    return CPAP, request_date, records


@pytest.mark.parametrize(
    "call",
    [
        "TELEPHONE ENCOUNTER\nEncounter date: 05/01/2026   Visit type: telephone (converted from "
        "in-person visit)\nS: on APAP since 03/10/2026. Feels more rested, less daytime "
        "sleepiness. Epworth 7/24 (14 before).\nA/P: OSA improved on APAP. Continue.\n",
        "PHONE CALL - SLEEP CLINIC\nPhone visit 05/01/2026 in lieu of office visit (patient out "
        "of state).\nPt reports feeling more rested on CPAP, snoring resolved, Epworth 7/24. OSA "
        "improved.\n",
    ],
    ids=["converted-from-in-person", "in-lieu-of-office-visit"],
)
def test_phone_line_naming_the_visit_it_replaced_is_no_visit(brief_packet, call) -> None:
    policy, day, records = _cpap({"04_dl.txt": DOWNLOAD, "05_phone.txt": ("2026-05-01", call)})
    c = brief_packet(policy, day, records, request_type="continuation")
    assert c["clinical-reevaluation"].status != "met"


@pytest.mark.parametrize(
    "asked",
    [
        "Goal: use >= 4 h on 70% of nights; counseled on mask fit.",
        "Medicare requires that he use CPAP >= 4 h per night on 70% of nights; counseled on "
        "mask fit.",
    ],
    ids=["goal", "medicare-requires"],
)
def test_use_asked_for_is_the_rule_not_the_use(brief_packet, asked) -> None:
    visit = (
        "2026-05-01",
        "SLEEP CLINIC FOLLOW-UP (in person)\nOSA on APAP since 03/10/2026. Feels more rested, "
        "Epworth 8/24.\nDownload reviewed: usage 53% of nights >= 4 h. " + asked + "\n",
    )
    policy, day, records = _cpap({"04_dl.txt": DOWNLOAD, "05_visit.txt": visit})
    c = brief_packet(policy, day, records, request_type="continuation")
    assert c["adherence"].status == "not_met"


def test_therapy_data_label_after_the_qualifying_ahi_is_the_next_figures(brief_packet) -> None:
    c = brief_packet(
        CPAP,
        "2026-06-20",
        {
            "01_f2f.txt": F2F,
            "03_setup.txt": SETUP,
            "04_dme.txt": (
                "2026-06-15",
                "PAP CONTINUED COVERAGE PACKET\nQualifying study: HSAT 02/26/2026, AHI 22.4/h    "
                "Therapy data (90 days): AHI 2.6/h, median leak 14 L/min\nUsage >= 4 h: 27/30 "
                "nights (90%) for 03/10/2026 - 04/08/2026.\n",
            ),
            "05_visit.txt": (
                "2026-05-01",
                "SLEEP CLINIC FOLLOW-UP (in person)\nOSA on APAP since 03/10/2026. Feels more "
                "rested, Epworth 8/24.\n",
            ),
        },
        request_type="continuation",
    )
    assert c["sleep-test-ahi"].status == "met"
    assert c["sleep-test-ahi"].value == 22.4


def test_use_denied_since_a_day_dates_no_start(brief_packet) -> None:
    c = brief_packet(
        CPAP,
        "2026-07-20",
        {
            "01_f2f.txt": F2F,
            "02_hsat.txt": HSAT,
            "03_setup.txt": ("2026-03-10", "DME NOTE\nCPAP delivered in March; mask fitted.\n"),
            "04_phone.txt": (
                "2026-05-20",
                "NURSE NOTE\nPatient has not been using CPAP since 04/20/2026 due to mask "
                "discomfort; new mask ordered.\n",
            ),
            "05_visit.txt": (
                "2026-07-02",
                "SLEEP CLINIC FOLLOW-UP (in person)\nOSA on CPAP. Feels more rested, Epworth "
                "8/24. Snoring resolved.\n",
            ),
            "06_dl.txt": (
                "2026-07-01",
                "COMPLIANCE DOWNLOAD\nReport range: 05/25/2026 - 06/23/2026 (30 days)\nDays with "
                "usage >= 4 hours: 25/30 (83%)\n",
            ),
        },
        request_type="continuation",
    )
    assert c["clinical-reevaluation"].status == "not_met"


# --- 11-12. prior imaging: a form's "No" to another question; "in error" of something else ---

NOTE_MRI = (
    "2026-02-12",
    "OFFICE VISIT\n" + BACK + "MRI L-spine 08/14/2025: moderate central canal stenosis at L4-5. "
    "Nothing has changed since that MRI.\n" + EXAM,
)


@pytest.mark.parametrize(
    "answer",
    [
        "4. CT of the lumbar spine in past 12 months:   NO",
        "4. Cervical spine MRI in past 12 months:   NO",
        "4. Contrast study in the last year: No reactions",
    ],
    ids=["ct-only", "cervical", "contrast-reactions"],
)
def test_form_no_to_another_question_denies_no_prior_mri(brief_packet, answer) -> None:
    c = brief_packet(
        MRI,
        "2026-04-08",
        {
            "01_form.txt": (
                "2026-04-08",
                "OUTPATIENT IMAGING PRIOR AUTHORIZATION REQUEST\nExam requested: MRI lumbar "
                "spine w/o contrast  CPT 72148\n" + answer + "\n",
            ),
            "02_note.txt": NOTE_MRI,
        },
    )
    assert c["repeat-imaging"].status == "not_met"


def test_listed_in_error_of_something_else_corrects_no_study(brief_packet) -> None:
    c = brief_packet(
        MRI,
        "2026-02-10",
        {
            "02_note.txt": (
                "2026-02-03",
                "OFFICE VISIT\n" + BACK + "Lumbar MRI 11/10/2025 at Valley Imaging showed L4-5 "
                "protrusion. Symptoms unchanged since that MRI.\n" + EXAM,
            ),
            "03_phone.txt": (
                "2026-02-05",
                "CHART NOTE\nPenicillin allergy was listed in error. Patient states no lumbar "
                "MRI before November.\n",
            ),
        },
    )
    assert c["repeat-imaging"].status == "not_met"


# --- 13. a form's red flag and a denial that did not see it -----------------------------------


@pytest.mark.parametrize(
    "records",
    [
        {
            "01_form.txt": (
                "2026-01-19",
                "IMAGING PRIOR AUTHORIZATION REQUEST\nRed flags present (check all that apply):\n"
                "  [X] Progressive neurological deficit (new left foot drop, onset 01/15/2026)\n"
                "  [ ] History of cancer\n",
            ),
            "02_note.txt": (
                "2025-12-01",
                "OFFICE VISIT\n" + BACK + "Strength 5/5 throughout, no foot drop. No saddle "
                "numbness.\n" + EXAM,
            ),
        },
        {
            "01_form.txt": (
                "2026-01-19",
                "IMAGING PRIOR AUTHORIZATION REQUEST\nRed flags:\n"
                "  [X] Fever with back pain (Tmax 101.8 F on 01/17/2026)\n",
            ),
            "02_note.txt": (
                "2026-01-05",
                "OFFICE VISIT\n" + BACK + "Afebrile. No fever or chills.\n" + EXAM,
            ),
        },
        {
            "01_form.txt": (
                "2026-01-19",
                "IMAGING PRIOR AUTHORIZATION REQUEST\nRed flags:\n  [X] Significant trauma / "
                "suspected fracture (fall from a 12-foot ladder 01/10/2026)\n",
            ),
            "02_xr.txt": (
                "2026-01-11",
                "XR LUMBAR SPINE 3 VIEWS\nIMPRESSION: No acute fracture. Mild degenerative "
                "changes.\n",
            ),
            "03_note.txt": (
                "2026-01-12",
                "URGENT CARE VISIT\nLow back pain since yesterday. Exam: tender L3-L5. SLR "
                "negative. Strength 5/5.\n",
            ),
        },
    ],
    ids=["foot-drop-onset-after-note", "fever-after-note", "xray-no-fracture"],
)
def test_form_red_flag_not_disputed_by_a_denial_that_did_not_see_it(brief_packet, records) -> None:
    c = brief_packet(MRI, "2026-01-20", records)
    assert c["red-flags"].status == "met"
