"""What every answer carries, what a forged or oversized request gets, and Django's deployment
check with the production environment."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from vetting.accounts.tests.factories import make_staff, signed_in_client
from vetting.intake.models import Application
from vetting.intake.tests.factories import portal_post
from vetting.policy.roles import Role

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("path", ["/uk/", "/en/apply/", "/ru/status/", "/en/staff/login/"])
def test_pages_carry_the_security_headers(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_refusal_page_carries_them_too(client: Client, settings) -> None:
    settings.GUARD_RATES = {**settings.GUARD_RATES, "portal.lookup.client": "0/h"}
    response = client.post("/en/status/", {"code": "x"})
    assert response.status_code == 429
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style(client: Client) -> None:
    for path in ["/uk/", "/en/apply/", "/en/status/", "/en/staff/login/"]:
        body = client.get(path).content.decode()
        assert "<script>" not in body and "<style" not in body and " style=" not in body
        assert not re.search(r"\son[a-z]+=", body), "an inline event handler"


def test_a_portal_post_without_the_csrf_token_is_refused() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/apply/", portal_post())
    assert response.status_code == 403
    assert not Application.objects.exists()
    assert client.post("/en/status/", {"code": "22222-22222-22222-22222"}).status_code == 403


def test_a_portal_post_with_the_token_goes_through() -> None:
    client = Client(enforce_csrf_checks=True)
    client.get("/en/apply/")
    token = client.cookies["csrftoken"].value
    response = client.post("/en/apply/", {**portal_post(), "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and response.context["code"]  # the receipt itself
    assert Application.objects.count() == 1


def test_an_oversized_body_is_refused_before_any_form_reads_it(client: Client) -> None:
    big = "x" * (2 * 1024 * 1024)
    assert client.post("/en/apply/", {**portal_post(), "statement": big}).status_code == 413
    assert client.post("/en/status/", {"code": big}).status_code == 413
    assert client.post("/en/staff/login/", {"username": big}).status_code == 413
    assert not Application.objects.exists()


def test_too_many_fields_are_refused(client: Client) -> None:
    fields = {f"f{i}": "x" for i in range(500)}
    assert client.post("/en/status/", fields).status_code == 400


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("post", "/en/staff/applications/", {"q": "Nikolay", "site": "\x00"}),
        ("get", "/en/staff/applications/", {"channel": "portal\x00"}),
        ("get", "/en/staff/cases/", {"stage": "\x00"}),
        ("get", "/en/staff/cases/%00/", {}),
        ("post", "/en/staff/login/", {"username": "\x00"}),
    ],
)
def test_a_nul_character_is_refused_before_any_view_queries_with_it(
    method: str, path: str, data: dict[str, str]
) -> None:
    # Raw filters went into queries unchecked, and PostgreSQL cannot take a NUL: a 500 there.
    client = signed_in_client(make_staff(Role.INTAKE_CLERK))
    response = getattr(client, method)(path, data)
    assert response.status_code == 400
    assert b"could not be read" in response.content


def test_deployment_check_passes_with_production_settings(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("VETTING_", "DJANGO_", "PYTEST"))
    }
    env.update(
        VETTING_HTTPS="1",
        VETTING_DEBUG="0",
        VETTING_SECRET_KEY="x7!Qm2#vR9@kL4$wZ8^nB3&hT6*pJ1(dF5)gS0_cY-eU+aI=oP~" * 2,
        VETTING_ALLOWED_HOSTS="vetting.example.org",
        VETTING_VAR_DIR=str(tmp_path),
        VETTING_TRUSTED_PROXIES="10.0.0.1",
    )
    result = subprocess.run(
        [sys.executable, "-m", "vetting", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
