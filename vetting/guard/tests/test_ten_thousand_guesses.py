"""Ten thousand guesses spread over a thousand addresses, at the limits the project ships with:
the people the limits protect still get in while the guessing goes on.

The first guesses are posted to the pages; the thousands after them call what those pages
call for a guess (the limits, the form, the look-up), which is where a guess is counted and
refused, without drawing each refusal page. The owner and the applicant always use the pages."""

import random
import time
from collections import Counter
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django_otp.oath import TOTP
from django_ratelimit.core import _get_window

from vetting.accounts.forms import StaffLoginForm
from vetting.accounts.models import Authenticator
from vetting.accounts.tests.factories import PASSWORD, make_staff
from vetting.audit.models import AuditEvent
from vetting.guard import limits
from vetting.intake import receipts, selectors
from vetting.intake.models import Application
from vetting.intake.tests.factories import make_application
from vetting.policy.roles import Role

pytestmark = pytest.mark.django_db

GUESSES = 10_000
ADDRESSES = 1_000  # ten guesses from each, within what one client may try
ON_THE_PAGES = 20  # the first guesses, posted to the pages themselves


def address(i: int) -> dict[str, Any]:
    return {"REMOTE_ADDR": f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"}


def unused_code(user: Any) -> str:
    """A code the owner's app shows now or next that has not signed in yet (each code signs in
    once)."""
    device = Authenticator.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step
    return f"{totp.token():06d}"


def sign_in_guess(i: int) -> dict[str, str]:
    """A wrong password, or the right password with a wrong code (the password leaked)."""
    if i % 2:
        return {"username": "officer", "password": f"guess {i}", "otp_token": "123456"}
    return {"username": "officer", "password": PASSWORD, "otp_token": f"{i % 1_000_000:06d}"}


def window_of(limit: str, value: str) -> int:
    """Which window of `limit`'s count for `value` is open now (the windows of each key start
    at their own second). The count starts again with each window."""
    return _get_window(limits.keyed(value), limits.period_of(limit))


def windows_since(first: int, limit: str, value: str) -> int:
    """How many windows of `limit` for `value` a run that began in window `first` touched."""
    return (window_of(limit, value) - first) // limits.period_of(limit) + 1


def sign_in_as_the_page_does(i: int) -> int:
    """What the sign-in page does with a guess: 429 when a limit refuses it, else 200 (the
    form again) after counting the failure."""
    data = sign_in_guess(i)
    request = RequestFactory().post("/en/staff/login/", data, **address(i % ADDRESSES))
    try:
        limits.before_staff_login(request, data["username"])
    except limits.Throttled:
        return 429
    assert not StaffLoginForm(request, data=data).is_valid()
    limits.failed_staff_login(request, data["username"])
    return 200


def test_the_owner_signs_in_during_ten_thousand_guesses_at_the_account() -> None:
    """The attack was 10 wrong passwords from 10 addresses, which locked the officer out for
    good. Now 10,000 failed sign-ins on the account from 1,000 addresses: the officer, with the
    right password and code, signs in from yet other addresses in the middle and at the end."""
    officer = make_staff(Role.SECURITY_OFFICER, username="officer")
    owner = Client()
    right = {"username": "officer", "password": PASSWORD, "otp_token": unused_code(officer)}
    assert owner.post("/en/staff/login/", right, **address(60_000)).status_code == 302
    owner.post("/en/staff/logout/")

    guesser = Client()
    answers: Counter[int] = Counter()
    first_window = window_of(limits.STAFF_LOGIN_PER_ACCOUNT, "officer")
    for i in range(ON_THE_PAGES):
        page = guesser.post("/en/staff/login/", sign_in_guess(i), **address(i % ADDRESSES))
        answers[page.status_code] += 1
    for i in range(ON_THE_PAGES, GUESSES // 2):
        answers[sign_in_as_the_page_does(i)] += 1

    right["otp_token"] = unused_code(officer)
    during = owner.post("/en/staff/login/", right, **address(60_001))
    assert during.status_code == 302, "the owner was locked out by the guesses of others"
    assert owner.get("/en/staff/screening/hits/").status_code == 200
    owner.post("/en/staff/logout/")

    for i in range(GUESSES // 2, GUESSES):
        answers[sign_in_as_the_page_does(i)] += 1
    right["otp_token"] = unused_code(officer)
    assert owner.post("/en/staff/login/", right, **address(60_002)).status_code == 302

    # The guessers: the account's ten failures for clients it does not know in each window of
    # its budget the run touched (one, or two on a slow machine), then refusals.
    windows = windows_since(first_window, limits.STAFF_LOGIN_PER_ACCOUNT, "officer")
    assert windows in (1, 2), windows
    assert set(answers) == {200, 429} and answers.total() == GUESSES, answers
    assert 10 <= answers[200] <= 10 * windows, (answers, windows)
    assert "_auth_user_id" not in guesser.session
    logins = AuditEvent.objects.filter(action="staff.login", actor=officer)
    assert logins.count() == 3


def look_up_as_the_page_does(i: int, code: str) -> int:
    """What the status page does with a look-up: 429 when a limit refuses it, else 200 (found,
    or the form again after counting the failure)."""
    request = RequestFactory().post("/en/status/", {"code": code}, **address(i % ADDRESSES))
    try:
        limits.before_receipt_lookup(request, receipts.digest(code))
    except limits.Throttled:
        return 429
    if selectors.application_by_receipt(code) is None:
        limits.failed_receipt_lookup(request)
    return 200


def test_an_applicant_reads_and_withdraws_during_ten_thousand_failed_look_ups() -> None:
    """The attack was 190 failed look-ups from 22 addresses, which made every applicant's
    look-up and withdrawal answer 429 for 25 minutes. Now 10,000 look-ups of codes that do not
    exist, from 1,000 addresses: the applicant with the right code reads their status and
    withdraws during it, and the auditor gets one alert, not a lock on everyone."""
    _application, code = make_application()
    draw = random.Random(11)

    def wrong() -> str:
        return "".join(draw.choice(receipts.ALPHABET) for _ in range(20))

    guesser = Client()
    answers: Counter[int] = Counter()
    first_window = window_of(limits.PORTAL_FAILED_LOOKUPS, limits.EVERYONE)
    for i in range(ON_THE_PAGES):
        page = guesser.post("/en/status/", {"code": wrong()}, **address(i % ADDRESSES))
        answers[page.status_code] += 1
    for i in range(ON_THE_PAGES, GUESSES // 2):
        answers[look_up_as_the_page_does(i, wrong())] += 1

    applicant = Client()
    status = applicant.post("/en/status/", {"code": code}, **address(60_000))
    assert status.status_code == 200 and status.context["found"]

    for i in range(GUESSES // 2, GUESSES):
        answers[look_up_as_the_page_does(i, wrong())] += 1
    withdrawn = applicant.post(
        "/en/status/withdraw/", {"code": code, "confirm": "yes"}, **address(60_000)
    )
    assert withdrawn.status_code == 200
    assert Application.objects.get().is_withdrawn

    # Ten look-ups per address are one client's share: every guess is answered, none finds.
    assert answers == {200: GUESSES}, answers
    # One alert per window of the all-clients count the run touched (one, or two when slow).
    windows = windows_since(first_window, limits.PORTAL_FAILED_LOOKUPS, limits.EVERYONE)
    alerts = AuditEvent.objects.filter(action="guard.alert")
    assert alerts.count() == windows, (alerts.count(), windows)
    assert {a.detail["limit"] for a in alerts} == {"portal.lookup.failed"}
