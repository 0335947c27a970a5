"""Supervision in the browser: one complaint from intake to closed; the quarterly police file
with 3 of 50 rows matching, confirmed and cancelled; a rectification order turning overdue on
the dashboard. axe-core checks every page visited."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cdpf import roles
from cdpf.models import Region
from certificates.models import Certificate, CertificateEvent
from employment_quota.models import Employer
from supervision.models import Complaint, Measure
from tests.browser.helpers import check_accessibility, follow, print_through_job, sign_in, sign_out
from tests.factories import id_number, make_holder, make_user, police_csv

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def employer():
    return Employer.objects.create(
        region=Region.objects.get(code="130408"),
        credit_code="91350100M000100Y43",
        name="永年区示范企业有限公司",
        employer_type="enterprise",
        address="永年区建设路1号",
    )


def test_a_complaint_from_intake_to_closed(live_server, page):
    make_user("yn_office", "130408", roles.OFFICE)
    make_user("yn_super", "130408", roles.SUPERVISOR, display_name="永年区监督员")
    employer()

    sign_in(page, live_server, "yn_office")
    follow(page.get_by_role("link", name="事中事后监督"))
    follow(page.get_by_role("link", name="投诉举报", exact=True))
    check_accessibility(page, "supervision-complaints")
    follow(page.get_by_role("link", name="登记投诉举报"))
    page.get_by_label(re.compile("^来源渠道")).select_option(label="12345热线")
    page.get_by_label(re.compile("^涉及事项")).select_option(label="按比例安排残疾人就业年审")
    page.get_by_label(re.compile("^被投诉举报对象")).fill("永年区示范企业有限公司")
    page.get_by_label(re.compile("^投诉举报内容")).fill("反映该单位虚报残疾职工人数。")
    page.get_by_label(re.compile("^外部单位或个人")).check()
    page.get_by_label(re.compile("^被投诉的单位或个人")).fill("永年区示范企业有限公司")
    follow(page.get_by_role("button", name="登记", exact=True))
    expect(page.locator("#id_complainant_name_error")).to_contain_text("请填写投诉举报人姓名")
    check_accessibility(page, "supervision-complaint-error")
    page.get_by_label("匿名").check()
    follow(page.get_by_role("button", name="登记", exact=True))
    page.wait_for_url("**/complaints/*/")
    complaint = Complaint.objects.get()
    expect(page.locator("#reply-due")).to_have_text(f"{complaint.reply_due_on:%Y-%m-%d}")
    page.get_by_label(re.compile("^监督人员")).select_option(label="永年区监督员")
    check_accessibility(page, "supervision-complaint-received")
    follow(page.get_by_role("button", name="交办", exact=True))
    expect(page.locator("#complaint-state")).to_contain_text("已交办")
    sign_out(page)

    sign_in(page, live_server, "yn_super")
    follow(page.get_by_role("link", name=re.compile("件投诉举报待您核查")))
    follow(page.get_by_role("link", name="永年区示范企业有限公司"))
    page.get_by_label(re.compile("^检查方式")).select_option(label="书面检查与实地考查")
    page.get_by_label(re.compile("^检查对象")).select_option(label="用人单位")
    page.get_by_label(re.compile("^用人单位")).select_option(label="永年区示范企业有限公司")
    check_accessibility(page, "supervision-complaint-assigned")
    follow(page.get_by_role("button", name="开始核查"))
    page.wait_for_url("**/inspections/*/")
    follow(page.get_by_role("button", name="通知被检查对象"))
    check_accessibility(page, "supervision-inspection-notified")
    follow(page.get_by_role("link", name="记录检查结果"))
    for code in ("q1", "q2", "q3", "q4", "q5"):
        page.locator(f"input[name=result_{code}][value=ok]").check()
    page.get_by_label(re.compile("^检查结论")).fill("经核查，该单位残疾职工均在岗，举报不属实。")
    check_accessibility(page, "supervision-check-form")
    follow(page.get_by_role("button", name="保存检查结果"))
    page.wait_for_url("**/inspections/*/")
    follow(page.get_by_role("link", name=re.compile("^投诉举报 ")))
    page.get_by_label(re.compile("^核查结论")).select_option(label="不属实")
    page.get_by_label(re.compile("^答复内容")).fill("经实地核查，举报内容不属实。")
    check_accessibility(page, "supervision-complaint-verifying")
    follow(page.get_by_role("button", name="记录答复"))
    expect(page.locator("#complaint-state")).to_contain_text("已答复")
    sign_out(page)

    sign_in(page, live_server, "yn_office")
    follow(page.get_by_role("link", name=re.compile("件投诉举报待交办或办结")))
    follow(page.get_by_role("link", name="永年区示范企业有限公司"))
    page.get_by_label(re.compile("^答复方式")).fill("匿名举报，答复存档")
    follow(page.get_by_role("button", name="办结投诉举报"))
    expect(page.locator("#complaint-state")).to_contain_text(re.compile("已关闭|已办结"))
    check_accessibility(page, "supervision-complaint-closed")
    complaint.refresh_from_db()
    assert complaint.state == "closed" and complaint.inspections.get().state == "checked"


def test_a_police_file_with_three_matches_is_confirmed_and_printed(live_server, page, tmp_path):
    make_user("yn_office", "130408", roles.OFFICE)
    holders = [
        make_holder(id_number("19480312", "101"), "张保国"),
        make_holder(id_number("19520708", "202"), "李桂兰"),
        make_holder(id_number("19610115", "303"), "王振华"),
        make_holder(id_number("19700920", "404"), "赵秀英"),
    ]
    rows = [
        [holders[0].person.id_number, "张保国", "死亡", "2026-07-14", "临洺关派出所"],
        [holders[1].person.id_number, "李桂兰", "死亡", "2026-08-02", "临洺关派出所"],
        [holders[2].person.id_number, "王振华", "户籍注销", "2026-09-10", "广府派出所"],
    ] + [
        [id_number("19500101", f"{600 + n:03d}"), f"居民{n}", "死亡", "2026-08-15", ""]
        for n in range(47)
    ]
    path = tmp_path / "公安数据2026Q3.csv"
    path.write_bytes(police_csv(rows, encoding="gb18030"))

    sign_in(page, live_server, "yn_office")
    follow(page.get_by_role("link", name="事中事后监督"))
    follow(page.get_by_role("link", name="动态核销（公安数据）"))
    check_accessibility(page, "supervision-police")
    follow(page.get_by_role("link", name="导入公安数据"))
    page.get_by_label(re.compile("^年度")).fill("2026")
    page.get_by_label(re.compile("^季度")).select_option("3")
    page.get_by_label(re.compile("^公安数据文件")).set_input_files(str(path))
    check_accessibility(page, "supervision-police-import")
    follow(page.get_by_role("button", name="检查并比对"))
    page.wait_for_url("**/jobs/*/")
    page.locator("#job-outcome").wait_for()
    check_accessibility(page, "supervision-police-job")
    follow(page.get_by_role("link", name="打开登记册"))
    follow(page.get_by_role("link", name="公安数据2026Q3.csv"))
    expect(page.locator("#record-table tbody tr")).to_have_count(3)
    check_accessibility(page, "supervision-police-file")
    for index in range(3):
        follow(page.get_by_role("link", name=re.compile("^核对并确认：")).first)
        page.wait_for_url("**/confirm/")
        holder_record = page.locator("#holder-record").inner_text()
        assert any(name in holder_record for name in ("张保国", "李桂兰", "王振华"))
        follow(page.get_by_role("button", name="确认核销"))  # not ticked: nothing happens
        expect(page.locator("#id_checked_error")).to_contain_text("请勾选")
        if index == 0:
            check_accessibility(page, "supervision-police-confirm")
        page.get_by_label(re.compile("^我已将公安信息")).check()
        follow(page.get_by_role("button", name="确认核销"))
        page.wait_for_url("**/police/files/*/")
    expect(page.locator("#record-table tbody tr")).to_have_count(1)  # "no row in this group"
    statuses = {c.person.name: c.status for c in Certificate.objects.select_related("person")}
    assert statuses == {
        "张保国": "cancelled",
        "李桂兰": "cancelled",
        "王振华": "cancelled",
        "赵秀英": "valid",
    }
    follow(page.get_by_role("link", name=re.compile("^已确认核销")))
    follow(page.get_by_role("link", name=holders[0].number))
    check_accessibility(page, "supervision-holder-history")
    assert CertificateEvent.objects.filter(kind="cancelled").count() == 3
    page.goto(live_server.url + reverse("supervision:police") + "?year=2026")
    print_through_job(page, live_server, "打印第3季度名单（PDF）")


def test_a_rectification_order_turns_overdue_on_the_dashboard(live_server, page):
    make_user("yn_super", "130408", roles.SUPERVISOR)
    employer()
    year = datetime.date.today().year
    sign_in(page, live_server, "yn_super")
    follow(page.get_by_role("link", name="事中事后监督"))
    follow(page.get_by_role("link", name="检查计划"))
    page.get_by_label(re.compile("^年度")).fill(str(year))
    page.get_by_label(re.compile("^监管事项")).select_option(label="按比例安排残疾人就业年审")
    follow(page.get_by_role("button", name="保存计划"))
    page.wait_for_url("**/plans/*/")
    expect(page.locator("#plan-flag")).to_be_visible()
    page.get_by_label(re.compile("^检查方式")).select_option(label="书面检查")
    page.get_by_label(re.compile("^用人单位")).select_option(label="永年区示范企业有限公司")
    check_accessibility(page, "supervision-plan")
    follow(page.get_by_role("button", name="安排", exact=True))
    follow(page.get_by_role("button", name="通知被检查对象"))
    follow(page.get_by_role("link", name="记录检查结果"))
    for code in ("q1", "q2", "q3", "q4"):
        page.locator(f"input[name=result_{code}][value=ok]").check()
    page.locator("input[name=result_q5][value=issue]").check()
    page.get_by_label(re.compile("^说明：认证资料档案按用人单位分册建档")).fill("档案未分册")
    page.get_by_label(re.compile("^检查结论")).fill("认证资料档案不健全。")
    follow(page.get_by_role("button", name="保存检查结果"))
    page.get_by_role("textbox", name=re.compile("^发现的问题")).fill("认证资料档案未按单位分册建档")
    follow(page.get_by_role("button", name="记录问题"))
    page.get_by_text("针对该问题下达处理措施").click()
    page.get_by_label("整改要求").fill("按单位分册建档")
    page.get_by_label("期限", exact=True).fill(
        f"{datetime.date.today() + datetime.timedelta(days=10):%Y-%m-%d}"
    )
    check_accessibility(page, "supervision-inspection-checked")
    follow(page.get_by_role("button", name="下达处理措施"))
    page.wait_for_url("**/measures/*/")
    check_accessibility(page, "supervision-measure")
    page.goto(live_server.url + reverse("supervision:dashboard"))
    expect(page.locator("#overdue-measures")).to_have_text("0")
    # ten days later nothing has been done: the order is past its deadline
    Measure.objects.update(deadline=datetime.date.today() - datetime.timedelta(days=1))
    page.reload()
    expect(page.locator("#overdue-measures")).to_contain_text("⚠ 1")
    check_accessibility(page, "supervision-dashboard")
    follow(page.locator("#overdue-measures"))
    expect(page.locator("#measure-table")).to_contain_text("已超期")
    check_accessibility(page, "supervision-measures-overdue")
