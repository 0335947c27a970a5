"""Issue 14 build item 1 in a browser: the centre corrects a year's local average wage, sees the
year marked for recomputation, and opens the employer's page, at 1366 px and at 390 px (no
horizontal overflow of the page body). axe-core checks every page."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cdpf import roles
from cdpf.models import Region
from employment_quota import services as quota
from employment_quota.models import AuditYear
from tests.browser.helpers import check_accessibility, follow, sign_in
from tests.factories import make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
D = datetime.date


def test_the_wage_correction_and_the_employer_page(live_server, page):
    centre = make_user("yn_labour", "130408", roles.LABOUR_SERVICE)
    region = Region.objects.get(code="130408")
    employer = quota.employer_register(
        actor=centre,
        region=region,
        credit_code="９１３５０１００Ｍ０００１００Ｙ４３",  # full-width, as typed: normalised
        name="永年区标准件制造有限公司",
        employer_type="enterprise",
        address="永年区临洺关镇工业街8号",
    )
    year = quota.audit_year_open(
        actor=centre, region=region, year=2025, local_average_wage=Decimal("45000"),
        today=D(2026, 3, 1),
    )  # fmt: skip
    declaration = quota.declaration_save(
        actor=centre, audit_year=year, employer=employer, staff=Decimal("200"),
        wage_bill=Decimal("8888889"), employees=[],
    )  # fmt: skip
    quota.declaration_submit(actor=centre, declaration=declaration, on=D(2026, 4, 1))
    quota.declaration_approve(actor=centre, declaration=declaration, on=D(2026, 7, 20))

    sign_in(page, live_server, "yn_labour")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + reverse("employment_quota:year", args=[year.pk]))
    follow(page.get_by_role("link", name="更正当地平均工资"))
    check_accessibility(page, "quota-wage-form")
    page.get_by_label(re.compile("平均工资")).fill("20000")
    follow(page.get_by_role("button", name="保存更正"))
    expect(page.locator("#id_reason_error")).to_contain_text("必填")  # no reason: nothing saved
    assert AuditYear.objects.get(pk=year.pk).local_average_wage == Decimal("45000")
    page.get_by_label(re.compile("^更正理由")).fill("2025年统计公报更正")
    follow(page.get_by_role("button", name="保存更正"))
    page.wait_for_url("**/years/*/")
    expect(page.locator("#recompute-needed")).to_contain_text("45,000.00")
    assert AuditYear.objects.get(pk=year.pk).local_average_wage == Decimal("20000")
    check_accessibility(page, "quota-year-recompute-needed")

    page.goto(live_server.url + reverse("employment_quota:employers"))
    follow(page.get_by_role("link", name="永年区标准件制造有限公司"))
    registration = page.locator("#employer-registration").inner_text()
    assert "91350100M000100Y43" in registration and "企业" in registration
    expect(page.locator("#employer-years")).to_contain_text("120000.00")  # on time: received 04-01
    expect(page.locator("#employer-years")).to_contain_text("需重新计算")
    check_accessibility(page, "quota-employer-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    check_accessibility(page, "quota-employer-390")
    overflow = page.evaluate(
        "() => document.body.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
