"""Two approvals at the same moment never share a certificate number (row lock on the
sequence counter on PostgreSQL; SQLite serialises writers anyway)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from cdpf import roles
from massage_licensing import services
from massage_licensing.models import QualificationCertificate
from tests.factories import OTHER_CODE, TODAY, holder, make_user, staff_member


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_two_chairmen_approving_together_get_two_numbers(centre, make_institution):
    chairs = [make_user(f"yn_chair{n}", "130408", roles.CHAIRMAN) for n in (1, 2)]
    applications = []
    for n, code in enumerate(("91350100M000100Y43", OTHER_CODE)):
        institution = make_institution(credit_code=code, name=f"永年区第{n + 1}盲人保健按摩店")
        for seq in range(1, 5):
            staff_member(centre, institution, holder(n * 10 + seq))
        application = services.application_submit(actor=centre, institution=institution, on=TODAY)
        services.application_check(actor=centre, application=application, on=TODAY)
        services.inspection_record(
            actor=centre,
            application=application,
            inspected_on=TODAY,
            inspectors="王工",
            area_confirmed=True,
            facilities_confirmed=True,
            staff_confirmed=True,
            passed=True,
            findings="一致",
        )
        applications.append(application)
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(user, application):
        try:
            barrier.wait(timeout=10)
            certificate = services.application_approve(
                actor=user, application=application, on=TODAY
            )
            outcomes.append(certificate.number)
        except Exception as exc:  # pragma: no cover - shown in the assertion
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=approve, args=pair)
        for pair in zip(chairs, applications, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["永残盲按认〔2026〕第0001号", "永残盲按认〔2026〕第0002号"]
    assert QualificationCertificate.objects.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_two_numbers_drawn_at_once_differ(yongnian):
    barrier = threading.Barrier(4)
    numbers = []

    def draw():
        try:
            barrier.wait(timeout=10)
            numbers.append(services.certificate_number_for(yongnian, TODAY))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=draw) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(numbers) == 4 and len(set(numbers)) == 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_one_application_approved_twice_at_once_gives_one_certificate(centre, make_institution):
    chairs = [make_user(f"yn_chair{n}", "130408", roles.CHAIRMAN) for n in (1, 2)]
    institution = make_institution()
    for seq in range(1, 5):
        staff_member(centre, institution, holder(seq))
    application = services.application_submit(actor=centre, institution=institution, on=TODAY)
    services.application_check(actor=centre, application=application, on=TODAY)
    services.inspection_record(
        actor=centre,
        application=application,
        inspected_on=TODAY,
        inspectors="王工",
        area_confirmed=True,
        facilities_confirmed=True,
        staff_confirmed=True,
        passed=True,
        findings="一致",
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(user):
        try:
            barrier.wait(timeout=10)
            services.application_approve(actor=user, application=application, on=TODAY)
            outcomes.append("issued")
        except Exception as exc:
            outcomes.append("ValidationError" if isinstance(exc, ValidationError) else type(exc).__name__)  # noqa: E501 (a WrongState is one)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(u,)) for u in chairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["ValidationError", "issued"]
    assert QualificationCertificate.objects.count() == 1
