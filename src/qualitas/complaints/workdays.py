"""Deadlines in working days.

The code base has no calendar of Chinese public holidays (and their make-up working weekends),
so a working day is Monday to Friday: a deadline falling after a holiday week is earlier than
the legal one would be. Say so wherever a deadline is shown (the methodology page does).
"""

from __future__ import annotations

from datetime import date, timedelta


def is_working_day(day: date) -> bool:
    """Monday to Friday (no public-holiday calendar exists in the code)."""
    return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    day = start
    left = days
    while left:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``)."""
    n = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            n += 1
    return n
