"""The printed dashboard is counted and laid out in a background job, never in the web request
(issue 16 item 4, decision 0230)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.document_jobs import check_document_job, signed_in

pytestmark = pytest.mark.django_db


def test_the_dashboard_prints_in_a_job(supervisor, office_user, landscape):  # noqa: F811
    office = signed_in(office_user)  # one session per user (cdpf.one_session)
    check_document_job(
        signed_in(supervisor),
        reverse("employment_quota:dashboard_pdf"),
        {"year": "2025"},
        kind="employment_quota.dashboard",
        document_kind="quota_dashboard",
        text=["按比例安排残疾人就业年审统计", "2025年度", "永年区", "81000.00"],
        wrong_role=office,
        other_district=signed_in(get_user_model().objects.get(username="ct_labour")),
        not_theirs=["永年区"],
        same_region_reader_denied=office,
    )
