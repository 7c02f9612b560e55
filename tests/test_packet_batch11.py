"""Classes found by the eleventh dev batch (an interventional pain practice's procedure notes,
call logs and pain diaries; an academic centre's attested resident notes and addenda; a
bariatric program's psychology and nutrition side; sleep labs and DME downloads; 2026-12-06):
"[ ] Hx cancer" and "( ) HTN" read as present, "[X] No active infection" read as an infection,
"ED/call for new weakness" read as a red flag, a range typed "9/15/2025-12/12/2025" read as its
first day, a copy-forward marker "[HPI copied from 05/05/2026 note]" dating the exam below it, a
"TO DO ... booked" checklist item's wrapped line read as a done evaluation, a form's BMI with
"(highest documented BMI, ... 01/2023)" below it and a "[ ] BMI 35-39.9" category read as the
latest BMI, "7/10 (from 02/24/26 office visit)" and an earlier call's score in a call log taken
as the current pain, relief told as a score drop ("VAS 8 pre-injection -> 3-4", "stayed at or
below 4 until mid-December") or as "sustained to date", a blank form field naming therapy, an
"EXPIRED" authorization row counted as therapy, a parent's stroke qualifying an AHI, a request
form's onset line read as an account of the response, and a conditional psychological
clearance followed by a full one.  Every text is invented for the test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from test_packet_batch9 import _assertion, criterion, make_case

from casebrief.nlp.dates import find_dates
from casebrief.policy.evaluators.procedures import score_drop_percent

# ------------------------------------------------------------------ checkboxes and context


def test_an_unticked_history_item_is_negated() -> None:
    text = "Red flags:\n  [ ] Bowel/bladder dysfunction  [ ] Progressive weakness  [ ] Hx cancer\n"
    assert _assertion(text, "cancer") == "negated"


def test_a_ticked_negative_statement_is_a_denial() -> None:
    text = "Criteria:\n [X] BMI < 40\n [X] No active infection\n [X] Medical clearance\n"
    assert _assertion(text, "infection") == "negated"


def test_a_ticked_box_answering_the_item_before_it_still_reads_backward() -> None:
    assert _assertion("Fever [X] no   Chills [X] yes\n", "Fever") == "negated"


def test_return_precautions_written_ed_slash_call_are_advice() -> None:
    text = "Plan:\n4. ED/call for new weakness, saddle numbness, bowel/bladder change.\n"
    assert _assertion(text, "saddle numbness") == "hypothetical"


# ------------------------------------------------------------------ dates


def test_a_range_typed_without_spaces_gives_both_ends() -> None:
    found = find_dates("She completed formal PT 9/15/2025-12/12/2025 (12 wks).", date(2026, 3, 1))
    assert [d.value for d in found] == [date(2025, 9, 15), date(2025, 12, 12)]


def test_digits_joined_by_hyphens_are_still_not_a_date() -> None:
    assert find_dates("Ref 12-3-4-26 on file", date(2026, 3, 1)) == []


# ------------------------------------------------------------------ therapy


def test_a_completed_course_and_a_later_never_started_need_review(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "total-knee-arthroplasty",
        "2026-09-11",
        {
            "01_sports.txt": {
                "date": "2025-12-18",
                "text": "SPORTS MEDICINE NOTE\nL knee OA. Referred to PT 09/2025. She never started"
                " PT (copay).\nTried naproxen 2 wks in Oct 2025.\n",
            },
            "02_ortho.txt": {
                "date": "2026-03-10",
                "text": "ORTHOPAEDIC NOTE\nHPI: L knee pain. She has completed formal PT"
                " 9/15/2025-12/12/2025\n(12 wks) without benefit. KL 4 L knee. Ht 66 in Wt 200"
                " lb. No infection.\n",
            },
        },
    )
    assert criterion(case, "conservative-therapy-12wk").status == "needs_review"


def test_a_blank_form_field_naming_therapy_is_not_therapy(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-epidural-steroid-injection",
        "2026-04-28",
        {
            "01_form.txt": {
                "date": "2026-04-28",
                "text": "ESI REQUEST FORM\nConservative therapy (type/dates): ______________\n"
                "Pain 6/10, L leg.\n",
            },
            "02_note.txt": {
                "date": "2026-04-21",
                "text": "PAIN CLINIC NOTE\nL S1 radicular pain, SLR positive on the left. Pain"
                " 6/10, cannot work a full shift.\nMRI: L5-S1 protrusion compressing the L S1"
                " root.\nPlan: L5-S1 TFESI, then PT referral after the injection.\n",
            },
        },
    )
    assert criterion(case, "conservative-care-4wk").status == "missing"


def test_an_expired_authorization_row_is_not_therapy(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "total-knee-arthroplasty",
        "2026-03-13",
        {
            "01_summary.txt": {
                "date": "2026-03-13",
                "text": "PLAN CLINICAL SUMMARY\nAUTHORIZATIONS\nAUTH#         SERVICE"
                "                 APPROVED           USED\nPT-25-1184     PT R knee (Bayside PT)"
                "  11/12/25-02/12/26  0   EXPIRED\n",
            },
            "02_ortho.txt": {
                "date": "2026-03-10",
                "text": "ORTHO NOTE\nR knee OA, KL 4. Taking meloxicam 15 mg daily for the R knee"
                " since 08/12/2025.\nBMI 33. No infection.\n",
            },
        },
    )
    c = criterion(case, "conservative-therapy-12wk")
    assert c.status == "not_met" and "Physical therapy" not in c.rationale


# ------------------------------------------------------------------ measurements


def test_a_forms_historical_bmi_noted_below_yields_to_the_measured_one(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "bariatric-surgery",
        "2026-03-27",
        {
            "01_form.txt": {
                "date": "2026-03-27",
                "text": "BARIATRIC REQUEST\n [X] BMI >= 40\n [ ] BMI 35-39.9 with comorbidity:"
                " ______\n BMI: 41.3     Height: 66 in    Weight: 256 lb\n (highest documented"
                " BMI, per PCP weight history, 01/2023)\n",
            },
            "02_checklist.txt": {
                "date": "2026-03-24",
                "text": "PROGRAM CHECKLIST\n  Ht 66 in    Wt 237.6 lb    BMI 38.4    BP 126/80\n"
                "No hypertension, no diabetes.\n",
            },
        },
    )
    c = criterion(case, "bmi-comorbidity")
    assert c.status == "not_met" and c.value == 38.4


def test_a_note_below_with_its_own_value_does_not_date_the_one_above(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "total-knee-arthroplasty",
        "2026-06-01",
        {
            "01_ortho.txt": {
                "date": "2026-05-28",
                "text": "ORTHO CONSULT\nHt 5' 9\"  Wt 256 lb  BMI 37.8 kg/m2  BP 136/80\n(Wt 276 lb"
                " / BMI 40.8 at PCP 09/22/2025 - prior to weight program)\nR knee KL 4.\n",
            },
        },
    )
    assert criterion(case, "bmi-below-40").value == 37.8


def test_a_score_quoted_from_an_earlier_visit_yields_to_a_later_calls(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-epidural-steroid-injection",
        "2026-03-03",
        {
            "01_form.txt": {
                "date": "2026-03-03",
                "text": "ESI REQUEST\n   Pain score (VAS): 7/10  (from 02/24/26 office visit)\n",
            },
            "02_calls.txt": {
                "date": "2026-03-02",
                "text": "TELEPHONE ENCOUNTER REPORT\n-----------------------------\n08/22/2025"
                " 11:37   Type: Post-procedure call (48 h)   By: T. Ames, RN\n-----------------\n"
                "  Pain: rates 8/10 today\n\n-----------------------------\n03/02/2026 13:20"
                "   Type: Pre-procedure phone screen   By: K. Dunn, RN\n-----------------\n"
                "  Current pain: 3/10\n",
            },
        },
    )
    c = criterion(case, "pain-assessment")
    assert c.value == 3.0 and c.status == "not_met"


# ------------------------------------------------------------------ prior injection relief


def test_a_score_drop_is_read_as_percent_relief() -> None:
    assert score_drop_percent("- Leg VAS 8 pre-injection -> 3-4 by day 10") == 50.0
    assert score_drop_percent("pain went from 8/10 to 2/10 after the shot") == 75.0
    assert score_drop_percent("pain 8 to 2/14/2026") is None
    assert score_drop_percent("Pain: 6 -> 6") is None


def test_relief_told_as_a_score_drop_and_how_long_it_held_meets(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-epidural-steroid-injection",
        "2026-03-03",
        {
            "01_note.txt": {
                "date": "2026-02-24",
                "text": "PAIN FOLLOW-UP\nLAST PROCEDURE:  L5-S1 ILESI, 08/20/2025\nRESPONSE TO"
                " LAST PROCEDURE (pt's diary):\n   - Leg VAS 8 pre-injection -> 3-4 by day 10\n"
                "   - stayed at or below 4 until mid-December, then gradual return\n",
            },
        },
    )
    assert criterion(case, "prior-injection-response").status == "met"


def test_relief_sustained_to_date_against_a_later_wore_off_needs_review(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-epidural-steroid-injection",
        "2026-04-28",
        {
            "01_fu.txt": {
                "date": "2026-01-20",
                "text": "FOLLOW-UP\ns/p L L5-S1 TFESI 10/16/2025.\nReports ~70% relief of L leg"
                " pain since the injection, sustained to date.\n",
            },
            "02_md.txt": {
                "date": "2026-04-21",
                "text": 'OFFICE NOTE\nPrior L L5-S1 TFESI 10/16/2025. Pt states the shot "wore'
                ' off after about 5-6 weeks".\n',
            },
        },
    )
    assert criterion(case, "prior-injection-response").status == "needs_review"


# ------------------------------------------------------------------ evaluations and sleep


def test_a_booked_to_do_item_and_its_wrapped_line_are_not_done(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "bariatric-surgery",
        "2026-05-11",
        {
            "01_email.txt": {
                "date": "2026-04-20",
                "text": "Your updated checklist:\n"
                "  DONE   Psychological evaluation ...... 04/02/2026\n"
                "  TO DO  Registered dietitian nutrition evaluation ..... "
                "booked 05/19/2026\n"
                "         with H. Sorvino, RD, 10:30 AM, Pavilion B (first available,\n"
                "         sorry for the wait!)\n",
            },
        },
    )
    assert criterion(case, "nutrition-evaluation").status == "missing"


def test_a_conditional_clearance_then_a_full_one_is_cleared(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "bariatric-surgery",
        "2026-06-01",
        {
            "01_psych.txt": {
                "date": "2026-03-05",
                "text": "PSYCHOLOGICAL EVALUATION FOR BARIATRIC SURGERY\nHe is an appropriate"
                " candidate for bariatric surgery pending completion of 4 sessions of CBT.\n",
            },
            "02_addendum.txt": {
                "date": "2026-05-21",
                "text": "PSYCHOLOGICAL EVALUATION - ADDENDUM\nIn my evaluation of 03/05/2026 I"
                " found him an appropriate candidate pending completion of four CBT sessions."
                "\nHe has completed all four. He is psychologically cleared for bariatric"
                " surgery.\n",
            },
        },
    )
    assert criterion(case, "psych-evaluation").status == "met"


def test_a_parents_stroke_does_not_qualify_a_mild_ahi(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "cpap-osa",
        "2026-06-10",
        {
            "01_visit.txt": {
                "date": "2026-04-28",
                "text": "SLEEP CLINIC VISIT (in person)\n"
                'She asks for a study because "his dad had a\n'
                "stroke at 61 and I'm worried.\" Epworth 6. No HTN, no stroke/TIA.\n",
            },
            "02_psg.txt": {
                "date": "2026-05-21",
                "text": "DIAGNOSTIC POLYSOMNOGRAPHY REPORT\nStudy date: 05/19/2026\nAHI (overall)"
                " ......... 9.6 /h\nIMPRESSION: Mild obstructive sleep apnea, AHI 9.6/h.\n",
            },
        },
    )
    assert criterion(case, "sleep-test-ahi").status == "not_met"
