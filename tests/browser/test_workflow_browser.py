"""One application from the portal through every stage to acceptance, each role signing in
with two factors in turn; one to rejection; one withdrawn by the applicant mid-way."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot, sign_in
from tests.browser.test_intake_browser import fill_application
from vetting.cases.models import Case
from vetting.cases.tests.factories import Team, advance
from vetting.policy.workflow import Stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_case_from_queue(page: Page, base: str, case: Case) -> None:
    page.goto(f"{base}/en/staff/cases/")
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_test_id("stage")).to_be_visible()


def click(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    expect(page.locator(".messages")).to_be_visible()


def expect_stage(page: Page, label: str) -> None:
    expect(page.get_by_test_id("stage")).to_have_text(label)


def apply(page: Page, base: str) -> str:
    page.goto(f"{base}/en/apply/")
    fill_application(page, "ru")
    page.get_by_role("button", name="Send the application").click()
    return page.get_by_test_id("receipt-code").inner_text().strip()


def test_application_walks_from_the_portal_to_acceptance(page: Page, live_server) -> None:
    base = live_server.url
    team = Team.create()
    code = apply(page, base)
    case = Case.objects.get()

    sign_in(page, base, team.clerk)
    open_case_from_queue(page, base, case)
    screenshot(page, "case-received")
    click(page, "Start triage")
    expect_stage(page, "Triage")
    # Now (to the minute): today, so not in the past, and held by the time findings are due.
    page.fill("#id_scheduled_for", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_place", "Detention site No. 1")
    page.select_option("#id_interviewer", label=team.interviewer.username)
    click(page, "Schedule an interview")
    click(page, "Send to interview")
    expect_stage(page, "Interview")

    sign_in(page, base, team.interviewer)
    open_case_from_queue(page, base, case)
    page.select_option("#id_motivation", "positive")
    page.select_option("#id_consistency", "positive")
    page.select_option("#id_fitness", "positive")
    page.fill("#id_notes", "Consistent account of capture; wants to fight the regime.")
    click(page, "Record findings")
    click(page, "Send to background checks")
    expect_stage(page, "Background checks")

    for officer in (team.security, team.counterintel):
        sign_in(page, base, officer)
        open_case_from_queue(page, base, case)
        page.fill("#id_findings", f"{officer.username}: registries checked, nothing adverse.")
        page.select_option("#id_result", "clear")
        click(page, "Record the check")
    screenshot(page, "case-checks")
    click(page, "Send to polygraph")
    expect_stage(page, "Polygraph")
    for number, examiner in (("1", team.examiner1), ("2", team.examiner2)):
        page.select_option("#id_number", number)
        page.select_option("#id_examiner", label=examiner.username)
        click(page, "Assign the session")

    for examiner in (team.examiner1, team.examiner2):
        sign_in(page, base, examiner)
        open_case_from_queue(page, base, case)
        page.select_option("#id_result", "no_deception")
        click(page, "Record the result")
    click(page, "Send to the commander")
    expect_stage(page, "Commander decision")

    sign_in(page, base, team.commander1)
    open_case_from_queue(page, base, case)
    page.select_option("#id_outcome", "accept")
    page.fill("#id_note", "Verified identity and unit; both polygraphs clear.")
    click(page, "Record the decision")
    expect(page.get_by_test_id("decision")).to_contain_text("Waiting for a second commander")
    screenshot(page, "case-decision-pending")

    sign_in(page, base, team.commander2)
    page.goto(f"{base}/en/staff/cases/{case.pk}/")
    click(page, "Approve the acceptance (second commander)")
    expect_stage(page, "Accepted")
    screenshot(page, "case-accepted")

    page.goto(f"{base}/en/status/")
    page.fill("#id_code", code)
    page.locator("form.form button[type=submit]").click()
    expect(page.get_by_test_id("public-status")).to_have_text("Decided")


def test_commander_rejects_with_a_reason_code(page: Page, live_server) -> None:
    base = live_server.url
    team = Team.create()
    apply(page, base)
    case = advance(Case.objects.get(), team, Stage.COMMANDER_DECISION)
    sign_in(page, base, team.commander1)
    page.goto(f"{base}/en/staff/cases/")
    screenshot(page, "commander-queue")
    open_case_from_queue(page, base, case)
    screenshot(page, "case-decision")
    page.select_option("#id_outcome", "reject")
    page.select_option("#id_reason_code", "deception")
    page.fill("#id_note", "Account of capture contradicted by the unit's records.")
    click(page, "Record the decision")
    expect_stage(page, "Rejected")
    screenshot(page, "case-rejected")


def test_applicant_withdraws_mid_way(page: Page, live_server) -> None:
    base = live_server.url
    team = Team.create()
    code = apply(page, base)
    case = advance(Case.objects.get(), team, Stage.BACKGROUND_CHECKS)
    page.goto(f"{base}/en/status/")
    page.fill("#id_code", code)
    page.locator("form.form button[type=submit]").click()
    expect(page.get_by_test_id("public-status")).to_have_text("In review")
    page.check("input[name=confirm]")
    page.locator("form.withdraw button[type=submit]").click()
    expect(page.get_by_test_id("withdrawn")).to_be_visible()
    sign_in(page, base, team.security)
    page.goto(f"{base}/en/staff/cases/{case.pk}/")
    expect_stage(page, "Withdrawn")
    expect(page.get_by_test_id("moves")).to_have_count(0)
    screenshot(page, "case-withdrawn")
