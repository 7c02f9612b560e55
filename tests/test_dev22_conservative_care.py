"""dev22 classes (helper diagE): conservative care counted from what was not a course of it.

- a range of months written with a dash ("March-April", "Sept-Oct") was not read as a range:
  a length told inside it was counted back from a guessed day and added to the exactly dated
  account of the same course, and a course told only by its months had no dates at all;
- a plan's "Continue X; Y as tolerated" read the other item's "continue" as Y going on;
- a device's prescription handed over in the plan ("brace Rx given") read as the device used;
- a one-letter side before a part of the knee ("L pes anserine bursa") named no side, so the
  other knee's injection counted for this one.

Invented packets, none of the batch's text.  The last three tests guard what reading month
ranges must not break (they pass before the fix as well).
"""

from __future__ import annotations


def test_length_told_within_dashed_months_is_the_dated_course(brief_packet):
    """Two accounts of one short naproxen course -- one dated to the day, one "for about three
    weeks in February-March" -- are one course of 3 weeks, not two overlapping ones."""
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-04-14",
        {
            "01_pcp.txt": (
                "2026-02-02",
                "Primary care visit.\n"
                "Low back pain radiating down the left leg to the foot.\n"
                "PLAN:\n"
                "  - Naproxen 500 mg BID with food.\n",
            ),
            "02_phone.txt": (
                "2026-02-25",
                "Telephone note.\n"
                "Naproxen ended 02/23/2026 (stomach upset) after about 3 weeks of use. "
                "Leg pain unchanged.\n",
            ),
            "03_spine.txt": (
                "2026-04-06",
                "Spine clinic consult.\n"
                "HPI: Left L5 radicular pain. Took naproxen for about three weeks in "
                "February-March, stopped for GI upset, no help for the leg.\n"
                "Pain 7/10, cannot sit through a work shift.\n",
            ),
        },
    )["conservative-care-4wk"]
    assert c.status == "not_met"
    assert c.value == 3.0


def test_course_dated_only_by_dashed_months_meets_the_clinics_no_show_record(brief_packet):
    """A PT course told "(about 6 weeks, March-April)" is a dated course; the clinic's own
    letter that the patient never came to a visit in those weeks contradicts it, and with
    the NSAID alone one kind of treatment, that decides the criterion: needs_review."""
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-01-20",
        {
            "01_pt_letter.txt": (
                "2025-04-18",
                "NORTHGATE PHYSICAL THERAPY - REFERRAL STATUS: CLOSED\n"
                "Referral for PT, right knee osteoarthritis.\n"
                "Evaluation booked 03/27/2025: patient did not attend.\n"
                "Evaluation booked 04/08/2025: patient did not attend.\n"
                "No physical therapy services were provided to this patient.\n",
            ),
            "02_ortho.txt": (
                "2026-01-12",
                "Orthopaedic consult, right knee OA, KL 4.\n"
                "Ibuprofen 600 mg TID since 02/03/2025, still taking it, little relief.\n"
                "He finished a course of PT at Northgate last spring (about 6 weeks, "
                "March-April) without benefit.\n"
                "Walks one block, cannot manage stairs.\n",
            ),
        },
    )["conservative-therapy-12wk"]
    assert c.status == "needs_review"


def test_continue_in_another_plan_item_does_not_make_a_program_ongoing(brief_packet):
    """ "Continue sleep hygiene counselling; daily stretching program as tolerated" continues
    the counselling; the stretching program is a new item.  It does not join a home program
    a note mentioned eight months before into a course running since then."""
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-04-20",
        {
            "01_nurse_call.txt": (
                "2025-08-12",
                "Nurse call after the injection. Some relief of the leg. Continue home "
                "exercise program.\n",
            ),
            "02_pcp.txt": (
                "2026-02-16",
                "Office visit. Right leg sciatica returned in the winter.\n"
                "Started ibuprofen 600 mg TID on 02/16/2026.\n",
            ),
            "03_pcp.txt": (
                "2026-03-02",
                "Follow-up. Stopped ibuprofen on 02/28/2026 (heartburn); no better.\n",
            ),
            "04_spine.txt": (
                "2026-04-10",
                "Spine consult. Right S1 radicular pain, pain 8/10.\n"
                "PLAN:\n"
                "  - Continue sleep hygiene counselling; daily stretching program as tolerated.\n",
            ),
        },
    )["conservative-care-4wk"]
    assert c.status == "not_met"


def test_device_prescription_handed_over_is_no_second_kind(brief_packet):
    """ "Hinged knee brace Rx given" in the plan is the brace's order, not the brace worn:
    naproxen alone is one kind of treatment, not_met however long it ran."""
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-16",
        {
            "01_ortho.txt": (
                "2026-03-09",
                "Orthopaedic visit. Left knee OA, bone-on-bone medially.\n"
                "Naproxen 500 mg BID since 05/12/2025, still taking it, partial relief.\n"
                "Cannot walk more than 2 blocks; uses the rail on stairs.\n"
                "PLAN:\n"
                "  - Hinged knee brace Rx given.\n"
                "  - Continue naproxen.\n",
            ),
        },
    )["conservative-therapy-12wk"]
    assert c.status == "not_met"


def test_other_knee_part_named_by_letter_is_the_other_side(brief_packet):
    """An injection "into L prepatellar bursa" is the left knee's, not care of the right knee
    the arthroplasty is for: naproxen alone is one kind of treatment."""
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-03-16",
        {
            "01_pcp.txt": (
                "2026-01-14",
                "Primary care visit.\n"
                "Right knee OA: naproxen 500 mg BID since 06/02/2025, continues, little help.\n"
                "Left knee swelling after kneeling at work.\n"
                "Procedure: 1 mL triamcinolone 40 mg into L prepatellar bursa, tolerated well.\n",
            ),
            "02_ortho.txt": (
                "2026-03-09",
                "Orthopaedic consult for the right knee, KL 4.\n"
                "Still taking naproxen daily. Walks half a block.\n",
            ),
        },
        icd10=["M17.11"],
    )["conservative-therapy-12wk"]
    assert c.status == "not_met"


# --- guards: reading dashed month ranges must not overcount (pass before the fix too) ---


def test_months_in_brackets_date_only_the_therapy_they_follow(brief_packet):
    """ "PT (Coastline PT Nov-Dec), chiro (2024), NSAIDs, Medrol dosepak" dates the PT, not the
    therapies listed after it; the PT's own visits (11/18 - 12/02) decide its weeks: 2 weeks."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-02-23",
        {
            "01_form.txt": (
                "2026-02-20",
                "Prior authorization request.\n"
                "- Pt has failed conservative tx: PT (Coastline PT Nov-Dec), chiro (2024),"
                " NSAIDs, Medrol dosepak.\n",
            ),
            "02_pt_log.txt": (
                "2025-12-03",
                "COASTLINE PHYSICAL THERAPY - VISIT LOG\n"
                "11/18/2025  PT evaluation, lumbar\n"
                "11/25/2025  PT visit, therapeutic exercise\n"
                "12/02/2025  PT visit, therapeutic exercise\n",
            ),
        },
    )["conservative-therapy"]
    assert c.status == "not_met"


def test_months_of_a_course_yield_to_its_dated_visits(brief_packet):
    """ "a course of PT at Harbor in January-March" is the course the PT visit log dates
    01/13 - 03/10 (8.1 weeks), not every day of three months (12+ weeks)."""
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-04-06",
        {
            "01_pt_log.txt": (
                "2026-03-10",
                "HARBOR PHYSICAL THERAPY - VISIT LOG, right knee\n"
                "01/13/2026  PT evaluation\n"
                "02/10/2026  PT visit, therapeutic exercise\n"
                "03/10/2026  PT visit, discharge\n",
            ),
            "02_ortho.txt": (
                "2026-03-30",
                "Orthopaedic consult, right knee OA KL 4.\n"
                "She completed a course of physical therapy at Harbor in January-March, "
                "no better. Steroid injection to the right knee on 02/16/2026, helped 2 weeks.\n",
            ),
        },
        icd10=["M17.11"],
    )["conservative-therapy-12wk"]
    assert c.status == "not_met"


def test_course_before_the_window_is_no_attendance_contradiction(brief_packet):
    """Chiropractic "about 8 visits Jun-Jul" of last year ended before the 6-month window; a
    PT discharge for no-shows this spring does not contradict it: the countable care is short,
    not_met, not needs_review."""
    c = brief_packet(
        "lumbar-epidural-steroid-injection",
        "2026-04-20",
        {
            "01_spine.txt": (
                "2026-04-14",
                "Spine consult. Left L5 radicular pain, 7/10.\n"
                "Prior care:\n"
                "  - Chiropractor about 8 visits Jun-Jul 2025, no lasting help.\n"
                "  - Meloxicam 15 mg daily 03/02/2026 - 03/12/2026, stopped (dyspepsia).\n",
            ),
            "02_pt_discharge.txt": (
                "2026-04-08",
                "PHYSICAL THERAPY DISCHARGE SUMMARY\n"
                "Visits attended: 2 (03/16/2026, 03/19/2026)\n"
                "Reason: discharged per attendance policy - 3 consecutive no-shows.\n",
            ),
        },
    )["conservative-care-4wk"]
    assert c.status == "not_met"
