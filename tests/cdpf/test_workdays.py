import datetime

import pytest

from cdpf import calendar
from cdpf.models import CalendarDay
from cdpf.workdays import add_working_days, working_days_between

D = datetime.date
# 2026 from the State Council notice (DOMAIN.md §8), written out by hand.
HOLIDAYS = {D(2026, 2, d) for d in range(15, 24)} | {D(2026, 10, d) for d in range(1, 8)}
WORKDAYS = {D(2026, 2, 14), D(2026, 2, 28), D(2026, 9, 20), D(2026, 10, 10)}


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 2, 13), 0, D(2026, 2, 13)),  # zero days: the start itself
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # Saturday 14th is a 调休 working day
        (D(2026, 2, 13), 2, D(2026, 2, 24)),  # 15th–23rd Spring Festival off
        (D(2026, 2, 13), 5, D(2026, 2, 27)),
        (D(2026, 2, 13), 6, D(2026, 2, 28)),  # Saturday 28th works
        (D(2026, 2, 13), 7, D(2026, 3, 2)),
        (D(2026, 9, 18), 1, D(2026, 9, 20)),  # Sunday 20th works
        (D(2026, 9, 30), 1, D(2026, 10, 8)),  # National Day 1st–7th off
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # Saturday 10th works
        (D(2026, 9, 30), 4, D(2026, 10, 12)),
        (D(2026, 9, 30), 10, D(2026, 10, 20)),
    ],
)
def test_it_counts_working_days_over_the_2026_holidays(start, days, expected):
    assert add_working_days(start, days, holidays=HOLIDAYS, workdays=WORKDAYS) == expected


def test_the_start_day_itself_does_not_count():
    monday = D(2026, 3, 2)
    assert add_working_days(monday, 1, holidays=set(), workdays=set()) == D(2026, 3, 3)


def test_a_plain_weekend_is_skipped():
    friday = D(2026, 3, 6)
    assert add_working_days(friday, 1, holidays=set(), workdays=set()) == D(2026, 3, 9)


def test_it_rejects_negative_days():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 3, 2), -1, holidays=set(), workdays=set())


def test_working_days_between_is_the_inverse():
    start = D(2026, 9, 30)
    end = add_working_days(start, 10, holidays=HOLIDAYS, workdays=WORKDAYS)
    assert working_days_between(start, end, holidays=HOLIDAYS, workdays=WORKDAYS) == 10


@pytest.mark.django_db
def test_the_database_calendar_holds_2026_from_the_notice():
    # 公示 5 working days from the eve of Spring Festival, and review 10 from National Day eve.
    assert calendar.add_working_days(D(2026, 2, 13), 5) == D(2026, 2, 27)
    assert calendar.add_working_days(D(2026, 9, 30), 10) == D(2026, 10, 20)
    assert calendar.add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 4)  # Sunday 4th works


@pytest.mark.django_db
def test_an_admin_added_holiday_moves_the_deadline():
    assert calendar.add_working_days(D(2027, 3, 1), 1) == D(2027, 3, 2)
    CalendarDay.objects.create(date=D(2027, 3, 2), kind=CalendarDay.Kind.HOLIDAY, name="test")
    assert calendar.add_working_days(D(2027, 3, 1), 1) == D(2027, 3, 3)
