"""The auditor signs in, lands on the audit log, narrows it to one case, sees the chain's state,
and on the case page opens the folded line of reads; the log fits a phone and passes axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot, sign_in
from vetting.accounts.tests.factories import make_staff
from vetting.cases.tests.factories import new_case
from vetting.policy.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_auditor_works_from_the_audit_log(page: Page, live_server) -> None:
    base = live_server.url
    case = new_case()
    clerk = make_staff(Role.INTAKE_CLERK, "b-clerk")
    auditor = make_staff(Role.AUDITOR, "b-auditor")
    sign_in(page, base, clerk)
    page.goto(f"{base}/en/staff/cases/{case.pk}/")
    expect(page.get_by_test_id("timeline")).to_contain_text("Application received")

    sign_in(page, base, auditor)
    expect(page).to_have_url(f"{base}/en/staff/audit/")
    expect(page.get_by_test_id("chain-break")).to_contain_text("None found.")
    page.fill("#id_object", case.reference)
    page.get_by_role("button", name="Filter").click()
    entries = page.get_by_test_id("entries")
    expect(entries).to_contain_text("Case opened for reading")
    expect(entries).to_contain_text("b-clerk")
    expect(entries).not_to_contain_text("Signed in")
    screenshot(page, "audit-log-one-case")

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    expect(entries).to_contain_text("Case opened for reading")
    assert (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        <= 1
    )
    violations = Axe().run(page).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    screenshot(page, "audit-log-phone")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/en/staff/cases/{case.pk}/")
    reads = page.get_by_test_id("reads")
    expect(reads.locator("summary")).to_have_text("Viewed 2 times by 2 people")
    expect(reads.locator("ol")).not_to_be_visible()
    reads.locator("summary").click()
    expect(reads.locator("ol")).to_contain_text("b-clerk")
    screenshot(page, "case-timeline-reads-open")
