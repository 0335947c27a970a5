"""The main pages at phone width (390 px) and on the office's 1366 px screens, with the demo
records loaded, as each role: the page body never scrolls sideways, the navigation collapses
behind a menu button on a phone, table cells are never squeezed to one character a line, and
the administrator's menu stays on one line at 1366 px. Screenshots land in test-artifacts/."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.browser.conftest import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DEMO_PASSWORD = "Demo-2026!cdpf"
ROLE_PAGES = {
    "yn_admin": ["home", "audit_log", "duties:register", "employment_quota:employers"],
    "yn_office": ["home", "certificates:index", "certificates:queue", "supervision:police"],
    "yn_cert": ["home", "certificates:print_queue", "certificates:renewals"],
    "yn_labour": [
        "home",
        "employment_quota:index",
        "employment_quota:employers",
        "levy_relief:index",
        "massage_licensing:index",
    ],
    "yn_chair": ["home", "levy_relief:publication", "massage_licensing:reviews_due"],
    "yn_super": ["home", "supervision:dashboard", "supervision:plans", "audit_log"],
    "hd_super": ["home", "employment_quota:dashboard", "supervision:complaints"],
}

# Elements that stick out of the viewport on the right, outside any scrolling container.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (['auto', 'scroll', 'hidden'].includes(style.overflowX) && p !== document.body
          && p !== document.documentElement) return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1 && !scrolls(el)) {
      out.push(el.tagName + '.' + el.className + ' ' + (el.innerText || '').slice(0, 30));
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, out: out.slice(0, 5)};
}"""

# Table cells holding two or more characters squeezed to less than two characters' width.
SQUEEZED = """() => Array.from(document.querySelectorAll('main table th, main table td'))
  .filter(c => c.innerText.trim().length >= 2 && c.getBoundingClientRect().width > 0)
  .filter(c => {
    const s = getComputedStyle(c);
    const inner = c.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    return inner < 2 * parseFloat(s.fontSize);
  })
  .map(c => c.innerText.trim().slice(0, 20)).slice(0, 5)"""


def sign_in(page, base, username):
    page.goto(base + reverse("login"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base + "/")


@pytest.fixture
def demo(db):
    call_command("load_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_main_pages_fit_a_phone_for_every_role(live_server, browser, demo):
    ARTIFACTS.mkdir(exist_ok=True)
    problems = []
    for username, names in ROLE_PAGES.items():
        context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
        page = context.new_page()
        sign_in(page, live_server.url, username)
        for name in names:
            page.goto(live_server.url + reverse(name))
            label = f"390-{username}-{name.replace(':', '-')}"
            page.screenshot(path=str(ARTIFACTS / f"{label}.png"), full_page=True)
            overflow = page.evaluate(OVERFLOWING)
            if overflow["scroll"] > overflow["width"] or overflow["out"]:
                problems.append(f"{label}: body {overflow['scroll']} px; {overflow['out']}")
            squeezed = page.evaluate(SQUEEZED)
            if squeezed:
                problems.append(f"{label}: cells squeezed to one character a line: {squeezed}")
            header = page.locator("header").bounding_box()["height"]
            if header > 80:
                problems.append(f"{label}: header {header:.0f} px high (navigation not collapsed)")
        # The collapsed menu opens and shows the sections.
        page.goto(live_server.url + "/")
        toggler = page.get_by_role("button", name="菜单")
        toggler.click()
        page.get_by_role("link", name="首页").wait_for(state="visible")
        context.close()
    assert not problems, "\n".join(problems)


def test_the_administrators_menu_stays_on_one_line_at_1366(live_server, browser, demo):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    sign_in(page, live_server.url, "yn_admin")
    page.goto(live_server.url + reverse("audit_log"))
    page.screenshot(path=str(ARTIFACTS / "1366-yn_admin-audit_log.png"))
    links = page.locator("header .nav-link")
    assert links.count() >= 9
    tops = {round(box["y"]) for box in (links.nth(i).bounding_box() for i in range(links.count()))}
    heights = {round(links.nth(i).bounding_box()["height"]) for i in range(links.count())}
    assert len(tops) == 1, f"the menu wraps onto {len(tops)} lines"
    assert max(heights) < 50, f"a menu item wraps inside itself ({max(heights)} px high)"
    assert page.locator("header").bounding_box()["height"] <= 64
    context.close()
