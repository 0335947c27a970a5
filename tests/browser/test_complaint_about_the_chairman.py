"""Issue 19 item 1 in a browser: the office registers a named complaint about the chairman. The
chairman never sees it (not in his list, 404 on its address); the city's supervisor is told on
the home page and sees who it is about; the labour centre sees it without the complainant's
name and phone. axe-core on every page, and the city supervisor's page at 390 px."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cdpf import roles
from supervision.models import Complaint
from tests.browser.helpers import ARTIFACTS, check_accessibility, follow, sign_in, sign_out
from tests.factories import make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_complaint_about_the_chairman_skips_him_and_reaches_the_city(live_server, page):
    make_user("yn_office", "130408", roles.OFFICE)
    make_user("yn_chair", "130408", roles.CHAIRMAN, display_name="永年区理事长")
    make_user("yn_labour", "130408", roles.LABOUR_SERVICE)
    make_user("hd_super", "130400", roles.SUPERVISOR)

    sign_in(page, live_server, "yn_office")
    page.goto(live_server.url + reverse("supervision:complaint_new"))
    page.get_by_label(re.compile("^来源渠道")).select_option(label="12345热线")
    page.get_by_label(re.compile("^投诉举报人姓名")).fill("王秀英")
    page.get_by_label(re.compile("^投诉举报人电话")).fill("13912345678")
    page.get_by_label(re.compile("^涉及事项")).select_option(label="《残疾人证》核发")
    page.get_by_label(re.compile("^被投诉举报对象")).fill("理事长审批拖延")
    page.get_by_label(re.compile("^投诉举报内容")).fill("反映理事长长期不审批残疾人证申请。")
    page.get_by_label(re.compile("^本会工作人员")).check()
    follow(page.get_by_role("button", name="登记", exact=True))
    expect(page.locator("#id_respondent_user_error")).to_contain_text("请选择被投诉的工作人员")
    check_accessibility(page, "complaint-respondent-error")
    page.get_by_label(re.compile("^被投诉的工作人员")).select_option(label="永年区理事长（理事长）")
    follow(page.get_by_role("button", name="登记", exact=True))
    page.wait_for_url("**/complaints/*/")
    expect(page.locator("#respondent")).to_contain_text("永年区理事长")
    expect(page.locator("#respondent")).to_contain_text("邯郸市")
    expect(page.locator("#complainant")).to_contain_text("王秀英")
    check_accessibility(page, "complaint-about-the-chairman")
    complaint = Complaint.objects.get()
    address = reverse("supervision:complaint", args=[complaint.pk])
    sign_out(page)

    sign_in(page, live_server, "yn_chair")
    page.goto(live_server.url + reverse("supervision:complaints"))
    assert "理事长审批拖延" not in page.content()
    response = page.goto(live_server.url + address)
    assert response.status == 404
    sign_out_url = live_server.url + reverse("supervision:complaints")
    page.goto(sign_out_url)
    sign_out(page)

    sign_in(page, live_server, "yn_labour")
    page.goto(live_server.url + address)
    assert "王秀英" not in page.content() and "13912345678" not in page.content()
    expect(page.locator("#complainant")).to_contain_text("已隐去")
    sign_out(page)

    sign_in(page, live_server, "hd_super")
    follow(page.get_by_role("link", name=re.compile("涉及区县理事长或监督人员的投诉")))
    follow(page.get_by_role("link", name="理事长审批拖延"))
    expect(page.locator("#respondent")).to_contain_text("永年区理事长")
    assert "王秀英" not in page.content()  # not assigned to this supervisor
    check_accessibility(page, "complaint-at-the-city")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / "complaint-at-the-city-390.png"), full_page=True)
