"""Working-day arithmetic (工作日): Monday to Friday, minus holidays, plus 调休 working days."""

from __future__ import annotations

import datetime
from collections.abc import Set

ONE_DAY = datetime.timedelta(days=1)


def is_working_day(day: datetime.date, *, holidays: Set, workdays: Set) -> bool:
    if day in workdays:
        return True
    if day in holidays:
        return False
    return day.weekday() < 5


def add_working_days(
    start: datetime.date, days: int, *, holidays: Set, workdays: Set
) -> datetime.date:
    """The `days`-th working day after `start`; start itself does not count."""
    if days < 0:
        raise ValueError("days must not be negative")
    current, counted = start, 0
    while counted < days:
        current += ONE_DAY
        if is_working_day(current, holidays=holidays, workdays=workdays):
            counted += 1
    return current


def working_days_between(
    start: datetime.date, end: datetime.date, *, holidays: Set, workdays: Set
) -> int:
    """How many working days fall after `start` up to and including `end`."""
    count, current = 0, start
    while current < end:
        current += ONE_DAY
        if is_working_day(current, holidays=holidays, workdays=workdays):
            count += 1
    return count
