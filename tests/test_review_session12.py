"""Second review of 7b1d538..HEAD: red flags the six commits now miss, and one needs_review
that two compatible accounts now raise.  Invented packets; each test fails on HEAD and passes
with the review's fixes (guards pass on both).  Uses the brief_packet fixture of conftest.py.
"""

from __future__ import annotations

import pytest

MRI = "lumbar-spine-mri"
EXAM = "Exam: SLR negative bilaterally. Strength 5/5. Reflexes 2+. Sensation intact.\n"


def note(body: str) -> dict:
    return {
        "01_note.txt": (
            "2026-03-02",
            "SPINE CLINIC VISIT\nLow back pain for 4 weeks.\n" + body + EXAM,
        )
    }


# --- red flags read as absent, that are present -------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        # "negative" after a test's name is that test's result, not a screen of what follows
        "Urinalysis negative, new urinary retention since yesterday requiring catheterization.\n",
        "Straight leg raise negative, saddle anesthesia to pinprick noted today.\n",
        "SLR negative bilaterally, saddle anesthesia to pinprick noted today.\n",
        "Flu swab negative, fever to 102 with the back pain for three days.\n",
        # tamsulosin is what is started for a new retention, not a treated old bladder
        "Two days ago he developed urinary retention, was catheterized in the ED and started on "
        "tamsulosin.\n",
        "Urinary retention requiring catheterization, started on Flomax in the ED.\n",
        # a year of another event in the clause (an operation, hardware) is not the infection's
        "Epidural abscess at L3-4 next to the hardware placed in 2019.\n",
        "L4-5 discitis at the level of her 2019 fusion.\n",
        # a compression fracture is the spine's, whatever else its sentence names
        "She fell onto her hip yesterday and X-ray shows a compression fracture.\n",
        # "off"/"stopped" another drug does not stop the immunosuppression told after it
        "She is off all NSAIDs, on chronic prednisone for lupus.\n",
        "Stopped ibuprofen, HIV positive on ART.\n",
        # a normal finding of something else after the syndrome does not deny it
        "He has cauda equina syndrome symptoms, but strength is normal.\n",
        "Cauda equina syndrome, tone is normal.\n",
    ],
)
def test_red_flag_present_is_met(brief_packet, body):
    c = brief_packet(MRI, "2026-03-10", note(body))
    assert c["red-flags"].status == "met", c["red-flags"].rationale


@pytest.mark.parametrize(
    "exam_line",
    ["Neck: supple, no lymphadenopathy.\n", "Prior MRI: T2 hyperintense disc.\n"],
)
def test_recent_spinal_operation_is_not_the_necks_for_a_supple_neck(brief_packet, exam_line):
    c = brief_packet(
        MRI,
        "2026-03-10",
        {
            "01_note.txt": (
                "2026-03-02",
                "POST-OP VISIT\nBack pain is increasing since his spinal fusion on 2026-02-24.\n"
                + exam_line
                + EXAM,
            )
        },
    )
    assert c["red-flags"].status == "met", c["red-flags"].rationale


def test_a_report_seeing_no_malignancy_does_not_dispute_a_cancer_history(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-10",
        {
            "01_pcp.txt": (
                "2026-02-01",
                "PCP VISIT\nHistory of prostate cancer s/p prostatectomy 2019.\n"
                "New severe low back pain for 3 weeks, worse at night.\n" + EXAM,
            ),
            "02_xr.txt": (
                "2026-02-05",
                "XR LUMBAR SPINE\nIMPRESSION: Mild degenerative changes. "
                "No evidence of malignancy.\n",
            ),
        },
    )
    assert c["red-flags"].status == "met", c["red-flags"].rationale


# --- guards: what the six commits fixed stays fixed ------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "ROS: Negative weakness, negative chills, negative fever, negative night sweats.\n",
        "Negative fever. Negative saddle anesthesia.\n",
        "Past history:\n - Hypertension\n - Discitis of lumbar region        2009\n",
        "He is off of all immunosuppression since 2019.\n",
        "She fell and sustained a right hip fracture in January.\n",
    ],
)
def test_guard_not_a_red_flag(brief_packet, body):
    c = brief_packet(MRI, "2026-03-10", note(body))
    assert c["red-flags"].status == "not_met", c["red-flags"].rationale


def test_guard_cauda_equina_anatomy_normal(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-10",
        {
            **note(""),
            "02_mri.txt": (
                "2026-03-03",
                "MRI LUMBAR SPINE\nFINDINGS: The conus and cauda equina appear normal. Cauda "
                "equina nerve roots appear unremarkable.\nIMPRESSION: Mild L4-5 disc bulge.\n",
            ),
        },
    )
    assert c["red-flags"].status == "not_met", c["red-flags"].rationale


def test_guard_cervical_operation_is_no_lumbar_red_flag(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-10",
        {
            "01_note.txt": (
                "2026-03-02",
                "POST-OP VISIT\nCervical spine surgery follow-up.\nHe underwent a discectomy on "
                "2026-02-24.\nBack pain for 4 weeks.\n" + EXAM,
            )
        },
    )
    assert c["red-flags"].status == "not_met", c["red-flags"].rationale


def test_guard_explicit_denial_of_history_still_disputes(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-10",
        {
            "01_pcp.txt": (
                "2026-02-01",
                "PCP VISIT\nPMH: Breast cancer (L) 2016 - lumpectomy + XRT.\n"
                "New severe low back pain for 3 weeks, worse at night.\n" + EXAM,
            ),
            "02_spine.txt": (
                "2026-02-20",
                "SPINE CONSULT\nNew low back pain for 5 weeks. No personal history of cancer.\n"
                + EXAM,
            ),
        },
    )
    assert c["red-flags"].status == "needs_review", c["red-flags"].rationale
