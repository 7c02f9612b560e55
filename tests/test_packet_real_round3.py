"""Classes found by the third round of real-note cases (MTSamples, 2026-12-05): operative notes
read as letters or their anatomy read as injections, an intraoperative x-ray read as a study,
metric vitals in prose, relief called short-lived without a number, a dose change read as a
plan, an improving problem-list item read as a new red flag.  Each text here is invented for
the test; none is copied from a labelled case."""

from __future__ import annotations

from casebrief.documents.classify import classify
from casebrief.evaluation.assertions import assert_span, find_target
from casebrief.nlp.measurements import find_measurements
from casebrief.nlp.pipeline import get_pipeline


def _labels(text: str) -> list[str]:
    return [e.label_ for e in get_pipeline()(text).ents]


def _assertion(text: str, target: str) -> str:
    start, end = find_target(text, target)
    return assert_span(text, start, end)._.assertion


# ------------------------------------------------------------------ what a document is


def test_a_transcribed_procedure_note_opening_with_its_label_is_a_procedure_note() -> None:
    text = (
        "PROCEDURE: , Left L4-5 interlaminar epidural steroid injection with 80 mg of "
        "triamcinolone under fluoroscopic guidance.\n"
        "INDICATION: , Back pain radiating into the left leg.\n"
    )
    assert classify(text)[0] == "procedure_note"


def test_an_operative_report_opening_with_its_diagnoses_is_a_procedure_note() -> None:
    text = (
        "PREOPERATIVE DIAGNOSIS:\nLumbar stenosis L3-4.\nPOSTOPERATIVE DIAGNOSIS:\nSame.\n"
        "PROCEDURE:\nL3-4 laminectomy.\nANESTHESIA:\nGeneral.\n"
    )
    assert classify(text)[0] == "procedure_note"


def test_a_heading_ending_in_re_colon_is_not_a_letter() -> None:
    # "PROCEDURE:" ends in "re:", which once read as a letter's "Re:" line
    text = "FEATURE: , none\nPROCEDURE: , Knee aspiration, right.\nNeedle was inserted.\n"
    assert classify(text)[0] != "letter"


def test_a_payer_pre_service_review_form_is_a_request_form() -> None:
    text = (
        "NORTHLAKE HEALTH PLAN - PRE-SERVICE REVIEW FORM\n"
        "Request date: 03/02/2026    Request type: INITIAL\n"
        "Service: Lumbar epidural steroid injection, transforaminal\n"
    )
    assert classify(text)[0] == "request_form"


def test_a_nurses_call_about_a_procedure_is_not_the_procedure_note() -> None:
    text = (
        "SPINE ASSOCIATES\n123 Main St\n\nPOST-PROCEDURE FOLLOW-UP - NURSING TELEPHONE NOTE\n"
        "Procedure: RIGHT L5-S1 TRANSFORAMINAL EPIDURAL STEROID INJECTION\n"
        "Pt reports 60% relief so far.\n"
    )
    assert classify(text)[0] == "office_note"


def test_a_letterhead_telephone_number_does_not_make_an_office_note() -> None:
    text = (
        "LAKESIDE BARIATRIC SURGERY\nTelephone (555) 010-2000   Fax (555) 010-2001\n\n"
        "LETTER OF MEDICAL NECESSITY\n\nDear Medical Director,\n"
    )
    assert classify(text)[0] != "office_note"


# ------------------------------------------------------------------ words in another sense


def test_epidural_anatomy_in_an_operative_note_is_not_an_injection() -> None:
    assert "epidural_injection" not in _labels("The epidural space was entered and cleared.\n")
    assert "epidural_injection" not in _labels("Epidural veins were coagulated.\n")
    assert "epidural_injection" in _labels("She had a caudal epidural in March.\n")
    assert "epidural_injection" in _labels("Two epidurals last year helped.\n")


def test_an_edema_grade_is_not_a_reflex() -> None:
    assert "reflexes" not in _labels("Extremities: 2+ pitting edema to the knees.\n")
    assert "reflexes" not in _labels("DP 2+ bilaterally.\n")
    assert "reflexes" in _labels("Knee jerks are 2+ and symmetric.\n")


def test_metric_vitals_in_prose_give_a_bmi() -> None:
    found = find_measurements("Vital signs: weight is 62.4 kg, BP 118/70, height is 160.5 cm.\n")
    assert [round(m.value, 1) for m in found if m.kind == "bmi"] == [24.2]


def test_a_dose_change_is_made_to_a_drug_being_taken() -> None:
    text = "Plan is to start calcium, and also increase the naproxen to 500 mg twice daily."
    assert _assertion(text, "naproxen") == "present"
    assert _assertion("Will start naproxen 500 mg twice daily.", "naproxen") == "hypothetical"


# ------------------------------------------------------------------ packets


def test_relief_called_short_lived_without_a_number_is_not_met(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-02-10",
        {
            "01_consult.txt": (
                "2026-02-01",
                "SPINE CONSULT\nLeft leg pain down to the foot for 3 months.\n"
                "She had two lumbar epidural steroid injections in 2024, both of which gave "
                "only temporary relief.\n",
            ),
        },
    )
    c = criteria["prior-injection-response"]
    assert c.status == "not_met", c.rationale
    assert "short-lived" in c.rationale


def test_an_operative_note_with_epidural_anatomy_documents_no_prior_injection(
    brief_packet,
) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-02-10",
        {
            "01_op.txt": (
                "2025-10-01",
                "OPERATIVE REPORT\nPROCEDURE: L5-S1 microdiscectomy, left.\n"
                "The epidural space was entered. Epidural veins were coagulated. The fragment "
                "was removed from the epidural space.\n",
            ),
        },
    )
    assert criteria["prior-injection-response"].status == "not_applicable"


def test_an_intraoperative_localization_film_is_not_a_diagnostic_study(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-02-10",
        {
            "01_op.txt": (
                "2025-10-01",
                "OPERATIVE REPORT\nPROCEDURE: L5-S1 microdiscectomy, left.\n"
                "A marker was placed and an x-ray was obtained for incision localization. "
                "An intraoperative x-ray confirms our location at L5-S1.\n",
            ),
        },
    )
    c = criteria["imaging-concordant"]
    assert c.status == "missing", c.rationale


def test_an_improving_problem_list_item_is_not_a_new_red_flag(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-02-10",
        {
            "01_pcp.txt": (
                "2026-02-01",
                "PROGRESS NOTE\nLow back pain for 2 weeks after lifting.\n"
                "ASSESSMENT:\n1. Low back pain.\n2. Urinary retention, which is doing better "
                "on tamsulosin.\n",
            ),
        },
    )
    c = criteria["red-flags"]
    assert c.status == "not_met", c.rationale


def test_an_operative_indications_paragraph_is_history_not_technique(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-02-10",
        {
            "01_op.txt": (
                "2025-12-01",
                "OPERATIVE REPORT\nPROCEDURE PERFORMED:\nL4-5 fusion.\n"
                "ESTIMATED BLOOD LOSS:\n200 mL.\n"
                "OPERATIVE INDICATIONS:\nChronic low back pain and left leg pain recalcitrant "
                "to conservative management.\n",
            ),
        },
    )
    c = criteria["conservative-care-4wk"]
    assert c.status == "not_met", c.rationale
    assert c.value == 0


def test_a_spinal_procedure_within_a_month_of_the_request_is_a_red_flag(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-02-10",
        {
            "01_procedure.txt": (
                "2026-02-02",
                "PROCEDURE NOTE\nPROCEDURE: Lumbar discogram L3-4, L4-5, L5-S1.\n"
                "Concordant pain at L4-5.\n",
            ),
        },
    )
    c = criteria["red-flags"]
    assert c.status == "met", c.rationale


def test_an_old_or_merely_possible_spinal_procedure_is_not_a_red_flag(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-02-10",
        {
            "01_note.txt": (
                "2026-02-02",
                "PROGRESS NOTE\nLow back pain, 3 weeks. Status post L4-5 laminectomy in 2015.\n"
                "We touched on the possibility of a spinal cord stimulator trial.\n",
            ),
        },
    )
    c = criteria["red-flags"]
    assert c.status == "not_met", c.rationale


def test_a_cross_table_film_confirming_the_level_is_not_a_study(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-02-10",
        {
            "01_op.txt": (
                "2025-10-01",
                "OPERATIVE REPORT\nPROCEDURE: L4-5 laminotomy, right.\n"
                "A Penfield was placed in the disc space and a crosstable x-ray did confirm "
                "this level.\n",
            ),
        },
    )
    assert criteria["imaging-concordant"].status == "missing"


def test_a_drug_in_a_paragraph_about_the_knees_treats_the_knees(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-02-10",
        {
            "01_rheum.txt": (
                "2026-02-01",
                "RHEUMATOLOGY CONSULT\nHISTORY: Joint pains in the neck, the hands and the "
                "shoulders, stiffness of the neck and hands in the morning.\n"
                "ASSESSMENT: Osteoarthritis of both knees. She may continue naproxen 500 mg "
                "twice daily, which helps a little.\n",
            ),
        },
    )
    c = criteria["conservative-therapy-12wk"]
    assert c.status == "not_met", c.rationale


def test_a_visit_after_an_earlier_diagnosis_is_after_the_test(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-02-10",
        {
            "01_neuro.txt": (
                "2026-02-01",
                "NEUROLOGY FOLLOW-UP\nShe was diagnosed with sleep apnea about two years ago.\n"
                "She reports loud snoring and falls asleep at work.\n",
            ),
        },
    )
    c = criteria["face-to-face-evaluation"]
    assert c.status == "not_met", c.rationale


def test_a_later_note_telling_the_pretest_visit_documents_it(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-02-10",
        {
            "01_sleep.txt": (
                "2026-02-01",
                "SLEEP MEDICINE FOLLOW-UP\nThe patient initially presented with loud snoring "
                "and witnessed apneas. He was found to have moderate sleep apnea and uses his "
                "CPAP nightly.\n",
            ),
        },
    )
    assert criteria["face-to-face-evaluation"].status == "met"


def test_non_use_told_in_words_is_not_met_without_a_download(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-02-10",
        {
            "01_visit.txt": (
                "2026-02-01",
                "PULMONARY FOLLOW-UP\nCPAP was started in November. She says she has been "
                "using it only every other night because the mask leaks.\n",
            ),
        },
        request_type="continuation",
    )
    c = criteria["adherence"]
    assert c.status == "not_met", c.rationale
    assert c.value is None


def test_a_cane_never_used_says_nothing_of_cpap_use(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-02-10",
        {
            "01_visit.txt": (
                "2026-02-01",
                "PRIMARY CARE VISIT\nKnee pain. She was given a cane but never used it.\n",
            ),
        },
        request_type="continuation",
    )
    assert criteria["adherence"].status == "missing"


def test_a_request_forms_diagnosis_code_is_not_a_finding(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-03-30",
        {
            "01_request.txt": (
                "2026-03-30",
                "IMAGING PRECERTIFICATION REQUEST\nCPT: 72158\n"
                "ICD-10:   M46.46 Discitis, unspecified, lumbar region\n"
                "          N18.6 End stage renal disease\n",
            ),
            "02_note.txt": ("2026-03-20", "PROGRESS NOTE\nLow back pain for 3 weeks.\n"),
        },
    )
    c = criteria["red-flags"]
    assert c.status == "not_met", c.rationale
    assert not any("M46.46" in e.quote for e in c.evidence)


def test_diskitis_spelled_with_a_k_is_a_spinal_infection(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-03-30",
        {
            "01_dc.txt": (
                "2026-03-20",
                "DISCHARGE SUMMARY\nThe patient was found to have lumbar diskitis and will "
                "require extensive antibiotic therapy.\n",
            ),
        },
    )
    assert criteria["red-flags"].status == "met"


def test_paraspinal_spasm_and_myofascitis_are_axial_pain(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-03-30",
        {
            "01_note.txt": (
                "2026-03-20",
                "PAIN CLINIC\nExam shows tenderness and spasms of the paraspinal musculature. "
                "Strength 5/5. She is suffering from ongoing myofascitis.\n",
            ),
        },
    )
    assert criteria["radicular-pain"].status == "not_met"


# ------------------------------------------------------------------ found by the eighth dev batch


def test_a_heading_with_a_right_aligned_date_is_still_a_title() -> None:
    text = (
        "NORTHFIELD REGIONAL HEALTH\n"
        "Surgical Scheduling / Prior Authorization Request                 Date: 05/13/2026\n"
        "Procedure: LEFT total knee arthroplasty    CPT 27447\n"
    )
    assert classify(text)[0] == "request_form"


def test_a_claims_row_or_a_labelled_field_is_not_a_title() -> None:
    text = (
        "HEALTH PLAN - PROVIDER PORTAL\nMEMBER CLAIMS HISTORY      Run date: 05/19/2026\n"
        "DOS         BILLING PROVIDER             CPT/HCPCS  MOD   ICD-10       UNITS  STATUS\n"
        "12/04/2025  Kinetix Physical Therapy     97161      GP    M54.2        1      PAID\n"
    )
    assert classify(text)[0] != "therapy_note"
    order = (
        "SPINE & REHAB - IMAGING ORDER / AUTH REQUEST     2026-06-29\n"
        "Study:   MRI lumbar spine without contrast (72148)  - URGENT\n"
    )
    assert classify(order)[0] == "request_form"


def test_an_encounter_label_does_not_make_a_therapy_summary_an_office_note() -> None:
    text = (
        "REHAB SERVICES       Therapist: K. Doe, PT, DPT\n"
        "Encounter: 3/6/2026  Therapy Discharge (no visit - chart review)\n\n"
        "PHYSICAL THERAPY DISCHARGE SUMMARY\nDates attended: 2/2/2026 (eval), 2/6, 2/10\n"
    )
    assert classify(text)[0] == "therapy_note"


def test_a_bmi_code_range_is_not_a_measured_bmi(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-05-18",
        {
            "01_request.txt": (
                "2026-05-13",
                "PRIOR AUTHORIZATION REQUEST\nDx: M17.12 Unilateral primary osteoarthritis, "
                "left knee\n    Z68.39  BMI 39.0-39.9, adult\n",
            ),
            "02_ortho.txt": ("2026-05-11", "ORTHO VISIT\nVitals: BMI 39.58 kg/m2.\n"),
        },
    )
    assert criteria["bmi-below-40"].value == 39.58


def test_a_drug_tried_and_not_used_does_not_run_between_notes(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-04-09",
        {
            "01_pcp.txt": (
                "2026-01-12",
                "PCP VISIT\nLeft leg pain down to the foot.\nMeds: ibuprofen 200 mg OTC prn.\n",
            ),
            "02_spine.txt": (
                "2026-04-08",
                "SPINE CONSULT\nPrior treatment:\n- ibuprofen OTC - tried, minimal benefit, "
                "not using\n",
            ),
        },
    )
    c = criteria["conservative-care-4wk"]
    assert c.status == "not_met", c.rationale


def test_mentions_in_a_thread_that_ends_in_declining_the_therapy_are_not_therapy(
    brief_packet,
) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-05-18",
        {
            "01_ortho.txt": (
                "2026-05-11",
                "ORTHO VISIT\nLeft knee pain. Taking meloxicam 15 mg daily since November.\n",
            ),
            "02_portal.txt": (
                "2026-01-27",
                "MyChart - Patient Medical Advice Request\nSubject: knee + physical therapy\n"
                "PT called me. They want me 2x a week, I cant afford it. Please cancel it.\n"
                "RN reply: Understood. I have closed the PT referral per your request.\n",
            ),
        },
    )
    c = criteria["conservative-therapy-12wk"]
    assert c.status == "not_met", c.rationale
    assert "1 kind" in c.rationale


def test_a_letterhead_beside_a_title_and_piped_fields_are_read_apart() -> None:
    side = (
        "ST. BRENDAN HEALTH PARTNERS                      BARIATRIC SURGERY PRIOR AUTHORIZATION\n"
        "Patient: DOE, JOHN    DOB 10/03/1991\n"
    )
    assert classify(side)[0] == "request_form"
    piped = "PINE INTERNAL MEDICINE  |  Referral / Imaging Order  |  Printed 09/22/2025 15:41\n"
    assert classify(piped)[0] == "request_form"
    cover = "   FAX TRANSMITTAL   |   URGENT PRIOR AUTHORIZATION\nTO: Utilization Mgmt\n"
    assert classify(cover)[0] == "fax_cover"
    video = "MEADOW INTERNAL MEDICINE\nTELEMEDICINE VISIT (audio + video, MyChart Video)\n"
    assert classify(video)[0] == "office_note"


def test_a_dangling_line_end_wraps_into_the_next_line() -> None:
    text = (
        "PROBLEM LIST\n  Elevated blood pressure reading without diagnosis of\n"
        "    hypertension (R03.0)                                       10/6/2025\n"
    )
    assert _assertion(text, "hypertension") == "negated"


def test_a_comorbidity_ticked_only_on_the_request_form_is_not_documented(brief_packet) -> None:
    criteria = brief_packet(
        "bariatric-surgery",
        "2026-03-30",
        {
            "01_request.txt": (
                "2026-03-26",
                "BARIATRIC SURGERY PRIOR AUTHORIZATION REQUEST\nComorbidities:\n"
                "  [X] Obstructive sleep apnea   [ ] Hypertension\n",
            ),
            "02_consult.txt": (
                "2026-03-16",
                "BARIATRIC CONSULT\nBMI 37.5 kg/m2. Snoring with suspected OSA; home sleep test "
                "scheduled for April.\n",
            ),
        },
    )
    c = criteria["bmi-comorbidity"]
    assert c.status == "not_met", c.rationale


# ------------------------------------------------------------------ a second reviewer's narrowings


def test_an_undated_past_operation_in_an_office_note_is_not_a_recent_procedure(
    brief_packet,
) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-02-10",
        {
            "01_note.txt": (
                "2026-02-02",
                "PROGRESS NOTE\nLow back pain, 3 weeks. He underwent an L4-5 laminectomy with "
                "Dr. Smith. Symptoms are similar to before.\n",
            ),
        },
    )
    assert criteria["red-flags"].status == "not_met"


def test_an_mri_confirming_a_level_is_a_study(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-04-28",
        {
            "01_note.txt": (
                "2026-04-20",
                "OFFICE NOTE\nLow back pain. MRI of the lumbar spine on 2/1/2026 confirmed "
                "herniation at the L4-5 level. Nothing new since.\n",
            ),
        },
    )
    assert criteria["repeat-imaging"].status == "not_met"


def test_an_imaging_order_field_does_not_make_a_report_a_request_form() -> None:
    text = (
        "Patient: Jane Doe MRN 12345\nImaging Order: MRI L-spine w/o contrast\n"
        "EXAM: MRI LUMBAR SPINE WITHOUT CONTRAST\nFINDINGS: L4-5 protrusion.\n"
    )
    assert classify(text)[0] == "imaging_report"


def test_a_pretest_consult_that_plans_cpap_is_before_the_test(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-02-10",
        {
            "01_consult.txt": (
                "2026-02-01",
                "SLEEP CONSULT\nLoud snoring and witnessed apneas. No known sleep apnea.\n"
                "Plan: home sleep apnea test; if positive, start on CPAP.\n",
            ),
        },
    )
    assert criteria["face-to-face-evaluation"].status == "met"


def test_non_use_told_as_the_past_of_nightly_use_is_not_non_adherence(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-02-10",
        {
            "01_visit.txt": (
                "2026-02-01",
                "SLEEP FOLLOW-UP\nInitially could not tolerate the mask; switched to nasal "
                "pillows and now uses it nightly, feels more rested.\n",
            ),
        },
        request_type="continuation",
    )
    # not non-use (the reviewer's point); the nightly use is told in words with no download,
    # which addresses adherence without showing it: not_met, the brief asks for the download
    adherence = criteria["adherence"]
    assert adherence.status == "not_met"
    assert "not used most nights" not in adherence.rationale
