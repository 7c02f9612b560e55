"""The twenty-second dev batch's evaluation classes (helper diagD).

- a psychological re-evaluation that says it supersedes the evaluator's earlier decision
  changes the decision over time: the earlier decision (and the records that repeat it) is no
  rival, so the later one decides -- not_met when it withdraws a clearance, met when it clears
  after an earlier "not cleared"; a decision made after the superseding report still disagrees;
- a checklist item that names the dietitian's evaluation and whose status wraps onto the
  indented line below ("referred; first visit" / "with the RD booked <later day>") is
  scheduled, not done;
- a CPAP re-evaluation's improvement of another problem (comorbid insomnia with CBT-I,
  blood pressure) is not the symptomatic benefit the re-evaluation must document.

Every text is invented for the test.
"""

from __future__ import annotations

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

FIRST_EVAL_CLEARED = (
    "LAKESHORE BEHAVIORAL MEDICINE\n"
    "PRE-SURGICAL PSYCHOLOGICAL EVALUATION - BARIATRIC SURGERY\n"
    "Evaluator: Rowan Ellery, PhD, Licensed Psychologist\n\n"
    "Mood stable, no binge eating, no substance use. Understands the sleeve diet stages.\n\n"
    "RECOMMENDATION: From a psychological standpoint Mr. Tamsin is cleared to proceed with "
    "bariatric surgery.\n"
)

SURGEON_REPEATS_CLEARANCE = (
    "LAKESHORE BARIATRIC SURGERY - CONSULTATION\n"
    "Surgeon: Ivo Brandt, MD, FACS\n\n"
    "Pre-operative requirements:\n"
    "  Psych: cleared 10/06/2025 by Dr. Ellery.\n\n"
    "Plan: proceed with sleeve gastrectomy once the remaining items are in.\n"
)

REEVAL_WITHDRAWS = (
    "LAKESHORE BEHAVIORAL MEDICINE\n"
    "PRE-SURGICAL PSYCHOLOGICAL RE-EVALUATION - BARIATRIC SURGERY\n"
    "Evaluator: Rowan Ellery, PhD, Licensed Psychologist\n\n"
    "I first saw Mr. Tamsin on 10/06/2025 and cleared him for surgery at that time. Since then "
    "he has had a relapse of heavy drinking and new loss-of-control eating.\n\n"
    "OPINION\n"
    "This re-evaluation supersedes my clearance letter of 10/06/2025.\n"
    "At this time I am not able to clear Mr. Tamsin for bariatric surgery.\n"
    "He will be seen again after 12 weeks of abstinence.\n"
)


def test_a_reevaluation_that_supersedes_a_clearance_is_not_cleared(brief_packet) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-03-02",
        {
            "01_program.txt": ("2025-12-02", PROGRAM),
            "02_psych.txt": ("2025-10-06", FIRST_EVAL_CLEARED),
            "03_surgeon.txt": ("2025-11-12", SURGEON_REPEATS_CLEARANCE),
            "04_psych_reeval.txt": ("2026-02-09", REEVAL_WITHDRAWS),
        },
    )["psych-evaluation"]
    assert c.status == "not_met", (c.status, c.rationale)
    assert any("supersedes" in e.quote for e in c.evidence)


def test_a_reevaluation_that_supersedes_a_not_cleared_clears(brief_packet) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-03-02",
        {
            "01_program.txt": ("2025-12-02", PROGRAM),
            "02_psych.txt": (
                "2025-10-06",
                "LAKESHORE BEHAVIORAL MEDICINE\n"
                "PRE-SURGICAL PSYCHOLOGICAL EVALUATION - BARIATRIC SURGERY\n"
                "Evaluator: Rowan Ellery, PhD\n\n"
                "Binge-eating disorder, moderate.\n\n"
                "RECOMMENDATION: Not cleared for bariatric surgery at this time. Eight sessions "
                "of CBT for binge eating are advised.\n",
            ),
            "03_psych_reeval.txt": (
                "2026-02-09",
                "LAKESHORE BEHAVIORAL MEDICINE\n"
                "PSYCHOLOGICAL RE-EVALUATION - BARIATRIC SURGERY\n"
                "Evaluator: Rowan Ellery, PhD\n\n"
                "He finished eight sessions of CBT; binge episodes are now rare.\n\n"
                "RECOMMENDATION: Mr. Tamsin is now cleared to proceed with bariatric surgery "
                "from a psychological standpoint. This re-evaluation supersedes my 10/06/2025 "
                "recommendation.\n",
            ),
        },
    )["psych-evaluation"]
    assert c.status == "met", (c.status, c.rationale)


def test_a_decision_after_the_superseding_report_still_disagrees(brief_packet) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-03-20",
        {
            "01_program.txt": ("2025-12-02", PROGRAM),
            "02_psych.txt": ("2025-10-06", FIRST_EVAL_CLEARED),
            "03_psych_reeval.txt": ("2026-02-09", REEVAL_WITHDRAWS),
            "04_psych_letter.txt": (
                "2026-03-10",
                "EASTGATE PSYCHIATRY ASSOCIATES\n"
                "Psychiatric consultation for bariatric surgery\n"
                "Psychiatrist: Mara Quint, MD\n\n"
                "In my opinion Mr. Tamsin is psychologically cleared for bariatric surgery.\n",
            ),
        },
    )["psych-evaluation"]
    assert c.status == "needs_review", (c.status, c.rationale)


def test_a_checklist_item_whose_status_wraps_below_is_not_the_evaluation(brief_packet) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-03-02",
        {
            "01_program.txt": ("2025-12-02", PROGRAM),
            "02_surgeon.txt": (
                "2026-02-16",
                "LAKESHORE BARIATRIC SURGERY - CONSULTATION\n"
                "Surgeon: Ivo Brandt, MD, FACS\n\n"
                "PRE-OPERATIVE REQUIREMENTS\n"
                "  Supervised program ............................... done 06/2025-12/2025\n"
                "  Registered dietitian evaluation .................. referred; first visit\n"
                "        with the program RD booked 03/18/2026\n"
                "  Upper endoscopy .................................. to be scheduled\n",
            ),
        },
    )["nutrition-evaluation"]
    assert c.status == "missing", (c.status, c.rationale)


def test_a_checklist_item_done_with_a_later_follow_up_below_stays_done(brief_packet) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-03-02",
        {
            "01_program.txt": ("2025-12-02", PROGRAM),
            "02_surgeon.txt": (
                "2026-02-16",
                "LAKESHORE BARIATRIC SURGERY - CONSULTATION\n"
                "Surgeon: Ivo Brandt, MD, FACS\n\n"
                "PRE-OPERATIVE CHECKLIST\n"
                "  Registered dietitian evaluation .................. completed 01/20/2026 "
                "(J. Oyelaran, RD);\n"
                "        follow-up booked 03/18/2026\n",
            ),
        },
    )["nutrition-evaluation"]
    assert c.status == "met", (c.status, c.rationale)


HSAT = (
    "HOME SLEEP APNEA TEST REPORT\n"
    "RESULTS            Events    Index\n"
    "AHI (3%)              180      24.0\n"
    "IMPRESSION: Moderate obstructive sleep apnea, AHI 24.0 events/hour.\n"
)

SETUP = "NORTHWIND HOME MEDICAL - CPAP SET-UP\nCPAP set up 09/01/2025, auto 5-15, nasal mask.\n"


def _cpap_packet(visit_text: str) -> dict:
    return {
        "01_pcp.txt": (
            "2025-07-15",
            "OFFICE VISIT (in person)\nLoud snoring, witnessed apneas, Epworth 14/24. "
            "Neck 17 in. BMI 33.\nPLAN: home sleep apnea test.\n",
        ),
        "02_hsat.txt": ("2025-08-04", HSAT),
        "03_setup.txt": ("2025-09-01", SETUP),
        "04_followup.txt": ("2025-11-03", visit_text),
    }


def test_another_problems_improvement_is_no_cpap_benefit(brief_packet) -> None:
    c = brief_packet(
        "cpap-osa",
        "2026-01-12",
        _cpap_packet(
            "NORTHWIND SLEEP CLINIC\nSleep Medicine Follow-up - PAP (in-clinic visit)\n"
            "Date: 11/03/2025\n\n"
            "SUBJECTIVE\nOn CPAP about 9 weeks. He reports no change in his daytime sleepiness "
            "and still naps after lunch. Epworth 14/24 today.\n\n"
            "ASSESSMENT\n"
            "  1. OSA on CPAP without clinical benefit so far.\n"
            "  2. Chronic insomnia, improving with CBT-I.\n"
            "  3. HTN - better on amlodipine.\n\n"
            "PLAN\n  - Mask refit. Recheck in 6 weeks.\n"
        ),
        request_type="continuation",
    )["clinical-reevaluation"]
    assert c.status == "not_met", (c.status, c.rationale)


def test_improvement_beside_the_apneas_symptoms_still_counts(brief_packet) -> None:
    c = brief_packet(
        "cpap-osa",
        "2026-01-12",
        _cpap_packet(
            "NORTHWIND SLEEP CLINIC\nSleep Medicine Follow-up - PAP (in-clinic visit)\n"
            "Date: 11/03/2025\n\n"
            "SUBJECTIVE\nOn CPAP about 9 weeks.\n\n"
            "ASSESSMENT\n"
            "  1. OSA with comorbid insomnia - insomnia and daytime sleepiness both improved "
            "on CPAP (Epworth 14 -> 6).\n\n"
            "PLAN\n  - Continue CPAP.\n"
        ),
        request_type="continuation",
    )["clinical-reevaluation"]
    assert c.status == "met", (c.status, c.rationale)
