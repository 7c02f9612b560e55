"""Prior epidural response (dev19 class): which injections are epidurals -- a consult's own
history of other procedures, an epidural booked and then cancelled -- and two accounts of one
injection's relief told in words ("took away about two-thirds", 'helped "maybe a third"',
"lasting until about mid-November") that fall on opposite sides of 50 % / 3 months.  Every
text is invented for the test."""

from __future__ import annotations

from casebrief.documents.classify import classify, title_like
from casebrief.lexicon import cue
from casebrief.nlp.measurements import find_measurements
from casebrief.policy.evaluators.procedures import _other_procedure

POLICY = "lumbar-epidural-steroid-injection"

CONSULT = (
    "LAKESIDE SPINE CLINIC\n"
    "Return Patient Consultation - New Complaint\n"
    "Patient: Test Patient      DOB: 01/01/1970\n"
    "Date of visit: March 3, 2026     Attending: A. Doctor, MD\n"
    "\n"
    "HISTORY OF PRESENT ILLNESS:\n"
    "Known to me from last year for right buttock pain.\n"
    "I performed a right sacroiliac joint injection under fluoroscopy on\n"
    "08/14/2025; he reported about 70% relief of the buttock pain for five months.\n"
    "We had booked a right L5-S1 transforaminal epidural for 09/30/2025 in case the\n"
    "joint injection failed; that visit was cancelled because he was better. On\n"
    "11/20/2025 I did bilateral L4-5 and L5-S1 medial\n"
    "branch blocks - less than 10% relief, so no ablation was planned.\n"
    "Now: burning pain from the right buttock down the back of the thigh and calf to\n"
    "the sole, since January. Pain 7/10. Cannot sit through a shift.\n"
    "\n"
    "PLAN:\n"
    "- Right L5-S1 transforaminal epidural steroid injection (64483), fluoroscopic.\n"
)


def test_a_wrapped_line_of_history_is_no_procedure_title() -> None:
    """A consult whose heading names a return visit, and whose history wraps "I performed a
    ... under fluoroscopy on" onto a line of its own, is an office note."""
    assert not title_like("I performed a right sacroiliac joint injection under fluoroscopy on")
    assert not title_like("She had a transforaminal epidural in 2024 and")
    assert title_like("INTERVENTIONAL PAIN - ESTABLISHED PATIENT FOLLOW-UP")
    assert title_like("I. HISTORY")
    assert classify(CONSULT)[0] == "office_note"
    assert classify("PROCEDURE NOTE\nRight L5-S1 TFESI under fluoroscopy.\n")[0] == "procedure_note"


def test_a_booked_then_cancelled_epidural_was_not_done() -> None:
    rx = cue("procedures.not_a_prior_procedure")
    assert rx.search("We had booked an L4-5 interlaminar epidural for 10/02/2025.")
    assert rx.search("The caudal epidural of 3/3/25 was canceled (insurance).")
    assert not rx.search("He had an L4-5 interlaminar epidural on 10/02/2025.")


def test_a_block_named_over_a_line_break_is_another_procedure() -> None:
    assert _other_procedure("On 11/20/2025 bilateral L4-5 medial\nbranch blocks - 10% relief.")
    assert _other_procedure("a left sacroiliac joint\ninjection gave 70% relief")
    assert not _other_procedure("medial\nbranch blocks, then an L5 TFESI with 70% relief")


def test_relief_told_as_a_share_in_words() -> None:
    def pct(text: str) -> list[float]:
        return [m.value for m in find_measurements(text) if m.kind == "relief_percent"]

    assert pct('She says the shot helped "maybe a third" for a week or so.') == [33.0]
    assert pct("It took away roughly two-thirds of her leg pain.") == [67.0]
    assert pct("It took away about two\nthirds of the pain.") == [67.0]
    assert pct("he puts the relief at about 40 percent") == [40.0]


def test_a_consult_that_lists_other_injections_and_a_cancelled_epidural(brief_packet) -> None:
    """No epidural was done: the joint injection's 70% and the blocks' 10% are not an
    epidural's, the booked one was cancelled, and the planned one is the request."""
    c = brief_packet(
        POLICY,
        "2026-03-10",
        {
            "01_consult.txt": ("2026-03-03", CONSULT),
            "02_rn.txt": (
                "2026-02-20",
                "NURSE PHONE NOTE\nPt asks about an injection for the leg. Per pt he has never"
                " had an epidural; he had a joint injection and nerve blocks last year.\n",
            ),
        },
    )["prior-injection-response"]
    assert c.status == "not_applicable", (c.status, c.rationale)


def test_relief_lasting_until_a_month_is_its_length(brief_packet) -> None:
    c = brief_packet(
        POLICY,
        "2026-03-10",
        {
            "01_consult.txt": (
                "2026-03-03",
                "SPINE FOLLOW-UP NOTE\nLeft L5 radicular pain, 7/10.\nPrior treatment:\n"
                "- L L4-5 TFESI 07/08/2025: pt reports about 70% relief of leg pain lasting"
                " until about mid-November 2025,\n  then gradual return.\n",
            ),
        },
    )["prior-injection-response"]
    assert c.status == "met", (c.status, c.rationale)


def test_a_share_in_words_against_the_injectors_short_account(brief_packet) -> None:
    """The injecting doctor's "about 25% relief lasting roughly 10 days" and a later consult's
    "took away about two-thirds of her leg pain ... until about mid-December": one injection,
    two accounts on either side of 50 % / 3 months."""
    c = brief_packet(
        POLICY,
        "2026-03-10",
        {
            "01_followup.txt": (
                "2025-07-15",
                "PAIN CLINIC FOLLOW-UP\nReturns 4 wks s/p L L5-S1 TFESI (6/16/2025). Response to"
                " the TFESI: about 25% relief lasting roughly 10 days.\n",
            ),
            "02_consult.txt": (
                "2026-03-01",
                "SPINE CONSULT NOTE\nShe had a left L5-S1 TFESI on 06/16/2025. She recalls the"
                " injection took away about two-thirds of her leg pain and that the relief held"
                " until about mid-December, when the pain slowly came back.\n",
            ),
        },
    )["prior-injection-response"]
    assert c.status == "needs_review", (c.status, c.rationale)
