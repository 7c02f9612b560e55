"""A second reviewer's cases against the tenth session's rules: each read a false `met` or
crashed before the fix.  Invented text.

- a length that something other than the relief "persisted through" or "was held through"
  (the leg pain, an anticoagulant) is no length of relief;
- "None of these symptoms are new" and another region's "separate problem from his back" are
  no new symptom since a prior MRI;
- a report that "replaces my prior letter" and names no day does not silence another
  evaluator's earlier decision; two copies of a superseding report do not crash; the sentence
  that supersedes an earlier decision and names its day carries the new decision.
"""

from __future__ import annotations

from test_dev22_evaluations import FIRST_EVAL_CLEARED, PROGRAM, REEVAL_WITHDRAWS

ESI = "lumbar-epidural-steroid-injection"


def _esi(brief_packet, history: str):
    return brief_packet(
        ESI,
        "2026-01-20",
        {
            "01_consult.txt": (
                "2026-01-12",
                "SPINE CLINIC - OFFICE VISIT\nHistory: "
                + history
                + "\nPain NRS 7/10. Cannot sit more than 20 minutes.\n",
            )
        },
    )["prior-injection-response"]


def test_pain_that_persisted_is_no_length_of_relief(brief_packet) -> None:
    c = _esi(
        brief_packet,
        "right L5-S1 TFESI on 03/04/2025 gave 60% relief at first; the leg pain persisted "
        "through 4 months after the injection.",
    )
    assert c.status != "met", c.rationale


def test_a_drug_held_is_no_length_of_relief(brief_packet) -> None:
    c = _esi(
        brief_packet,
        "right L5-S1 TFESI on 03/04/2025 gave 60% relief for about 2 weeks; Eliquis was held "
        "through 3 months afterwards.",
    )
    assert c.status != "met", c.rationale


MRI_REPORT = (
    "LAKESIDE IMAGING\nMRI LUMBAR SPINE WITHOUT CONTRAST\nExam date: 09/10/2025\n\n"
    "FINDINGS: L4-5 disc protrusion contacting the left L5 root.\nIMPRESSION: L4-5 protrusion.\n"
)


def _repeat(brief_packet, visit_line: str):
    return brief_packet(
        "lumbar-spine-mri",
        "2026-04-20",
        {
            "01_mri.txt": ("2025-09-10", MRI_REPORT),
            "02_visit.txt": (
                "2026-04-14",
                "HOLLOWAY FAMILY MEDICINE\nOFFICE VISIT (in person)\n"
                "Date of service: 04/14/2026\n\n"
                "Left leg pain since last summer. Symptoms unchanged since the 09/2025 MRI. "
                + visit_line
                + "\nStraight leg raise positive on the left. Strength 5/5.\n",
            ),
        },
    )["repeat-imaging"]


def test_none_of_these_symptoms_are_new(brief_packet) -> None:
    assert _repeat(brief_packet, "None of these symptoms are new.").status == "not_met"


def test_another_regions_separate_problem_is_no_new_symptom(brief_packet) -> None:
    c = _repeat(
        brief_packet,
        "Right shoulder pain is a separate problem from his back, not addressed today.",
    )
    assert c.status == "not_met"


NOT_CLEARED_BY_PSYCHIATRIST = (
    "EASTGATE PSYCHIATRY ASSOCIATES\n"
    "Psychiatric consultation for bariatric surgery\n"
    "Psychiatrist: Mara Quint, MD\n\n"
    "Active alcohol use disorder, drinking daily.\n\n"
    "In my opinion Mr. Tamsin is not cleared for bariatric surgery at this time.\n"
)
REISSUED_LETTER = (
    "LAKESHORE BEHAVIORAL MEDICINE\n"
    "PRE-SURGICAL PSYCHOLOGICAL EVALUATION - BARIATRIC SURGERY\n"
    "Evaluator: Rowan Ellery, PhD\n\n"
    "This report replaces my prior letter, which carried the wrong date of birth.\n\n"
    "RECOMMENDATION: From a psychological standpoint Mr. Tamsin is cleared to proceed with "
    "bariatric surgery.\n"
)


def test_a_reissued_letter_does_not_silence_another_evaluator(brief_packet) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-03-02",
        {
            "01_program.txt": ("2025-12-02", PROGRAM),
            "02_psychiatry.txt": ("2026-01-20", NOT_CLEARED_BY_PSYCHIATRIST),
            "03_psych.txt": ("2026-02-09", REISSUED_LETTER),
        },
    )["psych-evaluation"]
    assert c.status == "needs_review", c.rationale


def test_two_copies_of_a_superseding_report_do_not_crash(brief_packet) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-03-02",
        {
            "01_program.txt": ("2025-12-02", PROGRAM),
            "02_psych.txt": ("2025-10-06", FIRST_EVAL_CLEARED),
            "03_reeval.txt": ("2026-02-09", REEVAL_WITHDRAWS),
            "04_reeval_fax_copy.txt": ("2026-02-09", REEVAL_WITHDRAWS),
        },
    )["psych-evaluation"]  # the fixture fails on an evaluator's crash
    assert c.status == "not_met", c.rationale


def test_the_superseding_sentence_carries_the_new_decision(brief_packet) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-03-02",
        {
            "01_program.txt": ("2025-12-02", PROGRAM),
            "02_psych.txt": (
                "2025-10-06",
                FIRST_EVAL_CLEARED.replace("is cleared to proceed", "is not cleared to proceed"),
            ),
            "03_reeval.txt": (
                "2026-02-09",
                "LAKESHORE BEHAVIORAL MEDICINE\n"
                "PSYCHOLOGICAL RE-EVALUATION - BARIATRIC SURGERY\n"
                "Evaluator: Rowan Ellery, PhD\n\n"
                "He finished eight sessions of CBT.\n\n"
                "RECOMMENDATION: Superseding my recommendation of 10/06/2025, Mr. Tamsin is now "
                "cleared to proceed with bariatric surgery.\n",
            ),
        },
    )["psych-evaluation"]
    assert c.status == "met", c.rationale


def test_a_revised_diet_plan_corrects_no_bmi(brief_packet) -> None:
    """ "BMI 40 - revised diet plan discussed" is no corrected BMI: the same day's other BMI
    still disagrees with it."""
    xr = (
        "XR RIGHT KNEE 3 VIEWS\nIMPRESSION: Severe medial compartment osteoarthritis, "
        "Kellgren-Lawrence grade 4, bone-on-bone.\n"
    )
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-05-01",
        {
            "01_xr.txt": ("2026-03-02", xr),
            "02_ortho.txt": (
                "2026-04-20",
                "ORTHOPAEDIC CLINIC - OFFICE VISIT\nRight knee pain, cannot climb stairs.\n"
                "Vitals: Ht 5'6\", Wt 251 lb, BMI 40 - revised diet plan discussed.\n",
            ),
            "03_pcp.txt": (
                "2026-04-20",
                "PRIMARY CARE - OFFICE VISIT\nVitals: BMI 38.2 today.\n",
            ),
        },
    )["bmi-below-40"]
    assert c.status != "met", c.rationale
