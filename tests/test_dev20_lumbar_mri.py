"""The twentieth dev batch's lumbar MRI classes: a study, an exam element or a red
flag named where none was done or present.

- a prior lumbar MRI that was only booked, requisitioned or submitted for authorization and
  then cancelled or never done is no prior study: neither the plan line that asks for the
  requested MRI ("PA submitted today") nor a booking office's cancellation notice filed with
  the imaging reports;
- a form's item "New or worsening symptoms since prior imaging:  none reported" answers the
  exception in words: it names no new symptom;
- an exam test's name used for an exercise ("supine SLR hamstring stretch 3x30s" in an
  athletic trainer's log) is no examination;
- a crash its own note calls low-energy ("Low-energy mechanism ... films negative for
  fracture") is no significant trauma, so no red flag.

Every text is invented for the test.
"""

from __future__ import annotations

EXAM_NOTE = (
    "RIVERBEND FAMILY PRACTICE\nOFFICE VISIT\nDate of service: {day}\n"
    "Provider: Lena Quist, MD\n\n"
    "HPI: Low back pain for three months with ache into the left buttock.\n\n"
    "EXAM:\nBack: paraspinal tenderness on the left.\n"
    "Straight leg raise negative bilaterally.\n"
    "Strength 5/5 throughout both legs. Reflexes 2+ and symmetric.\n\n"
    "PLAN: continue home exercises.\n\nLena Quist, MD\n"
)


# --- a lumbar MRI booked, submitted or cancelled is no prior study -----------------------------


def test_a_booking_cancelled_and_the_requested_mri_submitted_are_no_prior_study(
    brief_packet,
) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-05-04",
        {
            "01_notice.txt": (
                "2026-01-20",
                "Lakeshore Regional Imaging - Scheduling Office\n\n"
                "NOTICE OF CANCELLED APPOINTMENT            Issued: 01/20/2026\n\n"
                "Patient: Marten Osei\n\n"
                "  Exam:       MRI LUMBAR SPINE WITHOUT CONTRAST\n"
                "  Booked for: 02/11/2026 08:15\n"
                "  Reason:     patient relocating\n\n"
                "This appointment has been cancelled. The study was not performed.\n",
            ),
            "02_visit.txt": (
                "2026-04-28",
                EXAM_NOTE.format(day="04/28/2026").replace(
                    "PLAN: continue home exercises.",
                    "PLAN:\n - MRI L-spine without contrast (72148) - PA "
                    "submitted today.\n - continue home exercises.",
                ),
            ),
        },
    )
    assert c["repeat-imaging"].status == "met"


def test_a_lumbar_mri_done_within_the_year_still_counts(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-05-04",
        {
            "01_mri.txt": (
                "2026-01-12",
                "LAKESHORE REGIONAL IMAGING\nMRI LUMBAR SPINE WITHOUT CONTRAST\n"
                "Exam date: 01/12/2026\n\nFINDINGS: Mild L4-5 disc bulge without stenosis.\n"
                "IMPRESSION: Mild degenerative change.\n",
            ),
            "02_visit.txt": ("2026-04-28", EXAM_NOTE.format(day="04/28/2026")),
        },
    )
    assert c["repeat-imaging"].status == "not_met"


# --- a form's "new or worsening symptoms: none reported" --------------------------------------


def test_a_form_item_answered_none_reported_names_no_new_symptom(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-05-04",
        {
            "01_mri.txt": (
                "2026-01-12",
                "LAKESHORE REGIONAL IMAGING\nMRI LUMBAR SPINE WITHOUT CONTRAST\n"
                "Exam date: 01/12/2026\n\nFINDINGS: Mild L4-5 disc bulge without stenosis.\n"
                "IMPRESSION: Mild degenerative change.\n",
            ),
            "02_form.txt": (
                "2026-05-01",
                "IMAGING PRECERTIFICATION REQUEST\n\n"
                "Study requested: MRI lumbar spine without contrast\n"
                "  a. Prior imaging of this region in 12 months:  MRI L-spine 01/12/2026\n"
                "  b. New or worsening symptoms since prior imaging:  none documented\n"
                "  c. Surgery planned:  no\n",
            ),
            "03_visit.txt": ("2026-04-28", EXAM_NOTE.format(day="04/28/2026")),
        },
    )
    assert c["repeat-imaging"].status == "not_met"


# --- an exam test's name used for an exercise --------------------------------------------------


def test_an_slr_stretch_in_a_trainers_log_is_no_exam(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-05-04",
        {
            "01_visit.txt": ("2026-02-02", EXAM_NOTE.format(day="02/02/2026")),
            "02_log.txt": (
                "2026-04-30",
                "CEDAR COLLEGE ATHLETICS - ATHLETIC TRAINING ROOM\n"
                "Rehab log (export)\n"
                "DATE      ATC   TREATMENT                          NOTES\n"
                "04/27/26  RM    heat 10'; bird dog 3x10; supine    pain 4/10\n"
                "                SLR hamstring stretch 2x30s\n"
                "04/29/26  RM    bike 20'; straight leg raises 3x10  pain 4/10\n",
            ),
        },
    )
    assert c["clinical-evaluation"].status == "not_met"


def test_an_slr_test_in_an_office_exam_still_counts(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-05-04",
        {"01_visit.txt": ("2026-04-28", EXAM_NOTE.format(day="04/28/2026"))},
    )
    assert c["clinical-evaluation"].status == "met"


# --- a crash its own note calls low-energy -----------------------------------------------------

ED_NOTE = (
    "HARBORVIEW COMMUNITY HOSPITAL - EMERGENCY DEPARTMENT\nED PROVIDER NOTE\n"
    "Arrival: 03/30/2026 14:10\n\n"
    "CHIEF COMPLAINT: MVC - low back pain\n\n"
    "HPI: 38 yo M, belted driver, {mechanism}. Low back pain since.\n"
    "Denies saddle anesthesia, bowel or bladder incontinence. No fevers.\n"
    "No personal history of cancer.\n\n"
    "EXAM: Strength 5/5 both legs. Sensation intact. Reflexes 2+ symmetric.\n\n"
    "IMAGING: XR lumbar spine - no acute fracture.\n\n"
    "MDM: {mdm}\n\nDISPO: Home, naproxen 500 mg BID.\n"
)


def test_a_crash_its_note_calls_low_energy_is_no_red_flag(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-05-04",
        {
            "01_ed.txt": (
                "2026-03-30",
                ED_NOTE.format(
                    mechanism="another car backed into his door in a parking lot",
                    mdm="Low-speed impact, neuro intact, films negative. Lumbar strain.",
                ),
            ),
        },
    )
    assert c["red-flags"].status == "not_met"


def test_a_rollover_crash_is_still_significant_trauma(brief_packet) -> None:
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-05-04",
        {
            "01_ed.txt": (
                "2026-03-30",
                ED_NOTE.format(
                    mechanism="rollover accident on the interstate at highway speed",
                    mdm="High-energy mechanism. Lumbar strain, CT if pain persists.",
                ),
            ),
        },
    )
    assert c["red-flags"].status == "met"
