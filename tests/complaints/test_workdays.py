"""Response deadlines in working days (Monday to Friday; no holiday calendar in the code)."""

from __future__ import annotations

from datetime import date

import pytest

from qualitas.complaints.workdays import add_working_days, is_working_day, working_days_between


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 12, 3), 10, date(2026, 12, 17)),  # Thursday → Thursday two weeks on
        (date(2026, 12, 4), 1, date(2026, 12, 7)),  # Friday → Monday
        (date(2026, 12, 5), 1, date(2026, 12, 7)),  # Saturday → Monday
        (date(2026, 12, 6), 5, date(2026, 12, 11)),  # Sunday → Friday
        (date(2026, 12, 24), 10, date(2027, 1, 7)),  # across the year end
        (date(2026, 12, 3), 0, date(2026, 12, 3)),
        # 1 October (National Day) counts as a working day: no holiday calendar exists yet
        (date(2026, 9, 30), 1, date(2026, 10, 1)),
    ],
)
def test_deadline_in_working_days(start, days, due):
    assert add_working_days(start, days) == due


def test_weekends_are_not_working_days_and_counting_back_agrees():
    assert not is_working_day(date(2026, 12, 5)) and not is_working_day(date(2026, 12, 6))
    assert is_working_day(date(2026, 12, 7))
    assert working_days_between(date(2026, 12, 3), date(2026, 12, 17)) == 10
    assert working_days_between(date(2026, 12, 17), date(2026, 12, 3)) == 0
