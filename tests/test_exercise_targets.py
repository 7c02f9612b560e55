"""An exercise's target is not the body region a therapy course treats.

A knee course is written "quad/hip strengthening, gait training"; a back course "knee-to-chest
stretches, hip flexor stretching".  Read as regions, those words made the knee's PT the hip's
(dev23ds-04: twelve visits of knee PT not counted) and would make the back's PT the knee's.
Invented packets.
"""

from __future__ import annotations

import pytest

from casebrief.facts.mentions import regions_in


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("PT 12 visits; quad/hip strengthening, gait training", set()),
        ("home program: knee-to-chest stretches, hip flexor stretching", set()),
        ("hip abductor strengthening exercises", set()),
        ("R hip pain with groin radiation", {"hip"}),
        ("L knee effusion, hip ROM full", {"knee", "hip"}),
    ],
)
def test_exercise_targets_name_no_region(text, named):
    assert set(regions_in(text)) == named


def test_knee_pt_with_hip_strengthening_counts_for_the_knee(brief_packet):
    """Meloxicam and twelve weeks of PT whose exercises name the hip: two modalities, met."""
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-04-01",
        {
            "01_ortho.txt": (
                "2026-03-24",
                "ORTHOPAEDIC CONSULTATION\n"
                "CC: right knee pain for 5 years, end-stage OA on films.\n"
                "\n"
                "NONOPERATIVE TREATMENT:\n"
                " - Meloxicam 15 mg daily since 11/03/2025, partial relief only.\n"
                " - PT 11/10/2025 - 02/20/2026, 14 visits; quad/hip strengthening, gait\n"
                "   training - no lasting benefit.\n"
                "\n"
                "EXAM: R knee varus, medial joint line tenderness, ROM 5-105.\n",
            ),
        },
    )["conservative-therapy-12wk"]
    assert c.status == "met"
    assert any("quad/hip strengthening" in e.quote for e in c.evidence + c.more_evidence)


def test_back_pt_with_knee_to_chest_stretches_counts_for_the_back(brief_packet):
    """Seven weeks of PT for low back pain, told in a spine consult by its home program, which
    names the knee and the hip."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-03-15",
        {
            "01_spine_consult.txt": (
                "2026-03-02",
                "SPINE CONSULTATION\n"
                "HPI: low back pain radiating down the left leg since October.\n"
                "Treatment so far:\n"
                " - PT 01/05/2026 - 02/27/2026, 12 visits, knee-to-chest and hip flexor\n"
                "   stretching - no relief.\n"
                "EXAM: SLR positive on the left at 40 degrees; L5 sensation decreased.\n",
            ),
        },
    )["conservative-therapy"]
    assert c.status == "met"
