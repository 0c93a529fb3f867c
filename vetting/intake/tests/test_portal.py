import re

import pytest
from django.test import Client

from vetting.audit.models import AuditEvent
from vetting.intake import receipts
from vetting.intake.models import Application, Channel
from vetting.intake.tests.factories import make_application, portal_post

pytestmark = pytest.mark.django_db


def receipt_code_in(html: str) -> str:
    match = re.search(r'data-testid="receipt-code">([^<]+)<', html)
    assert match is not None, "no receipt code on the page"
    return match.group(1)


def submit(client: Client, language: str, **overrides: str):
    return client.post(f"/{language}/apply/", portal_post(**overrides), follow=True)


@pytest.mark.parametrize(
    ("language", "consent_words"),
    [("uk", "добровільно"), ("ru", "по своей воле"), ("en", "of my own free will")],
)
def test_portal_application_keeps_consent_wording_language_and_time(
    client: Client, language: str, consent_words: str
) -> None:
    response = submit(client, language)
    assert response.status_code == 200
    application = Application.objects.get()
    assert application.channel == Channel.PORTAL
    assert application.language == application.consent_language == language
    assert consent_words in application.consent_text
    assert application.consent_at is not None
    code = receipt_code_in(response.content.decode())
    assert receipts.looks_like_code(code)


def test_receipt_code_is_stored_only_as_a_digest(client: Client) -> None:
    response = submit(client, "en")
    code = receipt_code_in(response.content.decode())
    application = Application.objects.get()
    assert application.receipt_digest == receipts.digest(code)
    assert code not in str(Application.objects.values().get())
    assert code not in str(list(AuditEvent.objects.values()))


def test_receipt_code_is_shown_once(client: Client) -> None:
    submit(client, "en")
    again = client.get("/en/apply/receipt/")
    assert b'data-testid="receipt-code"' not in again.content


def test_receipt_codes_are_long_random_and_unambiguous() -> None:
    codes = {receipts.new_receipt_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in list(codes)[:50]:
        assert re.fullmatch(r"([2-9A-HJKMNP-Z]{5}-){3}[2-9A-HJKMNP-Z]{5}", code)


def test_status_and_withdrawal_with_the_receipt_code_only(client: Client) -> None:
    application, code = make_application()
    status = client.post("/en/status/", {"code": code.lower().replace("-", " ")})
    assert b'data-testid="public-status">Received<' in status.content
    withdrawn = client.post("/en/status/withdraw/", {"code": code, "confirm": "yes"})
    assert withdrawn.status_code == 200
    application.refresh_from_db()
    assert application.is_withdrawn
    assert AuditEvent.objects.filter(action="application.withdrawn").count() == 1
    status = client.post("/en/status/", {"code": code})
    assert b'data-testid="public-status">Withdrawn<' in status.content


def test_withdrawal_needs_confirmation(client: Client) -> None:
    application, code = make_application()
    response = client.post("/en/status/withdraw/", {"code": code})
    assert response.status_code == 400
    application.refresh_from_db()
    assert not application.is_withdrawn


def test_wrong_receipt_code_reveals_nothing(client: Client) -> None:
    make_application()
    response = client.post("/en/status/", {"code": receipts.new_receipt_code()})
    assert b"No application has this receipt code" in response.content
    assert b"public-status" not in response.content


def test_resent_form_creates_one_application(client: Client) -> None:
    data = portal_post()
    client.post("/en/apply/", data)
    client.post("/en/apply/", data)
    assert Application.objects.count() == 1


def test_empty_form_names_the_missing_fields(client: Client) -> None:
    response = client.post("/en/apply/", {})
    form = response.context["form"]
    assert {"applicant_status", "voluntary", "submission_token", "name_cyrillic"} <= set(
        form.errors
    )
    assert Application.objects.count() == 0


def test_application_without_voluntary_statement_is_refused(client: Client) -> None:
    data = portal_post()
    del data["voluntary"]
    response = client.post("/en/apply/", data)
    assert "accepted only if it is voluntary" in str(response.context["form"].errors["voluntary"])
    assert Application.objects.count() == 0


def test_ten_megabyte_statement_is_refused_clearly() -> None:
    # With CSRF checked, as in production: the check reads the form first.
    client = Client(enforce_csrf_checks=True)
    client.get("/en/apply/")
    token = client.cookies["csrftoken"].value
    data = portal_post(statement="x" * 10 * 1024 * 1024, csrfmiddlewaretoken=token)
    response = client.post("/en/apply/", data)
    assert response.status_code == 413
    assert b"too large" in response.content
    assert Application.objects.count() == 0


def test_overlong_statement_names_the_field(client: Client) -> None:
    response = client.post("/en/apply/", portal_post(statement="слово " * 5000))
    assert "at most 20000 characters" in str(response.context["form"].errors["statement"])
    assert Application.objects.count() == 0


def test_birth_date_in_the_future_is_refused(client: Client) -> None:
    response = client.post("/en/apply/", portal_post(birth_date="2091-01-01"))
    assert "cannot be in the future" in str(response.context["form"].errors["birth_date"])
    assert Application.objects.count() == 0


@pytest.mark.parametrize("field", ["name_cyrillic", "name_latin"])
def test_name_of_only_digits_is_refused(client: Client, field: str) -> None:
    response = client.post("/en/apply/", portal_post(**{field: "123456"}))
    assert "must contain letters" in str(response.context["form"].errors[field])
    assert Application.objects.count() == 0


def test_latin_letters_in_the_cyrillic_name_are_refused(client: Client) -> None:
    response = client.post("/en/apply/", portal_post(name_cyrillic="Nikolay Шишкарёв"))
    assert "Cyrillic" in str(response.context["form"].errors["name_cyrillic"])


def test_prisoner_of_war_must_name_the_detention_site(client: Client) -> None:
    response = client.post("/en/apply/", portal_post(detention_site=""))
    assert "detention site" in str(response.context["form"].errors["detention_site"])


def test_portal_records_no_client_address(client: Client) -> None:
    submit(client, "ru")
    event = AuditEvent.objects.get(action="application.created")
    assert event.origin == "portal"
    assert "127.0.0.1" not in str(event.detail)


@pytest.mark.parametrize("language", ["uk", "ru", "en"])
def test_portal_pages_render_in_each_language(client: Client, language: str) -> None:
    for path in ("", "apply/", "status/"):
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200
        assert f'lang="{language}"' in response.content.decode()
