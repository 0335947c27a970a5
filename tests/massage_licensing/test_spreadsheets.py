"""The register as xlsx: export, and an import with a dry run, per-row errors, all or nothing."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cdpf.jobs import run
from cdpf.models import AuditEntry, Job
from employment_quota.rules import credit_check_character
from massage_licensing.models import Institution, Practitioner, QualificationCertificate
from massage_licensing.spreadsheets import (
    CERTIFICATE_COLUMNS,
    INSTITUTION_COLUMNS,
    PRACTITIONER_COLUMNS,
    register_workbook,
)
from tests.factories import CREDIT_CODE, OTHER_CODE, holder, practitioner_id_number, staff_member

pytestmark = pytest.mark.django_db


def workbook(institutions, practitioners) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "机构"
    sheet.append(INSTITUTION_COLUMNS + CERTIFICATE_COLUMNS)
    for row in institutions:
        sheet.append(row)
    sheet = book.create_sheet("从业人员")
    sheet.append(PRACTITIONER_COLUMNS)
    for row in practitioners:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def institution_row(code=CREDIT_CODE, name="永年区光明盲人保健按摩中心", **extra):
    row = [
        code,
        name,
        "永年区建设路8号",
        "张光明",
        "否",
        "",
        "李青",
        "6791166",
        30,
        3,
        3,
        0.7,
        "是",
        "是",
        "是",
        "是",
    ]
    for index, value in extra.items():
        row[int(index[1:])] = value
    return row


def practitioner_row(seq, certificate="", code=CREDIT_CODE, joined="2026-01-05"):
    return [
        code,
        f"按摩师{seq}",
        practitioner_id_number(seq),
        certificate,
        "BJAM-1",
        "JKZ-1",
        "2027-06-30",
        "是",
        "是",
        joined,
        "",
    ]


def upload(client, content):
    response = client.post(
        reverse("massage_licensing:import"),
        {"file": SimpleUploadedFile("register.xlsx", content)},
    )
    job = Job.objects.latest("id")
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    run(job.pk)
    job.refresh_from_db()
    return job


def test_export_is_the_import_template(client_for, centre, make_institution):
    institution = make_institution(name="=HYPERLINK(1)盲人保健按摩")
    staff_member(centre, institution, holder(1))
    response = client_for(centre).get(reverse("massage_licensing:export"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book["机构"]["B2"].value.startswith("'=")  # formulas neutralised
    assert book["从业人员"]["C2"].value == practitioner_id_number(1)
    assert [c.value for c in book["从业人员"][1]] == PRACTITIONER_COLUMNS
    assert AuditEntry.objects.filter(action="export").exists()


def test_a_good_register_is_dry_run_then_applied(client_for, centre):
    certificate = holder(1)
    content = workbook(
        [institution_row()],
        [practitioner_row(1, certificate.number), practitioner_row(2)],
    )
    client = client_for(centre)
    job = upload(client, content)
    assert job.status == "succeeded" and job.result["new"] == 3, job.errors
    assert not Institution.objects.exists()  # a dry run changes nothing
    client.post(reverse("massage_licensing:import_apply", args=[job.pk]))
    applied = Job.objects.latest("id")
    run(applied.pk)
    applied.refresh_from_db()
    assert applied.status == "succeeded", applied.errors
    institution = Institution.objects.get()
    assert institution.practitioners.count() == 2
    assert institution.practitioners.get(name="按摩师1").disability_certificate_number == (
        certificate.number
    )
    assert AuditEntry.objects.filter(action="import", object_repr="register.xlsx").count() == 1


def test_bad_rows_are_listed_and_nothing_is_imported(client_for, centre, make_institution):
    existing = make_institution(credit_code=OTHER_CODE, name="永年区第二盲人保健按摩店")
    staff_member(centre, existing, seq=3)
    content = workbook(
        [institution_row(), institution_row(code="123", name="足疗店")],
        [
            practitioner_row(1),
            practitioner_row(3),  # already works at the existing institution
            practitioner_row(4, code="91350100M000100Y40"),
            practitioner_row(5, joined="soon"),
        ],
    )
    job = upload(client_for(centre), content)
    assert job.status == "failed"
    rows = {e["row"]: " ".join(e["messages"]) for e in job.errors}
    assert set(rows) == {"机构 3", "从业人员 3", "从业人员 4", "从业人员 5"}
    assert "盲人保健按摩" in rows["机构 3"]
    assert existing.name in rows["从业人员 3"]
    assert "YYYY-MM-DD" in rows["从业人员 5"]
    assert Institution.objects.count() == 1 and Practitioner.objects.count() == 1


def test_a_workbook_without_the_sheets_is_refused(client_for, centre):
    book = openpyxl.Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    job = upload(client_for(centre), buffer.getvalue())
    assert job.status == "failed" and "机构" in job.message


def test_an_upload_that_is_not_xlsx_is_a_form_error(client_for, centre):
    response = client_for(centre).post(
        reverse("massage_licensing:import"), {"file": SimpleUploadedFile("a.xlsx", b"nope")}
    )
    assert response.status_code == 400 and not Job.objects.exists()


def test_register_workbook_without_rows():
    book = openpyxl.load_workbook(io.BytesIO(register_workbook([], [])))
    assert book.sheetnames == ["机构", "从业人员"]


def test_another_districts_dry_run_cannot_be_applied(client_for, centre, outsider_centre):
    job = upload(client_for(outsider_centre), workbook([institution_row()], []))
    assert job.status == "succeeded"
    response = client_for(centre).post(reverse("massage_licensing:import_apply", args=[job.pk]))
    assert response.status_code == 404 and Job.objects.count() == 1


def test_an_earlier_certificate_is_imported_with_its_institution(client_for, centre, yongnian):
    row = institution_row() + ["永残盲按认〔2019〕第0003号", "2019-05-20"]
    second = institution_row(code=OTHER_CODE, name="永年区第二盲人保健按摩店") + ["", "2019-05-20"]
    client = client_for(centre)
    failed = upload(client, workbook([row, second], []))
    assert failed.status == "failed"
    assert [e["row"] for e in failed.errors] == ["机构 3"]
    job = upload(client, workbook([row], []))
    assert job.status == "succeeded", job.errors
    client.post(reverse("massage_licensing:import_apply", args=[job.pk]))
    run(Job.objects.latest("id").pk)
    institution = Institution.objects.get()
    certificate = QualificationCertificate.objects.get()
    assert certificate.application is None and certificate.number == "永残盲按认〔2019〕第0003号"
    assert institution.status == "certified"
    assert str(institution.next_review_due) == "2020-05-20"  # long overdue: on the due list
    page = client.get(reverse("massage_licensing:institution", args=[institution.pk]))
    assert "永残盲按认〔2019〕第0003号" in page.content.decode()
    again = upload(
        client,
        workbook(
            [
                institution_row(code=OTHER_CODE, name="永年区第二盲人保健按摩店")
                + ["永残盲按认〔2019〕第0003号", "2019-05-20"]
            ],
            [],
        ),
    )
    assert again.status == "failed" and "已在" in " ".join(again.errors[0]["messages"])


def test_the_export_does_not_query_per_institution(
    client_for, centre, make_institution, django_assert_max_num_queries
):
    for n in range(6):
        code = f"91130408MA000000{n}"

        make_institution(
            credit_code=code + credit_check_character(code), name=f"第{n}盲人保健按摩店"
        )
    client = client_for(centre)
    client.get(reverse("massage_licensing:export"))
    with django_assert_max_num_queries(11):
        client.get(reverse("massage_licensing:export"))
