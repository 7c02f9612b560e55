"""Classes found by the fifth dev batch (2026-12-05): figures from outside the window a rule
counts in (a download's later 30 days, a BMI quoted from an older visit), evaluations asked
about or run by someone who does not qualify, care for the other knee, a course cut short by
a count of sessions, a bulge the radiologist calls non-compressive.  Each packet here is
invented for the test; none is copied from a labelled case."""

from __future__ import annotations

from datetime import date

from casebrief.nlp.dates import find_dates


def test_a_download_summary_after_the_first_three_months_does_not_count(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-01-20",
        {
            "01_setup.txt": ("2025-09-01", "CPAP DELIVERY\nSet-up date: 09/01/2025. AutoPAP.\n"),
            "02_download.txt": (
                "2026-01-15",
                "COMPLIANCE REPORT\nTherapy start: 09/01/2025\n\n"
                "COMPLIANCE SUMMARY - INITIAL PERIOD (09/01/2025 - 11/29/2025, 90 days)\n"
                "  Days used >= 4 hrs ..................... 50/90  (55.6%)\n\n"
                "COMPLIANCE SUMMARY - LAST 30 DAYS  (12/15/2025 - 01/13/2026)\n"
                "  Days used >= 4 hrs ..................... 27/30  (90.0%)\n",
            ),
        },
        request_type="continuation",
    )
    c = criteria["adherence"]
    assert c.status == "not_met", c.rationale
    assert "90" not in c.rationale


def test_days_used_is_not_days_over_four_hours_on_a_shared_line(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2025-12-10",
        {
            "01_download.txt": (
                "2025-12-01",
                "CPAP DOWNLOAD\nSet-up date: 10/01/2025\n"
                "Period 10/05/2025 - 11/03/2025\n"
                "Days used 29 / 30    Days >= 4 h 18 / 30 (60%)    Avg 4 h 10 min\n",
            ),
        },
        request_type="continuation",
    )
    c = criteria["adherence"]
    assert c.status == "not_met", c.rationale


def test_a_bmi_quoted_from_an_older_visit_yields_to_the_measured_one(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-20",
        {
            "01_ortho.txt": (
                "2026-03-12",
                "ORTHO FOLLOW-UP\nProblem list: Obesity (BMI 38.2 on 10/02/25)\n"
                "Vitals: Ht 5'4\"  Wt 238 lb  BMI 40.9\n",
            ),
        },
    )
    c = criteria["bmi-below-40"]
    assert c.status == "not_met", c.rationale
    assert c.value == 40.9


def test_a_bmi_written_today_beside_an_older_one_stays_current(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-20",
        {
            "01_ortho.txt": (
                "2026-03-12",
                "ORTHO FOLLOW-UP\nBMI 38.1 today, down from 41.0 on 10/02/25.\n",
            ),
        },
    )
    assert criteria["bmi-below-40"].value == 38.1


def test_a_question_about_the_dietitian_is_no_evaluation(brief_packet) -> None:
    criteria = brief_packet(
        "bariatric-surgery",
        "2026-05-20",
        {
            "01_portal.txt": (
                "2026-05-08",
                "PATIENT MESSAGE\nMy question is about the dietitian. The earliest appointment "
                "is in June. Can you send the paperwork now and the dietitian note after?\n",
            ),
        },
    )
    assert criteria["nutrition-evaluation"].status == "missing"


def test_a_health_coachs_nutrition_assessment_is_not_a_dietitians(brief_packet) -> None:
    criteria = brief_packet(
        "bariatric-surgery",
        "2026-02-17",
        {
            "01_session.txt": (
                "2025-11-11",
                "NUTRITION ASSESSMENT & COUNSELING SESSION\n"
                "Provider: Dana Ruiz, NBC-HWC, Health & Wellness Coach\n"
                "Reviewed food log and set a calorie goal. Nutrition assessment completed.\n",
            ),
        },
    )
    assert criteria["nutrition-evaluation"].status == "missing"


def test_a_plan_item_orders_the_evaluation(brief_packet) -> None:
    criteria = brief_packet(
        "bariatric-surgery",
        "2026-04-20",
        {
            "01_consult.txt": (
                "2026-03-18",
                "BARIATRIC SURGERY CONSULT\nHPI: Here to discuss sleeve gastrectomy.\n\n"
                "ASSESSMENT AND PLAN:\n1. Class II obesity.\n"
                "2. Preoperative nutrition evaluation with our registered dietitian, J. Moss, RD\n",
            ),
        },
    )
    assert criteria["nutrition-evaluation"].status == "missing"


def test_the_other_knees_injection_is_not_this_knees_care(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-04-01",
        {
            "01_ortho.txt": (
                "2026-03-20",
                "ORTHO NOTE\nRight knee OA, KL 4. Taking naproxen 500 mg BID since 06/02/2025, "
                "currently taking.\n\nPROCEDURE: LEFT knee intra-articular injection\n"
                "Injected triamcinolone 40 mg + lidocaine.\n",
            ),
        },
        icd10=["M17.11"],
        cpt=["27447-RT"],
    )
    c = criteria["conservative-therapy-12wk"]
    assert c.status == "not_met", c.rationale


def test_a_course_cut_short_counts_its_sessions_not_months(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-03-03",
        {
            "01_consult.txt": (
                "2026-02-25",
                "PAIN CONSULT\nRight L5 radicular pain. She started home physical therapy in "
                "January but only had two sessions before she was readmitted, and she did not "
                "restart it.\n",
            ),
        },
    )
    c = criteria["conservative-care-4wk"]
    assert c.status == "not_met", c.rationale
    assert c.value is not None and c.value < 1


def test_a_bulge_the_radiologist_calls_non_compressive_is_not_concordant(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2025-09-22",
        {
            "01_mri.txt": (
                "2025-08-11",
                "MRI LUMBAR SPINE WITHOUT CONTRAST\nFINDINGS: L4-5: Mild diffuse disc bulge "
                "with a small annular fissure. Foramina patent.\nIMPRESSION: Mild bulge at "
                "L4-5. No neural compromise; no nerve root compression at any level.\n",
            ),
        },
    )
    assert criteria["imaging-concordant"].status == "not_met"


def test_return_advice_for_any_new_weakness_is_no_red_flag(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-02-10",
        {
            "01_note.txt": (
                "2026-01-29",
                "PHONE NOTE\nDenies saddle anesthesia, bowel or bladder change, fever.\n"
                "Follow up in six weeks or sooner for any new weakness, numbness, or bowel or "
                "bladder symptoms.\n",
            ),
        },
    )
    assert criteria["red-flags"].status == "not_met"


def test_a_therapy_discharge_for_non_attendance_contradicts_a_long_account(
    brief_packet,
) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-02-12",
        {
            "01_pt.txt": (
                "2026-01-08",
                "PHYSICAL THERAPY DISCHARGE SUMMARY\nTotal visits attended: 2\n"
                "Reason for discharge: Non-attendance per clinic policy.\n",
            ),
            "02_note.txt": (
                "2026-01-29",
                "OFFICE NOTE\nPatient reports she completed physical therapy, going twice a "
                "week from 11/15/2025 until 01/02/2026. Pain unchanged.\n",
            ),
        },
    )
    assert criteria["conservative-therapy"].status == "needs_review"


def test_a_month_named_on_the_next_line_is_a_date() -> None:
    found = find_dates("every day since\nJuly, refills on time", date(2025, 9, 8))
    assert [d.value for d in found] == [date(2025, 7, 1)]


# ---- classes found by the sixth dev batch (2026-12-05) ----


def test_a_most_recent_30_days_figure_is_dated_by_its_report(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-01-12",
        {
            "01_report.txt": (
                "2026-01-07",
                "DME COMPLIANCE REPORT\nSet-up date: 09/04/2025\n"
                "Best 30 consecutive days in first 90: 10/05/2025 - 11/03/2025, 20/30 nights "
                ">= 4 h (66.7%)\n\nSUMMARY FOR PAYER:\n"
                "Compliance status: COMPLIANT (most recent 30 days, 86.7% of nights >= 4 h)\n",
            ),
        },
        request_type="continuation",
    )
    assert criteria["adherence"].status == "not_met"


def test_a_pasted_markdown_download_table_is_read(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-01-20",
        {
            "01_download.txt": (
                "2026-01-20",
                "CPAP DOWNLOAD\nSet-up date: 10/06/2025\n"
                "| Period            | Days | Days used | Days >= 4 h | % days >= 4 h |\n"
                "|-------------------|------|-----------|-------------|---------------|\n"
                "| 10/06/25-11/04/25 | 30   | 25        | 14          | 46.7%         |\n"
                "| 11/05/25-12/04/25 | 30   | 26        | 17          | 56.7%         |\n",
            ),
        },
        request_type="continuation",
    )
    c = criteria["adherence"]
    assert c.status == "not_met" and "56.7" in c.rationale, c.rationale


def test_the_bmi_on_the_vitals_line_beats_a_copied_forward_one(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-01-12",
        {
            "01_ortho.txt": (
                "2026-01-06",
                "ORTHO NOTE\nHPI: Treatments to date: naproxen, PT. BMI 38.6 - under 40, "
                "acceptable for surgery.\nVitals: BP 142/84 | Ht 5' 6\" | Wt 251 lb | BMI 40.51\n",
            ),
        },
    )
    assert criteria["bmi-below-40"].status == "not_met"


def test_a_stated_length_belongs_to_the_therapy_it_names(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2025-09-22",
        {
            "01_pt.txt": (
                "2025-08-27",
                "PHYSICAL THERAPY DAILY NOTE\nInitial eval: 08/20/2025. Visit 2 today "
                "08/27/2025.\n",
            ),
            "02_pain.txt": (
                "2025-09-15",
                "PAIN CLINIC NOTE\nPt has failed conservative care including 8 wks of PT. "
                "Started PT 8/20, went twice, stopped PT after the 8/27 visit.\n",
            ),
        },
    )
    c = criteria["conservative-care-4wk"]
    assert c.status == "not_met", c.rationale


def test_a_meloxicam_stopped_after_ten_days_is_ten_days(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2025-11-18",
        {
            "01_consult.txt": (
                "2025-11-12",
                "SPINE CONSULT\nconservative: meloxicam 15 started 10/14 by pcp -> stopped "
                "after ~10 days, GI upset. no PT. no chiro.\n",
            ),
        },
    )
    c = criteria["conservative-care-4wk"]
    assert c.status == "not_met" and c.value is not None and c.value < 2, (c.status, c.value)


def test_a_screening_question_is_not_a_red_flag(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-01-20",
        {
            "01_portal.txt": (
                "2026-01-09",
                "NURSE SCREENING QUESTIONS SENT\n- any new weakness, like your foot slapping?\n"
                "- any trouble starting to pee or loss of bowel control?\n",
            ),
        },
    )
    assert criteria["red-flags"].status != "met"


def test_a_y_n_form_box_ticked_n_negates(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-02-20",
        {
            "01_form.txt": (
                "2026-02-17",
                "PRIOR AUTHORIZATION FORM - KNEE\n"
                "Active infection (knee, skin, urinary, dental, systemic):   Y [ ]  N [X]\n",
            ),
        },
    )
    assert criteria["no-active-infection"].status == "met"


def test_a_patients_portal_message_is_not_an_exam(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-01-20",
        {
            "01_portal.txt": (
                "2026-01-09",
                "Bayline MyHealth - Message Thread\nThe numbness on the outside of my foot is "
                "there most of the day now.\n",
            ),
        },
    )
    assert criteria["clinical-evaluation"].status != "met"


def test_the_rate_beats_the_event_count_in_a_sleep_table(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2025-12-20",
        {
            "01_hsat.txt": (
                "2025-12-11",
                "HOME SLEEP APNEA TEST REPORT\nRESULTS            Events    Index\n"
                "AHI (4%)              81      11.2\n"
                "IMPRESSION: Mild obstructive sleep apnea, AHI 11.2 events/hour.\n",
            ),
        },
    )
    assert criteria["sleep-test-ahi"].value == 11.2


def test_not_able_to_clear_is_not_cleared(brief_packet) -> None:
    criteria = brief_packet(
        "bariatric-surgery",
        "2025-11-20",
        {
            "01_psych.txt": (
                "2025-10-30",
                "PRE-SURGICAL PSYCHOLOGICAL EVALUATION\nRECOMMENDATION: At this time I am not "
                "able to clear Mr. Doe for bariatric surgery. I would be glad to re-evaluate "
                "him after CBT.\n",
            ),
        },
    )
    assert criteria["psych-evaluation"].status == "not_met"


def test_a_yes_box_then_a_ticked_no_box_answers_no(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2025-11-20",
        {
            "01_form.txt": (
                "2025-11-14",
                "PRIOR AUTHORIZATION REQUEST - SPINAL INJECTIONS\n"
                "   Prior epidural steroid injection, any level              [ ] [X]\n"
                "       if yes: date ____ % relief ____ duration of relief ____\n",
            ),
        },
    )
    assert criteria["prior-injection-response"].status == "not_applicable"


def test_how_long_away_is_not_how_long_relief_lasted(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2025-09-22",
        {
            "01_pain.txt": (
                "2025-09-15",
                "PAIN CLINIC NOTE\nInterval history: Returns after ~10 mo. States the 11/2024 "
                "epidural injection helped about 80%, relief lasted about 6 weeks.\n"
                "Consent: risks incl. bleeding, infection, no relief discussed.\n",
            ),
        },
    )
    c = criteria["prior-injection-response"]
    assert c.status == "not_met", c.rationale


# ---- classes found by the seventh dev batch (2026-12-05) ----


def test_safety_netting_and_a_ces_card_are_no_red_flag(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-02-10",
        {
            "01_letter.txt": (
                "2026-01-21",
                "Dear Dr Patel,\nNo saddle anaesthesia, bladder and bowel function normal.\n"
                "3. Safety netting re: cauda equina symptoms repeated; pt verbalised "
                "understanding and has CES card.\n",
            ),
        },
    )
    assert criteria["red-flags"].status == "not_met"


def test_exercises_progressed_are_not_symptoms_progressed(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-02-10",
        {
            "01_letter.txt": (
                "2026-01-21",
                "Her symptoms are the same left L5 pain that prompted her MRI lumbar spine on "
                "06/15/2025, constant rather than progressive.\n",
            ),
            "02_physio.txt": (
                "2026-01-12",
                "PHYSIOTHERAPY DISCHARGE\nCore stability programme, HEP issued 13/10/2025 and "
                "progressed each session.\n",
            ),
        },
    )
    assert criteria["repeat-imaging"].status == "not_met"


def test_the_side_heading_a_bilateral_report_paragraph_decides(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-01-20",
        {
            "01_xr.txt": (
                "2025-08-05",
                "XR BOTH KNEES STANDING\n\nRIGHT KNEE:\nSevere medial joint space narrowing "
                "with bone-on-bone contact medially.\nKellgren-Lawrence grade 4.\n\n"
                "LEFT KNEE:\nMild medial joint space narrowing.\nKellgren-Lawrence grade 2.\n",
            ),
        },
        icd10=["M17.12"],
        cpt=["27447-LT"],
    )
    assert criteria["radiographic-severity"].status == "not_met"


def test_the_70_percent_rule_named_is_not_a_usage_figure(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-01-10",
        {
            "01_log.txt": (
                "2026-01-08",
                "RT LOG\nSet-up date: 10/09/2025\n10/28/2025 RT phone day 20: AirView: 12 of 20 "
                "nights >= 4 h. Encouraged nightly use, reviewed 70% rule.\n"
                "Best 30 consecutive days: 20 of 30 days >= 4 h (66.7%)\n",
            ),
        },
        request_type="continuation",
    )
    assert criteria["adherence"].status == "not_met"


def test_back_to_baseline_by_a_date_bounds_the_relief(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2025-11-25",
        {
            "01_note.txt": (
                "2025-11-18",
                "OFFICE NOTE\nGot a shot (L L5-S1 TFESI) w/ Dr Lisk 5/20/2025. She says it was "
                "great, 80 percent better, but she was back to baseline by the 4th of July.\n",
            ),
        },
    )
    c = criteria["prior-injection-response"]
    assert c.status == "not_met", c.rationale


def test_one_injections_percent_and_length_told_apart_meet(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-02-20",
        {
            "01_gp.txt": (
                "2025-12-15",
                "Dear Dr Shah, the epidural injection you did on 20/02/2025 gave him about "
                "five months of relief.\n",
            ),
            "02_pain.txt": (
                "2026-02-17",
                "I performed an L4/5 interlaminar epidural steroid injection on 20/02/2025. At "
                "his six-week review he reported roughly 80% improvement in his leg pain.\n",
            ),
        },
    )
    assert criteria["prior-injection-response"].status == "met"


def test_a_completed_inactive_antibiotic_course_is_no_active_infection(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-30",
        {
            "01_pharmacy.txt": (
                "2026-03-30",
                "PHARMACY PROFILE\nINACTIVE / COMPLETED Rx\nCEPHALEXIN 500 MG QID x 7 days "
                "11/03/2025\n   Dx on Rx: L03.116 cellulitis of left lower limb.  Status: "
                "COMPLETED course (7 DS) - inactive 11/10/2025\n",
            ),
        },
    )
    assert criteria["no-active-infection"].status == "met"


def test_prehab_for_the_surgery_is_not_conservative_care(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-01-12",
        {
            "01_letter.txt": (
                "2026-01-05",
                "LETTER OF MEDICAL NECESSITY\nRight knee OA. Meloxicam 15 mg daily since "
                "06/09/2025, currently taking. PT declined, injection declined.\n"
                "Surgery plan includes: pre-op education class, PT pre-hab eval.\n",
            ),
        },
    )
    assert criteria["conservative-therapy-12wk"].status == "not_met"


# ---- found in review (2026-12-05) ----


def test_a_four_hour_label_before_its_ratio_is_kept(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2025-12-10",
        {
            "01_download.txt": (
                "2025-12-01",
                "CPAP DOWNLOAD\nSet-up date: 10/01/2025\nPeriod 10/05/2025 - 11/03/2025\n"
                "Nights >= 4 h: 26/30 nights\n",
            ),
        },
        request_type="continuation",
    )
    assert criteria["adherence"].status == "met"


def test_a_question_answered_yes_on_its_line_is_present(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-01-20",
        {"01_triage.txt": ("2026-01-09", "NURSE TRIAGE\nSaddle anesthesia? Yes.\nFever? no\n")},
    )
    assert criteria["red-flags"].status == "met"


def test_the_next_sentence_on_the_line_does_not_resolve_an_infection(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-01",
        {
            "01_note.txt": (
                "2026-02-20",
                "ORTHO NOTE\nActive cellulitis of the right leg, on cephalexin. Hx of MRSA "
                "abscess 2019.\n",
            ),
        },
    )
    assert criteria["no-active-infection"].status == "not_met"


def test_a_full_course_of_sessions_is_not_cut_short(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-03-03",
        {
            "01_consult.txt": (
                "2026-02-25",
                "PAIN CONSULT\nRight L5 radicular pain. Started PT 11/03/2025 and attended 18 "
                "sessions, going 3 times a week; still going.\n",
            ),
        },
    )
    c = criteria["conservative-care-4wk"]
    assert c.status == "met", c.rationale
