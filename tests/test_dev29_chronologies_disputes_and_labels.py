"""The classes of error the twenty-ninth dev batch (dev29es/cp/bs/dx) showed, each told in
packets written differently from the batch's own (every packet here is invented):

- a records review's chronology dates its entries' wrapped lines; claims rows join their dates
  with ".."; a claims row's ICD-10 code names its region; a dated row is no title;
- a form's question heading its boxes ("... for at least 3 months (check all):") is no course;
- "years ago" places a therapy in the remote past; "wants to hold off" is not given;
- the epidural's conservative care must have failed ("about 70% better" is not_met);
- a program's long gap splits it in two; a "since August" enrolment disputes a December start;
- "03-Sep-25" dates; a 2024 refusal recounted in a 2026 clearance is of 2024;
- a dietitian's class is no evaluation;
- a DME letter's period wrapped onto the next line; "23 of 30 consecutive nights";
- a wrapped denied list; a partner's own insomnia; a supplier's continued-coverage request;
- a copied-forward HPI's BMI under a dated heading; a study ordered with labs "today";
- "sciatica" only as a label the examiner denies; the report's side beats a sideless summary.

Run with the project's tests/conftest.py (the ``brief_packet`` fixture)."""

from __future__ import annotations

from casebrief.documents.classify import classify
from casebrief.nlp.dates import find_dates

MRI = "lumbar-spine-mri"
ESI = "lumbar-epidural-steroid-injection"
TKA = "total-knee-arthroplasty"
BAR = "bariatric-surgery"
CPAP = "cpap-osa"


def test_two_digit_year_after_hyphens_is_a_date():
    got = [(d.value.isoformat(), d.precision) for d in find_dates("seen 14-Nov-25, RTC 02-Jan-26")]
    assert got == [("2025-11-14", "day"), ("2026-01-02", "day")]
    assert not find_dates("dose 5 mar-25 units")


def test_dated_chronology_rows_are_not_titles():
    text = (
        "INDEPENDENT MEDICAL EXAMINATION\nExaminee: J. Doe\n\nRECORDS REVIEWED\n"
        "03/02/2024-06/10/2024  Lakeview Chiropractic, 20 visits.\n"
        "2024-07-01..2024-08-01  PHYSICAL THERAPY  97110  8  PAID\n"
        "HISTORY\nLow back pain since a fall.\nEXAMINATION\nSLR negative.\n"
    )
    assert classify(text)[0] != "therapy_note"


def test_chronology_entry_and_claims_rows_date_the_care(brief_packet):
    ime = (
        "INDEPENDENT MEDICAL EXAMINATION\nDate of exam: March 30, 2026\n\nCHRONOLOGY\n"
        "01/05/2026             Walk-in clinic: low back pain into the left calf.\n"
        "                       Started naproxen 500 mg BID.\n"
        "01/12/2026             Follow-up: stopped naproxen on 1/10 (heartburn);\n"
        "                       nothing since. Referred to PT.\n"
        "02/02/2026             PT authorized, never scheduled.\n"
        "\nEXAM: SLR positive left at 45 degrees. Pain 7/10, cannot sit through a shift.\n"
    )
    claims = (
        "PLAN MEMBER CLAIMS HISTORY\n"
        "DOS / RANGE             PROV               CODE    DX       STATUS\n"
        "2025-11-03..2025-12-15  NORTHSIDE PT       97110   M75.41   PAID\n"
        "2024-02-01..2024-04-01  HARBOR CHIRO       98940   M54.50   PAID\n"
    )
    c = brief_packet(
        ESI,
        "2026-04-10",
        {"01_ime.txt": ("2026-03-30", ime), "02_claims.txt": ("2026-04-05", claims)},
        cpt=["62323"],
    )["conservative-care-4wk"]
    assert c.status == "not_met", (c.status, c.value, c.rationale)
    assert (c.value or 0) < 4


def test_form_question_heading_its_boxes_is_no_course(brief_packet):
    c = brief_packet(
        TKA,
        "2026-03-10",
        {
            "01_form.txt": (
                "2026-03-08",
                "KNEE ARTHROPLASTY REQUEST\nNon-operative care tried for a minimum of 12 weeks "
                "(select all):\n[X] NSAIDs   [X] Physical therapy   [X] Injection\n",
            ),
            "02_note.txt": (
                "2026-03-01",
                "ORTHO NOTE\nRight knee OA. Naproxen since 01/20/2026, currently taking. She had "
                "a steroid shot in that knee many years ago. Discussed an injection today; she "
                "wants to hold off.\n",
            ),
        },
    )["conservative-therapy-12wk"]
    assert c.status == "not_met", (c.status, c.value, c.rationale)


def test_epidural_care_that_worked_is_not_inadequate(brief_packet):
    c = brief_packet(
        ESI,
        "2026-03-01",
        {
            "01_note.txt": (
                "2026-02-20",
                "SPINE FOLLOW-UP\nRight L5 radicular pain. Meloxicam 15 mg daily since "
                "11/01/2025 and PT 11/10/2025-01/15/2026. He is about 75% better overall and "
                "the leg pain has largely resolved; pain 3/10.\n",
            )
        },
        cpt=["62323"],
    )["conservative-care-4wk"]
    assert c.status == "not_met", (c.status, c.rationale)


def test_program_long_gap_is_two_courses(brief_packet):
    c = brief_packet(
        BAR,
        "2026-05-01",
        {
            "01_log.txt": (
                "2026-04-20",
                "MEDICAL WEIGHT MANAGEMENT - VISIT LOG\n"
                "2024-06-03  Visit: weight 281 lb, physician-supervised program\n"
                "2026-03-02  Visit: weight 276 lb, restarted program\n"
                "2026-04-13  Visit: weight 272 lb\n",
            )
        },
    )["supervised-weight-loss-6mo"]
    assert c.status == "not_met", (c.status, c.value, c.rationale)


def test_enrolment_told_months_before_the_programs_first_visit(brief_packet):
    c = brief_packet(
        BAR,
        "2026-05-01",
        {
            "01_surgeon.txt": (
                "2026-04-20",
                "BARIATRIC SURGERY CONSULT\nShe has been in a medical weight management program "
                "with Dr. Amos since September 2025, with monthly weigh-ins.\n",
            ),
            "02_program.txt": (
                "2026-04-15",
                "AMOS FAMILY PRACTICE - WEIGHT MANAGEMENT VISITS\n"
                "01/12/2026  New patient: enrolled in medical weight management today. Wt 250 lb\n"
                "02/09/2026  Wt 247 lb, diet review\n"
                "03/09/2026  Wt 245 lb, diet review\n"
                "04/13/2026  Wt 243 lb, diet review\n",
            ),
        },
    )["supervised-weight-loss-6mo"]
    assert c.status == "needs_review", (c.status, c.value, c.rationale)


def test_older_refusal_recounted_in_a_later_clearance(brief_packet):
    c = brief_packet(
        BAR,
        "2026-05-01",
        {
            "01_psych.txt": (
                "2026-03-20",
                "PRE-BARIATRIC PSYCHOLOGICAL EVALUATION\nRecords reviewed: prior evaluation "
                "02/14/2024 (not cleared - active binge eating). Binge eating in remission "
                "after 18 months of CBT.\nDISPOSITION: Cleared for bariatric surgery.\n",
            )
        },
    )["psych-evaluation"]
    assert c.status == "met", (c.status, c.rationale)


def test_dietitians_class_is_no_evaluation(brief_packet):
    c = brief_packet(
        BAR,
        "2026-05-01",
        {
            "01_class.txt": (
                "2026-04-10",
                "NUTRITION SERVICES - GROUP CLASS SIGN-IN\nClass: Pre-op eating, 12 attendees\n"
                "Taught by: Lena Ortiz, RDN, LD\nPatient attended the full session.\n",
            )
        },
    )["nutrition-evaluation"]
    assert c.status == "missing", (c.status, c.rationale)


def test_dme_letter_window_after_the_first_months(brief_packet):
    letter = (
        "DME COMPLIANCE LETTER\nThis letter confirms compliance with CPAP.\nData show use of "
        "4 hours or more on 26 of 30 consecutive nights (87%)\nfor the period 03/10/2026 "
        "through 04/08/2026.\n"
    )
    download = (
        "DOWNLOAD SUMMARY\nSet-up 12/01/2025\n"
        "12/01/2025 - 12/30/2025   days >= 4 h   15/30 (50.0%)\n"
        "12/31/2025 - 01/29/2026   days >= 4 h   17/30 (56.7%)\n"
        "01/30/2026 - 02/28/2026   days >= 4 h   18/30 (60.0%)\n"
    )
    c = brief_packet(
        CPAP,
        "2026-04-15",
        {"01_letter.txt": ("2026-04-09", letter), "02_dl.txt": ("2026-03-01", download)},
        request_type="continuation",
    )["adherence"]
    assert c.status == "not_met", (c.status, c.rationale)


def test_partners_insomnia_and_a_wrapped_denied_list(brief_packet):
    report = "HOME SLEEP TEST\nStudy 01/10/2026\nAHI 8.4 events/h. Mild OSA.\n"
    note = (
        "SLEEP CONSULT\nDenies daytime sleepiness; ESS 5. His husband has insomnia from the "
        "snoring. No history of hypertension, heart disease\nor stroke, no depression.\n"
    )
    c = brief_packet(
        CPAP,
        "2026-02-01",
        {"01_hst.txt": ("2026-01-12", report), "02_note.txt": ("2026-01-20", note)},
    )["sleep-test-ahi"]
    assert c.status == "not_met", (c.status, c.value, c.rationale)


def test_suppliers_continued_coverage_request_is_a_request_form():
    text = (
        "ACME HOME MEDICAL\n\nPAP CONTINUED RENTAL REQUEST      March 2, 2026\nTo: UM Dept\n"
        "Enclosures:\n  1. Sleep consult, 10/02/2025\n  2. Download\n"
    )
    assert classify(text)[0] == "request_form"


def test_copied_forward_hpi_bmi_yields_to_todays_vitals(brief_packet):
    note = (
        "BARIATRIC CONSULT\nHPI [copied from referral, 05/2023]:\nShe is a 40-year-old woman "
        "with severe obesity (BMI 42.6) who has tried many diets over the years, including "
        "a commercial program in 2019 where she lost 30 lb and regained it afterward.\n\n"
        "Vitals: BP 118/76 | Ht 5'6\" | Wt 228 lb | BMI 36.8\n"
        "Assessment: obesity without comorbidity. No diabetes, no hypertension, no OSA.\n"
    )
    c = brief_packet(BAR, "2026-04-01", {"01_consult.txt": ("2026-03-20", note)})["bmi-comorbidity"]
    assert c.status == "not_met", (c.status, c.value, c.rationale)
    assert c.value == 36.8


def test_study_ordered_with_labs_today_is_no_prior_study(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-01",
        {
            "01_note.txt": (
                "2026-02-20",
                "OFFICE VISIT\nNew night pain in the low back; history of prostate cancer. "
                "Plan discussed. MRI lumbar spine with contrast, PSA and CBC today.\n",
            )
        },
        cpt=["72158"],
    )["repeat-imaging"]
    assert c.status == "met", (c.status, c.rationale)


def test_sciatica_only_as_a_label_the_examiner_denies(brief_packet):
    c = brief_packet(
        ESI,
        "2026-06-10",
        {
            "01_referral.txt": (
                "2026-05-01",
                "REFERRAL\nReason for referral: low back pain with sciatica.\n",
            ),
            "02_consult.txt": (
                "2026-06-01",
                "PAIN CONSULT\nHPI: Low back pain across the belt line. The pain does not "
                "radiate into the buttocks or legs. SLR negative bilaterally.\nAssessment: "
                "axial low back pain, facet pattern. No radicular pattern on history or exam.\n",
            ),
        },
        cpt=["62323"],
    )["radicular-pain"]
    assert c.status == "not_met", (c.status, c.rationale)


def test_reports_side_beats_a_notes_sideless_summary(brief_packet):
    c = brief_packet(
        ESI,
        "2026-03-01",
        {
            "01_mri.txt": (
                "2026-01-10",
                "MRI LUMBAR SPINE\nIMPRESSION: L5-S1 right paracentral protrusion contacting "
                "the right S1 nerve root. The left lateral recess is clear.\n",
            ),
            "02_note.txt": (
                "2026-02-15",
                "SPINE NOTE\nLeft S1 radicular pain down the left calf. MRI 01/10/26: L5-S1 "
                "protrusion (see report).\n",
            ),
        },
        cpt=["62323"],
    )["imaging-concordant"]
    assert c.status == "not_met", (c.status, c.rationale)


# -- guards found on dev while the classes above were fixed -------------------------------------


def test_rules_count_of_nights_is_not_the_patients(brief_packet):
    download = (
        "COMPLIANCE DOWNLOAD\nSet-up 11/01/2025\nBest consecutive 30-day window in days 1-90:\n"
        "      12/01/2025 - 12/30/2025      19 of 30 days >= 4 h (63.3%)\n"
        "  Payer 70% rule (21 of 30 consecutive days >= 4 h) met:   NO\n"
    )
    c = brief_packet(
        CPAP,
        "2026-02-10",
        {"01_dl.txt": ("2026-02-01", download)},
        request_type="continuation",
    )["adherence"]
    assert c.status == "not_met", (c.status, c.rationale)


def test_a_later_clause_on_the_next_line_does_not_date_the_figure(brief_packet):
    note = (
        "CASE MANAGER REVIEW\nCPAP set up 01/05/26. Initial 30 days 14/30 nights >= 4h (47%) per "
        "DME; mask\nchanged to nasal pillows 02/20/26. Sleep MD follow-up pending.\n"
    )
    followup = (
        "SLEEP FOLLOW-UP\nFirst 30 days 14/30 nights >= 4 h (47%).\n"
        "  02/20/26-03/21/26: 24 of 30 nights >= 4 h (80%).\n"
    )
    c = brief_packet(
        CPAP,
        "2026-04-01",
        {"01_cm.txt": ("2026-03-25", note), "02_fu.txt": ("2026-03-24", followup)},
        request_type="continuation",
    )["adherence"]
    assert c.status == "met", (c.status, c.rationale)


def test_a_drug_discontinued_in_a_chronology_entry_is_not_ongoing(brief_packet):
    ime = (
        "INDEPENDENT MEDICAL EXAMINATION\n\nRECORDS REVIEWED\n"
        "02/03/2025  Occ health: low back strain. Naproxen 500 mg BID, modified duty.\n"
        "03/10/2025  Occ health: improving. Continue naproxen.\n"
        "04/14/2025  Occ health: axial pain 3/10. Naproxen discontinued.\n"
        "\nHISTORY: He takes ibuprofen once in a while.\n"
    )
    c = brief_packet(
        MRI,
        "2025-12-10",
        {
            "01_ime.txt": ("2025-11-20", ime),
            "02_note.txt": (
                "2025-12-05",
                "OFFICE VISIT\nLow back pain. Takes ibuprofen OTC sometimes. Denies bowel or "
                "bladder change, fever, cancer.\n",
            ),
        },
        cpt=["72148"],
    )["conservative-therapy"]
    assert c.status == "not_met", (c.status, c.value, c.rationale)
