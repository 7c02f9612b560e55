"""Narrative accounts of programs, device use and evaluations (mining round N).

Every packet here is invented.  Each class of writing is shown in at least two wordings,
with near-misses that must not change.
"""

from __future__ import annotations

import pytest

CPAP_FORM = (
    "DME PRIOR AUTHORIZATION\nRequest type: Continuation of coverage\nHCPCS: E0601\n"
    "DME supplier: Northgate Home Respiratory\nSet-up date: 11/03/2025\n"
)


def _cpap_followup(sentence: str) -> str:
    return (
        "SLEEP MEDICINE FOLLOW-UP (office visit)\n"
        "Seen in clinic today for obstructive sleep apnea on CPAP 9 cm H2O.\n"
        f"{sentence}\n"
        "Snoring has resolved per his wife and he wakes more rested. Epworth 7.\n"
        "Plan: continue CPAP.\n"
    )


def _adherence(brief_packet, sentence: str, request_type: str = "continuation"):
    return brief_packet(
        "cpap-osa",
        "2026-02-20",
        {
            "01_dme_form.txt": ("2026-02-20", CPAP_FORM),
            "02_followup.txt": ("2026-01-19", _cpap_followup(sentence)),
        },
        request_type,
    )["adherence"]


# ---- A. CPAP use told in words, no download: not_met (not missing) --------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "He says he uses it most nights but takes it off around 3 am.",
        "She estimates that she wears the CPAP about 3 hours a night.",
        "Reports using his machine 5 to 6 nights per week.",
        "Patient states he is compliant with CPAP.",
        "She has not been able to tolerate the mask and sleeps without it.",
        "Initially he could not tolerate the mask, but now uses it nightly.",
    ],
)
def test_cpap_use_told_in_words_is_not_met(brief_packet, sentence):
    c = _adherence(brief_packet, sentence)
    assert c.status == "not_met", c.rationale
    assert c.value is None
    assert any(sentence.split()[1] in e.quote for e in c.evidence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Continue CPAP nightly, at least 4 hours a night.",  # an instruction
        "She was encouraged to wear it every night.",  # advice
        "He uses CPAP.",  # a label: no frequency, no compliance word
        "During the admission he used the CPAP every night.",  # in hospital
        "He sleeps about 6 hours a night.",  # sleep, not the device
    ],
)
def test_cpap_instruction_or_label_stays_missing(brief_packet, sentence):
    assert _adherence(brief_packet, sentence).status == "missing"


def test_cpap_download_still_decides_over_words(brief_packet):
    c = _adherence(
        brief_packet,
        "He uses it every night. Download 11/04/2025-12/03/2025: used >= 4 hours on 27 of 30 "
        "nights (90%).",
    )
    assert c.status == "met" and "90%" in c.rationale


def test_cpap_words_on_an_initial_request_do_not_apply(brief_packet):
    assert _adherence(brief_packet, "She uses it most nights.", "initial").status == (
        "not_applicable"
    )


# ---- B. a medically supervised program told without dates: not_met at 0 months -------------


def _program(brief_packet, sentence: str):
    note = (
        "BARIATRIC SURGERY CONSULTATION\n"
        "HPI: 47-year-old woman with class III obesity, BMI 44, type 2 diabetes.\n"
        f"{sentence}\n"
        "Plan: proceed with pre-operative work-up for sleeve gastrectomy.\n"
    )
    return brief_packet(
        "bariatric-surgery", "2026-02-20", {"01_consult.txt": ("2026-01-22", note)}
    )["supervised-weight-loss-6mo"]


@pytest.mark.parametrize(
    "sentence",
    [
        "She was followed by her PCP for weight loss without lasting success.",
        "She completed a physician-supervised diet program and regained the weight.",
        "Her weight loss attempts were supervised by her internist.",
        "She has not lost weight despite a medically supervised diet.",
    ],
)
def test_supervised_program_told_without_dates_is_not_met_at_zero(brief_packet, sentence):
    c = _program(brief_packet, sentence)
    assert c.status == "not_met", c.rationale
    assert c.value == 0
    assert c.evidence


@pytest.mark.parametrize(
    "sentence",
    [
        "She has tried Weight Watchers, NutriSystem and Jenny Craig without success.",  # commercial
        "She has never been in a doctor-supervised program.",  # negated
        "No prior physician-supervised or medical weight management program.",
        "Her insurance requires a supervised weight loss program.",  # a rule
        "She will enroll in our medically supervised weight loss program.",  # planned
        "Her doctor has told her to lose weight.",  # advice
        "She was in a medically supervised weight loss program in 2015.",  # dated, outside
    ],
)
def test_program_near_misses_stay_missing(brief_packet, sentence):
    assert _program(brief_packet, sentence).status == "missing"


# ---- C. psychological clearance, and its refusal, told in words -----------------------------


def _psych(brief_packet, sentence: str):
    note = (
        "BARIATRIC SURGERY FOLLOW-UP\n"
        "HPI: 39-year-old man, BMI 47, hypertension, here before sleeve gastrectomy.\n"
        f"{sentence}\n"
        "Plan: continue pre-operative diet.\n"
    )
    return brief_packet("bariatric-surgery", "2026-02-20", {"01_note.txt": ("2026-02-02", note)})[
        "psych-evaluation"
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Psychiatric clearance for bariatric surgery was obtained.",
        "He has received psychological clearance from Dr. Ames.",
        "He was evaluated by Dr. Reyes (psychology) and felt to be an acceptable candidate.",
    ],
)
def test_clearance_told_as_obtained_is_met(brief_packet, sentence):
    assert _psych(brief_packet, sentence).status == "met"


@pytest.mark.parametrize(
    "sentence",
    [
        "He was seen by psychology, who recommended he postpone surgery.",
        "His psychologist recommended delaying surgery until his binge eating is treated.",
        "The psychological evaluation found him not ready for surgery.",
    ],
)
def test_refusal_told_as_advice_to_wait_is_not_met(brief_packet, sentence):
    assert _psych(brief_packet, sentence).status == "not_met"


@pytest.mark.parametrize(
    "sentence",
    [
        "Surgery will not be scheduled until psych clearance obtained.",
        "He needs psychological clearance before surgery.",
        "Psych clearance: not received.",
        "If the psychologist finds he is not ready for surgery, we would delay surgery.",
    ],
)
def test_clearance_awaited_stays_missing(brief_packet, sentence):
    assert _psych(brief_packet, sentence).status == "missing"


# ---- D. a borderline value is not the comorbidity ------------------------------------------


def _bmi(brief_packet, sentence: str):
    note = (
        "BARIATRIC SURGERY CONSULTATION\n"
        "HPI: 52-year-old man referred for gastric bypass.\n"
        f"{sentence}\n"
        "Plan: labs, EKG.\n"
    )
    return brief_packet(
        "bariatric-surgery", "2026-02-20", {"01_consult.txt": ("2026-01-22", note)}
    )["bmi-comorbidity"]


@pytest.mark.parametrize(
    "sentence",
    [
        "BMI 38.2. Problems: borderline diabetes.",
        "BMI 37. He has borderline hypertension, not treated.",
        "BMI 36. Lipids: borderline high cholesterol.",
    ],
)
def test_borderline_condition_does_not_qualify(brief_packet, sentence):
    c = _bmi(brief_packet, sentence)
    assert c.status == "not_met" and c.value == pytest.approx(
        float(sentence.split()[1].rstrip("."))
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "BMI 37, borderline diabetes, hypertension on lisinopril.",  # a real one beside it
        "BMI 38.2 with type 2 diabetes on metformin.",
    ],
)
def test_real_comorbidity_still_qualifies(brief_packet, sentence):
    assert _bmi(brief_packet, sentence).status == "met"
