"""Classes of real clinicians' writing the core must read (issue 7), each on a small packet
briefed by the real pipeline.  The sentences are invented; each stands for a class of error,
not a phrase to match."""

from __future__ import annotations

import pytest


def _note(text: str) -> str:
    return "OFFICE VISIT\n" + text + "\nEXAM: Straight leg raise negative. Reflexes 2+.\n"


def test_undated_narrative_therapy_is_not_met_with_zero_weeks(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-03-01",
        {
            "n.txt": (
                "2026-02-20",
                _note(
                    "HPI: Low back pain. Has tried naproxen and several "
                    "chiropractic sessions without much benefit."
                ),
            )
        },
    )["conservative-therapy"]
    assert (c.status, c.value) == ("not_met", 0.0), c.rationale
    assert "dates" in c.rationale


def test_a_length_in_words_documents_the_duration_without_a_number(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-03-01",
        {
            "n.txt": (
                "2026-02-20",
                _note(
                    "HPI: Chronic low back pain. He has taken ibuprofen "
                    "daily for years with little relief."
                ),
            )
        },
    )["conservative-therapy"]
    assert (c.status, c.value) == ("met", None), c.rationale


def test_prothrombin_time_is_not_physical_therapy(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-03-01",
        {"lab.txt": ("2026-02-20", _note("LABS: PT 11.0 s, INR 1.0, PTT 29 s. Hemoglobin 13.2."))},
    )["conservative-therapy"]
    assert c.status == "missing", c.rationale


@pytest.mark.parametrize(
    "sentence",
    [
        "Ankle dorsiflexion 3/5 on the right, EHL 3/5.",
        "He is on tacrolimus and mycophenolate after a kidney transplant.",
        "He fell from a roof two days ago and has had back pain since.",
    ],
)
def test_red_flags_in_clinical_words(brief_packet, sentence: str) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-03-01",
        {"n.txt": ("2026-02-27", _note("HPI: Low back pain. " + sentence))},
    )["red-flags"]
    assert c.status == "met", c.rationale


def test_a_hedged_finding_is_not_a_red_flag(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-03-01",
        {
            "n.txt": (
                "2026-02-27",
                _note(
                    "HPI: Low back pain. Discitis cannot be excluded; "
                    "an infection could represent the cause."
                ),
            )
        },
    )["red-flags"]
    assert c.status != "met", c.rationale


def test_vitals_without_units_give_a_bmi(brief_packet) -> None:
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-01",
        {
            "n.txt": (
                "2026-02-20",
                _note("Knee pain limits walking. Vitals: Ht 70, Wt 231, BP 128/80."),
            )
        },
    )["bmi-below-40"]
    assert c.status == "met" and c.value == pytest.approx(33.1, abs=0.2), c.rationale


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("The sleep study showed moderate obstructive sleep apnea.", "met"),
        ("The polysomnogram showed no significant sleep-disordered breathing.", "not_met"),
    ],
)
def test_a_sleep_test_given_as_a_severity(brief_packet, sentence: str, status: str) -> None:
    c = brief_packet(
        "cpap-osa",
        "2026-03-01",
        {"n.txt": ("2026-02-20", "SLEEP MEDICINE FOLLOW-UP\n" + sentence + "\n")},
    )
    assert (c["sleep-test-ahi"].status, c["sleep-test-ahi"].value) == (status, None)


def test_a_dietitians_serial_visits(brief_packet) -> None:
    c = brief_packet(
        "bariatric-surgery",
        "2026-03-01",
        {
            "rd.txt": (
                "2026-02-20",
                "FOLLOW-UP DIETARY CONSULTATION\nWeight today is 250 pounds, "
                "down 20 pounds since I last saw her on 07/10/2025. I reviewed her food "
                "journal and we adjusted her 1500 calorie meal plan.\n",
            )
        },
    )
    assert c["nutrition-evaluation"].status == "met"
    program = c["supervised-weight-loss-6mo"]
    assert program.status == "met" and program.value == pytest.approx(7.4, abs=0.3)


# ------------------------------------------------ what must not be read (second review, issue 7)


@pytest.mark.parametrize(
    ("policy", "criterion", "text"),
    [
        ("lumbar-spine-mri", "red-flags", "Reflexes: quadriceps 2+/4 bilaterally."),
        ("lumbar-spine-mri", "red-flags", "She had a mechanical fall from standing height."),
        (
            "bariatric-surgery",
            "nutrition-evaluation",
            "She is following a 1200 calorie diet and counts her calories with an app.",
        ),
        (
            "bariatric-surgery",
            "supervised-weight-loss-6mo",
            "BARIATRIC SURGERY PROGRAM consult. She has lost 30 pounds over the past 12 months on "
            "her own.",
        ),
        (
            "lumbar-spine-mri",
            "conservative-therapy",
            "Long-standing low back pain treated with naproxen.",
        ),
        (
            "cpap-osa",
            "sleep-test-ahi",
            "Diagnoses: 1. Severe obstructive sleep apnea.\nPlan: home sleep test ordered.",
        ),
        (
            "lumbar-epidural-steroid-injection",
            "imaging-concordant",
            "An MRI of the lumbar spine was done in 2019. He believes it was normal. Since then he "
            "has developed pain from an L5-S1 disc herniation, per his chiropractor.",
        ),
        (
            "total-knee-arthroplasty",
            "functional-limitation",
            "She is independent with all ADLs and walks without difficulty.",
        ),
    ],
)
def test_not_evidence_of_met(brief_packet, policy: str, criterion: str, text: str) -> None:
    c = brief_packet(policy, "2026-03-01", {"n.txt": ("2026-02-20", _note(text))})[criterion]
    assert c.status != "met", c.rationale


def test_an_undated_imaging_report_does_not_break_the_criterion(brief_packet) -> None:
    mri = "MRI LUMBAR SPINE\nIMPRESSION: L5-S1 disc extrusion compressing the S1 root.\n"
    c = brief_packet("lumbar-epidural-steroid-injection", "2026-03-01", {"mri.txt": (None, mri)})[
        "imaging-concordant"
    ]
    assert c.status == "met", c.rationale


def test_a_line_about_an_authorization_does_not_make_a_note_a_request_form() -> None:
    from casebrief.documents.classify import classify

    text = "OFFICE VISIT 02/20/2026\nPrior auth obtained for lumbar MRI\nHPI: back pain.\n"
    assert classify(text)[0] == "office_note"
