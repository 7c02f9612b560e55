"""Classes behind the dev27 misses of helper diagH3 (every text is invented for the test).

1. A nutrition session run by someone other than a registered dietitian -- a provider line
   labelled by the role itself ("Coach: ..., NBC-HWC", "Wellness coach: ..."), a record that
   says in words it is "not medical nutrition therapy" or was "not an RD" -- is not the
   dietitian's evaluation; nor is a program's generic account of its pathway ("Clients going
   on to surgery complete their evaluation with the program's registered dietitian"), which
   names the dietitian of no one in particular (dev27bm-06).
2. A chiropractor's in-office examination counts as the in-person exam though its note is
   filed as a therapy note, when its credential line is labelled by the role ("Treating
   doctor: ..., DC", "Examining chiropractor: ..., D.C.", "..., Doctor of Chiropractic")
   (dev27ri-02).  A physical therapist's re-assessment still does not.
3. A course put on hold or suspended ends there: "PT from 01/05/2026; PT placed the plan of
   care on hold after her visit of 01/30/2026" and "PT on hold since 1/30" end PT on 01/30;
   the hold's "since" is no start (dev27ri-04).  A hold its clause says was lifted ("on hold
   ... resumed ...") does not end the course.
"""

from __future__ import annotations

import pytest

# ---------------------------------------------------------------------------------------------
# 1. nutrition session by a non-dietitian; a program's pathway statement
# ---------------------------------------------------------------------------------------------

SURGEON_SCHEDULES_RD = (
    "NORTHGATE BARIATRIC SURGERY - NEW PATIENT CONSULTATION\n"
    "Surgeon: Oskar Lindgren, MD\n\n"
    "Assessment: class III obesity, candidate for sleeve gastrectomy.\n\n"
    "Plan:\n"
    "- Registered dietitian evaluation: scheduled 05/26/2026 with Petra Holm, RD, LD.\n"
)

COACH_LABELLED = (
    "BRIGHTPATH WELLNESS STUDIO\n"
    "NUTRITION ASSESSMENT - Coaching Session 2\n\n"
    "Date: 11/03/2025        Duration: 40 minutes\n"
    "Coach: Dana Whitfield, NBC-HWC\n\n"
    "Reviewed 3-day food log. Goals: protein at breakfast, fewer sugary drinks.\n\n"
    "D. Whitfield, NBC-HWC\n"
)

COACH_DISCLAIMER_AND_PATHWAY = (
    "RIVERBEND LIFESTYLE CENTER\n"
    "NUTRITION CONSULT\n\n"
    "Date: 12/08/2025\n"
    "Wellness coach: Lior Baptiste, CHWC\n\n"
    "Went over a plate model and a grocery list; 24-hour recall reviewed.\n\n"
    "This session is not medical nutrition therapy. Participants moving on to weight-loss "
    "surgery are assessed by the hospital's registered dietitian.\n"
)

PCP_PATHWAY_ONLY = (
    "MAPLE STREET FAMILY MEDICINE - OFFICE VISIT\n"
    "Provider: Hana Okoye, MD\n\n"
    "Discussed the bariatric program. All program patients meet with the registered "
    "dietitian before surgery.\n"
)

DIETITIAN_NOTE = (
    "NORTHGATE BARIATRIC NUTRITION\n"
    "PRE-SURGICAL NUTRITION EVALUATION\n\n"
    "Date: 03/02/2026\n"
    "Provider: Jane Ruiz, MS, RDN, LD\n\n"
    "Diet history and 3-day food record reviewed; protein goals set.\n"
    "Nutrition evaluation completed; cleared from a nutrition standpoint.\n"
)

PCP_PATHWAY_AND_DATED_VISIT = (
    "MAPLE STREET FAMILY MEDICINE - OFFICE VISIT\n"
    "Provider: Hana Okoye, MD\n\n"
    "All program patients see the registered dietitian; she saw Jane Ruiz, RD on 03/02/2026 "
    "for her nutrition evaluation.\n"
)


def _nutrition(brief_packet, records):
    return brief_packet("bariatric-surgery", "2026-05-05", records)["nutrition-evaluation"]


def test_coach_labelled_session_is_not_the_dietitians_evaluation(brief_packet):
    c = _nutrition(
        brief_packet,
        {
            "01_coach.txt": ("2025-11-03", COACH_LABELLED),
            "02_surgeon.txt": ("2026-04-28", SURGEON_SCHEDULES_RD),
        },
    )
    assert c.status == "missing"


def test_coach_session_disclaiming_mnt_with_a_pathway_is_not_the_evaluation(brief_packet):
    c = _nutrition(
        brief_packet,
        {
            "01_coach.txt": ("2025-12-08", COACH_DISCLAIMER_AND_PATHWAY),
            "02_surgeon.txt": ("2026-04-28", SURGEON_SCHEDULES_RD),
        },
    )
    assert c.status == "missing"


def test_program_pathway_statement_alone_tells_no_evaluation(brief_packet):
    c = _nutrition(brief_packet, {"01_pcp.txt": ("2026-04-10", PCP_PATHWAY_ONLY)})
    assert c.status == "missing"


def test_guard_dietitians_own_evaluation_is_met(brief_packet):
    c = _nutrition(
        brief_packet,
        {
            "01_coach.txt": ("2025-11-03", COACH_LABELLED),
            "02_rd.txt": ("2026-03-02", DIETITIAN_NOTE),
        },
    )
    assert c.status == "met"


def test_guard_dated_visit_beside_a_pathway_is_met(brief_packet):
    c = _nutrition(brief_packet, {"01_pcp.txt": ("2026-04-10", PCP_PATHWAY_AND_DATED_VISIT)})
    assert c.status == "met"


# ---------------------------------------------------------------------------------------------
# 2. a chiropractor's in-office re-examination is an in-person exam
# ---------------------------------------------------------------------------------------------

OLD_PCP_EXAM = (
    "CEDAR HILL PRIMARY CARE - OFFICE VISIT\n"
    "Visit type: in person\n"
    "Provider: Alma Reyes, MD\n\n"
    "HPI: low back pain with right leg pain for 6 weeks.\n\n"
    "Exam:\n"
    " SLR: R positive 45 deg.\n"
    " Strength: 5/5 bilateral LE.\n"
    " Reflexes: ankle jerk R 1+, L 2+.\n\n"
    "Plan: naproxen 500 mg BID, chiropractic referral.\n"
)

VIDEO_VISIT = (
    "CEDAR HILL PRIMARY CARE - VIDEO VISIT\n"
    "Visit type: video (patient at home)\n"
    "Provider: Alma Reyes, MD\n\n"
    "Leg pain worse. No hands-on exam today (telehealth).\n\n"
    "Plan: lumbar MRI.\n"
)


def _chiro(credential_line: str, title: str) -> str:
    return (
        "ANCHOR BAY SPINE & WELLNESS\n\n"
        f"{title}\n\n"
        "Patient: R. Solano\n"
        "Date of re-examination: 04/01/2026\n"
        f"{credential_line}\n\n"
        "Course of care: 14 visits since 01/20/2026, manipulation and exercises.\n\n"
        "Objective (in office, today):\n"
        " Orthopedic: SLR R positive at 40 deg with pain to lateral calf.\n"
        " Neuro: Myotomes L4-S1 5/5. DTRs: Achilles R 1+, L 2+.\n"
        "   Sensation: decreased R lateral foot to pinwheel.\n\n"
        "Assessment: lumbar disc derangement with R S1 radiculopathy.\n"
        "Plan: discharged from chiropractic care; referred back to the PCP.\n"
    )


def _clinical(brief_packet, third_name: str, third: str):
    return brief_packet(
        "lumbar-spine-mri",
        "2026-05-19",
        {
            "01_pcp.txt": ("2026-01-06", OLD_PCP_EXAM),
            third_name: ("2026-04-01", third),
            "03_video.txt": ("2026-05-08", VIDEO_VISIT),
        },
    )["clinical-evaluation"]


@pytest.mark.parametrize(
    "credential_line",
    [
        "Treating doctor: Malia Fontaine, DC",
        "Examining chiropractor: Theo Brandvold, D.C.",
        "Attending: Ines Carvalho, Doctor of Chiropractic",
    ],
)
def test_chiropractors_re_examination_is_an_in_person_exam(brief_packet, credential_line):
    c = _clinical(
        brief_packet,
        "02_chiro.txt",
        _chiro(credential_line, "RE-EXAMINATION / DISCHARGE REPORT - CHIROPRACTIC CENTER"),
    )
    assert c.status == "met", c.rationale
    assert "2026-04-01" in c.rationale


PT_REASSESSMENT = (
    "ANCHOR BAY PHYSICAL THERAPY\n\n"
    "PHYSICAL THERAPY PROGRESS NOTE / RE-ASSESSMENT\n\n"
    "Patient: R. Solano\n"
    "Date: 04/01/2026\n"
    "Therapist: Malia Fontaine, PT, DPT\n"
    "Referred by: Theo Brandvold, DC\n\n"
    "Visit 10. Pain 6/10.\n"
    "Objective: SLR R positive at 40 deg. Strength 5/5. Reflexes: Achilles R 1+.\n\n"
    "Assessment: slow progress; continue plan of care 2x/week.\n"
)


def test_guard_therapists_re_assessment_is_still_not_the_clinicians_exam(brief_packet):
    c = _clinical(brief_packet, "02_pt.txt", PT_REASSESSMENT)
    assert c.status == "not_met", c.rationale


# ---------------------------------------------------------------------------------------------
# 3. a course put on hold or suspended ends there
# ---------------------------------------------------------------------------------------------

ED_NOTE = (
    "ST. ANSELM EMERGENCY DEPARTMENT\n"
    "Date: 01/23/2026\n\n"
    "HPI: low back pain with R leg pain since 12/2025.\n"
    "Exam: SLR R positive. Strength 5/5.\n"
)


def _weeks(brief_packet, records, request_date="2026-02-24"):
    c = brief_packet("lumbar-spine-mri", request_date, records)["conservative-therapy"]
    return c.status, c.value, c.rationale


LETTER_PT_ON_HOLD = (
    "WILLOW BEND INTERNAL MEDICINE\n\n"
    "February 24, 2026\n\n"
    "To the Medical Director:\n\n"
    "Treatment to date:\n"
    "  - Physical therapy for the lumbar spine from 01/05/2026; the therapist placed the plan\n"
    "    of care on hold after her visit of 01/30/2026 because of increased pain.\n\n"
    "Sincerely,\nIrene Castell, MD\n"
)

PCP_PT_ON_HOLD_SINCE = (
    "WILLOW BEND INTERNAL MEDICINE - OFFICE VISIT\n"
    "DOS: 02/16/2026\n\n"
    "HPI: low back and R leg pain. PT on hold since 1/30. Pain persists 6/10.\n"
)


def test_pt_put_on_hold_ends_there(brief_packet):
    status, value, why = _weeks(
        brief_packet,
        {
            "01_letter.txt": ("2026-02-24", LETTER_PT_ON_HOLD),
            "02_pcp.txt": ("2026-02-16", PCP_PT_ON_HOLD_SINCE),
        },
    )
    # 01/05 -> 01/30 = 25 days = 3.6 weeks (not to the letter's day: 7.1)
    assert status == "not_met", why
    assert value == pytest.approx(3.6, abs=0.05), why


LETTER_CHIRO_SUSPENDED = (
    "ORCHARD FAMILY PRACTICE\n\n"
    "March 10, 2026\n\n"
    "Re: lumbar MRI request\n\n"
    "Conservative care: chiropractic care for the low back started 02/02/2026 and was\n"
    "suspended as of 02/20/2026 because her leg pain worsened.\n\n"
    "Sincerely,\nMarta Kowal, DO\n"
)

PCP_CHIRO_SUSPENDED_SINCE = (
    "ORCHARD FAMILY PRACTICE - OFFICE VISIT\n"
    "DOS: 03/05/2026\n\n"
    "HPI: low back pain with L leg pain. Chiropractic suspended since 2/20. No better.\n"
)


def test_chiropractic_suspended_ends_there(brief_packet):
    status, value, why = _weeks(
        brief_packet,
        {
            "01_letter.txt": ("2026-03-10", LETTER_CHIRO_SUSPENDED),
            "02_pcp.txt": ("2026-03-05", PCP_CHIRO_SUSPENDED_SINCE),
        },
        request_date="2026-03-10",
    )
    # 02/02 -> 02/20 = 18 days = 2.6 weeks (not to the letter's day)
    assert status == "not_met", why
    assert value == pytest.approx(2.6, abs=0.05), why


LETTER_PT_HOLD_LIFTED = (
    "WILLOW BEND INTERNAL MEDICINE\n\n"
    "February 24, 2026\n\n"
    "To the Medical Director:\n\n"
    "Treatment to date:\n"
    "  - Physical therapy for the lumbar spine from 01/05/2026, on hold for the flu and resumed\n"
    "    on 01/19/2026; she continues PT twice a week.\n\n"
    "Sincerely,\nIrene Castell, MD\n"
)


def test_guard_a_hold_that_was_lifted_does_not_end_the_course(brief_packet):
    status, value, why = _weeks(
        brief_packet, {"01_letter.txt": ("2026-02-24", LETTER_PT_HOLD_LIFTED)}
    )
    # runs from 01/05 to the letter (the request date): 50 days = 7.1 weeks
    assert status == "met", why
    assert value == pytest.approx(7.1, abs=0.05), why
