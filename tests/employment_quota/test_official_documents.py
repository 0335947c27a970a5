"""The 审核认定表 on paper (issue 17): its number, QR payload, seal and signature area, signed."""

import datetime

import pytest
from django.urls import reverse

from cdpf.models import GeneratedDocument
from employment_quota.models import AuditYear, Declaration
from tests.factories import post_declaration
from tests.pdf_utils import check_stored_document, pdf_text

pytestmark = pytest.mark.django_db


def test_the_audit_decision_prints_its_number_and_seal_area(
    client_for, centre, audit_year, employer, holder
):
    AuditYear.objects.filter(pk=audit_year.pk).update(closes_on=datetime.date(2099, 12, 31))
    client = client_for(centre)
    post_declaration(client, audit_year, employer, holder, range(1, 13))
    declaration = Declaration.objects.get()
    for step in ("submit", "approve"):
        client.post(reverse("employment_quota:step", args=[declaration.pk, step]))
    client.get(reverse("employment_quota:declaration_pdf", args=[declaration.pk]))
    document = GeneratedDocument.objects.get(kind="quota_audit_certificate")
    text = check_stored_document(document, official=False)
    assert document.number.startswith("NS-") and not document.official_number
    assert "审核人（签字）" in text and "邯郸市永年区残疾人联合会（盖章）" in text
    assert "第1页/共" in text


def test_the_certificate_number_of_an_employee_stays_on_one_line(
    client_for, centre, audit_year, employer, holder
):
    """The look-through (decision 0140): in 在岗残疾职工 the masked 残疾人证号 broke over two lines
    (130408****** / **001842) while the empty 说明 column took the width."""
    AuditYear.objects.filter(pk=audit_year.pk).update(closes_on=datetime.date(2099, 12, 31))
    client = client_for(centre)
    post_declaration(client, audit_year, employer, holder, range(1, 13))
    declaration = Declaration.objects.get()
    for step in ("submit", "approve"):
        client.post(reverse("employment_quota:step", args=[declaration.pk, step]))
    response = client.get(reverse("employment_quota:declaration_pdf", args=[declaration.pk]))
    masked = declaration.employees.get().certificate.masked_number
    lines = [line.strip() for line in pdf_text(response.content).splitlines()]
    assert any(masked in line for line in lines), [x for x in lines if "130408" in x]
