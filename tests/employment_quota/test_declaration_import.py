"""Declarations imported from the published template: dry run as a background job with
per-row errors, nothing half-imported, then the apply step."""

import datetime
import io
from unittest import mock

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cdpf import roles
from cdpf.models import AuditEntry, Job, Region
from employment_quota import figures, services
from employment_quota.models import AuditYear, Declaration
from employment_quota.rules import credit_check_character
from employment_quota.spreadsheets import DECLARATION_COLUMNS, parse_months, read_declarations
from tests.factories import make_user

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(rows, sheet="申报"):
    book = openpyxl.Workbook()
    book.active.title = sheet
    book.active.append(DECLARATION_COLUMNS)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(code, certificate="", months="1-12", *, staff=100, wage=6000000, name="", **extra):
    values = {
        "统一社会信用代码": code,
        "单位名称": name,
        "在职职工年平均人数": staff,
        "职工年工资总额（元）": wage,
        "残疾人证号": certificate,
        "就业形式": "劳动合同" if certificate else "",
        "劳务派遣计入本单位": "",
        "就业月份": months if certificate else "",
        "月工资（元）": 2600 if certificate else "",
        "已缴纳养老保险": "是" if certificate else "",
        "已收材料": "",
        **extra,
    }
    return [values[c] for c in DECLARATION_COLUMNS]


def second_employer(centre, yongnian):
    code = "91130408MA0000001" + credit_check_character("91130408MA0000001")
    return services.employer_register(
        actor=centre,
        region=yongnian,
        credit_code=code,
        name="永年区第二公司",
        employer_type="institution",
        address="永年区",
    )


def upload(client, year, content, name="d.xlsx"):
    return client.post(
        reverse("employment_quota:declarations_import", args=[year.pk]),
        {"file": SimpleUploadedFile(name, content, content_type=XLSX)},
    )


def test_the_template_is_published(client_for, centre, audit_year):
    client = client_for(centre)
    page = client.get(reverse("employment_quota:declarations_import", args=[audit_year.pk]))
    assert page.status_code == 200
    assert reverse("employment_quota:declarations_template") in page.content.decode()
    response = client.get(reverse("employment_quota:declarations_template"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["申报", "填写说明"]
    assert list(next(book["申报"].values)) == DECLARATION_COLUMNS


def test_months_are_read_in_the_usual_ways():
    assert parse_months("1-12") == list(range(1, 13))
    assert parse_months("1-3,7") == [1, 2, 3, 7]
    assert parse_months("1、3、5月") == [1, 3, 5]
    for bad in ("", "0-3", "5-2", "13", "一月"):
        with pytest.raises(ValueError):
            parse_months(bad)


def test_a_clean_file_is_checked_then_applied(
    client_for,
    centre,
    audit_year,
    employer,
    holder,
    grade4,  # noqa: F811
    yongnian,
    django_capture_on_commit_callbacks,
):
    other = second_employer(centre, yongnian)
    content = workbook(
        [
            row(
                employer.credit_code,
                holder.number,
                "1-12",
                name=employer.name,
                已收材料="身份证、残疾人证",
            ),
            row(employer.credit_code, grade4.number, "1-6"),
            row(other.credit_code, staff=20, wage=800000),
        ]
    )
    client = client_for(centre)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, audit_year, content)
    dry = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[dry.pk])
    assert dry.status == "succeeded", dry.errors
    assert dry.result["new"] == 2 and dry.result["lines"] == 2
    assert not Declaration.objects.exists()  # the dry run changed nothing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("employment_quota:declarations_import_apply", args=[dry.pk]))
    applied = Job.objects.exclude(pk=dry.pk).get()
    assert applied.status == "succeeded", applied.errors
    first = Declaration.objects.get(employer=employer)
    assert first.state == "draft" and first.staff == 100
    lines = {e.certificate.number: e for e in first.employees.select_related("certificate")}
    assert lines[holder.number].months == list(range(1, 13))
    assert lines[holder.number].materials == ["身份证", "残疾人证"]
    assert lines[grade4.number].months == [1, 2, 3, 4, 5, 6]
    assert Declaration.objects.get(employer=other).employees.count() == 0
    assert (
        AuditEntry.objects.filter(
            action="create", object_type="employment_quota.declaration"
        ).count()
        == 2
    )


def test_bad_rows_are_listed_and_nothing_is_imported(
    client_for, centre, audit_year, employer, holder, yongnian, django_capture_on_commit_callbacks
):
    other = second_employer(centre, yongnian)

    holder.status, holder.status_changed_on = "cancelled", datetime.date(2025, 3, 15)
    holder.save()
    unregistered = "91130408MA0000002" + credit_check_character("91130408MA0000002")
    content = workbook(
        [
            row(other.credit_code, staff=20, wage=800000),  # good on its own
            row(employer.credit_code, holder.number, "1-12"),  # cancelled in March
            row("91350100M000100Y44", staff=10),  # bad check character
            row(other.credit_code, staff=21, wage=800000),  # differs from row 2
            row(employer.credit_code, "NO-SUCH-NUMBER", "13"),  # bad months
            row(unregistered, staff=5),  # a valid code nobody registered
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        upload(client_for(centre), audit_year, content)
    job = Job.objects.get()
    assert job.status == "failed"
    rows = {e["row"]: " ".join(e["messages"]) for e in job.errors}
    assert set(rows) == {3, 4, 5, 6, 7}
    assert "4、5、6" in rows[3]  # the months after the cancellation are named
    assert "row 2" in rows[5] or "第 2 行" in rows[5] or "2" in rows[5]
    assert unregistered not in rows and ("register" in rows[7] or "登记" in rows[7])
    assert not Declaration.objects.exists()


def test_a_file_that_went_stale_is_not_half_applied(
    client_for, centre, audit_year, employer, yongnian, django_capture_on_commit_callbacks
):
    other = second_employer(centre, yongnian)
    content = workbook([row(employer.credit_code), row(other.credit_code, staff=20)])
    client = client_for(centre)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, audit_year, content)
    dry = Job.objects.get()
    assert dry.status == "succeeded"
    # between the check and the apply someone enters the second employer by hand
    services.declaration_save(
        actor=centre, audit_year=audit_year, employer=other, staff=20, wage_bill=1, employees=[]
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("employment_quota:declarations_import_apply", args=[dry.pk]))
    applied = Job.objects.exclude(pk=dry.pk).get()
    assert applied.status == "failed" and applied.errors[0]["row"] == 3
    assert not Declaration.objects.filter(employer=employer).exists()


def test_a_bad_upload_is_an_error_on_the_page(client_for, centre, audit_year):
    client = client_for(centre)
    response = upload(client, audit_year, b"not a workbook", name="d.xlsx")
    assert response.status_code == 400 and response.context["form"].errors["file"]
    AuditYear.objects.filter(pk=audit_year.pk).update(status="closed")
    closed = upload(client, audit_year, workbook([]))
    assert closed.status_code == 400 and closed.context["form"].non_field_errors()
    assert not Job.objects.exists()


def test_other_districts_and_roles(client_for, centre, audit_year, supervisor):
    other = make_user("ct_labour", "130403", roles.LABOUR_SERVICE)
    url = reverse("employment_quota:declarations_import", args=[audit_year.pk])
    assert client_for(other).get(url).status_code == 404
    assert client_for(supervisor).get(url).status_code == 403
    template = reverse("employment_quota:declarations_template")
    assert client_for(supervisor).get(template).status_code == 403


def test_only_a_clean_dry_run_of_ones_own_district_is_applied(
    client_for, centre, audit_year, employer, django_capture_on_commit_callbacks
):
    client = client_for(centre)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, audit_year, workbook([row("91350100M000100Y44")]))
    failed = Job.objects.get()
    assert failed.status == "failed"
    response = client.post(reverse("employment_quota:declarations_import_apply", args=[failed.pk]))
    assert response["Location"] == reverse("job_detail", args=[failed.pk])
    assert Job.objects.count() == 1 and not Declaration.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, audit_year, workbook([row(employer.credit_code)]))
    clean = Job.objects.latest("pk")
    other = client_for(make_user("ct_labour", "130403", roles.LABOUR_SERVICE))
    url = reverse("employment_quota:declarations_import_apply", args=[clean.pk])
    assert other.post(url).status_code == 404
    assert Job.objects.count() == 2 and not Declaration.objects.exists()


def test_the_import_refreshes_the_dashboard_figures_once(
    client_for, centre, audit_year, employer, yongnian, django_capture_on_commit_callbacks
):
    other = second_employer(centre, yongnian)
    content = workbook([row(employer.credit_code), row(other.credit_code, staff=20)])
    client = client_for(centre)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, audit_year, content)
    dry = Job.objects.get()
    with mock.patch.object(figures, "refresh", wraps=figures.refresh) as refresh:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("employment_quota:declarations_import_apply", args=[dry.pk]))
    assert refresh.call_args_list == [mock.call({audit_year.pk})]
    audit_year.refresh_from_db()
    assert audit_year.figures == figures.compute(audit_year.pk)
    assert sum(r[5] for r in audit_year.figures["grid"]) == 2


def test_months_that_the_spreadsheet_turned_into_a_date_are_read_back():
    """Typed into Excel or WPS, “1-12” becomes the date 12 January and “3-6” 6 March: read as
    the months they were, not refused row by row."""
    content = workbook(
        [
            row("91350100M000100Y43", "13040819850315001842", datetime.datetime(2026, 1, 12)),
            row("91130408MA00000002", "13040819850315001842", datetime.datetime(2026, 3, 6)),
        ]
    )
    check = read_declarations(content)
    assert not check.errors
    months = [e["lines"][0]["months"] for e in check.employers.values()]
    assert months == [list(range(1, 13)), [3, 4, 5, 6]]


def test_the_template_keeps_codes_numbers_and_months_as_text(client_for, centre, audit_year):
    response = client_for(centre).get(reverse("employment_quota:declarations_template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["申报"]
    columns = {sheet.cell(1, i + 1).value: sheet.cell(1, i + 1).column_letter for i in range(11)}
    for name in ("统一社会信用代码", "残疾人证号", "就业月份"):
        assert sheet.column_dimensions[columns[name]].number_format == "@"


def _import(client, year, content, capture):
    with capture(execute=True):
        upload(client, year, content)
    job = Job.objects.latest("pk")
    return job, {e["row"]: " ".join(e["messages"]) for e in (job.errors or [])}


def test_one_person_at_two_employers_is_flagged(
    client_for,
    centre,
    audit_year,
    employer,
    grade4,  # noqa: F811  (the imported fixture)
    yongnian,
    django_capture_on_commit_callbacks,
):
    # issue 14: the second employer silently lost the months at approval
    other = second_employer(centre, yongnian)
    content = workbook(
        [row(employer.credit_code, grade4.number, "1-6"), row(other.credit_code, grade4.number)]
    )
    job, rows = _import(client_for(centre), audit_year, content, django_capture_on_commit_callbacks)
    assert job.status == "failed" and set(rows) == {3}
    assert "李堃" in rows[3] and employer.credit_code in rows[3]
    # already on another employer's declaration of the year
    services.declaration_save(
        actor=centre,
        audit_year=audit_year,
        employer=employer,
        staff=100,
        wage_bill=6000000,
        employees=[
            {
                "certificate_number": grade4.number,
                "months": [1, 2],
                "employment_form": "contract",
                "monthly_wage": 2600,
            }
        ],
    )
    content = workbook([row(other.credit_code, grade4.number)])
    job, rows = _import(client_for(centre), audit_year, content, django_capture_on_commit_callbacks)
    assert job.status == "failed" and employer.name in rows[2]


def test_a_certificate_of_another_district_is_flagged(
    client_for,
    centre,
    audit_year,
    employer,
    grade4,  # noqa: F811  (the imported fixture)
    django_capture_on_commit_callbacks,
):
    grade4.region = Region.objects.get(code="130403")
    grade4.save()
    content = workbook([row(employer.credit_code, grade4.number)])
    job, rows = _import(client_for(centre), audit_year, content, django_capture_on_commit_callbacks)
    assert job.status == "failed" and "丛台区" in rows[2]


def test_a_number_stored_as_a_number_and_a_formula_are_explained(
    client_for,
    centre,
    audit_year,
    employer,
    grade4,  # noqa: F811  (the imported fixture)
    django_capture_on_commit_callbacks,
):
    # issue 14: "…709952 不在档案中" with no hint that the cell must be text; a formula was
    # reported as "须为大于零的数字"
    content = workbook(
        [
            row(employer.credit_code, int(grade4.number[:15]) * 10**5),
            row(employer.credit_code, staff="=50*2"),
        ]
    )
    job, rows = _import(client_for(centre), audit_year, content, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert "文本" in rows[2] or "text" in rows[2]
    assert "=50*2" in rows[3] and ("公式" in rows[3] or "formula" in rows[3])
    assert "大于零" not in rows[3] and "above zero" not in rows[3]
