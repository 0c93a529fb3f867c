"""What the services find reaches the decision: counter-intelligence confirms a watchlist hit,
the case is held, the commander's summary names the match, the acceptance is refused until the
service lifts the hold; and the two services check blind."""

import io

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.browser.conftest import STEP_TIMEOUT_MS, screenshot, sign_in
from vetting.audit.actions import Actor
from vetting.cases.models import Case
from vetting.cases.tests.factories import Team, advance, new_case
from vetting.policy.workflow import Stage
from vetting.screening import actions as screening
from vetting.screening.models import ScreeningHit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIST = "Known intelligence officers"
WATCHLIST = "id,name,birth_date\nKIO-7,SHISHKAREV Nikolai,1985-03-14\n"


def click(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    expect(page.locator(".messages")).to_be_visible()


class Desks:
    """One browser window per officer, each signed in once (a code is good for one sign-in)."""

    def __init__(self, browser: Browser, base: str) -> None:
        self.browser, self.base, self.pages = browser, base, {}  # type: ignore[var-annotated]

    def of(self, user: object) -> Page:
        if user not in self.pages:
            context = self.browser.new_context(
                viewport={"width": 1280, "height": 900}, locale="en-GB"
            )
            page = context.new_page()
            page.set_default_timeout(STEP_TIMEOUT_MS)
            sign_in(page, self.base, user)
            self.pages[user] = page
        return self.pages[user]

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


def case_on_the_list(team: Team, stage: Stage) -> tuple[Case, ScreeningHit]:
    server = Actor(origin="test")
    screening.import_watchlist(
        io.StringIO(WATCHLIST), watchlist_name=LIST, file_name="kio.csv", jsonl=False, actor=server
    )
    case = advance(new_case(), team, stage)
    screening.screen_application(case.application_id, server)
    return case, ScreeningHit.objects.get(application_id=case.application_id)


def test_a_confirmed_hit_holds_the_case_until_its_service_lifts_it(
    browser: Browser, live_server
) -> None:
    base = live_server.url
    desks = Desks(browser, base)
    team = Team.create()
    case, hit = case_on_the_list(team, Stage.COMMANDER_DECISION)
    case_url = f"{base}/en/staff/cases/{case.pk}/"

    # An open hit is shown on the case: the commander cannot accept yet.
    page = desks.of(team.commander1)
    page.goto(case_url)
    expect(page.get_by_test_id("open-hit-tag")).to_be_visible()
    expect(page.get_by_test_id("acceptance-held")).to_contain_text("waiting for the services")

    # Counter-intelligence confirms the hit: the case is held, with the hit as the reason.
    page = desks.of(team.counterintel)
    page.goto(f"{base}/en/staff/applications/{case.application_id}/#screening")
    page.fill(f"#reason-{hit.pk}", "Same person: photograph and unit match the file.")
    page.get_by_role("button", name="Confirm: same person").click()
    expect(page.locator(f"#hit-{hit.pk}")).to_contain_text("Confirmed")
    page.goto(case_url)
    expect(page.get_by_test_id("match-hold-tag")).to_be_visible()
    expect(page.get_by_test_id("match-hold")).to_contain_text(
        f"Confirmed match on {LIST}, confirmed by {team.counterintel.username}"
    )
    expect(page.get_by_test_id("lift-hold")).to_be_visible()
    screenshot(page, "findings-hold-counterintel")

    # The commander's page and printed summary name the match, not the list's data.
    page = desks.of(team.commander1)
    page.goto(case_url)
    expect(page.get_by_test_id("match-hold")).to_contain_text(f"Confirmed match on {LIST}")
    expect(page.get_by_test_id("lift-hold")).to_have_count(0)
    link = page.locator(".papers a[href$='summary.pdf']").get_attribute("href")
    summary = page.request.get(f"{base}{link}")
    assert summary.ok, summary.status
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(summary.body())).pages).replace(
        "\n", " "
    )
    assert f"Confirmed match on {LIST}, confirmed by {team.counterintel.username}" in text
    assert "SHISHKAREV" not in text and "KIO-7" not in text
    # The acceptance is refused, with the reason.
    page.select_option("#id_outcome", "accept")
    page.fill("#id_note", "Identity and unit verified; both polygraphs clear.")
    click(page, "Record the decision")
    expect(page.locator(".messages")).to_contain_text(f"Confirmed match on {LIST}")
    expect(page.get_by_test_id("stage")).to_have_text("Commander decision")
    screenshot(page, "findings-acceptance-refused")
    # The same page in Ukrainian: the hold and the services' results in words, no stored
    # value; the top bar keeps the name and "sign out" together.
    page.goto(case_url.replace("/en/", "/uk/", 1))
    expect(page.get_by_test_id("match-hold")).to_contain_text(
        f"Підтверджений збіг зі списком «{LIST}», підтвердив {team.counterintel.username}"
    )
    expect(page.get_by_test_id("check-summary-security")).to_have_text(
        "Служба безпеки: Без зауважень"
    )
    name = page.locator(".whoami").bounding_box()
    sign_out = page.locator(".topbar form.inline button").bounding_box()
    assert name and sign_out and abs(name["y"] - sign_out["y"]) < name["height"], (name, sign_out)
    screenshot(page, "findings-acceptance-refused-uk")

    # Only the confirming service lifts the hold, with a reason.
    page = desks.of(team.security)
    page.goto(case_url)
    expect(page.get_by_test_id("match-hold")).to_be_visible()
    expect(page.get_by_test_id("lift-hold")).to_have_count(0)
    page = desks.of(team.counterintel)
    page.goto(case_url)
    page.get_by_test_id("lift-hold").locator("textarea").fill(
        "Fingerprints from the registry differ: a namesake."
    )
    click(page, "Lift the hold")
    expect(page.get_by_test_id("hold-lifted")).to_contain_text("Lifted by")
    expect(page.get_by_test_id("match-hold-tag")).to_have_count(0)
    screenshot(page, "findings-hold-lifted")

    # Now the acceptance goes through, with two commanders.
    page = desks.of(team.commander1)
    page.goto(case_url)
    page.select_option("#id_outcome", "accept")
    page.fill("#id_note", "Hold lifted by counter-intelligence; identity verified.")
    click(page, "Record the decision")
    expect(page.get_by_test_id("decision")).to_contain_text("Waiting for a second commander")
    page = desks.of(team.commander2)
    page.goto(case_url)
    click(page, "Approve the acceptance (second commander)")
    expect(page.get_by_test_id("stage")).to_have_text("Accepted")
    screenshot(page, "findings-accepted")
    desks.close()


def test_counterintelligence_sees_no_result_or_mark_of_security_before_its_own(
    page: Page, live_server
) -> None:
    base = live_server.url
    team = Team.create()
    case = advance(new_case(), team, Stage.BACKGROUND_CHECKS)
    case_url = f"{base}/en/staff/cases/{case.pk}/"

    sign_in(page, base, team.security)
    page.goto(case_url)
    page.fill("#id_findings", "Registries checked, nothing adverse.")
    page.select_option("#id_result", "clear")
    click(page, "Record the check")
    page.locator("details.assess summary").click()
    first = page.locator("details.assess form").first
    first.locator("select[name=status]").select_option("corroborated")
    first.locator("input[name=evidence_note]").fill("Unit roster")
    first.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("claims")).to_contain_text("corroborated")
    expect(page.get_by_test_id("check-summary-security")).to_have_text("Security service: Clear")

    sign_in(page, base, team.counterintel)
    page.goto(case_url)
    summary = page.get_by_test_id("check-summary-security")
    expect(summary).not_to_contain_text("clear", ignore_case=True)
    expect(summary).to_contain_text("shown once your service has recorded its own")
    expect(page.get_by_test_id("claims").locator("tbody")).not_to_contain_text(
        "corroborated", ignore_case=True
    )
    expect(page.get_by_test_id("claims")).not_to_contain_text("Unit roster")
    screenshot(page, "findings-blind-before")

    page.fill("#id_findings", "Our own sources: nothing adverse.")
    page.select_option("#id_result", "clear")
    click(page, "Record the check")
    expect(page.get_by_test_id("check-summary-security")).to_have_text("Security service: Clear")
    expect(page.get_by_test_id("claims").locator("tbody")).to_contain_text("corroborated")
    screenshot(page, "findings-blind-after")
