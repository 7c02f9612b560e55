"""dev24 batch (helper diagA): two accounts of one past treatment's result that disagree go to
a reviewer.

- a prior epidural's relief told by one record as enough and by another, in the patient's own
  words as a nurse or therapist quotes them, as nothing at all ("did nothing", "didn't do a
  thing"), a small share ("took the edge off maybe 20%") or a short time ("helped a couple
  weeks", "back within a week") is needs_review -- also when the first account gives only its
  percent or only its length, as long as the two contradict each other on what both tell;
- a relief length told in a patient's words ("close to six months") or as the day it ended
  without a year ("until around Thanksgiving that year", for an injection known to its month
  two years back) is read;
- accounts that agree, a vague one beside a specific one, a relief told in two compatible
  halves, another kind of injection's or another episode's result are no rivals;
- a psychologist's clearance "held" until a course of CBT, as the surgeon relays it, is no
  clearance, and beside the psychologist's own "cleared" the two disagree.

Every text is invented for the test.
"""

from __future__ import annotations

import pytest

ESI = "lumbar-epidural-steroid-injection"

CONSULT_ENOUGH = (
    "2026-01-12",
    "SPINE CLINIC - OFFICE VISIT\n"
    "History: right L5-S1 TFESI on 03/04/2025 gave about 75% relief of the leg pain that "
    "lasted about four months. Leg pain is back.\n"
    "Pain NRS 7/10. Cannot sit more than 20 minutes.\n",
)


def _pt_note(sentence: str) -> tuple[str, str]:
    return (
        "2025-10-20",
        "RIVERSIDE PHYSICAL THERAPY - INITIAL EVALUATION\n"
        "S: 52 yo with R leg pain. " + sentence + "\n"
        "O: Lumbar flexion limited 50%. SLR positive on the right at 40 degrees.\n",
    )


@pytest.mark.parametrize(
    "sentence",
    [
        'Pt says the back shot he got in March "did nothing at all."',
        'Pt states the epidural "didn\'t do a darn thing" for his leg.',
        "He reports the injection in the spring didn't help at all.",
        "Had an ESI earlier this year. He says it made no difference whatsoever.",
    ],
)
def test_no_effect_in_the_patients_words_disagrees(brief_packet, sentence) -> None:
    c = brief_packet(
        ESI, "2026-01-20", {"01_pt.txt": _pt_note(sentence), "02_consult.txt": CONSULT_ENOUGH}
    )["prior-injection-response"]
    assert c.status == "needs_review", (c.status, c.rationale)


@pytest.mark.parametrize(
    "sentence",
    [
        'Pt states the shot "took the edge off maybe 20%" and then it was gone.',
        "The epidural helped a couple weeks, he says, then the pain came right back.",
        "He tells me the injection wore off and the leg pain was back within a week.",
    ],
)
def test_a_small_share_or_a_short_time_in_the_patients_words_disagrees(
    brief_packet, sentence
) -> None:
    c = brief_packet(
        ESI, "2026-01-20", {"01_pt.txt": _pt_note(sentence), "02_consult.txt": CONSULT_ENOUGH}
    )["prior-injection-response"]
    assert c.status == "needs_review", (c.status, c.rationale)


@pytest.mark.parametrize(
    ("high", "low"),
    [
        # a percent that meets, its length not given, against no relief at all
        (
            "She had a left L4-5 TFESI in March 2025 and tells me it gave about 80% relief.",
            "She states the epidural injection did absolutely nothing for her.",
        ),
        # a percent that meets against a percent short of it
        (
            "Prior L4-5 ESI 03/2025 with roughly 70% improvement per patient.",
            'Pt reports the ESI "maybe helped 25%".',
        ),
        # a length that meets, no percent, against no relief
        (
            "The prior epidural injection gave her relief for about five months.",
            'Patient says the epidural shot "didn\'t do a thing."',
        ),
    ],
)
def test_accounts_that_contradict_on_what_both_tell(brief_packet, high, low) -> None:
    c = brief_packet(
        ESI,
        "2026-01-20",
        {
            "01_pt.txt": _pt_note(low),
            "02_consult.txt": (
                "2026-01-12",
                "SPINE CLINIC - OFFICE VISIT\nHistory: " + high + "\nPain NRS 7/10.\n",
            ),
        },
    )["prior-injection-response"]
    assert c.status == "needs_review", (c.status, c.rationale)


@pytest.mark.parametrize(
    "told",
    [
        "gave about 80% relief that lasted close to six months",
        "gave about 80% relief that lasted almost five months",
        "gave about 80% relief that lasted a good four months",
    ],
)
def test_relief_length_in_the_patients_words(brief_packet, told) -> None:
    c = brief_packet(
        ESI,
        "2026-01-20",
        {
            "01_consult.txt": (
                "2026-01-12",
                "SPINE CLINIC - OFFICE VISIT\nShe had a left L4-5 TFESI in March 2025 and "
                f"says it {told}.\nPain NRS 7/10.\n",
            )
        },
    )["prior-injection-response"]
    assert c.status == "met", (c.status, c.rationale)


UNTIL_A_HOLIDAY = (
    "2025-11-03",
    "PAIN CLINIC - NEW PATIENT\n"
    "- Injections: L L5-S1 TFESI 05/2023 at an outside clinic, which per pt gave about 70% "
    'relief that lasted "until around Thanksgiving" that year. Records requested.\n'
    "Pain NRS 6/10.\n",
)


def test_relief_until_a_yearless_day_counts_from_the_injection_month(brief_packet) -> None:
    """Thanksgiving after a 05/2023 injection is that year's (about six months), not the one
    before the note (two and a half years)."""
    c = brief_packet(ESI, "2025-11-20", {"01_consult.txt": UNTIL_A_HOLIDAY})[
        "prior-injection-response"
    ]
    assert c.status == "met", (c.status, c.rationale)
    assert "6." in c.rationale or "5." in c.rationale, c.rationale


def test_relief_until_a_yearless_day_against_a_nurses_weeks(brief_packet) -> None:
    c = brief_packet(
        ESI,
        "2025-11-20",
        {
            "01_consult.txt": UNTIL_A_HOLIDAY,
            "02_intake.txt": (
                "2025-11-03",
                "NURSING INTAKE\nPrevious procedures: back injection 2023. Pt states "
                '"it helped maybe 2 weeks then the pain came back."\n',
            ),
        },
    )["prior-injection-response"]
    assert c.status == "needs_review", (c.status, c.rationale)


@pytest.mark.parametrize(
    ("other", "status"),
    [
        # accounts that agree
        ('Pt says the injection "helped a lot, for several months."', "met"),
        # one vague and compatible
        ("Says he had a back shot last year, thinks it helped, no details.", "met"),
        # another kind of injection's result
        ('Pt says the SI joint injection last fall "did nothing at all."', "met"),
        # another episode, dated years apart
        ("He had an epidural in 2019 for a different flare, which did nothing.", "met"),
        # another treatment's result beside a planned injection
        ("PT last year did nothing for him; he wants the injection again.", "met"),
    ],
)
def test_no_rival(brief_packet, other, status) -> None:
    c = brief_packet(
        ESI, "2026-01-20", {"01_pt.txt": _pt_note(other), "02_consult.txt": CONSULT_ENOUGH}
    )["prior-injection-response"]
    assert c.status == status, (c.status, c.rationale)


def test_two_compatible_halves_are_not_a_dispute(brief_packet) -> None:
    """ "70% relief" in one note and "lasted only 3 weeks" in another: one injection's relief
    told in two halves, short of the months asked -- not met, not a dispute."""
    c = brief_packet(
        ESI,
        "2026-01-20",
        {
            "01_pt.txt": _pt_note("The epidural injection relief lasted only 3 weeks."),
            "02_consult.txt": (
                "2026-01-12",
                "SPINE CLINIC - OFFICE VISIT\nHistory: right L5-S1 TFESI on 03/04/2025 "
                "gave about 70% relief.\nPain NRS 7/10.\n",
            ),
        },
    )["prior-injection-response"]
    assert c.status == "not_met", (c.status, c.rationale)


PROGRAM = (
    "HILLCREST MEDICAL WEIGHT PROGRAM\n"
    "Physician-supervised weight program - visit log\n"
    "Supervising physician: Noor Patel, MD\n\n"
    "Date        Wt (lb)  BMI   Counseling\n"
    "06/03/2025  270      43.6  Intake, 1500 kcal plan, food log\n"
    "07/01/2025  267      43.1  diet and activity counseling\n"
    "08/05/2025  265      42.8  diet and activity counseling\n"
    "09/02/2025  262      42.3  diet and activity counseling\n"
    "10/07/2025  260      42.0  diet and activity counseling\n"
    "11/04/2025  258      41.6  diet and activity counseling\n"
    "12/02/2025  256      41.3  final program visit\n"
)

PSYCH_CLEARED = (
    "2025-11-10",
    "NORTHGATE BEHAVIORAL HEALTH\n"
    "PRE-SURGICAL PSYCHOLOGICAL EVALUATION - BARIATRIC SURGERY\n"
    "Evaluator: Lena Ostrow, PsyD, Licensed Psychologist\n\n"
    "Mild binge-eating features. Good support at home.\n\n"
    "RECOMMENDATION: From a psychological standpoint Ms. Arden is cleared to proceed with "
    "bariatric surgery. A short course of CBT is advised, before or after surgery.\n",
)


@pytest.mark.parametrize(
    "relayed",
    [
        "Spoke with Dr. Ostrow by phone 12/15/25 - she is holding psychological clearance "
        "until the patient completes 6 sessions of CBT.",
        "Per phone call with Dr. Ostrow 12/15/25, her clearance is being withheld until "
        "six CBT sessions are done.",
        "Dr. Ostrow called 12/15/25: she is withholding her clearance pending CBT for binge "
        "eating.",
    ],
)
def test_a_clearance_held_back_disagrees_with_the_report(brief_packet, relayed) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-01-20",
        {
            "01_program.txt": ("2025-12-02", PROGRAM),
            "02_psych.txt": PSYCH_CLEARED,
            "03_surgeon.txt": (
                "2026-01-05",
                "NORTHGATE BARIATRIC SURGERY - PRE-OP VISIT\n"
                "Surgeon: Pavel Rusk, MD\n\n"
                "Psych: " + relayed + "\n\nPlan: sleeve gastrectomy once requirements are met.\n",
            ),
        },
    )["psych-evaluation"]
    assert c.status == "needs_review", (c.status, c.rationale)


def test_a_length_told_but_unread_is_no_missing_half(brief_packet) -> None:
    """ "80% relief ... lasting until the start of the new school term" tells a length the
    rules cannot read; the therapist's "a few days" is then a rival account, not the length the
    first one left out."""
    c = brief_packet(
        ESI,
        "2026-01-20",
        {
            "01_pt.txt": _pt_note("He says the epidural only helped for a few days."),
            "02_consult.txt": (
                "2026-01-12",
                "SPINE CLINIC - OFFICE VISIT\nHistory: right L5-S1 TFESI on 03/04/2025 gave "
                "about 80% relief of the leg pain, lasting until the start of the new school "
                "term.\nPain NRS 7/10.\n",
            ),
        },
    )["prior-injection-response"]
    assert c.status == "needs_review", (c.status, c.rationale)
