"""Real-note writing of pain scores, prior-injection responses and therapy failure (classes
found by briefing real back-pain notes outside the labelled sets).  Every packet here is
invented for the test: a score after a rating verb or a change word, a range written with both
ends scaled, a worst/least score qualified after the number, dictation's words for a functional
limit, a prior epidural of another part of the spine, "did not get any relief", "improvement
which has persisted", and an operative indication's "unresponsive to extensive conservative
treatment"."""

from __future__ import annotations

import pytest

from casebrief.nlp.measurements import find_measurements

ESI = "lumbar-epidural-steroid-injection"
MRI = "lumbar-spine-mri"
REQ = "2026-03-02"

MRI_REPORT = (
    "2026-01-20",
    "LAKESIDE IMAGING\nEXAM: MRI LUMBAR SPINE WITHOUT CONTRAST   DATE: 01/20/2026\n\n"
    "IMPRESSION:\n1. L5-S1 right paracentral disc protrusion contacting the right S1 root.\n",
)


def _note(body: str) -> tuple[str, str]:
    return (
        "2026-02-16",
        "ORCHARD SPINE CLINIC\nFOLLOW-UP VISIT     DOS: 02/16/2026\n\n"
        "HPI: 51 y/o F with right buttock and leg pain radiating down the posterior thigh to "
        f"the heel. {body}\n"
        "EXAM: SLR positive on the right at 40 degrees. Ankle reflex diminished on the right.\n"
        "ASSESSMENT: Right S1 radiculopathy.\nPLAN: Request right S1 TFESI.\n",
    )


def _esi(brief_packet, body: str) -> dict:
    return brief_packet(ESI, REQ, {"01_mri.txt": MRI_REPORT, "02_note.txt": _note(body)})


def _pain(text: str) -> list[float]:
    return [m.value for m in find_measurements(text) if m.kind == "pain"]


# ------------------------------------------------- scores after a rating verb or change word


@pytest.mark.parametrize(
    "text, value",
    [
        ("Her back pain is dull and constant and is rated as a 5-6/10 today.", 5.5),
        ("The ache comes and goes and ranges from 4/10 to 8/10 in intensity.", 6.0),
        ("He says his pain level has since come down to roughly 5/10.", 5.0),
        ("His back pain is approximately 7 to 8 on a scale of 1 to 10.", 7.5),
    ],
)
def test_a_score_far_from_the_word_pain_is_read(text, value) -> None:
    assert value in _pain(text)


def test_a_change_from_one_score_to_another_is_not_a_range() -> None:
    assert 5.0 not in _pain("Pain went from 8/10 to 2/10 after the block.")


def test_worst_and_least_scores_told_after_the_number_are_not_current(brief_packet) -> None:
    c = _esi(
        brief_packet,
        "Her pain is sharp and burning and is rated as a 5/10 for her usual level, "
        "9/10 for her worst pain, and 2/10 for her least pain. She cannot sit for more than "
        "20 minutes.",
    )["pain-assessment"]
    assert c.status == "met", c.rationale
    assert c.value == 5.0


def test_the_score_the_pain_has_come_down_to_is_the_current_one(brief_packet) -> None:
    c = _esi(
        brief_packet,
        "At the January visit she rated her pain as 9/10. After a course of prednisone "
        "she reports her pain has decreased to about 3/10. She cannot sit for more than "
        "20 minutes.",
    )["pain-assessment"]
    assert c.status == "not_met", c.rationale
    assert c.value == 3.0


def test_a_procedure_table_score_is_not_the_current_one(brief_packet) -> None:
    c = _esi(
        brief_packet,
        "Pain 7/10 before the block; after the injection her pain decreased to 1/10. "
        "She cannot sit for more than 20 minutes.",
    )["pain-assessment"]
    assert c.value == 7.0


# ----------------------------------------------------------- functional limits in dictation


@pytest.mark.parametrize(
    "limit",
    [
        "Lifting limitations of 15 pounds at her warehouse job.",
        "The pain continues to affect her daily activities and sleep.",
    ],
)
def test_dictated_functional_limits_count(brief_packet, limit) -> None:
    c = _esi(brief_packet, f"She rates her pain 6/10. {limit}")["pain-assessment"]
    assert c.status == "met", c.rationale
    assert c.value == 6.0


@pytest.mark.parametrize(
    "limit",
    ["", "Work restrictions of no lifting over 10 pounds and limited bending and twisting."],
)
def test_a_score_with_no_limit_named_stays_missing(brief_packet, limit) -> None:
    c = _esi(brief_packet, f"She rates her pain 6/10. {limit}")["pain-assessment"]
    assert c.status == "missing", c.rationale


# ---------------------------------------------------------- a prior epidural of another region


@pytest.mark.parametrize(
    "prior",
    [
        "She had a cervical epidural steroid injection in 2024, which gave 80% relief for 6 "
        "months.",
        "Prior C5-6 interlaminar ESI in 2023 gave only 20% relief.",
        "She had a thoracic epidural steroid injection last year.",
    ],
)
def test_a_prior_epidural_of_the_neck_or_mid_back_is_not_a_lumbar_one(brief_packet, prior) -> None:
    c = _esi(brief_packet, prior)["prior-injection-response"]
    assert c.status == "not_applicable", c.rationale


def test_a_prior_lumbar_epidural_still_counts(brief_packet) -> None:
    c = _esi(brief_packet, "She had C5-6 and L5-S1 epidural steroid injections last year.")[
        "prior-injection-response"
    ]
    assert c.status == "missing", c.rationale


# ---------------------------------------------------------------- prior ESI response in words


def test_did_not_get_any_relief_is_not_met(brief_packet) -> None:
    c = _esi(brief_packet, "She had a right S1 TFESI in 10/2025 and did not get any relief.")[
        "prior-injection-response"
    ]
    assert c.status == "not_met", c.rationale


def test_improvement_which_has_persisted_lasts_to_the_note(brief_packet) -> None:
    c = _esi(
        brief_packet,
        "She had a right S1 TFESI on 09/10/2025 with 75% improvement which has persisted.",
    )["prior-injection-response"]
    assert c.status == "met", c.rationale


# ------------------------------------------------------------ therapy failure told of therapy


@pytest.mark.parametrize(
    "failure",
    [
        "He was unresponsive to extensive conservative treatment.",
        "He has failed several months of conservative management.",
        "He completed physical therapy in the fall and has plateaued.",
        "He completed physical therapy in the fall and continues to be symptomatic.",
    ],
)
def test_a_failure_told_of_the_therapy_itself_is_met(brief_packet, failure) -> None:
    c = brief_packet(
        MRI,
        REQ,
        {
            "01_note.txt": (
                "2026-02-16",
                "ORCHARD SPINE CLINIC\nOFFICE VISIT     DOS: 02/16/2026\n\n"
                "HPI: 47 y/o M with chronic low back pain. He did physical therapy from "
                f"09/2025 to 11/2025. {failure}\n"
                "EXAM: SLR negative bilaterally. Strength 5/5.\nPLAN: MRI lumbar spine.\n",
            )
        },
    )["therapy-failure"]
    assert c.status == "met", c.rationale


def test_a_conditional_failure_is_still_no_evidence(brief_packet) -> None:
    c = brief_packet(
        MRI,
        REQ,
        {
            "01_note.txt": (
                "2026-02-16",
                "ORCHARD SPINE CLINIC\nOFFICE VISIT     DOS: 02/16/2026\n\n"
                "HPI: 47 y/o M with chronic low back pain. He did physical therapy from "
                "09/2025 to 11/2025. If he fails conservative treatment we will consider "
                "injections.\nEXAM: SLR negative bilaterally.\n",
            )
        },
    )["therapy-failure"]
    assert c.status == "missing", c.rationale
