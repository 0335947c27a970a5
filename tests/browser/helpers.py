"""What the browser tests do on every page: sign in and out, check accessibility with axe-core."""

from pathlib import Path

from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"


def follow(locator) -> None:
    """Click a link or a form's button and return once the page it leads to has loaded.

    A click returns as soon as the browser has acted; whether it also waits for the
    navigation it starts depends on the navigation being seen in time, which a loaded CI
    machine does not promise (a bad sign-in's alert was looked for on the old page). So a
    check, a database read or axe after a step always sees the page the step led to."""
    with locator.page.expect_navigation():
        locator.click()


def password_step(page, live_server, username):
    """The sign-in form, filled with the account's password and sent."""
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    follow(page.get_by_role("button", name="登录"))


def sign_in(page, live_server, username):
    """Signed in and on the home page; if not, the failure says what the page said (and keeps
    a screenshot) instead of a bare timeout."""
    password_step(page, live_server, username)
    try:
        page.wait_for_url(live_server.url + "/")
    except PlaywrightTimeoutError as exc:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"signin-{username}.png"), full_page=True)
        raise AssertionError(
            f"{username} not signed in: {page.url}\n{page.inner_text('body')}"
        ) from exc


def sign_out(page):
    follow(page.get_by_role("button", name="退出登录"))
    page.wait_for_url("**/login/")


def check_accessibility(page, label: str) -> None:
    """axe-core on the current page: no serious or critical violation. Saves a screenshot."""
    ARTIFACTS.mkdir(exist_ok=True)
    # A click that navigates returns once the new page has started loading: axe must read the
    # whole page, not the part parsed so far.
    page.wait_for_load_state("load")
    page.screenshot(path=str(ARTIFACTS / f"{label}.png"), full_page=True)
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_init_script(path=str(AXE))
        page.reload()
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
        for v in bad
    )
    assert not bad, f"axe found on {label} ({page.url}):\n{details}"


def print_through_job(page, live_server, button: str) -> bytes:
    """Press a print button of a document laid out in a job (decision 0230): the job page
    shows its progress, then the link to the kept document, which opens as a PDF."""
    follow(page.get_by_role("button", name=button))
    page.wait_for_url("**/jobs/*/")
    link = page.locator("#job-document")
    link.wait_for(timeout=60_000)  # the page reloads itself when the job ends
    check_accessibility(page, "document-job")
    response = page.context.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body[:5] == b"%PDF-"
    return body
