"""Two issuers approving at the same moment never produce two certificates or one number
twice (row locks on PostgreSQL; SQLite serialises writers anyway)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from cdpf import roles
from certificates import services
from certificates.models import Certificate
from tests.factories import TODAY, make_user


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_two_chairmen_approving_together_issue_one_certificate(flow, chairman):

    second_chairman = make_user("yn_chair2", "130408", roles.CHAIRMAN)
    app = flow("review")
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(user):
        try:
            barrier.wait(timeout=10)
            services.application_approve(actor=user, application=app, on=TODAY)
            outcomes.append("issued")
        except Exception as exc:  # the loser is refused with a clear error
            outcomes.append("ValidationError" if isinstance(exc, ValidationError) else type(exc).__name__)  # noqa: E501 (a WrongState is one)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(u,)) for u in (chairman, second_chairman)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["ValidationError", "issued"]
    assert Certificate.objects.filter(person=app.person).count() == 1
    assert Certificate.objects.by_number("13040819850315001842").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_two_loss_replacements_at_once_give_one_b1(flow, office_user):

    colleague = make_user("yn_office2", "130408", roles.OFFICE)
    old = flow("closed").certificate
    loss = services.loss_application_new(actor=office_user, certificate=old, on=TODAY)
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(user):
        try:
            barrier.wait(timeout=10)
            services.application_approve(actor=user, application=loss, on=TODAY)
            outcomes.append("issued")
        except Exception as exc:
            outcomes.append("ValidationError" if isinstance(exc, ValidationError) else type(exc).__name__)  # noqa: E501 (a WrongState is one)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(u,)) for u in (office_user, colleague)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["ValidationError", "issued"]
    assert list(
        Certificate.objects.filter(status="valid", person=old.person).values_list(
            "number", flat=True
        )
    ) == [old.number + "B1"]
