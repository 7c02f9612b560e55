"""Helper mineC classes (narrative conservative care on real transcribed notes): care the packet
tells for another spinal region, body part or condition was read as the requested region's
(not_met instead of missing), and care told as already given was read as planned or not at
all (missing instead of not_met/met).

- the level-free spinal words ("disc", "spinal", "radiculopathy") of a neck or thoracic record
  made it a low-back record: its "failed conservative therapy" counted for a lumbar request;
- a region named only in a denial ("He denies any back pain", "No back pain.") made a
  neuropathy or toothache record's drug the back's care;
- drugs given during a procedure ("DESCRIPTION OF PROCEDURE: ... intravenous sedation and
  analgesics") were read as conservative care (the heading was not known);
- a record about the low back that names the knee three times in passing was a knee record;
- an assessment recounting care already given ("has not healed despite appropriate
  conservative treatment") was read as a recommendation; "was treated conservatively" was
  not read at all; a "HISTORY AND PHYSICAL:" paragraph after an op-note's "PROCEDURE:" line was
  read as the procedure; "below the usual 3-month course" was read as a 3-month course.

Invented packets; none of the real notes' sentences.
"""

from __future__ import annotations


def test_neck_surgery_indication_is_not_low_back_care(brief_packet):
    """A cervical discectomy's "conservative therapy has failed": the neck's care, missing."""
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-03-01",
        {
            "01_op.txt": (
                "2026-02-15",
                "OPERATIVE REPORT\n"
                "PREOPERATIVE DIAGNOSIS: Left C6 radiculopathy.\n"
                "INDICATIONS: This 58-year-old woman has worsening left C6 radiculopathy with "
                "neck and arm pain. Conservative therapy has failed to relieve it. Her MRI shows "
                "a disc herniation at C5-C6 touching the spinal cord.\n"
                "PROCEDURE: Anterior cervical discectomy and fusion, C5-C6.\n",
            ),
        },
    )["conservative-care-4wk"]
    assert c.status == "missing"


def test_drug_in_a_wrist_study_ruling_out_cervical_radiculopathy_is_not_back_care(brief_packet):
    """ "No sign of a cervical radiculopathy" beside an elbow complaint and daily naproxen: the
    arm's drug, missing for a lumbar request."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-03-01",
        {
            "01_ime.txt": (
                "2026-02-15",
                "Occupational medicine evaluation.\n"
                "Nerve studies of the right arm showed ulnar slowing at the elbow and no sign of a "
                "cervical radiculopathy. She reports aching at the elbow and wrist with gripping. "
                "She takes naproxen twice a day and has had no other treatment.\n",
            ),
        },
    )["conservative-therapy"]
    assert c.status == "missing"


def test_region_named_only_in_a_denial_does_not_make_the_drug_its_care(brief_packet):
    """A neuropathy consult whose history says "He denies any back pain or neck pain": its
    tramadol is not the back's care."""
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-03-01",
        {
            "01_consult.txt": (
                "2026-02-15",
                "Neurology consultation.\n"
                "HISTORY: 66-year-old man with burning pain in both feet and his right hand from "
                "diabetic neuropathy. Tramadol gives him a few hours of relief. He denies any "
                "back pain or neck pain.\n",
            ),
        },
    )["conservative-care-4wk"]
    assert c.status == "missing"


def test_analgesics_given_during_the_procedure_are_not_conservative_care(brief_packet):
    """ "DESCRIPTION OF PROCEDURE: ... intravenous sedation and analgesics as needed" tells the
    procedure's drugs, not the patient's care."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-03-01",
        {
            "01_op.txt": (
                "2026-02-15",
                "PREOPERATIVE DIAGNOSIS:\nLumbar facet arthropathy.\n"
                "OPERATION PERFORMED:\nBilateral L4-L5 facet joint injections under fluoroscopy.\n"
                "ANESTHESIA:\nLocal with IV sedation.\n"
                "DESCRIPTION OF PROCEDURE: The patient was brought to the suite and positioned "
                "prone. She received supplemental oxygen, intravenous sedation and analgesics "
                "as needed. The joints were entered with a 22-gauge needle.\n",
            ),
        },
    )["conservative-therapy"]
    assert c.status == "missing"


def test_back_record_naming_the_knee_in_passing_is_no_knee_care(brief_packet):
    """A low-back ER record whose exam names the knee three times: its NSAID is the back's,
    missing for a knee arthroplasty."""
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-01",
        {
            "01_er.txt": (
                "2026-02-15",
                "Emergency department note.\n"
                "HISTORY: Low back pain for one week after lifting, radiating down the right leg "
                "like sciatica. Lumbar tenderness at L4-L5 and L5-S1. "
                "He was given an NSAID and sent home.\n"
                "EXAM: Knee flexors 4/5. Knee extensors 5/5. Knee jerks 1+. Low back tender. "
                "Lumbar range of motion limited.\n",
            ),
        },
    )["conservative-therapy-12wk"]
    assert c.status == "missing"


def test_assessment_recounting_failed_care_addresses_it(brief_packet):
    """ "ASSESSMENT AND PLAN: ... not healed despite appropriate conservative treatment": care
    given, undated -- 0 countable weeks, not_met (not a recommendation, not missing)."""
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-03-01",
        {
            "01_consult.txt": (
                "2026-02-15",
                "Spine consult.\n"
                "HISTORY: 79-year-old woman with low back pain after an L2 compression fracture.\n"
                "ASSESSMENT AND PLAN: L2 compression fracture that has not healed despite "
                "appropriate conservative treatment. We will schedule vertebral augmentation.\n",
            ),
        },
    )["conservative-care-4wk"]
    assert c.status == "not_met"
    assert c.value == 0.0


def test_treated_conservatively_for_months_is_told_care(brief_packet):
    """ "was treated conservatively for several months without improvement": care told with a
    length that leaves no doubt it exceeds 4 weeks."""
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-03-01",
        {
            "01_consult.txt": (
                "2026-02-15",
                "Spine consult.\n"
                "HISTORY: 70-year-old man with low back and buttock pain. He was treated "
                "conservatively for several months without improvement.\n",
            ),
        },
    )["conservative-care-4wk"]
    assert c.status == "met"


def test_history_in_an_op_note_and_a_yardstick_length(brief_packet):
    """An arthroscopy note's "HISTORY AND PHYSICAL:" paragraph after its "PROCEDURE:" line tells
    PT and a brace given; "shorter than the usual 3-month course" is the yardstick, not the
    course: two kinds, 0 countable weeks, not_met (never met, never missing)."""
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-01",
        {
            "01_op.txt": (
                "2026-02-15",
                "PREOPERATIVE DIAGNOSIS: Right patellofemoral pain.\n"
                "PROCEDURE: Right knee arthroscopy with lateral release.\n"
                "ANESTHESIA: General.\n"
                "HISTORY AND PHYSICAL: 16-year-old with right knee pain. She went to physical "
                "therapy and was fitted with a knee brace, but her pain worsened with therapy. "
                "Her trial of nonoperative care was shorter than the usual 3-month course; given "
                "her pain, surgery was offered.\n"
                "PROCEDURE NOTE: The knee was prepped and draped and the arthroscope inserted.\n",
            ),
        },
    )["conservative-therapy-12wk"]
    assert c.status == "not_met"
    assert c.value == 0.0
