"""Red flags read present on real transcribed notes (helper mineR, MTSamples mining).

Every allowed MTSamples note was briefed as a lumbar MRI request; these classes of writing were
read as a red flag that policies.md does not make one:

- a spinal operation of the neck or the chest (an anterior cervical discectomy, a thoracic
  discectomy) read as the "recent spinal procedure" of the low back;
- a fracture of a bone away from the spine (hip, femoral neck, glenoid, tooth), one told as
  healed or of childhood, read as a suspected spinal fracture;
- a vehicle crash of unstated force ("car accident", "MVA") read as significant trauma
  (real/README.md: car accidents of unstated severity are not significant trauma);
- a cancer history or a fever in a packet that documents no back pain at all, and osteoporosis
  beside back pain that is not acute (policies.md: "history of cancer with new back pain",
  "fever with back pain", "osteoporosis with acute pain");
- incontinence that is no new cauda equina sign: stress or occasional leakage, the reason for
  a bladder drug, a past-history line;
- negations and instructions the context layer missed: "negative chills, negative fever",
  "denies, however, any bowel or bladder problems", "off of all immunosuppression", "report any
  fevers", "for consideration of immunosuppressive therapy";
- an imaging report that names the cauda equina as anatomy and calls it normal ("the conus and
  cauda equina look normal"): the anatomy, not the syndrome.

Invented packets, none of the notes' text.  Each test of a false red flag fails before the fix;
the three "stays" tests guard the true red flags beside them (they pass before and after).
"""

from __future__ import annotations

MRI = "lumbar-spine-mri"

EXAM = (
    "Exam: SLR negative bilaterally. Strength 5/5 in both legs. Reflexes 2+ and symmetric. "
    "Sensation intact.\n"
)


def _office(text: str, date: str = "2026-02-16") -> dict:
    return {"01_office.txt": (date, "Office visit, in person.\n" + text + EXAM)}


def test_cervical_discectomy_is_no_lumbar_spinal_procedure(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-02",
        {
            "01_op_note.txt": (
                "2026-02-18",
                (
                    "OPERATIVE REPORT\n"
                    "PREOPERATIVE DIAGNOSIS: Cervical spondylotic radiculopathy, C6-C7.\n"
                    "PROCEDURE PERFORMED: Anterior cervical discectomy and interbody fusion, "
                    "C6-C7.\n"
                    "DESCRIPTION: A transverse incision was made in the neck. The discectomy was "
                    "completed and the graft was seated. The patient tolerated the procedure "
                    "well.\n"
                ),
            ),
        },
    )
    assert c["red-flags"].status == "not_met"


def test_hip_fracture_after_a_fall_is_no_suspected_spinal_fracture(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-02",
        _office(
            "HPI: 81 yo woman with low back pain for 4 months. Seen last month for a right "
            "intertrochanteric hip fracture after tripping over a rug; repaired, now walking "
            "with a walker.\n"
        ),
    )
    assert c["red-flags"].status == "not_met"


def test_fracture_in_childhood_is_no_red_flag(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-02",
        _office(
            "HPI: low back pain for 3 months after moving furniture. He broke his arm, a "
            "fracture treated in a cast when he was 11 years old.\n"
        ),
    )
    assert c["red-flags"].status == "not_met"


def test_car_accident_of_unstated_force_is_no_significant_trauma(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-02",
        _office("HPI: low back pain that began after a car accident three weeks ago.\n"),
    )
    assert c["red-flags"].status == "not_met"


def test_high_speed_rollover_stays_significant_trauma(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-02",
        _office("HPI: low back pain since a high-speed rollover MVC three weeks ago.\n"),
    )
    assert c["red-flags"].status == "met"


def test_cancer_history_without_any_back_pain_is_no_red_flag(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-02",
        _office(
            "Reason for visit: palpitations.\n"
            "PMH: papillary thyroid carcinoma, s/p thyroidectomy 2019; hypertension.\n"
        ),
    )
    assert c["red-flags"].status == "not_met"


def test_fever_without_any_back_pain_is_no_red_flag(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-02",
        _office("Reason for visit: sore throat and fever to 101.6 F for two days.\n"),
    )
    assert c["red-flags"].status == "not_met"


def test_osteoporosis_beside_chronic_back_pain_is_no_red_flag(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-02",
        _office(
            "Problems: osteoporosis on alendronate. Chronic low back pain, unchanged, "
            "managed with acetaminophen.\n"
        ),
    )
    assert c["red-flags"].status == "not_met"


def test_osteoporosis_with_acute_back_pain_stays_a_red_flag(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-02",
        _office("HPI: acute low back pain since Monday. Known osteoporosis on alendronate.\n"),
    )
    assert c["red-flags"].status == "met"


def test_negative_prefixed_review_of_systems_is_a_screen(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-02",
        _office(
            "HPI: low back pain for 2 months.\n"
            "ROS: Constitutional: negative fatigue, negative rigors, negative fevers, negative "
            "night sweats.\n"
        ),
    )
    assert c["red-flags"].status == "not_met"


def test_denial_with_however_between_commas_still_denies(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-02",
        _office(
            "HPI: low back pain for 2 months. She denied, however, any bowel or bladder "
            "dysfunction.\n"
        ),
    )
    assert c["red-flags"].status == "not_met"


def test_off_immunosuppression_is_not_immunosuppressed(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-02",
        _office(
            "HPI: low back pain for 2 months. Kidney graft failed; he has been off of all "
            "immunosuppressants for two years.\n"
        ),
    )
    assert c["red-flags"].status == "not_met"


def test_instruction_to_report_fevers_is_no_fever(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-02",
        _office(
            "HPI: low back pain for 2 months. Trigger point injection given; she is to "
            "report any redness, drainage or fevers.\n"
        ),
    )
    assert c["red-flags"].status == "not_met"


def test_therapy_under_consideration_is_not_given(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-02",
        _office(
            "HPI: low back pain for 2 months. Dermatology saw him for consideration of "
            "immunosuppressive therapy for psoriasis.\n"
        ),
    )
    assert c["red-flags"].status == "not_met"


def test_stress_incontinence_is_no_cauda_equina_sign(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-02",
        _office(
            "HPI: low back pain for 2 months.\nGU: mild stress urinary incontinence when "
            "she coughs.\n"
        ),
    )
    assert c["red-flags"].status == "not_met"


def test_incontinence_treated_with_a_bladder_drug_is_no_new_sign(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-02",
        _office(
            "HPI: low back pain for 2 months.\nMeds: oxybutynin 5 mg daily for urinary "
            "incontinence, lisinopril.\n"
        ),
    )
    assert c["red-flags"].status == "not_met"


def test_new_urinary_incontinence_stays_a_red_flag(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-02",
        _office(
            "HPI: low back pain for 2 months, now with new urinary incontinence since Saturday.\n"
        ),
    )
    assert c["red-flags"].status == "met"


def test_cauda_equina_called_normal_on_imaging_is_no_red_flag(brief_packet):
    c = brief_packet(
        MRI,
        "2026-03-02",
        {
            "01_mri.txt": (
                "2025-06-10",
                (
                    "MRI LUMBAR SPINE WITHOUT CONTRAST\n"
                    "Indication: low back pain.\n"
                    "Findings: Vertebral heights are maintained. The conus ends at L1; the conus "
                    "and cauda equina look normal. Small L5-S1 disc bulge without stenosis.\n"
                ),
            ),
        }
        | _office("HPI: low back pain for 2 months, no trauma.\n"),
    )
    assert c["red-flags"].status == "not_met"
