"""Helper diagE classes: a requirement addressed in narrative, undated words was read as not
addressed at all (missing) instead of addressed with nothing countable (not_met).

- prior treatment told without naming it ("has been worked up and treated for this");
- activity modification told as what the patient does ("tolerated by limiting her
  activities"), in a plan paragraph;
- a single dietitian visit with a weight and weight-loss counselling (0 months, not_met);
- a sleep visit that tells the symptoms only as history and reviews the sleep test's result
  (after the test: not_met).

Invented packets, none of the dev records' text.  Each change only moves missing -> not_met.
The guard test (treated for another disease) passes before the fix as well.
"""

from __future__ import annotations


def test_unnamed_treatment_for_the_complaint_addresses_conservative_care(brief_packet):
    """Treatment for the complaint, undated and unnamed: 0 countable weeks, not_met."""
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-03-10",
        {
            "01_consult.txt": (
                "2026-02-20",
                "Spine consult.\n"
                "HISTORY: 41-year-old man with low back pain since a fall at work. "
                "He has been seen by several doctors and treated for it. "
                "He still has back pain most days.\n",
            ),
        },
    )["conservative-care-4wk"]
    assert c.status == "not_met"
    assert c.value == 0.0


def test_treated_for_another_disease_is_not_conservative_care(brief_packet):
    """A "cancer, which was treated by radiation" is no treatment of the complaint: missing."""
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-03-10",
        {
            "01_consult.txt": (
                "2026-02-20",
                "Spine consult.\n"
                "HISTORY: 70-year-old man with low back pain. He had bladder cancer, which "
                "was treated by surgery.\n",
            ),
        },
    )["conservative-care-4wk"]
    assert c.status == "missing"


def test_activity_limited_by_the_patient_in_a_plan_is_activity_modification(brief_packet):
    """Pain "tolerated by limiting her activities" in the plan tells activity modification in use
    (undated: 0 weeks, not_met), not a recommendation."""
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-03-10",
        {
            "01_consult.txt": (
                "2026-02-20",
                "Spine consult.\n"
                "ASSESSMENT: Low back pain, lumbar spondylosis.\n"
                "PLAN: We discussed options. She says her pain is well tolerated by limiting "
                "her activities and would like to wait.\n",
            ),
        },
    )["conservative-care-4wk"]
    assert c.status == "not_met"
    assert c.value == 0.0


def test_single_dietitian_visit_aimed_at_weight_loss_is_zero_months(brief_packet):
    """One dietitian visit with a weight and a calorie plan for losing weight addresses the
    supervised program: 0 countable months, not_met (never met)."""
    c = brief_packet(
        "bariatric-surgery",
        "2026-03-10",
        {
            "01_dietitian.txt": (
                "2026-01-15",
                "Nutrition consult.\n"
                "SUBJECTIVE: She wants to lose weight before her knee surgery.\n"
                "OBJECTIVE: Weight: 268 pounds. Height 5 feet 5 inches.\n"
                "Her 24-hour recall shows large portions. I set a 1,600 calorie meal plan "
                "and reviewed portion control.\n",
            ),
        },
    )["supervised-weight-loss-6mo"]
    assert c.status == "not_met"
    assert c.value == 0


def test_sleep_visit_telling_history_and_reviewing_the_study_is_after_the_test(brief_packet):
    """A visit that confirms a history of snoring and reviews the sleep study's result came
    after the test: not_met, not missing."""
    c = brief_packet(
        "cpap-osa",
        "2026-03-10",
        {
            "01_ent.txt": (
                "2026-02-12",
                "ENT clinic visit.\n"
                "HISTORY: 46-year-old woman seen with her husband, who confirms her history of "
                "loud snoring with witnessed apnea. The results of the sleep study were "
                "reviewed with her; they showed severe sleep apnea.\n"
                "EXAM: Large tonsils. Neck circumference 16 inches.\n",
            ),
        },
    )["face-to-face-evaluation"]
    assert c.status == "not_met"
