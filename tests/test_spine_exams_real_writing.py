"""Classes mined from real transcribed spine notes (mineS), briefed as a lumbar ESI and a
lumbar MRI:

- pain that runs "from the back down to the left lower extremity" is radiating pain: the
  lower extremity / lower limb is the leg, named the way dictated notes name it;
- numbness or weakness that is not examined does not document a physical exam: a procedure
  note's pre/post-operative diagnosis labels ("... with severe weakness"), the patient's own
  account ("he describes numbness along the foot", "symptoms of aching into the L5
  dermatome") and a consent's listed risk ("this may result in weakness of both legs").

Every text is invented for the test.
"""

from __future__ import annotations

FORM = (
    "PRIOR AUTHORIZATION REQUEST\nPayer: Acme Health Plan\nService: {svc}\nCPT: {cpt}\n"
    "Requesting provider: Lakeside Spine Clinic\nRequest date: 03/01/2026\n"
)


def test_pain_down_to_the_lower_extremity_is_radicular(brief_packet) -> None:
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-03-01",
        {
            "01_form.txt": ("2026-03-01", FORM.format(svc="Lumbar ESI", cpt="62323")),
            "02_note.txt": (
                "2026-02-15",
                "SPINE CONSULTATION\n\nHPI: A 47-year-old carpenter bent to pick up a crate "
                "and felt a burning pain travel from his low back down into the right lower "
                "extremity, worse with sitting.\n\nPLAN: Lumbar epidural steroid injection.\n",
            ),
        },
    )
    assert c["radicular-pain"].status == "met"


def test_pain_into_both_lower_limbs_is_radicular(brief_packet) -> None:
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-03-01",
        {
            "01_form.txt": ("2026-03-01", FORM.format(svc="Lumbar ESI", cpt="62323")),
            "02_note.txt": (
                "2026-02-15",
                "OFFICE NOTE\n\nHPI: Lumbar pain for two months, now spreading into the "
                "left lower limb when she walks her dog.\n\nPLAN: Injection.\n",
            ),
        },
    )
    assert c["radicular-pain"].status == "met"


def _mri(brief_packet, note: str):
    return brief_packet(
        "lumbar-spine-mri",
        "2026-03-01",
        {
            "01_form.txt": ("2026-03-01", FORM.format(svc="MRI lumbar spine", cpt="72148")),
            "02_note.txt": ("2026-02-15", note),
        },
    )


def test_operative_diagnosis_labels_are_not_an_exam(brief_packet) -> None:
    c = _mri(
        brief_packet,
        "PREOPERATIVE DIAGNOSIS: , Lumbar disc extrusion at L4-5 with right foot weakness.\n"
        "POSTOPERATIVE DIAGNOSIS:\nLumbar disc extrusion at L4-5 with right foot weakness.\n"
        "PROCEDURE PERFORMED: Lumbar microdiscectomy at L4-5 on the right.\n"
        "ANESTHESIA: General.\n",
    )
    assert c["clinical-evaluation"].status == "missing"


def test_the_patients_own_account_of_numbness_is_not_an_exam(brief_packet) -> None:
    c = _mri(
        brief_packet,
        "INDEPENDENT REVIEW\n\nThe claimant is a 58-year-old driver. He describes some "
        "tingling numbness over the top of the left foot after long drives. She also has "
        "associated symptoms of burning into the L5 dermatome distribution.\n\n"
        "Records reviewed: prior office notes.\n",
    )
    assert c["clinical-evaluation"].status == "missing"


def test_a_consents_listed_risk_of_weakness_is_not_an_exam(brief_packet) -> None:
    c = _mri(
        brief_packet,
        "OPERATIVE NOTE\n\nPROCEDURE: Revision lumbar decompression.\n"
        "The patient was counselled that a postoperative hematoma may result in weakness of "
        "both legs and numbness of the feet, requiring urgent return to surgery.\n",
    )
    assert c["clinical-evaluation"].status == "missing"


def test_an_examined_strength_grade_still_counts(brief_packet) -> None:
    c = _mri(
        brief_packet,
        "OFFICE VISIT\n\nHPI: He describes numbness over the left foot.\n\n"
        "PHYSICAL EXAMINATION: Strength is 5/5 in both lower extremities. Reflexes 2+ "
        "and symmetric at the knees.\n",
    )
    assert c["clinical-evaluation"].status == "met"
