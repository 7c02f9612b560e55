"""dev23 red-flag classes (helper diagC): findings that are history, accounts that disagree.

- a personal history of cancer counted as the malignancy red flag beside back pain the record
  calls long-standing and stable (policies.md: a cancer history *with new back pain*);
- a fracture told as old -- healed, of a foot or wrist bone, dated to a past year -- counted
  as the suspected-fracture red flag;
- a new bladder sign told in plain words ("leaking urine") was no red flag at all, and one
  that a later physician's note denies was read as settled either way, not as the records'
  disagreement;
- a start date of another item in a list ("gabapentin (started 11/2025), ..., acetaminophen
  prn"; "PT in 2019; gabapentin since 11/2025") dated the therapy named beside it.

Invented packets, none of the batch's text.  Each test fails before the fix.
"""

from __future__ import annotations

MRI = "lumbar-spine-mri"

EXAM = (
    "Exam: SLR negative bilaterally. Strength 5/5 in both legs. Reflexes 2+ and symmetric. "
    "Sensation intact.\n"
)


def test_old_cancer_beside_longstanding_stable_back_pain_is_no_red_flag(brief_packet):
    """A colon cancer of 2014, disease-free, and back pain of many years that the note calls
    long-standing and unchanged: no suspected malignancy, so conservative care is not waived."""
    c = brief_packet(
        MRI,
        "2026-05-04",
        {
            "01_spine.txt": (
                "2026-04-20",
                "Spine clinic, in-person visit.\n"
                "HPI: 71 yo man with about 6 years of low back pain, aching, into the right "
                "buttock, no change in pattern.\n"
                "Oncology: colon cancer 2014, resected, disease-free on his 2025 colonoscopy.\n"
                "Red flags: low back pain long-standing and unchanged; no new or night pain. "
                "Denies saddle numbness, bladder or bowel change, fever, weight loss.\n"
                + EXAM
                + "Plan: MRI lumbar spine.\n",
            ),
        },
    )
    assert c["red-flags"].status == "not_met"
    assert c["conservative-therapy"].status != "not_applicable"


def test_healed_foot_fracture_dated_to_a_past_year_is_no_red_flag(brief_packet):
    """A bone scan's healed metatarsal fracture "from 2023" is another bone's old injury, not a
    suspected fracture of the spine."""
    c = brief_packet(
        MRI,
        "2026-03-16",
        {
            "01_bone_scan.txt": (
                "2025-12-02",
                "NUCLEAR MEDICINE BONE SCAN\n"
                "Indication: low back pain in a distance runner.\n"
                "Findings: No abnormal uptake in the lumbar spine or sacrum.\n"
                "Mildly increased uptake at the right fifth metatarsal, in keeping with a "
                "runner's 2023 stress fracture.\n",
            ),
            "02_sports.txt": (
                "2026-03-09",
                "Sports medicine visit, in clinic.\n"
                "Low back pain for 3 months. No trauma, no falls. Denies saddle numbness, "
                "bowel or bladder change, fever, weight loss.\n" + EXAM,
            ),
        },
    )
    assert c["red-flags"].status == "not_met"


def test_fracture_of_an_ankle_long_ago_is_no_red_flag(brief_packet):
    """ "Left ankle fracture at age 30 (ORIF)" beside a gardening strain: an old injury of
    another bone, not a suspected fracture of the spine."""
    c = brief_packet(
        MRI,
        "2026-03-16",
        {
            "01_pcp.txt": (
                "2026-03-02",
                "Office visit, in person.\n"
                "Low back pain for 10 weeks after gardening. Other injuries: left ankle "
                "fracture at age 30 (ORIF).\n"
                "Denies saddle numbness, bowel or bladder change, fever, weight loss.\n" + EXAM,
            ),
        },
    )
    assert c["red-flags"].status == "not_met"


def test_new_bladder_leak_told_in_plain_words_then_denied_later_is_disputed(brief_packet):
    """A therapist records new urine leaking this week; the physician's review of systems three
    days later says negative for incontinence: the records disagree on the waiving fact."""
    c = brief_packet(
        MRI,
        "2026-02-27",
        {
            "01_pt.txt": (
                "2026-02-16",
                "Physical therapy re-evaluation, visit 10.\n"
                "Patient reports new leaking urine for the past 4 days, twice at work. "
                "Referred back to his physician.\n",
            ),
            "02_md.txt": (
                "2026-02-19",
                "Office visit, in person.\n"
                "ROS: GU: Negative for dysuria, urinary incontinence, retention.\n" + EXAM,
            ),
        },
    )
    assert c["red-flags"].status == "needs_review"
    assert c["conservative-therapy"].status != "not_applicable"


def test_new_incontinence_denied_by_a_later_note_is_disputed(brief_packet):
    """The chiropractor's "new urinary incontinence since Monday", and the physician's "denies
    bladder incontinence" a week later: needs_review, not met on the first account alone."""
    c = brief_packet(
        MRI,
        "2026-02-27",
        {
            "01_chiro.txt": (
                "2026-02-10",
                "Chiropractic re-exam.\n"
                "New urinary incontinence since Monday per patient. Advised to see his MD.\n",
            ),
            "02_md.txt": (
                "2026-02-17",
                "Office visit, in person.\n"
                "Denies saddle numbness, bladder incontinence or retention.\n" + EXAM,
            ),
        },
    )
    assert c["red-flags"].status == "needs_review"


def test_a_list_items_start_date_does_not_date_the_therapy_beside_it(brief_packet):
    """Gabapentin's start date, in its own brackets or its own item, is not when the
    as-needed acetaminophen began, nor when a PT course of 2018 ran."""
    c = brief_packet(
        MRI,
        "2026-04-20",
        {
            "01_pcp.txt": (
                "2026-03-16",
                "Office visit, in person.\n"
                "Low back pain and left leg burning for 3 years, unchanged.\n"
                "Treatment: heat; PT in 2018; gabapentin 300 qhs since 10/2025 with modest help.\n"
                "Meds: lisinopril 10, gabapentin 300 mg qhs (started by me 10/2025 for the "
                "burning), vitamin D, acetaminophen prn.\n"
                "Denies saddle numbness, bowel or bladder change, fever, weight loss.\n" + EXAM,
            ),
        },
    )
    cons = c["conservative-therapy"]
    assert cons.status == "not_met"
    assert (cons.value or 0) < 6
