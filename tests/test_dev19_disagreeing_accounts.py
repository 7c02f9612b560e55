"""Disagreeing accounts of the same fact in different records, where the disagreement decides
the criterion: a payer's usage letter against the supplier's summary of the same 30 nights, a
therapy clinic's own count of zero visits against a case manager's "completed", a supplier's
"not dispensed" against a surgeon's "worn daily since".  Each packet here is invented for the
test; none is copied from a labelled case."""

from __future__ import annotations

# ------------------------------------------------------------------ CPAP adherence

SUPPLIER = (
    "2026-05-08",
    "NORTHGATE HOME RESPIRATORY\nPAP USAGE SUMMARY\nTherapy start: 02/02/2026\n"
    "Best 30 days: 03/04/2026 - 04/02/2026\n"
    "   22 of 30 nights >= 4 hours (73.3%)\nStandard met.\n",
)
PAYER_LOW = (
    "2026-05-12",
    "MERIDIAN BAY HEALTH PLAN\nDear member,\nWe reviewed the usage data for your breathing "
    "device.\n   Best 30 days in a row (03/04/2026 - 04/02/2026):\n"
    "      used 4 or more hours on 16 of 30 nights (53%)\n"
    "The plan asks for use on 70% of nights.\n",
)


def test_a_payers_plain_words_four_or_more_hours_are_read(brief_packet) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-05-20",
        {"01_payer_letter.txt": PAYER_LOW},
        request_type="continuation",
    )
    assert criteria["adherence"].status == "not_met", criteria["adherence"].rationale


def test_the_payers_letter_and_the_suppliers_summary_of_the_same_nights_disagree(
    brief_packet,
) -> None:
    criteria = brief_packet(
        "cpap-osa",
        "2026-05-20",
        {"01_supplier.txt": SUPPLIER, "02_payer_letter.txt": PAYER_LOW},
        request_type="continuation",
    )
    c = criteria["adherence"]
    assert c.status == "needs_review", c.rationale


# ------------------------------------------------------------------ therapy: zero visits

NSAID_NOTE = (
    "2026-05-20",
    "ORTHOPEDIC FOLLOW-UP\nLeft knee osteoarthritis. Still taking naproxen 500 mg twice "
    "daily, which he has been on since August 2025, with little benefit.\n",
)
NCM = (
    "2026-04-15",
    "NURSE CASE MANAGER MONTHLY REPORT\nPhysical therapy: completed 10 sessions of PT at "
    "Lakeview Rehab (01/12/26 - 03/06/26) for the left knee; no real change.\n",
)
PT_CLOSURE = (
    "2026-03-10",
    "LAKEVIEW REHAB PHYSICAL THERAPY\nREFERRAL CLOSED - NOT SEEN\n"
    "Reason for referral: left knee OA, evaluate and treat.\n"
    "01/12/26  Did not arrive for the scheduled appointment.\n"
    "Visits attended: 0 of 10 authorized.\n",
)


def test_the_therapy_clinics_own_zero_visits_against_a_completed_course(
    brief_packet,
) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-06-01",
        {"01_ortho.txt": NSAID_NOTE, "02_ncm.txt": NCM, "03_pt.txt": PT_CLOSURE},
        cpt=["27447"],
        icd10=["M17.12"],
    )
    c = criteria["conservative-therapy-12wk"]
    assert c.status == "needs_review", c.rationale


def test_the_completed_course_alone_counts(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-06-01",
        {"01_ortho.txt": NSAID_NOTE, "02_ncm.txt": NCM},
        cpt=["27447"],
        icd10=["M17.12"],
    )
    assert criteria["conservative-therapy-12wk"].status == "met"


# ------------------------------------------------------------------ therapy: an item never received

SURGEON = (
    "2026-05-26",
    "ORTHOPAEDICS - PRE-OP VISIT\nRight knee OA. Taking ibuprofen 600 mg three times daily "
    "since October 2025, currently, modest help. She has worn the hinged knee brace every "
    "day since early February without real relief.\n",
)


def _ticket(outcome: str) -> tuple[str, str]:
    return (
        "2026-02-03",
        "CEDAR RIDGE ORTHOTICS\nFITTING TICKET\nItem: hinged knee brace, right, size M\n"
        "Fitting: applied and adjusted, patient stood and walked in the brace.\n"
        f"OUTCOME: {outcome}\nComments: too hot and heavy under clothing.\n",
    )


def test_a_brace_the_supplier_never_dispensed_against_one_worn_daily(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-06-02",
        {
            "01_surgeon.txt": SURGEON,
            "02_ticket.txt": _ticket("[ ] Dispensed   [X] NOT dispensed - patient declined item"),
        },
        cpt=["27447"],
        icd10=["M17.11"],
    )
    c = criteria["conservative-therapy-12wk"]
    assert c.status == "needs_review", c.rationale
    assert "never reached" in c.rationale


def test_a_brace_the_supplier_dispensed_is_no_contradiction(brief_packet) -> None:
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-06-02",
        {
            "01_surgeon.txt": SURGEON,
            "02_ticket.txt": _ticket("[X] Dispensed   [ ] NOT dispensed"),
        },
        cpt=["27447"],
        icd10=["M17.11"],
    )
    assert criteria["conservative-therapy-12wk"].status == "met"


def test_a_contradiction_that_decides_nothing_is_left_to_the_evidence(brief_packet) -> None:
    pt = (
        "2026-01-20",
        "PHYSICAL THERAPY DISCHARGE SUMMARY\nRight knee. 12 visits from 11/03/2025 to "
        "01/16/2026. Goals not met, pain unchanged.\n",
    )
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-06-02",
        {
            "01_surgeon.txt": SURGEON,
            "02_ticket.txt": _ticket("[ ] Dispensed   [X] NOT dispensed - patient declined item"),
            "03_pt.txt": pt,
        },
        cpt=["27447"],
        icd10=["M17.11"],
    )
    assert criteria["conservative-therapy-12wk"].status == "met"


def test_a_programs_letterhead_on_a_declined_intake_call_is_no_program(brief_packet) -> None:
    intake = (
        "2026-01-15",
        "Riverside Health - Medical Weight Loss Program\nINTAKE PHONE CALL\nReferral from "
        "orthopaedics: right knee OA, needs BMI under 40 before a knee replacement.\nReviewed "
        "the 12-week supervised track with the patient. She is not ready to commit to weekly "
        "visits. Declined enrollment. Will call back if interested.\n",
    )
    criteria = brief_packet(
        "total-knee-arthroplasty",
        "2026-06-02",
        {
            "01_ortho.txt": (
                "2026-05-26",
                "ORTHOPAEDICS\nRight knee OA. Taking ibuprofen 600 mg three times daily "
                "since October 2025, currently, modest help.\n",
            ),
            "02_intake.txt": intake,
        },
        cpt=["27447"],
        icd10=["M17.11"],
    )
    c = criteria["conservative-therapy-12wk"]
    assert c.status == "not_met", c.rationale
