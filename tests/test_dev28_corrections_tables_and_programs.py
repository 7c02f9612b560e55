"""The classes of error the twenty-eighth dev batch (dev28ra/mr/tk/nc) showed, each told in
packets written differently from the batch's own (every packet here is invented):

- an addendum that corrects an account of a prior study supersedes it;
- a vitals table's BMI column, one BMI per dated row;
- height and weight behind a printout's dot leaders;
- a form field that points to notes not attached documents nothing;
- a brace prescribed "but he never obtained it" (the same sentence, by a pronoun);
- a systemic infection named by its organ (pyelonephritis) under treatment;
- an IME's exam under a numbered heading is that day's exam;
- dictation's sound-alike drug names with a dose;
- a study "ordered through" an app was done; "has not had an MRI" denies one;
- a practice's name ("Family Medicine") is no relative;
- a finding called "not new" is not new;
- a clinician's own re-scoring of a sleep study disputes its report.

Run with the project's tests/conftest.py (the ``brief_packet`` fixture)."""

from __future__ import annotations

from casebrief.nlp.measurements import find_measurements

MRI = "lumbar-spine-mri"
TKA = "total-knee-arthroplasty"
BAR = "bariatric-surgery"
CPAP = "cpap-osa"

BACK = (
    "OFFICE VISIT\nLow back pain radiating to the left calf for 4 months. Ibuprofen 600 mg TID "
    "from 10/01/2025, currently taking; PT 10/15/2025 to 12/20/2025 with no relief. SLR positive "
    "left at 40 degrees; strength 5/5; reflexes 2+ symmetric. Denies saddle numbness, bowel or "
    "bladder change, fever, weight loss; no history of cancer.\n"
)


def _mri(brief_packet, records, req="2026-02-20"):
    return brief_packet(MRI, req, records, cpt=["72148"])


# -- corrections of an account ------------------------------------------------------------------


def test_addendum_correcting_the_region_of_a_prior_mri(brief_packet):
    c = _mri(
        brief_packet,
        {
            "01_visit.txt": (
                "2026-02-05",
                BACK + "He says he had an MRI of the low back on 06/12/2025 at Lakeside "
                "Imaging.\n\n"
                "ADDENDUM 02/06/2026: Lakeside records received. The study in June was actually "
                "an MRI of the right shoulder, and he misremembered it. No lumbar imaging has "
                "been done.\n",
            )
        },
    )["repeat-imaging"]
    assert c.status == "met", (c.status, c.rationale)


def test_correction_that_denies_nothing_keeps_the_prior_mri(brief_packet):
    c = _mri(
        brief_packet,
        {
            "01_visit.txt": (
                "2026-02-05",
                BACK + "MRI lumbar spine 09/12/2025 showed an L5-S1 protrusion; symptoms are "
                "unchanged since.\n\nADDENDUM: correction to the medication list above, the "
                "ibuprofen dose is 600 mg, not 800 mg.\n",
            )
        },
    )["repeat-imaging"]
    assert c.status == "not_met", (c.status, c.rationale)


def test_study_ordered_through_an_app_was_done_and_denied_elsewhere(brief_packet):
    c = _mri(
        brief_packet,
        {
            "01_pt.txt": (
                "2026-01-10",
                "PHYSICAL THERAPY INITIAL EVALUATION\nLumbar radiculopathy. Patient states she "
                "has not had an MRI; x-rays only.\n",
            ),
            "02_visit.txt": (
                "2026-02-05",
                BACK + "She tells me she had a lumbar MRI in December 2025, ordered through an "
                "online urgent-care service; we have no report.\n",
            ),
        },
    )["repeat-imaging"]
    assert c.status == "needs_review", (c.status, c.rationale)


# -- BMI: tables and leaders --------------------------------------------------------------------


def test_bmi_column_of_a_weight_trend_table():
    text = (
        "WEIGHT TREND\n"
        "  Date          Wt (kg)    BMI    Scale\n"
        "  2026-03-01    118.2      40.9   clinic\n"
        "  2026-02-01    119.0      41.2   clinic\n"
        "\nPlan: continue diet.\n"
    )
    got = [m.value for m in find_measurements(text) if m.kind == "bmi"]
    assert got == [40.9, 41.2]


def test_footnoted_bmi_cell_is_not_read():
    text = (
        "  Date        Ht      Wt      BMI\n"
        "  01/05/26    65 in   230 lb  38.3*\n"
        "  * carried forward from an outside record\n"
    )
    tabled = [m for m in find_measurements(text) if m.kind == "bmi" and not m.derived]
    assert [m.value for m in tabled] == []


def test_latest_table_row_bmi_beats_an_older_prose_bmi(brief_packet):
    c = brief_packet(
        TKA,
        "2026-03-10",
        {
            "01_ortho.txt": (
                "2026-01-15",
                "ORTHOPEDIC CONSULT\nRight knee OA, bone-on-bone medial compartment on standing "
                "films. BMI 37.9 (stated weight).\n",
            ),
            "02_hh.txt": (
                "2026-03-05",
                "HOME HEALTH VISIT RECORD\nVITALS\n"
                "  Visit      BP        Wt (lb)   BMI\n"
                "  03/05/26   128/76    262.0     40.6\n"
                "  02/26/26   130/80    263.5     40.8\n",
            ),
        },
    )["bmi-below-40"]
    assert c.status == "not_met", (c.status, c.value, c.rationale)
    assert c.value == 40.6


def test_height_and_weight_behind_dot_leaders():
    text = "PRE-ADMISSION\n  Height ........ 170.0 cm\n  Weight ........ 120.5 kg\n"
    got = [m.value for m in find_measurements(text) if m.kind == "bmi"]
    assert got == [41.7]


# -- functional limitation: a pointer to notes not attached --------------------------------------


def test_field_pointing_to_office_notes_documents_nothing(brief_packet):
    c = brief_packet(
        TKA,
        "2026-03-10",
        {
            "01_form.txt": (
                "2026-03-08",
                "TKA PRIOR AUTHORIZATION REQUEST\nFunctional limitation: see clinic notes "
                "(enclosed)\n",
            ),
            "02_xr.txt": (
                "2026-01-10",
                "XR RIGHT KNEE\nIMPRESSION: Severe medial joint space narrowing, bone on bone.\n",
            ),
        },
    )["functional-limitation"]
    assert c.status == "missing", (c.status, c.rationale)


# -- therapy never obtained, told in a later clause ----------------------------------------------


def test_cane_prescribed_but_never_picked_up_is_no_second_modality(brief_packet):
    c = brief_packet(
        TKA,
        "2026-03-10",
        {
            "01_note.txt": (
                "2026-03-01",
                "ORTHO NOTE\nLeft knee OA. Naproxen 500 mg BID since 06/01/2025, currently "
                "taking. A cane was recommended in 10/2025 and she never picked it up.\n",
            )
        },
    )["conservative-therapy-12wk"]
    assert c.status == "not_met", (c.status, c.rationale)


# -- infection named by organ -------------------------------------------------------------------


def test_pyelonephritis_under_treatment_is_an_active_infection(brief_packet):
    c = brief_packet(
        TKA,
        "2026-03-10",
        {
            "01_pcp.txt": (
                "2026-03-06",
                "PCP VISIT\nFever 101.9, flank pain. Assessment: acute pyelonephritis; started "
                "cefpodoxime, currently taking. Knee surgery to wait.\n",
            )
        },
    )["no-active-infection"]
    assert c.status == "not_met", (c.status, c.rationale)


def test_pyelonephritis_resolved_is_no_active_infection(brief_packet):
    c = brief_packet(
        TKA,
        "2026-03-10",
        {
            "01_pcp.txt": (
                "2026-03-06",
                "PCP VISIT\nPyelonephritis in January, treated, resolved. Afebrile today, no "
                "urinary symptoms. Knee without warmth or erythema.\n",
            )
        },
    )["no-active-infection"]
    assert c.status == "met", (c.status, c.rationale)


# -- an IME's exam under a numbered heading --------------------------------------------------------


def test_ime_exam_under_a_numbered_heading_is_that_days_exam(brief_packet):
    ime = (
        "INDEPENDENT MEDICAL EVALUATION\nDate of examination: February 10, 2026, in person.\n\n"
        "2. RECORDS REVIEWED\n  a. Ortho notes 09/02/2025 - 10/20/2025.\n"
        "  b. Pharmacy printout: naproxen filled 09/02/2025; cyclobenzaprine 5 mg qhs\n"
        "     09/02/2025 - 10/20/2025.\n\n"
        "3. PHYSICAL EXAMINATION\n  Straight-leg raise: positive on the right at 50 degrees.\n"
        "  Strength: 5/5 throughout.\n"
    )
    c = _mri(
        brief_packet,
        {
            "01_visit.txt": ("2025-10-20", BACK),
            "02_ime.txt": ("2026-02-10", ime),
        },
    )["clinical-evaluation"]
    assert c.status == "met", (c.status, c.rationale)


# -- speech recognition's drug names ------------------------------------------------------------


def test_sound_alike_drug_with_a_dose_counts_and_the_word_alone_does_not(brief_packet):
    c = _mri(
        brief_packet,
        {
            "01_visit.txt": (
                "2026-02-05",
                "OFFICE VISIT dictated\nLow back pain into the right leg since October. Started "
                "on mobile 15 mg daily on October 1, 2025, still taking it, no better. Straight "
                "leg race positive on the right. She is fully mobile. Denies bowel or bladder "
                "change, fever, cancer.\n",
            )
        },
    )["conservative-therapy"]
    assert c.status == "met", (c.status, c.value, c.rationale)


# -- a practice's name, a finding called not new -----------------------------------------------


def test_family_medicine_programme_is_the_patients_own(brief_packet):
    c = brief_packet(
        BAR,
        "2026-03-10",
        {
            "01_log.txt": (
                "2025-12-15",
                "NORTHGATE FAMILY PRACTICE -- WEIGHT MANAGEMENT GROUP VISITS\n"
                "Visit 04/02/2025: weight 262 lb, BMI 43.6. NP check-in.\n"
                "Visit 12/10/2025: weight 251 lb, BMI 41.8. NP check-in.\n",
            )
        },
    )["supervised-weight-loss-6mo"]
    assert c.status == "met", (c.status, c.value, c.rationale)


def test_incontinence_called_not_new_is_no_red_flag(brief_packet):
    c = _mri(
        brief_packet,
        {
            "01_form.txt": (
                "2026-02-01",
                "PATIENT QUESTIONNAIRE\nAny loss of bladder control?   YES\n",
            ),
            "02_visit.txt": (
                "2026-02-01",
                BACK.replace("bowel or \nbladder change", "bowel change")
                + "Leaks urine with coughing since her first pregnancy: stress incontinence, "
                "not new.\n",
            ),
        },
    )["red-flags"]
    assert c.status == "not_met", (c.status, c.rationale)


# -- a clinician's own re-scoring of a sleep study ----------------------------------------------


def test_own_rescoring_of_the_same_night_disputes_the_report(brief_packet):
    report = (
        "HOME SLEEP APNEA TEST REPORT\nStudy date: 04/12/2026\nREI 9.1 events/h (AASM 4%).\n"
        "Impression: mild obstructive sleep apnea.\n"
    )
    consult = (
        "SLEEP CONSULT\nDaytime sleepiness: none, ESS 6. No hypertension, no heart disease, no "
        "stroke, no insomnia, mood good.\nHSAT of 04/12/2026 reviewed: I re-scored the raw data "
        "and get an REI of 19.4 events/h with the same 4% rule, moderate OSA.\n"
    )
    c = brief_packet(
        CPAP,
        "2026-05-01",
        {"01_hsat.txt": ("2026-04-13", report), "02_consult.txt": ("2026-04-25", consult)},
    )["sleep-test-ahi"]
    assert c.status == "needs_review", (c.status, c.value, c.rationale)
