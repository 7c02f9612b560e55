"""CPAP criteria on real dictated writing (classes found by briefing real transcribed notes
outside the labelled sets as cpap-osa requests), invented text only:

A. narrative non-adherence in dictation phrasings was not read ("unable to tolerate treatment
   with CPAP", "cannot tolerate a CPAP machine", "does not use a CPAP mask", "CPAP
   intolerance"): adherence missing instead of not_met;
B. the patient's OSA signs reported through an informant ("according to his wife (not in the
   office), he snores and stops breathing", "her son reports he hears her snoring") were read
   as family history or negated: face-to-face missing instead of met;
C. any dated visit of days 31-91 was a re-evaluation, even one about another problem with no
   sleep word (a newborn's discharge after delivery-room CPAP): not_met instead of missing.
"""

from __future__ import annotations

import pytest

SETUP = ("2026-01-05", "DME delivery record.\nCPAP set up on 01/05/2026. Nasal mask fitted.\n")


@pytest.mark.parametrize(
    "sentence",
    [
        "He was unable to tolerate treatment with CPAP and asks about surgery.",
        "She cannot tolerate a CPAP machine because of claustrophobia.",
        "Patient does not use a CPAP mask at home.",
        "Known CPAP intolerance due to aerophagia.",
        "He is not tolerating the mask and takes it off.",
    ],
)
def test_narrative_nonadherence_phrasings_are_not_met(brief_packet, sentence):  # noqa: F811
    c = brief_packet(
        "cpap-osa",
        "2026-03-20",
        {
            "01_setup.txt": SETUP,
            "02_ent.txt": (
                "2026-03-10",
                "ENT consultation for nasal obstruction.\n"
                f"History: obstructive sleep apnea. {sentence}\n"
                "Exam: deviated septum to the left.\n",
            ),
        },
        request_type="continuation",
    )["adherence"]
    assert c.status == "not_met"


def test_unrelated_tolerate_is_not_nonadherence(brief_packet):  # noqa: F811
    """ "unable to tolerate metformin" names no PAP device: adherence stays missing."""
    c = brief_packet(
        "cpap-osa",
        "2026-03-20",
        {
            "01_setup.txt": SETUP,
            "02_pcp.txt": (
                "2026-03-10",
                "Office visit for diabetes.\nShe was unable to tolerate metformin.\n",
            ),
        },
        request_type="continuation",
    )["adherence"]
    assert c.status == "missing"


@pytest.mark.parametrize(
    "sentence",
    [
        "According to his wife (not in the office), the patient snores loudly and stops "
        "breathing during sleep.",
        "Per his wife, he snores every night.",
        "Her son reports that he hears her snoring through the wall.",
    ],
)
def test_informant_reported_signs_are_the_patients(brief_packet, sentence):  # noqa: F811
    c = brief_packet(
        "cpap-osa",
        "2026-03-20",
        {
            "01_consult.txt": (
                "2026-02-02",
                "Dear Doctor: Thank you for referring this 66-year-old man for cardiac "
                f"evaluation. {sentence} Blood pressure 138/84.\n",
            ),
            "02_psg.txt": (
                "2026-02-24",
                "DIAGNOSTIC POLYSOMNOGRAM REPORT\nStudy date: 02/24/2026\n"
                "Apnea-hypopnea index (AHI): 21 events/hour.\n",
            ),
        },
    )["face-to-face-evaluation"]
    assert c.status == "met"


def test_relatives_own_diagnosis_stays_family_history(brief_packet):  # noqa: F811
    """ "Mother has sleep apnea": the mother's, so no sign of the patient's."""
    c = brief_packet(
        "cpap-osa",
        "2026-03-20",
        {
            "01_consult.txt": (
                "2026-02-02",
                "Office visit for hypertension.\nFamily history: Her mother has snoring and "
                "sleep apnea. Blood pressure 150/90.\n",
            ),
        },
    )["face-to-face-evaluation"]
    assert c.status == "missing"


def test_not_in_pain_is_still_negated(brief_packet):  # noqa: F811
    """The "not in the office" aside needs its place word: "not in ... snoring" stays negated."""
    c = brief_packet(
        "cpap-osa",
        "2026-03-20",
        {
            "01_consult.txt": (
                "2026-02-02",
                "Office visit.\nShe does not snore and is not sleepy in the day.\n",
            ),
        },
    )["face-to-face-evaluation"]
    assert c.status == "missing"


def test_visit_for_another_problem_in_window_is_no_reevaluation(brief_packet):  # noqa: F811
    """A day-60 follow-up about a wound with no sleep word: missing, not not_met."""
    c = brief_packet(
        "cpap-osa",
        "2026-03-20",
        {
            "01_setup.txt": SETUP,
            "02_wound.txt": (
                "2026-03-06",
                "FOLLOW-UP VISIT\nReturns for wound check after toe surgery. Incision clean, "
                "sutures removed. Continue dressing changes.\n",
            ),
        },
        request_type="continuation",
    )["clinical-reevaluation"]
    assert c.status == "missing"


def test_sleep_visit_in_window_without_improvement_stays_not_met(brief_packet):  # noqa: F811
    c = brief_packet(
        "cpap-osa",
        "2026-03-20",
        {
            "01_setup.txt": SETUP,
            "02_sleep.txt": (
                "2026-03-06",
                "SLEEP CLINIC FOLLOW-UP VISIT\nReturns on CPAP for obstructive sleep apnea. "
                "Daytime sleepiness unchanged. Epworth 15.\n",
            ),
        },
        request_type="continuation",
    )["clinical-reevaluation"]
    assert c.status == "not_met"
