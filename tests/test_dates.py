"""Dates, durations, visit counts and frequencies (casebrief.nlp.dates)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from casebrief.lexicon import cue
from casebrief.nlp.dates import find_dates, find_durations, parse_full_date

FREQUENCY = cue("dates.frequency")
VISITS = cue("dates.visits")

REF = date(2026, 3, 10)


def _only(text: str, ref: date | None = REF):
    found = find_dates(text, ref)
    assert len(found) == 1, f"{text!r}: expected one date, got {found}"
    return found[0]


# ---------------------------------------------------------------- absolute dates ----------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("03/04/2026", date(2026, 3, 4), id="mm/dd/yyyy"),
        pytest.param("3/4/26", date(2026, 3, 4), id="m/d/yy"),
        pytest.param("2026-03-04", date(2026, 3, 4), id="iso"),
        pytest.param("March 4, 2026", date(2026, 3, 4), id="month-d-comma-y"),
        pytest.param("Mar 4 2026", date(2026, 3, 4), id="mon-d-y"),
        pytest.param("Mar. 4, 2026", date(2026, 3, 4), id="mon-dot-d-y"),
        pytest.param("4-Mar-2026", date(2026, 3, 4), id="d-mon-y"),
        pytest.param("4 March 2026", date(2026, 3, 4), id="d-month-y"),
        pytest.param("December 18th, 2025", date(2025, 12, 18), id="ordinal-suffix"),
        pytest.param("Sept 3, 2025", date(2025, 9, 3), id="sept"),
        pytest.param("12.18.2025", date(2025, 12, 18), id="dotted-mdy"),
    ],
)
def test_day_precision_forms(text: str, expected: date) -> None:
    d = _only(text)
    assert d.value == expected
    assert d.precision == "day"
    assert (d.start, d.end) == (0, len(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("03/04/2026", date(2026, 3, 4), id="mdy"),
        pytest.param("2026-03-04", date(2026, 3, 4), id="iso"),
        pytest.param("March 4, 2026", date(2026, 3, 4), id="month-d-y"),
        pytest.param("4-Mar-2026", date(2026, 3, 4), id="d-mon-y"),
    ],
)
def test_absolute_dates_need_no_reference(text: str, expected: date) -> None:
    assert _only(text, ref=None).value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2026-03-04", date(2026, 3, 4), id="iso"),
        pytest.param(" 03/04/2026 ", date(2026, 3, 4), id="mdy-padded"),
        pytest.param("2026", None, id="year-only"),
        pytest.param("March 2026", None, id="month-only"),
        pytest.param("2026-02-30", None, id="no-such-day"),
        pytest.param("2026-03-04 and 2026-03-05", None, id="two-dates"),
        pytest.param("on 2026-03-04", None, id="not-the-whole-string"),
        pytest.param("March 4, 2026", None, id="words-are-not-a-typed-date"),
    ],
)
def test_full_dates_for_typed_fields(text: str, expected: date | None) -> None:
    assert parse_full_date(text) == expected


def test_date_inside_sentence_has_exact_span() -> None:
    text = "Started meloxicam 15 mg daily on 12/18/2025 for back pain."
    d = _only(text)
    assert d.value == date(2025, 12, 18)
    assert text[d.start : d.end] == "12/18/2025"


def test_several_dates_in_order() -> None:
    text = "PT 12 visits from 01/05/2026 to 02/16/2026; MRI March 1, 2026."
    values = [d.value for d in find_dates(text, REF)]
    assert values == [date(2026, 1, 5), date(2026, 2, 16), date(2026, 3, 1)]


# ---------------------------------------------------------------- month precision ---------
@pytest.mark.parametrize(
    ("text", "month"),
    [
        pytest.param("03/2026", (2026, 3), id="mm/yyyy"),
        pytest.param("3/2026", (2026, 3), id="m/yyyy"),
        pytest.param("March 2026", (2026, 3), id="month-yyyy"),
        pytest.param("Nov 2025", (2025, 11), id="mon-yyyy"),
    ],
)
def test_month_precision(text: str, month: tuple[int, int]) -> None:
    d = _only(text)
    assert (d.value.year, d.value.month) == month
    assert d.precision == "month"


# ---------------------------------------------------------------- relative dates ----------
@pytest.mark.parametrize(
    ("text", "ref", "expected_month", "day_range"),
    [
        pytest.param(
            "mid-January", date(2026, 3, 10), (2026, 1), (10, 20), id="mid-january-same-year"
        ),
        pytest.param(
            "late Nov", date(2026, 3, 10), (2025, 11), (20, 30), id="late-nov-rolls-back-a-year"
        ),
        pytest.param(
            "early March", date(2026, 3, 10), (2026, 3), (1, 10), id="early-current-month"
        ),
        pytest.param(
            "mid-December", date(2026, 1, 5), (2025, 12), (10, 20), id="mid-december-in-january"
        ),
        pytest.param("late Nov", date(2026, 12, 1), (2026, 11), (20, 30), id="late-nov-same-year"),
    ],
)
def test_fuzzy_month_resolved_against_reference(text, ref, expected_month, day_range) -> None:
    d = _only(text, ref)
    assert (d.value.year, d.value.month) == expected_month
    assert day_range[0] <= d.value.day <= day_range[1]
    assert d.precision == "month"
    assert d.value <= ref


def test_fuzzy_month_without_reference_is_not_resolved() -> None:
    assert find_dates("mid-January", None) == []


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        pytest.param("seen on Jan 5", date(2026, 3, 10), date(2026, 1, 5), id="month-d-same-year"),
        pytest.param(
            "seen on Dec 28", date(2026, 1, 5), date(2025, 12, 28), id="month-d-rolls-back"
        ),
        pytest.param("last seen 12/28", date(2026, 1, 5), date(2025, 12, 28), id="m/d-rolls-back"),
    ],
)
def test_yearless_dates_resolved_against_reference(text, ref, expected) -> None:
    assert _only(text, ref).value == expected


@pytest.mark.parametrize(
    ("text", "days"),
    [
        pytest.param("3 weeks ago", 21, id="3-weeks-ago"),
        pytest.param("two weeks ago", 14, id="two-weeks-ago"),
        pytest.param("10 days ago", 10, id="10-days-ago"),
    ],
)
def test_ago(text: str, days: int) -> None:
    d = _only(text)
    assert d.value == REF - timedelta(days=days)


def test_months_ago_is_about_right() -> None:
    d = _only("2 months ago")
    assert abs((REF - d.value).days - 61) <= 2


# ---------------------------------------------------------------- non-dates ---------------
@pytest.mark.parametrize("ref", [pytest.param(None, id="no-ref"), pytest.param(REF, id="with-ref")])
@pytest.mark.parametrize(
    "text",
    [
        pytest.param("BP 128/82", id="blood-pressure"),
        pytest.param("BP 118/76 HR 72", id="blood-pressure-2"),
        pytest.param("5/5 strength in bilateral lower extremities", id="strength-5/5"),
        pytest.param("Strength 4/5 left EHL", id="strength-4/5"),
        pytest.param("7/10 pain", id="pain-7/10"),
        pytest.param("Pain is 3/10 at rest", id="pain-3/10"),
        pytest.param("L4-5 disc protrusion", id="L4-5"),
        pytest.param("L5-S1 extrusion", id="L5-S1"),
    ],
)
def test_non_dates_do_not_parse(text: str, ref: date | None) -> None:
    assert find_dates(text, ref) == []


# ---------------------------------------------------------------- durations ---------------
@pytest.mark.parametrize(
    ("text", "days"),
    [
        pytest.param("x 8 weeks", 56, id="x-8-weeks"),
        pytest.param("for the past 3 months", 3 * 30.4, id="for-the-past-3-months"),
        pytest.param("PT for a good five months", 5 * 30.4, id="for-a-good-five-months"),
        pytest.param("naproxen for at least 8 weeks", 56, id="for-at-least-8-weeks"),
        pytest.param("6 wks of PT", 42, id="6-wks-of-PT"),
        pytest.param("x6wk", 42, id="x6wk"),
        pytest.param("two weeks of physical therapy", 14, id="two-weeks-of-physical-therapy"),
        pytest.param("a 6 week course", 42, id="6-week-course"),
        pytest.param("for 10 days", 10, id="for-10-days"),
        pytest.param("over the last 2 years", 2 * 365.25, id="over-the-last-2-years"),
    ],
)
def test_durations(text: str, days: float) -> None:
    durs = find_durations(text)
    assert len(durs) == 1, durs
    assert durs[0].days == pytest.approx(days, abs=0.5)


def test_duration_inside_sentence() -> None:
    text = "Low back pain x 8 weeks, worse with sitting."
    durs = find_durations(text)
    assert [round(d.days) for d in durs] == [56]
    assert "8 weeks" in text[durs[0].start : durs[0].end]


def test_ago_is_not_a_duration() -> None:
    assert find_durations("3 weeks ago") == []


# ---------------------------------------------------------------- visits / frequency ------
def test_visits_and_frequency() -> None:
    text = "Completed 12 visits, 2x/week."
    v = VISITS.search(text)
    f = FREQUENCY.search(text)
    assert v is not None and v.group("n") == "12"
    assert f is not None and f.group("n") == "2"


@pytest.mark.parametrize(
    ("text", "n"),
    [
        pytest.param("12 PT visits", "12", id="pt-visits"),
        pytest.param("attended 8 sessions", "8", id="sessions"),
        pytest.param("10 therapy visits", "10", id="therapy-visits"),
    ],
)
def test_visits_forms(text: str, n: str) -> None:
    m = VISITS.search(text)
    assert m is not None and m.group("n") == n


@pytest.mark.parametrize(
    ("text", "n"),
    [
        pytest.param("2x/week", "2", id="2x/week"),
        pytest.param("3 times per week", "3", id="3-times-per-week"),
        pytest.param("2x/wk", "2", id="2x/wk"),
        pytest.param("1 x a week", "1", id="1-x-a-week"),
    ],
)
def test_frequency_forms(text: str, n: str) -> None:
    m = FREQUENCY.search(text)
    assert m is not None and m.group("n") == n


def test_yearless_range_end_follows_its_start() -> None:
    text = "PT 12/15 - 1/20, 2x/week"
    values = [d.value for d in find_dates(text, date(2026, 2, 1))]
    assert values == [date(2025, 12, 15), date(2026, 1, 20)]
