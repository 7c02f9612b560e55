"""The twenty-third dev batch's classes (helper diagA1).

- a CPAP re-evaluation's improvement disputed by another record of the same fortnight whose
  account of persisting symptoms is worded as clinicians and patients say it: "still falling
  asleep at my desk", "keeps nodding off", "the CPAP hasn't made a difference", "doesn't feel
  any different", "nodded off at the wheel" -- needs_review, not met;
- a download table's row labelled by its days of therapy ("(d1-30)") whose dates, written day
  first in a record that also writes them month first, were misread: the row is dated by its
  label, and its 50% against the supplier's 80% for the same 30 days is a contradiction;
- a clearance decision written as a labelled field ("Psychological clearance for bariatric
  surgery: DEFERRED") is a decision, not silence;
- an emergency or inpatient consult's clearance for a disposition ("psychiatrically cleared
  for discharge") is no pre-surgical clearance.

Every text is invented for the test.
"""

from __future__ import annotations

CPAP = "cpap-osa"
BARIATRIC = "bariatric-surgery"

# -- a re-evaluation's improvement against an account of persisting symptoms ---------------

PCP = (
    "OFFICE VISIT (in person)\nLoud snoring, witnessed apneas, Epworth 15/24. "
    "Neck 17.5 in. BMI 34.\nPLAN: home sleep apnea test.\n"
)
HSAT = (
    "HOME SLEEP APNEA TEST REPORT\n"
    "RESULTS            Events    Index\n"
    "AHI (3%)              170      22.5\n"
    "IMPRESSION: Moderate obstructive sleep apnea, AHI 22.5 events/hour.\n"
)
SETUP = "BRIGHTWATER HOME MEDICAL - CPAP SET-UP\nCPAP set up 09/02/2025, auto 6-16, nasal mask.\n"
IMPROVED_VISIT = (
    "BRIGHTWATER SLEEP CLINIC\nSleep Medicine Follow-up - PAP (in-clinic visit)\n"
    "Date: 11/04/2025\n\n"
    "SUBJECTIVE\nOn CPAP about 9 weeks. Wakes refreshed, snoring gone per his partner. "
    "No longer naps after lunch. Epworth 6/24 today (was 15/24).\n\n"
    "ASSESSMENT\n  1. OSA on CPAP with clear symptomatic benefit.\n\n"
    "PLAN\n  - Continue CPAP. Return in 12 months.\n"
)


def _reevaluation(rival_text: str, brief_packet) -> object:
    return brief_packet(
        CPAP,
        "2026-01-12",
        {
            "01_pcp.txt": ("2025-07-16", PCP),
            "02_hsat.txt": ("2025-08-05", HSAT),
            "03_setup.txt": ("2025-09-02", SETUP),
            "04_followup.txt": ("2025-11-04", IMPROVED_VISIT),
            "05_other.txt": ("2025-11-07", rival_text),
        },
        request_type="continuation",
    )["clinical-reevaluation"]


def test_still_falling_asleep_disputes_the_improvement(brief_packet) -> None:
    c = _reevaluation(
        "BRIGHTWATER HOME MEDICAL - RESPIRATORY THERAPY VISIT (in person)\n"
        "Date: 11/07/2025\n"
        "Mask refit for a sore nose. Pt says he is still falling asleep at his desk every "
        "afternoon.\nRefit to a medium full face mask.\n",
        brief_packet,
    )
    assert c.status == "needs_review", (c.status, c.rationale)
    assert any("still falling asleep" in e.quote for e in c.evidence)


def test_no_difference_told_in_the_patients_words_disputes_the_improvement(
    brief_packet,
) -> None:
    c = _reevaluation(
        "RIVERBEND WALK-IN CLINIC - PROVIDER NOTE\nDate: 11/07/2025\n"
        "CC: sore throat x 2 days.\n"
        'Mentions the CPAP "hasn\'t made a difference" for his sleep.\n'
        "Dx: viral pharyngitis. Fluids, rest.\n",
        brief_packet,
    )
    assert c.status == "needs_review", (c.status, c.rationale)


def test_doesnt_feel_any_different_disputes_the_improvement(brief_packet) -> None:
    c = _reevaluation(
        "BRIGHTWATER HOME MEDICAL - RESPIRATORY THERAPY VISIT (in person)\n"
        "Date: 11/07/2025\n"
        "Mask refit. Asked about therapy, pt says his sleep doesn't feel any different since "
        "the machine arrived.\nRefit to a medium full face mask.\n",
        brief_packet,
    )
    assert c.status == "needs_review", (c.status, c.rationale)


def test_nodded_off_at_the_wheel_disputes_the_improvement(brief_packet) -> None:
    c = _reevaluation(
        "RIVERBEND URGENT CARE - PROVIDER NOTE\nDate: 11/07/2025\n"
        "CC: wrist pain after a minor car crash this morning.\n"
        "He nodded off at the wheel and drifted into a post.\n"
        "Dx: wrist sprain. Splint, ibuprofen.\n",
        brief_packet,
    )
    assert c.status == "needs_review", (c.status, c.rationale)


# -- a download table's row dated by its days of therapy ------------------------------------

SUPPLIER_REPORT = (
    "MESA HOME RESPIRATORY - PAP COMPLIANCE REPORT\n"
    "Setup date:     01/14/2026\n"
    "Report period:  01/14/2026 - 02/12/2026  (30 days)\n\n"
    "USAGE\n"
    "  Usage days                          29/30 days (96.7%)\n"
    "  >= 4 hours                          24/30 days (80.0%)\n"
)


def _sleep_note(rows: str) -> str:
    return (
        "DESERT SLEEP ASSOCIATES\nOFFICE VISIT - PAP FOLLOW-UP              Date: 04/27/2026\n"
        "Visit type: in person\n\n"
        "APAP set up 14/01/2026 by Mesa. Feels somewhat better, ESS 9 from 13.\n\n"
        "Card download from his machine:\n"
        "   Period                      nights >= 4 h     %      avg use\n"
        f"{rows}"
        "   Residual AHI 2.4/hr.\n\n"
        "A: OSA on APAP - partial adherence by our download.\n"
    )


def _adherence(note: str, brief_packet) -> object:
    return brief_packet(
        CPAP,
        "2026-05-04",
        {
            "01_supplier.txt": ("2026-02-13", SUPPLIER_REPORT),
            "02_sleep_note.txt": ("2026-04-27", note),
        },
        request_type="continuation",
    )["adherence"]


def test_a_day_first_row_labelled_by_its_days_disputes_the_suppliers_report(brief_packet) -> None:
    c = _adherence(
        _sleep_note(
            "   14/01 - 12/02 (d1-30)         15/30          50%       4 h 05 min\n"
            "   13/02 - 14/03 (d31-60)        17/30          57%       4 h 20 min\n"
        ),
        brief_packet,
    )
    assert c.status == "needs_review", (c.status, c.rationale)


# -- clearance decisions: a labelled field, a disposition -----------------------------------

PROGRAM = (
    "CEDAR RIDGE MEDICAL WEIGHT PROGRAM\n"
    "Physician-supervised weight program - visit log\n"
    "Supervising physician: Lena Moritz, MD\n\n"
    "Date        Wt (lb)  BMI   Counseling\n"
    "05/05/2025  281      44.0  Intake, 1500 kcal plan, food log\n"
    "06/02/2025  278      43.5  diet and activity counseling\n"
    "07/07/2025  276      43.2  diet and activity counseling\n"
    "08/04/2025  273      42.8  diet and activity counseling\n"
    "09/08/2025  270      42.3  diet and activity counseling\n"
    "10/06/2025  268      42.0  diet and activity counseling\n"
    "11/03/2025  266      41.7  final program visit\n"
)
PSYCH_FIELD_DEFERRED = (
    "NORTHGATE BEHAVIORAL HEALTH\n"
    "PRE-SURGICAL PSYCHOLOGICAL EVALUATION - BARIATRIC SURGERY\n"
    "Evaluator: Tobias Renner, PhD, Licensed Psychologist\n"
    "Date of evaluation: 12/09/2025\n\n"
    "Untreated night eating with loss of control; PHQ-9 12.\n\n"
    "RECOMMENDATION\n"
    " >> Psychological clearance for bariatric surgery: DEFERRED at this time.\n"
    "Ten sessions of CBT first; re-evaluation after treatment.\n"
)
SURGEON_SAYS_CLEARED = (
    "CEDAR RIDGE BARIATRIC SURGERY - LETTER OF MEDICAL NECESSITY\n"
    "Surgeon: Anika Strand, MD, FACS\n\n"
    "Pre-operative requirements:\n"
    " [X] Psychological evaluation: completed 12/09/2025 with Dr. Renner - cleared for surgery.\n"
)


def test_a_clearance_field_deferred_is_not_cleared(brief_packet) -> None:
    c = brief_packet(
        BARIATRIC,
        "2026-02-02",
        {
            "01_program.txt": ("2025-11-03", PROGRAM),
            "02_psych.txt": ("2025-12-09", PSYCH_FIELD_DEFERRED),
        },
    )["psych-evaluation"]
    assert c.status == "not_met", (c.status, c.rationale)


def test_a_surgeon_calling_a_deferred_clearance_cleared_needs_review(brief_packet) -> None:
    c = brief_packet(
        BARIATRIC,
        "2026-02-02",
        {
            "01_program.txt": ("2025-11-03", PROGRAM),
            "02_psych.txt": ("2025-12-09", PSYCH_FIELD_DEFERRED),
            "03_surgeon.txt": ("2026-01-20", SURGEON_SAYS_CLEARED),
        },
    )["psych-evaluation"]
    assert c.status == "needs_review", (c.status, c.rationale)


ED_NOTE = (
    "ST. BRENDAN HOSPITAL - EMERGENCY DEPARTMENT SUMMARY\n"
    "Encounter date: 07/19/2025\n"
    "CC: palpitations, shaking.\n"
    "Tele-psychiatry consult: panic attack; no SI/HI. Pt psychiatrically cleared for "
    "discharge. Outpatient therapy advised.\n"
    "Dispo: home.\n"
)
PSYCH_NOT_CLEARED = (
    "NORTHGATE BEHAVIORAL HEALTH\n"
    "PRE-SURGICAL PSYCHOLOGICAL EVALUATION - BARIATRIC SURGERY\n"
    "Evaluator: Tobias Renner, PhD, Licensed Psychologist\n\n"
    "Ms. Quill is not psychologically cleared for bariatric surgery at this time; "
    "binge eating to be treated first.\n"
)


def test_an_ed_discharge_clearance_is_no_rival_to_not_cleared(brief_packet) -> None:
    c = brief_packet(
        BARIATRIC,
        "2026-02-02",
        {
            "01_program.txt": ("2025-11-03", PROGRAM),
            "02_ed.txt": ("2025-07-19", ED_NOTE),
            "03_psych.txt": ("2025-12-09", PSYCH_NOT_CLEARED),
        },
    )["psych-evaluation"]
    assert c.status == "not_met", (c.status, c.rationale)


def test_an_ed_discharge_clearance_alone_is_no_clearance(brief_packet) -> None:
    c = brief_packet(
        BARIATRIC,
        "2026-02-02",
        {"01_program.txt": ("2025-11-03", PROGRAM), "02_ed.txt": ("2025-07-19", ED_NOTE)},
    )["psych-evaluation"]
    assert c.status != "met", (c.status, c.rationale)


PSYCH_DEFERRED_PENDING = (
    "NORTHGATE BEHAVIORAL HEALTH\n"
    "PRE-SURGICAL PSYCHOLOGICAL EVALUATION - BARIATRIC SURGERY\n"
    "Evaluator: Tobias Renner, PhD, Licensed Psychologist\n"
    "Date of evaluation: 12/09/2025\n\n"
    "Untreated night eating with loss of control; PHQ-9 12.\n\n"
    "RECOMMENDATION\n"
    "Clearance deferred pending completion of 10 sessions of CBT.\n"
)


def test_a_surgeons_recap_of_the_same_evaluation_does_not_fulfil_a_pending_clearance(
    brief_packet,
) -> None:
    # the letter's "cleared" tells the 12/09 evaluation, the one that deferred: no later decision
    c = brief_packet(
        BARIATRIC,
        "2026-02-02",
        {
            "01_program.txt": ("2025-11-03", PROGRAM),
            "02_psych.txt": ("2025-12-09", PSYCH_DEFERRED_PENDING),
            "03_surgeon.txt": ("2026-01-20", SURGEON_SAYS_CLEARED),
        },
    )["psych-evaluation"]
    assert c.status == "needs_review", (c.status, c.rationale)
