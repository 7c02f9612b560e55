"""Classes found by the twelfth dev batch (records that disagree, and records that only seem
to: workers' comp and IME packets, a health plan's claims and fills, sleep and psychology
packets faxed by a coordinator, an orthopaedic and spine group; 2026-12-06): two same-day
measurements on either side of a line, an Epworth score disputed by the questionnaire it
quotes, a nurse's intake against a copied-forward "denies new numbness", a later account of
therapy's own weeks against the therapist's, a program letter's span against its visit log,
an addendum's later clearance, and the readings under them (a month range "03-04/2025",
"January through February", "referred to PT. She completed", a plan of care's dates, "sx
denied", a claim row "IN REVIEW", a PR-2 progress report, an ESI "NON-CERT").  Every text is
invented for the test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from test_packet_batch9 import _assertion, criterion, make_case

from casebrief.documents.classify import classify
from casebrief.nlp.dates import find_dates
from casebrief.nlp.sentences import sentence_starts

# ------------------------------------------------------------------ readings


def test_a_month_range_before_a_month_and_year_starts_the_range() -> None:
    found = find_dates("failed PT (03-04/2025) and NSAIDs", date(2026, 3, 1))
    assert [(d.value.month, d.value.year) for d in found] == [(3, 2025), (4, 2025)]


def test_a_capitalised_abbreviation_before_a_capitalised_word_ends_a_sentence() -> None:
    text = "PCP referred her to PT. She completed 8 weeks of PT at Ridgeline."
    assert len(sentence_starts(text)) == 2
    assert len(sentence_starts("Pt. States pain 5/10. Seen by Dr. Smith today.")) == 2


def test_symptoms_denied_after_the_finding_negate_it() -> None:
    text = "Red flags: none documented (cauda equina sx denied; no personal ca hx).\n"
    assert _assertion(text, "cauda equina") == "negated"


def test_a_workers_comp_progress_report_is_an_office_note() -> None:
    text = (
        "PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)      [X] Change in tx plan\n"
        "                                                         [X] Request for authorization\n"
        "SUBJECTIVE: low back pain.\n"
    )
    assert classify(text)[0] == "office_note"


# ------------------------------------------------------------------ therapy


def test_whole_months_and_a_plan_of_cares_dates(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-spine-mri",
        "2026-03-20",
        {
            "01_pt.txt": {
                "date": "2026-02-24",
                "text": "PHYSICAL THERAPY DISCHARGE SUMMARY\nPlan of care at IE: 2x/wk x 8 wks (16"
                " visits authorized), 01/06/26-03/02/26\nTotal visits attended: 5 (01/06/2026 -"
                " 01/27/2026). Discharged for non-attendance.\n",
            },
            "02_spine.txt": {
                "date": "2026-03-12",
                "text": "SPINE CLINIC NOTE\nL S1 radiculopathy. PCP referred her to PT. She"
                " completed 8 weeks of PT at Ridgeline (January\nthrough February), 2x/week,"
                " with no improvement.\nSLR positive on the left. No red flags.\n",
            },
        },
    )
    assert criterion(case, "conservative-therapy").status == "needs_review"


def test_a_later_account_of_therapys_own_weeks_contradicts_the_therapist(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-spine-mri",
        "2026-10-20",
        {
            "01_pt.txt": {
                "date": "2026-08-14",
                "text": "PHYSICAL THERAPY DISCHARGE SUMMARY\nPT 6/16/2026 - 8/14/2026, 14 visits."
                '\nPt reports "85% better overall." Leg pain now only an occasional mild ache.'
                "\nAll goals met.\n",
            },
            "02_md.txt": {
                "date": "2026-09-15",
                "text": 'PROGRESS NOTE\nHe tells me PT "didn\'t do a thing" -- his R leg pain'
                " never let up at any point during therapy, 7/10 today.\n",
            },
        },
    )
    assert criterion(case, "therapy-failure").status == "needs_review"


# ------------------------------------------------------------------ measurements


def test_two_same_day_bmis_either_side_of_the_line_need_review(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "bariatric-surgery",
        "2026-09-01",
        {
            "01_intake.txt": {
                "date": "2026-08-19",
                "text": "NURSE INTAKE - VITALS\nWeight ........... 226.2 lb\nBMI .............."
                " 38.8 kg/m2\n",
            },
            "02_surgeon.txt": {
                "date": "2026-08-19",
                "text": "BARIATRIC SURGERY CONSULT\nVitals: Wt 241 lb   Ht 5'4\"   BMI 41.4   BP"
                " 118/74\nNo hypertension, no diabetes, no sleep apnea.\n",
            },
        },
    )
    assert criterion(case, "bmi-comorbidity").status == "needs_review"


def test_an_epworth_score_disputed_by_its_own_questionnaire_needs_review(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "cpap-osa",
        "2026-08-25",
        {
            "01_questionnaire.txt": {
                "date": "2026-07-21",
                "text": "SLEEP INTAKE QUESTIONNAIRE\nEPWORTH SLEEPINESS SCALE  (0-3 each)\n"
                "  Sitting and reading ........ 1\n  Watching TV ................ 2\n"
                "                                   TOTAL: 6 / 24\n",
            },
            "02_consult.txt": {
                "date": "2026-07-21",
                "text": "SLEEP CONSULT (in person)\nDaytime: ESS 15/24 on intake questionnaire"
                " today; dozes at red lights.\nNo hypertension, no heart disease, no stroke.\n",
            },
            "03_hsat.txt": {
                "date": "2026-08-04",
                "text": "HOME SLEEP APNEA TEST REPORT\nStudy date: 08/02/2026\nAHI (overall)"
                " ......... 9.8 /h\nIMPRESSION: Mild obstructive sleep apnea, AHI 9.8/h.\n",
            },
        },
    )
    assert criterion(case, "sleep-test-ahi").status == "needs_review"


# ------------------------------------------------------------------ imaging


def test_a_same_day_intake_and_note_disagreeing_on_new_symptoms_need_review(
    tmp_path: Path,
) -> None:
    case = make_case(
        tmp_path,
        "lumbar-spine-mri",
        "2026-08-20",
        {
            "01_mri.txt": {
                "date": "2026-01-15",
                "text": "MRI LUMBAR SPINE WITHOUT CONTRAST\nIMPRESSION: L4-5 left foraminal"
                " protrusion.\n",
            },
            "02_intake.txt": {
                "date": "2026-08-18",
                "text": "NURSING INTAKE\nNew symptoms since last visit? ........... YES - numbness"
                " top of R foot x ~3 wks\n",
            },
            "03_surgeon.txt": {
                "date": "2026-08-18",
                "text": "SPINE SURGERY FOLLOW-UP\nSx are unchanged since the MRI: aching L buttock"
                " pain. Denies any new numbness or weakness.\n",
            },
        },
    )
    assert criterion(case, "repeat-imaging").status == "needs_review"


def test_a_claim_row_in_review_is_not_a_study(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-spine-mri",
        "2026-03-20",
        {
            "01_claims.txt": {
                "date": "2026-03-20",
                "text": "PLAN CLAIMS AND AUTHORIZATIONS\n| A-26-0317 | 03/17/2026 | 72148 MRI"
                " L-spine w/o | Three Rivers Spine | IN REVIEW |\n",
            },
            "02_note.txt": {
                "date": "2026-03-12",
                "text": "SPINE NOTE\nLumbar MRI: never done.\n",
            },
        },
    )
    assert criterion(case, "repeat-imaging").status == "met"


# ------------------------------------------------------------------ programs and evaluations


def test_a_program_letters_span_against_its_visit_log_needs_review(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "bariatric-surgery",
        "2026-10-06",
        {
            "01_letter.txt": {
                "date": "2026-09-02",
                "text": "MEDICALLY SUPERVISED WEIGHT LOSS PROGRAM\nMr. Doe participated in our"
                " program from January 8, 2026 through August 27, 2026, with monthly visits.\n"
                "\nALL PROGRAM ENCOUNTERS\n04/16/2026  Intake visit        301.0 lb\n"
                "05/21/2026  Follow-up visit     298.2 lb\n06/18/2026  Follow-up visit     295.0 lb"
                "\n07/23/2026  Follow-up visit     293.1 lb\n08/27/2026  Follow-up visit     291.4"
                " lb\n",
            },
        },
    )
    assert criterion(case, "supervised-weight-loss-6mo").status == "needs_review"


def test_an_addendums_later_clearance_clears(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "bariatric-surgery",
        "2026-08-04",
        {
            "01_psych.txt": {
                "date": "2026-05-20",
                "text": "PSYCHOLOGICAL EVALUATION FOR BARIATRIC SURGERY\nRECOMMENDATION\nClearance"
                " DEFERRED at this time. Recommend 2 focused sessions before final clearance.\n\n"
                "ADDENDUM - 06/24/2026\nShe completed the 2 recommended sessions. She is"
                " psychologically cleared to proceed with bariatric surgery.\n",
            },
        },
    )
    assert criterion(case, "psych-evaluation").status == "met"


def test_an_injection_denied_by_utilization_review_is_not_a_prior_one(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-epidural-steroid-injection",
        "2026-04-10",
        {
            "01_adjuster.txt": {
                "date": "2026-03-27",
                "text": "ADJUSTER NOTES\n12/30/25 RFA rec'd from Osei 12/29: PT x8 + L4-5 ESI.\n"
                "01/06/26 UR: PT x8 CERT; ESI NON-CERT. Letters mailed.\n",
            },
            "02_consult.txt": {
                "date": "2026-04-06",
                "text": "PAIN CONSULT\nL L5 radicular pain, SLR positive on the left. Pain 8/10."
                "\n- ESI was requested 12/29/25 and non-certified by UR on 1/5/26.\n",
            },
        },
    )
    assert criterion(case, "prior-injection-response").status == "not_applicable"


def test_a_study_known_only_from_claims_that_notes_deny_needs_review(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-spine-mri",
        "2026-04-14",
        {
            "01_claims.txt": {
                "date": "2026-04-14",
                "text": "CLAIMS HISTORY (PLAN)\nDOS        PROVIDER              CPT    STATUS\n"
                "11/19/2025 SEACOAST OPEN MRI LLC  72148  PAID   MRI lumbar spine w/o\n",
            },
            "02_note.txt": {
                "date": "2026-01-22",
                "text": "PCP OFFICE NOTE\nLow back pain x 4 months. No prior MRI.\n",
            },
        },
    )
    assert criterion(case, "repeat-imaging").status == "needs_review"


def test_a_summary_recounting_an_old_exam_dates_it_then(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-spine-mri",
        "2026-04-14",
        {
            "01_review.txt": {
                "date": "2026-04-14",
                "text": "UM NURSE REVIEW\nLast in-person visit with exam 01/22/2026 (SLR neg, 5/5,"
                " DTR 2+).\n",
            },
            "02_call.txt": {
                "date": "2026-04-08",
                "text": "TELEPHONE ENCOUNTER (audio only)\nExam: not performed - telephone"
                " encounter.\n",
            },
        },
    )
    assert criterion(case, "clinical-evaluation").status == "not_met"
