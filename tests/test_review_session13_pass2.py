"""Second review (rev2): the other-side imaging rule of 33966c9 (imaging_findings, "other_side")
read a spinal finding's side from the whole sentence, and for an unsided sentence from any line
above it in the paragraph (side_of_heading, a knee report's "RIGHT KNEE:" heading).  A central
protrusion beside a contralateral foraminal narrowing, a central protrusion on the line under
another level's right-sided read, and a large extrusion compressing the cauda equina were all
made not_met for one-sided symptoms.  Every packet is invented."""

from __future__ import annotations

import pytest

ESI = "lumbar-epidural-steroid-injection"
REQ = "2026-05-04"


def _mri(findings: str) -> tuple[str, str]:
    return (
        "2026-02-10",
        "RIVERBEND IMAGING\nEXAM: MRI LUMBAR SPINE WITHOUT CONTRAST   DATE: 02/10/2026\n"
        f"FINDINGS:\n{findings}\nIMPRESSION:\nDegenerative changes as above.\n",
    )


CONSULT = (
    "2026-04-22",
    "MAPLE RIDGE PAIN CENTER\nNEW PATIENT CONSULTATION     DOS: 04/22/2026\n\n"
    "HPI: 58 y/o M with left leg pain radiating from the left buttock down the posterior thigh "
    "and lateral calf to the dorsum of the foot since January. Pain 7/10. He cannot walk more "
    "than one block and has difficulty with stairs.\n"
    "Meloxicam 15 mg daily since 01/12/2026, still taking, with no meaningful relief.\n"
    "EXAM: SLR positive on the left at 45 degrees. Decreased light touch left dorsum of foot.\n"
    "ASSESSMENT: Left L5 radiculopathy. No prior epidural steroid injections.\n"
    "PLAN: Request L4-5 interlaminar ESI.\n",
)


@pytest.mark.parametrize(
    "findings",
    [
        # the protrusion is central; only the foraminal narrowing beside it is on the right
        "L4-L5: Central disc protrusion with mild right foraminal narrowing.",
        # an unsided sentence after one that names the right, on the same line
        "L4-L5: Broad-based disc bulge and facet hypertrophy causing moderate right neural "
        "foraminal stenosis. Small central disc protrusion contacts the descending L5 roots.",
        # an unsided level under a line that names the right (no blank line between levels)
        "L3-L4: Mild right facet arthropathy.\nL4-L5: Mild disc bulge. Mild right foraminal "
        "narrowing.\nL5-S1: Central disc protrusion abutting the traversing S1 nerve roots.",
        # a large extrusion compressing the cauda equina explains either leg
        "L4-5: Large disc extrusion, more prominent on the right, with severe spinal canal "
        "stenosis and compression of the cauda equina.",
    ],
)
def test_a_midline_or_unsided_finding_is_not_read_as_the_other_side(brief_packet, findings):
    c = brief_packet(ESI, REQ, {"01_mri.txt": _mri(findings), "02_consult.txt": CONSULT})
    assert c["imaging-concordant"].status == "met", c["imaging-concordant"].rationale


MRI_SEQUENCES = (
    "2026-03-02",
    "{title}\nTECHNIQUE: Sagittal and axial T1 and T2 weighted images without contrast.\n"
    "FINDINGS: Large left paracentral disc extrusion contacting the descending nerve root.\n"
    "Moderate left foraminal stenosis.\n"
    "IMPRESSION: Left paracentral extrusion contacting the descending root.\n",
)


@pytest.mark.parametrize("title", ["MRI LUMBAR SPINE WO", "MRI L/S SPINE WO CONTRAST"])
def test_sequence_names_are_no_thoracic_levels(brief_packet, title) -> None:
    """ "T1 and T2 weighted images" name MRI sequences, not thoracic levels: read as levels they
    made a lumbar MRI report 'about' the thoracic spine and dropped its level-free findings."""
    day, text = MRI_SEQUENCES
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-03-20",
        {
            "01_mri.txt": (day, text.format(title=title)),
            "02_consult.txt": (
                "2026-03-10",
                "PAIN CLINIC\nLeft leg pain radiating down the back of the thigh to the foot. "
                "SLR positive on the left. Pain 7/10, cannot sit more than 20 minutes.\n",
            ),
        },
    )["imaging-concordant"]
    assert c.status == "met", c.rationale
