"""Safer judgement: when the packet disagrees with itself, the brief says needs_review and cites
both sides, instead of taking one side as `met`."""

from __future__ import annotations


def test_two_reads_of_the_same_mri_that_disagree_need_review(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-02-01",
        {
            "01_mri.txt": (
                "2026-01-05",
                "MRI LUMBAR SPINE WITHOUT CONTRAST\nFINDINGS: Mild disc desiccation at L4-5.\n"
                "IMPRESSION: No neural compromise. No significant stenosis.\n",
            ),
            "02_surgeon.txt": (
                "2026-01-20",
                "SPINE SURGERY CONSULT\nHPI: Left leg pain radiating to the foot for 8 weeks.\n"
                "I reviewed the MRI images myself: the MRI shows a left L4-5 disc extrusion "
                "compressing the traversing L5 nerve root.\n",
            ),
        },
    )
    c = criteria["imaging-concordant"]
    assert c.status == "needs_review", c.rationale
    assert len({e.document_id for e in c.evidence}) == 2  # both reads are cited


def test_an_old_normal_mri_before_a_new_herniation_is_history(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-02-01",
        {
            "01_mri_2023.txt": (
                "2023-03-05",
                "MRI LUMBAR SPINE\nIMPRESSION: Unremarkable MRI of the lumbar spine.\n",
            ),
            "02_mri_2026.txt": (
                "2026-01-05",
                "MRI LUMBAR SPINE\nIMPRESSION: Right L5-S1 disc protrusion contacting the "
                "descending right S1 nerve root.\n",
            ),
        },
    )
    assert criteria["imaging-concordant"].status == "met"


def test_therapy_a_later_note_says_was_never_given_needs_review(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-02-15",
        {
            "01_pt.txt": (
                "2026-01-05",
                "PHYSICAL THERAPY DISCHARGE SUMMARY\nThe patient attended physical therapy "
                "from 10/01/2025 to 12/20/2025 for low back pain, 16 visits.\n",
            ),
            "02_office.txt": (
                "2026-02-10",
                "OFFICE VISIT\nHPI: Low back pain for 5 months. She has never had physical "
                "therapy. Takes no medication.\nEXAM: Straight leg raise negative bilaterally.\n",
            ),
        },
    )
    c = criteria["conservative-therapy"]
    assert c.status == "needs_review", c.rationale
    assert len({e.document_id for e in c.evidence}) == 2
