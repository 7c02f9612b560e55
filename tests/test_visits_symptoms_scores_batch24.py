"""The twenty-fourth dev batch's classes of helper diagD.

- a telephone or video contact named by a labelled field ("Visit type: TELEPHONE - ...",
  "Encounter type: Phone", "Modality: audio-video") is not an in-person exam, and an exam
  section copied forward from an earlier visit ("Exam carried forward from 6/2/25 office
  visit") is that earlier visit's exam, dated then; a case manager's summary that restates
  such a note's exam as of the note's day is no exam either;
- new symptoms since a prior lumbar MRI written with the side or limb between "new" and the
  symptom ("new L-sided sciatica", "new onset of bilateral LE numbness") or as a heading of
  what is new ("New since the holidays: ...");
- a pain score labelled for another body part ("Pain: 1/10 (R knee)", "Left shoulder pain
  2/10") is not the latest score of the back and leg pain an epidural treats.

Every text is invented for the test.
"""

from __future__ import annotations

import pytest

# ------------------------------------------------------------------ exam recency

OLD_OFFICE_VISIT = (
    "PINE HOLLOW FAMILY MEDICINE - OFFICE VISIT\n"
    "DOS: 06/02/2025\n\n"
    "HPI: Low back pain with right leg pain for 3 weeks after moving furniture.\n\n"
    "PHYSICAL EXAM:\n"
    "Straight leg raise positive on the right at 40 degrees.\n"
    "Strength 5/5 in both lower extremities. Reflexes 2+ and symmetric.\n\n"
    "PLAN: Naproxen 500 mg twice daily, physical therapy.\n"
)


def _recent_note(head: str, exam_heading: str = "PHYSICAL EXAM:") -> str:
    return (
        "PINE HOLLOW FAMILY MEDICINE - FOLLOW-UP\n"
        f"{head}\n"
        "DOS: 09/03/2025\n\n"
        "SUBJECTIVE: Right leg pain is worse despite therapy, 7/10.\n\n"
        f"{exam_heading}\n"
        "SLR: positive right at 35 degrees.\n"
        "Strength: 5/5 bilateral hip flexion, knee extension, ankle dorsiflexion.\n"
        "Sensation: decreased light touch over the right lateral foot.\n\n"
        "PLAN: Request lumbar MRI.\n"
    )


@pytest.mark.parametrize(
    "head",
    [
        "Visit type: TELEPHONE - patient could not get off work",
        "Encounter Type: Phone",
        "Appointment type: telemedicine (patient at home)",
        "Modality: audio-video, patient at home",
    ],
)
def test_a_labelled_remote_contact_is_no_in_person_exam(brief_packet, head) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2025-09-08",
        {
            "01_office.txt": ("2025-06-02", OLD_OFFICE_VISIT),
            "02_followup.txt": ("2025-09-03", _recent_note(head)),
        },
    )["clinical-evaluation"]
    assert c.status == "not_met", (head, c.status, c.rationale)


@pytest.mark.parametrize(
    "exam_heading",
    [
        "PHYSICAL EXAM: Exam carried forward from 6/2/25 office visit.",
        "EXAM (copied forward from 06/02/2025 visit):",
        "Physical examination - brought forward from the visit of 06/02/2025",
        "PE:\n[Carried over from office visit 06/02/2025]",
    ],
)
def test_an_exam_copied_forward_is_the_earlier_visits_exam(brief_packet, exam_heading) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2025-09-08",
        {
            "01_office.txt": ("2025-06-02", OLD_OFFICE_VISIT),
            "02_followup.txt": ("2025-09-03", _recent_note("Office visit", exam_heading)),
        },
    )["clinical-evaluation"]
    assert c.status == "not_met", (exam_heading, c.status, c.rationale)
    assert "2025-06-02" in c.rationale


def test_a_summary_restating_a_copied_exam_is_no_exam(brief_packet) -> None:
    summary = (
        "CARRIER NURSE CASE MANAGER - STATUS SUMMARY\n"
        "Prepared 09/05/2025 by J. Ortelli, RN\n\n"
        "Treatment to date: naproxen, physical therapy.\n"
        "Last exam 09/03/25 by Dr. Pine: positive SLR on the right, decreased sensation lateral "
        "foot.\n"
    )
    c = brief_packet(
        "lumbar-spine-mri",
        "2025-09-08",
        {
            "01_office.txt": ("2025-06-02", OLD_OFFICE_VISIT),
            "02_followup.txt": (
                "2025-09-03",
                _recent_note("Office visit", "EXAM: copied forward from 06/02/2025 visit"),
            ),
            "03_summary.txt": ("2025-09-05", summary),
        },
    )["clinical-evaluation"]
    assert c.status == "not_met", (c.status, c.rationale)


def test_a_finding_unchanged_from_an_earlier_exam_is_examined_today(brief_packet) -> None:
    note = _recent_note("Office visit", "PHYSICAL EXAM:").replace(
        "SLR: positive right at 35 degrees.",
        "SLR: positive right at 35 degrees, unchanged from the 06/02/2025 exam.",
    )
    c = brief_packet(
        "lumbar-spine-mri",
        "2025-09-08",
        {
            "01_office.txt": ("2025-06-02", OLD_OFFICE_VISIT),
            "02_followup.txt": ("2025-09-03", note),
        },
    )["clinical-evaluation"]
    assert c.status == "met", (c.status, c.rationale)


# ------------------------------------------------------------------ new symptoms since an MRI

PRIOR_MRI = (
    "LAKE COUNTY IMAGING\n"
    "MRI LUMBAR SPINE WITHOUT CONTRAST\n"
    "Date of exam: 04/10/2025\n"
    "Indication: low back pain.\n"
    "Findings: mild disc bulge at L4-5 without stenosis.\n"
    "IMPRESSION: Mild degenerative change, no neural compression.\n"
)


def _repeat(sentence: str) -> str:
    return (
        "RIVERSIDE PRIMARY CARE - OFFICE VISIT\n"
        "DOS: 01/12/2026\n\n"
        "HPI: Follow-up of low back pain, lumbar MRI in April 2025 for back pain alone.\n"
        f"{sentence}\n"
        "She has taken naproxen since October and finished 8 weeks of physical therapy.\n\n"
        "PLAN: Repeat MRI lumbar spine without contrast.\n"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Now with new L-sided sciatica down to the ankle since November.",
        "New since the holidays: burning pain from the left buttock into the calf.",
        "Reports new onset of bilateral LE numbness over the past month.",
        "Therapist notes new right leg tingling with sitting.",
    ],
)
def test_new_symptoms_told_with_side_or_as_a_heading_justify_a_repeat(
    brief_packet, sentence
) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-01-20",
        {
            "01_mri.txt": ("2025-04-10", PRIOR_MRI),
            "02_visit.txt": ("2026-01-12", _repeat(sentence)),
        },
    )["repeat-imaging"]
    assert c.status == "met", (sentence, c.status, c.rationale)


@pytest.mark.parametrize(
    "sentence",
    [
        "She denies new left leg symptoms; pain is the same as at the time of the MRI.",
        "No new R-sided numbness or weakness since the scan.",
    ],
)
def test_denied_new_symptoms_still_leave_the_recent_mri(brief_packet, sentence) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-01-20",
        {
            "01_mri.txt": ("2025-04-10", PRIOR_MRI),
            "02_visit.txt": ("2026-01-12", _repeat(sentence)),
        },
    )["repeat-imaging"]
    assert c.status == "not_met", (sentence, c.status, c.rationale)


# ------------------------------------------------------------------ a pain score of another part

SPINE_CONSULT = (
    "NORTHGATE SPINE & PAIN - CONSULTATION\n"
    "DOS: 05/04/2026\n\n"
    "HPI: Left low back pain radiating down the back of the left leg to the calf for 8 weeks.\n"
    "Pain 8/10 today. He cannot sit through his work shifts and has missed 4 days of work.\n\n"
    "EXAM: SLR positive on the left at 40 degrees.\n"
    "MRI 04/20/2026: left L5-S1 disc protrusion contacting the S1 root.\n"
    "Naproxen since March and 6 weeks of PT without improvement.\n\n"
    "PLAN: Left L5-S1 transforaminal epidural steroid injection.\n"
)


def _later_visit(line: str) -> str:
    return (
        "HARBOR SLEEP CENTER - FOLLOW-UP\n"
        "DOS: 05/08/2026\n\n"
        f"{line}\n"
        "CPAP use nightly, residual AHI 2. Sleep broken by the left leg pain.\n"
        "A/P: OSA controlled. RTC 1 year.\n"
    )


@pytest.mark.parametrize(
    "line",
    [
        "Pain: 1/10 (R knee)",
        "Left shoulder pain 2/10, chronic.",
        "PAIN ASSESSMENT: 2/10   Site: neck",
    ],
)
def test_a_score_of_another_body_part_is_not_the_latest(brief_packet, line) -> None:
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-05-12",
        {
            "01_consult.txt": ("2026-05-04", SPINE_CONSULT),
            "02_sleep.txt": ("2026-05-08", _later_visit(line)),
        },
    )["pain-assessment"]
    assert c.status == "met", (line, c.status, c.rationale)
    assert c.value == 8, c.value


def test_a_score_of_pain_radiating_to_another_part_still_counts(brief_packet) -> None:
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-05-12",
        {
            "01_consult.txt": ("2026-05-04", SPINE_CONSULT),
            "02_sleep.txt": ("2026-05-08", _later_visit("Pain 2/10, radiating to the L knee.")),
        },
    )["pain-assessment"]
    assert c.status == "not_met", (c.status, c.rationale)
    assert c.value == 2, c.value
