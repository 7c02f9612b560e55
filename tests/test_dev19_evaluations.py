"""The nineteenth dev batch's evaluation classes: an evaluation that is not the required
one reads as met, and an office visit's wrapped history read as a report's title.

- an approval asked "contingent on" an evaluation names a condition, not a visit done;
- a psychological clearance for another procedure (a spinal cord stimulator trial, a
  transplant) does not clear the patient for bariatric surgery;
- a sentence of an office note's history wrapped onto a short line ("(Lakeside Diagnostic
  Imaging) which showed ...") is no title: the note stays an office note, and its in-person
  neurological exam counts, beside a later video visit.

Every text is invented for the test.
"""

from __future__ import annotations

import pytest

from casebrief.documents.classify import classify, title_type

PROGRAM = (
    "NORTH SHORE MEDICAL WEIGHT CLINIC\n"
    "Physician-supervised weight program - visit log\n"
    "Supervising physician: Ada Marlowe, MD\n\n"
    "Date        Wt (lb)  BMI   Counseling\n"
    "09/02/2025  262      42.3  Intake, 1400 kcal plan, food log\n"
    "10/07/2025  259      41.8  diet and activity counseling\n"
    "11/04/2025  257      41.5  diet and activity counseling\n"
    "12/02/2025  255      41.2  diet and activity counseling\n"
    "01/06/2026  253      40.8  diet and activity counseling\n"
    "02/03/2026  251      40.5  diet and activity counseling\n"
    "03/03/2026  249      40.2  final program visit\n"
)


# --- an approval asked "contingent on" the evaluation -----------------------------------------


def test_an_approval_contingent_on_the_dietitian_visit_is_no_visit(brief_packet) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-04-20",
        {
            "01_program.txt": ("2026-03-03", PROGRAM),
            "02_appeal.txt": (
                "2026-04-14",
                "LAKEVIEW SURGICAL ASSOCIATES\n\nApril 14, 2026\n\nDear Medical Director,\n\n"
                "I write to appeal the denial of gastric bypass for Mr. Odum. He finished a "
                "six-month supervised program.\n\n"
                "Please reverse the denial, or approve it contingent upon the registered "
                "dietitian consult.\n\nSincerely,\nPaul Varga, MD\n",
            ),
        },
    )["nutrition-evaluation"]
    assert c.status == "missing", (c.status, c.rationale)


def test_a_dietitian_evaluation_done_still_counts(brief_packet) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-04-20",
        {
            "01_program.txt": ("2026-03-03", PROGRAM),
            "02_rd.txt": (
                "2026-03-10",
                "NUTRITION SERVICES - PRE-SURGICAL NUTRITION ASSESSMENT\n"
                "Dietitian: Lena Ortiz, RDN, LD\n\n"
                "Diet history reviewed with 24-hour recall. Meal plan given.\n"
                "From a nutrition standpoint he is an appropriate candidate for surgery.\n",
            ),
        },
    )["nutrition-evaluation"]
    assert c.status == "met", (c.status, c.rationale)


# --- a clearance for another procedure ---------------------------------------------------------

OTHER_PROCEDURE_EVAL = (
    "RIVERSTONE PAIN PSYCHOLOGY\n"
    "Jonah Whitcombe, PhD - Licensed Psychologist\n\n"
    "PSYCHOLOGICAL EVALUATION - INTRATHECAL PUMP CANDIDACY\n\n"
    "Date of evaluation: 10/14/2025\n\n"
    "Background: chronic lumbar pain after two fusions; trial of an intrathecal pump planned.\n"
    "Testing: PHQ-9 6, GAD-7 5.\n\n"
    "Recommendation: From a psychological standpoint the patient is cleared to proceed.\n\n"
    "Jonah Whitcombe, PhD\n"
)


def test_a_clearance_for_another_procedure_does_not_clear_for_bariatric_surgery(
    brief_packet,
) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-04-20",
        {
            "01_program.txt": ("2026-03-03", PROGRAM),
            "02_psych.txt": ("2025-10-14", OTHER_PROCEDURE_EVAL),
            "03_pain_note.txt": (
                "2025-11-02",
                "PAIN MANAGEMENT - OFFICE VISIT\nDate: 11/02/2025\n\n"
                "Interval history: psychology evaluation for the pain pump done 10/14, "
                "cleared.\nPlan: pump trial on hold until weight loss.\n",
            ),
            "04_surgeon.txt": (
                "2026-04-01",
                "BARIATRIC SURGERY CONSULTATION\nDate: 04/01/2026\n\n"
                "Assessment: candidate for sleeve gastrectomy.\n"
                "Plan: bariatric psychological evaluation scheduled 05/12/2026.\n",
            ),
        },
    )["psych-evaluation"]
    assert c.status == "missing", (c.status, c.rationale)


def test_a_bariatric_clearance_still_clears(brief_packet) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-04-20",
        {
            "01_program.txt": ("2026-03-03", PROGRAM),
            "02_psych.txt": (
                "2026-02-10",
                "RIVERSTONE BEHAVIORAL HEALTH\nJonah Whitcombe, PhD - Licensed Psychologist\n\n"
                "PRE-BARIATRIC PSYCHOLOGICAL EVALUATION\n\nDate of evaluation: 02/10/2026\n\n"
                "History: prior spinal cord stimulator trial in 2021.\n\n"
                "Recommendation: the patient is psychologically cleared for sleeve "
                "gastrectomy.\n\nJonah Whitcombe, PhD\n",
            ),
        },
    )["psych-evaluation"]
    assert c.status == "met", (c.status, c.rationale)


# --- an office note's wrapped history is no title ---------------------------------------------

OFFICE_NOTE = (
    "CEDAR HOLLOW SPINE CLINIC\n"
    "22 Mill Road, Cedar Hollow OH   T 555-010-2200\n"
    "Patient: ROWE, MARTIN          DOB 03/02/1970\n"
    "Date of service: 02/02/2026\n"
    "Provider: Irene Castell, DO\n"
    "Chief complaint: L low back and leg pain\n"
    "HPI\n"
    "55 yo M with left-sided low back pain spreading into the left calf, present\n"
    "since last spring. He had an MRI of the lumbar spine 07/10/2025\n"
    "(Lakeside Diagnostic Imaging) which showed a left L5-S1 protrusion\n"
    "without compression. Therapy helped a little.\n\n"
    "PHYSICAL EXAM\n"
    "SLR positive on the left at 45 degrees.\n"
    "Strength 5/5 throughout both legs. Reflexes 2+ and symmetric.\n"
    "Sensation intact to light touch.\n\n"
    "PLAN\nHome exercise; return in 3 months.\n"
)


def test_a_wrapped_line_of_history_is_no_title() -> None:
    assert title_type(OFFICE_NOTE)[0] != "imaging_report"
    assert classify(OFFICE_NOTE)[0] == "office_note"
    # a report's own title still types it, and a heading in capitals under narrative is one
    assert classify("LAKESIDE IMAGING CENTER\nMRI LUMBAR SPINE WITHOUT CONTRAST\n")[0] == (
        "imaging_report"
    )


def test_an_old_office_exam_beside_a_later_video_visit_is_too_old(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-27",
        {
            "01_office.txt": ("2026-02-02", OFFICE_NOTE),
            "02_video.txt": (
                "2026-04-13",
                "CEDAR HOLLOW SPINE CLINIC\nVIDEO VISIT\nDate of service: 04/13/2026\n"
                "Modality: audio-video telehealth, patient at home.\n\n"
                "Pain the same as before.\n"
                "Exam limited by video: walks on heels and toes on camera.\n",
            ),
        },
    )["clinical-evaluation"]
    assert c.status == "not_met", (c.status, c.rationale)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(pytest.main([__file__, "-q"]))
