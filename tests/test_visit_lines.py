"""The line a note states its kind of contact and its day on is quoted beside the criteria
that contact decides (casebrief.facts.visits).

- an in-person exam too old, and a later video visit: its "Visit type: Video visit" line;
- a pre-test telephone contact: its labelled "Encounter type: Telephone" field, not the
  title that names it too;
- a CPAP re-evaluation that documents no improvement: what it says of the symptoms;
- no prior lumbar MRI, but an MRI of the hip in the window: that study's line;
- a prior lumbar MRI in the window: its report's "Exam date" line.

Every text is invented for the test.
"""

from __future__ import annotations

EXAM_NOTE = (
    "HOLLOWAY FAMILY MEDICINE\nOFFICE VISIT (in person)\nDate of service: {day}\n"
    "Provider: Ines Marlow, MD\n\n"
    "HPI: Low back pain for four months radiating into the left calf.\n\n"
    "EXAM:\nStraight leg raise positive on the left at 40 degrees.\n"
    "Strength 5/5 throughout both legs. Reflexes 2+ and symmetric.\n\n"
    "PLAN: continue naproxen 500 mg twice daily.\n\nInes Marlow, MD\n"
)
VIDEO_NOTE = (
    "HOLLOWAY FAMILY MEDICINE\nFOLLOW-UP\nVisit type: Video visit (patient at home)\n"
    "Date of service: {day}\n\n"
    "S: Left leg pain unchanged, 6/10, despite naproxen since November.\n"
    "O: Appears comfortable sitting. Exam limited to inspection.\n"
    "A/P: Lumbar radiculopathy, no better after 12 weeks. MRI L-spine requested.\n"
)


def shown(criterion) -> list[str]:
    return [" ".join(e.quote.split()) for e in criterion.evidence]


def test_a_later_video_visit_is_quoted_beside_an_old_exam(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-03-02",
        {
            "01_office.txt": ("2025-11-04", EXAM_NOTE.format(day="11/04/2025")),
            "02_video.txt": ("2026-02-23", VIDEO_NOTE.format(day="02/23/2026")),
        },
    )["clinical-evaluation"]
    assert c.status == "not_met"
    assert any("Visit type: Video visit" in q for q in shown(c)), shown(c)


def test_a_recent_in_person_exam_is_quoted_with_its_visit_line(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-03-02",
        {"01_office.txt": ("2026-02-17", EXAM_NOTE.format(day="02/17/2026"))},
    )["clinical-evaluation"]
    assert c.status == "met"
    assert any("OFFICE VISIT (in person)" in q for q in shown(c)), shown(c)


PHONE_INTAKE = (
    "SUMMIT SLEEP ASSOCIATES - TELEPHONE ENCOUNTER\n"
    "Encounter type: Telephone (audio only)\n"
    "Date: 01/06/2026\n\n"
    "Called patient to review referral for snoring and witnessed apneas. Epworth 14/24 by\n"
    "phone. Home sleep test ordered per protocol.\n\nR. Dunmore, RN\n"
)
HSAT = (
    "HOME SLEEP APNEA TEST REPORT\nStudy date: 01/20/2026\n\n"
    "Monitoring time 7.1 h. AHI 24.6 events/hour (4% rule). Lowest SpO2 83%.\n"
    "IMPRESSION: Moderate obstructive sleep apnea.\n\nDr. P. Okafor, Sleep Medicine\n"
)
AFTER_VISIT = (
    "SUMMIT SLEEP ASSOCIATES\nNEW PATIENT VISIT (in person)\nDate of service: 02/03/2026\n\n"
    "Reviewed HSAT of 01/20/2026: AHI 24.6, moderate OSA. Loud snoring, witnessed apneas,\n"
    "Epworth 14/24. Neck 17 in. BMI 33. Plan: start APAP 5-15 cm H2O.\n"
)


def test_a_pre_test_phone_contact_is_quoted_by_its_labelled_field(brief_packet) -> None:
    c = brief_packet(
        "cpap-osa",
        "2026-02-10",
        {
            "01_call.txt": ("2026-01-06", PHONE_INTAKE),
            "02_hsat.txt": ("2026-01-20", HSAT),
            "03_visit.txt": ("2026-02-03", AFTER_VISIT),
        },
    )["face-to-face-evaluation"]
    assert c.status == "not_met"
    quotes = shown(c) + [" ".join(e.quote.split()) for e in c.more_evidence]
    assert any(q.startswith("Encounter type: Telephone") for q in quotes), quotes
    assert not any("TELEPHONE ENCOUNTER" in q for q in quotes), quotes


def test_a_reevaluation_without_improvement_quotes_what_it_says_of_the_symptoms(
    brief_packet,
) -> None:
    c = brief_packet(
        "cpap-osa",
        "2026-05-20",
        {
            "01_setup.txt": (
                "2026-02-09",
                "BRIGHTAIR HOME MEDICAL - CPAP SETUP\nSetup date: 02/09/2026\n"
                "Device: AirSense 11 AutoSet, 5-15 cm H2O, medium nasal mask.\n",
            ),
            "02_followup.txt": (
                "2026-04-13",
                "SUMMIT SLEEP ASSOCIATES\nCPAP FOLLOW-UP VISIT (in person)\n"
                "Date of service: 04/13/2026\n\n"
                "Day 63 of APAP. Uses it most nights.\n"
                "Daytime sleepiness: no change.\n"
                "ESS today: 15/24 (16/24 at consult).\n"
                "Plan: mask refit, recheck in 8 weeks.\n",
            ),
        },
        request_type="continuation",
    )["clinical-reevaluation"]
    assert c.status == "not_met"
    assert any("Daytime sleepiness: no change." in q for q in shown(c)), shown(c)


def test_an_mri_of_another_region_in_the_window_is_quoted(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-03-02",
        {
            "01_office.txt": ("2026-02-17", EXAM_NOTE.format(day="02/17/2026")),
            "02_mri_hip.txt": (
                "2025-12-01",
                "LAKESIDE IMAGING\nEXAM: MRI LEFT HIP WITHOUT CONTRAST\nExam date: 12/01/2025\n\n"
                "FINDINGS: Mild gluteus medius tendinosis. No fracture.\n"
                "IMPRESSION: Gluteal tendinosis.\n",
            ),
        },
    )["repeat-imaging"]
    assert c.status == "met"
    assert any("MRI LEFT HIP" in q for q in shown(c)), shown(c)


def test_a_prior_lumbar_mri_is_quoted_with_its_exam_date_line(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-03-02",
        {
            "01_mri.txt": (
                "2025-09-15",
                "LAKESIDE IMAGING\nMRI LUMBAR SPINE WITHOUT CONTRAST\nExam date: 09/15/2025\n\n"
                "FINDINGS: L4-5 left paracentral disc protrusion contacting the left L5 root.\n"
                "IMPRESSION: L4-5 disc protrusion.\n",
            ),
            "02_office.txt": (
                "2026-02-17",
                EXAM_NOTE.format(day="02/17/2026").replace(
                    "PLAN:", "Symptoms unchanged since the September MRI.\n\nPLAN:"
                ),
            ),
        },
    )["repeat-imaging"]
    assert c.status == "not_met"
    assert any("Exam date: 09/15/2025" in q for q in shown(c)), shown(c)
