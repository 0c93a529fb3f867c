"""Whatever an applicant or a clerk types, the portal, paper and receipt forms answer with a
valid form or errors that name their fields: never a crash, never a bad value let through."""

import itertools
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from vetting.intake.forms import (
    APPLICANT_FIELDS,
    CYRILLIC_NAME,
    LATIN_NAME,
    MAX_AGE,
    MIN_AGE,
    PaperApplicationForm,
    PortalApplicationForm,
    ReceiptLookupForm,
)
from vetting.intake.models import Application
from vetting.intake.tests.factories import portal_post

# What arrives in a POST: any text a browser can send (no lone surrogates, which it cannot).
typed = st.text(st.characters(codec="utf-8"), max_size=300)
PORTAL_FIELDS = [*APPLICANT_FIELDS, "voluntary", "submission_token"]
PAPER_FIELDS = [*APPLICANT_FIELDS, "language", "paper_reference", "consent_text", "consent_date"]
PDF = b"%PDF-1.4\n%%EOF\n"
_clients = itertools.count(1)
FAST = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def form_data(fields: list[str]) -> st.SearchStrategy[dict[str, str]]:
    """A good form with any subset of its fields replaced by arbitrary text or removed."""
    return st.dictionaries(st.sampled_from(fields), typed | st.just(""), max_size=len(fields))


def assert_clean_result(form: Any, fields: list[str]) -> None:
    if form.is_valid():
        data = form.cleaned_data
        assert data.get("name_cyrillic") or data.get("name_latin")
        if data.get("name_cyrillic"):
            assert CYRILLIC_NAME.match(data["name_cyrillic"])
        if data.get("name_latin"):
            assert LATIN_NAME.match(data["name_latin"])
        if data.get("birth_date"):
            age = (date.today() - data["birth_date"]).days / 365.25
            assert MIN_AGE - 1 <= age <= MAX_AGE + 1
        assert all("\x00" not in str(v) for v in data.values())
    else:
        assert set(form.errors) <= {*fields, "scan", "__all__"}
        assert all(messages for messages in form.errors.values())


@FAST
@given(form_data(PORTAL_FIELDS))
def test_portal_form_takes_any_input(changes: dict[str, str]) -> None:
    form = PortalApplicationForm({**portal_post(), **changes})
    assert_clean_result(form, PORTAL_FIELDS)


@FAST
@given(form_data(PAPER_FIELDS))
def test_paper_form_takes_any_input(changes: dict[str, str]) -> None:
    data = {**portal_post(), "language": "ru", "consent_text": "Добровольно."}
    data["consent_date"] = "2026-01-05"
    form = PaperApplicationForm({**data, **changes}, {"scan": SimpleUploadedFile("page.pdf", PDF)})
    assert_clean_result(form, PAPER_FIELDS)


@FAST
@given(st.binary(max_size=64), st.sampled_from(["page.pdf", "page", "x.exe", ""]))
def test_paper_form_refuses_a_scan_that_is_not_a_pdf_jpeg_or_png(content: bytes, name: str) -> None:
    data = {**portal_post(), "language": "ru", "consent_text": "Добровольно."}
    data["consent_date"] = "2026-01-05"
    form = PaperApplicationForm(data, {"scan": SimpleUploadedFile(name or "x", content)})
    if form.is_valid():
        assert content.startswith((b"%PDF", b"\xff\xd8\xff", b"\x89PNG"))
    else:
        assert "scan" in form.errors


@FAST
@given(typed)
def test_receipt_form_takes_any_code(code: str) -> None:
    form = ReceiptLookupForm({"code": code})
    if form.is_valid():
        assert 0 < len(form.cleaned_data["code"]) <= 40
    else:
        assert set(form.errors) == {"code"}


@pytest.mark.django_db
@FAST
@given(form_data(PORTAL_FIELDS))
@example({"name_latin": "Nikolay\x00"})  # refused whole: PostgreSQL cannot store a NUL
def test_the_portal_never_answers_500_and_stores_only_valid_applications(
    client: Client, changes: dict[str, str]
) -> None:
    before = Application.objects.count()
    data = {**portal_post(), **changes}
    # A new address for each example: the per-client submission limit is not what is tested.
    n = next(_clients)
    address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
    response = client.post("/en/apply/", data, REMOTE_ADDR=address)
    refused = any("\x00" in value for value in changes.values())
    assert response.status_code in ((400,) if refused else (200,))
    valid = PortalApplicationForm(data).is_valid() and not refused
    assert Application.objects.count() == before + (1 if valid else 0)
    if response.status_code == 200 and not valid:
        assert response.context["form"].errors
    if valid:  # the receipt, with its code, is the answer itself
        assert response.context["code"]


@pytest.mark.django_db
@FAST
@given(typed, st.sampled_from(["/en/status/", "/ru/status/withdraw/"]))
@example("\x00", "/en/status/")
def test_status_and_withdrawal_never_answer_500(client: Client, code: str, path: str) -> None:
    n = next(_clients)
    address = f"10.9.{n // 256 % 256}.{n % 256}"
    response = client.post(path, {"code": code, "confirm": "yes"}, REMOTE_ADDR=address)
    assert response.status_code in (200, 400, 429)
