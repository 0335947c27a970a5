"""The materials checklist: scans stored privately, type checked by content, size limited,
served to permitted roles only, each access audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from cdpf import roles
from cdpf.models import AuditEntry
from employment_quota import services
from employment_quota.models import Declaration, MaterialFile
from tests.factories import declare, line, make_user
from tests.private_storage import stored_bytes

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def employee(centre, audit_year, employer, holder):
    declaration = declare(centre, audit_year, employer, [line(holder, [1, 2, 3])])
    return declaration.employees.get()


def post(client, employee, content=PDF, kind="contract", name="合同.pdf"):
    return client.post(
        reverse("employment_quota:material_upload", args=[employee.pk]),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


def test_a_scan_is_stored_privately_and_ticks_the_checklist(client_for, centre, employee):
    client = client_for(centre)
    assert (
        client.get(reverse("employment_quota:material_upload", args=[employee.pk])).status_code
        == 200
    )
    response = post(client, employee)
    assert response["Location"] == reverse(
        "employment_quota:declaration", args=[employee.declaration_id]
    )
    stored = MaterialFile.objects.get()
    # kept in the private storage (a folder outside static/ and media/, or object storage)
    assert stored_bytes("quota_materials", stored.path) == PDF
    assert stored.content_type == "application/pdf"
    employee.refresh_from_db()
    assert employee.materials == ["劳动合同（一年以上）"]
    page = client.get(reverse("employment_quota:declaration", args=[employee.declaration_id]))
    assert reverse("employment_quota:material_download", args=[stored.pk]) in page.content.decode()
    assert AuditEntry.objects.filter(
        action="create", object_type="employment_quota.materialfile"
    ).exists()


def test_a_corrected_declaration_keeps_its_files(client_for, centre, employee, holder):
    post(client_for(centre), employee)
    declaration = employee.declaration
    services.declaration_save(
        actor=centre,
        audit_year=declaration.audit_year,
        employer=declaration.employer,
        staff=declaration.staff,
        wage_bill=declaration.wage_bill,
        employees=[line(holder, [1, 2, 3, 4], materials=["劳动合同（一年以上）"])],
        declaration=declaration,
    )
    page = client_for(centre).get(reverse("employment_quota:declaration", args=[declaration.pk]))
    assert [e.files for e in page.context["employees"]] == [[MaterialFile.objects.get()]]


def test_a_file_that_is_not_pdf_jpeg_or_png_is_refused(client_for, centre, employee):
    response = post(client_for(centre), employee, content=b"MZ\x90\x00 not a scan", name="x.pdf")
    assert response.status_code == 400 and response.context["form"].errors["file"]
    assert not MaterialFile.objects.exists()


@override_settings(ATTACHMENT_MAX_BYTES=1024)
def test_a_file_too_large_is_refused(client_for, centre, employee):
    response = post(client_for(centre), employee, content=PDF + b"0" * 2048)
    assert response.status_code == 400 and "MB" in " ".join(response.context["form"].errors["file"])
    assert not MaterialFile.objects.exists()


def test_a_decided_declaration_takes_no_more_files(client_for, centre, employee):
    Declaration.objects.filter(pk=employee.declaration_id).update(state="approved")
    response = post(client_for(centre), employee)
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    assert not MaterialFile.objects.exists()


def test_reading_is_for_permitted_roles_and_audited(
    client_for, centre, employee, supervisor, chairman
):
    post(client_for(centre), employee)
    stored = MaterialFile.objects.get()
    url = reverse("employment_quota:material_download", args=[stored.pk])
    response = client_for(supervisor).get(url)
    assert response.status_code == 200 and response.content == PDF
    assert response["Cache-Control"] == "private, no-store"
    assert (
        AuditEntry.objects.filter(
            action="view", object_type="employment_quota.materialfile", object_id=str(stored.pk)
        ).count()
        == 1
    )
    assert client_for(chairman).get(url).status_code == 403


def test_another_district_sees_nothing(client_for, centre, employee):
    post(client_for(centre), employee)
    other = client_for(make_user("ct_labour", "130403", roles.LABOUR_SERVICE))
    stored = MaterialFile.objects.get()
    assert (
        other.get(reverse("employment_quota:material_download", args=[stored.pk])).status_code
        == 404
    )
    assert post(other, employee).status_code == 404
    assert MaterialFile.objects.count() == 1
