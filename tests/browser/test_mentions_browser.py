"""A counter-intelligence officer sees that an applicant's statement names a person on a
watchlist: the name, the sentence and the list, and the other applicant who names him; a
commander sees neither the link nor the page."""

import io

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot, sign_in
from vetting.accounts.tests.factories import make_staff
from vetting.audit.actions import Actor
from vetting.audit.models import AuditEvent
from vetting.cases.models import Case
from vetting.intake.models import Application
from vetting.intake.tests.factories import make_application
from vetting.policy.roles import Role
from vetting.screening import actions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORKER = Actor(origin="test worker")


def applicant_naming(statement: str, name: str) -> Case:
    application, _ = make_application(
        statement=statement, name_cyrillic=name, name_latin="", birth_date=None
    )
    Application.objects.filter(pk=application.pk).update(language="uk")
    actions.read_mentions(application.pk, WORKER)
    return Case.objects.get(application=application)


def test_an_officer_sees_a_statement_name_a_listed_person(page: Page, live_server) -> None:
    actions.import_watchlist(
        io.StringIO("id,name,birth_date\nKIO-7,Громов Виктор Сергеевич,1971-05-02\n"),
        watchlist_name="Known intelligence officers",
        file_name="kio.csv",
        jsonl=False,
        actor=WORKER,
    )
    other = applicant_naming("Документи мені передав Громов Віктор Сергійович.", "Ілля Кравців")
    case = applicant_naming(
        "У таборі розмову зі мною вів Громов В. С., обіцяв звільнення за співпрацю. "
        "Я відмовився і хочу воювати за Україну.",
        "Олег Сидорчук",
    )
    officer = make_staff(Role.COUNTERINTELLIGENCE_OFFICER, username="ci-officer")
    commander = make_staff(Role.COMMANDER, username="commander")

    sign_in(page, live_server.url, officer)
    page.goto(f"{live_server.url}/uk/staff/cases/{case.pk}/")
    screenshot(page, "people-named-case-uk")
    page.get_by_test_id("people-named-link").click()
    expect(page).to_have_url(f"{live_server.url}/uk/staff/cases/{case.pk}/people-named/")
    person = page.get_by_test_id("named-person")
    expect(person).to_have_count(1)
    expect(person.get_by_test_id("named-as")).to_have_text("Громов В. С.")
    expect(person.get_by_test_id("sentence").locator("mark")).to_have_text("Громов В. С.")
    expect(person.get_by_test_id("sentence")).to_contain_text("У таборі розмову зі мною вів")
    expect(person.get_by_test_id("on-list")).to_contain_text("Known intelligence officers")
    expect(person.get_by_test_id("named-by")).to_contain_text(other.reference)
    screenshot(page, "people-named-uk")
    page.get_by_role("link", name=other.reference).click()
    expect(page.get_by_test_id("named-as")).to_have_text("Громов Віктор Сергійович")
    screenshot(page, "people-named-other-uk")
    assert AuditEvent.objects.filter(action="case.mentions_viewed", actor=officer).count() == 2

    sign_in(page, live_server.url, commander)
    page.goto(f"{live_server.url}/uk/staff/cases/{case.pk}/")
    expect(page.get_by_role("heading", name=case.reference)).to_be_visible()
    expect(page.get_by_test_id("people-named-link")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("Громов")
    response = page.goto(f"{live_server.url}/uk/staff/cases/{case.pk}/people-named/")
    assert response is not None and response.status in (403, 404)
    expect(page.locator("body")).not_to_contain_text("Громов")
