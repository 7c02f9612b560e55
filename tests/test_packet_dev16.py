"""Classes the sixteenth to eighteenth dev batches showed, each decided on dev (the sixteenth:
payer-portal submissions, teaching-clinic attestations, pain-management records,
remote-monitoring exports; the seventeenth and eighteenth are marked below), for example: a
portal's submission export is the office's request form, not a record; a clinician named in a
roster records no evaluation; a supervised program's length told on a ticked form line or in
the visits' own calendar months is the same course, which its dated visits measure.  Every text
is invented for the test."""

from __future__ import annotations

import json
from datetime import date

import pytest

from casebrief.case import load_case
from casebrief.documents.classify import classify
from casebrief.facts.mentions import regions_in
from casebrief.lexicon import cue
from casebrief.nlp.dates import find_dates
from casebrief.policy.evaluators.procedures import _months

VISITS = (
    "MEDICAL WEIGHT MANAGEMENT - PROGRAM VISITS\n"
    "Visit  Date        Wt (lb)  Counselling\n"
    "1      10/06/2025  251      Intake with Dr. Amsel, 1500 kcal plan, food log\n"
    "2      11/03/2025  248      diet and activity counselling\n"
    "3      12/01/2025  246      diet and activity counselling\n"
    "4      01/05/2026  244      diet and activity counselling\n"
    "5      02/02/2026  242      diet and activity counselling\n"
    "6      03/02/2026  240      final program visit; discharged to surgery\n"
)


def test_a_payer_portals_submission_export_is_a_request_form() -> None:
    for head in (
        "NORTHWIND HEALTH PLAN  -  PROVIDER PORTAL\nPrior Authorization :: Submission Export",
        "RIVERSIDE\neAuth Provider Portal -- Request Export    [Printed 04/27/2026 09:31]",
        "Prior Authorization Request :: Export                   Run: 05/18/2026 14:27:10 EDT",
        "ACME -- Provider Self-Service\nAuthorization Request Summary   04/20/2026 4:02 PM CT",
    ):
        assert classify(head + "\nMember ID: 12345\n")[0] == "request_form", head
    # a patient's portal thread stays a letter; narrative stays narrative
    assert classify("MyChart Patient Portal - Message Thread\nHi Dr. Lee,\n")[0] == "letter"
    assert classify("pt says the provider portal was down\n")[0] != "request_form"


def test_a_portals_clicked_answer_is_no_dietitian_evaluation(brief_packet) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-04-27",
        {
            "01_portal.txt": (
                "2026-04-27",
                "NORTHWIND HEALTH PLAN  -  PROVIDER PORTAL\nRequest Export\n"
                "5. Nutrition evaluation by a Registered Dietitian? ........ [ YES ]\n",
            ),
            "02_program.txt": ("2026-03-02", VISITS),
        },
    )["nutrition-evaluation"]
    assert c.status == "missing", (c.status, c.rationale)


def test_a_dietitian_in_an_attendee_list_is_no_evaluation(brief_packet) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-03-09",
        {
            "01_conference.txt": (
                "2026-02-26",
                "BARIATRIC PROGRAM - PATIENT SELECTION CONFERENCE\n"
                "Present: A. Mirza MD (Surgery, chair); B. Olsen MD (Obesity Med);\n"
                " C. Park PsyD (Behavioral Health); D. Reyes RD (Nutrition); E. Lam RN\n\n"
                "Discussion: candidate for sleeve gastrectomy; BMI 44.\n",
            ),
        },
    )["nutrition-evaluation"]
    assert c.status == "missing", (c.status, c.rationale)


@pytest.mark.parametrize(
    "claim",
    [
        "Completed 6 mo supervised program at our clinic Oct-Mar.",
        "[X] 6-month medically supervised weight loss - complete (6 visits, 10/2025-03/2026)",
    ],
)
def test_six_monthly_visits_told_as_six_months_are_measured_by_their_dates(
    brief_packet, claim: str
) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-04-20",
        {
            "01_surgeon.txt": ("2026-04-10", f"BARIATRIC SURGERY CONSULT\n{claim}\n"),
            "02_program.txt": ("2026-03-02", VISITS),
        },
    )["supervised-weight-loss-6mo"]
    # 10/06/2025 -> 03/02/2026 is 147 days, 4.8 months (the last, a final visit that discharges
    # the patient to surgery, was held): the claim is the same course
    assert c.status == "not_met" and abs(c.value - 4.8) < 0.15, (c.status, c.value, c.rationale)


def test_a_letters_span_past_the_visits_still_disputes_them(brief_packet) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-06-20",
        {
            "01_letter.txt": (
                "2026-06-10",
                "To whom it may concern:\nThis confirms that the patient completed 8 months of"
                " our medically supervised weight management program (October 2025 - May"
                " 2026).\nSincerely,\nDr. Amsel\n",
            ),
            "02_program.txt": ("2026-03-02", VISITS),
        },
    )["supervised-weight-loss-6mo"]
    assert c.status == "needs_review", (c.status, c.rationale)


def test_an_attendings_attestation_with_exceptions_replaces_the_residents_account(
    brief_packet,
) -> None:
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-04-20",
        {
            "01_resident.txt": (
                "2026-04-13",
                "PM&R CLINIC - RESIDENT NOTE\nHPI: 58M with L L5 radiculopathy, MRI 10/2/25"
                " L4-5 protrusion contacting the L5 root, s/p L L4-5 TFESI 11/03/25 w/ ~80%"
                " relief x 5 months, now recurrent leg pain 7/10.\nExam: SLR + on the L.\n"
                "Plan: repeat L L4-5 TFESI.\n\nATTESTATION:\nI saw and examined the patient"
                " with the resident and agree with the findings and plan as documented, with"
                " the following exceptions: relief after the 11/03 injection was about 80% but"
                " lasted about 5 weeks; the leg pain was back by mid-December.\n",
            ),
        },
    )["prior-injection-response"]
    assert c.status == "not_met", (c.status, c.rationale)


def test_a_consult_on_the_record_alone_is_no_in_person_exam(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-05-11",
        {
            "01_office.txt": (
                "2026-02-20",
                "OFFICE VISIT\nLow back pain radiating to the R leg. Exam: SLR positive on the"
                " right at 40 degrees, strength 5/5, reflexes symmetric.\n",
            ),
            "02_econsult.txt": (
                "2026-04-02",
                "PM&R INTERPROFESSIONAL E-CONSULT - THE PATIENT WAS NOT SEEN\nQuestion: MRI?"
                "\nAssessment: R L5 radiculopathy - SLR positive on the right, diminished R"
                " Achilles reflex. Agree MRI is reasonable.\n",
            ),
        },
    )["clinical-evaluation"]
    # the in-person exam is 80 days old; the e-consult examined no one
    assert c.status == "not_met", (c.status, c.rationale)


def test_a_date_compared_with_is_not_the_date_of_a_new_deficit(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-07-13",
        {
            "01_mri.txt": (
                "2026-02-17",
                "MRI LUMBAR SPINE WITHOUT CONTRAST\nImpression: L4-5 disc protrusion contacting"
                " the right L5 root.\n",
            ),
            "02_consult.txt": (
                "2026-07-08",
                "PM&R CONSULT\nShe has a new, progressive right foot drop - ankle dorsiflexion"
                " 3/5 today vs 5/5 on the spine exam 2/12/2026.\n",
            ),
        },
    )["repeat-imaging"]
    assert c.status == "met", (c.status, c.rationale)


FILLS = (
    "RIVERTON PHARMACY #4\nPATIENT DISPENSING HISTORY (all prescriptions)   Printed 04/22/2026\n\n"
    "FILL DATE   RX#       DRUG / STRENGTH              QTY  DS  PRESCRIBER   RF LEFT\n"
    "04/14/2025  7702191   LISINOPRIL 20 MG TAB          90  90  HALE R       3\n"
    "06/09/2025  7704417   MELOXICAM 15 MG TAB           30  30  HALE R       5\n"
    "07/11/2025  7702191   LISINOPRIL 20 MG TAB          90  90  HALE R       2\n"
    "10/08/2025  7702191   LISINOPRIL 20 MG TAB          90  90  HALE R       1\n"
    "01/06/2026  7702191   LISINOPRIL 20 MG TAB          90  90  HALE R       0\n"
)
KNEE = (
    "ORTHOPAEDIC CONSULT - RIGHT KNEE\nRight knee pain, bone-on-bone medial compartment on"
    " standing films, Kellgren-Lawrence grade 4. Unable to walk more than a block.\n"
    "Conservative care:\n- Meloxicam 15 mg daily since June 2025; still taking every day, modest"
    " benefit at best.\n- Physical therapy 01/05/2026 - 02/06/2026, completed, no lasting"
    " benefit.\nBMI 33. No infection.\n"
)


def test_a_fill_history_that_ended_long_ago_disputes_still_taking(brief_packet) -> None:
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-04-27",
        {"01_ortho.txt": ("2026-04-20", KNEE), "02_fills.txt": ("2026-04-22", FILLS)},
    )["conservative-therapy-12wk"]
    # the note alone counts 46 weeks; one 30-day fill and PT's 4.6 weeks fall short
    assert c.status == "needs_review", (c.status, c.rationale)
    assert any("MELOXICAM 15 MG TAB" in e.quote for e in c.evidence + c.more_evidence)


def test_refills_that_keep_pace_leave_the_claim_standing(brief_packet) -> None:
    kept = FILLS.replace(
        "07/11/2025  7702191",
        "07/09/2025  7704417   MELOXICAM 15 MG TAB           90  90  HALE R"
        "       4\n07/11/2025  7702191",
    ).replace(
        "01/06/2026  7702191",
        "10/06/2025  7704417   MELOXICAM 15 MG TAB           90  90  HALE R       3\n"
        "01/05/2026  7704417   MELOXICAM 15 MG TAB           90  90  HALE R       2\n"
        "01/06/2026  7702191",
    )
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-04-27",
        {"01_ortho.txt": ("2026-04-20", KNEE), "02_fills.txt": ("2026-04-22", kept)},
    )["conservative-therapy-12wk"]
    assert c.status == "met", (c.status, c.rationale)


def test_a_visit_that_denies_improvement_is_no_reevaluation_benefit(brief_packet) -> None:
    c = brief_packet(
        "cpap-osa",
        "2026-03-09",
        {
            "01_psg.txt": (
                "2025-10-20",
                "POLYSOMNOGRAPHY REPORT\nAHI 23.4 events/hour. Impression: moderate obstructive"
                " sleep apnea.\n",
            ),
            "02_setup.txt": ("2025-11-03", "DME SETUP NOTE\nCPAP set up 11/03/2025.\n"),
            "03_followup.txt": (
                "2026-01-12",
                "SLEEP MEDICINE FOLLOW-UP (in person)\nCPAP started 11/03/2025. Usage improving"
                " and tolerating better with the new mask. Denies any improvement in daytime"
                " sleepiness; ESS 16 (was 15). If sleepiness persists after usage improves,"
                " consider a titration study.\n",
            ),
        },
        request_type="continuation",
    )["clinical-reevaluation"]
    assert c.status == "not_met", (c.status, c.rationale)


def test_discharged_names_no_lumbar_region() -> None:
    assert "lumbar" not in regions_in("Discharged from home health PT after the L TKA")
    assert "lumbar" in regions_in("L4-5 disc protrusion")
    assert "lumbar" in regions_in("discogenic pain")


def test_a_forms_prior_esi_against_the_consults_denial_is_no_prior_esi(brief_packet) -> None:
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-05-18",
        {
            "01_portal.txt": (
                "2026-05-18",
                "KEYSTONE HEALTH -- PROVIDER PORTAL\nPrior Authorization Request :: Export\n"
                "Q06 Has the member had a prior epidural steroid injection?\n   > Yes, 50% x 6"
                " wk\n",
            ),
            "02_consult.txt": (
                "2026-05-04",
                "SPINE CONSULT NOTE\nLeft leg pain in an L5 distribution for 3 months, pain 6/10."
                " MRI 04/20/2026: left L4-5 protrusion contacting the traversing L5 root.\n"
                "Prior treatment: Left SI joint injection 08/12/2025 gave about 50% relief for"
                " ~6 weeks. No prior epidural steroid injections.\nPT 03/02/2026 - 04/10/2026.\n",
            ),
        },
    )["prior-injection-response"]
    assert c.status == "not_applicable", (c.status, c.rationale)


def test_avoiding_a_drug_is_not_taking_it(brief_packet) -> None:
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-04-20",
        {
            "01_note.txt": (
                "2026-04-13",
                "PM&R FOLLOW-UP\nRight leg pain in an L5 distribution, pain 7/10.\nMeds tried:"
                " meloxicam 15 mg daily 10/20/25-11/20/25, stopped d/t dyspepsia;\nCurrently"
                " using ice/heat only, avoiding NSAIDs.\nMRI 10/8/25: right L4-5 protrusion"
                " contacting the L5 root.\n",
            ),
            "02_procedure.txt": (
                "2025-11-24",
                "PROCEDURE NOTE\nRight L4-5 transforaminal epidural steroid injection. Failed"
                " meloxicam since 10/2025.\n",
            ),
        },
    )["conservative-care-4wk"]
    # a month of meloxicam (10/20-11/20), not a course running to the request date
    assert c.value is not None and c.value < 6, (c.status, c.value, c.rationale)


# ---- the seventeenth batch (OCR'd faxes, an EHR migration, caregivers' accounts, an
# orthopaedic group's PA and scribe notes)


def test_a_refusal_to_provide_clearance_is_no_clearance() -> None:
    no = cue("evaluations.clearance_no")
    assert no.search("I am NOT able to provide psychiatric clearance for bariatric surgery")
    assert no.search("cannot give psychological clearance at this time")
    assert not no.search("I am happy to provide clearance for surgery")


def test_an_ocr_read_yes_no_box_pair() -> None:
    assert cue("assertion.check_no").search("Active infection ....... 0 Yes  El No")
    assert cue("assertion.check_yes").search("BMI < 40 ............ El Yes  0 No")
    assert not cue("assertion.check_no").search("Elbow pain: no")


def test_a_cervical_levels_disc_is_not_lumbar_imaging(brief_packet) -> None:
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-02-20",
        {
            "01_mri_l.txt": (
                "2026-01-10",
                "MRI LUMBAR SPINE WITHOUT CONTRAST\nImpression: mild L4-5 disc bulge. Neural"
                " foramina patent bilaterally. No nerve root contact or compression.\n",
            ),
            "02_mri_c.txt": (
                "2025-12-02",
                "MRI CERVICAL SPINE WITHOUT CONTRAST\nImpression: C6-7 right foraminal disc"
                " protrusion contacting the exiting right C7 nerve root.\n",
            ),
            "03_consult.txt": (
                "2026-02-11",
                "SPINE CONSULT NOTE\nLeft leg pain in an L5 distribution for 3 months, pain"
                " 6/10. SLR positive on the left.\n",
            ),
        },
    )["imaging-concordant"]
    assert c.status == "not_met", (c.status, c.rationale)


def test_an_injection_notes_site_field_names_its_knee(brief_packet) -> None:
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-23",
        {
            "01_injection.txt": (
                "2025-11-10",
                "PROCEDURE NOTE - LARGE JOINT INJECTION\nSite: RIGHT KNEE   Laterality verified"
                " w/ pt: YES\nInjected 40 mg triamcinolone with 4 mL lidocaine. Tolerated"
                " well.\n",
            ),
            "02_ortho.txt": (
                "2026-03-16",
                "ORTHOPAEDIC FOLLOW-UP - LEFT KNEE\nLeft knee bone-on-bone medial compartment,"
                " Kellgren-Lawrence grade 4; cannot walk more than a block. Meloxicam 15 mg"
                " daily since 07/21/2025, currently taking. The L knee has never been"
                " injected. BMI 34.\n",
            ),
        },
        icd10=["M17.12"],  # primary osteoarthritis, left knee
    )["conservative-therapy-12wk"]
    # meloxicam is one kind of treatment; the right knee's injection is not the left's
    assert c.status == "not_met", (c.status, c.rationale)


def test_a_scheduled_dose_is_a_regimen_not_a_plan(brief_packet) -> None:
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-04-13",
        {
            "01_ortho.txt": (
                "2025-12-15",
                "ORTHOPAEDIC CONSULT - LEFT KNEE\nLeft knee pain, bone-on-bone, KL 4. Unable to"
                " walk a block.\nStarted acetaminophen 1,000 mg PO three times daily, scheduled"
                " (max 3 g/day), today 12/15/2025. PT referral.\n",
            ),
            "02_pt.txt": (
                "2026-02-27",
                "PHYSICAL THERAPY DISCHARGE SUMMARY - LEFT KNEE\n10 visits 01/05/2026 -"
                " 02/27/2026. Minimal improvement.\n",
            ),
            "03_ortho.txt": (
                "2026-03-30",
                "ORTHOPAEDIC FOLLOW-UP - LEFT KNEE\nCurrently taking acetaminophen 1,000 mg"
                " TID. Still limited. BMI 31.\n",
            ),
        },
    )["conservative-therapy-12wk"]
    # acetaminophen 12/15 to the request (17 weeks) with PT: two kinds, over 12 weeks
    assert c.status == "met", (c.status, c.value, c.rationale)


def test_a_bmi_carried_from_the_chart_yields_to_a_measured_one(brief_packet) -> None:
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-01-26",
        {
            "01_ortho.txt": (
                "2026-01-12",
                "ORTHOPAEDIC CLINIC NOTE\nRight knee bone-on-bone, KL 4; walks one block."
                " Meloxicam since 06/02/2025, currently taking; PT 08/04/2025 - 10/10/2025.\n"
                "Vitals: Ht 66 in  Wt 250 lb  BMI 40.35\n",
            ),
            "02_call.txt": (
                "2026-01-20",
                "PRE-OP PHONE SCREENING\nVITALS: not obtained (telephone encounter)\nLast filed"
                " height/weight in chart:  Ht 66 in   Wt 242 lb   BMI 39.06\n",
            ),
        },
    )["bmi-below-40"]
    assert c.status == "not_met" and abs(c.value - 40.35) < 0.5, (c.status, c.value)


def test_a_record_filed_by_its_scan_date_is_dated_by_its_care(tmp_path) -> None:
    case = tmp_path / "case"
    case.mkdir()
    (case / "01_psych.txt").write_text(
        "Media type: Outside Records   Scan date: 10/09/2025   Filed by: HIM\n"
        "PSYCHOLOGICAL EVALUATION - BARIATRIC SURGERY\nDate of evaluation: 03/14/2022\n"
        "The patient is psychologically cleared for bariatric surgery.\n"
    )
    (case / "case.json").write_text(
        json.dumps(
            {
                "policy": "bariatric-surgery",
                "request": {"request_date": "2026-04-06"},
                "documents": [{"file": "01_psych.txt", "date": "2025-10-09"}],
            }
        )
    )
    doc = load_case(case).documents[0]
    assert str(doc.date) == "2022-03-14", (doc.date, doc.date_source)


def test_when_relief_set_in_is_not_how_long_it_lasted() -> None:
    # read on the text before a length, up to the length's first character
    before = cue("procedures.not_a_relief_length_before")
    assert before.search("relief began ~3")
    assert before.search("it started working after 1")
    assert not before.search("about 70% relief lasting 3")


# ---- the eighteenth batch (nurse-heavy primary care, long IME reports, hospital records,
# small practices' free-form letters)


def test_a_month_of_a_year_is_adate() -> None:
    got = find_dates("from March to October of 2023, losing 22 pounds", date(2026, 5, 19))
    assert (date(2023, 10, 15), "month") in [(d.value, d.precision) for d in got]


@pytest.mark.parametrize(
    "claim",
    [
        "6-Month Medically Supervised Weight Management Program\nPROGRAM PARTICIPATION SUMMARY",
        "Program: 6-12 month medically supervised weight management (monthly visits, weights)",
    ],
)
def test_a_programs_name_disputes_none_of_its_visits(brief_packet, claim: str) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-04-20",
        {"01_program.txt": ("2026-03-02", f"{claim}\n\n{VISITS}")},
    )["supervised-weight-loss-6mo"]
    assert c.status == "not_met" and abs(c.value - 4.8) < 0.15, (c.status, c.value, c.rationale)


def test_a_program_completed_in_an_earlier_year_is_no_rival_account(brief_packet) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-04-20",
        {
            "01_letter.txt": (
                "2026-04-10",
                "Dear Dr. Amsel,\nShe completed an eight-month medically supervised program"
                " with Dr. Hollis at Lakeview Medical Weight Loss from March to October of 2023,"
                " losing 22 pounds.\nSincerely,\n",
            ),
            "02_program.txt": ("2026-03-02", VISITS),
        },
    )["supervised-weight-loss-6mo"]
    assert c.status == "not_met", (c.status, c.rationale)


def test_a_clearance_refused_with_an_active_verb() -> None:
    no = cue("evaluations.clearance_no")
    assert no.search("the evaluation did not clear her for surgery")
    assert not no.search("it is not clear whether she binges")


def test_a_dietitian_consult_not_triggered_is_not_done() -> None:
    assert cue("evaluations.not_completed").search("Nutrition screen: RD consult not triggered")


def test_relief_that_ended_weeks_ago_is_no_relief_length() -> None:
    # "held until about two weeks ago" dates the relief's end; it is no half-month of relief
    months = _months("~70% relief, held until about two weeks ago")
    assert months is None or months > 1, months


def test_tfe_is_an_epidural() -> None:
    assert cue("procedures.epidural_words").search("R L5-S1 TFE on 10/9/25")


def test_a_season_of_a_named_year() -> None:
    ref = date(2026, 4, 21)
    got = [d.value.year for d in find_dates("an MRI in the spring of last year", ref)]
    assert got == [2025], got
    assert [d.value.year for d in find_dates("seen in the fall of 2024", ref)] == [2024]


def test_checklist_answers_after_the_item() -> None:
    assert cue("assertion.check_no_after").search("  [ ] no")
    assert not cue("assertion.check_no_after").search("  [ ] yes")


def test_an_exam_that_refers_back_to_its_visit() -> None:
    assert cue("exams.earlier_visit_reference").search("On exam that day he had a positive SLR")
    assert not cue("exams.earlier_visit_reference").search("On exam today SLR is positive")


def test_a_role_named_record_is_anothers_contact() -> None:
    assert cue("sleep.other_record_before").search("see RN CM ")


def test_a_terse_status_column_says_not_done() -> None:
    nd = cue("therapy.not_done")
    assert nd.search("PT - not done (cost).")
    assert nd.search("Brace - not obtained.")


def test_a_day_month_without_a_year_and_a_pain_score_that_is_nodate() -> None:
    ref = date(2026, 5, 5)
    got = [(d.value, d.precision) for d in find_dates("On 24 February I started meloxicam", ref)]
    assert got == [(date(2026, 2, 24), "day")], got
    pain = "Pain (NPRS): 4/10 current (at eval: 6/10 current)"
    assert find_dates(pain, ref) == [], find_dates(pain, ref)


def test_off_a_drug_since_a_month_is_a_stop() -> None:
    assert cue("therapy.off_since").search("Off naproxen since Jan")
