"""Which account counts when a packet tells a value or a clearance more than once (helper
diagH1, dev27 misses) -- and the two neighbouring classes the misses turned out to be.

- a qualifier that labels the *next* score on a line of scores ("5/10    worst past week:
  7/10") is that score's: the current score before it stays the day's (dev27ap-02);
- a value its clause dates to an earlier encounter ("at her first visit here (BMI 39.6)",
  "on initial evaluation: BMI 39.4") is a past value; the visit's own measurement, told
  later in the same note, is the latest (dev27ap-03);
- an evaluator's addendum that names the evaluation it completes supersedes that
  evaluation's deferral; a deferral pending labs or test results is fulfilled by a later
  clearance (dev27ap-04);
- a checklist's status written before or beside the clearance it holds ("ON HOLD - psych
  clearance", "Psych clearance      DEFERRED") is a hold: against the psychologist's
  clearance, with nothing saying it corrects it, a genuine dispute (dev27nr-05);
- a screening's estimate ("low pretest probability for OSA", "low risk for sleep apnea") is
  no diagnosis: it is not a comorbidity (dev27bm-06).

Each class has two differently-worded invented packets and a near-miss guard that must not
change.  Every text is invented for the test.
"""

from __future__ import annotations

import pytest

# ---------------------------------------------------------------- A: pain score qualifiers

ESI_FORM = (
    "PRIOR AUTHORIZATION REQUEST - EPIDURAL STEROID INJECTION\n"
    "Procedure: L5-S1 interlaminar ESI, CPT 62323\n"
    "Diagnosis: lumbar radiculopathy M54.16\n"
)

OLDER_NOTE = (
    "SPINE CLINIC - FOLLOW-UP\n"
    "Right leg pain radiating to the calf, better after PT. Pain 3/10 today.\n"
    "Exam: SLR positive on the right at 50 degrees.\n"
)


def _latest_note(pain_line: str) -> str:
    return (
        "SPINE CLINIC - FOLLOW-UP\n"
        "HPI: Right buttock and leg pain radiating to the lateral calf has returned over the "
        "past month. She cannot sit more than 20 minutes and has cut her work hours in half.\n\n"
        "Pain assessment\n"
        f"  {pain_line}\n\n"
        "Exam: SLR positive on the right at 40 degrees; decreased sensation lateral calf.\n"
        "Assessment: right L5 radiculopathy.\n"
    )


def _esi(pain_line: str, brief_packet) -> object:
    return brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-05-20",
        {
            "01_form.txt": ("2026-05-20", ESI_FORM),
            "02_older.txt": ("2026-01-10", OLDER_NOTE),
            "03_latest.txt": ("2026-05-06", _latest_note(pain_line)),
        },
        cpt=["62323"],
    )["pain-assessment"]


@pytest.mark.parametrize(
    ("pain_line", "score"),
    [
        ("NRS leg today: 6/10    worst past week: 8/10    back: 2/10", 6),
        ("VAS current 7/10   best in the last few days 4/10", 7),
    ],
)
def test_a_qualifier_of_the_next_score_leaves_the_current_score(
    brief_packet, pain_line, score
) -> None:
    c = _esi(pain_line, brief_packet)
    assert c.status == "met", (c.status, c.rationale)
    assert c.value == score


def test_a_qualifier_of_the_score_itself_still_drops_it(brief_packet) -> None:
    # near miss: "8/10 at its worst" is no current score; the older 3/10 stays the latest one
    c = _esi("Leg pain 8/10 at its worst with sitting", brief_packet)
    assert c.status == "not_met", (c.status, c.rationale)
    assert c.value == 3


# ------------------------------------------------- B: a value told of an earlier encounter

PCP_NOTE = (
    "FAMILY MEDICINE VISIT\n"
    "Vitals: Temp 98.4 | BP 130/80 | Ht 5'4\" | Wt 226 lb | BMI 38.8\n"
    "Left knee pain, worse with stairs. Continue naproxen.\n"
)


def _ortho(history_line: str, vitals_line: str) -> str:
    return (
        "ORTHOPAEDIC SURGERY - PRE-OPERATIVE CONSULT\n"
        "Left knee osteoarthritis, bone on bone medially.\n"
        f"{history_line}\n"
        f"{vitals_line}\n"
        "Plan: left total knee arthroplasty.\n"
    )


def _tka(history_line: str, vitals_line: str, brief_packet) -> object:
    return brief_packet(
        "total-knee-arthroplasty",
        "2026-09-20",
        {
            "01_pcp.txt": ("2026-02-03", PCP_NOTE),
            "02_ortho.txt": ("2026-09-08", _ortho(history_line, vitals_line)),
        },
        cpt=["27447"],
    )["bmi-below-40"]


@pytest.mark.parametrize(
    ("history_line", "vitals_line", "value"),
    [
        (
            "She has gained weight - weighed 230 lb at her first visit here (BMI 39.5), "
            "238 lb today.",
            "Ht 5'4\"   Wt 238 lb   BMI 40.8   BP 134/82",
            40.8,
        ),
        (
            "On initial evaluation in March: BMI 39.4, Wt 232 lb; today Wt 240 lb, BMI 41.2.",
            "Exam: antalgic gait, varus knee.",
            41.2,
        ),
    ],
)
def test_a_value_told_of_an_earlier_encounter_yields_to_the_visits_own(
    brief_packet, history_line, vitals_line, value
) -> None:
    c = _tka(history_line, vitals_line, brief_packet)
    assert c.status == "not_met", (c.status, c.rationale)
    assert c.value == value


def test_a_value_told_as_todays_after_an_earlier_encounter_stays_current(brief_packet) -> None:
    # near miss: the encounter is named, but the value is today's
    c = _tka(
        "Compared with her first visit here, today Wt 226 lb, BMI 39.2 after a diet program.",
        "Exam: antalgic gait, varus knee.",
        brief_packet,
    )
    assert c.status == "met", (c.status, c.rationale)
    assert c.value == 39.2


# ------------------------------------------- C/D: addenda and deferrals pending labs (psych)

PROGRAM = (
    "RIVERSIDE MEDICAL WEIGHT PROGRAM\n"
    "Physician-supervised weight program - visit log\n"
    "Supervising physician: Noor Patel, MD\n\n"
    "Date        Wt (lb)  BMI   Counseling\n"
    "01/06/2026  290      44.1  Intake, 1500 kcal plan, food log\n"
    "02/03/2026  287      43.6  diet and activity counseling\n"
    "03/03/2026  285      43.3  diet and activity counseling\n"
    "04/07/2026  282      42.9  diet and activity counseling\n"
    "05/05/2026  280      42.6  diet and activity counseling\n"
    "06/02/2026  278      42.3  diet and activity counseling\n"
    "07/14/2026  276      42.0  final program visit\n"
)

RD = (
    "NUTRITION ASSESSMENT - PRE-BARIATRIC\n"
    "Dietitian: Lena Ortiz, RD, LDN\n"
    "Diet recall reviewed; post-op diet stages taught. Appropriate from a nutrition standpoint.\n"
)


def _psych_eval(decision: str) -> str:
    return (
        "NORTHGATE BEHAVIORAL HEALTH\n"
        "PRE-SURGICAL PSYCHOLOGICAL EVALUATION - BARIATRIC SURGERY\n"
        "Evaluator: Marta Quell, PhD, Licensed Psychologist\n\n"
        "Mood low for two months with fatigue and cold intolerance. No eating disorder.\n\n"
        f"RECOMMENDATION: {decision}\n\n"
        "Marta Quell, PhD\n"
    )


def _psych_followup(heading: str, decision: str) -> str:
    return (
        "NORTHGATE BEHAVIORAL HEALTH\n"
        f"{heading}\n"
        "Evaluator: Marta Quell, PhD, Licensed Psychologist\n\n"
        "TSH was high; levothyroxine started. Mood and energy are much better today.\n\n"
        f"{decision}\n\n"
        "Marta Quell, PhD\n"
    )


def _bariatric(records: dict, brief_packet) -> dict:
    base = {
        "01_program.txt": ("2026-07-14", PROGRAM),
        "02_rd.txt": ("2026-02-10", RD),
    }
    return brief_packet("bariatric-surgery", "2026-09-30", {**base, **records}, cpt=["43775"])


@pytest.mark.parametrize(
    ("heading", "decision"),
    [
        (
            "ADDENDUM TO PRE-SURGICAL PSYCHOLOGICAL EVALUATION OF 07/20/2026",
            "FINAL RECOMMENDATION: From a psychological standpoint she is CLEARED to proceed "
            "with bariatric surgery.",
        ),
        (
            "Psychology progress note - addendum to my assessment dated 7/20/2026",
            "She is now psychologically cleared for sleeve gastrectomy.",
        ),
    ],
)
def test_an_addendum_naming_the_evaluation_supersedes_its_refusal(
    brief_packet, heading, decision
) -> None:
    # the first report's refusal is no deferral "pending" anything: only the addendum's
    # explicit update resolves it
    c = _bariatric(
        {
            "03_psych.txt": (
                "2026-07-20",
                _psych_eval("At this time I am unable to clear her for bariatric surgery."),
            ),
            "04_followup.txt": ("2026-09-01", _psych_followup(heading, decision)),
        },
        brief_packet,
    )["psych-evaluation"]
    assert c.status == "met", (c.status, c.rationale)


@pytest.mark.parametrize(
    "deferral",
    [
        "Surgical clearance is DEFERRED pending labs (TSH, free T4).",
        "Psychological clearance deferred until thyroid testing results are available.",
    ],
)
def test_a_deferral_pending_labs_is_fulfilled_by_the_later_clearance(
    brief_packet, deferral
) -> None:
    c = _bariatric(
        {
            "03_psych.txt": ("2026-07-20", _psych_eval(deferral)),
            "04_followup.txt": (
                "2026-09-01",
                _psych_followup(
                    "PSYCHOLOGY FOLLOW-UP VISIT",
                    "She is cleared to proceed with bariatric surgery.",
                ),
            ),
        },
        brief_packet,
    )["psych-evaluation"]
    assert c.status == "met", (c.status, c.rationale)


def test_another_evaluators_later_clearance_still_disputes_a_refusal(brief_packet) -> None:
    # near miss: no addendum, no pending condition -- a second psychologist's report clears
    # where the first one refused; neither corrects the other
    other = (
        "EASTSIDE PSYCHOLOGY ASSOCIATES\n"
        "PRE-SURGICAL PSYCHOLOGICAL EVALUATION\n"
        "Evaluator: Dana Whitcomb, PsyD\n\n"
        "She is cleared to proceed with bariatric surgery.\n"
    )
    c = _bariatric(
        {
            "03_psych.txt": (
                "2026-07-20",
                _psych_eval("At this time I am unable to clear her for bariatric surgery."),
            ),
            "04_other.txt": ("2026-09-01", other),
        },
        brief_packet,
    )["psych-evaluation"]
    assert c.status == "needs_review", (c.status, c.rationale)


# ------------------------------------------------ E: a checklist's status before its item

PSYCH_CLEARED = _psych_eval(
    "She is psychologically cleared to proceed with bariatric surgery. No further sessions "
    "are required."
)


def _checklist(psych_row: str) -> str:
    return (
        "BARIATRIC PROGRAM - PRE-OPERATIVE READINESS CHECKLIST\n"
        "Prepared by: program coordinator\n\n"
        " Requirement                       Date         Status\n"
        " Surgical consult                  02/02/2026   Complete\n"
        " RD nutrition evaluation           02/10/2026   Complete\n"
        f"{psych_row}\n"
        " EGD                               08/2026      Complete\n"
    )


@pytest.mark.parametrize(
    "psych_row",
    [
        " Psychological evaluation          07/20/2026   ON HOLD - psych clearance pending"
        " 3 CBT sessions",
        " Psychological clearance (Dr. Quell)   07/20/2026     DEFERRED",
    ],
)
def test_a_checklists_hold_of_the_clearance_disputes_the_report(brief_packet, psych_row) -> None:
    c = _bariatric(
        {
            "03_psych.txt": ("2026-07-20", PSYCH_CLEARED),
            "04_checklist.txt": ("2026-09-10", _checklist(psych_row)),
        },
        brief_packet,
    )["psych-evaluation"]
    assert c.status == "needs_review", (c.status, c.rationale)


def test_a_checklist_holding_another_clearance_leaves_the_psych_one(brief_packet) -> None:
    # near miss: the hold is the PCP's medical clearance; the psychology row is complete
    row = (
        " Psychological evaluation          07/20/2026   Complete - cleared\n"
        " PCP medical clearance             pending      ON HOLD"
    )
    c = _bariatric(
        {
            "03_psych.txt": ("2026-07-20", PSYCH_CLEARED),
            "04_checklist.txt": ("2026-09-10", _checklist(row)),
        },
        brief_packet,
    )["psych-evaluation"]
    assert c.status == "met", (c.status, c.rationale)


# ------------------------------------------- F: a screening estimate is no comorbidity


def _pcp_bmi_37(problem_line: str) -> str:
    return (
        "PRIMARY CARE VISIT\n"
        "Vitals: BP 124/78 | Ht 5'6\" | Wt 230 lb | BMI 37.1\n"
        "Obesity, in a supervised program. A1c 5.6, lipids normal, no hypertension.\n"
        f"{problem_line}\n"
    )


@pytest.mark.parametrize(
    "problem_line",
    [
        "Snoring - low pretest probability for OSA; no sleep study indicated at this time.",
        "STOP-BANG 2, low risk for obstructive sleep apnea; no testing needed.",
    ],
)
def test_a_screening_estimate_is_no_comorbidity(brief_packet, problem_line) -> None:
    c = _bariatric({"03_pcp.txt": ("2026-08-20", _pcp_bmi_37(problem_line))}, brief_packet)[
        "bmi-comorbidity"
    ]
    assert c.status == "not_met", (c.status, c.rationale)
    assert c.value == 37.1


def test_a_diagnosed_sleep_apnea_still_qualifies(brief_packet) -> None:
    # near miss: the condition is diagnosed and treated
    c = _bariatric(
        {
            "03_pcp.txt": (
                "2026-08-20",
                _pcp_bmi_37("Obstructive sleep apnea (PSG 2024, AHI 22) - on CPAP nightly."),
            )
        },
        brief_packet,
    )["bmi-comorbidity"]
    assert c.status == "met", (c.status, c.rationale)


# --------------------------------- G: a past-tense value that names its own, later day

KNEE_CONSULT = (
    "ORTHOPAEDIC SURGERY CONSULT\n"
    "Right knee osteoarthritis, bone on bone medially on standing films.\n"
    "Vitals: Ht 5'6\" | Wt 250 lb | BMI 40.4\n"
    "Plan: supervised diet program before right total knee arthroplasty.\n"
)


def _knee_letter(line: str) -> str:
    return (
        "LETTER OF MEDICAL NECESSITY - RIGHT TOTAL KNEE ARTHROPLASTY\n"
        "Dear reviewer,\n"
        "At our consult on 02/10/2026 her BMI was 40.4 and we asked her to lose weight first.\n"
        f"{line}\n"
        "Sincerely, R. Adeyemi, MD\n"
    )


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("Her most recent weight, 08/20/2026, was 241 lb (BMI 38.9).", 38.9),
        ("On 08/24/2026 her weight at the program was 243 lb, BMI 39.2.", 39.2),
    ],
)
def test_a_past_tense_value_dated_after_the_charts_is_the_latest(brief_packet, line, value) -> None:
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-09-15",
        {
            "01_consult.txt": ("2026-02-10", KNEE_CONSULT),
            "02_letter.txt": ("2026-09-10", _knee_letter(line)),
        },
        cpt=["27447"],
    )["bmi-below-40"]
    assert c.status == "met", (c.status, c.rationale)
    assert c.value == value


def test_a_past_tense_value_without_its_day_still_yields(brief_packet) -> None:
    # near miss: "was 38.9 at referral" names no day; the measured 40.4 stays the latest
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-09-15",
        {
            "01_consult.txt": ("2026-02-10", KNEE_CONSULT),
            "02_letter.txt": ("2026-09-10", _knee_letter("Her BMI was 38.9 at referral.")),
        },
        cpt=["27447"],
    )["bmi-below-40"]
    assert c.status == "not_met", (c.status, c.rationale)
    assert c.value == 40.4
