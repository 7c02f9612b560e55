"""Classes of error mined from real notes (mineR: ESI radicular pain, MRI therapy failure and red
flags), each shown in at least two invented wordings, with near-misses that must not change.

Every packet here is invented; none is MTSamples text."""

from __future__ import annotations

import pytest

ESI = "lumbar-epidural-steroid-injection"
MRI = "lumbar-spine-mri"
REQ = "2026-03-20"
NOTE = "2026-03-02"


def _esi(brief_packet, text):
    return brief_packet(ESI, REQ, {"02_office_note.txt": (NOTE, text)}, cpt=["62323"])


def _mri(brief_packet, text):
    return brief_packet(MRI, REQ, {"02_office_note.txt": (NOTE, text)}, cpt=["72148"])


# ---- 1. axial pain told without the words "back pain": radicular-pain not_met, not missing ----
@pytest.mark.parametrize(
    "text",
    [
        "OFFICE VISIT\nShe is a 58-year-old teacher. She complains of a "
        "backache for two months, worse with sitting.\n",
        "OFFICE VISIT\nHe reports aching in the lumbar area since he moved "
        "house. It is worse in the morning.\n",
        "OFFICE VISIT\nThe reported pain is at L4-5 and L5-S1, "
        "centrally. He rates it as moderate.\n",
        "OFFICE VISIT\nMr. Q has focal lower paralumbar pain on both "
        "sides after lifting a crate.\n",
    ],
)
def test_back_pain_in_other_words_is_axial(brief_packet, text):
    c = _esi(brief_packet, text)["radicular-pain"]
    assert c.status == "not_met", (c.status, c.rationale)
    assert c.evidence


def test_back_of_another_part_is_not_back_pain(brief_packet):
    # near-miss: "the back of her knee" is not the low back
    c = _esi(brief_packet, "OFFICE VISIT\nShe has pain at the back of her knee when she kneels.\n")[
        "radicular-pain"
    ]
    assert c.status == "missing", (c.status, c.rationale)


# ---- 2. pain placed in a named root's territory is radicular ----
@pytest.mark.parametrize(
    "text",
    [
        "OFFICE VISIT\nHe has low back pain in an L5 distribution on the left for six weeks.\n",
        "OFFICE VISIT\nShe describes a burning pain that follows the "
        "right S1 dermatome, worse with sitting.\n",
    ],
)
def test_pain_in_a_named_dermatome_is_radicular(brief_packet, text):
    c = _esi(brief_packet, text)["radicular-pain"]
    assert c.status == "met", (c.status, c.rationale)


def test_sensory_sign_in_a_dermatome_is_not_radicular_pain(brief_packet):
    # near-miss: a sensory finding in the L5 distribution beside axial pain stays axial
    c = _esi(
        brief_packet,
        "OFFICE VISIT\nChief complaint: low back pain for 2 months.\n"
        "Exam: decreased sensation to pinprick in the L5 distribution on the left.\n",
    )["radicular-pain"]
    assert c.status == "not_met", (c.status, c.rationale)


# ---- 3. "a history of longstanding/chronic ..." is the complaint she has now ----
@pytest.mark.parametrize(
    "text",
    [
        "OFFICE VISIT\nThe patient is a woman with a history of longstanding back, "
        "buttock, and leg pain. She walks with a cane.\n",
        "OFFICE VISIT\nThis 61-year-old man has a history of chronic low back pain "
        "shooting into the right calf. He drives a truck.\n",
    ],
)
def test_history_of_chronic_pain_is_current(brief_packet, text):
    c = _esi(brief_packet, text)["radicular-pain"]
    assert c.status == "met", (c.status, c.rationale)


def test_past_leg_pain_stays_past(brief_packet):
    # near-miss: a history of leg pain with no chronic word, gone now, is not current leg pain
    c = _esi(
        brief_packet,
        "OFFICE VISIT\nHe has a history of right leg pain in 2019.\n"
        "Today he has low back pain only.\n",
    )["radicular-pain"]
    assert c.status == "not_met", (c.status, c.rationale)


# ---- 4. a combined "ASSESSMENT AND PLAN:" heading does not make the assessment a plan ----
@pytest.mark.parametrize(
    "text",
    [
        "OFFICE VISIT\nBack pain for 3 months.\n"
        "ASSESSMENT AND PLAN: The patient is a man with sciatica on the left.\n",
        "OFFICE VISIT\nBack pain for 3 months.\n"
        "Impression and plan: Lumbar radiculopathy with pain down the right leg.\n",
    ],
)
def test_assessment_under_combined_heading_is_present(brief_packet, text):
    c = _esi(brief_packet, text)["radicular-pain"]
    assert c.status == "met", (c.status, c.rationale)


def test_plan_heading_still_plans(brief_packet):
    # near-miss: a plan's own heading keeps a possible future symptom hypothetical
    c = _esi(
        brief_packet,
        "OFFICE VISIT\nBack pain for 3 months.\n"
        "PLAN: Recheck in 4 weeks, sooner if leg pain develops.\n",
    )["radicular-pain"]
    assert c.status == "not_met", (c.status, c.rationale)


def test_therapy_under_combined_heading_is_still_planned(brief_packet):
    # near-miss: a therapy ordered under "ASSESSMENT AND PLAN" is not a therapy given
    c = _mri(
        brief_packet,
        "OFFICE VISIT\nLow back pain for 3 weeks. No prior treatment.\n"
        "ASSESSMENT AND PLAN: Start physical therapy twice weekly for 6 weeks.\n",
    )["conservative-therapy"]
    assert c.status != "met", (c.status, c.rationale, c.value)


# ---- 5. the symptoms outlast the therapy, told without "failed" or "persist" ----
THERAPY = (
    "OFFICE VISIT\nLow back pain. He took ibuprofen 600 mg three times "
    "daily from 12/01/2025 to 02/20/2026.\n"
)


@pytest.mark.parametrize(
    "said",
    [
        "The pain has been staying constant.",
        "His back still hurts, mostly in the morning.",
        "The pain is not controlled with ibuprofen.",
        "The back pain has not gone away.",
        "He is here today for further treatment of his back.",
        "He has had continued low back pain.",
    ],
)
def test_persistence_in_plain_words_is_inadequate_response(brief_packet, said):
    c = _mri(brief_packet, THERAPY + said + "\n")["therapy-failure"]
    assert c.status == "met", (c.status, c.rationale)


@pytest.mark.parametrize(
    "said, status",
    [
        ("Pain remains well controlled on ibuprofen.", "missing"),
        ("He was referred to physical therapy for further treatment.", "missing"),
        ("His back pain has resolved.", "not_met"),
        ("Plan: continued pain management with his primary doctor.", "missing"),
    ],
)
def test_control_resolution_and_referral_are_not_persistence(brief_packet, said, status):
    c = _mri(brief_packet, THERAPY + said + "\n")["therapy-failure"]
    assert c.status == status, (c.status, c.rationale)


# ---- 6. red flags told in plain words ----
NEW_PAIN = "OFFICE VISIT\nNew low back pain for 2 weeks after lifting.\n"


@pytest.mark.parametrize(
    "said",
    [
        "He has lost control of his bowels twice this week.",
        "She is losing control of her bladder.",
        "His left leg weakness is getting worse each day.",
        "She is getting progressively weaker in both legs.",
        "He has lost 25 pounds over 3 months without trying.",
        "She unintentionally lost 15 lb since spring.",
        "He has been on prednisone 20 mg daily for 2 years for lupus.",
        "Temperature 102.4 in the office today.",
        "She had a temperature of 101 degrees last night.",
    ],
)
def test_red_flags_in_plain_words(brief_packet, said):
    c = _mri(brief_packet, NEW_PAIN + said + "\n")["red-flags"]
    assert c.status == "met", (c.status, c.rationale)


@pytest.mark.parametrize(
    "said",
    [
        "His leg weakness is not getting worse.",
        "He has not lost control of his bladder.",
        "He took a prednisone taper for 6 days last month.",
        "Temperature 100.2 in the office today.",
        "He lost 30 pounds with diet and exercise.",
    ],
)
def test_red_flag_near_misses(brief_packet, said):
    c = _mri(brief_packet, NEW_PAIN + said + "\n")["red-flags"]
    assert c.status == "not_met", (c.status, c.rationale)


# ---- 7. pain-assessment: the scale named by its points, and a limit told as trouble ----
RADIATING = "OFFICE VISIT\nLow back pain radiating down the left leg to the ankle for 3 months.\n"


@pytest.mark.parametrize(
    "said, value",
    [
        ("She rates her pain a 6 on a 10-point scale. She has difficulty walking.", 6),
        ("He rated it an 8 on a ten-point pain scale. He is unable to work.", 8),
        ("Pain 6/10. He has trouble with bending and stooping.", 6),
        ("Pain 5/10. She has problems with prolonged sitting at her desk.", 5),
    ],
)
def test_pain_score_and_limit_in_other_words(brief_packet, said, value):
    c = _esi(brief_packet, RADIATING + said + "\n")["pain-assessment"]
    assert c.status == "met", (c.status, c.rationale)
    assert c.value == pytest.approx(value, abs=0.5)


def test_low_score_on_a_point_scale_stays_below_threshold(brief_packet):
    # near-miss: the new score form reads a low score as low
    c = _esi(
        brief_packet,
        RADIATING + "She rates her pain a 2 on a 10-point scale. She has difficulty walking.\n",
    )["pain-assessment"]
    assert c.status == "not_met", (c.status, c.rationale)
    assert c.value == pytest.approx(2, abs=0.5)


def test_trouble_sleeping_is_not_a_back_limit(brief_packet):
    # near-miss: "trouble sleeping" (an insomnia as often as a pain) is not read as the limit
    c = _esi(
        brief_packet, RADIATING + "Pain 6/10. She has trouble sleeping since her husband died.\n"
    )["pain-assessment"]
    assert c.status == "missing", (c.status, c.rationale)
