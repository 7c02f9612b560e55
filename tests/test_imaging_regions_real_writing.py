"""Imaging regions and exam criteria on real transcribed notes (classes found by briefing real
notes outside the labelled sets as ESI, lumbar MRI and TKA requests).

- a cervical MRI report's region-free sentences ("The residual canal measures 8 mm with
  effacement of the CSF cleft") counted as a lumbar study's read: imaging-concordant met (or
  not_met) for a lumbar injection whose packet holds no lumbar study (missing);
- "T spine" / "C spine" / "L spine" written with a space were not read as regions ("spine" made
  them lumbar): a thoracic MRI's "unremarkable" made lumbar imaging not_met;
- one study naming two regions ("MRI of her cervical spine and lumbar spine dated February of
  2004") was the neck's alone for its nearer word: a lumbar MRI in the window went unread;
- a knee film that denies significant arthritis ("no acute fracture or significant
  osteoarthritis") was no read at all (missing instead of not_met);
- a neurology case summary that opens "CC: ... HX: ... EXAM: ..." and has a "MRI L-SPINE:"
  section was typed an imaging report: its exam was not read as an exam.

Invented packets; none of the real notes' sentences.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def brief(brief_packet):
    """The shared packet briefer (tests/conftest.py) under this module's short name."""
    return brief_packet


CERVICAL_REPORT = (
    "EXAM:\nMRI CERVICAL SPINE WITHOUT CONTRAST\n"
    "CLINICAL: 61-year-old woman with neck pain.\n"
    "FINDINGS:\n"
    "C3-4: Mild disc desiccation. Normal canal and foramina.\n"
    "C5-6: There is a broad disc osteophyte complex.\n"
    "The remaining canal measures about 8 mm with effacement of the CSF around the cord.\n"
    "The disc protrusion produces slight flattening of the ventral thecal sac.\n"
    "C6-7: Uncovertebral spurring narrows the left foramen with likely contact on the\n"
    "exiting C7 root.\n"
    "IMPRESSION:\nMultilevel cervical spondylosis, worst at C5-6 and C6-7.\n"
)


def test_cervical_mri_report_is_no_lumbar_imaging(brief):
    c = brief(
        "lumbar-epidural-steroid-injection",
        "2026-03-01",
        {"01_mri.txt": ("2026-02-10", CERVICAL_REPORT)},
        cpt=["62323"],
        icd10=["M54.16"],
    )["imaging-concordant"]
    assert c.status == "missing"


def test_lumbar_mri_report_region_free_read_still_counts(brief):
    c = brief(
        "lumbar-epidural-steroid-injection",
        "2026-03-01",
        {
            "01_mri.txt": (
                "2026-02-10",
                "EXAM:\nMRI LUMBAR SPINE WITHOUT CONTRAST\n"
                "CLINICAL: Left leg pain.\nFINDINGS:\n"
                "Alignment is normal. Conus ends normally.\n"
                "There is a left paracentral disc extrusion compressing the traversing nerve "
                "root.\n"
                "IMPRESSION:\nLeft paracentral extrusion with nerve root compression.\n",
            )
        },
        cpt=["62323"],
        icd10=["M54.16"],
    )["imaging-concordant"]
    assert c.status == "met"


def test_spaced_t_spine_and_c_spine_are_not_lumbar(brief):
    c = brief(
        "lumbar-epidural-steroid-injection",
        "2026-03-01",
        {
            "01_consult.txt": (
                "2026-02-10",
                "NEUROLOGY CONSULTATION\n"
                "HISTORY OF PRESENT ILLNESS: He has unsteady gait for two months "
                "and intermittent mid back pain.\n"
                "RADIOLOGIC DATA: MRI by my review showed a normal T spine. The MRI of his C spine "
                "showed spondylosis with mild canal narrowing at C6-7.\n"
                "IMPRESSION: Possible myelopathy.\n",
            )
        },
        cpt=["62323"],
        icd10=["M54.16"],
    )["imaging-concordant"]
    assert c.status == "missing"


def _two_region_mri(brief, when: str):
    return brief(
        "lumbar-spine-mri",
        "2025-10-01",
        {
            "01_consult.txt": (
                "2025-09-20",
                "SPINE CONSULTATION\n"
                "HISTORY OF PRESENT ILLNESS: Long history of neck and low back pain. "
                f"She brings an MRI of her cervical spine and lumbar spine dated {when}. "
                "The lumbar study shows multilevel facet arthropathy.\n"
                "EXAM: Straight leg raise negative. Strength 5/5 in both legs. Reflexes 2+.\n"
                "PLAN: Discussed options.\n",
            )
        },
        cpt=["72148"],
        icd10=["M54.50"],
    )["repeat-imaging"]


def test_one_study_of_neck_and_low_back_is_a_lumbar_mri(brief):
    assert _two_region_mri(brief, "March of 2025").status == "not_met"


def test_one_study_of_neck_and_low_back_outside_window(brief):
    assert _two_region_mri(brief, "March of 2023").status == "met"


def test_knee_film_denying_significant_arthritis_is_not_met(brief):
    c = brief(
        "total-knee-arthroplasty",
        "2026-03-01",
        {
            "01_ime.txt": (
                "2026-02-10",
                "INDEPENDENT MEDICAL EXAMINATION\nHe twisted the right knee at work.\n"
                "RECORDS REVIEWED:\n1. X-rays of the right knee demonstrated no acute fracture or "
                "significant osteoarthritis, with a small effusion.\n",
            )
        },
        cpt=["27447"],
        icd10=["M17.11"],
    )["radiographic-severity"]
    assert c.status == "not_met"


CASE_SUMMARY = (
    "CC: ,Numbness of both feet.\n"
    "HX: ,This 30 y/o man noted tingling of both feet over two days. No bowel or bladder change.\n"
    "EXAM:\nDecreased pinprick sensation in both feet to the ankles. Strength full.\n"
    "LAB:\nRoutine labs normal.\n"
    "MRI L-SPINE:\nNormal.\n"
    "COURSE:\nSymptoms eased at the next visit.\n"
)


def test_case_summary_exam_is_an_exam(brief):
    c = brief(
        "lumbar-spine-mri",
        "2026-03-01",
        {"01_summary.txt": ("2026-02-15", CASE_SUMMARY)},
        cpt=["72148"],
        icd10=["M54.50"],
    )
    assert c["clinical-evaluation"].status == "met"
    # the summary's own "MRI L-SPINE:" section is the work-up's study, dated with the note
    assert c["repeat-imaging"].status == "not_met"


def test_study_listing_c_t_and_ls_spine_is_lumbar_too(brief):
    """ "MRI of the C & T spine and LS spine has been normal": the lumbar study is normal
    (not_met), not a thoracic study alone (missing) for its nearer "T spine"."""
    c = brief(
        "lumbar-epidural-steroid-injection",
        "2026-03-01",
        {
            "01_emg.txt": (
                "2026-02-10",
                "ELECTRODIAGNOSTIC CONSULTATION\nHISTORY: Low back pain since a fall last year. "
                "MRI of the C & T spine and LS spine has been normal. She has tingling in the left "
                "foot.\nIMPRESSION: Normal study.\n",
            )
        },
        cpt=["62323"],
        icd10=["M54.16"],
    )["imaging-concordant"]
    assert c.status == "not_met"
