"""Lumbar epidural steroid injection packets from pain clinics (dev25es): a pain score told as
a range, a visit's own score against the history it retells, function documented as
unimpaired, a form field left blank, imaging whose only compressive finding is on the other
side, a relief reported at an early check (a lower bound, not a length), a month's full stop
that hid a sentence end, "x ~1 wk", "until around February", and a pain diary's "lasted about
4 weeks, then came back".  Every packet is invented for the test."""

from __future__ import annotations

import pytest

from casebrief.nlp.dates import find_durations
from casebrief.nlp.measurements import find_measurements
from casebrief.policy.evaluators.procedures import _months_bounded

ESI = "lumbar-epidural-steroid-injection"
REQ = "2026-05-04"

MRI_LEFT = (
    "2026-02-10",
    "RIVERBEND IMAGING\nEXAM: MRI LUMBAR SPINE WITHOUT CONTRAST   DATE: 02/10/2026\n\n"
    "FINDINGS:\nL4-L5: Left paracentral disc protrusion contacting the traversing left L5 nerve "
    "root. Right lateral recess patent.\n\nIMPRESSION:\n1. L4-5 left paracentral protrusion "
    "contacting the left L5 root.\n",
)


def _consult(pain: str, function: str, extra: str = "") -> tuple[str, str]:
    return (
        "2026-04-22",
        "MAPLE RIDGE PAIN CENTER\nNEW PATIENT CONSULTATION     DOS: 04/22/2026\n\n"
        "HPI: 58 y/o M with left leg pain radiating from the left buttock down the posterior "
        "thigh and lateral calf to the dorsum of the foot since January. "
        f"{pain} {function}\n"
        "Meloxicam 15 mg daily since 01/12/2026, still taking, with no meaningful relief.\n"
        f"{extra}"
        "EXAM: SLR positive on the left at 45 degrees. Decreased light touch left dorsum of "
        "foot.\n"
        "ASSESSMENT: Left L5 radiculopathy. No prior epidural steroid injections.\n"
        "PLAN: Request left L4-5 TFESI.\n",
    )


# ------------------------------------------------------------ pain score told as a range


@pytest.mark.parametrize(
    "pain, value",
    [
        ("Pain today 6-7/10 (leg).", 6.5),
        ("NRS 4 to 6 out of 10 today.", 5.0),
        ("Pain score 7/10.", 7.0),
    ],
)
def test_a_score_told_as_a_range_is_read_as_its_midpoint(brief_packet, pain, value) -> None:
    c = brief_packet(
        ESI,
        REQ,
        {
            "01_mri.txt": MRI_LEFT,
            "02_consult.txt": _consult(pain, "Cannot sit for more than 20 minutes."),
        },
    )["pain-assessment"]
    assert c.status == "met", c.rationale
    assert c.value == value


def test_a_range_pattern_does_not_read_a_date() -> None:
    assert [
        m.value for m in find_measurements("pain score 5/10 on 4/10/26") if m.kind == "pain"
    ] == [5.0]


@pytest.mark.parametrize(
    "pain, value",
    [
        ("Pain: 7/10 NRS today, 9/10 at worst, 5/10 at best.", 7.0),
        ("After PT pain was 3/10 per the therapist; pain now 8/10.", 8.0),
    ],
)
def test_today_labels_only_its_own_score(brief_packet, pain, value) -> None:
    c = brief_packet(
        ESI,
        REQ,
        {
            "01_mri.txt": MRI_LEFT,
            "02_consult.txt": _consult(pain, "Cannot sit for more than 20 minutes."),
        },
    )["pain-assessment"]
    assert c.status == "met", c.rationale
    assert c.value == value


def test_the_visits_own_score_outranks_the_history_it_retells(brief_packet) -> None:
    # the PT discharge score is retold in the HPI above today's score
    pain = (
        "Completed PT 01/05/2026 - 02/20/2026 (12 visits;\ndischarge NRS 3/10, HEP). "
        "Pain today 7/10 (leg)."
    )
    c = brief_packet(
        ESI,
        REQ,
        {
            "01_mri.txt": MRI_LEFT,
            "02_consult.txt": _consult(pain, "Cannot sit for more than 20 minutes."),
        },
    )["pain-assessment"]
    assert c.status == "met", c.rationale
    assert c.value == 7.0


# ------------------------------------------------------------ function documented as unimpaired


@pytest.mark.parametrize(
    "function",
    [
        "Function: she reports no functional limitation - walks 2 miles daily. ODI 10%.",
        "Denies any functional limitation; works full time. Oswestry 14%.",
    ],
)
def test_a_score_with_function_documented_unimpaired_is_not_met(brief_packet, function) -> None:
    c = brief_packet(
        ESI, REQ, {"01_mri.txt": MRI_LEFT, "02_consult.txt": _consult("Pain 5/10 today.", function)}
    )["pain-assessment"]
    assert c.status == "not_met", c.rationale
    assert c.value == 5.0


def test_a_disability_index_in_its_disabling_band_is_an_impairment(brief_packet) -> None:
    c = brief_packet(
        ESI,
        REQ,
        {"01_mri.txt": MRI_LEFT, "02_consult.txt": _consult("Pain 5/10 today.", "ODI 42%.")},
    )["pain-assessment"]
    assert c.status == "met", c.rationale


def test_a_blank_functional_limitation_field_documents_nothing(brief_packet) -> None:
    form = (
        "2026-05-04",
        "PRIOR AUTHORIZATION REQUEST\nProcedure: CPT 64483 left L4-5 TFESI\n"
        "Pain (0-10): 6\nFunctional limitation: ______\n",
    )
    consult = _consult("Pain 6/10 today.", "")
    c = brief_packet(
        ESI, REQ, {"01_form.txt": form, "02_mri.txt": MRI_LEFT, "03_consult.txt": consult}
    )["pain-assessment"]
    assert c.status == "missing", c.rationale


# ------------------------------------------------------------ unfilled template fields


@pytest.mark.parametrize("blank", ["see notes", "***", "__________"])
def test_an_unfilled_conservative_care_field_is_no_therapy(brief_packet, blank) -> None:
    form = (
        "2026-05-04",
        "PRIOR AUTHORIZATION REQUEST\nProcedure: CPT 64483 left L4-5 TFESI\n"
        f"Conservative care (type/dates):  {blank}\nPain score (0-10): 7\n",
    )
    consult = (
        "2026-04-22",
        "PAIN CONSULT  DOS 04/22/2026\nHPI: left leg pain radiating to the foot. Pain 7/10. "
        "Cannot walk more than one block.\nPrior treatments: ***\n"
        "EXAM: SLR positive on the left.\n",
    )
    c = brief_packet(
        ESI, REQ, {"01_form.txt": form, "02_mri.txt": MRI_LEFT, "03_consult.txt": consult}
    )["conservative-care-4wk"]
    assert c.status == "missing", c.rationale


# ------------------------------------------------------------ imaging on the other side


def _mri(findings: str, impression: str) -> tuple[str, str]:
    return (
        "2026-02-10",
        "RIVERBEND IMAGING\nEXAM: MRI LUMBAR SPINE WITHOUT CONTRAST   DATE: 02/10/2026\n\n"
        f"FINDINGS:\n{findings}\n\nIMPRESSION:\n{impression}\n",
    )


@pytest.mark.parametrize(
    "findings, impression, status",
    [
        (
            "L5-S1: Moderate RIGHT neural foraminal stenosis with contact of the exiting right "
            "L5 nerve root. The left neural foramen is patent.",
            "1. Moderate right L5-S1 foraminal stenosis contacting the right L5 root.",
            "not_met",
        ),
        (
            "L4-L5: Right paracentral disc extrusion compressing the traversing right L5 root. "
            "Left lateral recess patent.",
            "1. Right L4-5 disc extrusion compressing the right L5 root.",
            "not_met",
        ),
        # negative variants: the symptomatic side, or a finding naming no side
        (
            "L5-S1: Moderate LEFT neural foraminal stenosis with contact of the exiting left L5 "
            "nerve root.",
            "1. Moderate left L5-S1 foraminal stenosis.",
            "met",
        ),
        (
            "L4-L5: Central disc extrusion compressing the traversing L5 nerve roots.",
            "1. L4-5 central disc extrusion.",
            "met",
        ),
        (
            "L5-S1: Bilateral foraminal stenosis, right greater than left.",
            "1. Bilateral L5-S1 foraminal stenosis.",
            "met",
        ),
    ],
)
def test_compressive_findings_only_on_the_asymptomatic_side_do_not_explain_it(
    brief_packet, findings, impression, status
) -> None:
    c = brief_packet(
        ESI,
        REQ,
        {
            "01_mri.txt": _mri(findings, impression),
            "02_consult.txt": _consult("Pain 7/10.", "Cannot sit for more than 20 minutes."),
        },
    )["imaging-concordant"]
    assert c.status == status, c.rationale


# ------------------------------------------------------------ relief at an early check


def _repeat_packet(call: str, history: str) -> dict:
    return {
        "01_mri.txt": MRI_LEFT,
        "02_call.txt": (
            "2025-11-17",
            "TELEPHONE ENCOUNTER  11/17/2025\nReason: 2 wk post-procedure check after L L5 "
            f"TFESI 11/03/2025.\n{call}\n",
        ),
        "03_note.txt": (
            "2026-04-22",
            "PAIN CLINIC FOLLOW-UP  DOS 04/22/2026\nHPI: left leg pain radiating to the foot. "
            f"Prior L L5 TFESI 11/03/2025. {history}\n"
            "Pain 7/10. Cannot sit for more than 20 minutes.\n"
            "Meloxicam 15 mg daily since 01/12/2026, still taking, no relief.\n"
            "EXAM: SLR positive on the left.\nPLAN: repeat L L5 TFESI.\n",
        ),
    }


@pytest.mark.parametrize(
    "history, status",
    [
        ("She cannot say how long the relief lasted.", "missing"),
        ("She was about 60% better for 4 months before the pain crept back.", "met"),
        ("The relief lasted only 3 weeks.", "not_met"),
    ],
)
def test_relief_at_a_two_week_check_is_a_lower_bound_not_a_length(
    brief_packet, history, status
) -> None:
    c = brief_packet(
        ESI,
        REQ,
        _repeat_packet('Pt states leg pain is "about 70 percent better".', history),
        request_type="continuation",
    )["prior-injection-response"]
    assert c.status == status, c.rationale


def test_a_length_held_at_a_later_check_still_meets() -> None:
    months, at_least = _months_bounded("3 month check: still about 60% better")
    assert at_least and months == pytest.approx(3.0, abs=0.05)


def test_a_word_number_needs_its_own_space_before_the_unit() -> None:
    assert _months_bounded("She cannot say how long the relief lasted and whether it helped.") == (
        None,
        False,
    )
    assert _months_bounded("lasted a couple weeks")[0] == pytest.approx(0.46, abs=0.01)


def test_relief_until_around_a_month_against_a_diary_that_says_weeks_needs_review(
    brief_packet,
) -> None:
    records = {
        "01_mri.txt": MRI_LEFT,
        "02_diary.txt": (
            "2025-12-20",
            "MY PAIN DIARY - left leg - after the shot on 11/03\nDate   Leg pain   Notes\n"
            "11/02   7   night before shot\n11/04   2   felt great\n11/20   3\n12/01   6\n"
            "12/15   7   lasted about 4 weeks, then came back.\n",
        ),
        "03_note.txt": (
            "2026-04-22",
            "PAIN CLINIC FOLLOW-UP  DOS 04/22/2026\nHPI: left leg pain radiating to the foot. "
            "s/p L L5 TFESI 11/03/2025. She states the last injection gave her about 70% "
            "relief that lasted until around March, when the pain slowly came back.\n"
            "Pain 7/10. Cannot sit for more than 20 minutes.\n"
            "Meloxicam 15 mg daily since 01/12/2026, still taking, no relief.\n"
            "EXAM: SLR positive on the left.\n",
        ),
    }
    c = brief_packet(ESI, REQ, records, request_type="continuation")["prior-injection-response"]
    assert c.status == "needs_review", c.rationale


def test_relief_until_around_a_month_alone_meets(brief_packet) -> None:
    records = _repeat_packet(
        "Pt doing well.",
        "She states it gave her about 70% relief that lasted until around March.",
    )
    c = brief_packet(ESI, REQ, records, request_type="continuation")["prior-injection-response"]
    assert c.status == "met", c.rationale


# ------------------------------------------------------------ therapy dates and lengths


def test_a_month_that_ends_the_sentence_before_does_not_date_the_therapy(brief_packet) -> None:
    pt = (
        "2026-03-30",
        "OUTPATIENT PHYSICAL THERAPY RE-EVALUATION   Date: 03/30/2026\n"
        "SUBJECTIVE: Back a little better. Has not played golf since Oct. Doing HEP\n"
        "4-5x/wk.\nPain NRS: current 5/10.\n",
    )
    consult = _consult("Pain 6/10 today.", "Cannot sit for more than 20 minutes.")
    c = brief_packet(
        ESI, REQ, {"01_mri.txt": MRI_LEFT, "02_pt.txt": pt, "03_consult.txt": consult}
    )["conservative-care-4wk"]
    # meloxicam 01/12/2026 to the request (still taking): 16.1 weeks; the HEP adds no October
    assert c.status == "met", c.rationale
    assert c.value == pytest.approx(16.1, abs=0.2)


@pytest.mark.parametrize("written", ["x ~1 wk", "x ~2 wks", "x approx. 3 months"])
def test_an_approximate_length_after_x_is_a_length(written) -> None:
    assert [d.days for d in find_durations(f"cyclobenzaprine 5 mg qhs {written} from 03/02")]


def test_a_short_course_told_with_its_start_is_not_run_on_to_the_note(brief_packet) -> None:
    consult = (
        "2026-04-22",
        "PAIN CONSULT  DOS 04/22/2026\nHPI: left leg pain radiating to the foot since March. "
        "Pain 7/10. Cannot sit for more than 20 minutes.\nTreatment to date:\n"
        " - cyclobenzaprine 5 mg qhs x ~1 wk from 03/02/2026 (sedation)\n"
        " - meloxicam 15 mg 03/02/2026 - 03/13/2026, stopped d/t heartburn\n"
        "Response: no meaningful improvement.\nEXAM: SLR positive on the left.\n",
    )
    c = brief_packet(ESI, REQ, {"01_mri.txt": MRI_LEFT, "02_consult.txt": consult})[
        "conservative-care-4wk"
    ]
    assert c.status == "not_met", c.rationale
    assert c.value == pytest.approx(1.6, abs=0.2)
