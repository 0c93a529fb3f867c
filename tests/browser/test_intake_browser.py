"""An applicant applies in each language, keeps the receipt code and withdraws with it; a
clerk signs in with two factors and finds the application."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from vetting.accounts.tests.factories import PASSWORD, current_code, make_staff
from vetting.intake.models import Application
from vetting.policy.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

APPLICANTS = {
    "uk": ("Микола Олександрович Шишкарьов", "Mykola Shyshkarov", "Хочу воювати за Україну."),
    "ru": ("Николай Александрович Шишкарёв", "Nikolay Shishkarev", "Хочу воевать против режима."),
    "en": ("", "Aleksei Morozov", "I want to fight against the regime that sent me here."),
}
SUBMIT = {"uk": "Надіслати заяву", "ru": "Отправить заявление", "en": "Send the application"}
WITHDRAWN = {"uk": "Відкликано", "ru": "Отозвано", "en": "Withdrawn"}


def fill_application(page: Page, language: str) -> None:
    cyrillic, latin, statement = APPLICANTS[language]
    if cyrillic:
        page.fill("#id_name_cyrillic", cyrillic)
    page.fill("#id_name_latin", latin)
    page.fill("#id_birth_date", "1985-03-14")
    page.fill("#id_place_of_birth", "Тамбов")
    page.fill("#id_citizenship", "Russian Federation")
    page.select_option("#id_applicant_status", "pow")
    page.fill("#id_detention_site", "Detention site No. 1")
    page.fill("#id_rank", "junior sergeant")
    page.fill("#id_unit", "70th Motorized Rifle Brigade")
    page.fill("#id_service_number", "Ж-402117")
    page.fill("#id_statement", statement)
    page.check("#id_voluntary")


@pytest.mark.parametrize("language", ["uk", "ru", "en"])
def test_applicant_applies_checks_status_and_withdraws(
    page: Page, live_server, language: str
) -> None:
    page.goto(f"{live_server.url}/{language}/apply/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    fill_application(page, language)
    screenshot(page, f"portal-apply-{language}")
    page.get_by_role("button", name=SUBMIT[language]).click()

    code = page.get_by_test_id("receipt-code").inner_text().strip()
    assert len(code) == 23
    screenshot(page, f"portal-receipt-{language}")
    application = Application.objects.get()
    assert application.language == application.consent_language == language
    assert code not in page.url

    page.goto(f"{live_server.url}/{language}/status/")
    page.fill("#id_code", code)
    page.locator("form.form button[type=submit]").click()
    expect(page.get_by_test_id("public-status")).to_be_visible()
    page.check("input[name=confirm]")
    page.locator("form.withdraw button[type=submit]").click()
    expect(page.get_by_test_id("withdrawn")).to_be_visible()
    screenshot(page, f"portal-withdrawn-{language}")

    page.goto(f"{live_server.url}/{language}/status/")
    page.fill("#id_code", code)
    page.locator("form.form button[type=submit]").click()
    expect(page.get_by_test_id("public-status")).to_have_text(WITHDRAWN[language])
    application.refresh_from_db()
    assert application.is_withdrawn


def test_clerk_signs_in_with_two_factors_and_finds_the_application(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/en/apply/")
    fill_application(page, "ru")
    page.get_by_role("button", name=SUBMIT["en"]).click()
    expect(page.get_by_test_id("receipt-code")).to_be_visible()
    screenshot(page, "portal-home")

    clerk = make_staff(Role.INTAKE_CLERK, username="clerk")
    page.goto(f"{live_server.url}/en/staff/applications/")
    expect(page).to_have_url(f"{live_server.url}/en/staff/login/?next=/en/staff/applications/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", "000000" if current_code(clerk) != "000000" else "111111")
    page.get_by_role("button", name="Sign in").click()
    # The same answer as for a wrong password: a guesser learns nothing from it.
    expect(page.locator(".errorlist-box")).to_contain_text("the password or the code is wrong")
    screenshot(page, "staff-login-wrong-code")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", current_code(clerk))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Applications")).to_be_visible()
    page.get_by_role("link", name="My queue").click()
    expect(page.get_by_test_id("queue")).to_contain_text("Шишкарёв")
    screenshot(page, "staff-queue")
    page.get_by_role("link", name="Applications", exact=True).click()

    # The search is posted once and the list comes back under an opaque key: no name in the URL.
    page.fill("input[name=q]", "Шишкарёв")
    page.press("input[name=q]", "Enter")
    expect(page).to_have_url(re.compile(r"/en/staff/applications/\?(.*&)?q=[\w-]+(&|$)"))
    assert "%D0" not in page.url
    expect(page.locator("#rows tbody tr")).to_have_count(1)
    expect(page.locator("#rows")).to_contain_text("Nikolay Shishkarev")
    screenshot(page, "staff-list")
    page.locator("#rows tbody tr a").first.click()
    expect(page.get_by_role("heading", name="Identity")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("Application received")
    screenshot(page, "staff-application")
