"""An administrator signs in, finds a work item by search, publishes, and opens the PDF;
axe-core checks every page visited."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cdpf import roles
from tests.browser.helpers import check_accessibility, follow, print_through_job, sign_in, sign_out
from tests.factories import duty_workbook, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_admin_finds_an_item_publishes_and_prints(live_server, page):
    make_user("yn_admin", "130408", roles.ADMIN)
    page.goto(live_server.url + reverse("login"))
    check_accessibility(page, "login")
    sign_in(page, live_server, "yn_admin")
    check_accessibility(page, "home")

    follow(page.get_by_role("link", name="责任清单").first)
    page.get_by_role("textbox", name="搜索责任清单").fill("遗失补办")
    follow(page.get_by_role("button", name="搜索"))
    summary = page.locator("#search-summary")
    expect(summary).to_contain_text("1")
    expect(summary).to_contain_text("遗失补办")
    row = page.locator("#duty-table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("承担残疾人证的遗失补办、换证工作。")
    expect(row).to_contain_text("办公室")
    expect(row).to_contain_text("6858512")
    check_accessibility(page, "register-search")

    print_through_job(page, live_server, "打印（PDF）")
    follow(page.get_by_role("link", name="返回打印前的页面"))
    page.wait_for_url("**/duties/**")

    follow(page.get_by_role("link", name="已发布版本"))
    check_accessibility(page, "versions")
    page.get_by_label("备注").fill("年度发布")
    follow(page.get_by_role("button", name="发布"))
    page.wait_for_url("**/duties/versions/*/")
    assert "第 1 版" in page.locator("h1").inner_text() or "1" in page.locator("h1").inner_text()
    check_accessibility(page, "version-detail")

    # 三员分立: the audit administrator, not the system administrator, reads the log
    expect(page.get_by_role("link", name="审计日志")).to_have_count(0)
    sign_out(page)
    make_user("yn_auditor", "130408", roles.AUDIT_ADMIN)
    sign_in(page, live_server, "yn_auditor")
    follow(page.get_by_role("link", name="审计日志"))
    expect(page.locator("table")).to_contain_text("发布")
    check_accessibility(page, "audit-log")


def test_a_bad_sign_in_shows_a_clear_error(live_server, page):
    make_user("yn_office", "130408", roles.OFFICE)
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("用户名").fill("yn_office")
    page.get_by_label("密码").fill("wrong")
    follow(page.get_by_role("button", name="登录"))
    expect(page.get_by_role("alert")).to_be_visible()
    check_accessibility(page, "login-error")


def test_the_import_page_and_job_page_are_accessible(live_server, page):
    make_user("yn_admin", "130408", roles.ADMIN)
    sign_in(page, live_server, "yn_admin")
    page.goto(live_server.url + reverse("duties:import"))
    check_accessibility(page, "import")
    files = page.get_by_label("表格文件（.xlsx）")
    files.set_input_files({"name": "items.csv", "mimeType": "text/csv", "buffer": b"a,b\n"})
    follow(page.get_by_role("button", name="检查文件"))
    expect(page.locator(".invalid-feedback")).to_contain_text("不是 .xlsx 表格")
    check_accessibility(page, "import-error")

    content = duty_workbook([[1, 1, "承担残疾人需求信息收集工作。", "不存在的科室", "6858512", ""]])
    files = page.get_by_label("表格文件（.xlsx）")
    files.set_input_files(
        {
            "name": "items.xlsx",
            "buffer": content,
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    )
    follow(page.get_by_role("button", name="检查文件"))
    page.wait_for_url("**/jobs/*/")
    errors = page.locator("#job-errors")
    errors.wait_for()
    expect(errors).to_contain_text("不存在的科室")
    expect(errors).to_contain_text("2")
    expect(page.get_by_role("button", name="应用此次导入")).to_have_count(0)
    check_accessibility(page, "import-job-errors")
