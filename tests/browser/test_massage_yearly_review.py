"""Issue 19 item 2 in a browser: a yearly review of a certified institution whose practitioners'
health certificates have all expired. The centre sees the checklist as of the review day; a
year before certification is refused; 合格 is refused while a requirement is not met; with the
reviewer's written reason it is recorded, and the reason shows on the record. axe-core and
screenshots at 1366 px and 390 px."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cdpf import roles
from cdpf.models import Region
from massage_licensing import services
from massage_licensing.models import YearlyReview
from tests.browser.helpers import check_accessibility, follow, sign_in
from tests.factories import CREDIT_CODE, holder, institution_data, make_user, staff_member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
CERTIFIED_ON = datetime.date(2026, 3, 2)


def certified_institution(centre, chairman):
    rep = holder(90, name="张光明")
    institution = services.institution_register(
        actor=centre,
        region=Region.objects.get(code="130408"),
        credit_code=CREDIT_CODE,
        today=CERTIFIED_ON,
        **institution_data(
            representative_is_blind=True, representative_certificate_number=rep.number
        ),
    )
    for seq in range(1, 4):
        staff_member(centre, institution, holder(seq), joined_on=datetime.date(2026, 1, 5))
    application = services.application_submit(
        actor=centre, institution=institution, on=CERTIFIED_ON
    )
    services.application_check(actor=centre, application=application, on=CERTIFIED_ON)
    services.inspection_record(
        actor=centre,
        application=application,
        inspected_on=CERTIFIED_ON,
        inspectors="王工",
        area_confirmed=True,
        facilities_confirmed=True,
        staff_confirmed=True,
        passed=True,
        findings="一致",
    )
    services.application_approve(actor=chairman, application=application, on=CERTIFIED_ON)
    # every practitioner's health certificate has expired since
    institution.practitioners.update(health_certificate_expiry=datetime.date(2026, 6, 30))
    return institution


def test_a_review_cannot_pass_a_failing_checklist_without_a_written_reason(live_server, page):
    centre = make_user("yn_labour", "130408", roles.LABOUR_SERVICE)
    chairman = make_user("yn_chair", "130408", roles.CHAIRMAN)
    institution = certified_institution(centre, chairman)

    sign_in(page, live_server, "yn_labour")
    page.goto(live_server.url + reverse("massage_licensing:institution", args=[institution.pk]))
    follow(page.get_by_role("link", name="录入年审"))
    checklist = page.locator("#review-checklist")
    expect(checklist).to_contain_text("健康证已于 2026-06-30 过期")
    expect(checklist).to_contain_text("不符合")
    check_accessibility(page, "massage-review-form")

    page.get_by_label(re.compile("^年审年度")).fill("2025")
    page.get_by_label("合格", exact=True).check()
    follow(page.get_by_role("button", name="保存年审结果"))
    expect(page.locator("#id_year_error")).to_contain_text("2026")

    page.get_by_label(re.compile("^年审年度")).fill(str(datetime.date.today().year + 5))
    follow(page.get_by_role("button", name="保存年审结果"))
    expect(page.locator("#id_year_error")).to_contain_text("只能年审")

    page.get_by_label(re.compile("^年审年度")).fill("2026")
    page.get_by_label("合格", exact=True).check()
    follow(page.get_by_role("button", name="保存年审结果"))
    error = page.locator("#id_passed_error").inner_text()
    assert "有条件不符合" in error and "健康证" in error
    check_accessibility(page, "massage-review-refused")
    assert not YearlyReview.objects.exists()

    page.get_by_label(re.compile("^未满足条件仍予合格的理由")).fill(
        "三人已于 11 月 20 日复检合格，新健康证待发"
    )
    follow(page.get_by_role("button", name="保存年审结果"))
    page.wait_for_url("**/institutions/*/")
    reviews = page.locator("#review-table").inner_text()
    assert "合格" in reviews and "三人已于 11 月 20 日复检合格" in reviews
    follow(page.locator("#review-table").get_by_role("link", name="合格"))
    expect(page.locator("#exception-reason")).to_contain_text("三人已于 11 月 20 日复检合格")
    expect(page.locator("#recorded-checklist")).to_contain_text("健康证已于 2026-06-30 过期")
    check_accessibility(page, "massage-review-detail")
    page.set_viewport_size({"width": 390, "height": 844})
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.screenshot(path="test-artifacts/massage-review-detail-390.png", full_page=True)
    assert overflow <= 0, overflow
    review = YearlyReview.objects.get()
    assert review.passed and review.year == 2026 and review.exception_reason
