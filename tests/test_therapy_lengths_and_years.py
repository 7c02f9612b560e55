"""dev23 classes (helper diagB): a suspicion read as a red flag, counts and lengths misread, a
letter's visit dated by its typing, an item never had counted as a kind of treatment.

- a diagnostic pathway, protocol or work-up named after a syndrome ("CES pathway initiated")
  was read as the syndrome found: a red flag present that waived conservative therapy;
- a discharge summary's attendance counts ("No-show: 0") read as a discharge for no-shows, so
  its own episode of care was dropped and called abandoned;
- the start of a date range written without a year ("6/1-6/2/25") took the note's year, and a
  season with its year ("since spring 2025") the latest such season: last year's dates read as
  this year's, inside a course they had nothing to do with;
- a later account that no improvement ever came during therapy ("never noticed any
  improvement during PT") was no account of failure, and "Sx" was no word for symptoms;
- a length in the Commonwealth shorthand ("2/52", "x 3/12") was no length -- or a day -- and a
  length told with its start ("x 3 months from 14/10/2025") ran the course on to the note;
- what a running record (a GP record print) tells under a dated consultation was dated by the
  day the record was printed, and a later note retelling the same course by its length alone
  made a second course;
- a specialist's letter typed after the sleep study dated the consultation it reports, held
  before the study, by its typing date;
- an item the next sentence says was never had ("I didnt get it.") counted as a kind of
  treatment.

Invented packets and phrases, none of the batch's text.
"""

from __future__ import annotations

from datetime import date

from casebrief.nlp.dates import find_dates, find_durations

# ------------------------------------------------------------------ red flags -------------


def test_a_pathway_named_after_cauda_equina_is_a_suspicion_not_a_red_flag(brief_packet):
    """Triage opens the CES pathway; the exam that day finds nothing: no red flag present, so
    conservative therapy is not waived."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-10",
        {
            "01_ed.txt": (
                "2025-09-14",
                "MERCY GENERAL EMERGENCY DEPARTMENT - DISCHARGE NOTE\n"
                "HPI: 47M with low back pain into the left calf for 10 days. Told the triage "
                "nurse his backside 'felt funny' -> cauda equina protocol activated.\n"
                "EXAM: perianal sensation normal, anal tone normal, bladder scan 20 mL.\n"
                "Pt clarified the odd feeling was the left buttock.\n"
                "Dx: left lumbar radiculopathy.\n",
            ),
            "02_pcp.txt": (
                "2026-04-02",
                "Office visit (in person).\n"
                "Left leg pain persists despite 8 weeks of physical therapy from 01/12/2026 "
                "to 03/09/2026.\n"
                "Denies saddle anesthesia, bowel or bladder change, fever. No history of "
                "cancer.\n"
                "EXAM: SLR positive on the left at 40 degrees. Strength 5/5. Reflexes 2+.\n",
            ),
        },
    )
    assert c["red-flags"].status == "not_met"
    assert c["conservative-therapy"].status == "met"


# ------------------------------------------------------- attendance counts, date ranges ---


def test_a_zero_no_show_count_is_no_discharge_for_no_shows(brief_packet):
    """ "Visits attended: 12  Cancelled: 1  No-show: 0" below the episode line: the course ran
    from the evaluation to the discharge, and it was not abandoned."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-03-20",
        {
            "01_pt.txt": (
                "2026-02-27",
                "RIVERSIDE PHYSICAL THERAPY - DISCHARGE SUMMARY\n"
                "Dx: low back pain with right sciatica\n"
                "Episode: initial eval 01/05/2026 - discharge 02/27/2026\n"
                "Visits attended: 12   Cancelled: 1   No-show: 0\n\n"
                "Outcome: leg pain unchanged at 6/10, goals not met.\n",
            ),
        },
    )["conservative-therapy"]
    assert c.status == "met"
    assert c.value == 7.6


def test_last_years_ed_stay_written_without_its_first_year_is_not_this_years_course(
    brief_packet,
):
    """ "ED 5/2-5/3/25 ... did not go to PT last year" is about 2025, not an abandonment of the
    2026 course the clinic logs."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-20",
        {
            "01_pt.txt": (
                "2026-03-30",
                "PHYSICAL THERAPY DISCHARGE SUMMARY\n"
                "Episode of care: 02/09/2026 - 03/30/2026 (12 visits).\n"
                "Leg pain unchanged, goals not met.\n",
            ),
            "02_pcp.txt": (
                "2026-04-14",
                "HPI: R L5 radiculopathy since spring 2025. ED stay 5/2-5/3/25, given a "
                "prednisone taper, did not go to PT last year (cost).\n"
                "This year: physical therapy 2/9-3/30/26, 12 visits, no better.\n",
            ),
        },
    )["conservative-therapy"]
    assert c.status == "met"


def test_a_range_start_without_a_year_takes_the_ends_year():
    ref = date(2026, 4, 14)
    got = [d.value for d in find_dates("ED stay 5/2-5/3/25, then home", ref)]
    assert got == [date(2025, 5, 2), date(2025, 5, 3)]
    got = [d.value for d in find_dates("inpatient Dec 30 - Jan 2, 2026", ref)]
    assert got == [date(2025, 12, 30), date(2026, 1, 2)]


def test_a_season_with_its_year_is_that_years():
    got = find_dates("pain since spring 2025", date(2026, 4, 14))
    assert [d.value.year for d in got] == [2025]


# ---------------------------------------------------------------- response ---------------


def test_never_noticed_any_improvement_during_pt_disputes_the_therapists_goals_met(
    brief_packet,
):
    """The therapist's discharge says goals met; three weeks later the patient tells the
    physician she never felt any benefit during the same course: a contradiction."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-05-20",
        {
            "01_pt.txt": (
                "2026-04-10",
                "PHYSICAL THERAPY DISCHARGE SUMMARY\n"
                "Seen 02/20/2026 through 04/10/2026, 12 visits.\n"
                "All goals met. Back to full duty at work.\n",
            ),
            "02_pcp.txt": (
                "2026-05-04",
                "Office visit.\n"
                "She says she never felt any benefit during PT; pain stayed 7/10 the whole "
                "time.\n",
            ),
        },
    )["therapy-failure"]
    assert c.status == "needs_review"


def test_sx_unchanged_is_an_account_of_symptoms(brief_packet):
    """ "Sx unchanged despite PT" in the latest note is a failure, a month after the
    therapist's own "doing well"."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-05-20",
        {
            "01_pt.txt": (
                "2026-03-27",
                "PHYSICAL THERAPY PROGRESS NOTE\n"
                "Seen 02/06/2026 through 03/27/2026, 10 visits. Doing well.\n",
            ),
            "02_pcp.txt": (
                "2026-05-11",
                "Office visit.\nSx unchanged despite 7 weeks of PT.\n",
            ),
        },
    )["therapy-failure"]
    assert c.status == "met"


# ------------------------------------------------------------- lengths and their start ----


def test_commonwealth_lengths():
    assert [d.days for d in find_durations("Ibuprofen 400 mg tds 2/52 (42 tabs)")] == [14.0]
    assert [round(d.days) for d in find_durations("Celecoxib x 3/12 then stop")] == [91]
    assert [d.days for d in find_durations("for the past 5/7")] == [5.0]
    assert [d.days for d in find_durations("6/52 hx of back pain")] == [42.0]
    # "x 3/12" is a length, not the 12th of March; "seen 3/12" stays a day
    assert find_dates("Celecoxib x 3/12 then stop", date(2026, 5, 1)) == []
    assert [d.value for d in find_dates("seen 3/12, better", date(2026, 5, 1))] == [
        date(2026, 3, 12)
    ]
    assert find_durations("Review 4-6/52") == []


def test_a_length_told_with_its_start_ends_the_course(brief_packet):
    """ "x 3/12 from 03/09/2025 - completed" is three months, not a course running on to the
    letter written months later."""
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-04-30",
        {
            "01_letter.txt": (
                "2026-03-02",
                "Dear Doctor,\n"
                "Re: right knee osteoarthritis. Seen 21/01/2026.\n"
                "Treatment so far:\n"
                " 1. Meloxicam 15mg daily x 3/12 from 03/09/2025 - completed, little benefit.\n"
                " 2. Physiotherapy 10/09/2025 to 19/11/2025 - no improvement.\n",
            ),
        },
    )["conservative-therapy-12wk"]
    assert c.status == "met"
    assert 12.5 <= c.value <= 13.5


def test_a_plain_length_told_with_its_start_ends_the_course(brief_packet):
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-03-01",
        {
            "01_note.txt": (
                "2026-02-20",
                "Office visit.\n"
                "Meloxicam 15 mg daily x 4 weeks from 12/01/2025 - completed, no relief.\n"
                "Leg pain persists.\n",
            ),
        },
    )["conservative-therapy"]
    assert c.status == "not_met"
    assert c.value == 4.0


GP_PRINT = (
    "ELM ROAD SURGERY - PATIENT RECORD PRINT (CONSULTATIONS)\n"
    "Printed: 20-Feb-2026\n\n"
    "---------------------------------------------------------------\n"
    "11-Mar-2025  Surgery consultation  Dr P Amis\n"
    "  History:      LBP L side, into buttock.\n"
    "  Medication:   Ibuprofen 400mg tablets - 1 tds, 2/52 (42 tabs)\n\n"
    "30-Jun-2025  Scanned document  (Physio discharge)\n"
    "  Summary:      LBP settled after 4 sessions.\n\n"
    "---------------------------------------------------------------\n"
    "05-Jan-2026  Surgery consultation  Dr P Amis\n"
    "  History:      L leg pain to the foot 3/52.\n"
    "  Medication:   Naproxen 500mg tablets - 1 bd with food, 2/52 (28 tabs)\n"
    "  Plan:         Self-referral to physio.\n\n"
    "---------------------------------------------------------------\n"
    "16-Feb-2026  Surgery consultation  Dr P Amis\n"
    "  History:      Leg pain persisting despite NSAID and physio.\n"
)
PHYSIO_LETTER = (
    "MSK Physiotherapy Service\n"
    "Discharged: seen 6 times between 14/01/2026 and 18/02/2026.\n"
    "Outcome: leg pain unchanged.\n"
)


def test_a_gp_record_prints_consultations_are_of_their_own_days(brief_packet):
    """The fortnight of naproxen issued at the 5 January consultation runs 5 to 19 January (and
    last year's ibuprofen stays last year's), not a fortnight before the record was printed."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-20",
        {
            "01_gp_print.txt": ("2026-02-20", GP_PRINT),
            "02_physio.txt": ("2026-02-20", PHYSIO_LETTER),
        },
    )["conservative-therapy"]
    assert c.status == "met"
    assert c.value == 6.3


def test_a_course_retold_by_its_length_alone_is_the_same_course(brief_packet):
    """A later note's "naproxen for 2 weeks (completed)", with no date of its own, is the
    fortnight the first note prescribed -- not a second one counted back from the later note."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-20",
        {
            "01_pcp.txt": (
                "2026-01-05",
                "Office visit. Left sciatica.\n"
                "PLAN:\n  - Naproxen 500 mg BID x 14 days, #28, sent to pharmacy.\n",
            ),
            "02_physio.txt": ("2026-02-20", PHYSIO_LETTER),
            "03_new_pcp.txt": (
                "2026-04-16",
                "New patient visit. Left sciatica since December.\n"
                "Took naproxen 500 bd for 2 weeks (completed), then physio x6, unchanged.\n",
            ),
        },
    )["conservative-therapy"]
    assert c.value == 6.3


# ------------------------------------------------------------- the visit a letter reports -


def test_a_letter_typed_after_the_study_reports_a_consultation_before_it(brief_packet):
    c = brief_packet(
        "cpap-osa",
        "2026-05-01",
        {
            "01_letter.txt": (
                "2026-03-24",
                "Dear Dr Hale,\n\n"
                "Date of consultation: 3 March 2026\n\n"
                "I saw Mrs Ferris in my rooms with her husband. Loud snoring for years, "
                "witnessed apnoeas most nights, Epworth 15/24. Neck 41 cm, BMI 33.\n\n"
                "Addendum following the sleep study: AHI 31/hr, severe OSA. APAP advised.\n",
            ),
            "02_psg.txt": (
                "2026-03-12",
                "DIAGNOSTIC POLYSOMNOGRAPHY REPORT\nStudy date: 12/03/2026\n"
                "AHI 31.0/hr. Severe obstructive sleep apnoea.\n",
            ),
        },
    )["face-to-face-evaluation"]
    assert c.status == "met"


# ------------------------------------------------------------- an item never had ----------


def test_an_item_the_next_sentence_says_was_never_bought_is_no_kind_of_treatment(brief_packet):
    """Six months of naproxen and a brace the patient never bought: one kind of treatment."""
    c = brief_packet(
        "total-knee-arthroplasty",
        "2026-06-01",
        {
            "01_pcp.txt": (
                "2025-11-10",
                "Office visit. Right knee osteoarthritis.\n"
                "Naproxen 500 mg BID daily since 11/10/2025, continue.\n",
            ),
            "02_portal.txt": (
                "2026-02-03",
                "Patient message: The medical supply store said the knee brace is $150. "
                "I didnt buy it. Knee is the same.\n",
            ),
            "03_ortho.txt": (
                "2026-05-20",
                "Ortho consult. Right knee OA, KL 4. Naproxen 500 mg BID since 11/10/2025, "
                "still taking, minimal benefit. Walks 1 block, stairs one at a time.\n",
            ),
        },
    )["conservative-therapy-12wk"]
    assert c.status == "not_met"
