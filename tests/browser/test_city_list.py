"""The 邯郸市 supervisor's certificate list past its count limit (issue 16 item 2, decision
0260): the page says how many are listed and pages through them, at both widths."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cdpf import roles
from certificates.views import people
from tests.browser.helpers import check_accessibility, follow, sign_in
from tests.factories import make_holder, make_user, practitioner_id_number

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("width", [1366, 390])
def test_the_city_list_says_more_than_its_limit_and_pages_through_it(
    live_server, page, monkeypatch, width
):
    monkeypatch.setattr(people, "LIST_COUNT_LIMIT", 50)
    make_user("hd_super", "130400", roles.SUPERVISOR)
    today = timezone.localdate()
    for i in range(52):
        region = "130408" if i % 2 else "130402"
        expiry = today - datetime.timedelta(days=1 + i)
        make_holder(practitioner_id_number(700 + i), f"过期{i}", region=region, expiry=expiry)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "hd_super")
    page.goto(f"{live_server.url}/certificates/")
    page.get_by_label(re.compile("^状态")).select_option("expired")
    follow(page.get_by_role("button", name="搜索", exact=True))
    status = page.get_by_role("status").filter(has_text="残疾人证")
    said = "符合条件的残疾人证超过 50 本，列出前 50 本；请缩小查询范围查看其余。"
    expect(status).to_have_text(said)
    first_expiry = page.locator("#certificate-table tbody tr").first.locator("td").last
    expect(first_expiry).to_have_text((today - datetime.timedelta(days=1)).isoformat())
    check_accessibility(page, f"city-list-capped-{width}")
    follow(page.get_by_role("link", name="下一页"))
    expect(page.locator(".pagination")).to_contain_text("第 2 页，前 2 页")
    expect(page.locator("#certificate-table tbody tr")).to_have_count(25)
    assert not page.get_by_role("link", name="下一页").count()
    width_ok = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert width_ok, "the page scrolls sideways"
    check_accessibility(page, f"city-list-page-2-{width}")
