"""Refusals and masks found in review: voided numbers, standards, document access, masking."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cdpf import roles
from cdpf.models import AuditEntry, GeneratedDocument
from certificates import services
from certificates.models import Application, Certificate
from certificates.spreadsheets import read_registry
from tests.factories import ADULT_ID, TODAY, make_user, register_workbook

pytestmark = pytest.mark.django_db


def change_to(office_user, chairman, doctor, certificate, grade, *, meets=True):
    app = services.certificate_application_new(
        actor=office_user, certificate=certificate, kind="change", on=TODAY
    )
    services.assessment_record(
        actor=office_user,
        application=app,
        mode="hospital",
        doctor=doctor,
        parts=[(4, grade)],
        assessed_on=TODAY,
        meets_standard=meets,
    )
    services.application_to_review(actor=office_user, application=app, on=TODAY)
    return services.application_approve(actor=chairman, application=app, on=TODAY)


def test_a_number_voided_after_a_loss_is_never_valid_again(
    flow, office_user, chairman, doctor, cert_room
):
    original = flow("closed").certificate  # …42
    loss = services.loss_application_new(actor=office_user, certificate=original, on=TODAY)
    b1 = services.application_approve(actor=office_user, application=loss, on=TODAY)
    loss.refresh_from_db()
    services.certificate_print(actor=cert_room, application=loss)
    services.certificate_hand_over(
        actor=cert_room,
        application=loss,
        receiver_id_number=loss.person.id_number,
        received_by="王喆",
        id_checked=True,
        on=TODAY,
    )
    grade3 = change_to(office_user, chairman, doctor, b1, 3)
    Application.objects.filter(kind="change").update(state="closed")
    back = change_to(office_user, chairman, doctor, grade3, 2)
    # …42 was voided after the loss; going back to grade 2 takes the next free suffix
    assert back.number == ADULT_ID + "42B1" and back.number != original.number


def test_a_change_below_the_standard_is_refused(flow, office_user, chairman, doctor):
    certificate = flow("closed").certificate
    with pytest.raises(ValidationError) as raised:
        change_to(office_user, chairman, doctor, certificate, 4, meets=False)
    assert raised.value.code == "below_standard"


def test_supervisors_see_masked_numbers_and_audit_rows_carry_no_id(client_for, flow, supervisor):
    app = flow("approved")
    body = (
        client_for(supervisor)
        .get(reverse("certificates:application", args=[app.pk]))
        .content.decode()
    )
    assert ADULT_ID not in body and "130408********0018" in body
    for entry in AuditEntry.objects.all():
        assert ADULT_ID not in entry.object_repr


def test_stored_documents_open_only_to_the_roles_that_work_with_them(client_for, flow, office_user):
    app = flow("assessed")
    response = client_for(office_user).get(reverse("certificates:application_pdf", args=[app.pk]))
    number = response["X-Document-Number"]
    labour = make_user("yn_labour", "130408", roles.LABOUR_SERVICE)
    assert client_for(labour).get(reverse("document_download", args=[number])).status_code == 403
    again = client_for(office_user).get(reverse("document_download", args=[number]))
    assert again.status_code == 200
    assert bytes(GeneratedDocument.objects.get(number=number).content) == again.content


def test_a_retired_certificate_is_not_printed_again(client_for, flow, office_user, cert_room):
    certificate = flow("closed").certificate
    services.certificate_cancel(
        actor=office_user, certificate=certificate, grounds="death", on=TODAY
    )
    response = client_for(cert_room).get(reverse("certificates:card_pdf", args=[certificate.pk]))
    assert response.status_code == 404


def test_viewing_a_notice_is_audited(client_for, flow, office_user):
    app = flow("in_notice")
    batch = app.notices.get()
    client_for(office_user).get(reverse("certificates:notice", args=[batch.pk]))
    assert AuditEntry.objects.filter(
        action="view", object_type="certificates.noticebatch", object_id=str(batch.pk)
    ).exists()


def test_an_over_long_name_is_a_row_error_in_the_dry_run():
    content = register_workbook(
        [[ADULT_ID, "名" * 51, "村", "址", ADULT_ID + "42", "2020-01-01", "2030-01-01"]]
    )
    check = read_registry(
        content, today=datetime.date(2026, 11, 29), existing_ids=set(), existing_numbers=set()
    )
    assert check.errors and "50" in check.errors[0]["messages"][0]


def test_an_expired_certificate_is_searched_as_expired_and_can_be_renewed(
    client_for, flow, office_user
):
    certificate = flow("closed").certificate
    Certificate.objects.filter(pk=certificate.pk).update(expiry_date=datetime.date(2026, 1, 1))
    client = client_for(office_user)
    found = client.get(reverse("certificates:index"), {"status": "expired"})
    assert found.context["page"].paginator.count == 1 and "已过期" in found.content.decode()
    assert (
        client.get(reverse("certificates:index"), {"status": "valid"})
        .context["page"]
        .paginator.count
        == 0
    )
    Certificate.objects.filter(pk=certificate.pk).update(status="expired")
    app = services.certificate_application_new(
        actor=office_user, certificate=certificate, kind="renewal", on=TODAY
    )
    renewed = services.application_approve(actor=office_user, application=app, on=TODAY)
    assert renewed.status == "valid" and renewed.expiry_date.year == 2036
    with pytest.raises(ValidationError) as raised:
        Certificate.objects.filter(pk=certificate.pk).update(status="expired")
        services.certificate_application_new(
            actor=office_user, certificate=certificate, kind="damaged", on=TODAY
        )
    assert raised.value.code == "not_valid"
