import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cdpf.models import AuditEntry, Job, Region
from employment_quota import services
from employment_quota.models import Employer
from tests.factories import make_user

pytestmark = pytest.mark.django_db
HEADER = ["统一社会信用代码", "单位名称", "单位类型", "地址", "联系人", "联系电话"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(rows):
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, content):
    return client.post(
        reverse("employment_quota:employers_import"),
        {"file": SimpleUploadedFile("e.xlsx", content, content_type=XLSX)},
    )


def test_export_round_trips_and_is_audited(client_for, centre, employer):
    response = client_for(centre).get(reverse("employment_quota:employers_export"))
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert list(rows[0]) == HEADER and rows[1][0] == employer.credit_code
    assert AuditEntry.objects.filter(
        action="export", object_type="employment_quota.employer"
    ).exists()


def test_a_clean_register_imports_after_the_dry_run(
    client_for, centre, django_capture_on_commit_callbacks
):
    client = client_for(centre)
    with django_capture_on_commit_callbacks(execute=True):
        upload(
            client,
            workbook([["91350100M000100Y43", "甲公司", "企业", "永年区", "张三", "6858000"]]),
        )
    dry = Job.objects.get()
    assert dry.status == "succeeded" and not Employer.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("employment_quota:import_apply", args=[dry.pk]))
    assert Employer.objects.get().employer_type == "enterprise"


def test_bad_rows_are_listed_and_nothing_is_imported(
    client_for, centre, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(
            client_for(centre),
            workbook(
                [
                    ["91350100M000100Y43", "甲公司", "企业", "永年区"],
                    ["91350100M000100Y44", "乙公司", "企业", "永年区"],
                    ["91350100M000100Y43", "丙公司", "公司", ""],
                ]
            ),
        )
    job = Job.objects.get()
    assert job.status == "failed"
    assert {e["row"] for e in job.errors} == {3, 4}
    assert not Employer.objects.exists()


def test_only_the_centre_imports(client_for, supervisor):
    assert (
        client_for(supervisor).get(reverse("employment_quota:employers_import")).status_code == 403
    )


def test_the_export_re_imports_as_a_template(
    client_for, centre, employer, django_capture_on_commit_callbacks
):
    # issue 19 item 16: re-importing the export refused every existing row ("已登记")
    client = client_for(centre)
    exported = client.get(reverse("employment_quota:employers_export")).content
    book = openpyxl.load_workbook(io.BytesIO(exported))
    sheet = book.active
    sheet.append(["91130408MA0DEM001T", "新登记公司", "企业", "永年区工业园", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, exported)
    unchanged = Job.objects.latest("pk")
    assert unchanged.status == "succeeded", unchanged.errors
    assert unchanged.result["new"] == 0 and unchanged.result["skip"] == 1
    sheet.cell(row=2, column=4, value="永年区建设路2号")  # the existing employer moved
    buffer = io.BytesIO()
    book.save(buffer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, buffer.getvalue())
    dry = Job.objects.latest("pk")
    assert dry.status == "succeeded", dry.errors
    assert (dry.result["new"], dry.result["update"], dry.result["skip"]) == (1, 1, 0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("employment_quota:import_apply", args=[dry.pk]))
    assert Employer.objects.get(pk=employer.pk).address == "永年区建设路2号"
    assert Employer.objects.filter(credit_code="91130408MA0DEM001T").exists()


def test_a_code_registered_in_another_district_is_refused(
    client_for, centre, django_capture_on_commit_callbacks
):

    ct = make_user("ct_labour", "130403", "labour_service")
    services.employer_register(
        actor=ct,
        region=Region.objects.get(code="130403"),
        credit_code="91350100M000100Y43",
        name="丛台公司",
        employer_type="enterprise",
        address="丛台区",
    )
    with django_capture_on_commit_callbacks(execute=True):
        upload(
            client_for(centre),
            workbook([["91350100M000100Y43", "丛台公司", "企业", "丛台区", "", ""]]),
        )
    job = Job.objects.get()
    assert job.status == "failed" and job.errors[0]["row"] == 2


def test_the_import_looks_up_only_the_files_codes(
    client_for, centre, employer, django_capture_on_commit_callbacks
):
    # issue 16 item 3: the check read every credit code of the register into a set
    with CaptureQueriesContext(connection) as ctx, django_capture_on_commit_callbacks(execute=True):
        upload(
            client_for(centre),
            workbook([["91350100M000100Y43", "甲公司", "企业", "永年区", "张三", "6858000"]]),
        )
    assert Job.objects.get().status == "succeeded"
    whole = [
        q["sql"]
        for q in ctx.captured_queries
        if 'FROM "employment_quota_employer"' in q["sql"] and " WHERE " not in q["sql"]
    ]
    assert whole == []
