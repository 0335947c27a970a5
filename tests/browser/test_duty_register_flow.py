"""An administrator signs in, finds a work item by search, publishes, and opens the PDF;
axe-core checks every page visited."""

import pytest
from django.urls import reverse

from cdpf import roles
from tests.browser.helpers import check_accessibility, print_through_job
from tests.factories import PASSWORD, duty_workbook, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page, live_server, username):
    page.goto(live_server.url + reverse("login"))
    check_accessibility(page, "login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/")


def test_admin_finds_an_item_publishes_and_prints(live_server, page):
    make_user("yn_admin", "130408", roles.ADMIN)
    sign_in(page, live_server, "yn_admin")
    check_accessibility(page, "home")

    page.get_by_role("link", name="责任清单").first.click()
    page.get_by_role("textbox", name="搜索责任清单").fill("遗失补办")
    page.get_by_role("button", name="搜索").click()
    summary = page.locator("#search-summary")
    assert "1" in summary.inner_text() and "遗失补办" in summary.inner_text()
    row = page.locator("#duty-table tbody tr")
    assert row.count() == 1
    assert "承担残疾人证的遗失补办、换证工作。" in row.inner_text()
    assert "办公室" in row.inner_text() and "6858512" in row.inner_text()
    check_accessibility(page, "register-search")

    print_through_job(page, live_server, "打印（PDF）")
    page.get_by_role("link", name="返回打印前的页面").click()
    page.wait_for_url("**/duties/**")

    page.get_by_role("link", name="已发布版本").click()
    check_accessibility(page, "versions")
    page.get_by_label("备注").fill("年度发布")
    page.get_by_role("button", name="发布").click()
    page.wait_for_url("**/duties/versions/*/")
    assert "第 1 版" in page.locator("h1").inner_text() or "1" in page.locator("h1").inner_text()
    check_accessibility(page, "version-detail")

    # 三员分立: the audit administrator, not the system administrator, reads the log
    assert page.get_by_role("link", name="审计日志").count() == 0
    page.get_by_role("button", name="退出登录").click()
    make_user("yn_auditor", "130408", roles.AUDIT_ADMIN)
    sign_in(page, live_server, "yn_auditor")
    page.get_by_role("link", name="审计日志").click()
    assert "发布" in page.locator("table").inner_text()
    check_accessibility(page, "audit-log")


def test_a_bad_sign_in_shows_a_clear_error(live_server, page):
    make_user("yn_office", "130408", roles.OFFICE)
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("用户名").fill("yn_office")
    page.get_by_label("密码").fill("wrong")
    page.get_by_role("button", name="登录").click()
    assert page.get_by_role("alert").is_visible()
    check_accessibility(page, "login-error")


def test_the_import_page_and_job_page_are_accessible(live_server, page):
    make_user("yn_admin", "130408", roles.ADMIN)
    sign_in(page, live_server, "yn_admin")
    page.goto(live_server.url + reverse("duties:import"))
    check_accessibility(page, "import")
    files = page.get_by_label("表格文件（.xlsx）")
    files.set_input_files({"name": "items.csv", "mimeType": "text/csv", "buffer": b"a,b\n"})
    page.get_by_role("button", name="检查文件").click()
    assert "不是 .xlsx 表格" in page.locator(".invalid-feedback").inner_text()
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
    page.get_by_role("button", name="检查文件").click()
    page.wait_for_url("**/jobs/*/")
    errors = page.locator("#job-errors")
    errors.wait_for()
    assert "不存在的科室" in errors.inner_text() and "2" in errors.inner_text()
    assert page.get_by_role("button", name="应用此次导入").count() == 0
    check_accessibility(page, "import-job-errors")
