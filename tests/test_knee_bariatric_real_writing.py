"""Real operative and pre-operative knee notes tell the pain's limitation in ways the rules
under-read (mined from MTSamples knee notes).  The sentences are invented; each stands for a
class of writing, not a phrase to match.  Uses the suite's ``brief_packet`` fixture
(tests/conftest.py): the packet is briefed by the real pipeline."""

from __future__ import annotations

import pytest


def _tka(brief_packet, text: str):
    return brief_packet(
        "total-knee-arthroplasty",
        "2026-03-01",
        {
            "op.txt": (
                "2026-02-16",
                "PREOPERATIVE NOTE\n" + text + "\nPLAN: Right total knee arthroplasty.\n",
            )
        },
    )["functional-limitation"]


@pytest.mark.parametrize(
    "sentence",
    [
        "HISTORY: 66-year-old man with right knee pain, instability and difficulty with "
        "ambulation.",
        "He reports worsening knee pain and trouble in ambulation over the past year.",
        "Right knee pain with difficulties in community ambulation despite injections.",
    ],
)
def test_walking_named_as_a_noun_is_a_limitation(brief_packet, sentence: str) -> None:
    c = _tka(brief_packet, sentence)
    assert c.status == "met", c.rationale


def test_denied_difficulty_with_ambulation_is_still_not_a_limitation(brief_packet) -> None:
    c = _tka(brief_packet, "Mild right knee pain. She denies any difficulty with ambulation.")
    assert c.status != "met", c.rationale


@pytest.mark.parametrize(
    "sentence",
    [
        "BRIEF HISTORY: 70-year-old woman with a history of left knee pain for a decade, "
        "steadily worse, with decreasing ADLs.",
        "The patient has a long history of bilateral knee pain and difficulty walking, "
        "now progressive.",
    ],
)
def test_the_hpi_history_of_chronic_pain_carries_a_current_limitation(
    brief_packet, sentence: str
) -> None:
    c = _tka(brief_packet, sentence)
    assert c.status == "met", c.rationale


def test_a_dietitians_carbohydrate_teaching_visit_is_a_nutrition_evaluation(brief_packet) -> None:
    """A dietary consultation counts as the RD's evaluation with no credential printed
    (real/README); its work may be told as a diet history, meal planning and carbohydrate
    counting rather than food records and calorie counts."""
    c = brief_packet(
        "bariatric-surgery",
        "2026-03-01",
        {
            "diet.txt": (
                "2026-02-10",
                "SUBJECTIVE: 51-year-old man seen today for a dietary consultation before "
                "weight-loss surgery.\n"
                "OBJECTIVE: We took a diet history covering a typical weekday. We reviewed "
                "carbohydrate counting with label reading, and went through meal planning for "
                "the pre-operative liquid phase.\n"
                "PLAN: Follow up in one month.\n",
            )
        },
    )["nutrition-evaluation"]
    assert c.status == "met", c.rationale
