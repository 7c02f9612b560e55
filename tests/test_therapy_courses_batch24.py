"""dev24 classes (helper diagC): therapy courses and programs.

- a therapy record's own date label ("Date of report: ...", "Summary date: ...") was read as a
  visit ("dates? of" is meant for "Dates of service"), so a course ran on to the day its
  summary was written;
- a drug's length a later note retells with no date ("started him on naproxen, which he took
  for about five weeks") was counted back from that note, though an earlier record starts the
  drug on its day: the course is that long from the start;
- a supervised program's progress notes that put each visit's date on a heading line of its
  own ("DATE OF SERVICE: 09/09/2025") and the weight in the entry under it were read as no
  visits at all;
- a success phrase told of another condition's treatment ("Doing well on semaglutide") was read
  as a rival account of the back's response to therapy.

Invented packets, none of the batch's text.  The last test guards what the fix must not break
(it passes before the fix as well).
"""

from __future__ import annotations

import pytest

PT_VISITS = (
    "Patient was evaluated on 09/01/2025 for low back pain with right leg pain.\n"
    "Seen for 5 visits; last visit 09/22/2025.\n"
    "Leg pain unchanged at last visit.\n"
)


@pytest.mark.parametrize(
    "label",
    ["Date of report: 10/27/2025", "DATE OF SUMMARY: 10/27/2025", "Date of dictation: 10/27/2025"],
)
def test_a_summarys_own_date_is_no_visit(brief_packet, label):
    """A PT discharge summary written five weeks after the last visit: the course is 3 weeks
    (09/01-09/22), not 8 weeks to the summary's own date."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2025-11-10",
        {
            "01_pt.txt": (
                "2025-10-27",
                "RIVERBEND REHAB\nPHYSICAL THERAPY DISCHARGE SUMMARY\n"
                "Patient: J. Doe\n" + label + "\n\n" + PT_VISITS,
            ),
            "02_ortho.txt": (
                "2025-11-03",
                "Spine consult.\nLow back pain with right sciatica, persisting despite PT.\n"
                "Straight leg raise positive on the right. Strength 5/5.\n",
            ),
        },
    )["conservative-therapy"]
    assert c.status == "not_met"
    assert c.value == 3.0


@pytest.mark.parametrize(
    "retold",
    [
        "Dr. Lee started her on naproxen, which she took for about five weeks and then stopped "
        "because of reflux.",
        "Her PCP put her on naproxen; she took it for five weeks before stopping for heartburn.",
        "She used the naproxen for five weeks, then quit because of heartburn.",
    ],
)
def test_retold_length_runs_from_the_drugs_start(brief_packet, retold):
    """Naproxen started on 05/05/2025 (before the 6-month window) and retold in December as
    five weeks of use: the course lies in May-June, not in the five weeks before December; the
    PT in the window alone is 3 weeks."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-01-05",
        {
            "01_pcp.txt": (
                "2025-05-05",
                "Office visit.\nAcute low back pain after lifting.\n"
                "PLAN:\n1. Begin naproxen 500 mg twice daily with food, #60.\n",
            ),
            "02_pt.txt": (
                "2025-10-20",
                "PHYSICAL THERAPY DISCHARGE\n"
                "Initial evaluation 09/29/2025. Seen for 6 visits; final visit 10/20/2025.\n"
                "Back pain unchanged.\n",
            ),
            "03_spine.txt": (
                "2025-12-15",
                "Spine consult.\nHPI: Low back pain radiating to the left leg since spring. "
                + retold
                + " PT this fall did not help.\n"
                "Straight leg raise positive on the left.\n",
            ),
        },
    )["conservative-therapy"]
    assert c.status == "not_met"
    assert c.value == 3.0


def _program_notes(heading: str) -> str:
    days = [
        "09/08/2025",
        "10/06/2025",
        "11/03/2025",
        "12/01/2025",
        "01/05/2026",
        "02/02/2026",
        "03/02/2026",
        "04/06/2026",
    ]
    weights = [262.0, 259.4, 257.8, 258.2, 255.0, 253.6, 251.2, 250.4]
    body = "".join(
        f"{heading}{day}\nWeight {w} lb. Diet and activity counselling, food log reviewed.\n\n"
        for day, w in zip(days, weights, strict=True)
    )
    return "LAKESHORE MEDICAL WEIGHT MANAGEMENT\nR. Okafor, MD, Obesity Medicine\n\n" + body


@pytest.mark.parametrize("heading", ["DATE OF SERVICE: ", "DOS ", "Encounter ", ""])
def test_program_visits_dated_on_heading_lines(brief_packet, heading):
    """Eight monthly physician visits, each dated on a heading line with the weight in the
    entry below: 09/08/2025-04/06/2026 = 210 days = 6.9 months, met."""
    c = brief_packet(
        "bariatric-surgery",
        "2026-05-04",
        {
            "01_program.txt": ("2026-04-06", _program_notes(heading)),
            "02_surgeon.txt": (
                "2026-04-20",
                "Bariatric surgery consultation.\nBMI 41.2 with hypertension.\n",
            ),
        },
    )["supervised-weight-loss-6mo"]
    assert c.status == "met"
    assert c.value == 6.9


BACK_PERSISTS = {
    "01_pt.txt": (
        "2026-01-09",
        "PHYSICAL THERAPY DISCHARGE\nInitial evaluation 11/24/2025; 8 visits, final visit "
        "01/09/2026.\nBack pain unchanged, 6/10. Goals not met.\n",
    ),
    "03_pcp.txt": (
        "2026-01-20",
        "Follow-up low back pain.\nPain persists despite PT and naproxen, 6/10.\n"
        "Straight leg raise positive on the right.\n",
    ),
}


@pytest.mark.parametrize(
    "other",
    [
        "Interval history: Doing well on semaglutide 1 mg weekly, mild nausea.",
        "Much improved with CPAP, sleeping through the night.",
        "Reflux resolved after starting omeprazole.",
    ],
)
def test_success_of_another_treatment_is_no_rival_account(brief_packet, other):
    """A note of the same fortnight that tells another condition's treatment working is not an
    account of the back's response: every account of the back says it persists, met."""
    records = dict(BACK_PERSISTS)
    records["02_other.txt"] = ("2026-01-14", "Clinic follow-up.\n" + other + "\n")
    c = brief_packet("lumbar-spine-mri", "2026-02-02", records)["therapy-failure"]
    assert c.status == "met"


def test_success_told_of_the_therapy_still_counts(brief_packet):
    """Guard: "doing well with physical therapy" is the therapy's own response."""
    c = brief_packet(
        "lumbar-spine-mri",
        "2026-02-02",
        {
            "01_pt.txt": (
                "2026-01-16",
                "PHYSICAL THERAPY DISCHARGE\nInitial evaluation 11/24/2025; 8 visits, final "
                "visit 01/16/2026.\nDoing well with physical therapy, back pain 1/10. "
                "Goals met.\n",
            ),
        },
    )["therapy-failure"]
    assert c.status == "not_met"
