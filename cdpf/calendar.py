"""Working-day deadlines from the admin-edited calendar (the DB wrapper of cdpf.workdays)."""

from __future__ import annotations

import datetime

from cdpf import workdays
from cdpf.models import CalendarDay

# A deadline never reaches further than this past its start, so one query covers it.
_WINDOW = datetime.timedelta(days=400)


def _calendar(start: datetime.date, end: datetime.date) -> tuple[set, set]:
    holidays, extra = set(), set()
    for day, kind in CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list(
        "date", "kind"
    ):
        (holidays if kind == CalendarDay.Kind.HOLIDAY else extra).add(day)
    return holidays, extra


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start`, by the calendar in the database."""
    holidays, extra = _calendar(start, start + _WINDOW)
    return workdays.add_working_days(start, days, holidays=holidays, workdays=extra)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    holidays, extra = _calendar(start, end)
    return workdays.working_days_between(start, end, holidays=holidays, workdays=extra)
