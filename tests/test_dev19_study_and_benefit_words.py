"""Two classes of the nineteenth dev batch, each a word read for more than it says.

- An authorization's own abbreviation ("P2P re: auth 2026-RAD-0001 (MRI L-spine w/wo)"): the
  study a call or letter is about is the one requested, not one done on the call's date.
- An improvement word inside the symptom it negates ("wakes unrefreshed", "sleepiness
  unimproved", "fatigue unresolved"): a day-31-91 visit that records the symptom persisting
  documents no benefit.

Every text is invented for the test."""

from __future__ import annotations

import pytest

from casebrief.policy.evaluators.imaging import not_a_study
from casebrief.policy.evaluators.sleep import _symptom_improvement


@pytest.mark.parametrize(
    "sentence",
    [
        "4/02/26  10:15 am   Peer call re: auth 77-AB-30412 (MRI L-spine w/o)\n",
        "Auth # RX-55120 for MRI lumbar spine 72148 sent 04/01/2026.\n",
    ],
)
def test_a_study_named_by_its_auth_number_is_not_a_study(sentence: str) -> None:
    assert not_a_study(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "- MRI lumbar spine 01/15/2026: small L4-5 protrusion, no stenosis.\n",
        "MRI L-spine 02/03/2026 was reviewed with the author of the report.\n",
    ],
)
def test_a_done_study_stays_a_study(sentence: str) -> None:
    assert not not_a_study(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Still wakes unrefreshed most mornings.",
        "Daytime sleepiness unimproved on APAP.",
        "Fatigue unresolved; naps after lunch.",
    ],
)
def test_a_prefixed_improvement_word_is_the_symptom(sentence: str) -> None:
    assert not _symptom_improvement(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["Wakes refreshed now.", "Sleepiness improved, ESS 7.", "Morning headaches resolved."],
)
def test_an_improvement_word_still_counts(sentence: str) -> None:
    assert _symptom_improvement(sentence)


LUMBAR_VISIT = (
    "Cedar Lane Family Medicine - office visit (in person)\n"
    "DOS 03/30/2026\n"
    "Low back pain since January, aching, no leg symptoms.\n"
    "Prior imaging: MRI lumbar spine 01/20/2025 (Riverbend Imaging): mild L4-5 disc bulge.\n"
    "Exam: straight leg raise negative bilaterally. Strength 5/5 in both legs. Reflexes 2+ and"
    " symmetric. Sensation intact.\n"
    "Plan: MRI lumbar spine w/o contrast.\n"
)


def test_a_peer_calls_heading_is_no_recent_lumbar_mri(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-04-10",
        {
            "01_visit.txt": ("2026-03-30", LUMBAR_VISIT),
            "02_call.txt": (
                "2026-04-06",
                "Cedar Lane Family Medicine - telephone encounter\n\n"
                "4/06/26  10:15 am   Peer call re: auth 77-AB-30412 (MRI L-spine w/o)\n"
                "Discussed the exam with the plan's reviewer, who will re-review.\n",
            ),
        },
    )
    st, why = criteria["repeat-imaging"].status, criteria["repeat-imaging"].rationale
    assert st == "met", (st, why)


SLEEP_STUDY = (
    "HOME SLEEP APNEA TEST REPORT\nStudy night 09/08/2025\n"
    "AHI 24.6 events/hour. Impression: moderate obstructive sleep apnea.\n"
)


def test_a_window_visit_recording_unrefreshed_sleep_is_no_benefit(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-02-20",
        {
            "01_hsat.txt": ("2025-09-10", SLEEP_STUDY),
            "02_setup.txt": ("2025-10-01", "DME SETUP NOTE\nCPAP set up 10/01/2025.\n"),
            "03_followup.txt": (
                "2025-12-01",
                "SLEEP CLINIC FOLLOW-UP - office visit (face to face)\nDOS 12/01/2025\n"
                "CPAP started 10/01/2025. Uses it most nights. Still wakes unrefreshed and"
                " dozes at his desk after lunch. ESS 14 today (15 at baseline).\n"
                "Plan: continue CPAP, recheck in 2 months.\n",
            ),
        },
        request_type="continuation",
    )
    st, why = criteria["clinical-reevaluation"].status, criteria["clinical-reevaluation"].rationale
    assert st == "not_met", (st, why)
