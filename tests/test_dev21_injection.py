"""dev21 batch (helper diagB): one prior epidural's relief told differently in two records,
relief told in words the rules did not read, functional impairment told as an activity that
cannot be kept up or fewer workdays, and a lay observer's report before a sleep test.  Every
packet here is invented."""

from __future__ import annotations

ESI = "lumbar-epidural-steroid-injection"

CONSULT_ENOUGH = (
    "2026-01-12",
    "SPINE CLINIC - OFFICE VISIT\n"
    "History: right L5-S1 TFESI on 03/04/2025 gave about 75% relief of the leg pain that "
    "lasted about four months. Leg pain is back.\n"
    "Pain NRS 7/10. Cannot sit more than 20 minutes.\n",
)


def test_bundle_filed_under_the_nurse_call_is_one_injection(brief_packet):
    """A procedure note and its two-week call in one file dated by the call: the procedure is
    of its "Date of service", so the two accounts of its relief disagree."""
    c = brief_packet(
        ESI,
        "2026-01-20",
        {
            "01_proc.txt": (
                "2025-03-18",
                "SUMMIT SPINE CENTER\n\n"
                "PROCEDURE NOTE                     Date of service: 03/04/2025\n"
                "Procedure: Right L5-S1 transforaminal epidural steroid injection under "
                "fluoroscopy.\nNo complications.\n\n"
                "NURSE CALL   03/18/2025\nCalled patient two weeks later. Doing well.\n",
            ),
            "02_pcp.txt": (
                "2025-09-15",
                "FAMILY MEDICINE - OFFICE VISIT\n"
                "The March injection helped for about three weeks, then the leg pain came back.\n",
            ),
            "03_consult.txt": CONSULT_ENOUGH,
        },
    )["prior-injection-response"]
    assert c.status == "needs_review"


def test_length_right_after_the_verb(brief_packet):
    """ "the shot only worked 4 or 5 days": a length told with no "for" before it."""
    c = brief_packet(
        ESI,
        "2026-01-20",
        {
            "01_rn.txt": (
                "2025-03-20",
                "NURSE SICK CALL\nS: Patient states the back shot only worked 4 or 5 days, "
                "pain is back to 8/10.\n",
            ),
            "02_consult.txt": CONSULT_ENOUGH,
        },
    )["prior-injection-response"]
    assert c.status == "needs_review"


def test_relief_told_as_a_verdict(brief_packet):
    """ "the injection was great for about five weeks": relief told as a verdict, with its
    length, against "75% ... about four months" in another record."""
    c = brief_packet(
        ESI,
        "2026-01-20",
        {
            "01_pcp.txt": (
                "2025-10-02",
                "FAMILY MEDICINE - OFFICE VISIT\n"
                'She says the March injection "was great for about five weeks" and then the '
                "leg pain returned.\n",
            ),
            "02_consult.txt": CONSULT_ENOUGH,
        },
    )["prior-injection-response"]
    assert c.status == "needs_review"


def test_relief_persisting_at_a_length(brief_packet):
    """ "60% relief ... persisting at 3 months": the relief lasted at least that long."""
    c = brief_packet(
        ESI,
        "2026-01-20",
        {
            "01_fu.txt": (
                "2025-06-05",
                "PAIN CLINIC - OFFICE VISIT\n"
                "S/p left L4-5 TFESI 03/04/2025.\n"
                "Reports approximately 60% relief of left leg pain persisting at 3 months.\n",
            ),
        },
    )["prior-injection-response"]
    assert c.status == "met"


def test_referral_for_a_repeat_is_no_second_injection(brief_packet):
    """ "Re-refer ... for repeat L5-S1 TFESI per 06/10/25 recs" is a plan, and the date it
    writes is the recommendation's: the packet still tells of one injection."""
    c = brief_packet(
        ESI,
        "2026-01-20",
        {
            "01_rn.txt": (
                "2025-03-20",
                "NURSE SICK CALL\nS: Patient states the back shot helped for about one week, "
                "pain is back to 8/10.\n",
            ),
            "02_pcp.txt": (
                "2025-12-01",
                "FAMILY MEDICINE - OFFICE VISIT\nLeg pain recurred.\n"
                "1. Naproxen.\n2. Re-refer to the spine clinic for repeat R L5-S1 TFESI per "
                "06/10/25 recs.\n",
            ),
            "03_consult.txt": CONSULT_ENOUGH,
        },
    )["prior-injection-response"]
    assert c.status == "needs_review"


def _pain_with(function_line: str) -> dict:
    return {
        "01_consult.txt": (
            "2026-01-12",
            "SPINE CLINIC - OFFICE VISIT\nLeft leg pain into the lateral foot.\n"
            f"Pain: NRS 7/10 today in the left leg.\nFunction: {function_line}\n",
        )
    }


def test_activity_not_kept_up_without_a_break(brief_packet):
    c = brief_packet(
        ESI,
        "2026-01-20",
        _pain_with("He can't get through a two-hour delivery route without stopping to rest."),
    )["pain-assessment"]
    assert c.status == "met"


def test_fewer_workdays(brief_packet):
    c = brief_packet(ESI, "2026-01-20", _pain_with("She has dropped from five to three workdays."))[
        "pain-assessment"
    ]
    assert c.status == "met"


SLEEP_TEST = (
    "2025-09-03",
    "HOME SLEEP APNEA TEST - INTERPRETATION REPORT\nStudy date: 09/03/2025\n"
    "Apnea-hypopnea index (AHI) 22.4 /h\nInterpretation: moderate obstructive sleep apnea.\n",
)
VISIT_AFTER = (
    "2025-09-20",
    "INTERNAL MEDICINE CLINIC (face-to-face)\nDate: 09/20/25\n"
    "S: Seen in clinic today to review HSAT of 09/03/25.\n"
    "   Loud snoring, wakes unrefreshed, Epworth 13/24.\nO: BMI 33. Neck 17 in.\n"
    "A: Moderate OSA (AHI 22.4 /h). P: CPAP.\n",
)


def test_officer_observation_report_is_no_face_to_face_evaluation(brief_packet):
    """A custody officer's report of snoring and pauses in breathing before the test is an
    account for the clinician; the only clinical visit came after the test."""
    c = brief_packet(
        "cpap-osa",
        "2025-10-01",
        {
            "01_report.txt": (
                "2025-08-02",
                "STATE CORRECTIONAL FACILITY\nINMATE OBSERVATION REPORT (non-disciplinary)\n"
                "Reporting staff: CO II J. Smith\n"
                "Narrative: at night count I/M was snoring loudly and stopped breathing for "
                "about 20 seconds, then gasped.\n",
            ),
            "02_hsat.txt": SLEEP_TEST,
            "03_visit.txt": VISIT_AFTER,
        },
    )["face-to-face-evaluation"]
    assert c.status == "not_met"


def test_visit_reviewing_the_test_is_not_the_test(brief_packet):
    """A clinic note that says it reviews the HSAT is a visit, not the test report: the test
    keeps its own day."""
    c = brief_packet(
        "cpap-osa",
        "2025-10-01",
        {"02_hsat.txt": SLEEP_TEST, "03_visit.txt": VISIT_AFTER},
    )["face-to-face-evaluation"]
    assert c.status == "not_met"
    assert "2025-09-03" in c.rationale


def test_chart_review_without_seeing_the_patient_is_no_face_to_face_evaluation(brief_packet):
    """An order written from a chart review ("patient not seen") tells the symptoms second
    hand; it is no face-to-face evaluation before the test."""
    c = brief_packet(
        "cpap-osa",
        "2025-10-01",
        {
            "01_review.txt": (
                "2025-08-04",
                "PROVIDER CHART REVIEW NOTE\nChart review only - patient not seen.\n"
                "Wife reports loud snoring and pauses in breathing. Order HSAT.\n",
            ),
            "02_hsat.txt": SLEEP_TEST,
            "03_visit.txt": VISIT_AFTER,
        },
    )["face-to-face-evaluation"]
    assert c.status == "not_met"
