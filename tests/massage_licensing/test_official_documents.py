"""The massage documents on paper (issue 17): the rejection notice and the 撤销决定书 carry
their 发文字号 and the appeal rights; a revocation marks the printed certificate revoked."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cdpf.documents import document_status
from cdpf.models import GeneratedDocument
from massage_licensing import services
from massage_licensing.pdf import qualification_certificate, rejection_notice
from tests.factories import TODAY, inspected
from tests.pdf_utils import check_stored_document

pytestmark = pytest.mark.django_db


def test_the_rejection_notice_has_its_number_and_appeal_rights(centre, chairman, make_institution):
    institution = make_institution(beds=2)
    application = services.application_submit(actor=centre, institution=institution, on=TODAY)
    services.application_check(actor=centre, application=application, on=TODAY)
    services.application_reject(
        actor=chairman, application=application, reason="床位不足", on=TODAY
    )
    application.refresh_from_db()
    text = check_stored_document(
        rejection_notice(actor=centre, application=application), official=True, appeal=True
    )
    assert "永残按不〔2026〕1号" in text and "邯郸市永年区人民政府申请行政复议" in text


def test_a_revocation_prints_its_decision_and_revokes_the_certificate(
    client_for, centre, chairman, blind_rep_institution
):
    application = inspected(centre, blind_rep_institution)
    services.application_approve(actor=chairman, application=application, on=TODAY)
    certificate_copy = qualification_certificate(actor=chairman, application=application)
    check_stored_document(certificate_copy, official=False)
    assert certificate_copy.official_number == application.certificate.number
    url = reverse("massage_licensing:revoke", args=[blind_rep_institution.pk])
    response = client_for(chairman).post(url, {"reason": "以健全人冒充盲人按摩人员"})
    pdf_url = reverse("massage_licensing:revocation_pdf", args=[blind_rep_institution.pk])
    assert response.status_code == 302 and response["Location"] == pdf_url
    assert client_for(chairman).get(pdf_url).status_code == 200
    decision = GeneratedDocument.objects.get(kind="massage_revocation")
    text = check_stored_document(decision, official=True, appeal=True)
    assert decision.official_number == "永残按撤〔2026〕1号"
    assert "以健全人冒充盲人按摩人员" in text and application.certificate.number in text
    revocation = document_status(certificate_copy)["revocation"]
    assert revocation is not None and revocation.by_document == decision
    # a reprint keeps the number and does not revoke anything twice
    client_for(chairman).get(pdf_url)
    copies = GeneratedDocument.objects.filter(kind="massage_revocation")
    assert copies.count() == 2 and {c.official_number for c in copies} == {"永残按撤〔2026〕1号"}


def test_only_a_revoked_qualification_has_a_revocation_decision(
    client_for,
    centre,
    chairman,
    blind_rep_institution,
    congtai_institution,  # noqa: F811
):
    pdf_url = reverse("massage_licensing:revocation_pdf", args=[blind_rep_institution.pk])
    response = client_for(chairman).get(pdf_url)
    assert response.status_code == 302
    assert not GeneratedDocument.objects.filter(kind="massage_revocation").exists()
    other = reverse("massage_licensing:revocation_pdf", args=[congtai_institution.pk])
    assert client_for(chairman).get(other).status_code == 404


def test_the_rule_column_of_the_rejection_notice_has_the_room(centre, chairman, make_institution):
    """The look-through (decision 0140): 依据, the longest text of the failed conditions, was the
    narrowest column (40 mm; ten lines a condition) beside a wide 实际情况 holding two words.
    Now 依据 takes what the other columns leave (88 mm): its centred heading moved from 75 % of the
    page's width to 65 %."""
    institution = make_institution(beds=2)
    application = services.application_submit(actor=centre, institution=institution, on=TODAY)
    services.application_check(actor=centre, application=application, on=TODAY)
    services.application_reject(
        actor=chairman, application=application, reason="床位不足", on=TODAY
    )
    application.refresh_from_db()
    document = rejection_notice(actor=centre, application=application)
    page = PdfReader(io.BytesIO(document.content)).pages[0]
    where = []

    def visit(text, cm, tm, font, size):
        if text.strip() == "依据":
            where.append(cm[0] * tm[4] + cm[2] * tm[5] + cm[4])  # x on the page, in pt

    page.extract_text(visitor_text=visit)
    assert where, "no 依据 heading"
    assert where[0] < float(page.mediabox.width) * 0.70, (where, page.mediabox.width)
