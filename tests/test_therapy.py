"""Therapy duration: union of intervals, window clipping, ongoing therapy, and what never counts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from casebrief.facts.therapy import Episode, union_days
from casebrief.nlp.pipeline import get_pipeline
from casebrief.service import brief_case


@pytest.fixture(scope="session")
def nlp():
    """Build the shared pipeline once per session (brief_case reuses it)."""
    return get_pipeline()


def ep(group: str, start: date, end: date) -> Episode:
    return Episode(group, start, end)


# ---------------------------------------------------------------- union_days ----------------
def test_overlap_counted_once() -> None:
    eps = [
        ep("nsaid", date(2026, 1, 1), date(2026, 2, 1)),  # 31 days
        ep("pt", date(2026, 1, 15), date(2026, 2, 15)),  # overlaps 17 days
    ]
    days, merged = union_days(eps, None, date(2026, 3, 1))
    assert days == (date(2026, 2, 15) - date(2026, 1, 1)).days == 45
    assert merged == [(date(2026, 1, 1), date(2026, 2, 15))]


def test_contained_interval_adds_nothing() -> None:
    eps = [
        ep("nsaid", date(2026, 1, 1), date(2026, 3, 1)),
        ep("pt", date(2026, 1, 10), date(2026, 1, 20)),
    ]
    days, merged = union_days(eps, None, date(2026, 3, 1))
    assert days == 59
    assert len(merged) == 1


def test_disjoint_intervals_add_up() -> None:
    eps = [
        ep("pt", date(2026, 1, 1), date(2026, 1, 15)),
        ep("nsaid", date(2026, 2, 1), date(2026, 2, 11)),
    ]
    days, merged = union_days(eps, None, date(2026, 3, 1))
    assert days == 14 + 10
    assert merged == [(date(2026, 1, 1), date(2026, 1, 15)), (date(2026, 2, 1), date(2026, 2, 11))]


def test_same_interval_twice_counted_once() -> None:
    eps = [
        ep("pt", date(2026, 1, 1), date(2026, 2, 1)),
        ep("pt", date(2026, 1, 1), date(2026, 2, 1)),
    ]
    assert union_days(eps, None, date(2026, 3, 1))[0] == 31


def test_clipped_to_window_start() -> None:
    eps = [ep("nsaid", date(2025, 6, 1), date(2025, 10, 1))]
    days, merged = union_days(eps, date(2025, 9, 1), date(2026, 3, 1))
    assert days == 30
    assert merged == [(date(2025, 9, 1), date(2025, 10, 1))]


def test_clipped_to_window_end() -> None:
    eps = [ep("pt", date(2026, 2, 1), date(2026, 4, 1))]
    days, _ = union_days(eps, None, date(2026, 3, 1))
    assert days == 28


def test_interval_wholly_outside_window_is_dropped() -> None:
    eps = [
        ep("pt", date(2024, 1, 1), date(2024, 3, 1)),
        ep("nsaid", date(2026, 1, 1), date(2026, 1, 8)),
    ]
    days, merged = union_days(eps, date(2025, 9, 1), date(2026, 3, 1))
    assert days == 7
    assert merged == [(date(2026, 1, 1), date(2026, 1, 8))]


def test_point_episode_adds_zero_days() -> None:
    eps = [ep("injection", date(2026, 1, 10), date(2026, 1, 10))]
    assert union_days(eps, None, date(2026, 3, 1))[0] == 0


# ---------------------------------------------------------------- a briefed case -------------
REQUEST_DATE = date(2026, 3, 4)

NOTE_1 = """\
CEDAR RIDGE FAMILY MEDICINE
OFFICE VISIT
Patient: Test Patient
DOB: 04/12/1978
Date of Service: 12/20/2025

CHIEF COMPLAINT: Low back pain

HISTORY OF PRESENT ILLNESS
Low back pain with radiation to the left leg for 2 weeks after lifting at work.

PLAN
Started naproxen 500 mg twice daily on 12/20/2025 for low back pain.
"""

NOTE_2 = """\
CEDAR RIDGE FAMILY MEDICINE
OFFICE VISIT
Patient: Test Patient
DOB: 04/12/1978
Date of Service: 02/20/2026

HISTORY OF PRESENT ILLNESS
Low back pain persists despite naproxen, with radiation to the left leg.
{current}
{extra}
PHYSICAL EXAM
Straight leg raise positive on the left at 40 degrees. Strength 5/5 bilaterally.

ASSESSMENT AND PLAN
Lumbar radiculopathy, left. Request MRI of the lumbar spine.
{plan}
"""

CURRENT_SINCE = (
    "He is currently taking naproxen 500 mg twice daily since 12/20/2025 for his low back pain."
)
CURRENT_NO_DATE = "He is currently taking naproxen 500 mg twice daily for his low back pain."

DISTRACTOR_HISTORY = (
    "He did not go to physical therapy for his back.\n"
    "Right shoulder physical therapy 10 visits from "
    "09/10/2025 to 11/12/2025 for rotator cuff tendinitis.\n"
)
DISTRACTOR_PLAN = (
    "Will start physical therapy 2x/week for 6 weeks for the low back.\n"
    "Consider chiropractic care for the low back if no improvement.\n"
)

ONLY_DISTRACTORS_NOTE = """\
CEDAR RIDGE FAMILY MEDICINE
OFFICE VISIT
Patient: Test Patient
DOB: 04/12/1978
Date of Service: 02/20/2026

HISTORY OF PRESENT ILLNESS
Low back pain for 8 weeks with radiation to the left leg.
He did not go to physical therapy for his back.
Right shoulder physical therapy 10 visits from 09/10/2025 to 11/12/2025 for rotator cuff tendinitis.

PHYSICAL EXAM
Straight leg raise positive on the left at 40 degrees.

ASSESSMENT AND PLAN
Lumbar radiculopathy, left.
Will start physical therapy 2x/week for 6 weeks for the low back.
Consider chiropractic care for the low back if no improvement.
"""


def write_case(root: Path, notes: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in notes.items():
        (root / name).write_text(text, encoding="utf-8")
    case = {
        "case_id": root.name,
        "policy": "lumbar-spine-mri",
        "request": {
            "request_date": REQUEST_DATE.isoformat(),
            "request_type": "initial",
            "cpt": ["72148"],
        },
        "documents": sorted(notes),
    }
    (root / "case.json").write_text(json.dumps(case), encoding="utf-8")
    return root


def criterion(brief, cid: str):
    found = [c for c in brief.criteria if c.id == cid]
    assert len(found) == 1
    return found[0]


# naproxen from 12/20/2025, "currently taking" in the 02/20/2026 note -> runs to the request date
CURRENT_WEEKS = round((REQUEST_DATE - date(2025, 12, 20)).days / 7, 1)  # 10.6
NOTE_DATE_WEEKS = round((date(2026, 2, 20) - date(2025, 12, 20)).days / 7, 1)  # 8.9


@pytest.fixture(scope="session")
def therapy_briefs(tmp_path_factory, nlp):
    base = tmp_path_factory.mktemp("therapy_cases")
    cases = {
        "current": {
            "01_note.txt": NOTE_1,
            "02_note.txt": NOTE_2.format(current=CURRENT_SINCE, extra="", plan=""),
        },
        "current_across_notes": {
            "01_note.txt": NOTE_1,
            "02_note.txt": NOTE_2.format(current=CURRENT_NO_DATE, extra="", plan=""),
        },
        "current_with_distractors": {
            "01_note.txt": NOTE_1,
            "02_note.txt": NOTE_2.format(
                current=CURRENT_SINCE, extra=DISTRACTOR_HISTORY, plan=DISTRACTOR_PLAN
            ),
        },
        "only_distractors": {"01_note.txt": ONLY_DISTRACTORS_NOTE},
    }
    return {name: brief_case(write_case(base / name, notes)) for name, notes in cases.items()}


def test_current_therapy_runs_to_request_date(therapy_briefs) -> None:
    c = criterion(therapy_briefs["current"], "conservative-therapy")
    assert c.value is not None
    assert c.value == pytest.approx(CURRENT_WEEKS, abs=0.25), (
        f"expected naproxen 2025-12-20 -> request date {REQUEST_DATE} ({CURRENT_WEEKS} wk), "
        f"not only to the note date ({NOTE_DATE_WEEKS} wk); rationale: {c.rationale}"
    )
    assert c.status == "met"
    assert c.unit == "weeks"
    assert any("naproxen" in e.quote.lower() for e in c.evidence)


def test_started_in_one_note_current_in_a_later_note_runs_to_request_date(therapy_briefs) -> None:
    # note 1 (12/20/2025): "Started naproxen ... on 12/20/2025"; note 2 (02/20/2026): "currently
    # taking naproxen"
    c = criterion(therapy_briefs["current_across_notes"], "conservative-therapy")
    assert c.value == pytest.approx(CURRENT_WEEKS, abs=0.25), c.rationale
    assert c.status == "met"


def test_plans_negations_and_other_regions_do_not_count(therapy_briefs) -> None:
    c = criterion(therapy_briefs["current_with_distractors"], "conservative-therapy")
    assert c.value == pytest.approx(CURRENT_WEEKS, abs=0.25), c.rationale
    assert c.status == "met"
    # nothing planned, negated or about the shoulder is cited as therapy given; the packet's own
    # denial may be quoted beside it, labelled negated, so the reviewer sees what was not done
    quotes = " ".join(e.quote.lower() for e in c.evidence if e.assertion == "present")
    assert "shoulder" not in " ".join(e.quote.lower() for e in c.evidence)
    assert "will start" not in quotes
    assert "consider chiropractic" not in quotes
    assert "did not go" not in quotes
    denials = [e for e in c.evidence if "did not go" in e.quote.lower()]
    assert denials and all(e.assertion == "negated" for e in denials)


def test_only_plans_negations_and_other_regions_is_missing(therapy_briefs) -> None:
    c = criterion(therapy_briefs["only_distractors"], "conservative-therapy")
    assert c.status == "missing", f"got {c.status} value={c.value}: {c.rationale}"
    assert not c.value
    # a `missing` criterion may quote the packet's own denial ("did not go to PT") to explain
    # itself, but only labelled as negated: nothing planned or about the shoulder is cited as given
    assert all(
        e.assertion != "present"
        or not any(
            w in e.quote.lower() for w in ("shoulder", "will start", "consider", "did not go")
        )
        for e in c.evidence
    )
    denials = [e for e in c.evidence if "did not go" in e.quote.lower()]
    assert denials and all(e.assertion == "negated" for e in denials)


def test_every_criterion_present_once(therapy_briefs) -> None:
    for brief in therapy_briefs.values():
        ids = [c.id for c in brief.criteria]
        assert sorted(ids) == sorted(
            [
                "red-flags",
                "conservative-therapy",
                "therapy-failure",
                "clinical-evaluation",
                "repeat-imaging",
            ]
        )
