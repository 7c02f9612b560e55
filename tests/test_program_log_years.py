"""A visit log's row dates with a year OCR misread ("02/18/2028" among 2025 rows) are put
back from the log's own order (casebrief.policy.evaluators.programs.log_years_restored).

Why: on fax copies of dev cases (sample E) a program's first visits read "9/9/2026",
"10/14/26" above "12/16/25": dated after the request, they were dropped, and six months of
supervised visits counted as four (`not_met`)."""

from __future__ import annotations

from datetime import date

from casebrief.policy.evaluators.programs import log_years_restored

LATEST = date(2026, 3, 1)


def test_first_rows_of_a_log_take_the_year_that_keeps_its_order():
    read = [date(2026, 9, 9), date(2026, 10, 14), date(2026, 11, 11), date(2025, 12, 16)]
    read += [date(2026, 1, 20), date(2026, 2, 17), date(2026, 3, 17), date(2026, 4, 14)]
    assert log_years_restored(read, date(2026, 5, 1))[:3] == [
        date(2025, 9, 9),
        date(2025, 10, 14),
        date(2025, 11, 11),
    ]


def test_a_misread_row_between_trusted_rows_and_a_newest_first_log():
    read = [date(2028, 6, 12), date(2025, 7, 10), date(2025, 8, 14), date(2025, 9, 11)]
    read += [date(2025, 10, 16), date(2028, 12, 11), date(2026, 1, 22)]
    got = log_years_restored(read, LATEST)
    assert got[0] == date(2025, 6, 12) and got[5] == date(2025, 12, 11)
    newest_first = [date(2025, 8, 19), date(2025, 7, 22), date(2028, 6, 17), date(2025, 5, 20)]
    assert log_years_restored(newest_first, LATEST)[2] == date(2025, 6, 17)


def test_a_row_no_year_fits_or_a_log_in_no_order_is_left_as_read():
    # a scheduled visit after the request: no year keeps it in order and before the request
    scheduled = [date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1), date(2026, 6, 10)]
    assert log_years_restored(scheduled, LATEST) == scheduled
    jumbled = [date(2025, 5, 1), date(2025, 1, 1), date(2025, 9, 1), date(2025, 3, 1)]
    assert log_years_restored(jumbled, LATEST) == jumbled
    assert log_years_restored([date(2027, 1, 1), date(2025, 1, 1)], LATEST)[0].year == 2027


def test_a_row_is_set_by_trusted_neighbours_not_by_a_row_left_as_read():
    read = [date(2025, 5, 1), date(2025, 6, 1), date(2031, 7, 1), date(2028, 8, 1)]
    read += [date(2025, 9, 1), date(2025, 10, 1)]
    got = log_years_restored(read, LATEST)
    assert got[3] == date(2025, 8, 1)  # 2031 (no year of its decade fits) does not block it
    assert got[2] == date(2031, 7, 1)
