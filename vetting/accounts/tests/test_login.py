import pytest
from django.contrib.auth.models import Group
from django.test import Client

from vetting.accounts.roles import ROLE_PERMISSIONS, Role
from vetting.accounts.tests.factories import PASSWORD, current_code, make_staff
from vetting.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group_with_its_declared_permissions() -> None:
    for role, names in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=str(role))
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == set(names)


def test_sign_in_needs_password_and_current_code() -> None:
    user = make_staff(Role.INTAKE_CLERK)
    client = Client()
    response = client.post(
        "/en/staff/login/",
        {"username": user.username, "password": PASSWORD, "otp_token": current_code(user)},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/staff/"
    assert AuditEvent.objects.filter(action="staff.login", actor=user).exists()


@pytest.mark.parametrize("token", ["", "000000", "12345"])
def test_wrong_or_missing_code_is_refused_and_audited(token: str) -> None:
    user = make_staff(Role.INTAKE_CLERK)
    if token == current_code(user):
        token = "111111"
    response = Client().post(
        "/en/staff/login/", {"username": user.username, "password": PASSWORD, "otp_token": token}
    )
    assert response.status_code == 200
    assert "code is wrong" in response.content.decode()
    assert AuditEvent.objects.filter(action="staff.login_failed").count() == 1


def test_wrong_password_is_refused() -> None:
    user = make_staff(Role.INTAKE_CLERK)
    response = Client().post(
        "/en/staff/login/",
        {"username": user.username, "password": "nope", "otp_token": current_code(user)},
    )
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_first_sign_in_without_authenticator_leads_to_enrolment() -> None:
    from django.contrib.auth.models import User
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    User.objects.create_user("newcomer", password=PASSWORD)
    client = Client()
    response = client.post("/en/staff/login/", {"username": "newcomer", "password": PASSWORD})
    assert response["Location"] == "/en/staff/enrol/"
    assert client.get("/en/staff/applications/").status_code == 302  # not verified yet
    page = client.get("/en/staff/enrol/")
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user__username="newcomer")
    code = f"{totp(device.bin_key):06d}"
    assert client.post("/en/staff/enrol/", {"otp_token": code}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_next_parameter_cannot_send_the_user_elsewhere() -> None:
    user = make_staff(Role.INTAKE_CLERK)
    response = Client().post(
        "/en/staff/login/?next=https://evil.example/",
        {"username": user.username, "password": PASSWORD, "otp_token": current_code(user)},
    )
    assert response["Location"] == "/en/staff/"
