import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from vetting.accounts.tests.factories import PASSWORD, current_code, make_staff
from vetting.audit.models import AuditEvent
from vetting.policy.roles import ROLE_PERMISSIONS, Role

pytestmark = pytest.mark.django_db


def test_a_role_brings_exactly_its_declared_permissions_and_nothing_else_does() -> None:
    for role, names in ROLE_PERMISSIONS.items():
        user = make_staff(role)
        assert user.get_all_permissions() == set(names), role
        assert all(user.has_perm(name) for name in names)
    # A Django group or a per-user permission (a copied row, a stray admin) brings nothing.
    nobody = make_staff(None)
    group = Group.objects.create(name="every permission")
    group.permissions.set(Permission.objects.all())
    nobody.groups.add(group)
    nobody.user_permissions.set(Permission.objects.all())
    nobody = type(nobody).objects.get(pk=nobody.pk)
    assert nobody.get_all_permissions() == set()
    assert not nobody.has_perm("cases.view_case")


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
    assert "the password or the code is wrong" in response.content.decode()
    assert AuditEvent.objects.filter(action="staff.login_failed").count() == 1


def test_wrong_password_is_refused() -> None:
    user = make_staff(Role.INTAKE_CLERK)
    response = Client().post(
        "/en/staff/login/",
        {"username": user.username, "password": "nope", "otp_token": current_code(user)},
    )
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_a_password_alone_never_enrols_an_authenticator() -> None:
    """The account of an officer whose authenticator was reset (or a new one) has a password
    someone may know: it signs in nowhere until the set-up code handed over in person."""
    from django.contrib.auth.models import User

    User.objects.create_user("newcomer", password=PASSWORD)
    client = Client()
    response = client.post("/en/staff/login/", {"username": "newcomer", "password": PASSWORD})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert client.get("/en/staff/enrol/").status_code == 302
    assert "/staff/login/" in client.get("/en/staff/enrol/")["Location"]
    failed = AuditEvent.objects.filter(action="staff.login_failed").last()
    assert failed is not None and failed.detail == {"failed": "no authenticator"}


def test_next_parameter_cannot_send_the_user_elsewhere() -> None:
    user = make_staff(Role.INTAKE_CLERK)
    response = Client().post(
        "/en/staff/login/?next=https://evil.example/",
        {"username": user.username, "password": PASSWORD, "otp_token": current_code(user)},
    )
    assert response["Location"] == "/en/staff/"
