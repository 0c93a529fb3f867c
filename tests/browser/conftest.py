"""Browser tests: Playwright drives Debian's Chromium against the live test server.

Screenshots go to test-artifacts/screenshots/ (ignored by git) for a person to look at.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = os.environ.get("VETTING_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DB_NAME = os.environ.get("VETTING_DATABASE_URL", "sqlite").split(":")[0]

# Every step waits on what it needs (an element, a response, a URL); these bounds only say how
# long a step may take before the test fails. `expect` has its own bound (5 s by default), which
# a busy 2-core machine running another heavy job overran on a sign-in: both get the same
# generous bound, which costs nothing when the machine is idle.
STEP_TIMEOUT_MS = 60_000
expect.set_options(timeout=STEP_TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    yield page
    context.close()


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot named for the test database, for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{DB_NAME}-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page: Page, base: str, user: object) -> None:
    """Sign in through the real form with the password and the current TOTP code."""
    from playwright.sync_api import expect

    from vetting.accounts.tests.factories import PASSWORD, current_code

    page.context.clear_cookies()
    page.goto(f"{base}/en/staff/login/")
    page.fill("#id_username", user.username)  # type: ignore[attr-defined]
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", current_code(user))  # type: ignore[arg-type]
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".whoami")).to_have_text(user.username)  # type: ignore[attr-defined]
