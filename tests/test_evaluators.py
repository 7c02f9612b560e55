"""Criterion behaviour on small, hand-written packets: each test is one rule of policies.md
that a real packet can trip (and that an earlier version of casebrief got wrong)."""

import json
from pathlib import Path

import pytest

from casebrief.nlp.pipeline import process
from casebrief.service import brief_case


def make_case(
    tmp_path: Path,
    policy: str,
    request_date: str,
    docs: dict[str, str],
    request_type: str = "initial",
) -> Path:
    case = tmp_path / policy
    case.mkdir()
    for name, text in docs.items():
        (case / name).write_text(text, encoding="utf-8")
    (case / "case.json").write_text(
        json.dumps(
            {
                "case_id": case.name,
                "policy": policy,
                "request": {"request_date": request_date, "request_type": request_type},
            }
        )
    )
    return case


def status(brief, cid: str):
    c = next(c for c in brief.criteria if c.id == cid)
    return c.status, c


def test_knee_nsaid_plus_acetaminophen_is_one_kind_of_treatment(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "total-knee-arthroplasty",
        "2026-06-01",
        {
            "01_ortho.txt": "Orthopedic Office Visit\nDate of service: 05/20/2026\n"
            "Right knee OA. Taking naproxen 500 mg BID since "
            "01/05/2026, still taking daily, and Tylenol "
            "Arthritis as needed since 01/05/2026. Declined PT. Declined injection.\n"
            "Walks one block before stopping; difficulty with stairs.\n",
        },
    )
    st, c = status(brief_case(case), "conservative-therapy-12wk")
    assert st == "not_met"
    assert "1 kind of treatment" in c.rationale and c.value >= 12


def test_pt_claim_contradicted_by_discharge_needs_review(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-spine-mri",
        "2026-04-01",
        {
            "01_pt.txt": "PHYSICAL THERAPY DISCHARGE SUMMARY - LUMBAR\n"
            "Date of service: 02/20/2026\n"
            "Pt attended 2 visits (1/12/26 and 1/15/26). "
            "Discharged after 2 visits due to non-attendance.\n",
            "02_office.txt": "Office Visit\nDate of service: 03/25/2026\n"
            "Low back pain radiating to the left leg. She completed "
            "8 weeks of physical therapy without relief.\n"
            "Exam: straight leg raise positive on the left at 40 degrees. Strength 5/5.\n",
        },
    )
    st, c = status(brief_case(case), "conservative-therapy")
    assert st == "needs_review"
    quotes = " ".join(e.quote for e in c.evidence)
    assert "non-attendance" in quotes and "8 weeks" in quotes


def test_psych_clearance_withdrawn_needs_review(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "bariatric-surgery",
        "2026-05-01",
        {
            "01_psych.txt": "PSYCHOLOGICAL EVALUATION FOR BARIATRIC SURGERY\n"
            "Date of service: 03/02/2026\n"
            "The patient is psychologically cleared for bariatric surgery.\n",
            "02_addendum.txt": "PSYCHOLOGY ADDENDUM\nDate of service: 04/10/2026\n"
            "After new information, the patient is not cleared for surgery at this time.\n",
        },
    )
    st, _ = status(brief_case(case), "psych-evaluation")
    assert st == "needs_review"


def test_referral_only_psych_is_missing(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "bariatric-surgery",
        "2026-05-01",
        {
            "01_surgeon.txt": "Bariatric Surgery Consultation\nDate of service: 04/02/2026\n"
            "Referral placed to psychology for pre-surgical psychological "
            "evaluation; appointment scheduled 05/20/2026.\n",
        },
    )
    st, _ = status(brief_case(case), "psych-evaluation")
    assert st == "missing"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Saddle numbness ............. denies", "negated"),
        ("Fever? no", "negated"),
        ("Foot drop [ ] Yes [X] No", "negated"),
        ("Active infection (local or systemic)? ☐ Yes ☒ No", "negated"),
        (
            "Return precautions reviewed (new weakness, saddle "
            "numbness, bowel or bladder problems -> ED).",
            "hypothetical",
        ),
        ("If you develop numbness in the groin, please go to the nearest ED.", "hypothetical"),
        ("No personal history of malignancy (sister - lymphoma).", "family"),
        ("Progressive left foot drop over two weeks.", "present"),
    ],
    ids=[
        "leader-denies",
        "question-no",
        "checkbox-no",
        "ballot-box-no",
        "return-precautions",
        "if-you-develop",
        "family-dash",
        "present",
    ],
)
def test_checklists_and_advice(line: str, expected: str) -> None:
    doc = process(line)
    flagged = [
        e
        for e in doc.ents
        if e.label_
        in {
            "saddle_anesthesia",
            "fever",
            "foot_drop",
            "active_infection",
            "cauda_equina",
            "cancer_history",
        }
    ]
    assert flagged, "the red-flag concept must be tagged"
    assert flagged[-1]._.assertion == expected


def test_yes_no_answer_columns(tmp_path: Path) -> None:
    text = (
        "CLINICAL QUESTIONS                                    Y    N\n"
        " 1. Radicular symptoms (leg pain > back pain)?       X\n"
        " 4. MRI or CT of lumbar spine?                             X\n"
    )
    doc = process(text)
    by_label = {e.label_: e._.assertion for e in doc.ents}
    assert by_label["mri"] == "negated"
    assert by_label["radicular_pain"] == "present"


def test_face_to_face_only_after_sleep_test_is_not_met(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "cpap-osa",
        "2026-03-20",
        {
            "01_hsat.txt": "HOME SLEEP APNEA TEST REPORT\nStudy date: 02/10/2026\n"
            "AHI 22.4 events/h. Moderate obstructive sleep apnea.\n",
            "02_visit.txt": "Sleep Clinic - Office Visit (in person)\nDate of service: 03/01/2026\n"
            "Loud snoring and witnessed apneas per wife. Epworth 14.\n",
        },
    )
    st, _ = status(brief_case(case), "face-to-face-evaluation")
    assert st == "not_met"


def test_face_to_face_before_sleep_test_is_met(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "cpap-osa",
        "2026-03-20",
        {
            "01_visit.txt": "Sleep Clinic - Office Visit (in person)\nDate of service: 01/20/2026\n"
            "Loud snoring and witnessed apneas per wife. Epworth 14.\n",
            "02_hsat.txt": "HOME SLEEP APNEA TEST REPORT\nStudy date: 02/10/2026\n"
            "AHI 22.4 events/h. Residual AHI on CPAP 2.1.\n",
        },
    )
    brief = brief_case(case)
    assert status(brief, "face-to-face-evaluation")[0] == "met"
    st, c = status(brief, "sleep-test-ahi")
    assert st == "met" and c.value == 22.4  # the on-CPAP residual is not the diagnostic AHI


def test_safety_netting_is_not_a_red_flag(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-spine-mri",
        "2026-04-01",
        {
            "01_note.txt": "Office Visit\nDate of service: 03/25/2026\n"
            "Low back pain x 10 weeks. Denies saddle anesthesia, bowel or bladder incontinence.\n"
            "Safety-netting advice given re saddle numbness - to attend A&E if it occurs.\n",
        },
    )
    st, c = status(brief_case(case), "red-flags")
    assert st == "not_met"
    assert c.evidence, "the screen's denials are cited"
    assert all(e.assertion != "present" for e in c.evidence)


@pytest.mark.parametrize(
    ("head", "remote"),
    [
        ("TELEPHONE ENCOUNTER\nLast office visit: 10/07/2025   Next appt: none", True),
        ("TELEPHONE ENCOUNTER\nprevious in-person visit 03/02/2025", True),
        ("TELEPHONE ENCOUNTER - converted to an office visit, seen in person", False),
    ],
)
def test_a_call_that_names_another_visit_is_still_a_call(head, remote):
    """ "Last office visit: 10/07/2025" on a telephone encounter names an earlier visit; it does
    not make the call a face-to-face evaluation."""
    from casebrief.documents.model import Document
    from casebrief.extract.record import Record
    from casebrief.policy.evaluators.sleep import remote_contact

    doc = Document("d1", Record(file="t.txt", kind="text", text=head, pages=[]), 0, len(head))
    assert remote_contact(doc) is remote


def test_a_visit_log_read_through_a_misread_number_column(tmp_path: Path) -> None:
    """A faxed program log whose visit-number column OCR misread ("WN 1/6/2026 298.4") is still
    the program's log: its rows date the visits."""
    rows = [
        ("[ ]", "11/4/2025", "304.0"),  # a "1" OCR read as a box (and repaired into one)
        ("--", "12/2/2025", "302.0"),
        ("WN", "1/6/2026", "298.4"),
        ("3", "2/3/2026", "295.0"),
        ("DP", "4/7/2026", "289.0"),
        ("dN", "5/5/2026", "287.6"),
        ("0", "7/14/2026", "284.0"),
    ]
    log = "\n".join(f"{n}  {d}  {w}  41.0  counseling" for n, d, w in rows)
    case = make_case(
        tmp_path,
        "bariatric-surgery",
        "2026-09-28",
        {
            "02_weight_program.txt": "MEDICAL WEIGHT MANAGEMENT PROGRAM - VISIT LOG\n"
            "Supervised by Ruth Kessler, MD\n\nVisit  Date  Weight (lb)  BMI  Notes\n" + log + "\n"
        },
    )
    got, c = status(brief_case(case), "supervised-weight-loss-6mo")
    assert got == "met", c.rationale
    assert "2025-11-04" in c.rationale and "2026-07-14" in c.rationale


@pytest.mark.parametrize(
    ("written", "requested", "dated"),
    [
        ("March 25, 2028", "2025-04-01", "2025-03-25"),  # a year's last digit misread
        ("November 20, 2031", "2025-04-01", "2024-11-20"),  # not after the request: a year back
        ("May 10, 2025", "2025-04-01", "2025-05-10"),  # weeks ahead (a planned date): kept
    ],
)
def test_a_document_dated_years_after_the_request_keeps_its_month_and_day(
    tmp_path: Path, written: str, requested: str, dated: str
) -> None:
    case = make_case(
        tmp_path,
        "cpap-osa",
        requested,
        {"04_followup_letter.txt": f"BLUE HERON SLEEP CLINIC\n{written}\n\nRe: follow-up visit\n"},
    )
    brief = brief_case(case)
    assert [str(d.date) for d in brief.documents] == [dated]


@pytest.mark.parametrize(
    ("after", "not_usage"),
    [
        ("% (L/min)", True),  # "Lenk 95% (L/min)": a fax's "Leak" column
        ("% cm H2O", True),
        ("% LPM", True),
        ("% of nights", False),
        ("%)  4 h 31 min", False),
    ],
)
def test_a_percentage_in_a_flow_or_pressure_unit_is_not_usage(after: str, not_usage: bool) -> None:
    """Whatever the column's name reads as ("Lenk 95% (L/min)" on a fax), a percentage
    followed by litres a minute or cm H2O is a leak or pressure, not nights of use."""
    from casebrief.lexicon import cue

    assert bool(cue("sleep.not_usage_after").match(after)) is not_usage
