"""Dates and people that can exist: the shared checks used by the forms of every app.

- The date of something that has happened (an assessment, a handover, a receipt, an
  inspection, an event) is not in the future.
- A legal guardian is an adult on the application date and is not the applicant.

Used as field validators (`validators=[not_in_future]`) or called from a form's clean() and
from services (validate_guardian), so a page, an import and a job refuse the same things."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# 《民法典》第十七条: a person of eighteen or more is an adult.
ADULT_AGE = 18


def not_in_future(value: datetime.date | datetime.datetime | None) -> None:
    """Field validator: refuse a date after today (the local date of the deployment)."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    today = timezone.localdate()
    if day > today:
        raise ValidationError(
            _("%(date)s is in the future; enter the day it happened (today is %(today)s).")
            % {"date": day.isoformat(), "today": today.isoformat()},
            code="future",
        )


def birth_date_of(id_number: str) -> datetime.date | None:
    """The birth date written in an 18-character ID number (GB 11643), or None."""
    try:
        return datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except (ValueError, TypeError):
        return None


def age_on(birth: datetime.date, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def validate_guardian(*, guardian_id_number: str, applicant_id_number: str,
                      on: datetime.date) -> None:  # fmt: skip
    """A guardian is an adult on `on` (the application date) and not the applicant."""
    if not guardian_id_number:
        return
    if guardian_id_number.upper() == (applicant_id_number or "").upper():
        raise ValidationError(
            {"guardian_id_number": ValidationError(
                _("The guardian cannot be the applicant."), code="guardian_is_applicant")}
        )  # fmt: skip
    birth = birth_date_of(guardian_id_number)
    if birth is None or age_on(birth, on) < ADULT_AGE:
        raise ValidationError(
            {"guardian_id_number": ValidationError(
                _("The guardian must be an adult (%(age)s or older) on %(date)s.")
                % {"age": ADULT_AGE, "date": on.isoformat()},
                code="guardian_minor",
            )}
        )  # fmt: skip
