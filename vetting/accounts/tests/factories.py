"""Staff users for tests: a user per role, with a confirmed TOTP device and a way to sign in."""

import itertools

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp

from vetting.accounts.models import Authenticator, GrantedBy, RoleGrant
from vetting.policy.roles import Role

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def make_staff(role: Role | None, username: str | None = None) -> User:
    """A staff user holding `role` (or none), with a confirmed authenticator."""
    user = User.objects.create_user(
        username=username or f"{(role or 'nobody').replace(' ', '-')}-{next(_counter)}",
        password=PASSWORD,
    )
    if role is not None:
        grant(user, role)
    Authenticator.objects.create(user=user, name="test", confirmed=True)
    return user


def grant(user: User, role: Role) -> RoleGrant:
    """Give a test user a role, as the server's command line would."""
    return RoleGrant.objects.create(
        account=user, role=str(role), granted_at=timezone.now(), granted_by=GrantedBy.COMMAND
    )


def current_code(user: User) -> str:
    device = Authenticator.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def signed_in_client(user: User, language: str = "en") -> Client:
    """A test client that went through the real two-factor sign-in page."""
    client = Client()
    response = client.post(
        f"/{language}/staff/login/",
        {"username": user.username, "password": PASSWORD, "otp_token": current_code(user)},
    )
    assert response.status_code == 302, response.content[:500]
    return client
