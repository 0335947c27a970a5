"""换领, 污损换发, 类别/等级变更, 迁出, 迁入, 注销: each one's happy path and refusals."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cdpf.messages import render_text
from certificates import services
from certificates.models import Certificate
from tests.factories import TODAY

pytestmark = pytest.mark.django_db
D = datetime.date


def test_renewal_keeps_the_number_and_starts_a_new_validity(flow, office_user, cert_room):
    certificate = flow("closed").certificate
    app = services.certificate_application_new(
        actor=office_user, certificate=certificate, kind="renewal", on=D(2036, 10, 1)
    )
    renewed = services.application_approve(actor=office_user, application=app, on=D(2036, 10, 1))
    assert renewed.pk == certificate.pk and renewed.number == certificate.number
    assert renewed.expiry_date == D(2046, 10, 1) and renewed.print_status == "queued"
    app.refresh_from_db()
    services.certificate_print(actor=cert_room, application=app)
    assert [e.kind for e in renewed.events.all()][-2:] == ["renewed", "reprinted"]


def test_a_damaged_card_is_reprinted_with_the_same_data(flow, office_user):
    certificate = flow("closed").certificate
    app = services.certificate_application_new(
        actor=office_user, certificate=certificate, kind="damaged", on=TODAY
    )
    same = services.application_approve(actor=office_user, application=app, on=TODAY)
    assert same.expiry_date == certificate.expiry_date and same.print_status == "queued"
    assert "身份证" in app.materials


def test_a_grade_change_issues_the_new_number_and_voids_the_old(
    flow, office_user, chairman, doctor
):
    old = flow("closed").certificate
    app = services.certificate_application_new(
        actor=office_user, certificate=old, kind="change", on=TODAY
    )
    services.assessment_record(
        actor=office_user,
        application=app,
        mode="hospital",
        doctor=doctor,
        parts=[(4, 1)],
        assessed_on=TODAY,
    )
    services.application_to_review(actor=office_user, application=app, on=TODAY)
    new = services.application_approve(actor=chairman, application=app, on=TODAY)
    old.refresh_from_db()
    assert old.status == "replaced" and new.number == "13040819850315001841"
    assert new.status == "valid" and new.grade == 1


def test_transfer_out_marks_the_certificate_and_needs_a_destination(flow, office_user):
    certificate = flow("closed").certificate
    with pytest.raises(ValidationError) as raised:
        services.certificate_application_new(
            actor=office_user, certificate=certificate, kind="transfer_out", on=TODAY
        )
    assert raised.value.code == "place"
    app = services.certificate_application_new(
        actor=office_user,
        certificate=certificate,
        kind="transfer_out",
        on=TODAY,
        transfer_place="石家庄市长安区残联",
    )
    services.application_approve(actor=office_user, application=app, on=TODAY)
    certificate.refresh_from_db()
    app.refresh_from_db()
    assert certificate.status == "transferred" and app.state == "closed"
    assert "石家庄市长安区残联" in certificate.status_reason


def test_transfer_out_gives_a_transfer_certificate_number(flow, office_user):
    certificate = flow("closed").certificate
    app = services.certificate_application_new(
        actor=office_user, certificate=certificate, kind="transfer_out", on=TODAY,
        transfer_place="邢台市残联",
    )  # fmt: skip
    services.application_approve(actor=office_user, application=app, on=TODAY)
    app.refresh_from_db()
    assert app.transfer_number.startswith("1304082026QY")


def test_the_same_number_may_come_back_after_a_transfer(flow, office_user):
    """Out to another federation and back in with the 迁移证明: the old row is kept, the
    number lives again on a new row."""
    certificate = flow("closed").certificate
    out = services.certificate_application_new(
        actor=office_user,
        certificate=certificate,
        kind="transfer_out",
        on=TODAY,
        transfer_place="邢台市",
    )
    services.application_approve(actor=office_user, application=out, on=TODAY)
    out.refresh_from_db()
    back = services.transfer_in_new(
        actor=office_user, transfer_number=out.transfer_number, on=TODAY
    )
    again = services.application_approve(actor=office_user, application=back, on=TODAY)
    assert again.number == certificate.number
    assert Certificate.objects.by_number(certificate.number).count() == 2


def test_cancellation_needs_a_reason_and_keeps_the_record(flow, office_user):
    certificate = flow("closed").certificate
    with pytest.raises(ValidationError) as raised:
        services.certificate_application_new(
            actor=office_user, certificate=certificate, kind="cancel", on=TODAY
        )
    assert raised.value.code == "grounds"
    with pytest.raises(ValidationError) as raised:  # "other" grounds need the detail
        services.certificate_application_new(
            actor=office_user, certificate=certificate, kind="cancel", on=TODAY, grounds="other"
        )
    assert raised.value.code == "reason"
    app = services.certificate_application_new(
        actor=office_user, certificate=certificate, kind="cancel", on=TODAY, grounds="death"
    )
    services.application_approve(actor=office_user, application=app, on=TODAY)
    certificate.refresh_from_db()
    assert certificate.status == "cancelled" and render_text(certificate.status_reason) == "死亡"
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_two_valid_certificates_with_one_number_are_impossible(flow):
    certificate = flow("approved").certificate
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            person=certificate.person,
            region=certificate.region,
            number=certificate.number,
            category=4,
            grade=2,
            issue_date=TODAY,
            expiry_date=TODAY,
        )


def test_renewal_is_refused_years_before_expiry(flow, office_user):
    """The reported defect: 换领 was accepted years before expiry."""
    certificate = flow("closed").certificate
    with pytest.raises(ValidationError) as raised:
        services.certificate_application_new(
            actor=office_user, certificate=certificate, kind="renewal", on=TODAY
        )
    assert raised.value.code == "renewal_too_early"
    inside = certificate.expiry_date - datetime.timedelta(days=89)
    app = services.certificate_application_new(
        actor=office_user, certificate=certificate, kind="renewal", on=inside
    )
    assert app.state == "received"
