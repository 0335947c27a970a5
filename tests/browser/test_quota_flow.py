"""The labour employment service centre opens the 2025 audit, registers an employer, enters
its declaration with two disabled employees and approves it; the supervisor sees it counted
on the dashboard. axe-core checks every page visited."""

import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cdpf import roles
from cdpf.models import Region
from certificates.models import Certificate, Person
from certificates.rules import certificate_number, parse_id_number
from employment_quota import services
from employment_quota.models import AuditYear, Declaration
from employment_quota.spreadsheets import DECLARATION_COLUMNS
from tests.browser.helpers import check_accessibility, follow, print_through_job, sign_in, sign_out
from tests.factories import make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def holder(number, name, grade):
    ident = parse_id_number(number)
    region = Region.objects.get(code="130408")
    person = Person.objects.create(
        region=region,
        id_number=number,
        name=name,
        sex=ident.sex,
        birth_date=ident.birth_date,
        community="东街村",
        address="东街村1号",
    )
    return Certificate.objects.create(
        person=person,
        region=region,
        number=certificate_number(number, 4, grade),
        category=4,
        grade=grade,
        parts=[[4, grade]],
        issue_date=datetime.date(2020, 1, 1),
        expiry_date=datetime.date(2030, 1, 1),
    )


def test_a_declaration_from_draft_to_approval(live_server, page):
    make_user("yn_labour", "130408", roles.LABOUR_SERVICE)
    make_user("yn_super", "130408", roles.SUPERVISOR)
    first = holder("130408198503150018", "王喆", 2)
    second = holder("11010519491231002X", "李堃", 4)

    sign_in(page, live_server, "yn_labour")
    follow(page.get_by_role("link", name="按比例就业年审"))
    check_accessibility(page, "quota-index")
    page.get_by_label(re.compile("^审核年度")).fill("2025")
    page.get_by_label(re.compile("^该年度当地社会平均工资")).fill("45000")
    follow(page.get_by_role("button", name="开启年审"))
    page.wait_for_url("**/years/*/")
    # the window closes on 30 June 2026; keep it open for this walk-through
    AuditYear.objects.update(closes_on=datetime.date(2099, 12, 31))

    follow(page.get_by_role("link", name="用人单位").first)
    follow(page.get_by_role("link", name="登记用人单位"))
    page.get_by_label(re.compile("^统一社会信用代码")).fill("91350100M000100Y44")
    page.get_by_label(re.compile("^单位名称")).fill("永年区示范企业有限公司")
    page.get_by_label(re.compile("^单位地址")).fill("永年区建设路1号")
    follow(page.get_by_role("button", name="登记", exact=True))
    expect(page.locator("#id_credit_code_error")).to_contain_text("应为 3")
    check_accessibility(page, "quota-employer-error")
    page.get_by_label(re.compile("^统一社会信用代码")).fill("91350100M000100Y43")
    follow(page.get_by_role("button", name="登记", exact=True))
    check_accessibility(page, "quota-employers")

    follow(page.get_by_role("link", name="年审年度"))
    follow(page.get_by_role("link", name="2025"))
    follow(page.get_by_role("link", name="录入申报"))
    page.get_by_label(re.compile("^用人单位")).select_option(label="永年区示范企业有限公司")
    page.get_by_label(re.compile("^在职职工年平均人数")).fill("100")
    page.get_by_label(re.compile("^职工年工资总额")).fill("6000000")
    lines = page.locator("fieldset.border")
    for index, (certificate, months) in enumerate([(first, range(1, 13)), (second, range(1, 7))]):
        line = lines.nth(index)
        line.get_by_label(re.compile("^残疾人证号")).fill(certificate.number)
        line.get_by_label(re.compile("^月工资")).fill("2600")
        line.get_by_label("已缴纳养老保险").check()
        for month in months:
            line.get_by_label(f"{month}月", exact=True).check()
    check_accessibility(page, "quota-declaration-form")
    follow(page.get_by_role("button", name="保存申报"))
    page.wait_for_url("**/declarations/*/")
    follow(page.get_by_role("button", name="提交"))
    follow(page.get_by_role("button", name="认定", exact=True))
    expect(page.locator("#declaration-state")).to_contain_text("已认定")
    expect(page.locator("#explanation")).to_contain_text("2.5")
    check_accessibility(page, "quota-declaration-approved")
    pdf = page.context.request.get(
        live_server.url
        + page.get_by_role("link", name=re.compile("审核认定表")).get_attribute("href")
    )
    assert pdf.headers["content-type"] == "application/pdf"
    sign_out(page)

    sign_in(page, live_server, "yn_super")
    page.goto(live_server.url + reverse("employment_quota:dashboard") + "?year=2025")
    expect(page.locator("#headcount")).to_have_text("2")
    check_accessibility(page, "quota-dashboard")
    declaration = Declaration.objects.get()
    assert declaration.counted == 2.5 and declaration.amount_due == 0


def declarations_workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "申报"
    book.active.append(DECLARATION_COLUMNS)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_import_materials_levy_job_and_the_dashboard(live_server, page):
    """The centre imports a year's declarations from the template, adds a scan to an
    employee's materials, approves, recomputes the year's levies; the supervisor follows a
    figure of the dashboard to the employers behind it and prints the dashboard."""
    centre = make_user("yn_labour", "130408", roles.LABOUR_SERVICE)
    make_user("yn_super", "130408", roles.SUPERVISOR)
    first = holder("130408198503150018", "王喆", 2)
    second = holder("11010519491231002X", "李堃", 4)
    region = centre.region
    year = services.audit_year_open(
        actor=centre,
        region=region,
        year=2025,
        local_average_wage=Decimal("45000"),
        today=datetime.date(2026, 3, 1),
    )
    AuditYear.objects.filter(pk=year.pk).update(closes_on=datetime.date(2099, 12, 31))
    employer = services.employer_register(
        actor=centre,
        region=region,
        credit_code="91350100M000100Y43",
        name="永年区示范企业有限公司",
        employer_type="enterprise",
        address="永年区建设路1号",
    )

    sign_in(page, live_server, "yn_labour")
    page.goto(live_server.url + reverse("employment_quota:year", args=[year.pk]))
    follow(page.get_by_role("link", name="导入年审申报（.xlsx）"))
    expect(page.get_by_role("link", name="下载模板（.xlsx）")).to_be_visible()
    check_accessibility(page, "quota-import")
    row = [employer.credit_code, employer.name, 100, 6000000]
    bad = declarations_workbook([row + [first.number, "劳动合同", "是", "1-13", 2600, "是", ""]])
    files = page.get_by_label(re.compile("^表格文件"))
    files.set_input_files({"name": "bad.xlsx", "mimeType": XLSX, "buffer": bad})
    follow(page.get_by_role("button", name="检查文件"))
    page.wait_for_url("**/jobs/*/")
    errors = page.locator("#job-errors")
    errors.wait_for()
    expect(errors).to_contain_text("就业月份")
    check_accessibility(page, "quota-import-errors")
    assert not Declaration.objects.exists()

    good = declarations_workbook(
        [
            row + [first.number, "劳动合同", "是", "1-12", 2600, "是", "身份证、残疾人证"],
            row + [second.number, "劳动合同", "是", "1-6", 2600, "是", ""],
        ]
    )
    page.goto(live_server.url + reverse("employment_quota:declarations_import", args=[year.pk]))
    files = page.get_by_label(re.compile("^表格文件"))
    files.set_input_files({"name": "good.xlsx", "mimeType": XLSX, "buffer": good})
    follow(page.get_by_role("button", name="检查文件"))
    page.wait_for_url("**/jobs/*/")
    follow(page.get_by_role("button", name="应用此次导入"))
    page.wait_for_url("**/jobs/*/")
    declaration = Declaration.objects.get()
    assert declaration.employees.count() == 2

    page.goto(live_server.url + reverse("employment_quota:declaration", args=[declaration.pk]))
    follow(page.get_by_role("link", name="为王喆上传扫描件"))
    check_accessibility(page, "quota-material-form")
    page.get_by_label(re.compile("^文件类型")).select_option(label="劳动合同（一年以上）")
    scan = page.get_by_label(re.compile("^文件（PDF"))
    scan.set_input_files({"name": "合同.pdf", "mimeType": "application/pdf", "buffer": b"MZ-x"})
    follow(page.get_by_role("button", name="保存文件"))
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    check_accessibility(page, "quota-material-error")
    scan = page.get_by_label(re.compile("^文件（PDF"))
    scan.set_input_files(
        {"name": "合同.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
    )
    follow(page.get_by_role("button", name="保存文件"))
    page.wait_for_url(f"**/declarations/{declaration.pk}/")
    materials = page.locator("#materials-table")
    expect(materials).to_contain_text("劳动合同")
    follow(page.get_by_role("button", name="提交"))
    follow(page.get_by_role("button", name="认定", exact=True))
    expect(page.locator("#declaration-state")).to_contain_text("已认定")
    check_accessibility(page, "quota-declaration-materials")

    page.goto(live_server.url + reverse("employment_quota:year", args=[year.pk]))
    check_accessibility(page, "quota-year")
    follow(page.get_by_role("button", name="重新计算本年度全部已认定的保障金"))
    page.wait_for_url("**/jobs/*/")
    check_accessibility(page, "quota-levy-job")
    sign_out(page)

    sign_in(page, live_server, "yn_super")
    page.goto(live_server.url + reverse("employment_quota:dashboard") + "?year=2025")
    expect(page.locator("#headcount")).to_have_text("2")
    check_accessibility(page, "quota-dashboard-charts")
    follow(page.locator("#type-table").get_by_role("link", name="1").first)
    page.wait_for_url("**/dashboard/declarations/**")
    expect(page.locator("#drill-table")).to_contain_text("永年区示范企业有限公司")
    check_accessibility(page, "quota-dashboard-list")
    page.goto(live_server.url + reverse("employment_quota:dashboard") + "?year=2025")
    print_through_job(page, live_server, "打印统计表（PDF）")
