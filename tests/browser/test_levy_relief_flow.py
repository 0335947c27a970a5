"""The issue's scenario as a new user would try it: an employer with an audited 2025 levy of
120,000 yuan asks for a 6-month deferral after a flood; the labour employment service centre
receives it and checks the materials, the chairman reviews and approves it, prints the decision,
and the yearly publication lists it. axe-core checks every page visited."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cdpf import roles
from cdpf.models import Region
from employment_quota import services as quota
from levy_relief.models import ReliefApplication
from tests.browser.helpers import check_accessibility, follow, sign_in, sign_out
from tests.factories import make_user
from tests.pdf_utils import pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
D = datetime.date


def audited_employer(centre):
    """An employer whose 2025 audit set the levy at 120,000.00 yuan."""
    region = Region.objects.get(code="130408")
    employer = quota.employer_register(
        actor=centre,
        region=region,
        credit_code="91350100M000100Y43",
        name="永年区标准件制造有限公司",
        employer_type="enterprise",
        address="永年区临洺关镇工业街8号",
    )
    year = quota.audit_year_open(
        actor=centre,
        region=region,
        year=2025,
        local_average_wage=Decimal("45000"),
        today=D(2026, 3, 1),
    )
    declaration = quota.declaration_save(
        actor=centre,
        audit_year=year,
        employer=employer,
        staff=Decimal("200"),
        wage_bill=Decimal("8888889"),
        employees=[],
    )
    quota.declaration_submit(actor=centre, declaration=declaration, on=D(2026, 4, 1))
    declaration = quota.declaration_approve(actor=centre, declaration=declaration, on=D(2026, 4, 2))
    assert declaration.amount_due == Decimal("120000.00")
    return declaration


def test_a_flood_deferral_from_application_to_publication(live_server, page, tmp_path, settings):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    centre = make_user("yn_labour", "130408", roles.LABOUR_SERVICE)
    make_user("yn_chair", "130408", roles.CHAIRMAN)
    declaration = audited_employer(centre)

    # The centre starts from the employer's audited declaration.
    sign_in(page, live_server, "yn_labour")
    page.goto(live_server.url + reverse("employment_quota:declaration", args=[declaration.pk]))
    follow(page.get_by_role("link", name="受理该年度保障金的减缓免申请"))
    check_accessibility(page, "relief-new")
    assert page.get_by_label(re.compile("^保障金年度")).input_value() == "2025"
    # issue 19 item 3: a typed original due date that disagrees with the levy is refused with
    # both dates; the deferral is measured from the levy's own due date (window close 06-30)
    page.get_by_label(re.compile("^原缴款期限")).fill("2026-11-01")
    page.get_by_label(re.compile("^申请类型")).select_option(label="缓缴")
    page.get_by_label(re.compile("^申请缓缴至")).fill("2027-05-01")
    page.get_by_label(re.compile("^申请事由")).select_option(label="自然灾害")
    page.get_by_label(re.compile("^事件发生日期")).fill("2026-07-20")
    page.get_by_label(re.compile("^直接经济损失")).fill("850000")
    page.get_by_label(re.compile("^事件及损失情况说明")).fill("7月洪水淹没厂房和仓库，停产两个月。")
    follow(page.get_by_role("button", name="受理申请"))
    refused = page.locator("#id_original_due_date_error").inner_text()
    assert "2026-11-01" in refused and "2026-06-30" in refused
    assert not ReliefApplication.objects.exists()
    page.get_by_label(re.compile("^原缴款期限")).fill("")
    page.get_by_label(re.compile("^申请缓缴至")).fill("2026-12-31")  # one day over 6 months
    follow(page.get_by_role("button", name="受理申请"))
    expect(page.locator("#id_new_due_date_error")).to_contain_text("2026-12-30")
    assert not ReliefApplication.objects.exists()
    check_accessibility(page, "relief-new-error")
    page.get_by_label(re.compile("^申请缓缴至")).fill("2026-12-30")
    follow(page.get_by_role("button", name="受理申请"))
    page.wait_for_url("**/levy-relief/*/")
    expect(page.locator("#levy-due")).to_have_text("120000.00")
    check_accessibility(page, "relief-submitted")

    # The written application is scanned in; ticks without the other scans are refused
    # (issue 19 item 20); once every material is on file the checklist passes.
    def upload(label, name):
        follow(page.get_by_role("link", name="上传材料"))
        page.get_by_label(re.compile("^材料类别")).select_option(label=label)
        scan = tmp_path / name
        scan.write_bytes(b"%PDF-1.4\n%%EOF")
        page.get_by_label(re.compile("^文件")).set_input_files(str(scan))
        check_accessibility(page, "relief-material")
        follow(page.get_by_role("button", name="保存文件"))
        expect(page.locator("#material-table")).to_contain_text(name)

    def tick_all():
        for material in ("书面申请", "损失证明", "经审计的财务报表"):
            page.get_by_label(material, exact=True).check()
        follow(page.get_by_role("button", name="材料齐全"))

    upload("书面申请", "申请书.pdf")
    tick_all()
    refused = page.locator("#step-errors").inner_text()
    assert "损失证明" in refused and "经审计的财务报表" in refused
    upload("损失证明", "损失证明.pdf")
    upload("经审计的财务报表", "财务报表.pdf")
    tick_all()
    expect(page.locator("#relief-state")).to_contain_text("材料已审查")
    sign_out(page)

    # The chairman finds it on the home page, reviews and approves it.
    sign_in(page, live_server, "yn_chair")
    follow(page.get_by_role("link", name=re.compile("待您审核")))
    check_accessibility(page, "relief-list")
    follow(page.get_by_role("link", name="永年区标准件制造有限公司"))
    page.get_by_label(re.compile("^审核意见")).fill("洪灾损失属实，缓缴六个月符合规定。")
    follow(page.get_by_role("button", name="提交审核意见"))
    page.get_by_label(re.compile("^决定理由")).fill("因洪灾造成重大直接经济损失，同意缓缴。")
    follow(page.get_by_role("button", name="批准", exact=True))
    year = timezone.localdate().year
    number = f"永残就减〔{year}〕1号"
    expect(page.locator("#decision-number")).to_have_text(number)
    check_accessibility(page, "relief-approved")
    href = page.get_by_role("link", name=re.compile("打印审批决定书")).get_attribute("href")
    pdf = page.context.request.get(live_server.url + href)
    assert pdf.headers["content-type"] == "application/pdf"
    text = "".join(pdf_text(pdf.body()).split())
    assert number in text and "120000.00元缓缴" in text and "延至2026年12月30日" in text

    # The yearly publication lists it.
    follow(page.get_by_role("link", name="年度公示"))
    table = page.locator("#publication-table").inner_text()
    assert "永年区标准件制造有限公司" in table and number in table and "2026-12-30" in table
    check_accessibility(page, "relief-publication")

    # Months later the new due date has passed unpaid: the centre sees it and records payment.
    sign_out(page)
    ReliefApplication.objects.update(
        original_due_date=D(2025, 6, 30), new_due_date=D(2025, 12, 30), decided_on=D(2025, 7, 1)
    )
    sign_in(page, live_server, "yn_labour")
    follow(page.get_by_role("link", name=re.compile("缓缴保障金已逾期未缴")))
    check_accessibility(page, "relief-overdue")
    expect(page.locator("#overdue-table")).to_contain_text("永年区标准件制造有限公司")
    follow(page.get_by_role("link", name="永年区标准件制造有限公司"))
    expect(page.locator("#overdue-alert")).to_contain_text("滞纳金")
    check_accessibility(page, "relief-overdue-detail")
    page.get_by_label(re.compile("^缴纳日期")).fill("2026-01-09")
    follow(page.get_by_role("button", name="登记缴款"))
    # 10 days after 30 December 2025: 120,000 × 5‰ × 10 = 6,000.00
    expect(page.locator("#payment")).to_contain_text("6000.00")
