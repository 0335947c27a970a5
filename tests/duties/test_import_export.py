import io

import openpyxl
import pytest
from django.urls import reverse

from cdpf.models import AuditEntry, Job
from duties.models import WorkItem
from tests.factories import DUTY_HEADER, XLSX, duty_upload, duty_workbook

pytestmark = pytest.mark.django_db


def snapshot():
    return list(
        WorkItem.objects.order_by("id").values_list(
            "duty_id", "order", "text", "phone", "remarks", "unit_id"
        )
    )


def test_export_gives_every_item_with_the_template_columns(client_for, admin_user):
    response = client_for(admin_user).get(reverse("duties:export"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert list(rows[0]) == DUTY_HEADER and len(rows) == 31
    assert rows[1][:4] == (1, 1, "承担残疾人需求信息收集工作。", "办公室")
    assert AuditEntry.objects.filter(action="export", object_type="duties.workitem").exists()


def test_export_neutralises_formulae(client_for, admin_user):
    WorkItem.objects.filter(duty__number=10).update(remarks='=HYPERLINK("x")')
    response = client_for(admin_user).get(reverse("duties:export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    remarks = [row[5] for row in sheet.values if row[0] == 10][0]
    assert not str(remarks).startswith("=")


def test_a_dry_run_changes_nothing_then_apply_changes_it(
    client_for, admin_user, django_capture_on_commit_callbacks
):
    client = client_for(admin_user)
    before = snapshot()
    content = duty_workbook(
        [
            [1, 1, "承担残疾人需求信息收集工作。", "办公室", 6858000, "已更新"],
            [10, 2, "新增：承担区政府交办的专项工作。", "办公室", "6858512", ""],
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = duty_upload(client, content)
    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED and job.result["dry_run"] is True
    assert job.result["new"] == 1 and job.result["update"] == 1
    assert snapshot() == before
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert reverse("duties:import_apply", args=[job.pk]) in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("duties:import_apply", args=[job.pk]))
    applied = Job.objects.exclude(pk=job.pk).get()
    assert applied.status == Job.Status.SUCCEEDED, applied.errors
    item = WorkItem.objects.get(duty__number=1, order=1)
    assert item.phone == "6858000" and item.remarks == "已更新"
    assert WorkItem.objects.get(duty__number=10, order=2).text.startswith("新增")
    assert WorkItem.objects.count() == 31
    assert AuditEntry.objects.filter(action="import").exists()
    assert AuditEntry.objects.filter(action="update", object_type="duties.workitem").exists()


def test_one_bad_row_changes_nothing_and_is_reported(
    client_for, admin_user, django_capture_on_commit_callbacks
):
    client = client_for(admin_user)
    before = snapshot()
    content = duty_workbook(
        [
            [1, 1, "承担残疾人需求信息收集工作。", "办公室", "6858000", "好的一行"],
            [
                2,
                1,
                "牵头开展残疾人素质教育，教育残疾人遵纪守法，履行应尽的义务。",
                "不存在的科室",
                "6858512",
                "",
            ],
            [3, 1, "x", "办公室", "not a phone", ""],
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        duty_upload(client, content)
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    rows = {e["row"]: " ".join(e["messages"]) for e in job.errors}
    assert set(rows) == {3, 4}
    assert "不存在的科室" in rows[3]
    assert snapshot() == before
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "不存在的科室" in page and reverse("duties:import_apply", args=[job.pk]) not in page
    # and it cannot be applied by posting anyway
    client.post(reverse("duties:import_apply", args=[job.pk]))
    assert Job.objects.count() == 1 and snapshot() == before


def test_a_workbook_without_the_columns_is_refused(
    client_for, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        duty_upload(client_for(admin_user), duty_workbook([[1, 2, 3]], header=["a", "b", "c"]))
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and "序号" in job.message


def test_a_file_that_is_not_xlsx_is_a_form_error(client_for, admin_user):
    response = duty_upload(client_for(admin_user), b"name,phone\n", name="items.csv")
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert not Job.objects.exists()


def test_a_missing_file_is_a_form_error(client_for, admin_user):
    response = client_for(admin_user).post(reverse("duties:import"), {})
    assert response.status_code == 400 and response.context["form"].errors["file"]


def test_office_staff_cannot_import_or_export(client_for, office_user):
    client = client_for(office_user)
    assert duty_upload(client, duty_workbook([])).status_code == 403
    assert client.get(reverse("duties:export")).status_code == 403


def test_another_district_cannot_apply_our_import(
    client_for, admin_user, outsider_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        duty_upload(client_for(admin_user), duty_workbook([]))
    job = Job.objects.get()
    response = client_for(outsider_admin).post(reverse("duties:import_apply", args=[job.pk]))
    assert response.status_code == 404


def test_an_import_only_touches_its_own_region(
    client_for, outsider_admin, django_capture_on_commit_callbacks
):
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        content = duty_workbook([[1, 1, "改别人的", "办公室", "6858512", ""]])
        duty_upload(client_for(outsider_admin), content)
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED  # 丛台区 has no duty 1 nor 办公室
    assert snapshot() == before
