"""Every certificate document on paper (issue 17): forms and lists print their number, code,
QR payload and page n of m; the cancellation notice and the transfer certificate are 公文 with
their 发文字号, the cancellation with the appeal rights; all are signed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cdpf.models import GeneratedDocument
from certificates.models import Application
from tests.factories import id_number
from tests.pdf_utils import check_stored_document, printed_in_job

pytestmark = pytest.mark.django_db


def latest(kind):
    return GeneratedDocument.objects.filter(kind=kind).order_by("-id").first()


def test_the_forms_lists_and_card_print_their_numbers(
    client_for, flow, office_user, cert_room, person_factory
):
    client = client_for(office_user)
    app = flow("assessed")
    client.get(reverse("certificates:application_pdf", args=[app.pk]))
    client.get(reverse("certificates:assessment_pdf", args=[app.pk]))
    client.post(
        reverse("certificates:notice_new"),
        {"applications": [app.pk], "community": "城关镇东街村",
         "starts_on": timezone.localdate().isoformat()},
    )  # fmt: skip
    app.refresh_from_db()
    printed_in_job(client, reverse("certificates:notice_pdf", args=[app.notices.get().pk]))
    approved = flow(
        "approved", person=person_factory(number=id_number("19900101", "021"), name="李堃")
    )
    printed_in_job(
        client, reverse("certificates:summary_pdf"), {"year": str(timezone.localdate().year)}
    )
    client_for(cert_room).get(reverse("certificates:card_pdf", args=[approved.certificate_id]))
    for kind, prefix in (
        ("certificate_application", "SQB-"),
        ("certificate_assessment", "PDB-"),
        ("certificate_notice", "GS-"),
        ("certificate_card", "ZZ-"),
        ("certificate_yearly_summary", "HZ-"),
    ):
        document = latest(kind)
        assert document is not None, kind
        text = check_stored_document(document, official=False)
        assert document.number.startswith(prefix) and "第1页/共" in text, kind


def test_cancellation_and_transfer_are_official_documents(
    client_for, flow, office_user, person_factory
):
    client = client_for(office_user)
    first = flow("closed").certificate
    client.post(
        reverse("certificates:apply", args=[first.pk]),
        {"kind": "transfer_out", "transfer_place": "邢台市残联"},
    )
    out = Application.objects.get(kind="transfer_out")
    client.post(reverse("certificates:step", args=[out.pk, "approve"]))
    client.get(reverse("certificates:decision_pdf", args=[out.pk]))
    transfer = latest("certificate_transfer")
    check_stored_document(transfer, official=True)
    assert transfer.official_number.startswith("永残证迁〔")
    second = flow(
        "closed", person=person_factory(number=id_number("19900101", "021"), name="李堃")
    ).certificate
    client.post(
        reverse("certificates:apply", args=[second.pk]),
        {"kind": "cancel", "cancel_reason": "death"},
    )
    cancel = Application.objects.get(kind="cancel")
    client.post(reverse("certificates:step", args=[cancel.pk, "approve"]))
    client.get(reverse("certificates:decision_pdf", args=[cancel.pk]))
    notice = latest("certificate_cancellation")
    text = check_stored_document(notice, official=True, appeal=True)
    assert notice.official_number.startswith("永残证注〔") and "李堃" in text


def test_a_print_batch_is_numbered_and_signed(
    client_for, flow, person_factory, cert_room, django_capture_on_commit_callbacks
):
    first = flow("approved")
    second = flow(
        "approved", person=person_factory(number=id_number("19900101", "081"), name="李堃")
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cert_room).post(
            reverse("certificates:print_queue"), {"applications": [first.pk, second.pk]}
        )
    document = latest("certificate_card_batch")
    text = check_stored_document(document, official=False)
    assert "第2页/共2页" in text and "王喆" in text and "李堃" in text
