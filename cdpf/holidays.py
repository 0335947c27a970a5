"""Loading a year's holidays and adjusted working days (国务院办公厅 notice), and recomputing
every deadline that was provisional for want of it (docs/decisions/0081).

Apps that store working-day deadlines offer a `deadlines.py` module that registers a
recompute function with `@recomputes`; it is found by autodiscovery, so this core does not
import the apps."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from cdpf import audit, calendar
from cdpf.models import AuditEntry, CalendarDay, CalendarYear
from cdpf.permissions import is_province_admin
from cdpf.spreadsheets import sheet_rows

_DATE = re.compile(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?")
# The State Council's notice may start a year's 元旦 on the last days of the year before, or
# end 春节's adjusted days early in the next: dates this close to the year are accepted.
_MARGIN = datetime.timedelta(days=10)


@dataclass
class DayEntry:
    date: datetime.date
    kind: str  # CalendarDay.Kind
    name: str


@dataclass
class Change:
    """One stored deadline moved by a recompute."""

    obj: Model
    field: str
    before: datetime.date
    after: datetime.date


@dataclass
class LoadResult:
    year: CalendarYear
    days: int
    changes: list[Change] = field(default_factory=list)


Recompute = Callable[[set[int], object], Iterable[Change]]
_RECOMPUTES: list[Recompute] = []


def recomputes(func: Recompute) -> Recompute:
    """Register a function(years, actor) that recomputes the deadlines an app stores that
    fall in `years`, saves them and returns what changed (the caller audits)."""
    _RECOMPUTES.append(func)
    return func


def _parse_lines(text: str, kind: str, year: int) -> list[DayEntry]:
    entries, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        found = list(_DATE.finditer(line))
        name = line[: found[0].start()].strip(" :：,，") if found else ""
        if not found or not name or len(found) > 2:
            errors.append(
                _("Line %(n)s “%(line)s”: write a name, then a date or a first and last date.")
                % {"n": number, "line": line}
            )
            continue
        try:
            dates = [datetime.date(*map(int, m.groups())) for m in found]
        except ValueError:
            errors.append(_("Line %(n)s: %(line)s is not a date.") % {"n": number, "line": line})
            continue
        first, last = dates[0], dates[-1]
        if kind == CalendarDay.Kind.WORKDAY and len(dates) > 1:
            errors.append(
                _("Line %(n)s: an adjusted working day is one date per line.") % {"n": number}
            )
            continue
        if last < first or (last - first).days > 15:
            errors.append(
                _("Line %(n)s: the last date must follow the first, within 15 days.")
                % {"n": number}
            )
            continue
        day = first
        while day <= last:
            entries.append(DayEntry(date=day, kind=kind, name=name[:50]))
            day += datetime.timedelta(days=1)
    if errors:
        raise ValidationError(errors)
    return entries


def parse_form(*, year: int, holidays: str, workdays: str) -> list[DayEntry]:
    """The days typed in the form: one holiday (name, first date, last date) or one adjusted
    working day (name, date) per line."""
    errors = {}
    entries: list[DayEntry] = []
    for name, text, kind in (
        ("holidays", holidays, CalendarDay.Kind.HOLIDAY),
        ("workdays", workdays, CalendarDay.Kind.WORKDAY),
    ):
        try:
            entries += _parse_lines(text, kind, year)
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    return entries


SHEET_COLUMNS = ("日期", "类型", "名称")
_KINDS = {
    "放假": CalendarDay.Kind.HOLIDAY,
    "休息": CalendarDay.Kind.HOLIDAY,
    "节假日": CalendarDay.Kind.HOLIDAY,
    "上班": CalendarDay.Kind.WORKDAY,
    "调休上班": CalendarDay.Kind.WORKDAY,
    "补班": CalendarDay.Kind.WORKDAY,
}


def parse_sheet(content: bytes) -> list[DayEntry]:
    """The days of an uploaded .xlsx with the columns 日期, 类型 (放假 / 上班) and 名称."""
    entries, errors = [], []
    for line, row in sheet_rows(content, required=SHEET_COLUMNS):
        raw = row.raw("日期")
        if isinstance(raw, datetime.datetime):
            day = raw.date()
        elif isinstance(raw, datetime.date):
            day = raw
        else:
            match = _DATE.search(row.text("日期"))
            try:
                day = datetime.date(*map(int, match.groups())) if match else None
            except ValueError:
                day = None
        kind = _KINDS.get(row.text("类型"))
        name = row.text("名称")
        if day is None or kind is None or not name:
            errors.append(
                _("Row %(row)s: needs a date, a type (放假 or 上班) and a name.") % {"row": line}
            )
            continue
        entries.append(DayEntry(date=day, kind=kind, name=name[:50]))
    if errors:
        raise ValidationError(errors)
    return entries


def check_days(year: int, entries: list[DayEntry]) -> None:
    """Refuse days outside the year, a day given twice, and adjusted working days that are not
    weekend days; a year with no holiday at all is refused too."""
    errors = []
    start, end = datetime.date(year, 1, 1) - _MARGIN, datetime.date(year, 12, 31) + _MARGIN
    seen: dict[datetime.date, DayEntry] = {}
    for entry in entries:
        if not start <= entry.date <= end:
            errors.append(
                _("%(date)s (%(name)s) is not in %(year)s.")
                % {"date": entry.date, "name": entry.name, "year": year}
            )
        if entry.date in seen:
            errors.append(
                _("%(date)s is given twice (%(a)s, %(b)s).")
                % {"date": entry.date, "a": seen[entry.date].name, "b": entry.name}
            )
        seen[entry.date] = entry
        if entry.kind == CalendarDay.Kind.WORKDAY and entry.date.weekday() < 5:
            errors.append(
                _(
                    "%(date)s (%(name)s) is a weekday already; an adjusted working day is a "
                    "Saturday or Sunday."
                )
                % {"date": entry.date, "name": entry.name}
            )
    if not any(e.kind == CalendarDay.Kind.HOLIDAY for e in entries):
        errors.append(_("Give the year's public holidays."))
    if errors:
        raise ValidationError(errors)


def check_year(year: int, *, actor) -> None:
    """Years are loaded next to the loaded ones (so a deadline's own year decides whether it
    is provisional); correcting a loaded year is for a province administrator."""
    loaded = set(CalendarYear.objects.values_list("year", flat=True))
    if year in loaded:
        if not is_province_admin(actor):
            raise ValidationError(
                {
                    "year": _(
                        "The %(year)s calendar is loaded already; a province administrator "
                        "corrects it."
                    )
                    % {"year": year}
                }
            )
    elif loaded and year - 1 not in loaded and year + 1 not in loaded:
        raise ValidationError(
            {
                "year": _("Load the years in order: %(years)s are loaded.")
                % {"years": "、".join(str(y) for y in sorted(loaded))}
            }
        )


@transaction.atomic
def calendar_year_load(*, actor, year: int, source: str, entries: list[DayEntry]) -> LoadResult:
    """Keep a year's holidays and adjusted working days, mark the year loaded, then recompute
    every stored deadline of that year; every step is audited."""
    check_year(year, actor=actor)
    check_days(year, entries)
    days = {e.date: e for e in entries}
    replaced = CalendarDay.objects.filter(date__year=year).exclude(date__in=list(days))
    removed = list(replaced.values_list("date", flat=True))
    replaced.delete()
    for entry in entries:
        CalendarDay.objects.update_or_create(
            date=entry.date,
            defaults={"kind": entry.kind, "name": entry.name, "source": source[:200]},
        )
    loaded, created = CalendarYear.objects.update_or_create(
        year=year, defaults={"source": source[:200], "loaded_by": actor}
    )
    calendar.forget_loaded_years()
    transaction.on_commit(calendar.forget_loaded_years)
    audit.record(
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        obj=loaded,
        user=actor,
        detail={
            "year": year,
            "source": source,
            "holidays": sorted(str(e.date) for e in entries if e.kind == "holiday"),
            "workdays": sorted(str(e.date) for e in entries if e.kind == "workday"),
            "removed": [str(d) for d in removed],
        },
    )
    changes = recompute_deadlines({year}, actor=actor)
    return LoadResult(year=loaded, days=len(entries), changes=changes)


def recompute_deadlines(years: set[int], *, actor) -> list[Change]:
    """Run every app's recompute for `years`; each moved deadline gets an audit entry."""
    autodiscover_modules("deadlines")
    changes: list[Change] = []
    for func in _RECOMPUTES:
        for change in func(years, actor):
            audit.record(
                action=AuditEntry.Action.UPDATE,
                obj=change.obj,
                user=actor,
                detail={
                    "changes": {change.field: [str(change.before), str(change.after)]},
                    "reason": "calendar_loaded",
                    "years": sorted(years),
                },
            )
            changes.append(change)
    return changes


def next_year_warning(today: datetime.date | None = None) -> int | None:
    """The year an administrator should load now: this year if it is missing, or from
    1 November the next year if it is missing; None when nothing is due."""
    today = today or timezone.localdate()
    loaded = calendar.loaded_years()
    if today.year not in loaded:
        return today.year
    if today.month >= 11 and today.year + 1 not in loaded:
        return today.year + 1
    return None
