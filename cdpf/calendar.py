"""Working-day deadlines from the admin-edited calendar (the DB wrapper of cdpf.workdays).

A deadline that reaches a year whose holidays are not loaded (no CalendarYear row) is
provisional: it is computed with weekends only, shown with a 暂定 mark wherever it appears,
and recomputed when the year is loaded (docs/decisions/0081)."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from django.conf import settings

from cdpf import workdays
from cdpf.models import CalendarDay, CalendarYear

# A deadline never reaches further than this past its start, so one query covers it.
_WINDOW = datetime.timedelta(days=400)
# The loaded years, read again at most every CALENDAR_YEARS_CACHE_SECONDS per process (and at
# once after a load in this process); None keeps them until a load (the tests).
_cache: dict = {"years": None, "read": 0.0}


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


# --- which years are loaded ------------------------------------------------------------------


def loaded_years() -> frozenset[int]:
    """The years whose holidays and adjusted working days are loaded."""
    now = time.monotonic()
    ttl = getattr(settings, "CALENDAR_YEARS_CACHE_SECONDS", 30.0)
    if _cache["years"] is None or (ttl is not None and now - _cache["read"] > ttl):
        _cache["years"] = frozenset(CalendarYear.objects.values_list("year", flat=True))
        _cache["read"] = now
    return _cache["years"]


def forget_loaded_years() -> None:
    """Called after a year is loaded or removed, so the next reader asks the database."""
    _cache["years"] = None


def missing_years(start: datetime.date, end: datetime.date) -> list[int]:
    """The years from `start` to `end` (inclusive) without a loaded calendar."""
    loaded = loaded_years()
    return [y for y in range(start.year, end.year + 1) if y not in loaded]


def is_provisional(day: datetime.date | None) -> bool:
    """Whether a deadline falling on `day` was counted without its year's calendar. A
    deadline is at most 400 days after its start and years are loaded in order, so its own
    year decides (a start in an earlier, unloaded year is refused by the load form)."""
    return day is not None and day.year not in loaded_years()


@dataclass(frozen=True)
class Deadline:
    date: datetime.date
    provisional: bool
    missing: tuple[int, ...] = ()


def deadline(start: datetime.date, days: int) -> Deadline:
    """The `days`-th working day after `start`, telling whether it is provisional."""
    due = add_working_days(start, days)
    missing = tuple(missing_years(start, due))
    return Deadline(date=due, provisional=bool(missing), missing=missing)
