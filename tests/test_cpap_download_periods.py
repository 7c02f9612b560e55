"""CPAP continuation packets whose usage data cannot show >= 4 h on 70% of nights over a
consecutive 30 days in the first 3 months -- a download period set apart from its figures that
lies after day 90, a table's "95% leak" heading, a share over a 14-day report, usage only as an
average time a night -- and a sleep report giving its RDI before its AHI.  Every packet is
invented for the test; none is copied from a labelled case."""

from __future__ import annotations

import pytest

CONSULT = (
    "2025-10-20",
    "SLEEP MEDICINE NEW PATIENT CONSULTATION\nDate of service: 10/20/2025\n"
    "Visit type: in person\nLoud snoring, witnessed apneas per husband, dozes while reading. "
    "Epworth 14/24. Neck 16 in, BMI 36.2.\nPlan: diagnostic PSG.\n",
)


def _psg(lines: str) -> tuple[str, str]:
    return (
        "2025-11-03",
        "NORTHFIELD SLEEP LAB\nATTENDED POLYSOMNOGRAM REPORT - DIAGNOSTIC\n"
        "Study date: 11/03/2025\nTST 352 min  Sleep efficiency 84%\n"
        f"{lines}\nInterpreting physician: A. Kowalczyk, MD  11/06/2025\n",
    )


SETUP = (
    "2026-01-10",
    "BAYSIDE HOME MEDICAL - DELIVERY TICKET\nSet-up date: 01/10/2026\n"
    "CPAP 10 cmH2O, heated humidifier, nasal mask. Education given.\n",
)


def _brief(brief_packet, records: dict, request_date: str = "2026-06-15") -> dict:
    return brief_packet(
        "cpap-osa",
        request_date,
        {"01_consult.txt": CONSULT, "02_psg.txt": _psg("AHI 24.0/h"), "03_setup.txt": SETUP}
        | records,
        request_type="continuation",
    )


# ------------------------------------------------------------------ sleep-test value: AHI, not RDI


@pytest.mark.parametrize(
    "lines",
    [
        "RDI 28.9/h (incl. 31 RERAs)\nIMPRESSION: Moderate obstructive sleep apnea, AHI 19.4/h.",
        "Respiratory disturbance index 28.9 events/hour\nApnea-hypopnea index 19.4 events/hour",
        "pRDI 28.9 /h\npAHI 19.4 /h (3% rule)",
    ],
)
def test_a_report_giving_both_takes_the_ahi_not_the_rdi(brief_packet, lines) -> None:
    c = brief_packet(
        "cpap-osa", "2025-11-20", {"01_consult.txt": CONSULT, "02_psg.txt": _psg(lines)}
    )
    c = c["sleep-test-ahi"]
    assert c.status == "met", c.rationale
    assert c.value == 19.4


def test_a_report_giving_only_an_rdi_takes_the_rdi(brief_packet) -> None:
    c = brief_packet(
        "cpap-osa",
        "2025-11-20",
        {"01_consult.txt": CONSULT, "02_psg.txt": _psg("RDI 28.9/h (incl. 31 RERAs)")},
    )["sleep-test-ahi"]
    assert c.status == "met", c.rationale
    assert c.value == 28.9


# ------------------------------------------------------------------ a report period set apart


def _late_report(period: str, heading: str = "Compliance period") -> tuple[str, str]:
    return (
        "2026-06-10",
        "ResMed AirView   Compliance Report\nSetup date: 01/10/2026\n"
        "----------------------------------------------------------\n"
        f"{heading}: {period} (30 days)\n\n"
        "Usage days                  30/30 days (100%)\n"
        ">= 4 hours                  28 days (93%)\n"
        "< 4 hours                   2 days (7%)\n"
        "Average usage (total days)  6 hours 55 minutes\n",
    )


FIRST_90 = (
    "2026-06-12",
    "Usage Summary - first 90 days\nReport period: 01/10/2026 - 04/09/2026\n\n"
    "Best 30 consecutive days: 02/01/2026 - 03/02/2026, 18 of 30 days >= 4 hours (60%).\n",
)


@pytest.mark.parametrize("heading", ["Compliance period", "Report period", "Data range"])
def test_a_high_window_after_day_90_does_not_count(brief_packet, heading) -> None:
    c = _brief(
        brief_packet,
        {
            "04_report.txt": _late_report("05/01/2026 - 05/30/2026", heading),
            "05_first90.txt": FIRST_90,
        },
    )["adherence"]
    assert c.status == "not_met", c.rationale
    assert "60%" in c.rationale


def test_a_high_window_inside_the_first_months_still_counts(brief_packet) -> None:
    c = _brief(
        brief_packet,
        {"04_report.txt": _late_report("02/10/2026 - 03/11/2026")},
        request_date="2026-04-20",
    )["adherence"]
    assert c.status == "met", c.rationale
    assert "93%" in c.rationale


def test_only_a_window_after_day_90_is_not_met_not_missing(brief_packet) -> None:
    c = _brief(brief_packet, {"04_report.txt": _late_report("05/01/2026 - 05/30/2026")})[
        "adherence"
    ]
    assert c.status == "not_met", c.rationale
    assert "after the first 3 months" in c.rationale


# ------------------------------------------------------------------ a "95% leak" column heading


@pytest.mark.parametrize("column", ["95% leak", "95% pressure"])
def test_a_percentile_column_heading_is_not_a_share_of_nights(brief_packet, column) -> None:
    table = (
        "2026-04-12",
        "Usage Summary - Detail\nReport period: 01/10/2026 - 04/09/2026\n\n"
        f"Period                Days used   Days >=4h      Avg use     AHI   {column}\n"
        "01/10/26 - 02/08/26   24/30       17/30 (57%)    3h 50m      2.4   30.1\n"
        "02/09/26 - 03/10/26   26/30       19/30 (63%)    4h 21m      2.0   21.7\n"
        "03/11/26 - 04/09/26   25/30       18/30 (60%)    4h 12m      1.8   19.9\n",
    )
    c = _brief(brief_packet, {"04_table.txt": table}, request_date="2026-04-20")["adherence"]
    assert c.status == "not_met", c.rationale
    assert "63%" in c.rationale


# ------------------------------------------------------------------ a share over fewer than 30 days


@pytest.mark.parametrize(
    "record",
    [
        "THERAPY USAGE REPORT\nReport range: 02/01/2026 - 02/14/2026 (14 days)\n"
        "Days used >= 4 h ............ 12   (86%)\nAverage use ........ 6.1 h\n",
        "Office note 02/20/2026: download 02/01-02/21/26 reviewed, 86% of nights >= 4 h.\n",
    ],
)
def test_a_share_over_a_shorter_period_is_not_met(brief_packet, record) -> None:
    c = _brief(brief_packet, {"04_usage.txt": ("2026-02-21", record)}, request_date="2026-05-01")[
        "adherence"
    ]
    assert c.status == "not_met", c.rationale
    assert "shorter than 30 days" in c.rationale


def test_a_share_over_a_full_30_days_still_counts(brief_packet) -> None:
    record = (
        "THERAPY USAGE REPORT\nReport range: 02/01/2026 - 03/02/2026 (30 days)\n"
        "Days used >= 4 h ............ 26   (86.7%)\nAverage use ........ 6.1 h\n"
    )
    c = _brief(brief_packet, {"04_usage.txt": ("2026-03-03", record)}, request_date="2026-05-01")[
        "adherence"
    ]
    assert c.status == "met", c.rationale
    assert "86.7%" in c.rationale


# ------------------------------------------------------------------ an average only


@pytest.mark.parametrize(
    "words",
    [
        "For the 30 days 02/01/2026 through 03/02/2026 the patient averages 5.8 h/night of "
        "CPAP use.",
        "CPAP download 02/01/2026 - 03/02/2026: Avg usage 6 hr 10 min. Residual AHI 2.2.",
        "He uses the CPAP on average 6.5 hours a night, per the SD card reviewed today.",
        "Mean nightly use of the machine 5.9 hours (02/01-03/02/2026).",
    ],
)
def test_usage_given_only_as_an_average_is_not_met(brief_packet, words) -> None:
    c = _brief(
        brief_packet,
        {"04_letter.txt": ("2026-03-05", f"COMPLIANCE STATEMENT\n{words}\nSigned, RT\n")},
        request_date="2026-04-01",
    )["adherence"]
    assert c.status == "not_met", c.rationale
    assert "average" in c.rationale


@pytest.mark.parametrize(
    "words",
    [
        "She sleeps an average of 6 hours a night and works an average of 10 hours a day.",
        "Continue CPAP nightly. Average AHI on the device 2.1, average leak 12 L/min.",
    ],
)
def test_an_average_of_sleep_or_of_events_is_not_usage(brief_packet, words) -> None:
    c = _brief(
        brief_packet,
        {"04_note.txt": ("2026-03-05", f"SLEEP FOLLOW-UP\nDate of service: 03/05/2026\n{words}\n")},
        request_date="2026-04-01",
    )["adherence"]
    assert c.status == "missing", c.rationale


def test_two_dates_that_are_no_range_do_not_shorten_the_period(brief_packet) -> None:
    # the visit's day and the download's day, 13 days apart, are not the period's first and last
    record = (
        "Visit 03/05/2026, SD card download of 02/20/2026 reviewed: 26 of 30 nights >= 4 h "
        "(86.7%) in the 30 days before it.\n"
    )
    c = _brief(brief_packet, {"04_usage.txt": ("2026-03-05", record)}, request_date="2026-05-01")[
        "adherence"
    ]
    assert c.status == "met", c.rationale
    assert "86.7%" in c.rationale
