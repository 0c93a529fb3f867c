"""One accepted volunteer through training to a platoon: the training officer opens a course
and enrols them by call sign, the instructor marks attendance and qualifies them, the
personnel officer adds a platoon, names its commander and assigns them there, and that
commander sees them on the roster."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot, sign_in
from vetting.cases import actions as case_actions
from vetting.cases.models import Outcome
from vetting.cases.tests.factories import Team, advance, as_, new_case
from vetting.policy.workflow import Stage
from vetting.units.models import Subdivision, Volunteer
from vetting.units.tests.factories import Staff, Tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def done(page: Page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".msg-success")).to_be_visible()


def test_volunteer_goes_from_acceptance_through_training_to_a_platoon(
    page: Page, live_server
) -> None:
    base = live_server.url
    team, staff = Team.create(), Staff.create()
    Tree.create()  # 1st Battalion / 2nd Company, with two platoons
    case = advance(new_case(), team, Stage.COMMANDER_DECISION)
    case_actions.decide(
        case,
        outcome=Outcome.ACCEPT,
        reason_code="",
        note="Verified, motivated.",
        actor=as_(team.commander1),
        expected_version=case.version,
    )

    sign_in(page, base, team.commander2)
    page.goto(f"{base}/en/staff/cases/{case.pk}/")
    page.get_by_role("button", name="Approve the acceptance (second commander)").click()
    expect(page.get_by_test_id("stage")).to_have_text("Accepted")
    call_sign = Volunteer.objects.get(case=case).call_sign

    today = timezone.localdate()
    sign_in(page, base, staff.training_officer)
    page.goto(f"{base}/en/staff/training/")
    page.select_option("#id_kind", "basic")
    page.fill("#id_title", "Basic training, intake 4")
    page.fill("#id_starts_on", today.isoformat())
    page.fill("#id_ends_on", (today + timedelta(days=21)).isoformat())
    page.fill("#id_capacity", "24")
    done(page, "Create the course")
    page.locator("summary", has_text="New cohort").click()
    page.fill("#id_name", "Cohort A")
    page.select_option("#id_instructors", label=staff.instructor.username)
    done(page, "Create the cohort")
    screenshot(page, "training-courses")
    page.get_by_role("link", name="Cohort A").click()
    page.select_option("#id_volunteer", label=call_sign)
    done(page, "Enrol")
    expect(page.get_by_test_id(f"trainee-{call_sign}")).to_be_visible()

    sign_in(page, base, staff.instructor)
    page.goto(f"{base}/en/staff/training/")
    page.get_by_role("link", name="Cohort A").click()
    page.fill("#id_held_on", today.isoformat())
    page.fill("#id_topic", "Поводження зі зброєю та безпека")
    done(page, "Add a session")
    page.get_by_label(call_sign).check()
    done(page, "Save attendance")
    page.locator("summary", has_text="Record a result").click()
    page.select_option("select[name=result]", "qualified")
    page.fill("textarea[name=note]", "Steady under pressure; good marksmanship.")
    done(page, "Save the result")
    row = page.get_by_test_id(f"trainee-{call_sign}")
    expect(row).to_contain_text("Qualified")
    expect(row).to_contain_text("1 / 1")
    screenshot(page, "training-cohort")

    sign_in(page, base, staff.personnel)
    page.goto(f"{base}/en/staff/units/")
    page.fill("#id_name", "3rd Platoon")
    page.select_option("#id_echelon", "platoon")
    page.select_option("#id_parent", label="1st Battalion / 2nd Company")
    done(page, "Create")
    platoon = Subdivision.objects.get(name="3rd Platoon")
    appoint = page.get_by_test_id(f"commanders-{platoon.pk}")
    appoint.locator("summary").click()
    appoint.get_by_label(team.commander1.username).check()
    appoint.get_by_role("button", name="Set the commanders").click()
    expect(page.locator(".msg-success")).to_be_visible()
    expect(page.get_by_test_id("tree")).to_contain_text(team.commander1.username)
    screenshot(page, "subdivisions")
    page.goto(f"{base}/en/staff/personnel/")
    page.get_by_role("link", name=call_sign).click()
    expect(page.get_by_test_id("open-specialties")).to_have_text("Rifleman")
    page.select_option("#id_subdivision", label="1st Battalion / 2nd Company / 3rd Platoon")
    page.select_option("#id_specialty", "rifleman")
    page.fill("#id_starts_on", today.isoformat())
    done(page, "Assign")
    expect(page.get_by_test_id("assignments")).to_contain_text("3rd Platoon")
    screenshot(page, "personnel-volunteer")

    sign_in(page, base, team.commander1)
    page.goto(f"{base}/en/staff/units/")
    page.get_by_role("link", name="3rd Platoon").click()
    member = page.get_by_test_id(f"member-{call_sign}")
    expect(member).to_contain_text("Rifleman")
    expect(member).to_contain_text("In training")
    expect(page.get_by_test_id("roster")).not_to_contain_text(case.application.display_name)
    screenshot(page, "unit-roster")
