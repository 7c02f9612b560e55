"""Classes found by the third dev batch (2026-12-04): two records of the same period that
disagree, therapies named but never given, and the ways outside writing hides a fact (a typed
download grid, a dictated number, a wrapped visit-log row).  Each packet here is invented for
the test; none is copied from a labelled case."""

from __future__ import annotations

from casebrief.evaluation.assertions import assert_span, find_target
from casebrief.nlp.measurements import find_measurements


def test_surgeon_and_radiologist_reads_of_the_same_films_disagree(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-01",
        {
            "01_xr.txt": (
                "2026-02-02",
                "RADIOLOGY REPORT\nEXAM: XR RIGHT KNEE 3 VIEWS STANDING\nIMPRESSION: Mild "
                "medial joint space narrowing of the right knee, Kellgren-Lawrence grade 2.\n",
            ),
            "02_ortho.txt": (
                "2026-02-05",
                "ORTHOPEDIC CONSULT\nI reviewed the right knee X-rays from 02/02 myself: "
                "bone-on-bone medial compartment of the right knee.\n",
            ),
        },
    )
    c = criteria["radiographic-severity"]
    assert c.status == "needs_review", c.rationale
    assert len({e.document_id for e in c.evidence}) == 2


def test_the_other_knees_mild_grade_is_no_conflict(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-01",
        {
            "01_xr.txt": (
                "2026-02-02",
                "RADIOLOGY REPORT\nEXAM: XR BILATERAL KNEES\nIMPRESSION: Right knee: "
                "Kellgren-Lawrence grade 4 with bone-on-bone medial contact.\n",
            ),
            "02_ortho.txt": (
                "2026-02-05",
                "ORTHOPEDIC CONSULT\nLeft knee X-ray: Kellgren-Lawrence grade 2, mild.\n",
            ),
        },
    )
    assert criteria["radiographic-severity"].status == "met"


def test_two_accounts_of_one_injections_relief_need_review(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-04-10",
        {
            "01_clinic.txt": (
                "2026-03-20",
                "PAIN CLINIC FOLLOW-UP\nLeft L5 radicular pain. Prior L5-S1 TFESI on 09/10/2025 "
                "gave about 80% relief lasting about 5 months per patient.\n",
            ),
            "02_rn_call.txt": (
                "2026-04-01",
                "PRE-PROCEDURE NURSE CALL\nPrevious ESI: L5-S1 TFESI 09/10/2025\n"
                "Relief from last injection (%): ~25%\n",
            ),
        },
    )
    c = criteria["prior-injection-response"]
    assert c.status == "needs_review", c.rationale
    assert {e.document_id for e in c.evidence} >= {"d1", "d2"}


def test_accounts_of_the_same_fortnight_that_disagree_on_the_response(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-02-20",
        {
            "01_pt.txt": (
                "2026-02-02",
                "PHYSICAL THERAPY DISCHARGE\nLow back pain treated 11/20/2025 - 01/30/2026, "
                "12 visits. Back pain resolved, goals met.\n",
            ),
            "02_np.txt": (
                "2026-02-10",
                "OFFICE VISIT\nLow back and left leg pain persist despite PT and naproxen; "
                "pain 7/10, no better at all.\n",
            ),
        },
    )
    c = criteria["therapy-failure"]
    assert c.status == "needs_review", c.rationale


def test_a_course_over_months_is_a_change_not_a_contradiction(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-02-20",
        {
            "01_pt.txt": (
                "2025-10-01",
                "PHYSICAL THERAPY DISCHARGE\nLow back pain treated 08/01/2025 - 09/30/2025. "
                "Back pain much better at discharge.\n",
            ),
            "02_np.txt": (
                "2026-02-10",
                "OFFICE VISIT\nLow back pain returned in January and persists despite "
                "naproxen since 12/01/2025; worse with sitting.\n",
            ),
        },
    )
    assert criteria["therapy-failure"].status == "met"


def test_two_downloads_of_the_same_thirty_days_disagree(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-05-01",
        {
            "01_modem.txt": (
                "2026-03-05",
                "DME COMPLIANCE REPORT (modem)\nSetup date: 02/01/2026\n"
                "Report period: 02/01/2026 - 03/02/2026 (30 days)\n"
                "  Usage >= 4 hours        22 of 30 days (73.3%)\n",
            ),
            "02_clinic.txt": (
                "2026-03-20",
                "SLEEP CLINIC FOLLOW-UP\nCPAP started 02/01/2026. SD card download, first 30 "
                "days (2/1-3/2): used >= 4 h on 15 of 30 nights (50%).\n",
            ),
        },
        request_type="continuation",
    )
    c = criteria["adherence"]
    assert c.status == "needs_review", c.rationale


def test_a_download_after_day_ninety_does_not_count(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-07-01",
        {
            "01_log.txt": (
                "2026-06-10",
                "DME COMPLIANCE LOG\nSetup 02/01/2026.\n"
                "03/05/26  30-day download 02/01/26-03/02/26: >= 4 h on 12/30 nights (40%).\n"
                "06/05/26  Download 05/02/26 - 05/31/26 (30 days): >= 4 h on 27 of 30 nights "
                "(90%).\n",
            ),
        },
        request_type="continuation",
    )
    assert criteria["adherence"].status == "not_met"


def test_a_typed_download_grid_is_read_by_its_columns(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-06-01",
        {
            "01_download.txt": (
                "2026-05-10",
                "CPAP COMPLIANCE DOWNLOAD\nSet-up date: 02/01/2026\n"
                "  Usage >= 4 h: 64.4% over 90 days - BELOW TARGET\n\n"
                "30-DAY BREAKDOWN\n"
                "  Period                   Days used   Days >= 4h    % >= 4h   AHI\n"
                "  02/01/2026-03/02/2026      25/30       17/30        56.7%    3.1\n"
                "  03/03/2026-04/01/2026      29/30       24/30        80.0%    2.0\n",
            ),
        },
        request_type="continuation",
    )
    c = criteria["adherence"]
    assert c.status == "met", c.rationale
    assert "80%" in c.rationale  # the second 30 days, read under the "% >= 4h" column


def test_therapy_authorized_or_referred_but_never_attended_is_not_counted(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-06-01",
        {
            "01_ime.txt": (
                "2026-05-10",
                "INDEPENDENT MEDICAL EXAMINATION\nShe has taken meloxicam 15 mg daily since "
                "01/05/2025 and currently takes it.\n11/06/2025  UR: PT x12 NON-CERTIFIED.\n"
                "02/01/2026  UR: PT x8 certified. Physical therapy was never attended.\n"
                "Exam: right knee effusion. DP/PT 2+ bilaterally.\n",
            ),
        },
    )
    c = criteria["conservative-therapy-12wk"]
    assert c.status == "not_met", c.rationale  # one modality: the NSAID
    assert any("never attended" in e.quote or "NON-CERTIFIED" in e.quote for e in c.evidence)


def test_a_program_letter_against_its_own_visit_log(brief_packet) -> None:
    criteria = brief_packet(
        "bariatric-surgery",
        "2026-01-15",
        {
            "01_program.txt": (
                "2025-11-01",
                "CITY MEDICAL WEIGHT MANAGEMENT\nThis confirms the patient has completed 6 months "
                "of our medically supervised weight management programme.\n\n"
                "VISIT RECORD   Printed 2025-11-01\n"
                "Date        Visit type                 Weight (kg)   Status\n"
                "2025-04-10  Intake                     112.4         Completed\n"
                "2025-05-08  Follow-up                  110.9         Completed\n"
                "2025-06-12  Follow-up                  109.5         Completed\n"
                "2025-07-10  Follow-up                  -             No show\n"
                "2025-08-01  Administrative             -             Discharged\n",
            ),
        },
    )
    c = criteria["supervised-weight-loss-6mo"]
    assert c.status == "needs_review", c.rationale


def test_a_wrapped_no_show_row_is_not_a_visit(brief_packet) -> None:
    criteria = brief_packet(
        "bariatric-surgery",
        "2026-08-20",
        {
            "01_ledger.txt": (
                "2026-08-10",
                "PHYSICIAN-SUPERVISED WEIGHT MANAGEMENT - ATTENDANCE LEDGER\n"
                "DATE        VISIT TYPE                        STATUS      WT (lb)\n"
                "01/14/2026  MD new / program intake (mo 1)    ATTENDED    318.6\n"
                "02/11/2026  MD f/u (mo 2)                     ATTENDED    314.2\n"
                "03/11/2026  MD f/u (mo 3)                     ATTENDED    311.0\n"
                "04/15/2026  MD f/u (mo 4)                     ATTENDED    309.4\n"
                "05/13/2026  MD f/u (mo 5)                     ATTENDED    307.8\n"
                "06/24/2026  MD f/u (mo 6)                     ATTENDED    305.2\n"
                "07/22/2026  MD f/u (mo 7) - program completion visit\n"
                "                                              NO SHOW     --\n",
            ),
        },
    )
    c = criteria["supervised-weight-loss-6mo"]
    assert c.status == "not_met", c.rationale
    assert c.value is not None and c.value < 6


def test_longstanding_incontinence_is_not_a_new_red_flag(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-02-10",
        {
            "01_visit.txt": (
                "2026-02-05",
                "HOME VISIT\nLow back pain radiating to the left leg since October.\n"
                "Urge incontinence unchanged from baseline (since 2019, predates the back pain); "
                "no retention.\nDenies saddle anesthesia, fever, weight loss.\n",
            ),
            "02_oasis.txt": (
                "2025-11-17",
                "OASIS START OF CARE\nM1610 Urinary incontinence or catheter: 1 - Patient is "
                "incontinent\n",
            ),
        },
    )
    assert criteria["red-flags"].status == "not_met", criteria["red-flags"].rationale


def test_an_infection_a_later_entry_records_resolved_is_not_active(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-01",
        {
            "01_injections.txt": (
                "2026-01-27",
                "KNEE INJECTION LOG\n01/06/2026: Active cellulitis left shin - INJECTION "
                "DEFERRED, on cephalexin.\n01/27/2026: Cellulitis left shin resolved - completed "
                "cephalexin 01/16/2026. Injection given.\n",
            ),
        },
    )
    c = criteria["no-active-infection"]
    assert c.status == "met", c.rationale


def test_surgery_postponed_until_infection_resolves_is_still_active(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-01",
        {
            "01_preop.txt": (
                "2026-02-20",
                "PRE-OPERATIVE CLEARANCE\nRight prepatellar septic bursitis with cellulitis - "
                "ACTIVE INFECTION.\nSurgery postponed until the infection has fully resolved.\n",
            ),
        },
    )
    assert criteria["no-active-infection"].status == "not_met"


def test_an_evaluation_scheduled_after_the_note_or_waitlisted_is_not_done(brief_packet) -> None:
    criteria = brief_packet(
        "bariatric-surgery",
        "2026-02-10",
        {
            "01_surgeon.txt": (
                "2026-02-03",
                "BARIATRIC SURGERY CONSULT\nNutrition: RD at the hospital - patient on waitlist.\n"
                "Plan:\n - RD evaluation 02/24/2026.\n",
            ),
        },
    )
    assert criteria["nutrition-evaluation"].status == "missing"


def test_a_headed_exam_with_a_parenthesis_is_an_exam(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-02-10",
        {
            "01_visit.txt": (
                "2026-02-05",
                "HOUSE CALL NOTE\nHPI: low back pain to the left leg.\n\n"
                "EXAM (in person, at home): BP 134/78\nSLR: left positive at 45 deg.\n"
                "Strength: EHL 4+/5 left.\n",
            ),
        },
    )
    assert criteria["clinical-evaluation"].status == "met"


def test_dictated_numbers_are_read() -> None:
    got = {
        m.kind: m.value
        for m in find_measurements(
            "weight two hundred thirty one pounds comma BMI thirty eight point four period "
            "AHI twenty three point four per hour period he rates it seven out of ten"
        )
    }
    assert got["bmi"] == 38.4
    assert got["ahi"] == 23.4
    assert got["pain"] == 7.0


def test_functional_impairment_in_the_patients_words(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-02-10",
        {
            "01_visit.txt": (
                "2026-02-05",
                "OFFICE VISIT\nLeft leg pain radiating below the knee. She rates her leg pain "
                "7/10 today. She has had to cut back to half shifts because she cannot tolerate "
                "standing on the line.\n",
            ),
        },
    )
    assert criteria["pain-assessment"].status == "met", criteria["pain-assessment"].rationale


def test_a_past_episode_told_without_a_year_is_history() -> None:
    for text, target in [
        ("Had mono in college, no issues since.", "mono"),
        ("He was treated for pneumonia several years ago.", "pneumonia"),
        ("Pt had VRE colonization on prior admission.", "VRE colonization"),
    ]:
        start, end = find_target(text, target)
        assert assert_span(text, start, end, force=True)._.assertion == "historical", text
    text = "He was treated for pneumonia several years ago and now has pneumonia again."
    start, end = find_target(text, "pneumonia", 2)
    assert assert_span(text, start, end, force=True)._.assertion != "historical"


def test_the_requested_side_decides_the_grade(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-05-01",
        {
            "01_xr.txt": (
                "2026-04-14",
                "XR BILATERAL KNEES\nIMPRESSION:\n1. Right knee: mild medial compartment "
                "osteoarthritis, Kellgren-Lawrence grade 2.\n2. Left knee: moderate medial "
                "osteoarthritis, Kellgren-Lawrence grade 3.\n",
            ),
        },
        icd10=["M17.11"],  # primary osteoarthritis, right knee
    )
    c = criteria["radiographic-severity"]
    assert c.status == "not_met", c.rationale  # the right knee is requested: grade 2


def test_an_activity_done_normally_is_not_a_limitation(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-05-01",
        {
            "01_pt.txt": (
                "2026-04-24",
                "PT DISCHARGE\n- Stairs: reciprocal without rail at eval and discharge\n"
                "Patient walks 2 miles daily without functional limitation.\n",
            ),
        },
    )
    assert criteria["functional-limitation"].status != "met"


def test_an_exam_in_a_running_record_is_dated_by_its_entry(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-02-10",
        {
            "01_pt_log.txt": (
                "2026-02-09",
                "OUTPATIENT REHAB (transcribed 02/09/2026)\n\n-- INITIAL EVAL  11/20/25 --\n"
                "S: LBP with R leg pain.\nO: SLR R 45 deg (+). Strength 4/5 hip abd R.\n\n"
                "-- DISCHARGE  01/20/26 --\nPt attended 9 visits. Plateaued.\n",
            ),
        },
    )
    c = criteria["clinical-evaluation"]
    assert c.status == "not_met", c.rationale  # the exam was on 11/20/25, 82 days before


def test_currency_belongs_to_its_own_clause(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-10-01",
        {
            "01_note.txt": (
                "2026-09-29",
                "OFFICE VISIT\nLeft leg pain radiating to the foot, 7/10, cannot stand at work.\n"
                "Conservative tx: Medrol Dosepak 9/8/26; PT started 9/22/26 (ongoing).\n",
            ),
        },
    )
    c = criteria["conservative-care-4wk"]
    assert c.status == "not_met", c.rationale  # Medrol is 1 day here, PT 9/22 -> 10/01


def test_re_referred_or_unused_therapy_is_not_given(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-04-01",
        {
            "01_ortho.txt": (
                "2026-03-17",
                "ORTHO CONSULT\nMeloxicam 15 mg daily since 09/08/2025, still taking it.\n"
                "- Cane: advised by PCP - she does not use one.\n"
                "- PT referral to County Rehab placed - pt declines, too far to drive.\n"
                "Plan:\n- Re-refer to PT (prehab).\n",
            ),
        },
    )
    assert criteria["conservative-therapy-12wk"].status == "not_met"


def test_return_precautions_are_not_red_flags(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-04-20",
        {
            "01_phone.txt": (
                "2026-04-10",
                "PHONE ENCOUNTER\nLow back pain to the right leg, no better.\n"
                "Denies saddle numbness, bowel or bladder change.\n"
                "- Call sooner / ER for weakness, bowel/bladder change, saddle numbness.\n",
            ),
        },
    )
    assert criteria["red-flags"].status == "not_met", criteria["red-flags"].rationale


def test_a_questionnaire_reviewed_without_a_visit_is_not_face_to_face(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-03-01",
        {
            "01_questionnaire.txt": (
                "2026-01-12",
                "SLEEP HEALTH SCREENING QUESTIONNAIRE\nSubmitted online 01/12/2026.\n"
                "Review: asynchronous review by the ordering clinician - no video or in-person "
                "visit.\nSnoring: loud, nightly. Witnessed apneas: yes. Epworth 14.\n",
            ),
            "02_hsat.txt": (
                "2026-01-22",
                "HOME SLEEP APNEA TEST REPORT\nStudy date: 01/22/2026\nAHI 27.4 events/hour.\n",
            ),
            "03_clinic.txt": (
                "2026-02-10",
                "SLEEP CLINIC NEW PATIENT VISIT\nSeen in the office. Snoring and witnessed apneas. "
                "Neck 17 in. Epworth 14.\n",
            ),
        },
    )
    c = criteria["face-to-face-evaluation"]
    assert c.status == "not_met", c.rationale


def test_a_length_told_in_a_past_year_is_not_recent_care(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-06-09",
        {
            "01_consult.txt": (
                "2026-06-04",
                "PAIN CONSULT\nLeft leg pain radiating to the foot, 8/10; cannot work a shift.\n"
                "Dr. Lee started naproxen 500 mg twice daily on May 12. She took it for about ten "
                "days and stopped because of heartburn.\n"
                "She did see a chiropractor for several months in 2023 for neck stiffness.\n",
            ),
        },
    )
    c = criteria["conservative-care-4wk"]
    assert c.status == "not_met", c.rationale
    assert c.value is not None and c.value < 4


def test_two_accounts_of_relief_by_length_need_review(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-09-01",
        {
            "01_calls.txt": (
                "2025-06-12",
                "PHONE FOLLOW-UPS\n3 month check, ESI DOS 03/11/25.\n"
                'Pt states she is "still about 60% better than before the shot."\n',
            ),
            "02_clinic.txt": (
                "2025-08-14",
                "CLINIC NOTE\nLeft L5 radicular pain. Prior L5-S1 TFESI on 03/11/2025. Today she "
                "reports the injection helped about 50%, but the relief lasted only about 6 "
                "weeks.\n",
            ),
        },
    )
    c = criteria["prior-injection-response"]
    assert c.status == "needs_review", c.rationale


def test_a_study_of_another_region_beside_an_old_lumbar_mri(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2025-12-16",
        {
            "01_order.txt": (
                "2025-12-11",
                "MRI ORDER\nPertinent clinical info: midline tenderness L3; prior MRI L-spine 2019 "
                "(outside, report in chart); CT C/A/P 08/2025 for RCC surveillance - no "
                "recurrence.\n",
            ),
        },
    )
    assert criteria["repeat-imaging"].status == "met", criteria["repeat-imaging"].rationale


def test_cancelled_remaining_visits_end_a_logged_course(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-04-15",
        {
            "01_chiro.txt": (
                "2026-02-05",
                "CHIROPRACTIC DAILY NOTES\nLow back pain with leg pain.\n"
                "Chiropractic care 12/16/2025 - 02/05/2026, 10 visits, minimal change.\n"
                "P: Pt cancelled remaining 2 authorized visits.\n",
            ),
            "02_pcp.txt": (
                "2026-04-01",
                "OFFICE VISIT\nLow back pain persists despite 10 chiropractic visits "
                "12/16/2025 - 02/05/2026 and naproxen since 12/09/2025, still taking it.\n",
            ),
        },
    )
    assert criteria["conservative-therapy"].status == "met"
