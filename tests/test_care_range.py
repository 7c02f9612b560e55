"""A therapy record's labelled course of care, on a header line under its title.

Why: a discharge summary states its course once ("Episode: 1/20/2026 - 3/27/2026") on a
line that names no therapy, under a title that does ("... - PT Discharge"); read sentence by
sentence the course was one day, the note's, and its dates were never quoted.
"""

from __future__ import annotations

KNEE_NOTE = """ORTHOPEDIC CLINIC NOTE
Date of service: 05/04/2026
R knee OA, KL 4 on standing films: bone-on-bone medial compartment.
Unable to walk more than one block; needs a rail on stairs.
Ht 5 ft 6 in, Wt 180 lb. No fever, skin intact, no drainage.
Has used a cane since 10/01/2025.
"""

PT_DISCHARGE = """Riverbend Rehabilitation Services - PT Discharge
Pt: Doe, Jane     DOB 01/02/1955     Dx: M17.11 OA R knee
Referring: K. Moss NP     Episode: 02/02/2026 - 04/27/2026     Visits: 16

Summary: Pt seen 2x/wk for R knee OA - quad strengthening, gait training, bike.
Knee pain unchanged, goals for stairs not met. D/C to HEP.
"""


def test_episode_line_under_a_pt_discharge_title_is_the_course(brief_packet) -> None:
    crit = brief_packet(
        "total-knee-arthroplasty",
        "2026-05-11",
        {"01_ortho.txt": ("2026-05-04", KNEE_NOTE), "02_pt.txt": ("2026-04-27", PT_DISCHARGE)},
    )
    c = crit["conservative-therapy-12wk"]
    assert "Physical therapy 2026-02-02 to 2026-04-27" in c.rationale
    quotes = [e.quote for e in [*c.evidence, *c.more_evidence]]
    assert any("Episode: 02/02/2026 - 04/27/2026" in q for q in quotes)


def test_a_records_list_naming_a_pt_discharge_is_not_a_therapy_record(brief_packet) -> None:
    """ "Records reviewed: ..., PT d/c summary" in a reviewer's note is not the note's title."""
    review = (
        "UM NURSE REVIEW\n"
        "Records reviewed: PA form 5/1, ortho OV 5/4, PT d/c summary\n"
        "Dates of service: 01/05/2026 - 05/04/2026 on claims file.\n"
    )
    crit = brief_packet(
        "total-knee-arthroplasty",
        "2026-05-11",
        {"01_ortho.txt": ("2026-05-04", KNEE_NOTE), "02_um.txt": ("2026-05-08", review)},
    )
    assert "Physical therapy 2026-01-05" not in crit["conservative-therapy-12wk"].rationale
