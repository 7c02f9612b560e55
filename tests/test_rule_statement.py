"""A payer's rule quoted in the packet is not a course of the therapies it names.

Why: denials, appeals and checklists quote the rule they apply ("Our guideline requires at
least 6 weeks of conservative therapy ..., such as physical therapy or NSAIDs"); its length was
read as six weeks of PT and NSAIDs, met on a packet that documents no therapy at all.
"""

from __future__ import annotations

NOTE = """OFFICE VISIT
Date of service: 02/20/2026
Low back pain radiating to the left leg for 3 months.
Denies saddle anesthesia, bowel or bladder incontinence. No fever.
EXAM: Straight leg raise positive on the left at 40 degrees. Strength 5/5.
PLAN: MRI lumbar spine.
"""


def _denial(rule: str) -> str:
    return (
        "BLUE RIVER HEALTH PLAN\nNOTICE OF DENIAL\nDate: 03/01/2026\n"
        f"{rule}\nThe records we received do not show this.\n"
    )


def test_quoted_rule_is_no_therapy(brief_packet) -> None:
    rule = (
        "Our guideline requires at least 6 weeks of conservative therapy in the last 6 months, "
        "such as physical therapy or NSAIDs, before a lumbar MRI."
    )
    crit = brief_packet(
        "lumbar-spine-mri",
        "2026-03-05",
        {"01_denial.txt": ("2026-03-01", _denial(rule)), "02_note.txt": ("2026-02-20", NOTE)},
    )
    assert crit["conservative-therapy"].status != "met"


def test_a_course_told_beside_the_rule_still_counts(brief_packet) -> None:
    told = (
        "The member has completed the required 6 weeks of physical therapy and NSAIDs, "
        "at least as our guideline requires."
    )
    crit = brief_packet(
        "lumbar-spine-mri",
        "2026-03-05",
        {"01_denial.txt": ("2026-03-01", _denial(told)), "02_note.txt": ("2026-02-20", NOTE)},
    )
    assert crit["conservative-therapy"].status == "met"
