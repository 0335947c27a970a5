"""Playwright driving Debian's chromium, and axe-core from npm for accessibility checks."""

import os
from pathlib import Path

import pytest

from tests.browser.helpers import AXE

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

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
