"""Classes of error mined on real dictated notes (MTSamples, mineK), each shown in two invented
wordings, with near-misses that must not change.  Every packet here is invented."""

from __future__ import annotations

import pytest

TKA = "total-knee-arthroplasty"
MRI = "lumbar-spine-mri"
REQ = "2026-03-02"
NOTE = "2026-02-16"
KNEE = "Office visit. Right knee osteoarthritis, pain with stairs and walking.\n"
BACK = "Office visit. Low back pain radiating to the left leg for three months.\n"


def _one(brief_packet, policy, text, criterion, request_date=REQ, note_date=NOTE):
    got = brief_packet(policy, request_date, {"02_note.txt": (note_date, text)})
    return got[criterion]


# ---- 1. an infection listed as past medical / surgical history is history ----
@pytest.mark.parametrize(
    "text",
    [
        KNEE
        + "PAST MEDICAL HISTORY:\nHypertension, spastic colon, recurrent cellulitis of the legs.\n",
        KNEE + "PAST SURGICAL HISTORY:\n1. Appendectomy.\n2. Incision and "
        "drainage of a buttock abscess in 10/25.\n",
        KNEE + "Surgical history: cholecystectomy; drainage of a perirectal abscess 11/2025.\n",
    ],
)
def test_infection_listed_as_past_history_is_not_active(brief_packet, text):
    c = _one(brief_packet, TKA, text, "no-active-infection")
    assert c.status == "met", c.rationale


@pytest.mark.parametrize(
    "text",
    [
        # the list item says it goes on
        KNEE + "PAST MEDICAL HISTORY:\nCellulitis of the right leg, currently on doxycycline.\n",
        KNEE
        + "PAST MEDICAL HISTORY:\n1. Hypertension.\n2. Chronic osteomyelitis of the left tibia.\n",
        # a problem list is today's problems, not past history
        KNEE + "PROBLEM LIST:\n1. Cellulitis of the right shin.\n2. Hypertension.\n",
    ],
)
def test_current_infection_in_a_history_list_still_excludes(brief_packet, text):
    c = _one(brief_packet, TKA, text, "no-active-infection")
    assert c.status == "not_met", c.rationale


# ---- 2. an open wound is no infection ----
@pytest.mark.parametrize(
    "text",
    [
        KNEE + "There is an open wound on the left shin from a fall, clean, no erythema.\n",
        KNEE + "Skin: small open wound over the right elbow, edges clean, no drainage.\n",
        KNEE + "She has an open wound on the right heel from her shoe; dressing changed today.\n",
    ],
)
def test_open_wound_alone_is_not_an_infection(brief_packet, text):
    assert _one(brief_packet, TKA, text, "no-active-infection").status == "met"


def test_infected_open_wound_still_excludes(brief_packet):
    text = KNEE + "Open wound on the left shin, infected, with purulent drainage; started Keflex.\n"
    assert _one(brief_packet, TKA, text, "no-active-infection").status == "not_met"


# ---- 3. a weight in kilos is kilograms ----
@pytest.mark.parametrize(
    "text, status, value",
    [
        (KNEE + "Height 5 feet 8 inches, body weight 182 kilos.\n", "not_met", 61.0),
        (KNEE + "Ht 5 ft 6 in, weighs 120 kilos.\n", "not_met", 42.7),
        (KNEE + "Height: 165 cm  Weight: 118 kilo\n", "not_met", 43.3),
        # near-miss: pounds stay pounds
        (KNEE + "Height 5 feet 8 inches, body weight 182 lbs.\n", "met", 27.7),
    ],
)
def test_weight_in_kilos(brief_packet, text, status, value):
    c = _one(brief_packet, TKA, text, "bmi-below-40")
    assert c.status == status, c.rationale
    assert c.value == pytest.approx(value, abs=0.3)


# ---- 4. a therapist's evaluation names the functional limit as a lost ability or tolerance ----
@pytest.mark.parametrize(
    "text",
    [
        "Physical therapy evaluation. Left knee pain 6/10, worse with ambulation.\n"
        "Problem list: 1. Increased pain. 2. Decreased ability "
        "to perform functional activities and "
        "work tasks. 3. Decreased ambulation tolerance.\n",
        "PT initial evaluation for right knee pain. Reduced walking endurance; impaired ability to "
        "complete household chores.\n",
        "Right knee pain. Functional activities and hobbies that are currently limited include "
        "gardening and golf.\n",
    ],
)
def test_therapy_evaluation_limitation(brief_packet, text):
    assert _one(brief_packet, TKA, text, "functional-limitation").status == "met"


def test_therapy_goal_is_not_a_limitation(brief_packet):
    text = "Right knee pain. Goal: patient will improve ambulation tolerance to 30 minutes.\n"
    assert _one(brief_packet, TKA, text, "functional-limitation").status == "missing"


# ---- 5. an undated lumbar MRI told as just done or in the present perfect is recent ----
@pytest.mark.parametrize(
    "text",
    [
        BACK + "MRI of the lumbar spine was just completed and shows an L4-5 protrusion.\n",
        BACK + "An MRI of the lumbar spine has demonstrated a left L4-5 disc herniation.\n",
        BACK + "Lumbar MRI has shown mild degenerative disc disease at L5-S1.\n",
    ],
)
def test_recent_undated_lumbar_mri_counts(brief_packet, text):
    c = _one(brief_packet, MRI, text, "repeat-imaging")
    assert c.status == "not_met", c.rationale


@pytest.mark.parametrize(
    "text",
    [
        BACK + "Prior MRI of the lumbar spine has shown a bulge at L4-5 (outside study).\n",
        BACK + "She had an MRI of the lumbar spine, which was normal. She then developed new "
        "numbness in the right foot.\n",
        BACK + "MRI of the cervical spine has demonstrated a C5-6 herniation.\n",
    ],
)
def test_old_new_since_or_other_region_mri_unchanged(brief_packet, text):
    assert _one(brief_packet, MRI, text, "repeat-imaging").status == "met"


# ---- 6. what is not a clinician's examination ----
@pytest.mark.parametrize(
    "text",
    [
        "NERVE CONDUCTION STUDIES: Bilateral sural sensory responses are absent. Peroneal motor "
        "amplitudes are reduced.\nIMPRESSION: Sensory motor axonal polyneuropathy.\n",
        "EMG report. Median sensory distal latency is prolonged. Ulnar sensory nerve action "
        "potential amplitude is normal.\n",
        "Operative note. I did not proceed, because she will have persistent weakness in the leg "
        "following this procedure.\n",
        "Operative note. A biopsy was not taken: the patient would have residual weakness of the "
        "quadriceps after cutting the root.\n",
    ],
)
def test_nerve_conduction_and_foretold_weakness_are_not_an_exam(brief_packet, text):
    c = _one(brief_packet, MRI, text, "clinical-evaluation")
    assert c.status == "missing", c.rationale


@pytest.mark.parametrize(
    "text",
    [
        "EMG report. Examination reveals decreased sensation to pinprick in the left foot. Sural "
        "sensory response is absent.\n",
        "Physical exam: Strength 5/5 in both legs. Sensory exam "
        "intact to light touch. Reflexes 2+.\n",
        "Physical exam: decreased sensation in the L5 dermatome consistent with neuropathy.\n",
    ],
)
def test_bedside_exam_still_counts(brief_packet, text):
    assert _one(brief_packet, MRI, text, "clinical-evaluation").status == "met"
