"""Classes found by the twenty-second dev batch (knee arthroplasty: a BMI and an infection).

- A request form whose clinical summary names the visit its figures come from ("CLINICAL
  SUMMARY (from 06/02/2026 visit)") gives that visit's BMI, not a newer one: when the visit's
  own note records a figure on the other side of the line, the two accounts need review.
- A wrapped line of prose that happens to open with a day and a colon ("... stress test" /
  "05/14/2026: normal") is no running record's entry heading: the vitals below it are the
  note's own day's.
- A negated word that names infection as a hazard ("injection not given - infection risk")
  is no later finding that an infection is absent.
- An infection "currently being treated" is under way, not past; a viremia is a systemic
  infection.

Every text is invented for the test.
"""

from __future__ import annotations

KNEE_XR = (
    "2026-03-02",
    "XR RIGHT KNEE STANDING\nIMPRESSION: severe medial joint space narrowing, bone-on-bone, "
    "Kellgren-Lawrence grade 4.\n",
)


def test_a_forms_summary_of_a_named_visit_disputing_that_visits_bmi_needs_review(
    brief_packet,
) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-06-12",
        {
            "01_xr.txt": KNEE_XR,
            "02_ortho.txt": (
                "2026-06-02",
                "ORTHOPAEDIC FOLLOW-UP\nRight knee pain, walks one block.\n\n"
                "VITALS: Ht 5' 5\"  Wt 255 lb  BMI 42.4  BP 128/76\n\nPlan: right TKA.\n",
            ),
            "03_form.txt": (
                "2026-06-10",
                "PRIOR AUTHORIZATION REQUEST\n"
                "Procedure: right total knee arthroplasty  CPT 27447\n\n"
                "CLINICAL SUMMARY (from 06/02/2026 visit)\n"
                "  Height: 5' 7\"     Weight: 255 lb     BMI: 39.9\n",
            ),
        },
    )
    assert criteria["bmi-below-40"].status == "needs_review"


def test_vitals_below_a_wrapped_line_opening_with_a_day_are_the_notes_own(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-06-12",
        {
            "01_xr.txt": KNEE_XR,
            "02_pcp.txt": (
                "2026-05-20",
                "PRIMARY CARE VISIT\nVITALS: Ht 5' 5\"  Wt 233 lb  BMI 38.8\n",
            ),
            "03_ortho.txt": (
                "2026-06-02",
                "ORTHOPAEDIC FOLLOW-UP\nINTERVAL HISTORY\nRight knee pain is worse, walks one "
                "block. Cardiology stress test\n05/14/2026: normal, cleared for surgery.\n\n"
                "VITALS: Ht 5' 5\"  Wt 250 lb  BMI 41.6  BP 130/80\n",
            ),
        },
    )
    assert criteria["bmi-below-40"].status == "not_met"


def test_a_negated_infection_risk_does_not_clear_an_earlier_active_infection(
    brief_packet,
) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-12",
        {
            "01_xr.txt": KNEE_XR,
            "02_id_note.txt": (
                "2026-03-01",
                "INFECTIOUS DISEASE CONSULT\nAssessment: active MRSA infection of the "
                "bloodstream. Plan: IV vancomycin through 03/25/2026.\n",
            ),
            "03_ortho.txt": (
                "2026-03-08",
                "ORTHOPAEDIC VISIT\nRight knee pain, walks one block.\n"
                "  - Steroid injection: discussed, not given - infection risk on vancomycin.\n"
                "Right knee: no warmth or erythema.\n",
            ),
        },
    )
    assert criteria["no-active-infection"].status == "not_met"


def test_an_infection_currently_being_treated_is_active(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-12",
        {
            "01_xr.txt": KNEE_XR,
            "02_ortho.txt": (
                "2026-03-08",
                "ORTHOPAEDIC VISIT\nRight knee pain, walks one block.\nInfection review: he is "
                "currently being treated by his PCP for a kidney infection with ciprofloxacin.\n",
            ),
        },
    )
    assert criteria["no-active-infection"].status == "not_met"


def test_a_viremia_is_a_systemic_infection(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-12",
        {
            "01_xr.txt": KNEE_XR,
            "02_transplant.txt": (
                "2026-03-05",
                "TRANSPLANT CLINIC\nAssessment: kidney transplant recipient with CMV viremia "
                "(PCR 4,100 IU/mL). Valganciclovir 900 mg twice daily started today.\n",
            ),
        },
    )
    assert criteria["no-active-infection"].status == "not_met"
