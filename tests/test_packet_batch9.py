"""Classes found by the ninth dev batch (AI scribe + IME, dictation + home health, APSO + claims
and questionnaires, FQHC + small practice/DME; 2026-12-05): a street's "Rd" read as a dietitian,
a form's blank or name-only field read as an evaluation, a questionnaire's ticked relief range
and its "How long did it last?" answer, a note's own date taken as the injection's, a plan's
"I would like to repeat" hiding the relief told before it, a surgeon's re-read of films dated
months after the radiologist's, "mild-to-moderate tricompartmental" read as severe, a ROS line
"GU: neg dysuria, incontinence", a screen's "progressive deficit): none", a BMI quoted from an
older visit blocking today's height and weight, a form's BMI date read as a program visit, an
old program's "not cleared" against this year's clearance, a recommended therapy counted as
given, and "SLR: positive on the left, negative on the right".  Every text is invented for the
test; none is copied from a labelled case."""

from __future__ import annotations

import json
from pathlib import Path

from casebrief.evaluation.assertions import assert_span, find_target
from casebrief.nlp.measurements import find_measurements
from casebrief.service import brief_case


def make_case(
    tmp_path: Path,
    policy: str,
    request_date: str,
    docs: dict[str, dict],
    request_type: str = "initial",
) -> Path:
    """A case directory whose records are dated in case.json (``docs``: file -> {date, text})."""
    case = tmp_path / policy
    case.mkdir()
    for name, d in docs.items():
        (case / name).write_text(d["text"], encoding="utf-8")
    (case / "case.json").write_text(
        json.dumps(
            {
                "case_id": case.name,
                "policy": policy,
                "request": {"request_date": request_date, "request_type": request_type},
                "documents": [{"file": n, "date": d["date"]} for n, d in docs.items()],
            }
        )
    )
    return case


def criterion(case: Path, cid: str):
    return next(c for c in brief_case(case).criteria if c.id == cid)


def _assertion(text: str, target: str) -> str:
    start, end = find_target(text, target)
    return assert_span(text, start, end)._.assertion


# ------------------------------------------------------------------ context


def test_a_sign_positive_on_one_side_and_negative_on_the_other_is_present() -> None:
    text = "SLR: positive on the left at 45 degrees, negative on the right.\n"
    assert _assertion(text, "SLR") == "present"


def test_a_sign_negative_on_both_sides_stays_negated() -> None:
    assert _assertion("Straight leg raise negative bilaterally.\n", "Straight leg raise") == (
        "negated"
    )


def test_a_review_of_systems_neg_after_a_colon_negates_its_list() -> None:
    text = "ROS:\nGU: neg dysuria,\n  incontinence.\nMSK: + low back pain.\n"
    assert _assertion(text, "incontinence") == "negated"


# ------------------------------------------------------------------ measurements


def test_a_questionnaires_ticked_relief_range_reads_its_lower_bound() -> None:
    text = "How much did the shot help?\n   [ ] 0-25%   [ ] 25-50%   [X] 50-75%   [ ] 75-100%\n"
    vals = [m.value for m in find_measurements(text) if m.kind == "relief_percent"]
    assert vals == [50.0]


def test_relief_told_as_pain_taken_away_in_spoken_words() -> None:
    text = "He tells me it took away about seventy five percent of the leg pain.\n"
    vals = [m.value for m in find_measurements(text) if m.kind == "relief_percent"]
    assert vals == [75.0]


def test_a_bmi_quoted_from_an_older_visit_does_not_block_todays_height_and_weight() -> None:
    text = (
        "I last saw him in January when his weight was 290 pounds and BMI 41.6 and we talked "
        "about getting under 40.\n\nVitals: BP 130/80   HR 70   Ht 180 cm   Wt 126.0 kg\n"
    )
    bmis = [m for m in find_measurements(text) if m.kind == "bmi"]
    assert any(m.derived and abs(m.value - 38.9) < 0.1 for m in bmis)


# ------------------------------------------------------------------ nutrition evaluation

_BARIATRIC_VISITS = (
    "WEIGHT MANAGEMENT PROGRAM - Dr. Ines Marlow, obesity medicine\n"
    "Supervised weight loss program visits with weights:\n"
    "10/01/2025 Wt 268 lb\n11/03/2025 Wt 265 lb\n12/01/2025 Wt 262 lb\n01/05/2026 Wt 260 lb\n"
    "02/02/2026 Wt 257 lb\n03/02/2026 Wt 255 lb\n04/06/2026 Wt 253 lb\n"
)


def test_a_street_named_rd_on_a_letterhead_is_not_a_dietitian(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "bariatric-surgery",
        "2026-04-20",
        {
            "01_program.txt": {"date": "2026-04-06", "text": _BARIATRIC_VISITS},
            "02_surgeon.txt": {
                "date": "2026-04-10",
                "text": "LAKEVIEW BARIATRIC SURGERY\n2200 Orchard Hill Rd, Suite 300\n"
                "Consult: BMI 41.2 with type 2 diabetes. Nutrition visit not yet done.\n",
            },
        },
    )
    assert criterion(case, "nutrition-evaluation").status == "missing"


def test_a_forms_blank_or_name_only_dietitian_field_is_not_an_evaluation(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "bariatric-surgery",
        "2026-04-20",
        {
            "01_request.txt": {
                "date": "2026-04-18",
                "text": "BARIATRIC SURGERY PRIOR AUTHORIZATION REQUEST\n"
                "4. Nutrition evaluation (registered dietitian):\n"
                "   RD: Paula Everly, MS, RDN, LD\n"
                "5. Psychological evaluation:\n",
            },
            "02_program.txt": {"date": "2026-04-06", "text": _BARIATRIC_VISITS},
        },
    )
    assert criterion(case, "nutrition-evaluation").status == "missing"


def test_a_forms_dated_dietitian_field_still_attests_the_evaluation(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "bariatric-surgery",
        "2026-04-20",
        {
            "01_request.txt": {
                "date": "2026-04-18",
                "text": "BARIATRIC SURGERY PRIOR AUTHORIZATION REQUEST\n"
                "4. Nutrition evaluation: registered dietitian, 03/12/2026, Paula Everly RDN\n",
            },
            "02_program.txt": {"date": "2026-04-06", "text": _BARIATRIC_VISITS},
        },
    )
    assert criterion(case, "nutrition-evaluation").status == "met"


# ------------------------------------------------------------------ psych clearance


def test_an_earlier_programs_not_cleared_is_superseded_by_this_years_clearance(
    tmp_path: Path,
) -> None:
    case = make_case(
        tmp_path,
        "bariatric-surgery",
        "2026-04-20",
        {
            "01_request.txt": {
                "date": "2026-04-18",
                "text": "Psychological evaluation: Dana Ruiz, PsyD - 03/03/2026 - "
                "[X] cleared  [ ] not cleared\n",
            },
            "02_psych.txt": {
                "date": "2026-03-03",
                "text": "PSYCHOLOGICAL EVALUATION FOR BARIATRIC SURGERY\nDana Ruiz, PsyD\n"
                "She was evaluated in 2022 at another program and was not cleared at that "
                "time because of active binge eating.\n"
                "She has completed treatment since. She is psychologically cleared to proceed "
                "with bariatric surgery.\n",
            },
            "03_program.txt": {"date": "2026-04-06", "text": _BARIATRIC_VISITS},
        },
    )
    assert criterion(case, "psych-evaluation").status == "met"


def test_a_forms_bmi_measurement_date_is_not_a_program_visit(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "bariatric-surgery",
        "2026-04-20",
        {
            "01_request.txt": {
                "date": "2026-04-18",
                "text": "BARIATRIC SURGERY PRIOR AUTHORIZATION REQUEST\n"
                "1. Current BMI: 47.0   Ht 5'6\"   Wt 292 lb   (date of measurement: 05/12/2025)\n"
                "2. Supervised weight loss program: Dr. Marlow, monthly visits\n",
            },
            "02_program.txt": {
                "date": "2026-03-02",
                "text": "WEIGHT MANAGEMENT PROGRAM - Dr. Ines Marlow\n"
                "Supervised weight loss program visits with weights:\n"
                "10/01/2025 Wt 268 lb\n12/01/2025 Wt 262 lb\n03/02/2026 Wt 255 lb\n",
            },
        },
    )
    c = criterion(case, "supervised-weight-loss-6mo")
    assert c.status == "not_met" and c.value < 6


# ------------------------------------------------------------------ prior injection relief


def _esi_docs(extra: dict[str, dict]) -> dict[str, dict]:
    docs = {
        "01_consult.txt": {
            "date": "2026-03-02",
            "text": "SPINE CONSULT\nLeft L5 radicular pain from the buttock down the lateral leg "
            "to the foot. SLR positive on the left at 40 degrees. Pain 7/10.\n"
            "MRI 01/10/2026: left L4-5 protrusion compressing the traversing left L5 root.\n"
            "Meloxicam 15 mg daily since 09/01/2025, still taking, no better. PT 10/01/2025 to "
            "11/30/2025, no lasting benefit.\n",
        }
    }
    docs.update(extra)
    return docs


def test_a_questionnaires_short_relief_against_the_notes_long_relief_needs_review(
    tmp_path: Path,
) -> None:
    case = make_case(
        tmp_path,
        "lumbar-epidural-steroid-injection",
        "2026-03-09",
        _esi_docs(
            {
                "02_followup.txt": {
                    "date": "2026-03-02",
                    "text": "PAIN CLINIC FOLLOW-UP\ns/p left L4-5 TFESI 10/15/25 w/ ~75% relief "
                    "x ~4 mo; sx returned in February.\n",
                },
                "03_questionnaire.txt": {
                    "date": "2026-03-02",
                    "text": "PATIENT QUESTIONNAIRE\n"
                    "HAVE YOU HAD A BACK INJECTION BEFORE?   [x] Yes   [ ] No\n"
                    '   When:  "October"\n'
                    "   How much did it help your pain?\n"
                    "      [ ] not at all   [x] 25-50%   [ ] 50-75%   [ ] more than 75%\n"
                    '   How long did the relief last?   "maybe 2 wks then back to the same"\n',
                },
            }
        ),
    )
    assert criterion(case, "prior-injection-response").status == "needs_review"


def test_relief_told_before_a_plan_to_repeat_is_read(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-epidural-steroid-injection",
        "2026-03-09",
        _esi_docs(
            {
                "02_followup.txt": {
                    "date": "2026-03-02",
                    "text": "PAIN CLINIC FOLLOW-UP\nWe did a left L4-5 transforaminal epidural "
                    "steroid injection on 10/15/2025.\nGiven the good response to the previous "
                    "injection, about eighty percent relief lasting a little over four months, "
                    "I would like to repeat it.\n",
                }
            }
        ),
    )
    c = criterion(case, "prior-injection-response")
    assert c.status == "met", c.rationale


# ------------------------------------------------------------------ knee films


def test_a_surgeons_later_reread_of_the_films_it_dates_disagrees_with_the_report(
    tmp_path: Path,
) -> None:
    case = make_case(
        tmp_path,
        "total-knee-arthroplasty",
        "2026-04-06",
        {
            "01_xray.txt": {
                "date": "2026-01-14",
                "text": "RADIOLOGY REPORT\nEXAM: XR right knee, standing AP and lateral\n"
                "IMPRESSION: Right knee medial compartment osteoarthritis, Kellgren-Lawrence "
                "grade 2.\n",
            },
            "02_ortho.txt": {
                "date": "2026-03-30",
                "text": "ORTHOPEDIC VISIT\nXR right knee 01/14/2026 reviewed: bone-on-bone medial "
                "compartment, KL 4.\nWalks one block, cannot do stairs. Naproxen since 06/2025 "
                "and PT 08/2025-10/2025. BMI 33.\n",
            },
        },
    )
    assert criterion(case, "radiographic-severity").status == "needs_review"


def test_mild_to_moderate_tricompartmental_change_is_not_advanced(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "total-knee-arthroplasty",
        "2026-04-06",
        {
            "01_xray.txt": {
                "date": "2026-03-01",
                "text": "RADIOLOGY REPORT\nEXAM: XR right knee\nIMPRESSION: Mild-to-moderate "
                "tricompartmental degenerative change of the right knee.\n",
            },
        },
    )
    assert criterion(case, "radiographic-severity").status != "met"


def test_a_recommended_therapy_in_an_imes_plan_is_not_a_second_kind(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "total-knee-arthroplasty",
        "2026-04-06",
        {
            "01_ortho.txt": {
                "date": "2026-03-20",
                "text": "ORTHOPEDIC VISIT\nRight knee OA, KL grade 4. Naproxen 500 mg BID since "
                "03/2025, still taking. Has never had physical therapy. Walks one block.\n",
            },
            "02_ime.txt": {
                "date": "2026-02-10",
                "text": "INDEPENDENT MEDICAL EXAMINATION\nRight knee osteoarthritis.\n\n"
                "RECOMMENDATIONS\n1. A supervised physical therapy program of 8 to 12 weeks.\n",
            },
        },
    )
    c = criterion(case, "conservative-therapy-12wk")
    assert c.status == "not_met" and "1 kind" in c.rationale


# ------------------------------------------------------------------ repeat imaging


def test_a_screen_answered_none_is_not_a_new_symptom(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "lumbar-spine-mri",
        "2026-04-20",
        {
            "01_request.txt": {
                "date": "2026-04-18",
                "text": "LUMBAR MRI REQUEST\n"
                "Red flags (CES, CA, infxn, fx, progressive deficit): none\n",
            },
            "02_note.txt": {
                "date": "2026-04-16",
                "text": "A: chronic L LBP with L sciatica, unchanged since the lumbar MRI of "
                "09/15/2025.\nS: pain same pattern. Pt asking for a new MRI.\n",
            },
        },
    )
    assert criterion(case, "repeat-imaging").status == "not_met"


# ------------------------------------------------------------------ CPAP adherence


def test_a_notes_figure_against_the_download_tables_row_for_the_same_days_needs_review(
    tmp_path: Path,
) -> None:
    case = make_case(
        tmp_path,
        "cpap-osa",
        "2026-01-05",
        request_type="continuation",
        docs={
            "01_download.txt": {
                "date": "2025-12-19",
                "text": "AIRVIEW COMPLIANCE REPORT\nTherapy start (setup): 09/19/2025\n\n"
                "30-DAY PERIODS\n"
                " Period                       Days used    Days >= 4 h        AHI\n"
                " Days 1-30  (09/19-10/18)     24/30        18/30 (60%)        3.1\n"
                " Days 31-60 (10/19-11/17)     25/30        19/30 (63%)        2.5\n"
                " Days 61-90 (11/18-12/17)     23/30        20/30 (67%)        2.3\n",
            },
            "02_sleep_note.txt": {
                "date": "2025-11-20",
                "text": "SLEEP MEDICINE FOLLOW-UP\nIn person today, CPAP started 09/19/2025.\n\n"
                "Download for 10/19/2025 to 11/17/2025: used 4 hours or more on 27 of 30 "
                "nights (90%). Sleepiness resolved, Epworth 6.\n",
            },
        },
    )
    c = criterion(case, "adherence")
    assert c.status == "needs_review", c.rationale
