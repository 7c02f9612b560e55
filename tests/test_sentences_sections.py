"""Sentence boundaries (casebrief_sentencizer) and sections (casebrief_sectionizer)."""

from __future__ import annotations

from datetime import date

import pytest

from casebrief.nlp.extensions import SECTIONS_KEY
from casebrief.nlp.pipeline import get_pipeline, process
from casebrief.nlp.sections import Sectionizer
from casebrief.nlp.sentences import sentence_starts
from casebrief.resources import load_yaml


@pytest.fixture(scope="session")
def nlp():
    return get_pipeline()


@pytest.fixture(scope="session")
def sectionizer() -> Sectionizer:
    return Sectionizer(load_yaml("lexicons/sections.yaml"))


def sentences(text: str) -> list[str]:
    starts = sentence_starts(text)
    assert starts and starts[0] == 0
    return [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=False)]


def _norm(s: str) -> str:
    return " ".join(s.split())


# ---------------------------------------------------------------- wrapped fax text --------
WRAPPED = (
    "Patient reports low back pain radiating to the left leg that\n"
    "started after lifting a heavy box at work in December. He has\n"
    "been taking meloxicam 15 mg daily since 12/18/2025 and reports\n"
    "minimal improvement in left leg symptoms despite\n"
    "12 visits of physical therapy."
)


def test_wrapped_lines_do_not_split_sentences() -> None:
    sents = [_norm(s) for s in sentences(WRAPPED)]
    assert sents == [
        "Patient reports low back pain radiating to the left leg "
        "that started after lifting a heavy box at work in December.",
        "He has been taking meloxicam 15 mg daily since 12/18/2025 and reports minimal "
        "improvement in left leg symptoms despite 12 visits of physical therapy.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "The patient was evaluated in the clinic today and was referred "
            "by\nDr. Patel for persistent radicular pain in the left leg.",
            id="wrap-before-title-abbrev",
        ),
        pytest.param(
            "He completed a course of physical therapy twice weekly with a "
            "home\nexercise program but the pain in the lower back continues.",
            id="wrap-before-lowercase",
        ),
        pytest.param(
            "Symptoms have persisted despite naproxen 500 mg twice daily "
            "and\n(per the patient) a course of chiropractic manipulation.",
            id="wrap-before-parenthesis",
        ),
        pytest.param(
            "Meloxicam was started at the prior visit and she has taken it "
            "for\n6 weeks with only partial relief of the radiating leg pain.",
            id="wrap-before-number",
        ),
    ],
)
def test_single_wrapped_sentence_stays_whole(text: str) -> None:
    assert sentences(text) == [text.strip()]


def test_crlf_free_wrap_inside_pipeline(nlp) -> None:
    doc = process(WRAPPED, date(2026, 3, 3), nlp=nlp)
    sents = [_norm(s.text) for s in doc.sents]
    assert len(sents) == 2
    assert sents[1].startswith("He has been taking meloxicam")


# ---------------------------------------------------------------- labels, headers, bullets -
SOAP = (
    "S: Back pain x 8 weeks, worse with sitting\n"
    "O: SLR positive on the left at 40 degrees\n"
    "A/P: Lumbar radiculopathy\n"
    "- Continue meloxicam 15 mg daily\n"
    "- Start PT 2x/week\n"
    "* Return in 4 weeks"
)


def test_labels_and_bullets_are_boundaries() -> None:
    assert sentences(SOAP) == [
        "S: Back pain x 8 weeks, worse with sitting",
        "O: SLR positive on the left at 40 degrees",
        "A/P: Lumbar radiculopathy",
        "- Continue meloxicam 15 mg daily",
        "- Start PT 2x/week",
        "* Return in 4 weeks",
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "1. MRI lumbar spine without contrast\n2) Follow up after imaging",
            id="numbered-capital",
        ),
        pytest.param(
            "1) MRI lumbar spine without contrast\n2) Follow up after imaging", id="paren-numbered"
        ),
        pytest.param("a. Meloxicam 15 mg daily\nb. Home exercise program", id="lettered"),
    ],
)
def test_numbered_list_items_are_whole_sentences(text: str) -> None:
    assert sentences(text) == text.split("\n")


def test_header_lines_are_boundaries() -> None:
    text = (
        "HISTORY OF PRESENT ILLNESS\n"
        "Low back pain for three months with radiation to the left calf\n"
        "PHYSICAL EXAM\n"
        "Straight leg raise positive on the left"
    )
    assert sentences(text) == [
        "HISTORY OF PRESENT ILLNESS",
        "Low back pain for three months with radiation to the left calf",
        "PHYSICAL EXAM",
        "Straight leg raise positive on the left",
    ]


def test_field_lines_without_periods_are_boundaries() -> None:
    text = (
        "Patient: John Doe\nDOB: 01/02/1979\nDate of "
        "Service: 03/03/2026\nProvider: A. Clinician, MD"
    )
    assert sentences(text) == [
        "Patient: John Doe",
        "DOB: 01/02/1979",
        "Date of Service: 03/03/2026",
        "Provider: A. Clinician, MD",
    ]


# ---------------------------------------------------------------- abbreviations, numbers ---
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Seen by Dr. Smith today. Pain is worse.",
            ["Seen by Dr. Smith today.", "Pain is worse."],
            id="dr-smith",
        ),
        pytest.param(
            "Conservative care, e.g. NSAIDs and PT, failed. MRI ordered.",
            ["Conservative care, e.g. NSAIDs and PT, failed.", "MRI ordered."],
            id="e.g.",
        ),
        pytest.param(
            "Other modalities, i.e. Chiropractic care, were declined. Plan MRI.",
            ["Other modalities, i.e. Chiropractic care, were declined.", "Plan MRI."],
            id="i.e.-before-capital",
        ),
        pytest.param(
            "BMI was 40.7 today. Temp 98.6 today. Weight 250.4 lb.",
            ["BMI was 40.7 today.", "Temp 98.6 today.", "Weight 250.4 lb."],
            id="decimals",
        ),
        pytest.param(
            "AHI 18.6 events/hr. Nadir SpO2 84.5%.",
            ["AHI 18.6 events/hr.", "Nadir SpO2 84.5%."],
            id="decimal-ahi",
        ),
        pytest.param(
            "Meloxicam 7.5 mg p.o. daily. No relief.",
            ["Meloxicam 7.5 mg p.o. daily.", "No relief."],
            id="p.o.",
        ),
        pytest.param(
            "Pain since approx. Dec 2025 per patient. She denies fever.",
            ["Pain since approx. Dec 2025 per patient.", "She denies fever."],
            id="approx.",
        ),
    ],
)
def test_abbreviations_and_decimals(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


# ---------------------------------------------------------------- sections -----------------
NOTE = (
    "HISTORY OF PRESENT ILLNESS\n"
    "Patient reports back pain. He has a family history of DM in his father.\n"
    "Family history of cancer was reviewed and is noncontributory today.\n"
    "FAMILY HISTORY\n"
    "Mother: breast cancer.\n"
    "Medications: meloxicam 15 mg daily\n"
    "Physical Exam:\n"
    "SLR positive on the left.\n"
    "A/P: Lumbar radiculopathy\n"
    "Plan: PT 2x/week\n"
)


def test_section_headers_found_at_line_start(sectionizer: Sectionizer) -> None:
    heads = [(NOTE[s:e].strip(), cat) for s, e, cat in sectionizer.headers(NOTE)]
    assert heads == [
        ("HISTORY OF PRESENT ILLNESS", "hpi"),
        ("FAMILY HISTORY", "family_history"),
        ("Medications:", "medications"),
        ("Physical Exam:", "physical_exam"),
        ("A/P:", "assessment_plan"),
        ("Plan:", "plan"),
    ]


def test_family_history_phrase_in_sentence_opens_no_section(sectionizer: Sectionizer) -> None:
    fam = [s for s, _, cat in sectionizer.headers(NOTE) if cat == "family_history"]
    assert fam == [NOTE.index("FAMILY HISTORY\n")]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("He has a family history of DM.\n", id="mid-sentence"),
        pytest.param(
            "Family history of DM in his father and brother.\n", id="line-initial-in-sentence"
        ),
        pytest.param(
            "Reviewed past medical history and medications with the patient today.\n",
            id="pmh-in-sentence",
        ),
        pytest.param(
            "Plan discussed with the patient at length today.\n", id="plan-word-in-sentence"
        ),
    ],
)
def test_phrases_in_sentences_are_not_headers(sectionizer: Sectionizer, text: str) -> None:
    assert sectionizer.headers(text) == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        pytest.param("FAMILY HISTORY\nMother: breast cancer\n", "family_history", id="caps-alone"),
        pytest.param("Family History:\nMother: breast cancer\n", "family_history", id="colon"),
        pytest.param(
            "Family history: mother with breast cancer\n", "family_history", id="colon-inline"
        ),
        pytest.param(
            "ASSESSMENT AND PLAN\nRadiculopathy\n", "assessment_plan", id="assessment-and-plan"
        ),
        pytest.param("Review of Systems:\nNegative for fever\n", "ros", id="ros"),
        pytest.param("O: SLR positive\n", "physical_exam", id="soap-O"),
    ],
)
def test_header_categories(sectionizer: Sectionizer, text: str, category: str) -> None:
    heads = sectionizer.headers(text)
    assert heads and heads[0][0] == 0
    assert heads[0][2] == category


def test_pipeline_sections_and_token_section(nlp) -> None:
    doc = process(NOTE, date(2026, 3, 3), nlp=nlp)
    spans = doc.spans[SECTIONS_KEY]
    labels = [s.label_ for s in spans]
    assert labels == [
        "hpi",
        "family_history",
        "medications",
        "physical_exam",
        "assessment_plan",
        "plan",
    ]
    # "family history of DM" inside the HPI is in the hpi section, not family_history
    i = NOTE.index("DM in his father")
    tok = next(t for t in doc if t.idx == i)
    assert tok._.section == "hpi"
    j = NOTE.index("breast cancer")
    tok = next(t for t in doc if t.idx == j)
    assert tok._.section == "family_history"
