"""dev26tr (hospital and emergency care) error classes.  Every packet is invented for the test;
none is copied from a labelled case.

1. A red-flag diagnosis the ED/observation team excluded ("Cauda equina syndrome excluded
   clinically and by MRI"), one still to be excluded ("CES to be excluded with MRI"), and the
   cauda equina described as normal anatomy in a radiology report ("nerve roots are normally
   distributed") are no red flag -- while true red flags told beside such words still count.
2. A yes/no form item with neither box ticked ("Radicular symptoms: [ ] Yes  [ ] No") is
   unanswered: it documents no radicular pain.
3. A denial of a therapy written between two courses ("has not had physical therapy" on
   03/01, between a Jan-Feb course and one begun 03/16) contradicts the earlier course.
4. A length that belongs to a symptom ("low back pain x 1 week") or to another treatment
   ("6 weeks of physical therapy") is not how long an injection's relief lasted.
"""

from __future__ import annotations

import pytest

from casebrief.nlp.pipeline import process

MRI = "lumbar-spine-mri"
ESI = "lumbar-epidural-steroid-injection"


def _assertions(text: str, concept: str) -> list[str]:
    return [e._.assertion for e in process(text).ents if e.label_ == concept]


# ------------------------------------------------------------------ 1. red flags, ED language


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Cauda equina syndrome excluded clinically and by MRI.", "cauda_equina"),
        ("CES was excluded.", "cauda_equina"),
        ("MRI excluded cauda equina compression.", "cauda_equina"),
        ("Spinal epidural abscess effectively excluded.", "spinal_infection"),
        ("Vertebral fracture has been radiographically excluded.", "significant_trauma"),
        ("Metastatic disease excluded on MRI.", "cancer_history"),
        ("The cauda equina nerve roots are normally distributed without clumping.", "cauda_equina"),
        ("The nerve roots of the cauda equina are normal in appearance.", "cauda_equina"),
        ("Normal appearance of the conus and cauda equina.", "cauda_equina"),
    ],
)
def test_an_excluded_diagnosis_or_normal_anatomy_is_negated(text: str, concept: str) -> None:
    assert _assertions(text, concept) == ["negated"]


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Obs for pain control; cauda equina syndrome to be excluded with MRI.", "cauda_equina"),
        ("CES needs to be ruled out urgently.", "cauda_equina"),
        ("Epidural abscess not yet excluded.", "spinal_infection"),
        ("Cauda equina syndrome has not been excluded.", "cauda_equina"),
        ("Cauda equina syndrome cannot be excluded.", "cauda_equina"),
    ],
)
def test_an_exclusion_still_to_be_done_is_uncertain(text: str, concept: str) -> None:
    assert _assertions(text, concept) == ["uncertain"]


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Fever 38.9, CES excluded by MRI.", "fever"),
        (
            "Saddle anesthesia; cauda equina syndrome not excluded, emergent MRI.",
            "saddle_anesthesia",
        ),
        ("Cauda equina syndrome confirmed on MRI, compression excluded at L3-4.", "cauda_equina"),
        ("Clumping of the cauda equina nerve roots consistent with arachnoiditis.", "cauda_equina"),
    ],
)
def test_a_finding_beside_an_exclusion_stays_present(text: str, concept: str) -> None:
    assert _assertions(text, concept) == ["present"]


def _obs_note(assessment: str, reason: str) -> tuple[str, str]:
    return (
        "2026-02-03",
        "RIVERBEND MEDICAL CENTER\nCLINICAL DECISION UNIT - DISCHARGE NOTE\n\n"
        "REASON FOR OBSERVATION\n"
        f"Severe low back pain with bilateral buttock pain; {reason}\n\n"
        "ED SUMMARY\n48M lifting injury at work 2/1, low back pain 9/10, able to walk with help. "
        "Given ketorolac and acetaminophen.\n\n"
        "PHYSICAL EXAM\nNeuro: strength 5/5 bilat LE; sensation intact; reflexes 2+ symm; "
        "SLR neg bilat.\n\n"
        f"ASSESSMENT\n{assessment}\n\n"
        "DISCHARGE PLAN\nNaproxen 500 mg BID x 2 weeks. Outpatient PT referral.\n",
    )


_MRI_REPORT = (
    "2026-02-02",
    "RADIOLOGY REPORT\nEXAM: MRI LUMBAR SPINE WITHOUT CONTRAST\n"
    "INDICATION: Low back pain, evaluate for cauda equina compression.\n"
    "FINDINGS: L4-5 small central protrusion without nerve root compression. The cauda "
    "equina nerve roots are normally distributed without clumping or compression.\n"
    "IMPRESSION: No cauda equina compression. Small L4-5 protrusion.\n",
)


@pytest.mark.parametrize(
    ("reason", "assessment"),
    [
        (
            "cauda equina syndrome to be excluded with MRI overnight.",
            "Acute low back pain, L4-5 protrusion. Cauda equina syndrome excluded clinically "
            "and by MRI. No red flags.",
        ),
        (
            "CES needs to be ruled out - MRI tonight.",
            "Mechanical low back pain. CES was excluded; MRI without compression.",
        ),
    ],
)
def test_an_ed_workup_that_excluded_ces_documents_no_red_flag(
    brief_packet, reason: str, assessment: str
) -> None:
    criteria = brief_packet(
        MRI, "2026-04-20", {"01_mri.txt": _MRI_REPORT, "02_obs.txt": _obs_note(assessment, reason)}
    )
    c = criteria["red-flags"]
    assert c.status == "not_met", c.rationale
    assert criteria["conservative-therapy"].status != "not_applicable"


@pytest.mark.parametrize(
    ("reason", "assessment"),
    [
        (
            "cauda equina syndrome to be excluded with MRI overnight.",
            "Low back pain with new urinary retention (PVR 700 mL) and saddle anesthesia; "
            "cauda equina syndrome not excluded, neurosurgery consulted.",
        ),
        (
            "epidural abscess to be excluded.",
            "Fever 39.1 with low back pain; IV drug use. Fracture excluded on CT.",
        ),
    ],
)
def test_a_true_red_flag_written_beside_an_exclusion_still_counts(
    brief_packet, reason: str, assessment: str
) -> None:
    criteria = brief_packet(
        MRI, "2026-04-20", {"01_mri.txt": _MRI_REPORT, "02_obs.txt": _obs_note(assessment, reason)}
    )
    c = criteria["red-flags"]
    assert c.status == "met", c.rationale
    assert criteria["conservative-therapy"].status == "not_applicable"


# ------------------------------------------------------------------ 2. blank yes/no items


@pytest.mark.parametrize(
    "item",
    [
        "Radicular symptoms: [ ] Yes  [ ] No",
        "Radicular symptoms?  ☐ Y  ☐ N",
        "Radicular symptoms   Yes [ ]   No [ ]   (blank)",
        "Leg pain radiating below the knee: [ ] Yes [ ] No [ ] Unknown",
    ],
)
def test_an_unticked_yes_no_item_is_not_an_answer(item: str) -> None:
    got = _assertions(item, "radicular_pain")
    assert got and set(got) == {"hypothetical"}


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Radicular symptoms: [X] Yes  [ ] No", "present"),
        ("Radicular symptoms: [ ] Yes  [X] No", "negated"),
    ],
)
def test_a_ticked_yes_no_item_still_answers(item: str, expected: str) -> None:
    assert _assertions(item, "radicular_pain") == [expected]


def _esi_form(radicular: str) -> tuple[str, str]:
    return (
        "2026-05-04",
        "PRE-SERVICE AUTHORIZATION REQUEST - PAIN PROCEDURES\n"
        "Procedure: CPT 62323 interlaminar epidural L4-5\n"
        "Clinical information:\n"
        "  Symptoms: LBP since 01/2026\n"
        f"  {radicular}\n"
        "  Pain score: 7/10\n",
    )


def _esi_note(pain: str) -> tuple[str, str]:
    return (
        "2026-04-28",
        "SPINE & PAIN PROGRESS NOTE\n"
        f"HPI: Low back pain since January. {pain} Pain 7/10. Cannot stand to cook, walks "
        "less than one block. He did physical therapy from 01/12/2026 to 03/09/2026 (8 weeks) "
        "without benefit. No prior epidural injections.\n"
        "EXAM: strength 5/5, sensation intact, reflexes 2+ symmetric.\n"
        "IMAGING: MRI 02/20/2026: L4-5 left paracentral protrusion contacting the left L5 "
        "nerve root.\nPLAN: L4-5 interlaminar ESI.\n",
    )


def test_a_blank_radicular_item_on_the_form_documents_no_radicular_pain(brief_packet) -> None:
    criteria = brief_packet(
        ESI,
        "2026-05-04",
        {
            "01_form.txt": _esi_form("Radicular symptoms: [ ] Yes  [ ] No"),
            "02_note.txt": _esi_note("The pain stays in the low back and does not radiate."),
        },
    )
    c = criteria["radicular-pain"]
    assert c.status == "not_met", c.rationale


def test_a_ticked_radicular_item_with_leg_pain_is_met(brief_packet) -> None:
    criteria = brief_packet(
        ESI,
        "2026-05-04",
        {
            "01_form.txt": _esi_form("Radicular symptoms: [X] Yes  [ ] No"),
            "02_note.txt": _esi_note("Pain radiates down the left leg to the lateral foot."),
        },
    )
    c = criteria["radicular-pain"]
    assert c.status == "met", c.rationale


# ------------------------------------------------------------------ 3. denial between courses


def _discharge(pt_words: str) -> tuple[str, str]:
    return (
        "2026-03-01",
        "HOSPITAL MEDICINE - DISCHARGE SUMMARY\nAdmit date: 02/26/2026  Discharge: 03/01/2026\n"
        "HPI: 68 y/o F with chronic low back pain, admitted with a severe flare after lifting "
        f"a suitcase. Pain across the low back, no radiation to the legs. {pt_words}\n"
        "COURSE: IV hydromorphone, then acetaminophen; ambulating with walker.\n"
        "FOLLOW-UP: outpatient PT referral; pain clinic 4-6 wks.\n",
    )


_PAIN_CLINIC = (
    "2026-04-06",
    "SPINE & PAIN PROGRESS NOTE\n"
    "HPI: Returns after the hospital stay. She did physical therapy at Hillcrest Rehab from "
    "01/05/2026 to 02/13/2026 without benefit. She is currently in PT at "
    "the hospital clinic since 3/16, 6 visits, not helping yet. Pain is axial, no radiation. "
    "Pain 7/10; cannot stand to cook or walk one block.\n"
    "EXAM: strength 5/5, sensation intact, SLR negative.\n"
    "PLAN: L4-5 interlaminar ESI; continue PT.\n",
)


def test_a_denial_written_between_two_courses_contradicts_the_earlier_one(brief_packet) -> None:
    criteria = brief_packet(
        ESI,
        "2026-04-10",
        {
            "01_discharge.txt": _discharge("She has not had physical therapy for her back."),
            "02_pain.txt": _PAIN_CLINIC,
        },
    )
    c = criteria["conservative-care-4wk"]
    assert c.status == "needs_review", c.rationale


def test_without_the_denial_the_two_courses_count(brief_packet) -> None:
    criteria = brief_packet(
        ESI,
        "2026-04-10",
        {
            "01_discharge.txt": _discharge("She did PT in January and February."),
            "02_pain.txt": _PAIN_CLINIC,
        },
    )
    c = criteria["conservative-care-4wk"]
    assert c.status == "met", c.rationale


# ------------------------------------------------------------------ 4. lengths not of the relief


def _hospital_hpi(flare: str) -> tuple[str, str]:
    return (
        "2026-03-01",
        "DISCHARGE SUMMARY\nHPI: 70 y/o M with chronic low back pain (L4-5 ILESI 6/2025 at the "
        f"pain clinic with good relief) who presented to the ED 2/26 with {flare} after carrying "
        "firewood. Pain stays in the back.\n",
    )


def _pain_note(after: str) -> tuple[str, str]:
    return (
        "2026-04-06",
        "SPINE & PAIN PROGRESS NOTE\n"
        "HPI: Returns, last seen after L4-5 interlaminar ESI on 06/12/2025. He reports about 70% "
        f"relief from that injection, lasting about 5 months. {after} Pain is axial. Pain 7/10, "
        "cannot stand to shave.\nPLAN: repeat L4-5 ILESI.\n",
    )


@pytest.mark.parametrize(
    ("flare", "after"),
    [
        (
            "severe worsening low back pain x 1 week",
            "He completed about 6 weeks of physical therapy in January without benefit.",
        ),
        ("LBP x3 days", "He then did 8 weeks of chiropractic care without benefit."),
    ],
)
def test_a_symptoms_or_another_therapys_length_is_not_the_relief(
    brief_packet, flare: str, after: str
) -> None:
    criteria = brief_packet(
        ESI, "2026-04-10", {"01_dc.txt": _hospital_hpi(flare), "02_pain.txt": _pain_note(after)}
    )
    c = criteria["prior-injection-response"]
    assert c.status == "met", c.rationale


def test_a_rival_account_of_a_short_relief_still_needs_review(brief_packet) -> None:
    pt = (
        "2026-03-16",
        "PHYSICAL THERAPY INITIAL EVALUATION\nSubjective: 70 y/o M with low back pain. Prior "
        "treatment: the back injection in 2025 only helped for about 2 weeks. Pain 7/10.\n",
    )
    criteria = brief_packet(
        ESI,
        "2026-04-10",
        {"01_pt.txt": pt, "02_pain.txt": _pain_note("He is otherwise well.")},
    )
    c = criteria["prior-injection-response"]
    assert c.status == "needs_review", c.rationale
