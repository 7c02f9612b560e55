"""The thirty-second dev batch's classes (session 16): Spanish-language health-centre records,
logs of dated entries, request forms against the records, and chronologies.  Every packet here
is invented.

- "Peso 106.8 kg" under "VISITA 5 - 02/24/2026" with the height told once above: the latest
  visit's BMI; "pre diabetes" is no type 2 diabetes;
- Spanish dates, drug names and ranges ("Ibuprofeno ... desde el 6 de mayo de 2025", "del 3 de
  junio al 15 de agosto de 2025"); "PT: SURNAME, NAME" labels the patient;
- a relative who helps ("without her son helping her") does not make the limitation his;
- a home-health extract's "05/15/2026  SKILLED NURSING" entry dates its pain score;
- a medication list's "patient not taking" line; a dispensing end that decides nothing;
- a form's attested adherence, F2F visit or clearance against the records goes to review;
- "Depression or anxiety:   No" answers both; an AHI "dictated ... in error" is no rival;
- a chronology's drug "started" at one entry and "discontinued" at a later one is a course;
  "Lakeshore PT discharge" is the clinic's therapy; "without\\nresolution" is no success.
"""

from __future__ import annotations

from casebrief.evaluation.assertions import assert_span

MRI = "lumbar-spine-mri"
ESI = "lumbar-epidural-steroid-injection"
TKA = "total-knee-arthroplasty"
BARI = "bariatric-surgery"
CPAP = "cpap-osa"

XR = (
    "2025-10-20",
    "XR RIGHT KNEE 3 VIEWS\nIMPRESSION: Severe medial compartment OA with bone-on-bone "
    "contact, KL grade 4.\n",
)
HSAT = (
    "2025-11-20",
    "HOME SLEEP APNEA TEST REPORT\nTest date: 11/20/2025\nAHI (REI)   162   24.0 /h\n"
    "IMPRESSION: Obstructive sleep apnea, AHI 14.0 events per hour.\n\n"
    "ADDENDUM 11/25/2025: The AHI in the impression above was dictated as\n14.0 in error. "
    "The correct AHI is 24.0 events per hour, as shown in the\nevent table.\n",
)


def test_spanish_program_log_latest_weight_and_prediabetes(brief_packet) -> None:
    log = (
        "NUEVO CAMINO - Programa medico de control de peso\nHeight (measured 10/14/2025): 169 "
        "cm\n\nVISITA 1 - 10/14/2025  (MD)\nPeso 116.0 kg. Ingreso al programa. Consejeria de "
        "dieta 30 min.\n\nVISITA 2 - 12/16/2025  (MD)\nPeso 112.0 kg. Consejeria: porciones.\n\n"
        "VISITA 3 - 02/24/2026  (MD)\nPeso 106.8 kg. Continue program.\n"
    )
    c = brief_packet(
        BARI,
        "2026-03-20",
        {
            "01_consult.txt": (
                "2025-12-02",
                "BARIATRIC CONSULT\nShe has pre diabetes with an A1c of six point one. She does "
                "not carry a diagnosis of hypertension.\n",
            ),
            "02_log.txt": ("2026-02-24", log),
        },
    )
    bmi = c["bmi-comorbidity"]
    assert bmi.status == "not_met"
    assert bmi.value is not None and abs(bmi.value - 37.4) <= 0.5


def test_spanish_dates_drugs_and_ranges(brief_packet) -> None:
    note = (
        "PROGRESS NOTE (interpreter)\nRodilla derecha: dolor 2+ anos.\n"
        "  - Ibuprofeno 800 mg tres veces al dia desde el 6 de mayo de 2025.\n"
        "  - Terapia fisica: fue a terapia fisica 2 veces por semana, del 3 de junio al 15 de "
        "agosto de 2025.\nSuspendido ibuprofeno hoy por dispepsia.\nBMI 31.\n"
    )
    c = brief_packet(TKA, "2025-11-20", {"01_xr.txt": XR, "02_note.txt": ("2025-08-12", note)})
    ct = c["conservative-therapy-12wk"]
    assert ct.status == "met"
    assert ct.value is not None and ct.value >= 12


def test_pt_label_of_a_pharmacy_printout_is_the_patient() -> None:
    from casebrief.lexicon import cue

    assert cue("therapy.credential_after").match(": VILLATORO CHUN, JESUS A   DOB 06/09/1966")
    assert not cue("therapy.credential_after").match(": YES, Completed 8 weeks")


def test_relative_who_helps_leaves_the_limitation_the_patients() -> None:
    text = "She cannot do the stairs into her church without her son helping her."
    s = text.index("cannot do the stairs")
    assert assert_span(text, s, s + len("cannot do the stairs"), force=True)._.assertion == (
        "present"
    )
    text = "Her son has diabetes."
    s = text.index("diabetes")
    assert assert_span(text, s, s + len("diabetes"), force=True)._.assertion == "family"


def test_home_health_entries_date_their_pain_scores(brief_packet) -> None:
    hh = (
        "HOME HEALTH SERVICES - visit notes extract\n"
        "==========================================\n"
        "03/16/2026  SKILLED NURSING - START OF CARE            RN: C. Arceneaux\n"
        "Pain: 7/10 (0-10 NRS), low back and L leg, shoots down the outside of the left leg.\n"
        "==========================================\n"
        "05/15/2026  SKILLED NURSING                            RN: C. Arceneaux\n"
        "Still needs walker and standby to get to the bathroom because of the left leg.\n"
        "Pain: 3/10 (0-10 NRS) at time of visit.\n"
    )
    c = brief_packet(
        ESI,
        "2026-05-19",
        {
            "01_clinic.txt": (
                "2026-05-06",
                "SPINE CLINIC NOTE\nPain today: 8/10 NRS. Pain radiates down the left leg to "
                "the foot. Walks 20 feet with a walker.\n",
            ),
            "02_hh.txt": ("2026-05-15", hh),
        },
    )
    assert c["pain-assessment"].status == "not_met"
    assert c["pain-assessment"].value == 3


def test_med_list_line_not_taking(brief_packet) -> None:
    c = brief_packet(
        ESI,
        "2026-03-09",
        {
            "01_consult.txt": (
                "2026-02-24",
                "PAIN CONSULT\nLow back pain radiating down the right leg to the foot.\n"
                "Treatment so far: her PCP prescribed naproxen on 01/06/2026; she stopped it "
                "after about 2 weeks.\nMEDICATIONS:\n  naproxen 500 mg BID - listed by PCP; "
                "patient not taking since Jan\nPain 6/10; cannot work.\n",
            ),
        },
    )
    assert c["conservative-care-4wk"].status == "not_met"


def test_dispensing_end_that_decides_nothing_is_no_dispute(brief_packet) -> None:
    c = brief_packet(
        TKA,
        "2026-02-10",
        {
            "01_xr.txt": XR,
            "02_note.txt": (
                "2026-01-27",
                "OFFICE VISIT\nRight knee pain. Meloxicam 15 mg daily since 08/26/2025, "
                "currently taking. Also takes acetaminophen 500 mg prn, still taking.\n"
                "PT referral never used. Injection declined. BMI 33.\n",
            ),
            "03_pharmacy.txt": (
                "2026-01-28",
                "PHARMACY FILL HISTORY\nDate        Rx#       Drug                          Qty  "
                "Days\n08/26/2025  7713381   ACETAMINOPHEN 500MG TAB       100  25\n"
                "08/26/2025  7713380   MELOXICAM 15MG TAB            30   30\n",
            ),
        },
    )
    assert c["conservative-therapy-12wk"].status == "not_met"  # one kind of treatment


def test_form_attested_adherence_against_the_download(brief_packet) -> None:
    c = brief_packet(
        CPAP,
        "2025-06-24",
        {
            "01_form.txt": (
                "2025-06-20",
                "CPAP CONTINUED COVERAGE REQUEST AND COMPLIANCE ATTESTATION\n"
                "  [X] Beneficiary used PAP >= 4 hours per night on >= 70% of nights\n"
                "       30-day period: 04/10/2025 - 05/09/2025\n       Nights >= 4 h: 74% of "
                "nights\n",
            ),
            "02_psg.txt": ("2025-02-26", "POLYSOMNOGRAM\nAHI 19.2 /h.\n"),
            "03_dme.txt": (
                "2025-06-16",
                "DME SET-UP AND USAGE DOWNLOAD\nSet-up date 03/17/2025. 90-day adherence rule\n"
                "reviewed (>= 4 h/night, 70% of nights, any 30 consecutive days).\n"
                "  Best 30-day window:\n    04/27/2025 - 05/26/2025: 18 of 30 nights >= 4 h "
                "(60.0%)\n",
            ),
        },
        request_type="continuation",
    )
    assert c["adherence"].status == "needs_review"


def test_item_naming_two_conditions_answered_no() -> None:
    from casebrief.lexicon import cue
    from casebrief.policy.evaluators.sleep import _affirmed_conditions

    q = "Depression or anxiety:                   No   (PHQ-2 score 0)"
    assert _affirmed_conditions(cue("sleep.ahi_qualifying"), q) == []


def test_ahi_dictated_in_error_and_form_f2f_date_against_the_records(brief_packet) -> None:
    c = brief_packet(
        CPAP,
        "2026-03-27",
        {
            "01_form.txt": (
                "2026-03-20",
                "CPAP CONTINUED COVERAGE REQUEST\n1. FACE-TO-FACE CLINICAL EVALUATION PRIOR TO "
                "SLEEP TEST\n   Date of evaluation: 10/28/2025 (in office)\n",
            ),
            "02_hsat.txt": HSAT,
            "03_eval.txt": (
                "2025-12-09",
                "GERIATRIC SLEEP EVALUATION (in person)\nSon reports loud snoring for years and "
                "witnessed apneas; naps 2-3 times a day, Epworth 11. Per chart review she has "
                "not previously been evaluated in person for sleep complaints.\n",
            ),
        },
        request_type="continuation",
    )
    assert c["sleep-test-ahi"].status == "met"
    assert c["sleep-test-ahi"].value == 24
    assert c["face-to-face-evaluation"].status == "needs_review"


def test_form_clearance_sub_item_against_the_psychologist(brief_packet) -> None:
    c = brief_packet(
        BARI,
        "2026-03-20",
        {
            "01_form.txt": (
                "2026-03-17",
                "BARIATRIC SURGERY PRIOR AUTHORIZATION REQUEST\n"
                "  Psychological evaluation:            [X] Completed   Date: 01/27/2026\n"
                "       Cleared for surgery?            [X] Yes   [ ] No   [ ] Pending\n",
            ),
            "02_psych.txt": (
                "2026-01-27",
                "PRE-SURGICAL PSYCHOLOGICAL EVALUATION\nMs. D is NOT cleared for bariatric "
                "surgery at this time.\n",
            ),
        },
    )
    assert c["psych-evaluation"].status == "needs_review"


CHRONOLOGY = (
    "INDEPENDENT MEDICAL EXAMINATION\nRECORDS REVIEWED\n"
    "04/04/2025  Tri-Rivers Occupational Health (H. Marsh, DO), initial visit.\n"
    "            LBP 7/10 to L buttock. Naproxen 500 mg BID started.\n"
    "04/21/2025  Lakeshore Physical Therapy initial evaluation.\n"
    "05/02/2025  Dr. Marsh: naproxen discontinued today for dyspepsia.\n"
    "06/13/2025  Lakeshore PT discharge: 14 visits attended (04/21-06/13/2025).\n\n"
    "CURRENT COMPLAINTS\nHe reports persistent low back pain with radiation into the left calf, "
    "6/10 today.\n\nOPINION\nTreatment to date: a course of PT and a trial of naproxen, without\n"
    "   resolution of the radicular symptoms.\nEXAM: SLR positive on the left at 50 degrees.\n"
)


def test_chronology_started_stopped_clinic_pt_and_without_resolution(brief_packet) -> None:
    c = brief_packet(MRI, "2025-09-30", {"01_ime.txt": ("2025-08-28", CHRONOLOGY)})
    ct = c["conservative-therapy"]
    assert ct.status == "met"
    assert ct.value is not None and ct.value >= 7
    assert c["therapy-failure"].status == "met"
