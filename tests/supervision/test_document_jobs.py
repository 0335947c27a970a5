"""The quarterly cancellation list and the year-end report are laid out in background jobs,
never in the web request (issue 16 item 4, decision 0230)."""

import datetime

import pytest
from django.urls import reverse

from cdpf.models import Job
from supervision import services
from supervision.models import PoliceRecord
from tests.document_jobs import check_document_job, signed_in

TODAY = datetime.date.today()  # the police file's fixture (tests/supervision/conftest.py)
pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(office_user, police_file):  # noqa: F811
    record = PoliceRecord.objects.get(name="张建国")
    services.police_record_confirm(actor=office_user, record=record, on=TODAY)
    return record


def test_the_quarterly_list_prints_in_a_job(office_user, centre, ct_office, cert_room, confirmed):
    centre_client = signed_in(centre)  # one session per user (cdpf.one_session)
    check_document_job(
        signed_in(office_user),
        reverse("supervision:quarter_pdf", args=[2026, 3]),
        kind="supervision.quarterly_list",
        document_kind="supervision_quarterly_list",
        text=["2026年第3季度", "张建国", "合计核销 1 本"],
        wrong_role=centre_client,
        other_district=signed_in(ct_office),
        not_theirs=["张建国"],
        same_region_reader_denied=centre_client,
    )
    # the certificate room, a reader of the list in the same region, sees the job and its copy
    job = Job.objects.get(kind="supervision.quarterly_list", created_by=office_user)
    room = signed_in(cert_room)
    assert room.get(reverse("job_detail", args=[job.pk])).status_code == 200
    document = reverse("document_download", args=[job.result["document"]])
    assert room.get(document).status_code == 200


def test_the_year_report_prints_in_a_job(office_user, centre, ct_office, confirmed):
    centre_client = signed_in(centre)  # one session per user (cdpf.one_session)
    check_document_job(
        signed_in(office_user),
        reverse("supervision:year_pdf", args=[2026]),
        kind="supervision.year_report",
        document_kind="supervision_year_report",
        text=["2026年度残疾人证动态管理核销情况报告", "确认核销 1 本", "张建国"],
        wrong_role=centre_client,
        other_district=signed_in(ct_office),
        not_theirs=["张建国"],
        same_region_reader_denied=centre_client,
    )
