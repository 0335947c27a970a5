"""The yearly publication of levy relief is laid out in a background job, never in the web
request (issue 16 item 4, decision 0230)."""

import pytest
from django.urls import reverse

from cdpf import roles
from cdpf.models import Job
from tests.document_jobs import check_document_job, signed_in
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_publication_prints_in_a_job(centre, chairman, office_user, receive, advance):
    application = advance(receive(), "approved")
    office = signed_in(office_user)  # one session per user (cdpf.one_session)
    check_document_job(
        signed_in(centre),
        reverse("levy_relief:publication_pdf"),
        {"year": "2026"},
        kind="levy_relief.publication",
        document_kind="relief_publication",
        text=["2026年度残疾人就业保障金减缓免缴审批结果公示", application.decision_number],
        wrong_role=office,
        other_district=signed_in(make_user("ct_labour", "130403", roles.LABOUR_SERVICE)),
        not_theirs=[application.employer.name],
        same_region_reader_denied=office,
    )
    assert Job.objects.get(kind="levy_relief.publication", created_by=centre).result["listed"] == 1


def test_a_year_out_of_range_starts_no_job(centre):
    client = signed_in(centre)
    assert client.post(reverse("levy_relief:publication_pdf"), {"year": "1999"}).status_code == 404
    assert client.post(reverse("levy_relief:publication_pdf"), {"year": "x"}).status_code == 404
    assert not Job.objects.exists()
