"""One measurement given two values on either side of the policy's line -- two records of the
same 30 days of CPAP use, a sleep report's findings against its own impression, a written BMI
against the height and weight written beside it -- is a contradiction a reviewer resolves;
two values on the same side change nothing.  And a qualifying condition at the far end of a
denied list ("No history of hypertension, ..., or stroke") is not documented.  Every packet
is invented for the test; none is copied from a labelled case."""

from __future__ import annotations

import pytest

# ------------------------------------------------------------------ CPAP adherence


def _supplier(ge4: int) -> tuple[str, str]:
    return (
        "2026-04-02",
        "HARBORVIEW RESPIRATORY SUPPLY\nCOMPLIANCE REPORT\nSet-up date: 02/09/2026\n"
        "REPORT PERIOD: 03/02/2026 - 03/31/2026 (30 days)\n\n"
        "  Days in period ........... 30\n"
        f"  Days with usage >= 4 hours ........ {ge4}   ({100 * ge4 / 30:.1f}%)\n"
        "  Average usage (all days) .. 4 hrs 02 mins\n",
    )


def _clinic_note(use_words: str) -> tuple[str, str]:
    # the history paragraph is typed as one line that names the study, the set-up and the
    # download period: the figure's period is its own sentence's
    return (
        "2026-04-20",
        "SLEEP MEDICINE FOLLOW-UP\n"
        "HPI: Mr. Okafor returns for follow-up of severe obstructive sleep apnea found on the "
        "polysomnogram of 01/14/2026. He was set up on auto-CPAP on 02/09/2026 and feels much "
        "better. His download from 03/02/2026 to 03/31/2026 was reviewed today and shows "
        f"{use_words} on 26 of 30 nights (86.7%). Residual AHI 2.1.\n"
        "EXAM: BP 128/78. Alert, well appearing, in no distress.\n",
    )


@pytest.mark.parametrize(
    "use_words",
    [
        "use greater than four hours",
        "use longer than 4 hours",
        "use in excess of 4 h",
    ],
)
def test_a_notes_figure_and_the_suppliers_for_the_same_30_days_disagree(
    brief_packet, use_words
) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-04-24",
        {"01_supplier.txt": _supplier(15), "02_note.txt": _clinic_note(use_words)},
        request_type="continuation",
    )
    c = criteria["adherence"]
    assert c.status == "needs_review", c.rationale
    assert "86.7" in c.rationale and "50" in c.rationale


def test_a_notes_greater_than_four_hours_is_read_alone(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-04-24",
        {"02_note.txt": _clinic_note("use greater than four hours")},
        request_type="continuation",
    )
    assert criteria["adherence"].status == "met", criteria["adherence"].rationale


def test_two_figures_for_the_same_30_days_on_the_same_side_change_nothing(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-04-24",
        {
            "01_supplier.txt": _supplier(24),
            "02_note.txt": _clinic_note("use greater than four hours"),
        },
        request_type="continuation",
    )
    assert criteria["adherence"].status == "met", criteria["adherence"].rationale


def test_a_figure_below_the_paragraph_that_names_its_one_period_is_of_that_period(
    brief_packet,
) -> None:
    # a dictated supplier's call: the period is told a paragraph above the figures
    supplier_call = (
        "2026-04-03",
        "HARBORVIEW RESPIRATORY - RT TELEPHONE NOTE 4/3/2026\n\n"
        "set up on auto CPAP on 02/09/2026 period 30 day check by phone today. modem data "
        "reviewed covering 03/02/2026 through 03/31/2026 period\n\n"
        "usage of 4 hours or more on 13 of 30 days which is 43 percent. any use 20 of 30 days. "
        "mask leak reported, new cushion sent.\n",
    )
    criteria = brief_packet(
        "cpap-osa",
        "2026-04-24",
        {"01_call.txt": supplier_call, "02_note.txt": _clinic_note("use of at least 4 hours")},
        request_type="continuation",
    )
    c = criteria["adherence"]
    assert c.status == "needs_review", c.rationale


# ------------------------------------------------------------------ sleep test AHI

CONSULT = (
    "2026-01-06",
    "SLEEP MEDICINE CONSULTATION - seen in clinic, in person\n"
    "HPI: Loud snoring and witnessed apneas reported by his partner. He wakes rested and "
    "denies dozing while driving. Epworth Sleepiness Scale 5/24.\n"
    "PMH: No history of hypertension, coronary artery disease, heart failure, atrial "
    "fibrillation, diabetes, or stroke.\n"
    "Denies low mood. Neck 17 in. BMI 31.2.\n",
)


def _psg(findings: str, impression: str) -> tuple[str, str]:
    return (
        "2026-01-28",
        "LAKESHORE SLEEP LABORATORY\nPOLYSOMNOGRAPHY REPORT\n"
        "Date of study: 01/24/2026\n\n"
        "An attended overnight diagnostic polysomnogram was performed with a standard montage. "
        "Total sleep time was 361 minutes with a sleep efficiency of 86 percent.\n"
        f"RESPIRATORY: {findings} Lowest oxygen saturation 85 percent.\n\n"
        f"IMPRESSION:\n1. {impression}\n2. No periodic limb movement disorder.\n\n"
        "Signed: K. Adeyemi, MD\n",
    )


@pytest.mark.parametrize(
    ("findings", "impression"),
    [
        (
            "The apnea-hypopnea index was 17.3 events per hour.",
            "Mild obstructive sleep apnea, AHI 7.3/h.",
        ),
        ("Overall AHI 22.0 per hour.", "Mild OSA with an AHI of 9.0 events/hour."),
        ("AHI: 8.1 /hr.", "Moderate obstructive sleep apnea, AHI 18.1 per hour."),
    ],
)
def test_a_sleep_report_that_contradicts_itself_across_the_line_goes_to_review(
    brief_packet, findings, impression
) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-02-10",
        {"01_consult.txt": CONSULT, "02_psg.txt": _psg(findings, impression)},
    )
    c = criteria["sleep-test-ahi"]
    assert c.status == "needs_review", c.rationale


def test_two_values_of_one_report_on_the_same_side_change_nothing(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-02-10",
        {
            "01_consult.txt": CONSULT,
            "02_psg.txt": _psg(
                "The apnea-hypopnea index was 21.4 events per hour.",
                "Moderate obstructive sleep apnea, AHI 21/h.",
            ),
        },
    )
    assert criteria["sleep-test-ahi"].status == "met", criteria["sleep-test-ahi"].rationale


def test_two_scoring_rules_in_one_report_are_not_a_contradiction(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-02-10",
        {
            "01_consult.txt": CONSULT,
            "02_psg.txt": _psg(
                "AHI (3%) 18.2 per hour; AHI (4%) 11.0 per hour.",
                "Obstructive sleep apnea, AHI (4%) 11.0/h.",
            ),
        },
    )
    assert criteria["sleep-test-ahi"].status != "needs_review", criteria["sleep-test-ahi"].rationale


def test_a_prior_study_quoted_in_the_report_is_not_a_contradiction(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-02-10",
        {
            "01_consult.txt": CONSULT,
            "02_psg.txt": _psg(
                "The apnea-hypopnea index was 24.5 events per hour, compared with the previous "
                "study's AHI of 9.",
                "Moderate obstructive sleep apnea, AHI 24.5/h.",
            ),
        },
    )
    assert criteria["sleep-test-ahi"].status == "met", criteria["sleep-test-ahi"].rationale


@pytest.mark.parametrize(
    "history",
    [
        "PMH: No history of hypertension, coronary artery disease, heart failure, atrial "
        "fibrillation, diabetes, or stroke.",
        "Past history: negative for diabetes, asthma, thyroid disease, kidney stones, gout, "
        "hypertension or prior stroke.",
        "He denies chest pain, palpitations, leg swelling, reflux, morning headaches, "
        "depression or insomnia.",
    ],
)
def test_a_condition_at_the_far_end_of_a_denied_list_does_not_qualify_a_mild_ahi(
    brief_packet, history
) -> None:
    consult = (
        "2026-01-06",
        "SLEEP MEDICINE CONSULTATION - seen in clinic, in person\n"
        "HPI: Loud snoring and witnessed apneas reported by his partner. He wakes rested. "
        "Epworth Sleepiness Scale 4/24.\n"
        f"{history}\n"
        "Neck 17 in. BMI 31.2.\n",
    )
    criteria = brief_packet(
        "cpap-osa",
        "2026-02-10",
        {
            "01_consult.txt": consult,
            "02_psg.txt": _psg(
                "The apnea-hypopnea index was 9.6 events per hour.",
                "Mild obstructive sleep apnea, AHI 9.6/h.",
            ),
        },
    )
    c = criteria["sleep-test-ahi"]
    assert c.status == "not_met", c.rationale


# ------------------------------------------------------------------ BMI and its own inputs


def _ortho(vitals: str) -> tuple[str, str]:
    return (
        "2026-05-12",
        "ORTHOPAEDIC SURGERY CONSULTATION\n"
        "HPI: Right knee pain for years, limits walking to one block, stairs one at a time.\n\n"
        f"{vitals}\n\n"
        "EXAM: Right knee effusion, varus, crepitus. Skin intact.\n",
    )


@pytest.mark.parametrize(
    "vitals",
    [
        "VITALS: BP 132/84  P 70  Ht 5'6\"  Wt 262 lb  BMI 38.2",  # 262 lb at 66 in: 42.3
        "Height 170 cm, weight 121 kg, BMI 37.5 kg/m2",  # 41.9
        "Height: 5 ft 10 in\nWeight: 289 lb\nBMI: 36.9",  # a vertical vitals block: 41.5
    ],
)
def test_a_bmi_its_own_height_and_weight_contradict_across_the_line_goes_to_review(
    brief_packet, vitals
) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-05-20",
        {"01_ortho.txt": _ortho(vitals)},
        cpt=["27447"],
        icd10=["M17.11"],
    )
    c = criteria["bmi-below-40"]
    assert c.status == "needs_review", c.rationale


@pytest.mark.parametrize(
    "vitals",
    [
        "VITALS: BP 132/84  Ht 5'6\"  Wt 240 lb  BMI 38.7",  # agrees (38.7)
        "VITALS: Ht 70 in  Wt 279 lb  BMI 39.9",  # 40.0 computed, within a half inch's rounding
        "VITALS: Ht 5'6\"  Wt 236 lb  BMI 36.0",  # computed 38.1: off, but on the same side
    ],
)
def test_a_bmi_its_own_inputs_agree_with_or_keep_on_its_side_is_read_as_written(
    brief_packet, vitals
) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-05-20",
        {"01_ortho.txt": _ortho(vitals)},
        cpt=["27447"],
        icd10=["M17.11"],
    )
    assert criteria["bmi-below-40"].status == "met", criteria["bmi-below-40"].rationale
