"""The missing/not_met boundary of care and psych clearance on real transcribed notes (classes
found by briefing real notes outside the labelled sets as bariatric, TKA and spine requests):

- a knee word used as a level ("numbness from just above the knees distally", "radiating below
  the knee", "below-knee amputation") made a neuropathy record a knee record, so its opioid and
  cane were counted as knee care: not_met at 0 weeks instead of missing;
- a revocation or withdrawal that is not about a clearance ("her 90-day legal release was
  revoked", "denies withdrawal history") in a psychiatric report was read as the evaluator
  withdrawing surgical clearance: psych-evaluation not_met instead of missing.

Invented packets; none of the real notes' sentences.
"""

from __future__ import annotations

NEUROPATHY = (
    "NEUROLOGY CONSULTATION\n"
    "Reason: burning feet and unsteady walking.\n"
    "HISTORY: A 66-year-old man with long-standing diabetes has numbness that has climbed "
    "from his toes to just above the knees over five years. Pregabalin did not help and "
    "tramadol gives him some relief at night. He uses a cane because he cannot feel the "
    "ground. He denies any back pain.\n"
    "EXAM: Pinprick is reduced below the knees bilaterally and vibration is absent at the "
    "ankles. Ankle jerks are absent. Romberg is positive.\n"
    "IMPRESSION: Length-dependent diabetic polyneuropathy.\n"
)


def test_knee_as_a_sensory_level_does_not_make_neuropathy_care_knee_care(brief_packet) -> None:
    """The tramadol and the cane treat the neuropathy; the knees are only where the numbness
    stops.  Nothing addresses knee care: missing, not not_met."""
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-06-01",
        {"01_neuro.txt": ("2026-05-10", NEUROPATHY)},
    )["conservative-therapy-12wk"]
    assert c.status == "missing"


def test_knee_care_is_still_knee_care(brief_packet) -> None:
    """The same kind of writing about the knee itself still counts (guards the fix)."""
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-06-01",
        {
            "01_ortho.txt": (
                "2026-05-10",
                "ORTHOPEDIC VISIT\nRight knee osteoarthritis with pain on stairs. She takes "
                "tramadol for the knee pain and walks with a cane. No dates were given for "
                "either.\n",
            )
        },
    )["conservative-therapy-12wk"]
    assert c.status == "not_met"


PSYCH_ADMISSION = (
    "PSYCHIATRIC ADMISSION EVALUATION\n"
    "IDENTIFYING DATA: 41-year-old woman brought in by police.\n"
    "HISTORY: She stopped her mood stabilizer a month ago and her conditional release was "
    "revoked last week after she left the group home. She has not slept for four days. "
    "She denies withdrawal symptoms and denies alcohol use.\n"
    "MENTAL STATUS: Pressured speech, grandiose, poor insight.\n"
    "ASSESSMENT: Bipolar I disorder, current episode manic, severe.\n"
    "PLAN: Admit, restart lithium.\n"
)


def test_revoked_legal_release_is_not_a_withdrawn_clearance(brief_packet) -> None:
    """A psychiatric admission that never mentions surgery decides nothing about it: the
    preoperative evaluation is missing, not a refusal (not_met)."""
    c = brief_packet(
        "bariatric-surgery",
        "2026-06-01",
        {"01_psych.txt": ("2026-05-10", PSYCH_ADMISSION)},
    )["psych-evaluation"]
    assert c.status == "missing"


def test_withdrawn_clearance_still_refuses(brief_packet) -> None:
    """A psychologist who withdraws a bariatric clearance still makes the criterion not_met
    (guards the narrowed cue)."""
    c = brief_packet(
        "bariatric-surgery",
        "2026-06-01",
        {
            "01_psych.txt": (
                "2026-05-10",
                "PSYCHOLOGICAL EVALUATION FOR BARIATRIC SURGERY\n"
                "Since the last visit she has resumed binge drinking. My earlier clearance "
                "for gastric bypass is withdrawn at this time.\n",
            )
        },
    )["psych-evaluation"]
    assert c.status == "not_met"
