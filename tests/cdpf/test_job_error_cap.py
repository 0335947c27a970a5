"""Issue 15 item 7: a file of many bad rows made a job page of 11 MB. A job keeps the first
JOB_STORED_ERRORS errors; the page says how many there are and offers them all as xlsx, to
those who may read the job only."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cdpf import roles
from cdpf.models import AuditEntry, Job
from tests.factories import XLSX, make_user, register_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    settings.JOB_STORED_ERRORS = 5


def bad_import(client, rows: int, capture) -> Job:
    content = register_workbook([["1234", "王喆", "东街村", "1号", "", "", "", ""]] * rows)
    with capture(execute=True):
        client.post(
            reverse("certificates:import"),
            {"file": SimpleUploadedFile("bad.xlsx", content, content_type=XLSX)},
        )
    return Job.objects.get(kind="certificates.import_registry")


def test_a_job_stores_the_first_errors_and_offers_all(
    client_for, office_user, django_capture_on_commit_callbacks
):
    client = client_for(office_user)
    job = bad_import(client, 12, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED
    assert len(job.errors) == 5
    assert job.result["errors_total"] == 12
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "12" in page and 'id="job-errors-download"' in page
    assert page.count("<tr>") == 6  # the header and five rows
    response = client.get(reverse("job_errors_download", args=[job.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert len(rows) == 13 and rows[1][0] == 2
    assert AuditEntry.objects.filter(action="export", object_id=str(job.pk)).exists()


def test_a_short_error_list_is_stored_whole(
    client_for, office_user, django_capture_on_commit_callbacks
):
    client = client_for(office_user)
    job = bad_import(client, 3, django_capture_on_commit_callbacks)
    assert len(job.errors) == 3 and "errors_total" not in job.result
    assert (
        'id="job-errors-capped"'
        not in client.get(reverse("job_detail", args=[job.pk])).content.decode()
    )
    assert client.get(reverse("job_errors_download", args=[job.pk])).status_code == 404


def test_the_full_list_is_refused_to_another_district_and_a_wrong_role(
    client_for, office_user, supervisor, django_capture_on_commit_callbacks
):
    job = bad_import(client_for(office_user), 12, django_capture_on_commit_callbacks)
    url = reverse("job_errors_download", args=[job.pk])
    other = make_user("ct_office", "130403", roles.OFFICE)
    assert client_for(other).get(url).status_code == 404
    assert client_for(supervisor).get(url).status_code == 403
