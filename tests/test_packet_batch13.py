"""Classes found by the thirteenth dev batch (reconsideration and appeal packets; chiropractic,
PT and athletic-trainer records beside a physician's; bariatric packets from several programs;
CPAP downloads; knee-replacement packets with their dentists and wound clinics; 2026-12-06):
a treated infection ("completed amoxicillin", "s/p extraction ... cleared"), a patient's worry,
an "INFECTION / SKIN SCREEN" heading; a failure dated before the course it seems to end; a plan
of care under its own heading; the next sentence's "completed" belonging to another therapy; a
nurse's psychosocial "clearance"; a conditional clearance told as "Until then she is not
cleared"; a coach's "nutrition consult"; a resolved problem row; a program paused for months;
an app or coach without medical supervision; "completed eight months in the program"; a
guideline's "unless new or worsening symptoms", a form's "[ ] Yes [X] No", an appeal's
"surgical planning" against the surgeon's notes; a prior ESI "in September 2024"; a payer's
denial notice; the far end of a denied list; a download table's two-line header.  Every text
is invented for the test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from test_packet_batch9 import _assertion, criterion, make_case

from casebrief.documents.classify import classify
from casebrief.lexicon import cue
from casebrief.policy.evaluators.base import affirmed

KNEE_BASE = {
    "01_ortho.txt": {
        "date": "2026-09-01",
        "text": "ORTHOPAEDIC CLINIC NOTE\nR knee pain x 3 yrs. XR R knee: KL grade 4, bone-on-bone"
        " medial.\nCannot walk more than one block; difficulty with stairs.\nHt 5'8\" Wt 180 lb"
        " BMI 27.4\nPT 01/05/2026 - 04/30/2026, 16 visits, no lasting benefit.\nNaproxen"
        " 500 mg BID 01/05/2026 - 06/30/2026.\n",
    },
}


def _knee(tmp_path: Path, extra: str) -> Path:
    docs = dict(KNEE_BASE)
    docs["02_pat.txt"] = {"date": "2026-09-10", "text": extra}
    return make_case(tmp_path, "total-knee-arthroplasty", "2026-09-20", docs)


# ------------------------------------------------------------------ infection


def test_a_treated_infection_is_not_active(tmp_path: Path) -> None:
    case = _knee(
        tmp_path,
        "PRE-ADMISSION NOTE\nRecent: dental abscess lower molar - tooth extracted 8/28, completed"
        " amoxicillin 9/4;\n  no fever since.\n[X] Dental clearance on file: abscess #19 08/2026,"
        " s/p extraction 08/28, cleared 09/08/2026\n",
    )
    assert criterion(case, "no-active-infection").status == "met"


def test_a_patients_worry_and_a_screen_heading_are_not_an_infection(tmp_path: Path) -> None:
    assert _assertion("Knee swelling. Worried it's infected.\n", "infected") != "present"
    case = _knee(
        tmp_path,
        "PRE-ADMISSION CHECKLIST\nINFECTION / SKIN SCREEN\n  Skin: intact, no wounds, no"
        " cellulitis.\n",
    )
    assert criterion(case, "no-active-infection").status == "met"


# ------------------------------------------------------------------ therapy


def test_a_failure_dated_before_the_course_is_another_course(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "total-knee-arthroplasty",
        "2026-10-20",
        {
            "01_pt_eval.txt": {
                "date": "2026-05-04",
                "text": "PHYSICAL THERAPY INITIAL EVALUATION\nL knee OA. Dr. Lee referred him for"
                " PT"
                " in November 2025 - he did not schedule (copay) and that plan of care was never"
                " started.\n",
            },
            "02_pt_dc.txt": {
                "date": "2026-08-07",
                "text": "PHYSICAL THERAPY DISCHARGE SUMMARY\nL knee PT 05/04/2026 - 08/07/2026 (18"
                " visits). Goals not met; pain back to baseline.\n",
            },
            "03_ortho.txt": {
                "date": "2026-10-14",
                "text": "ORTHOPAEDIC NOTE\nL knee KL 4. Cannot walk a block. Hyaluronic acid"
                " injection series L knee 06/22/2026 - 07/06/2026.\nHt 6'0\" Wt 210 lb.\n",
            },
        },
    )
    assert criterion(case, "conservative-therapy-12wk").status == "met"


def test_a_plan_of_care_under_its_own_heading_is_not_the_course(tmp_path: Path) -> None:
    case = make_case(
        tmp_path,
        "total-knee-arthroplasty",
        "2026-05-05",
        {
            "01_pt_eval.txt": {
                "date": "2026-01-12",
                "text": "PHYSICAL THERAPY INITIAL EVALUATION\nR knee OA.\n\nPLAN OF CARE\n2x/week x"
                " 12 weeks (01/12/2026 - 04/06/2026): ther ex, manual therapy, HEP.\n",
            },
            "02_pt_dc.txt": {
                "date": "2026-03-16",
                "text": "PHYSICAL THERAPY DISCHARGE SUMMARY\nR knee. Visits 01/12/2026 -"
                " 03/16/2026."
                " Goals not met.\nR knee corticosteroid injection 02/16/2026, 2-3 good weeks.\n",
            },
        },
    )
    out = criterion(case, "conservative-therapy-12wk")
    assert out.status == "not_met"
    assert out.value is not None and out.value < 10


def test_the_next_sentences_completed_belongs_to_another_therapy(tmp_path: Path) -> None:
    docs = {
        "01_consult.txt": {
            "date": "2026-09-23",
            "text": "ORTHOPAEDIC CONSULTATION\nR knee OA, KL 4. Unable to walk a block.\n"
            "She has been"
            " taking diclofenac 75 mg twice daily since February 2, which she is currently taking"
            " with little benefit. She completed twelve sessions of physical therapy from March 9"
            " through April 17 without meaningful relief.\nHt 5'5\" Wt 150 lb.\n",
        },
    }
    case = make_case(tmp_path, "total-knee-arthroplasty", "2026-10-14", docs)
    out = criterion(case, "conservative-therapy-12wk")
    assert out.status == "met"
    assert out.value is not None and out.value > 30


# ------------------------------------------------------------------ evaluations


BARIATRIC_BASE = {
    "01_surgeon.txt": {
        "date": "2026-10-06",
        "text": "BARIATRIC SURGERY CONSULTATION\nHt 70 in Wt 290 lb BMI 41.6. T2DM on metformin.\n",
    },
}


def test_a_nurses_psychosocial_clearance_is_not_the_evaluation(tmp_path: Path) -> None:
    docs = dict(BARIATRIC_BASE)
    docs["02_rn.txt"] = {
        "date": "2026-10-06",
        "text": "BARIATRIC PROGRAM - PSYCHOSOCIAL ASSESSMENT (Nursing)\nCompleted by: P. Grant,"
        " BSN, RN - Program Coordinator\nScreens: PHQ-2 = 0.\nPsychosocial evaluation outcome:"
        " CLEARED - no barriers identified from a nursing standpoint.\n",
    }
    case = make_case(tmp_path, "bariatric-surgery", "2026-10-20", docs)
    assert criterion(case, "psych-evaluation").status == "missing"


def test_a_conditional_clearance_then_the_addendum_is_met(tmp_path: Path) -> None:
    docs = dict(BARIATRIC_BASE)
    docs["02_psych.txt"] = {
        "date": "2026-03-10",
        "text": "PSYCHOLOGICAL EVALUATION FOR BARIATRIC SURGERY\nMs. Doe is CONDITIONALLY cleared"
        " for bariatric surgery. Clearance will follow in an addendum once both conditions are"
        " met. Until then she is not cleared.\n",
    }
    docs["03_addendum.txt"] = {
        "date": "2026-05-01",
        "text": "PSYCHOLOGY ADDENDUM\nBoth conditions of the 03-10-2026 evaluation have been met."
        " She is now fully cleared from a psychological standpoint to proceed.\n",
    }
    case = make_case(tmp_path, "bariatric-surgery", "2026-10-20", docs)
    assert criterion(case, "psych-evaluation").status == "met"


def test_a_coachs_nutrition_consult_recounted_as_done_is_not_a_dietitians(tmp_path: Path) -> None:
    docs = dict(BARIATRIC_BASE)
    docs["01_surgeon.txt"] = {
        "date": "2026-10-06",
        "text": BARIATRIC_BASE["01_surgeon.txt"]["text"]
        + "Checklist:\n  Nutrition ........ WellFit nutrition consult done\n",
    }
    docs["02_coach.txt"] = {
        "date": "2026-07-31",
        "text": "WellFit coaching summary\nSessions: phone, 30 min      Coach (not a registered"
        " dietitian)\n  07/14/2026  Nutrition consult - plate method, protein at breakfast\n",
    }
    case = make_case(tmp_path, "bariatric-surgery", "2026-10-20", docs)
    assert criterion(case, "nutrition-evaluation").status == "missing"


# ------------------------------------------------------------------ bariatric numbers


def test_a_resolved_problem_row_is_no_comorbidity(tmp_path: Path) -> None:
    docs = {
        "01_pcp.txt": {
            "date": "2026-05-05",
            "text": "PRIMARY CARE WEIGHT VISIT\nO: Wt 228 lb, Ht 65 in, BMI 38.0. BP 116/72.\n"
            "RESOLVED PROBLEMS\n  Gestational hypertension (O13.9)        2021 - resolved 2021\n",
        },
    }
    case = make_case(tmp_path, "bariatric-surgery", "2026-05-19", docs)
    assert criterion(case, "bmi-comorbidity").status == "not_met"


def _program_log(rows: list[str]) -> str:
    return "MEDICAL WEIGHT MANAGEMENT - VISIT LOG\nSupervising physician: R. Ames, MD\n" + "".join(
        f"{r}  OFFICE VISIT - Weight management f/u  Wt 220 lb  diet counseling\n" for r in rows
    )


def test_a_program_paused_for_a_year_counts_its_two_stretches(tmp_path: Path) -> None:
    rows = ["11/12/2024", "12/10/2024", "01/14/2025", "04/21/2026", "05/19/2026", "06/16/2026"]
    docs = dict(BARIATRIC_BASE)
    docs["02_log.txt"] = {"date": "2026-06-20", "text": _program_log(rows)}
    case = make_case(tmp_path, "bariatric-surgery", "2026-07-28", docs)
    out = criterion(case, "supervised-weight-loss-6mo")
    assert out.status == "not_met"
    assert out.value is not None and out.value < 5
    assert "without a visit" in out.rationale


def test_an_apps_self_reported_weigh_ins_are_no_supervised_program(tmp_path: Path) -> None:
    docs = dict(BARIATRIC_BASE)
    docs["02_app.txt"] = {
        "date": "2026-09-30",
        "text": "WellFit Weight Wellness Program - coaching summary\nCoach: D. Ruiz, NBC-HWC\n"
        "Session log\n  01/05/2026  Intro call - goals\n  04/05/2026  Reviewed logs\n"
        "  08/05/2026  Weight management visit - plate method\nWeights: participant-reported"
        " 301 lb (1/5), 290 lb (8/5). No clinic\nweigh-ins are part of this program.\n",
    }
    case = make_case(tmp_path, "bariatric-surgery", "2026-10-20", docs)
    assert criterion(case, "supervised-weight-loss-6mo").status == "missing"


def test_a_letters_months_in_the_program_against_its_log_need_review(tmp_path: Path) -> None:
    docs = dict(BARIATRIC_BASE)
    docs["02_letter.txt"] = {
        "date": "2026-08-31",
        "text": "To whom it may concern:\nSince enrollment he has completed eight months in the"
        " program, with monthly physician visits including a weigh-in.\n",
    }
    docs["03_log.txt"] = {
        "date": "2026-08-28",
        "text": _program_log(
            ["04/02/2026", "05/07/2026", "06/04/2026", "07/09/2026", "08/27/2026"]
        ),
    }
    case = make_case(tmp_path, "bariatric-surgery", "2026-09-09", docs)
    assert criterion(case, "supervised-weight-loss-6mo").status == "needs_review"


# ------------------------------------------------------------------ imaging


def _mri_case(tmp_path: Path, later: dict[str, dict]) -> Path:
    docs = {
        "01_mri.txt": {
            "date": "2026-03-21",
            "text": "MRI LUMBAR SPINE WITHOUT CONTRAST\nIMPRESSION: L5-S1 left foraminal"
            " protrusion abutting the exiting L5 root.\n",
        },
        **later,
    }
    return make_case(tmp_path, "lumbar-spine-mri", "2026-08-20", docs)


def test_a_guideline_and_an_appeals_surgical_planning_are_not_new_symptoms(tmp_path: Path) -> None:
    case = _mri_case(
        tmp_path,
        {
            "02_denial.txt": {
                "date": "2026-08-07",
                "text": "NOTICE OF DENIAL OF MEDICAL COVERAGE\nOur records show an MRI of the"
                " lumbar"
                " spine on 03/21/2026. The guideline does not support repeat lumbar MRI within 12"
                " months unless new or worsening symptoms or planned surgery is documented.\n",
            },
            "03_appeal.txt": {
                "date": "2026-08-18",
                "text": "Dear Reviewer,\nAn updated 3T study is necessary for surgical\nplanning.\n"
                "Sincerely,\nDr. Vale\n",
            },
            "04_spine.txt": {
                "date": "2026-05-28",
                "text": "SPINE CONSULTATION NOTE\nChief complaint: left leg pain.\nAssessment: Left"
                " L5 radicular pain, mild, non-progressive. Not a"
                " surgical candidate at present.\nShe is not interested in surgery.\n",
            },
        },
    )
    assert criterion(case, "repeat-imaging").status == "not_met"


def test_a_forms_item_answered_no_is_not_a_new_symptom() -> None:
    rx = cue("imaging.form_answered_no")
    assert rx.search("): [ ] Yes  [X] No")
    assert not rx.search("): [X] Yes  [ ] No")


def test_a_payers_rule_naming_a_finding_is_not_imaging(tmp_path: Path) -> None:
    rx = cue("imaging.rule_statement")
    assert rx.search(
        "The guideline requires an MRI or CT of the lumbar spine that shows a cause for nerve"
        " root pain, such as a herniated disc."
    )
    assert not rx.search("MRI L-spine: L5-S1 herniated disc compressing the left S1 root.")


def test_a_payers_denial_notice_is_a_letter() -> None:
    text = (
        "HARBOR SENIOR ADVANTAGE (HMO)\nNOTICE OF DENIAL OF MEDICAL COVERAGE\n(Integrated Denial"
        " Notice)\nWe denied the service: Lumbar interlaminar epidural steroid injection, right"
        " L4-5 (CPT 62323)\n"
    )
    assert classify(text)[0] == "letter"


def test_a_prior_esi_dated_by_month_and_year_is_a_prior_procedure(tmp_path: Path) -> None:
    assert cue("procedures.prior_procedure").search(
        "- Left L5-S1 transforaminal ESI in September 2024 (Dr. Haas), for a similar episode."
    )


# ------------------------------------------------------------------ context


def test_the_far_end_of_a_denied_list_is_denied() -> None:
    q = cue("sleep.ahi_qualifying")
    assert not affirmed(q, "No history of hypertension, diabetes, heart disease or stroke.")
    assert affirmed(q, "Hypertension on lisinopril; no diabetes, no stroke.")


# ------------------------------------------------------------------ adherence


def test_a_download_tables_two_line_header(tmp_path: Path) -> None:
    docs = {
        "01_download.txt": {
            "date": "2026-04-08",
            "text": "AirView Compliance Report\nSet-up date: 01/08/2026\n\nUSAGE BY 30-DAY PERIOD\n"
            "  Period                      Days   Days   Days    % days   Avg usage\n"
            "                                     used   >= 4 h  >= 4 h   (days used)\n"
            "  01/08/2026 - 02/06/2026      30     29     24      80%      6 h 11 min\n"
            "  02/07/2026 - 03/08/2026      30     19     14      47%      5 h 26 min\n"
            "  03/09/2026 - 04/07/2026      30     28     19      63%      4 h 52 min\n",
        },
    }
    case = make_case(tmp_path, "cpap-osa", "2026-04-14", docs, request_type="continuation")
    out = criterion(case, "adherence")
    assert out.status == "met"
    assert "80%" in out.rationale


def test_find_dates_reads_a_month_and_year() -> None:
    # the dated-failure check leans on it: "in November 2025"
    from casebrief.nlp.dates import find_dates

    found = find_dates("referred him for PT in November 2025 - never started", date(2026, 5, 4))
    assert [(d.value.year, d.value.month) for d in found] == [(2025, 11)]
