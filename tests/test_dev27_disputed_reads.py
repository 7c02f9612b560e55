"""Two readers or recorders of one study or one visit who disagree on the decisive fact
(dev27nr-02, -03, -04).  Every packet here is invented; none is copied from a labelled case.

Classes:
  A. a clinician's own read of a study, naming the study by its day, months after the
     radiologist's normal report of that study (imaging-concordant);
  B. a consulting radiologist's read of outside films, its report dated by the interpretation
     and labelled with the films' day, against the local report of those films
     (radiographic-severity);
  C. a fever one record of a visit tells and another record of the same day denies (red-flags),
     and a question put to the patient ("asked about fevers") is no fever.
Near misses: an old normal study and a new one; a corrected report; a radiologist's finding
retold in other words; a normal read of another level; new films read after old mild ones; a
fever denied a week later; a question answered yes.
"""

from __future__ import annotations

ESI = "lumbar-epidural-steroid-injection"
TKA = "total-knee-arthroplasty"
MRI = "lumbar-spine-mri"

LEFT_L5 = (
    "PAIN CLINIC NOTE\nLeft leg pain radiating from the buttock down the lateral calf into "
    "the dorsum of the foot, L5 pattern. SLR left positive at 40 degrees.\n"
)
RIGHT_S1 = (
    "SPINE CLINIC\nRight buttock pain radiating down the back of the thigh to the lateral foot, "
    "S1 pattern. SLR right positive at 35 degrees.\n"
)


# ---- A. a second read of the same study, long after its normal report -------------------


def test_clinicians_own_read_of_a_normal_reported_mri_named_by_its_day(brief_packet) -> None:
    c = brief_packet(
        ESI,
        "2026-05-01",
        {
            "01_mri.txt": (
                "2026-01-10",
                "RADIOLOGY REPORT\nEXAM: MRI LUMBAR SPINE WITHOUT CONTRAST\n"
                "EXAM DATE: 01/10/2026\nFINDINGS: L4-L5: mild broad-based disc bulge.\n"
                "IMPRESSION: Mild L4-L5 disc bulge without neural compression.\n",
            ),
            "02_clinic.txt": (
                "2026-04-20",
                LEFT_L5 + "IMAGING: MRI lumbar spine 01/10/2026, images reviewed personally: "
                "left paracentral disc protrusion at L4-L5 compressing the traversing left L5 "
                "nerve root.\n",
            ),
        },
    )["imaging-concordant"]
    assert c.status == "needs_review", c.rationale
    assert len({e.document_id for e in c.evidence}) == 2


def test_surgeons_letter_rereads_the_study_of_a_named_day(brief_packet) -> None:
    c = brief_packet(
        ESI,
        "2026-04-01",
        {
            "01_mri.txt": (
                "2025-11-03",
                "IMAGING REPORT\nExamination: MRI L-spine without contrast\n"
                "Exam date: 11/03/2025\nIMPRESSION:\n1. Mild L5-S1 degenerative disc disease "
                "with no nerve root contact.\n",
            ),
            "02_letter.txt": (
                "2026-03-15",
                RIGHT_S1 + "I have looked at the images of her lumbar MRI dated 11/03/2025 "
                "myself: there is a right paracentral disc herniation at L5-S1 impinging the "
                "traversing right S1 root.\n",
            ),
        },
    )["imaging-concordant"]
    assert c.status == "needs_review", c.rationale


def test_an_old_normal_mri_and_a_new_abnormal_one_are_history(brief_packet) -> None:
    c = brief_packet(
        ESI,
        "2026-05-01",
        {
            "01_mri.txt": (
                "2024-02-10",
                "RADIOLOGY REPORT\nEXAM: MRI LUMBAR SPINE\nEXAM DATE: 02/10/2024\n"
                "IMPRESSION: Mild L4-L5 disc bulge without neural compression.\n",
            ),
            "02_clinic.txt": (
                "2026-04-20",
                LEFT_L5 + "IMAGING: MRI lumbar spine 03/30/2026, images reviewed personally: "
                "left paracentral disc protrusion at L4-L5 compressing the traversing left L5 "
                "nerve root.\n",
            ),
        },
    )["imaging-concordant"]
    assert c.status == "met", c.rationale


def test_a_corrected_report_supersedes_the_normal_read(brief_packet) -> None:
    c = brief_packet(
        ESI,
        "2026-05-01",
        {
            "01_mri.txt": (
                "2026-01-10",
                "RADIOLOGY REPORT\nEXAM: MRI LUMBAR SPINE\nEXAM DATE: 01/10/2026\n"
                "IMPRESSION: Mild L4-L5 disc bulge without neural compression.\n",
            ),
            "02_mri_corrected.txt": (
                "2026-04-02",
                "RADIOLOGY - CORRECTED REPORT\nEXAM: MRI LUMBAR SPINE\nEXAM DATE: 01/10/2026\n"
                "IMPRESSION: On re-review, left paracentral disc protrusion at L4-L5 "
                "compressing the traversing left L5 nerve root.\n",
            ),
            "03_clinic.txt": ("2026-04-20", LEFT_L5),
        },
    )["imaging-concordant"]
    assert c.status == "met", c.rationale


def test_a_clinicians_summary_of_the_reports_finding_is_no_dispute(brief_packet) -> None:
    c = brief_packet(
        ESI,
        "2026-05-01",
        {
            "01_mri.txt": (
                "2026-01-10",
                "RADIOLOGY REPORT\nEXAM: MRI LUMBAR SPINE\nEXAM DATE: 01/10/2026\n"
                "IMPRESSION: Left paracentral protrusion at L4-L5 contacting the traversing "
                "left L5 nerve root. Paraspinal soft tissues unremarkable.\n",
            ),
            "02_clinic.txt": (
                "2026-04-20",
                LEFT_L5 + "MRI of 01/10/2026 showed a herniated disc at L4-5 on the left.\n",
            ),
        },
    )["imaging-concordant"]
    assert c.status == "met", c.rationale


# a long history above the study's name pushes it out of the report's head
HISTORY = (
    "RADIOLOGY REPORT\nPatient: DOE, JANE    DOB 01/02/1960\nCLINICAL HISTORY: "
    + "Left leg pain in an L5 distribution for seven weeks, worse with sitting and bending, "
    "not improved with an NSAID and home exercise, numbness of the dorsum of the foot. "
    * 5
    + "\n\n"
)


def test_a_report_that_reads_the_finding_itself_is_no_normal_read(brief_packet) -> None:
    c = brief_packet(
        ESI,
        "2026-05-20",
        {
            "01_mri.txt": (
                "2026-01-12",
                HISTORY + "EXAM: MRI LUMBAR SPINE WITHOUT CONTRAST\n"
                "DATE: 01/12/2026\nFINDINGS:\nL3-L4: minimal disc bulge. No stenosis.\n"
                "L4-L5: mild facet hypertrophy.\n  Mild bilateral foraminal narrowing without "
                "nerve root contact.\nL5-S1: left foraminal disc protrusion abutting the exiting "
                "left L5 nerve root.\n",
            ),
            "02_clinic.txt": (
                "2026-05-12",
                LEFT_L5 + "MRI lumbar spine 01/12/2026, report and images reviewed: left "
                "foraminal L5-S1 protrusion contacting the exiting L5 root.\n",
            ),
        },
    )["imaging-concordant"]
    assert c.status == "met", c.rationale


def test_a_normal_read_of_another_level_is_no_dispute(brief_packet) -> None:
    c = brief_packet(
        ESI,
        "2026-05-01",
        {
            "01_mri.txt": (
                "2026-01-10",
                "RADIOLOGY REPORT\nEXAM: MRI LUMBAR SPINE\nEXAM DATE: 01/10/2026\n"
                "IMPRESSION: Mild L2-L3 facet arthropathy without neural compression.\n",
            ),
            "02_clinic.txt": (
                "2026-04-20",
                LEFT_L5 + "IMAGING: MRI lumbar spine 01/10/2026, images reviewed personally: "
                "left paracentral disc protrusion at L4-L5 compressing the traversing left L5 "
                "nerve root.\n",
            ),
        },
    )["imaging-concordant"]
    assert c.status == "met", c.rationale


# ---- B. a consulting radiologist's read of outside films ---------------------------------


def test_consult_read_of_outside_films_labelled_with_their_day(brief_packet) -> None:
    c = brief_packet(
        TKA,
        "2026-06-01",
        {
            "01_xr.txt": (
                "2026-03-02",
                "RADIOLOGY REPORT\nEXAM: XR LEFT KNEE STANDING AP AND LATERAL\n"
                "Exam date: 03/02/2026\nIMPRESSION: Mild medial joint space narrowing of the "
                "left knee, Kellgren-Lawrence grade 2.\n",
            ),
            "02_consult_read.txt": (
                "2026-05-20",
                "MSK RADIOLOGY - CONSULTATION ON OUTSIDE IMAGES\nStudy: XR LEFT KNEE STANDING\n"
                "Study date: 03/02/2026\nInterpretation date: 05/20/2026\nOutside report not "
                "provided.\nFINDINGS: Large medial osteophytes. Subchondral sclerosis.\n"
                "IMPRESSION: Severe left knee osteoarthritis with bone-on-bone medial contact, "
                "Kellgren-Lawrence grade 4.\n",
            ),
        },
    )["radiographic-severity"]
    assert c.status == "needs_review", c.rationale
    assert len({e.document_id for e in c.evidence}) == 2


def test_second_opinion_read_calls_the_films_mild(brief_packet) -> None:
    c = brief_packet(
        TKA,
        "2026-06-01",
        {
            "01_xr.txt": (
                "2026-01-15",
                "IMAGING REPORT\nExamination: XR RIGHT KNEE 3 VIEWS\nDate of exam: 01/15/2026\n"
                "IMPRESSION: End-stage right knee osteoarthritis, Kellgren-Lawrence grade 4.\n",
            ),
            "02_second_opinion.txt": (
                "2026-04-28",
                "SECOND OPINION RADIOLOGY INTERPRETATION\nExamination: XR RIGHT KNEE 3 VIEWS\n"
                "Date of study: 01/15/2026\nIMPRESSION: Mild osteoarthritis of the right knee, "
                "Kellgren-Lawrence grade 2.\n",
            ),
        },
    )["radiographic-severity"]
    assert c.status == "needs_review", c.rationale


def test_new_films_read_months_after_old_mild_ones_are_progression(brief_packet) -> None:
    c = brief_packet(
        TKA,
        "2026-06-01",
        {
            "01_xr.txt": (
                "2026-01-05",
                "RADIOLOGY REPORT\nEXAM: XR LEFT KNEE STANDING\nExam date: 01/05/2026\n"
                "IMPRESSION: Mild medial joint space narrowing of the left knee, "
                "Kellgren-Lawrence grade 2.\n",
            ),
            "02_xr_new.txt": (
                "2026-05-10",
                "RADIOLOGY REPORT\nEXAM: XR LEFT KNEE STANDING\nExam date: 05/10/2026\n"
                "IMPRESSION: Severe left knee osteoarthritis with bone-on-bone medial contact, "
                "Kellgren-Lawrence grade 4.\n",
            ),
        },
    )["radiographic-severity"]
    assert c.status == "met", c.rationale


def test_an_amended_report_supersedes_the_mild_read(brief_packet) -> None:
    c = brief_packet(
        TKA,
        "2026-06-01",
        {
            "01_xr.txt": (
                "2026-03-02",
                "RADIOLOGY REPORT\nEXAM: XR LEFT KNEE STANDING\nExam date: 03/02/2026\n"
                "IMPRESSION: Mild medial joint space narrowing of the left knee, "
                "Kellgren-Lawrence grade 2.\n",
            ),
            "02_xr_amended.txt": (
                "2026-03-09",
                "RADIOLOGY REPORT - AMENDED REPORT\nEXAM: XR LEFT KNEE STANDING\n"
                "Exam date: 03/02/2026\nIMPRESSION: Severe left knee osteoarthritis with "
                "bone-on-bone medial contact, Kellgren-Lawrence grade 4.\n",
            ),
        },
    )["radiographic-severity"]
    assert c.status == "met", c.rationale


# ---- C. a fever told and denied by two records of one visit ------------------------------

BACK = (
    "2026-01-10",
    "OFFICE VISIT\nLow back pain radiating to the right calf for 3 months. Started naproxen "
    "500 mg twice daily today. Referred to physical therapy.\n",
)


def test_nurse_screen_denies_the_fever_the_physician_works_up(brief_packet) -> None:
    c = brief_packet(
        MRI,
        "2026-04-10",
        {
            "01_visit.txt": BACK,
            "02_intake.txt": (
                "2026-04-02",
                "ROOMING / INTAKE\nRoomed by: J. Ames, LPN\nSCREENING\n"
                "Fever in past 2 weeks ........ [ ] Yes  [X] No\n",
            ),
            "03_visit.txt": (
                "2026-04-02",
                "OFFICE VISIT\nLow back pain, worse at night. He reports fevers to 101 F at "
                "home over the last week. Concern for discitis; ESR and CRP today.\n",
            ),
        },
    )
    assert c["red-flags"].status == "needs_review", c["red-flags"].rationale
    assert c["conservative-therapy"].status != "not_applicable"


def test_triage_denial_and_same_day_chills_and_fever(brief_packet) -> None:
    c = brief_packet(
        MRI,
        "2026-04-10",
        {
            "01_visit.txt": BACK,
            "02_triage.txt": ("2026-04-03", "TRIAGE NOTE (MA)\nDenies fever or chills.\n"),
            "03_pa.txt": (
                "2026-04-03",
                "PROGRESS NOTE\nSubjective fever and chills for ten days with the low back "
                "pain; worried about infection.\n",
            ),
        },
    )["red-flags"]
    assert c.status == "needs_review", c.rationale


def test_a_fever_denied_a_week_later_has_passed(brief_packet) -> None:
    c = brief_packet(
        MRI,
        "2026-04-20",
        {
            "01_visit.txt": BACK,
            "02_visit.txt": (
                "2026-04-02",
                "OFFICE VISIT\nLow back pain, worse at night. He reports fevers to 101 F at "
                "home over the last week. Concern for discitis; ESR and CRP today.\n",
            ),
            "03_followup.txt": ("2026-04-09", "FOLLOW-UP\nDenies fever or chills this week.\n"),
        },
    )["red-flags"]
    assert c.status == "met", c.rationale


def test_a_question_answered_yes_is_still_a_fever(brief_packet) -> None:
    c = brief_packet(
        MRI,
        "2026-04-10",
        {
            "01_visit.txt": BACK,
            "02_visit.txt": (
                "2026-04-02",
                "OFFICE VISIT\nLow back pain, worse at night. Asked specifically about fevers - "
                "he confirms fevers to 101 F at home this week.\n",
            ),
        },
    )["red-flags"]
    assert c.status == "met", c.rationale


def test_a_question_is_no_fever(brief_packet) -> None:
    c = brief_packet(
        MRI,
        "2026-04-10",
        {
            "01_visit.txt": BACK,
            "02_visit.txt": (
                "2026-04-02",
                "OFFICE VISIT\nLow back pain radiating to the right calf, unchanged. Patient "
                "questioned regarding fevers and night sweats; says none.\n",
            ),
        },
    )["red-flags"]
    assert c.status == "not_met", c.rationale
