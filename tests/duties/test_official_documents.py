"""The printed duty register keeps its table layout and prints its number, verification code
and page n of m (issue 17)."""

import pytest
from django.urls import reverse

from cdpf.models import GeneratedDocument
from tests.pdf_utils import check_stored_document, printed_in_job

pytestmark = pytest.mark.django_db


def test_the_register_prints_its_number_and_pages(client_for, office_user):
    printed_in_job(client_for(office_user), reverse("duties:register_pdf"))
    document = GeneratedDocument.objects.get(kind="duty_register")
    text = check_stored_document(document, official=False)
    assert document.number.startswith("ZZQD-") and "第1页/共" in text
