"""Each supervision document on paper: 发文字号 (notices), number, QR payload, appeal rights on
the rectification order, signature (issue 17)."""

import datetime

import pytest
from django.urls import reverse

from cdpf.models import GeneratedDocument
from supervision import pdf, services
from supervision.models import PoliceRecord
from tests.factories import record_checklist
from tests.pdf_utils import check_stored_document, printed_in_job

pytestmark = [pytest.mark.django_db]
TODAY = datetime.date.today()
DAY = datetime.date(2026, 3, 2)


def test_notices_print_their_number_in_the_year_form(supervisor, quota_inspection):  # noqa: F811
    notice = pdf.inspection_notice(
        actor=supervisor, inspection=record_checklist(supervisor, quota_inspection)
    )
    text = check_stored_document(notice, official=True)
    assert notice.official_number == "永残监检〔2026〕1号"
    assert "邯郸市永年区残疾人联合会" in text and "JCTZ-" not in notice.official_number
    finding = services.finding_add(actor=supervisor, inspection=quota_inspection, text="档案不健全")
    order = services.measure_order(
        actor=supervisor, finding=finding, kind="rectification", description="补齐档案",
        on=DAY, deadline=datetime.date(2026, 4, 30),
    )  # fmt: skip
    first = pdf.rectification_order(actor=supervisor, measure=order)
    text = check_stored_document(first, official=True, appeal=True)
    assert first.official_number == "永残监改〔2026〕1号"
    assert "邯郸市永年区人民政府" in text and "邯郸市永年区人民法院" in text
    again = pdf.rectification_order(actor=supervisor, measure=order)
    assert again.official_number == first.official_number  # a reprint keeps its 发文字号
    assert again.number != first.number and again.verify_code != first.verify_code
    services.inspection_publish(actor=supervisor, inspection=quota_inspection, on=DAY)
    quota_inspection.refresh_from_db()
    result = pdf.result_notice(actor=supervisor, inspection=quota_inspection)
    check_stored_document(result, official=True)
    assert result.official_number == "永残监告〔2026〕1号"


def test_the_list_and_the_report_print_their_numbers(
    client_for,
    office_user,
    police_file,  # noqa: F811
    holders,
):
    record = PoliceRecord.objects.get(name="张建国")
    services.police_record_confirm(actor=office_user, record=record, on=TODAY)
    client = client_for(office_user)
    printed_in_job(client, reverse("supervision:quarter_pdf", args=[2026, 3]))
    printed_in_job(client, reverse("supervision:year_pdf", args=[2026]))
    listing = GeneratedDocument.objects.get(kind="supervision_quarterly_list")
    text = check_stored_document(listing, official=False)
    assert "第1页/共1页" in text
    report = GeneratedDocument.objects.get(kind="supervision_year_report")
    check_stored_document(report, official=True)
    assert report.official_number == "永残监报〔2026〕1号"
