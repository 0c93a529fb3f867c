"""A counter-intelligence officer sees a watchlist hit with its explanation on the application
and dismisses it; an intake clerk opening the same application sees nothing of it."""

import io

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot, sign_in
from vetting.accounts.tests.factories import make_staff
from vetting.audit.actions import Actor
from vetting.intake.tests.factories import make_application
from vetting.policy.roles import Role
from vetting.screening import actions
from vetting.screening.models import Review, ScreeningHit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCHLIST = (
    "id,name,birth_date,gender,place_of_birth,unit,service_number,aliases\n"
    "GRU-1,Chichkarev Nicolas,1985-03-14,male,Tambov,,,\n"
)


def test_officer_dismisses_a_hit_that_a_clerk_never_sees(page: Page, live_server) -> None:
    actions.import_watchlist(
        io.StringIO(WATCHLIST),
        watchlist_name="Known intelligence officers",
        file_name="gru.csv",
        jsonl=False,
        actor=Actor(origin="test"),
    )
    application, _ = make_application()
    actions.screen_application(application.pk, Actor(origin="test"))
    officer = make_staff(Role.COUNTERINTELLIGENCE_OFFICER, username="ci-officer")
    clerk = make_staff(Role.INTAKE_CLERK, username="clerk")

    sign_in(page, live_server.url, officer)
    page.get_by_role("link", name="Screening hits").click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    screenshot(page, "screening-queue")
    page.get_by_role("link", name=application.reference).click()
    hit = page.get_by_test_id("hit")
    expect(hit).to_contain_text("Known intelligence officers")
    expect(hit.get_by_test_id("explanation")).to_contain_text("Chichkarev")
    screenshot(page, "screening-hit")
    hit.locator("textarea").fill("Born in Tambov too, but the unit and service number differ.")
    hit.get_by_role("button", name="Dismiss: not this person").click()
    expect(page.get_by_test_id("hit")).to_contain_text("Dismissed by ci-officer")
    screenshot(page, "screening-hit-dismissed")
    assert ScreeningHit.objects.get().status == Review.DISMISSED

    sign_in(page, live_server.url, clerk)
    expect(page.get_by_role("link", name="Screening hits")).to_have_count(0)
    page.goto(f"{live_server.url}/en/staff/applications/{application.pk}/")
    expect(page.get_by_role("heading", name="Identity")).to_be_visible()
    expect(page.get_by_test_id("hit")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("Known intelligence officers")
    expect(page.locator("body")).not_to_contain_text("Chichkarev")
    screenshot(page, "screening-clerk-view")
    response = page.goto(f"{live_server.url}/en/staff/screening/hits/")
    assert response is not None and response.status == 403
