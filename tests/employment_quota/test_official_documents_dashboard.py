"""The printed statistics (统计表) carry their number, code, QR payload and signature."""

import pytest
from django.urls import reverse

from cdpf.models import GeneratedDocument
from tests.pdf_utils import check_stored_document, printed_in_job

pytestmark = pytest.mark.django_db


def test_the_printed_dashboard_is_numbered_and_signed(client_for, supervisor, landscape):  # noqa: F811
    printed_in_job(
        client_for(supervisor), reverse("employment_quota:dashboard_pdf"), {"year": "2025"}
    )
    document = GeneratedDocument.objects.get(kind="quota_dashboard")
    text = check_stored_document(document, official=False)
    assert document.number.startswith("NSTJ-") and "第1页/共" in text
