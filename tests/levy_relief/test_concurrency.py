"""Two chairmen approving at the same moment: decision numbers never repeat, and one
application is approved once (row locks on PostgreSQL; SQLite serialises writers anyway)."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from cdpf import roles
from employment_quota import services as quota
from levy_relief import services
from levy_relief.models import ReliefApplication
from tests.factories import LEVY_OTHER_CODE, TODAY, make_user

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions"),
]


def race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            outcomes.append(call().decision_number)
        except Exception as exc:  # the loser is refused with a clear error
            outcomes.append("ValidationError" if isinstance(exc, ValidationError) else type(exc).__name__)  # noqa: E501 (a WrongState is one)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def test_two_approvals_at_once_get_two_numbers(receive, advance, chairman, centre, yongnian):
    second_chairman = make_user("yn_chair2", "130408", roles.CHAIRMAN)
    other = quota.employer_register(
        actor=centre,
        region=yongnian,
        credit_code=LEVY_OTHER_CODE,
        name="永年区第二企业",
        employer_type="enterprise",
        address="永年区",
    )
    first = advance(receive(), "reviewed")
    second = advance(
        receive(
            employer=other,
            kind="exemption",
            new_due_date=None,
            assessed_levy=Decimal("30000"),
            tax_reference="冀税永核〔2026〕15号",
        ),
        "reviewed",
    )
    outcomes = race(
        [
            lambda: services.application_approve(
                actor=chairman, application=first, reason="洪灾", on=TODAY
            ),
            lambda: services.application_approve(
                actor=second_chairman, application=second, reason="火灾", on=TODAY
            ),
        ]
    )
    assert outcomes == ["永残就减〔2026〕1号", "永残就减〔2026〕2号"]


def test_one_application_approved_twice_at_once_is_approved_once(receive, advance, chairman):
    second_chairman = make_user("yn_chair2", "130408", roles.CHAIRMAN)
    application = advance(receive(), "reviewed")
    outcomes = race(
        [
            lambda user=user: services.application_approve(
                actor=user, application=application, reason="洪灾", on=TODAY
            )
            for user in (chairman, second_chairman)
        ]
    )
    assert outcomes == ["ValidationError", "永残就减〔2026〕1号"]
    assert ReliefApplication.objects.get().decision_number == "永残就减〔2026〕1号"


def test_two_overlapping_reliefs_approved_at_once_leave_one(receive, advance, chairman):
    second_chairman = make_user("yn_chair2", "130408", roles.CHAIRMAN)
    first = advance(receive(), "reviewed")
    second = advance(receive(), "reviewed")
    outcomes = race(
        [
            lambda: services.application_approve(
                actor=chairman, application=first, reason="洪灾", on=TODAY
            ),
            lambda: services.application_approve(
                actor=second_chairman, application=second, reason="洪灾", on=TODAY
            ),
        ]
    )
    assert outcomes == ["ValidationError", "永残就减〔2026〕1号"]
    assert ReliefApplication.objects.filter(state="approved").count() == 1
