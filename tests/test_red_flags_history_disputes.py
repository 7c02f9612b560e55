"""dev24 red-flag and infection classes (helper diagE): history read as a current finding,
accounts that disagree on a personal history, and the cascades the red flags waive.

- an infection dated years before the note, with no past-tense word ("worried because of the
  infection in that knee in 2019", a past-history row "Discitis of lumbar region   2009"),
  was read as a current one: an active infection for a knee replacement, a suspected spinal
  infection for a lumbar MRI;
- an injury its sentence places only on another region ("a high-speed crash with a neck
  injury", "fell off a ladder and hurt his right shoulder") was read as the suspected-fracture
  red flag of the low back;
- a personal history (a cancer, IV drug use) that one record tells and another explicitly
  denies was read as settled by the first: the records disagree on the waiving fact;
- once the red flags no longer waive them: a therapist's "STG/LTG met 4/4" is an improvement
  that a later "PT did nothing" contradicts, and a course retold in whole months ("PT from
  August through November") counts the days of the therapist's own record of it.

Invented packets, none of the batch's text.  Each test fails before the fix.
"""

from __future__ import annotations

import pytest

MRI = "lumbar-spine-mri"
TKA = "total-knee-arthroplasty"

EXAM = (
    "Exam: SLR negative bilaterally. Strength 5/5 in both legs. Reflexes 2+ and symmetric. "
    "Sensation intact.\n"
)
SCREEN = "Denies saddle numbness, bowel or bladder change, fever, weight loss. No IV drug use.\n"
KNEE_XR = (
    "2026-02-02",
    "XR LEFT KNEE STANDING\nIMPRESSION: severe medial joint space narrowing, bone-on-bone, "
    "Kellgren-Lawrence grade 4.\n",
)


# --- an infection dated years back is history -----------------------------------------


@pytest.mark.parametrize(
    "history",
    [
        "She is nervous about surgery because of the infection in this knee in 2018.",
        "Knee infection 2017, washed out, no problems since.",
        "PMH: hypertension; left knee abscess 2016 drained; gout.",
        "Past history:\n - Hypothyroidism\n - Cellulitis of left lower leg            2019\n",
    ],
)
def test_a_knee_infection_dated_years_back_is_not_active(brief_packet, history):
    c = brief_packet(
        TKA,
        "2026-03-10",
        {
            "01_xr.txt": KNEE_XR,
            "02_ortho.txt": (
                "2026-03-02",
                "ORTHOPAEDIC VISIT\nLeft knee pain, walks one block, cannot manage stairs.\n"
                + history
                + "\nLeft knee: no warmth, no erythema. Afebrile.\n",
            ),
        },
    )
    assert c["no-active-infection"].status == "met"


def test_an_infection_dated_years_back_that_goes_on_is_still_active(brief_packet):
    """The year alone does not make history of an infection the note says goes on."""
    c = brief_packet(
        TKA,
        "2026-03-10",
        {
            "01_xr.txt": KNEE_XR,
            "02_ortho.txt": (
                "2026-03-02",
                "ORTHOPAEDIC VISIT\nLeft knee pain, walks one block.\n"
                "Chronic osteomyelitis of the left tibia 2019, still on suppressive "
                "doxycycline.\n",
            ),
        },
    )
    assert c["no-active-infection"].status == "not_met"


@pytest.mark.parametrize(
    "row",
    [
        "Past Medical History:\nDiagnosis                                   Date\n"
        " - Essential hypertension\n - Discitis of lumbar region                 2008\n",
        "Problem list: hypertension; vertebral osteomyelitis (2012); hyperlipidemia.\n",
        "Vertebral osteomyelitis T12-L1 in 2011, eight weeks of IV antibiotics.\n",
    ],
)
def test_a_spinal_infection_dated_years_back_is_no_red_flag(brief_packet, row):
    c = brief_packet(
        MRI,
        "2026-03-16",
        {
            "01_spine.txt": (
                "2026-03-09",
                "Spine clinic, in person.\nLow back pain into the left leg for 10 weeks after "
                "lifting a sofa.\n" + row + SCREEN + EXAM,
            ),
        },
    )
    assert c["red-flags"].status == "not_met"
    assert c["conservative-therapy"].status != "not_applicable"


# --- an injury of another region ---------------------------------------------------------


@pytest.mark.parametrize(
    "injury",
    [
        "Three weeks ago he was in a high-speed car crash with a neck injury, followed by "
        "his orthopedist.",
        "He fell off a ladder on 02/20/2026 and hurt his right shoulder; shoulder x-ray negative.",
        "Rollover accident 02/2026 with a left knee injury, treated in the ED.",
    ],
)
def test_an_injury_told_of_another_region_is_no_lumbar_fracture_red_flag(brief_packet, injury):
    c = brief_packet(
        MRI,
        "2026-03-16",
        {
            "01_spine.txt": (
                "2026-03-09",
                "Spine clinic, in person.\nLow back pain into the left leg for 10 weeks after "
                "lifting a sofa, before and unrelated to the injury.\n"
                + injury
                + "\n"
                + SCREEN
                + EXAM,
            ),
        },
    )
    assert c["red-flags"].status == "not_met"


def test_an_injury_of_the_neck_and_the_back_is_still_a_red_flag(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-16",
        {
            "01_spine.txt": (
                "2026-03-09",
                "Spine clinic, in person.\nTwo weeks ago he was in a high-speed MVC with "
                "neck and low back pain since.\n" + SCREEN + EXAM,
            ),
        },
    )
    assert c["red-flags"].status == "met"


# --- a personal history one record tells and another denies ------------------------------

CANCER_PCP = (
    "2025-11-04",
    "Primary care visit, in person.\nNew low back pain for 2 weeks, into the right leg.\n"
    "PMH:\n - Hypertension\n - Colon cancer 2015 - resected, FOLFOX x 6 mo, completed 2016\n"
    "Denies saddle numbness, bowel or bladder change, fever, weight loss.\n" + EXAM,
)


@pytest.mark.parametrize(
    "denial",
    [
        "No personal history of cancer.",
        "PMH: hypertension. Denies any history of malignancy.",
        "She has never had cancer.",
    ],
)
def test_a_cancer_history_another_record_denies_needs_review(brief_packet, denial):
    c = brief_packet(
        MRI,
        "2026-01-20",
        {
            "01_pcp.txt": CANCER_PCP,
            "02_spine.txt": (
                "2026-01-12",
                "Spine consult, in person.\nRight leg pain since October.\n"
                + denial
                + "\nFamily history: mother with breast cancer.\n"
                + EXAM,
            ),
        },
    )
    rf = c["red-flags"]
    assert rf.status == "needs_review"
    assert "denies" in rf.rationale
    assert c["conservative-therapy"].status != "not_applicable"


def test_a_denial_before_the_record_that_tells_the_history_disputes_it_too(brief_packet):
    c = brief_packet(
        MRI,
        "2026-01-20",
        {
            "01_urgent.txt": (
                "2025-10-30",
                "Urgent care visit, in person.\nLow back pain for 4 days. No history of "
                "malignancy.\n" + EXAM,
            ),
            "02_pcp.txt": CANCER_PCP,
        },
    )
    assert c["red-flags"].status == "needs_review"


@pytest.mark.parametrize(
    "not_a_denial",
    [
        "No family history of cancer.",
        "Oncology: no evidence of recurrent disease on her 2025 colonoscopy.",
        "No history of skin cancer.",
    ],
)
def test_what_denies_no_personal_history_leaves_the_cancer_history_standing(
    brief_packet, not_a_denial
):
    c = brief_packet(
        MRI,
        "2026-01-20",
        {
            "01_pcp.txt": CANCER_PCP,
            "02_spine.txt": (
                "2026-01-12",
                "Spine consult, in person.\nRight leg pain since October.\n"
                + not_a_denial
                + "\n"
                + EXAM,
            ),
        },
    )
    assert c["red-flags"].status == "met"


def test_iv_drug_use_one_record_tells_and_another_denies_needs_review(brief_packet):
    c = brief_packet(
        MRI,
        "2026-01-20",
        {
            "01_ed.txt": (
                "2025-12-01",
                "ED visit.\nLow back pain for a week. Social: active IV drug use, heroin.\n" + EXAM,
            ),
            "02_spine.txt": (
                "2026-01-12",
                "Spine consult, in person.\nBack pain since late November. Never injected "
                "drugs; no alcohol.\n" + EXAM,
            ),
        },
    )
    assert c["red-flags"].status == "needs_review"


# --- the cascades the red flags waive --------------------------------------------------


def test_therapists_goals_met_then_a_later_pt_did_nothing_disagree(brief_packet):
    """The PT discharge's "STG/LTG met 4/4" and the physician's note two weeks later that PT
    did nothing tell the same weeks two ways."""
    c = brief_packet(
        MRI,
        "2026-03-20",
        {
            "01_pcp.txt": (
                "2026-01-05",
                "Office visit, in person.\nLow back pain into the left leg for 3 weeks. "
                "Start ibuprofen 600 mg TID and PT.\n" + SCREEN + EXAM,
            ),
            "02_pt.txt": (
                "2026-02-27",
                "PHYSICAL THERAPY DISCHARGE SUMMARY\nSOC: 01/08/2026   Last visit: 02/26/2026\n"
                "Visits: 14 attended\nASSESSMENT: STG/LTG met 4/4. Independent with HEP.\n"
                "PLAN: D/C to home program.\n",
            ),
            "03_spine.txt": (
                "2026-03-16",
                "Spine consult, in person.\nShe finished PT last month; she says it did "
                "absolutely nothing and the leg pain is the same as in January. Still on "
                "ibuprofen since 01/05/2026.\n" + SCREEN + EXAM,
            ),
        },
    )
    assert c["red-flags"].status == "not_met"
    assert c["therapy-failure"].status == "needs_review"


def test_a_course_retold_in_months_counts_the_therapists_own_days(brief_packet):
    """A consult's "PT from August through November" and the PT discharge's own "Initial
    evaluation 10/06/2025 ... Discharge 11/10/2025" (referral in August, waitlisted): the
    visits ran five weeks, not four months."""
    c = brief_packet(
        MRI,
        "2026-01-12",
        {
            "01_pt.txt": (
                "2025-11-10",
                "OUTPATIENT PHYSICAL THERAPY - DISCHARGE SUMMARY\nDx: lumbar radiculopathy\n"
                "Referral received: 08/12/2025 - waitlist\nInitial evaluation: 10/06/2025\n"
                "Discharge date: 11/10/2025\nVisits: 9\nAssessment: leg pain unchanged, goals "
                "not met.\n",
            ),
            "02_spine.txt": (
                "2026-01-05",
                "Spine consult, in person.\nLow back and left leg pain since July. She did PT "
                "from August through November without benefit. No medications tolerated.\n"
                + SCREEN
                + EXAM,
            ),
        },
    )
    cons = c["conservative-therapy"]
    assert cons.status == "not_met"
    assert cons.value is not None and cons.value < 6
