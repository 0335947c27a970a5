"""The shared date and guardian checks (cdpf/validators.py, issue 12 part 4), and that every
form of every app with the date of something that happened uses them."""

import datetime
import importlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cdpf.validators import not_in_future, validate_guardian
from certificates.rules import check_character

TODAY = datetime.date(2026, 11, 2)


def _id(birth: str) -> str:
    first17 = f"130408{birth}123"
    return first17 + check_character(first17)


def test_today_and_the_past_pass_and_tomorrow_is_refused():
    today = timezone.localdate()
    not_in_future(today)
    not_in_future(today - datetime.timedelta(days=400))
    with pytest.raises(ValidationError) as raised:
        not_in_future(today + datetime.timedelta(days=1))
    assert raised.value.code == "future"


@pytest.mark.parametrize(
    "guardian, applicant, ok",
    [
        (_id("19850101"), _id("20130601"), True),
        (_id("20150101"), _id("20130601"), False),  # the reported 2015-born guardian
        (_id("20130601"), _id("20130601"), False),  # a child his own guardian
        (_id("20081103"), _id("20130601"), False),  # 18 only the next day
        (_id("20081102"), _id("20130601"), True),  # 18 that very day
    ],
)
def test_a_guardian_is_an_adult_and_not_the_applicant(guardian, applicant, ok):
    if ok:
        validate_guardian(guardian_id_number=guardian, applicant_id_number=applicant, on=TODAY)
    else:
        with pytest.raises(ValidationError) as raised:
            validate_guardian(guardian_id_number=guardian, applicant_id_number=applicant,
                              on=TODAY)  # fmt: skip
        assert "guardian_id_number" in raised.value.message_dict


HAPPENED = [
    ("certificates.forms", "AssessmentForm", "assessed_on"),
    ("certificates.forms", "HandoverForm", "handed_on"),
    ("levy_relief.forms", "ApplicationForm", "event_date"),
    ("levy_relief.forms", "ApplicationForm", "received_on"),
    ("levy_relief.forms", "PaymentForm", "paid_on"),
    ("massage_licensing.forms", "PractitionerForm", "joined_on"),
    ("massage_licensing.forms", "LeaveForm", "left_on"),
    ("massage_licensing.forms", "InspectionForm", "inspected_on"),
    ("supervision.forms", "CheckForm", "checked_on"),
    ("supervision.forms", "ComplaintForm", "received_on"),
]


@pytest.mark.parametrize("module, form, field", HAPPENED)
def test_every_date_of_something_that_happened_uses_the_shared_check(module, form, field):
    form_class = getattr(importlib.import_module(module), form)
    assert not_in_future in form_class.base_fields[field].validators
