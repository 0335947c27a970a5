"""Exports and imports round-trip (issue 19 item 10): a cell neutralised on export
(`'=HYPERLINK(...)`) is read back as it was stored, so re-importing an unchanged export stores
no apostrophe and reports no change."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cdpf.models import Job
from cdpf.spreadsheets import neutralise, restore, sheet_rows
from duties.models import WorkItem

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA = '=HYPERLINK("http://example.invalid","点我")'


@pytest.mark.parametrize("value", [FORMULA, "+86 0310", "-1", "@x", "普通文字", "'引号开头", 12])
def test_restore_undoes_neutralise(value):
    assert restore(neutralise(value)) == value


def test_the_shared_reader_gives_back_the_stored_text():
    book = openpyxl.Workbook()
    book.active.append(["名称"])
    book.active.append([neutralise(FORMULA)])
    out = io.BytesIO()
    book.save(out)
    [(line, row)] = list(sheet_rows(out.getvalue(), required=["名称"]))
    assert row.text("名称") == FORMULA


def test_the_duty_register_export_reimports_with_no_change(
    client_for, admin_user, django_capture_on_commit_callbacks
):
    WorkItem.objects.filter(duty__number=10).update(remarks=FORMULA)
    client = client_for(admin_user)
    exported = client.get(reverse("duties:export")).content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("duties:import"),
            {"file": SimpleUploadedFile("items.xlsx", exported, content_type=XLSX)},
        )
    job = Job.objects.get()
    assert job.status == Job.Status.SUCCEEDED, job.errors
    assert job.result.get("update", 0) == 0 and job.result.get("new", 0) == 0, job.result
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("duties:import_apply", args=[job.pk]))
    assert set(WorkItem.objects.filter(duty__number=10).values_list("remarks", flat=True)) == {
        FORMULA
    }
