"""Builders shared by every app's tests: users by role and region, ID numbers, certificate
holders, workbooks and the small records each app's tests start from. Fixtures live in
tests/conftest.py (the standing users, the certificate flow) and each app's conftest; the plain
functions and constants tests call live here, so that no test imports another test module."""

from __future__ import annotations

import base64
import csv
import datetime
import io
from decimal import Decimal

import openpyxl
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cdpf import roles
from cdpf.models import Job, Region, User
from certificates.attachments import attachment_store
from certificates.models import Certificate, Person
from certificates.rules import certificate_number, check_character, parse_id_number
from employment_quota import services as quota_services
from employment_quota.rules import credit_check_character
from massage_licensing import services as massage_services
from supervision import services as supervision_services

PASSWORD = "Test-pass-2026!"


def make_user(username: str, region_code: str | None, *role_names: str, **extra) -> User:
    region = Region.objects.get(code=region_code) if region_code else None
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        region=region,
        is_staff=bool(set(role_names) & set(roles.ADMIN_ROLES)),
        **extra,
    )
    user.groups.set(Group.objects.filter(name__in=role_names))
    return user


# ---- identifiers --------------------------------------------------------------------------

ADULT_ID = "130408198503150018"  # 王喆, born 15 March 1985, 永年区
CREDIT_CODE = "91350100M000100Y43"  # a valid unified social credit code


def id_number(birth: str, seq: str = "001", region: str = "130408") -> str:
    """A valid ID number: region, birth date (YYYYMMDD), sequence, check character."""
    first17 = f"{region}{birth}{seq}"
    return first17 + check_character(first17)


def practitioner_id_number(seq: int, birth: str = "19800101", region: str = "130408") -> str:
    """A valid ID number numbered by `seq` (the massage tests' staff and holders)."""
    return id_number(birth, f"{seq:03d}", region)


# another valid credit code (the massage tests' institution of 丛台区)
OTHER_CODE = "91130408MA0000001" + credit_check_character("91130408MA0000001")


# ---- certificates ------------------------------------------------------------------------

TODAY = datetime.date(2026, 11, 2)  # a Monday
PNG = base64.b64decode(  # a 1×1 PNG, the holder's photo in tests
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAA"
    "AABJRU5ErkJggg=="
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# the new-issue form as the office fills it in (tests/certificates/test_views.py)
APPLICANT = {
    "id_number": ADULT_ID,
    "name": "王喆",
    "community": "城关镇东街村",
    "address": "永年区城关镇东街村1号",
    "phone": "13800000000",
    "requested_category": "4",
    "materials": ["身份证", "户口簿", "照片", "申请表"],
}


def store_photo(person, actor):

    upload = SimpleUploadedFile("factory-photo.png", PNG, content_type="image/png")
    return attachment_store(actor=actor, person=person, upload=upload, kind="photo")


def make_holder(
    number: str,
    name: str,
    *,
    region: str = "130408",
    category: int = 4,
    grade: int = 2,
    parts=None,
    status: str = "valid",
    expiry: datetime.date = datetime.date(2030, 1, 1),
) -> Certificate:
    """A person with a certificate in the register, issued 1 January 2020."""
    ident = parse_id_number(number)
    place = Region.objects.get(code=region)
    person = Person.objects.create(
        region=place,
        id_number=number,
        name=name,
        sex=ident.sex,
        birth_date=ident.birth_date,
        community="东街村",
        address="东街村1号",
    )
    return Certificate.objects.create(
        person=person,
        region=place,
        number=certificate_number(number, category, grade),
        category=category,
        grade=grade,
        parts=parts or [[category, grade]],
        issue_date=datetime.date(2020, 1, 1),
        expiry_date=expiry,
        status=status,
    )


def holder(
    seq: int,
    *,
    category: int = 1,
    grade: int = 1,
    parts=None,
    status="valid",
    expiry=datetime.date(2030, 1, 1),
    name=None,
    region_code="130408",
) -> Certificate:
    """A holder numbered by `seq` (category 1 = visual: the massage tests' practitioners)."""
    return make_holder(
        practitioner_id_number(seq),
        name or f"按摩师{seq}",
        region=region_code,
        category=category,
        grade=grade,
        parts=parts,
        status=status,
        expiry=expiry,
    )


def workbook(rows, header) -> bytes:
    """An .xlsx file: the header row, then `rows`."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


REGISTER_HEADER = [
    "身份证号",
    "姓名",
    "村（社区）",
    "住址",
    "残疾人证号",
    "发证日期",
    "有效期至",
    "联系电话",
]


def register_workbook(rows, header=REGISTER_HEADER) -> bytes:
    """The certificate register import (certificates:import)."""
    return workbook(rows, header)


def register_upload(client, content):
    return client.post(
        reverse("certificates:import"),
        {"file": SimpleUploadedFile("r.xlsx", content, content_type=XLSX)},
    )


def print_renewals(client, days: str, capture) -> bytes:
    """Start the renewal-list job (run at once by the tests' backend) and open the document
    it kept."""
    with capture(execute=True):
        response = client.post(reverse("certificates:renewals_pdf"), {"days": days})
    job = Job.objects.filter(kind="certificates.renewal_list").latest("pk")
    assert response.status_code == 302 and response.url == reverse("job_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "succeeded", (job.message, job.errors)
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    link = reverse("document_download", args=[job.result["document"]])
    assert link in page
    return client.get(link).content


# ---- duties --------------------------------------------------------------------------------

DUTY_HEADER = ["序号", "事项顺序", "具体工作事项", "责任科室", "联系电话", "备注"]


def duty_workbook(rows, header=DUTY_HEADER) -> bytes:
    return workbook(rows, header)


def duty_upload(client, content, name="items.xlsx"):
    return client.post(
        reverse("duties:import"), {"file": SimpleUploadedFile(name, content, content_type=XLSX)}
    )


# ---- employment quota ----------------------------------------------------------------------


def line(certificate, months, **extra):
    """One employee line of a declaration."""
    return {
        "certificate_number": certificate.number,
        "months": months,
        "employment_form": "contract",
        "monthly_wage": Decimal("2500"),
        "insurance_paid": True,
        **extra,
    }


def declare(centre, audit_year, employer, employees, staff="100", wage_bill="6000000"):

    return quota_services.declaration_save(
        actor=centre,
        audit_year=audit_year,
        employer=employer,
        staff=Decimal(staff),
        wage_bill=Decimal(wage_bill),
        employees=employees,
    )


def post_declaration(client, year, employer, certificate, months, **extra):
    data = {
        "employer": employer.pk,
        "staff": "100",
        "wage_bill": "6000000",
        "employees-TOTAL_FORMS": "1",
        "employees-INITIAL_FORMS": "0",
        "employees-MIN_NUM_FORMS": "0",
        "employees-MAX_NUM_FORMS": "200",
        "employees-0-certificate_number": certificate.number,
        "employees-0-months": [str(m) for m in months],
        "employees-0-employment_form": "contract",
        "employees-0-monthly_wage": "2600",
        "employees-0-insurance_paid": "on",
        "employees-0-counts_here": "on",
    }
    data.update(extra)
    return client.post(reverse("employment_quota:declaration_new", args=[year.pk]), data)


def approve_declaration(centre, declaration):

    quota_services.declaration_submit(
        actor=centre, declaration=declaration, on=datetime.date(2026, 4, 1)
    )
    return quota_services.declaration_approve(
        actor=centre, declaration=declaration, on=datetime.date(2026, 4, 2)
    )


def register_employer(centre, region, suffix, kind, name):

    first = f"9113{region.code[2:]}MA{suffix:07d}"[:17]
    return quota_services.employer_register(
        actor=centre,
        region=region,
        credit_code=first + credit_check_character(first),
        name=name,
        employer_type=kind,
        address="某地",
    )


# ---- massage licensing ---------------------------------------------------------------------


def institution_data(**extra) -> dict:
    data = {
        "name": "永年区光明盲人保健按摩中心",
        "address": "永年区临洺关镇建设路8号",
        "legal_representative": "张光明",
        "representative_is_blind": False,
        "representative_certificate_number": "",
        "person_in_charge": "李青",
        "phone": "0310-6791166",
        "area_m2": Decimal("30"),
        "rooms": 3,
        "beds": 3,
        "bed_spacing_m": Decimal("0.7"),
        "has_disinfection": True,
        "has_toilet": True,
        "has_fire_safety": True,
        "has_lighting": True,
    }
    data.update(extra)
    return data


def staff_member(centre, institution, certificate=None, *, seq=None, **extra):
    """A practitioner of `institution`: the holder of `certificate`, or a sighted one."""

    number = certificate.person.id_number if certificate else practitioner_id_number(seq)
    fields = {
        "name": certificate.person.name if certificate else f"健全按摩师{seq}",
        "id_number": number,
        "joined_on": datetime.date(2026, 1, 5),
        "disability_certificate_number": certificate.number if certificate else "",
        "qualification_number": "BJAM-2024-0001",
        "health_certificate_number": "JKZ-2026-01",
        "health_certificate_expiry": datetime.date(2027, 6, 30),
        "labour_contract": True,
        "social_insurance": True,
    }
    fields.update(extra)
    return massage_services.practitioner_register(actor=centre, institution=institution, **fields)


def inspected(centre, institution):
    """A massage qualification application submitted, checked and inspected (passed)."""

    application = massage_services.application_submit(
        actor=centre, institution=institution, on=TODAY
    )
    massage_services.application_check(actor=centre, application=application, on=TODAY)
    massage_services.inspection_record(
        actor=centre,
        application=application,
        inspected_on=TODAY,
        inspectors="王工",
        area_confirmed=True,
        facilities_confirmed=True,
        staff_confirmed=True,
        passed=True,
        findings="一致",
    )
    application.refresh_from_db()
    return application


# ---- supervision -----------------------------------------------------------------------------


def police_csv(rows, *, encoding="utf-8", header=None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header or ["身份证号码", "姓名", "事件类型", "事件日期", "派出所"])
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def police_xlsx(rows, header=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header or ["身份证号码", "姓名", "事件类型", "事件日期", "派出所"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SUPERVISION_DAY = datetime.date(2026, 3, 2)


def record_checklist(supervisor, inspection, result="ok", on=SUPERVISION_DAY):
    """An inspection notified and its checklist recorded, every item with `result`."""

    supervision_services.inspection_notify(actor=supervisor, inspection=inspection, on=on)
    results = {
        item.code: (result, "缺少劳动合同" if result == "issue" else "")
        for item in inspection.items.all()
    }
    return supervision_services.inspection_record_check(
        actor=supervisor, inspection=inspection, results=results, conclusion="检查完毕", on=on
    )


# ---- levy relief ---------------------------------------------------------------------------

# the audited 2025 levy of the levy relief tests' employer (200 staff, nobody counted:
# 3 × 8,888,889 ÷ 200 × 90%), its due date, an employer of no audit, the checklist's materials
LEVY = Decimal("120000.00")
LEVY_DUE = datetime.date(2026, 6, 30)
LEVY_OTHER_CODE = "91130408MA00000002"
LEVY_MATERIALS = ["application", "loss_proof", "financials"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


# ---- 通办 ------------------------------------------------------------------------------------

TONGBAN_PERSON_ID = id_number("19850315", "027")  # 永年区 number, received at 丛台区


def scan_upload(name="scan.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")
