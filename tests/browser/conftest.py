"""Playwright driving Debian's chromium, and axe-core from npm for accessibility checks."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture
def browser():
    """Started per test: Playwright's event loop must not be running while pytest-django sets
    up or restores the database, or Django sees another connection object."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415  (only the browser tests need it)

    if not Path(CHROMIUM).exists() or not AXE.exists():
        pytest.fail(
            "Browser tests need /usr/bin/chromium and node_modules/axe-core: "
            "run scripts/browser-deps.sh"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    # axe-core comes in as an init script: the pages' Content-Security-Policy refuses an inline
    # <script> tag (issue 15), and init scripts are not subject to it, so the CSP stays on.
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    yield page
    context.close()


def check_accessibility(page, label: str) -> None:
    """axe-core on the current page: no serious or critical violation. Saves a screenshot."""
    ARTIFACTS.mkdir(exist_ok=True)
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
    page.get_by_role("button", name=button).click()
    page.wait_for_url("**/jobs/*/")
    link = page.locator("#job-document")
    link.wait_for(timeout=60_000)  # the page reloads itself when the job ends
    check_accessibility(page, "document-job")
    response = page.context.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body[:5] == b"%PDF-"
    return body
