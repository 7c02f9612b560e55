"""Measurements (casebrief.nlp.measurements): BMI, AHI/RDI, pain, KL grade, Epworth, CPAP use."""

from __future__ import annotations

from datetime import date

import pytest

from casebrief.nlp.measurements import find_measurements
from casebrief.nlp.pipeline import get_pipeline, process


@pytest.fixture(scope="session")
def nlp():
    return get_pipeline()


def _values(text: str, kind: str) -> list[float]:
    return [m.value for m in find_measurements(text) if m.kind == kind]


def _one(text: str, kind: str):
    ms = [m for m in find_measurements(text) if m.kind == kind]
    assert len(ms) == 1, f"{text!r}: expected one {kind}, got {ms}"
    return ms[0]


# ---------------------------------------------------------------- BMI -----------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("BMI 40.7 kg/m2", 40.7, id="bmi-with-unit"),
        pytest.param("BMI: 43.25", 43.25, id="bmi-colon-2dp"),
        pytest.param("body mass index of 38", 38.0, id="body-mass-index-of"),
        pytest.param("BMI 39.6", 39.6, id="bmi-plain"),
        pytest.param("BMI is 35.2 kg/m²", 35.2, id="bmi-superscript-unit"),
        pytest.param("Weight 250 lb, 40.7 kg/m2", 40.7, id="unit-only"),
    ],
)
def test_bmi_written(text: str, value: float) -> None:
    m = _one(text, "bmi")
    assert m.value == pytest.approx(value, abs=0.01)
    assert m.derived is False


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("BMI 2019 records reviewed", id="year-not-bmi"),
        pytest.param("BMI 4.5", id="too-small"),
    ],
)
def test_bmi_out_of_range_rejected(text: str) -> None:
    assert _values(text, "bmi") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("Height: 5' 11\"   Weight: 204 lb", 28.5, id="ft-in-lb"),
        pytest.param("Ht 5'11\" Wt 204 lbs", 28.5, id="ht-wt-abbrev"),
        pytest.param("Height 165 cm, Weight 90 kg", 33.1, id="cm-kg"),
        pytest.param("Height: 71 in  Weight: 204 lb", 28.5, id="inches-lb"),
    ],
)
def test_bmi_derived_from_height_and_weight(text: str, value: float) -> None:
    m = _one(text, "bmi")
    assert m.derived is True
    assert m.value == pytest.approx(value, abs=0.1)


def test_written_bmi_suppresses_derived() -> None:
    text = "Height 165 cm, Weight 90 kg, BMI 33.1"
    ms = [m for m in find_measurements(text) if m.kind == "bmi"]
    assert [(m.value, m.derived) for m in ms] == [(33.1, False)]


def test_no_bmi_from_weight_alone() -> None:
    assert _values("BP 128/82, pulse 72, weight 204 lb", "bmi") == []


# ---------------------------------------------------------------- AHI / RDI -----------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("AHI of 18.6 events/hr", 18.6, id="ahi-of"),
        pytest.param("RDI 22", 22.0, id="rdi"),
        pytest.param("pAHI 11.4", 11.4, id="pahi"),
        pytest.param("AHI (4%) 18.6/h", 18.6, id="ahi-4pct-rule"),
        pytest.param("Apnea-hypopnea index: 31.2", 31.2, id="spelled-out"),
        pytest.param("REI = 9", 9.0, id="rei"),
    ],
)
def test_ahi(text: str, value: float) -> None:
    assert _one(text, "ahi").value == pytest.approx(value)


def test_ahi_not_a_percentage() -> None:
    assert _values("AHI 3% rule", "ahi") == []


# ---------------------------------------------------------------- pain -----------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("NRS 7/10", 7.0, id="nrs-slash"),
        pytest.param("VAS 6", 6.0, id="vas"),
        pytest.param("pain 7 out of 10", 7.0, id="out-of-10"),
        pytest.param("Pain is 3/10 at rest", 3.0, id="pain-is-slash"),
        pytest.param("rates her pain 8/10 with walking", 8.0, id="rates-pain"),
        pytest.param("pain score: 10/10", 10.0, id="ten"),
    ],
)
def test_pain(text: str, value: float) -> None:
    assert _one(text, "pain").value == value


def test_strength_is_not_pain() -> None:
    assert _values("Strength 5/5 bilaterally.", "pain") == []


# ---------------------------------------------------------------- KL grade -------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("KL grade III", 3, id="kl-roman"),
        pytest.param("Kellgren-Lawrence grade 4", 4, id="kellgren-lawrence-arabic"),
        pytest.param("Kellgren-Lawrence grade IV", 4, id="kellgren-lawrence-roman"),
        pytest.param("K-L grade 2 changes of the left knee", 2, id="k-l"),
        pytest.param("grade 3 Kellgren-Lawrence", 3, id="grade-first"),
    ],
)
def test_kl_grade(text: str, value: int) -> None:
    assert _one(text, "kl_grade").value == value


# ---------------------------------------------------------------- Epworth --------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("ESS 14/24", 14, id="ess-slash"),
        pytest.param("Epworth Sleepiness Scale score of 14", 14, id="epworth-long"),
        pytest.param("Epworth: 6", 6, id="epworth-colon"),
    ],
)
def test_epworth(text: str, value: int) -> None:
    assert _one(text, "epworth").value == value


def test_epworth_over_24_rejected() -> None:
    assert _values("ESS 30", "epworth") == []


# ---------------------------------------------------------------- CPAP adherence -------------
def test_cpap_nights_ratio() -> None:
    m = _one("Days with usage >= 4 hours: 24 of 30 days (80%)", "cpap_nights_ratio")
    assert m.value == 24
    assert m.extra == 30


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("Usage >= 4 h: 87% of nights", 87.0, id="ge-4h-pct"),
        pytest.param("Percent of nights with usage >= 4 hours: 80%", 80.0, id="pct-after"),
        pytest.param("73.3% of nights with usage >= 4 hours", 73.3, id="pct-before"),
    ],
)
def test_cpap_pct_nights(text: str, value: float) -> None:
    assert _one(text, "cpap_pct_nights").value == pytest.approx(value)


# ---------------------------------------------------------------- spans and pipeline ----------
def test_measurement_span_covers_value() -> None:
    text = "Vitals: BP 130/84. BMI 40.7 kg/m2 today."
    m = _one(text, "bmi")
    assert "40.7" in text[m.start : m.end]


def test_pipeline_sets_measurements(nlp) -> None:
    text = "Height: 5' 11\"  Weight: 204 lb\nEpworth score 14. AHI 18.6/h. NRS 7/10."
    doc = process(text, date(2026, 3, 10), nlp=nlp)
    kinds = {m.kind: m.value for m in doc._.measurements}
    assert kinds["bmi"] == pytest.approx(28.5, abs=0.1)
    assert kinds["epworth"] == 14
    assert kinds["ahi"] == pytest.approx(18.6)
    assert kinds["pain"] == 7


def test_a_date_is_not_a_pain_score() -> None:
    """ "INTERVENTIONAL PAIN PROCEDURE   Date: 4/10/26": the date 4/10/26 is not 4/10."""
    found = find_measurements("INTERVENTIONAL PAIN PROCEDURE        Date: 4/10/26\n")
    assert [m for m in found if m.kind == "pain"] == []
    assert [m.value for m in find_measurements("Pain 4/10 today.") if m.kind == "pain"] == [4.0]
