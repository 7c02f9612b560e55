"""The twenty-first dev batch's lumbar MRI classes (red flags, repeat imaging, response):

- a screening checklist that writes each answer as a letter in the box opening the item's
  line ("[N] Fever or chills", "[N] Progressive leg weakness / foot drop") answers No for
  what the line names: no red flag, and no "progressive" symptom since a prior MRI;
- new symptoms since a prior MRI said the other way round: "her current symptoms are new
  since that study", "a different pain from the one we imaged";
- a care manager's log whose wrapped table cell names an imaging centre ("... ride to
  Lakeshore" / "Regional Diagnostic Imaging (MRI L-spine).") is no imaging report, and a
  study the patient missed or that "never got done" is no study: against a form's claimed
  MRI and the notes' "no lumbar imaging", the packet disagrees with itself;
- a patient's timeline entry headed by a month alone ("August - had the MRI at the open
  scanner") in a record about her back dates a lumbar MRI, which a later note's "Prior
  lumbar imaging: none" disputes;
- a questionnaire's unticked choices ("[ ] much better  [ ] better  [X] about the same") are
  no account of the response, nor is a goal for the visit ("get back to tennis").

Every text is invented for the test.
"""

from __future__ import annotations

EXAM_NOTE = (
    "PINE HOLLOW FAMILY MEDICINE\nOFFICE VISIT\nDate of service: {day}\n"
    "Provider: Odile Marchetti, MD\n\n"
    "HPI: Low back pain with ache into the right leg.\n\n"
    "EXAM:\nStraight leg raise positive on the right at 45 degrees.\n"
    "Strength 5/5 throughout both legs. Reflexes 2+ and symmetric.\n\n"
    "PLAN: continue naproxen and home exercises.\n\nOdile Marchetti, MD\n"
)

MRI_REPORT = (
    "HARBORVIEW OPEN IMAGING\nMRI LUMBAR SPINE WITHOUT CONTRAST\n"
    "Exam date: {day}\n\nFINDINGS: L4-5 right paracentral disc protrusion.\n"
    "IMPRESSION: L4-5 disc protrusion.\n"
)

SCREEN = (
    "COUNTY JAIL HEALTH SERVICES\nNURSING PROTOCOL - BACK PAIN\nDate: {day}\n\n"
    "S: back pain into the right leg for months, no new injury.\n\n"
    "RED FLAG SCREEN  (any Y = call the provider)\n"
    "  [N] Saddle numbness / loss of bladder or bowel control\n"
    "  [N] Fever or chills\n"
    "  [N] History of cancer\n"
    "  [N] Progressive leg weakness / foot drop\n"
    "  [N] Unexplained weight loss\n\n"
    "A: chronic low back pain, screen negative.\n"
    "P: ibuprofen 400 mg three times a day for 5 days.\n"
)


# --- a checklist that writes its answers in the boxes -----------------------------------------


def test_boxed_no_answers_are_no_red_flags(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-20",
        {
            "01_screen.txt": ("2026-04-01", SCREEN.format(day="04/01/2026")),
            "02_visit.txt": ("2026-04-14", EXAM_NOTE.format(day="04/14/2026")),
        },
    )
    assert c["red-flags"].status == "not_met"


def test_a_fever_told_in_a_note_is_still_a_red_flag(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-20",
        {
            "01_screen.txt": ("2026-04-01", SCREEN.format(day="04/01/2026")),
            "02_visit.txt": (
                "2026-04-14",
                EXAM_NOTE.format(day="04/14/2026").replace(
                    "HPI: Low back pain with ache into the right leg.",
                    "HPI: Low back pain with ache into the right leg. Fever of 101.8 F since "
                    "yesterday with the back pain; he injects heroin daily (IV drug use).",
                ),
            ),
        },
    )
    assert c["red-flags"].status == "met"


def test_a_boxed_no_progressive_weakness_is_nothing_new_since_the_mri(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-20",
        {
            "01_mri.txt": ("2025-09-10", MRI_REPORT.format(day="09/10/2025")),
            "02_screen.txt": ("2026-04-01", SCREEN.format(day="04/01/2026")),
            "03_visit.txt": (
                "2026-04-14",
                EXAM_NOTE.format(day="04/14/2026").replace(
                    "PLAN:", "Symptoms unchanged since the 09/2025 MRI.\n\nPLAN:"
                ),
            ),
        },
    )
    assert c["repeat-imaging"].status == "not_met"


# --- new symptoms since the MRI, said the other way round -------------------------------------


def test_a_different_pain_from_the_one_imaged_is_new_since_the_mri(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-20",
        {
            "01_mri.txt": ("2025-09-10", MRI_REPORT.format(day="09/10/2025")),
            "02_visit.txt": (
                "2026-04-14",
                EXAM_NOTE.format(day="04/14/2026").replace(
                    "HPI: Low back pain with ache into the right leg.",
                    "HPI: Midline back pain for two weeks that wakes her at night. This is a "
                    "different pain from the one we imaged last fall, which settled by winter.",
                ),
            ),
        },
    )
    assert c["repeat-imaging"].status == "met"


def test_symptoms_called_new_since_the_study_are_new(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-20",
        {
            "01_mri.txt": ("2025-09-10", MRI_REPORT.format(day="09/10/2025")),
            "02_visit.txt": ("2026-04-14", EXAM_NOTE.format(day="04/14/2026")),
            "03_letter.txt": (
                "2026-04-16",
                "To the utilization reviewer:\n\nShe had a lumbar MRI on 09/10/2025 for right "
                "leg pain that has since settled. Her current symptoms are new since that study "
                "and it cannot answer today's question.\n\nOdile Marchetti, MD\n",
            ),
        },
    )
    assert c["repeat-imaging"].status == "met"


# --- a care manager's log: a ride booked, an MRI missed ----------------------------------------


def test_a_missed_mri_in_a_log_against_a_forms_claimed_mri_goes_to_review(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-20",
        {
            "01_form.txt": (
                "2026-04-16",
                "HEALTH PLAN IMAGING PRIOR AUTHORIZATION REQUEST\n"
                "Date of request: 04/16/2026\n"
                "Study: MRI lumbar spine without contrast    CPT: 72148\n"
                "Prior imaging of same body part:\n"
                "  [X] MRI  date 01/22/2026  result: small L4-5 bulge, no stenosis\n",
            ),
            "02_log.txt": (
                "2026-03-30",
                "HEALTH PLAN - CARE MANAGEMENT ACTIVITY LOG\n"
                "Member: Ines Palacios\n\n"
                "DATE        TYPE          STAFF     NOTE\n"
                "01/08/2026  Outreach      T.Brandt  Member enrolled in ride program.\n"
                "01/12/2026  Ride booking  RideLink  Ride booked 01/22/2026 0800 to the\n"
                "                                    Lakeshore Diagnostic Imaging (MRI L-spine).\n"
                "01/23/2026  Phone call    T.Brandt  Member says she missed the MRI on 01/22,\n"
                "                                    her son was sick.\n"
                "03/30/2026  Home visit    T.Brandt  Pain 6/10. Asks about the MRI - says it\n"
                "                                    never got done.\n",
            ),
            "03_visit.txt": (
                "2026-04-14",
                EXAM_NOTE.format(day="04/14/2026").replace(
                    "PLAN:",
                    "The lumbar MRI ordered in January was never done. No lumbar imaging on "
                    "file.\n\nPLAN:",
                ),
            ),
        },
    )
    assert c["repeat-imaging"].status == "needs_review"


# --- a patient's timeline: a month heading an entry --------------------------------------------


def test_a_timeline_mri_against_a_note_saying_none_goes_to_review(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-20",
        {
            "01_visit.txt": (
                "2025-12-02",
                EXAM_NOTE.format(day="12/02/2025").replace(
                    "PLAN: continue naproxen and home exercises.",
                    "PLAN: continue naproxen and home exercises. Prior lumbar imaging: none.",
                ),
            ),
            "02_timeline.txt": (
                "2026-04-15",
                "MY BACK - WHAT HAPPENED, written by me for the health plan\n\n"
                "June 2025 - hurt my back moving a couch, pain down my right leg.\n\n"
                "July 9 - walk-in clinic, they gave me pills and an order for a scan.\n\n"
                "August - I did the MRI at the open scanner on Dock St, paid cash.\n\n"
                "Now - same pain in my back and leg, nothing new.\n",
            ),
            "03_visit.txt": ("2026-04-14", EXAM_NOTE.format(day="04/14/2026")),
        },
    )
    assert c["repeat-imaging"].status == "needs_review"


# --- a questionnaire's unticked choices and a visit's goals -------------------------------------


def test_unticked_choices_and_a_goal_are_no_improvement(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-04-20",
        {
            "01_visit.txt": (
                "2026-03-30",
                EXAM_NOTE.format(day="03/30/2026").replace(
                    "PLAN:",
                    "On naproxen daily since 11/03/2025 and home exercises since then; "
                    "they have not helped the leg.\n\nPLAN:",
                ),
            ),
            "02_questionnaire.txt": (
                "2026-04-06",
                "SPINE CENTER NEW PATIENT QUESTIONNAIRE (completed online)\n"
                "Submitted: 04/06/2026\n\n"
                "1. Compared with 3 months ago, your pain is:\n"
                "   [ ] much better  [ ] better  [X] about the same  [ ] worse\n"
                "2. Your goals for this visit: sleep better, get back to work\n",
            ),
        },
    )
    assert c["therapy-failure"].status == "met"
