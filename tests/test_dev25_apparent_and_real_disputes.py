"""Packets whose sources only seem to disagree (a fever the flu explains, a weight loss the
clinician calls intended, an unticked box naming two findings, a BMI a summary copies from an
old note) and packets whose sources genuinely do (a patient's account of an injection against
the clinicians' "injection-naive", a clearance form against its own report, a chiropractor's
14 visits against "went twice and stopped").  Every packet is invented for the test."""

from __future__ import annotations

import pytest

# ------------------------------------------------------------------ lumbar MRI red flags

_OFFICE = (
    "2026-03-02",
    "FAMILY MEDICINE OFFICE VISIT\n"
    "HPI: 52 yo M with low back pain radiating to the R leg since November 2025. "
    "Pain 6/10. He did physical therapy from 12/01/2025 to 02/13/2026 without improvement; "
    "the leg pain persists.\n"
    "Denies saddle anesthesia, urinary retention, bowel incontinence, leg weakness. "
    "No history of cancer, no IV drug use.\n"
    "EXAM: SLR R positive at 45 deg. Strength 5/5. Reflexes 2+ symmetric.\n"
    "PLAN: MRI lumbar spine.\n",
)


def _urgent_care(assessment: str) -> tuple[str, str]:
    return (
        "2026-02-10",
        "WALK-IN CLINIC\n"
        "CHIEF COMPLAINT: fever and cough x 2 days\n"
        "HPI: Fever to 101.9 at home, chills, cough, body aches. Back pain is the same as "
        "before, nothing new.\n"
        "VITALS: T 101.6 F  HR 98\n"
        f"{assessment}\n"
        "PLAN: fluids, rest, acetaminophen.\n",
    )


@pytest.mark.parametrize(
    "assessment",
    [
        "TESTS: Rapid influenza A/B: POSITIVE for influenza B.\nASSESSMENT: Influenza B.",
        "COVID-19 antigen: positive.\nIMPRESSION: COVID-19, mild.",
        "ASSESSMENT: Viral URI.",
        "ASSESSMENT:\n 1. Streptococcal pharyngitis (rapid strep positive).",
    ],
)
def test_a_fever_its_own_record_traces_to_a_non_spinal_illness_is_no_red_flag(
    brief_packet, assessment
) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-03-10",
        {"01_uc.txt": _urgent_care(assessment), "02_office.txt": _OFFICE},
    )
    assert criteria["red-flags"].status == "not_met", criteria["red-flags"].rationale


@pytest.mark.parametrize(
    "assessment",
    [
        "ASSESSMENT: Fever, source unclear. Flu swab pending.",
        "TESTS: Rapid influenza A/B: negative.\nASSESSMENT: Fever with back pain.",
    ],
)
def test_a_fever_with_no_other_source_stays_a_red_flag(brief_packet, assessment) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-03-10",
        {"01_uc.txt": _urgent_care(assessment), "02_office.txt": _OFFICE},
    )
    assert criteria["red-flags"].status == "met", criteria["red-flags"].rationale


def _intake(line: str) -> tuple[str, str]:
    return (
        "2026-02-02",
        "NEW PATIENT QUESTIONNAIRE\nWhere is your pain? low back and left leg\n"
        "Check any that apply to you now:\n"
        f" {line}\n"
        " [ ] History of cancer             [ ] IV drug use\n",
    )


@pytest.mark.parametrize(
    "line",
    [
        "[ ] Fever or chills                 [ ] Unexplained weight loss",
        "[ ] Fever/chills                    [ ] Loss of bladder control",
        "[ ] Night sweats, chills            [ ] Unexplained weight loss",
    ],
)
def test_every_finding_an_unticked_item_names_is_answered_no(brief_packet, line) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-03-10",
        {"01_intake.txt": _intake(line), "02_office.txt": _OFFICE},
    )
    assert criteria["red-flags"].status == "not_met", criteria["red-flags"].rationale


def test_a_ticked_item_naming_two_findings_still_counts(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-03-10",
        {
            "01_intake.txt": _intake("[X] Fever or chills   [ ] Unexplained weight loss"),
            "02_office.txt": _OFFICE,
        },
    )
    assert criteria["red-flags"].status == "met", criteria["red-flags"].rationale


def _consult(weight_words: str) -> tuple[str, str]:
    return (
        "2026-02-02",
        "SPINE CONSULTATION\n"
        "HPI: Low back pain radiating to the left leg since fall 2025. "
        f"{weight_words}\n"
        "Denies fevers, bowel or bladder dysfunction, saddle anesthesia. No history of cancer.\n"
        "EXAM: SLR L positive. Strength 5/5.\n",
    )


@pytest.mark.parametrize(
    "weight_words",
    [
        "She checked unexplained weight loss on the intake form; she has intentionally lost "
        "about 12 lb since October on a low-carb diet.",
        "Regarding the weight loss on the questionnaire: lost 18 lb on semaglutide since the "
        "summer, prescribed by her PCP.",
        "The weight loss is intentional (she joined a gym and counts calories).",
    ],
)
def test_a_weight_loss_the_clinician_calls_intended_is_no_red_flag(
    brief_packet, weight_words
) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-03-10",
        {
            "01_intake.txt": _intake("[ ] Fever or chills   [X] Unexplained weight loss (15 lb)"),
            "02_consult.txt": _consult(weight_words),
            "03_office.txt": _OFFICE,
        },
    )
    assert criteria["red-flags"].status == "not_met", criteria["red-flags"].rationale


def test_an_unintentional_weight_loss_stays_a_red_flag(brief_packet) -> None:
    criteria = brief_packet(
        "lumbar-spine-mri",
        "2026-03-10",
        {
            "01_intake.txt": _intake("[ ] Fever or chills   [X] Unexplained weight loss (15 lb)"),
            "02_consult.txt": _consult(
                "She denies intentional weight loss; unintentional weight loss of 15 lb."
            ),
            "03_office.txt": _OFFICE,
        },
    )
    assert criteria["red-flags"].status == "met", criteria["red-flags"].rationale


# ------------------------------------------------------------------ lumbar MRI therapy


def _chiro_letter() -> tuple[str, str]:
    return (
        "2026-03-01",
        "ACME CHIROPRACTIC\nRe: the patient's care for low back and leg pain.\n"
        "She was treated in this office from 12/01/2025 through 02/09/2026, a total of 15 "
        "visits. Her leg symptoms showed minimal lasting benefit.\n",
    )


@pytest.mark.parametrize(
    "account",
    [
        "Re: chiropractic - she states she went to the chiropractor twice in December and "
        "stopped because it flared her pain.",
        "She says she only saw the chiropractor 2 times and then quit.",
    ],
)
def test_a_patients_account_of_two_visits_disputes_a_chiropractors_long_course(
    brief_packet, account
) -> None:
    office = (
        "2026-03-05",
        "OFFICE VISIT\nHPI: Low back pain with L leg radiation since 11/2025. "
        f"{account} Leg pain is no better and if anything worse.\n"
        "Denies saddle anesthesia, bowel or bladder incontinence, fever. No history of cancer.\n"
        "EXAM: SLR L positive at 40 deg. Strength 5/5. Reflexes 2+.\n",
    )
    criteria = brief_packet(
        "lumbar-spine-mri", "2026-03-16", {"01_chiro.txt": _chiro_letter(), "02_ov.txt": office}
    )
    assert criteria["conservative-therapy"].status == "needs_review"
    assert criteria["therapy-failure"].status == "met", criteria["therapy-failure"].rationale


def test_another_illness_resolving_is_not_the_backs_response(brief_packet) -> None:
    office = (
        "2026-03-05",
        "OFFICE VISIT\nHPI: Low back pain with L leg radiation since 11/2025, on physical "
        "therapy 12/01/2025 to 02/20/2026. Leg pain is no better and if anything worse.\n"
        "Had the flu in February - fever resolved after 3 days, no fever since.\n"
        "Her sinusitis is much improved.\n"
        "Denies saddle anesthesia, bowel or bladder incontinence. No history of cancer.\n"
        "EXAM: SLR L positive at 40 deg. Strength 5/5.\n",
    )
    criteria = brief_packet("lumbar-spine-mri", "2026-03-16", {"01_ov.txt": office})
    assert criteria["therapy-failure"].status == "met", criteria["therapy-failure"].rationale


# ------------------------------------------------------------------ ESI: prior injection


_PT_EVAL = (
    "2026-01-20",
    "OUTPATIENT PHYSICAL THERAPY - INITIAL EVALUATION\n"
    "S: 58 yo F, R leg pain in an L5 pattern since October 2025. Pt reports she got "
    '"a steroid shot in the back" at another clinic in about April 2025, which helped '
    '"maybe 30 percent" for a couple of weeks.\n'
    "O: SLR R + 45 deg.\n",
)


@pytest.mark.parametrize(
    "denial",
    ["She is injection-naive and has had no spine surgery.", "No prior epidural injections."],
)
def test_a_retold_injection_that_later_clinicians_deny_needs_review(brief_packet, denial) -> None:
    consult = (
        "2026-02-12",
        "PAIN MEDICINE CONSULTATION\n"
        "HPI: Right leg pain radiating from the buttock to the dorsum of the foot. "
        f"{denial}\nPain: NRS 7/10.\n"
        "PLAN: Right L4-5 transforaminal epidural steroid injection.\n",
    )
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-02-23",
        {"01_pt.txt": _PT_EVAL, "02_consult.txt": consult},
    )
    c = criteria["prior-injection-response"]
    assert c.status == "needs_review", c.rationale


def test_a_retold_injection_nobody_denies_is_judged_on_its_relief(brief_packet) -> None:
    consult = (
        "2026-02-12",
        "PAIN MEDICINE CONSULTATION\n"
        "HPI: Right leg pain radiating from the buttock to the dorsum of the foot.\n"
        "Pain: NRS 7/10.\nPLAN: Right L4-5 transforaminal epidural steroid injection.\n",
    )
    criteria = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-02-23",
        {"01_pt.txt": _PT_EVAL, "02_consult.txt": consult},
    )
    assert criteria["prior-injection-response"].status == "not_met"


# ------------------------------------------------------------------ TKA: copied BMI


def _tka_packet(heading: str) -> dict:
    return {
        "01_ortho.txt": (
            "2025-09-22",
            "ORTHOPEDIC CONSULT\nVitals: Ht 5'5\"  Wt 247 lb  BMI 41.1\n"
            "R knee OA. Not a surgical candidate until BMI < 40.\n",
        ),
        "02_followup.txt": (
            "2026-03-16",
            "ORTHOPEDIC FOLLOW-UP\nVitals: Ht 5'5\"  Wt 230 lb  BMI 38.3\nR knee OA.\n",
        ),
        "03_cm.txt": (
            "2026-03-30",
            "HEALTH PLAN CARE MANAGEMENT - CASE SUMMARY\nPrinted: 03/30/2026\n\n"
            f"{heading}\n"
            "  R knee OA, end-stage. BMI 41.1 -- not a surgical candidate until\n"
            "  BMI < 40.\n",
        ),
    }


@pytest.mark.parametrize(
    "heading",
    [
        "Clinical summary (from ortho note 09/22/2025):",
        "Per orthopedic consult of 09/22/2025:",
        "Copied from H&P 09/22/2025:",
    ],
)
def test_a_bmi_a_summary_copies_under_a_dated_heading_is_that_days(brief_packet, heading) -> None:
    criteria = brief_packet("total-knee-arthroplasty", "2026-04-06", _tka_packet(heading))
    c = criteria["bmi-below-40"]
    assert c.status == "met", c.rationale
    assert c.value == pytest.approx(38.3)


def test_a_bmi_under_a_heading_that_quotes_nothing_is_the_summarys(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty", "2026-04-06", _tka_packet("Clinical summary:")
    )
    assert criteria["bmi-below-40"].status == "not_met"


# ------------------------------------------------------------------ bariatric


def test_a_ruled_visit_heading_with_a_visit_label_is_a_program_visit(brief_packet) -> None:
    log = (
        "2026-04-20",
        "FAMILY PRACTICE\nProvider: A. Smith, MD\n\n"
        "----- 12/08/2025  Weight management visit (in person) -----\n"
        "Wt 318 lb  BMI 48.4\nDiet and activity counseling 25 min.\n\n"
        "----- 01/12/2026 -----\nWt 314 lb  BMI 47.7\nCounseling 20 min.\n\n"
        "----- 02/16/2026 -----\nWt 311 lb  BMI 47.3\nCounseling 20 min.\n\n"
        "----- 04/20/2026 -----\nWt 304 lb  BMI 46.2\nCounseling 20 min.\n",
    )
    criteria = brief_packet("bariatric-surgery", "2026-06-01", {"01_wm.txt": log})
    c = criteria["supervised-weight-loss-6mo"]
    assert c.status == "not_met", c.rationale
    assert c.value == pytest.approx(4.4, abs=0.1)


def _psych(form_box: str, recommendation: str) -> tuple[str, str]:
    return (
        "2026-03-10",
        "CLINICAL PSYCHOLOGY\n=====================================\n"
        "PRE-SURGICAL PSYCHOLOGICAL CLEARANCE FORM (bariatric surgery)\n"
        f"{form_box}\n"
        "Signed: J. Doe, PsyD\n=====================================\n\n"
        "PRE-BARIATRIC PSYCHOLOGICAL EVALUATION - REPORT\n"
        "Interview and testing completed.\n\n"
        f"Recommendation:\n{recommendation}\n",
    )


def test_a_clearance_form_against_its_own_report_needs_review(brief_packet) -> None:
    criteria = brief_packet(
        "bariatric-surgery",
        "2026-06-01",
        {
            "01_psych.txt": _psych(
                "[X] Patient is psychologically cleared for bariatric surgery.\n"
                "[ ] Patient is NOT cleared at this time.",
                "The patient is NOT cleared for bariatric surgery at this time.",
            )
        },
    )
    assert criteria["psych-evaluation"].status == "needs_review"


def test_a_clearance_form_and_report_that_agree_are_met(brief_packet) -> None:
    criteria = brief_packet(
        "bariatric-surgery",
        "2026-06-01",
        {
            "01_psych.txt": _psych(
                "[X] Patient is psychologically cleared for bariatric surgery.\n"
                "[ ] Patient is NOT cleared at this time.",
                "The patient is psychologically cleared for bariatric surgery.",
            )
        },
    )
    assert criteria["psych-evaluation"].status == "met"
