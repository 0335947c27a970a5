"""The relief decision on paper (issue 17): an approval prints the number it was given, a
refusal (不予批准) takes its own 发文字号; both print the appeal rights and are signed."""

import pytest
from django.urls import reverse

from cdpf.models import GeneratedDocument
from tests.pdf_utils import check_stored_document, printed_in_job

pytestmark = pytest.mark.django_db


def test_an_approval_prints_its_decision_number(client_for, chairman, receive, advance):
    application = advance(receive(), "reviewed")
    chair = client_for(chairman)
    chair.post(reverse("levy_relief:step", args=[application.pk, "approve"]), {"reason": "洪灾"})
    application.refresh_from_db()
    chair.get(reverse("levy_relief:decision_pdf", args=[application.pk]))
    document = GeneratedDocument.objects.get(kind="relief_decision")
    check_stored_document(document, official=True, appeal=True)
    assert document.official_number == application.decision_number == "永残就减〔2026〕1号"


def test_a_refusal_takes_its_own_number_and_says_how_to_appeal(
    client_for, chairman, receive, advance
):
    application = advance(receive(), "checked")
    chair = client_for(chairman)
    chair.post(reverse("levy_relief:step", args=[application.pk, "reject"]), {"reason": "不实"})
    chair.get(reverse("levy_relief:decision_pdf", args=[application.pk]))
    document = GeneratedDocument.objects.get(kind="relief_decision")
    text = check_stored_document(document, official=True, appeal=True)
    assert document.official_number == "永残就不〔2026〕1号"
    assert "不予批准决定书" in text and "邯郸市永年区人民法院提起行政诉讼" in text


def test_the_publication_prints_its_number_and_pages(client_for, chairman, receive, advance):
    advance(receive(), "approved")
    printed_in_job(client_for(chairman), reverse("levy_relief:publication_pdf"), {"year": "2026"})
    document = GeneratedDocument.objects.get(kind="relief_publication")
    text = check_stored_document(document, official=False)
    assert "永残就减〔2026〕1号" in text and "第1页/共" in text
