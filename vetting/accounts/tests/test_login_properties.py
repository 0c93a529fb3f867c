"""Whatever is typed into the sign-in form, it answers with a form error or a sign-in: never a
crash, and never a session without the right password and current code."""

import itertools

import pytest
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from vetting.accounts.forms import StaffLoginForm
from vetting.accounts.tests.factories import PASSWORD, make_staff
from vetting.policy.roles import Role

typed = st.text(st.characters(codec="utf-8"), max_size=200)
fields = st.fixed_dictionaries(
    {},
    optional={
        "username": typed | st.just("clerk"),
        "password": typed | st.just(PASSWORD),
        "otp_token": typed,
    },
)
_clients = itertools.count(1)
SLOW = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def clerk(db: None) -> User:
    return make_staff(Role.INTAKE_CLERK, username="clerk")


@SLOW
@given(fields)
def test_the_login_form_takes_any_input(clerk: User, data: dict[str, str]) -> None:
    form = StaffLoginForm(RequestFactory().post("/"), data=data)
    if form.is_valid():
        # Only a password match and a code from the clerk's device get here.
        assert form.get_user() == clerk and data["password"] == PASSWORD
        assert form.otp_device is not None
    else:
        assert set(form.errors) <= {"username", "password", "otp_token", "__all__"}
        assert all(form.errors.values())


@SLOW
@given(fields)
@example({"username": "\x00"})  # PostgreSQL cannot store or compare a NUL; it once gave a 500
@example({"username": "clerk", "password": "\x00", "otp_token": "\x00"})
def test_the_sign_in_page_never_answers_500(clerk: User, data: dict[str, str]) -> None:
    n = next(_clients)
    response = Client().post(
        "/en/staff/login/", data, REMOTE_ADDR=f"10.7.{n // 256 % 256}.{n % 256}"
    )
    # A NUL anywhere is refused before the form (400); anything else is a form or a sign-in.
    refused = any("\x00" in value for value in data.values())
    assert response.status_code in ((400,) if refused else (200, 429))
    assert "_auth_user_id" not in response.wsgi_request.session
