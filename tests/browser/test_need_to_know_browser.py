"""The whole demo, walked in Chromium with every logger at DEBUG: no demo applicant's name (any
spelling stored) or birth date (ISO or dd.mm.yyyy) reaches the server's logs or a URL, and no
page breaks the Content-Security-Policy."""

import logging
import re
from collections.abc import Iterator
from urllib.parse import unquote_plus

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_intake_browser import APPLICANTS, SUBMIT, fill_application
from vetting.accounts.demo import DEMO_ACCOUNTS, demo_password
from vetting.accounts.tests.factories import current_code
from vetting.cases.models import Case
from vetting.intake.models import Application
from vetting.screening.models import ScreeningHit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Capture(logging.Handler):
    """Keeps every record as it would be written, tracebacks included."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def server_log() -> Iterator[Capture]:
    """Every logger at DEBUG, captured (the live server runs in this process)."""
    capture = Capture()
    loggers = [logging.getLogger()] + [
        logging.getLogger(name) for name in list(logging.root.manager.loggerDict)
    ]
    levels = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(capture)
    yield capture
    logging.getLogger().removeHandler(capture)
    for logger, level in levels:
        logger.setLevel(level)


def personal_data() -> set[str]:
    """Every stored spelling of every applicant's name, its longer words, and birth dates."""
    secrets: set[str] = set()
    for name_cyrillic, name_latin, birth_date in Application.objects.values_list(
        "name_cyrillic", "name_latin", "birth_date"
    ):
        for name in (name_cyrillic, name_latin):
            if name:
                secrets.add(name)
                secrets.update(word for word in name.replace(",", " ").split() if len(word) >= 5)
        if birth_date:
            secrets.add(birth_date.isoformat())
            secrets.add(birth_date.strftime("%d.%m.%Y"))
    return secrets


def walk_as(page: Page, base: str, username: str, pages: list[str]) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/en/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", demo_password(username))
    page.fill("#id_otp_token", current_code(User.objects.get(username=username)))
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".whoami")).to_have_text(username)
    for path in pages:
        page.goto(f"{base}{path}")


def clerk_searches(page: Page, base: str, application: Application) -> None:
    """Search by name (a POST: the name stays out of the URL), filter, open the result."""
    page.goto(f"{base}/en/staff/applications/")
    surname = (application.name_latin or application.name_cyrillic).split()[-1]
    everyone = page.locator("#rows .count").inner_text()
    page.fill("input[name=q]", surname)
    page.press("input[name=q]", "Enter")
    expect(page.locator("#rows .count")).not_to_have_text(everyone)
    assert surname not in page.url
    expect(page.locator("#rows tbody tr a").first).to_be_visible()
    screenshot(page, "need-to-know-search")
    page.locator("#rows tbody tr a").first.click()
    expect(page.get_by_role("heading", name="Identity")).to_be_visible()
    page.goto(f"{base}/en/staff/applications/")
    # A filter is in the query string: the list can be bookmarked and reloaded.
    page.select_option("select[name=channel]", "portal")
    expect(page).to_have_url(re.compile(r"channel=portal"))
    expect(page.locator("#rows tbody tr")).not_to_have_count(0)


def test_the_demo_leaks_no_name_or_birth_date_to_logs_or_urls(
    page: Page, live_server, server_log: Capture
) -> None:
    call_command("generate_demo", seed=7, applications=40, watchlist_entries=300, verbosity=0)
    base = live_server.url
    visited: list[str] = []
    csp_violations: list[str] = []
    page.on("request", lambda request: visited.append(request.url))
    page.on(
        "console",
        lambda message: csp_violations.append(message.text)
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
        else None,
    )
    page.on("pageerror", lambda error: csp_violations.append(str(error)))

    # The portal, in each language: apply, then look the status up with the receipt code.
    for language in ("uk", "ru", "en"):
        page.goto(f"{base}/{language}/apply/")
        fill_application(page, language)
        page.get_by_role("button", name=SUBMIT[language]).click()
        code = page.get_by_test_id("receipt-code").inner_text().strip()
        page.goto(f"{base}/{language}/status/")
        page.fill("#id_code", code)
        page.locator("form.form button[type=submit]").click()
        expect(page.get_by_test_id("public-status")).to_be_visible()
        page.goto(f"{base}/{language}/status/")
        page.fill("#id_code", "22222-22222-22222-22222")
        page.locator("form.form button[type=submit]").click()
    screenshot(page, "need-to-know-portal-status")

    application = Application.objects.order_by("pk").first()
    assert application is not None
    case = Case.objects.order_by("pk").first()
    hit = ScreeningHit.objects.order_by("pk").first()
    pages = [
        "/en/staff/",
        "/en/staff/applications/",
        f"/en/staff/applications/{application.pk}/",
        "/en/staff/cases/",
        f"/en/staff/cases/{case.pk}/" if case else "/en/staff/cases/",
        f"/en/staff/applications/{hit.application_id}/" if hit else "/en/staff/",
        "/en/staff/screening/hits/",
        "/en/staff/screening/watchlists/",
        "/en/staff/applications/99999999/",  # 404
        "/en/staff/applications/paper/",  # 403 for every role but the clerk
    ]
    for _role, username in DEMO_ACCOUNTS:
        walk_as(page, base, username, pages)
        if username == "clerk":
            clerk_searches(page, base, application)
        if username == "security":
            page.goto(f"{base}/en/staff/cases/")
            page.select_option("select[name=stage]", index=1)
            expect(page).to_have_url(re.compile(r"\?stage=\w"))  # vetting.js submitted it
            screenshot(page, "need-to-know-queue-filtered")

    typed_here = {name for names in APPLICANTS.values() for name in names[:2] if name}
    secrets = personal_data() | typed_here
    secrets.add("1985-03-14")
    secrets.add("14.03.1985")
    assert len(secrets) > 100
    assert any("Not Found" in line for line in server_log.lines), "the 404 was not logged"
    assert any("Forbidden" in line for line in server_log.lines), "the 403 was not logged"
    leaks_in_log = {s for s in secrets for line in server_log.lines if s in line}
    assert not leaks_in_log, f"personal data in the server log: {len(leaks_in_log)} items"
    urls = [unquote_plus(url) for url in visited]
    leaks_in_urls = {s for s in secrets for url in urls if s in url}
    assert not leaks_in_urls, f"personal data in URLs: {len(leaks_in_urls)} items"
    assert len(visited) > 150
    assert not csp_violations, csp_violations[:5]
