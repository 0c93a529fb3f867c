"""Rate limits on receipt-code look-ups, portal submissions and staff sign-in: refused with 429,
audited once, counted under keys that name no person, address or code."""

import time
from typing import Any

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.translation import gettext
from django_ratelimit import ALL
from django_ratelimit.core import _get_window, _make_cache_key, _split_rate

from vetting.accounts.tests.factories import (
    PASSWORD,
    current_code,
    make_staff,
    signed_in_client,
)
from vetting.audit.models import AuditEvent
from vetting.guard.addresses import client_address
from vetting.guard.limits import keyed
from vetting.intake import receipts
from vetting.intake.models import Application
from vetting.intake.tests.factories import make_application, portal_post
from vetting.policy.roles import Role

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
WRONG_CODE = "22222-22222-22222-22222"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [__import__("ipaddress").ip_network(f"{PROXY}/32")]


class Clock:
    """The clock the audit of refusals reads (the counters keep the real one)."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0 + 1800  # the middle of an hour, well inside any period

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr("vetting.guard.limits.time", fake)
    return fake


def via_proxy(client_ip: str) -> dict[str, Any]:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"203.0.113.9, {client_ip}"}


def lookup(client: Client, code: str, language: str = "en", **extra: Any) -> Any:
    return client.post(f"/{language}/status/", {"code": code}, **extra)


def test_lookups_from_one_client_past_the_limit_get_429(settings) -> None:
    settings.GUARD_RATES = {**settings.GUARD_RATES, "portal.lookup.client": "3/h"}
    client = Client()
    statuses = [lookup(client, WRONG_CODE).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


@pytest.mark.parametrize("language", ["uk", "ru", "en"])
def test_the_429_page_is_plain_in_the_page_language_and_says_when_to_retry(
    settings, language: str
) -> None:
    settings.GUARD_RATES = {**settings.GUARD_RATES, "portal.lookup.client": "1/h"}
    client = Client()
    lookup(client, WRONG_CODE, language)
    response = lookup(client, WRONG_CODE, language)
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    body = response.content.decode()
    assert f'<html lang="{language}">' in body and 'data-testid="too-many"' in body
    with translation.override(language):
        assert gettext("Too many attempts") in body
    assert "<form" not in body, "nothing to submit on a refusal page"


def test_lookups_of_one_code_are_limited_whoever_asks(settings, behind_proxy) -> None:
    settings.GUARD_RATES = {**settings.GUARD_RATES, "portal.lookup.code": "3/h"}
    _, code = make_application()
    client = Client()
    statuses = [
        lookup(client, code.lower().replace("-", " "), **via_proxy(f"198.51.100.{i}")).status_code
        for i in range(1, 6)
    ]
    assert statuses == [200, 200, 200, 429, 429]


def test_failed_lookups_of_all_clients_raise_an_alert_and_lock_no_one_out(
    settings, behind_proxy
) -> None:
    """The attack: 190 failed guesses from 22 addresses made every applicant's look-up and
    withdrawal answer 429 for 25 minutes. Now they raise one alert, and an honest applicant at
    another address looks up and withdraws."""
    settings.GUARD_RATES = {**settings.GUARD_RATES, "portal.lookup.failed": "150/h"}
    _, code = make_application()
    client = Client()
    for i in range(190):
        response = lookup(
            client, WRONG_CODE[:-2] + f"{i % 90 + 10}", **via_proxy(f"198.51.100.{i % 22}")
        )
        assert response.status_code in (200, 429)
    alerts = AuditEvent.objects.filter(action="guard.alert")
    assert alerts.count() == 1
    assert alerts.get().detail["limit"] == "portal.lookup.failed"
    # A line on the auditor's pages; other roles see none.
    auditor_page = signed_in_client(make_staff(Role.AUDITOR, "alert-auditor")).get(
        "/en/staff/cases/"
    )
    assert (
        "failed receipt look-ups of all clients together reached 150"
        in auditor_page.content.decode()
    )
    clerk_page = signed_in_client(make_staff(Role.INTAKE_CLERK, "alert-clerk")).get(
        "/en/staff/cases/"
    )
    assert 'data-testid="guard-alerts"' not in clerk_page.content.decode()
    honest = via_proxy("198.51.100.200")
    found = lookup(client, code, **honest)
    assert found.status_code == 200 and found.context["found"]
    withdrawn = client.post("/en/status/withdraw/", {"code": code, "confirm": "yes"}, **honest)
    assert withdrawn.status_code == 200
    assert Application.objects.get().is_withdrawn


def test_found_codes_do_not_count_as_failed_lookups(settings, behind_proxy) -> None:
    settings.GUARD_RATES = {**settings.GUARD_RATES, "portal.lookup.failed": "2/h"}
    _, code = make_application()
    client = Client()
    for i in range(5):
        response = lookup(client, code, **via_proxy(f"198.51.100.{i}"))
        assert response.status_code == 200 and response.context["found"]


def test_withdrawal_counts_as_a_lookup(settings) -> None:
    settings.GUARD_RATES = {**settings.GUARD_RATES, "portal.lookup.client": "2/h"}
    client = Client()
    for _ in range(2):
        client.post("/en/status/withdraw/", {"code": WRONG_CODE, "confirm": "yes"})
    _, code = make_application()
    response = client.post("/en/status/withdraw/", {"code": code, "confirm": "yes"})
    assert response.status_code == 429
    assert not Application.objects.get().is_withdrawn


def test_portal_submissions_from_one_client_are_limited(settings, behind_proxy) -> None:
    settings.GUARD_RATES = {**settings.GUARD_RATES, "portal.submit.client": "2/h"}
    client = Client()
    same = [client.post("/en/apply/", portal_post(), **via_proxy("198.51.100.1")) for _ in range(3)]
    # A submission is answered with its receipt (200); the third from one client is refused.
    assert [r.status_code for r in same] == [200, 200, 429]
    other = client.post("/en/apply/", portal_post(), **via_proxy("198.51.100.2"))
    assert other.status_code == 200
    assert Application.objects.count() == 3


def test_staff_sign_in_is_limited_per_client_and_for_clients_the_account_does_not_know(
    settings, behind_proxy
) -> None:
    settings.GUARD_RATES = {
        **settings.GUARD_RATES,
        "staff.login.client": "3/h",
        "staff.login.account": "4/h",
    }
    clerk = make_staff(Role.INTAKE_CLERK, username="clerk")
    client = Client()
    wrong = {"username": "clerk", "password": "wrong", "otp_token": "000000"}
    codes = [
        client.post("/en/staff/login/", wrong, **via_proxy("198.51.100.1")).status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    # From a fresh address, the account's budget for unknown clients still holds: 3 spent.
    fresh = client.post("/en/staff/login/", wrong, **via_proxy("198.51.100.2"))
    assert fresh.status_code == 200
    right = {"username": "clerk", "password": PASSWORD, "otp_token": current_code(clerk)}
    stranger = client.post("/en/staff/login/", right, **via_proxy("198.51.100.3"))
    assert stranger.status_code == 429
    right["username"] = "CLERK "
    assert client.post("/en/staff/login/", right, **via_proxy("198.51.100.4")).status_code == 429


def test_the_owner_signs_in_while_others_guess_at_the_account(settings, behind_proxy) -> None:
    """The attack: 10 wrong passwords from 10 addresses locked the real officer out, with the
    right password and code, and the lock renewed for ever. The owner's own browser, from any
    address, is never counted against the account."""
    settings.GUARD_RATES = {**settings.GUARD_RATES, "staff.login.account": "10/10m"}
    clerk = make_staff(Role.INTAKE_CLERK, username="clerk")
    owner = Client()
    with time_machine.travel(time.time() - 3600):  # the owner signed in an hour ago
        right = {"username": "clerk", "password": PASSWORD, "otp_token": current_code(clerk)}
        signed_in = owner.post("/en/staff/login/", right, **via_proxy("198.51.100.50"))
        assert signed_in.status_code == 302
        owner.post("/en/staff/logout/")
    guesser = Client()
    wrong = {"username": "clerk", "password": "wrong", "otp_token": "000000"}
    for i in range(10):
        guesser.post("/en/staff/login/", wrong, **via_proxy(f"198.51.100.{i}"))
    assert guesser.post("/en/staff/login/", wrong, **via_proxy("198.51.100.99")).status_code == 429
    # The owner, from yet another address, with a mistyped code first.
    elsewhere = via_proxy("198.51.100.77")
    mistyped = {**right, "otp_token": "000000" if right["otp_token"] != "000000" else "111111"}
    assert owner.post("/en/staff/login/", mistyped, **elsewhere).status_code == 200
    right["otp_token"] = current_code(clerk)
    assert owner.post("/en/staff/login/", right, **elsewhere).status_code == 302


def test_a_wrong_password_and_a_wrong_code_get_the_same_answer(settings) -> None:
    """The attack: "the code is wrong" after a right password told a guesser the password."""
    clerk = make_staff(Role.INTAKE_CLERK, username="clerk")
    wrong_code = "000000" if current_code(clerk) != "000000" else "111111"
    answers = []
    for password, code in ((PASSWORD, wrong_code), ("wrong", current_code(clerk)), ("x", "")):
        response = Client().post(
            "/en/staff/login/", {"username": "clerk", "password": password, "otp_token": code}
        )
        assert response.status_code == 200
        answers.append([str(e) for e in response.context["form"].non_field_errors()])
    assert answers[0] == answers[1] == answers[2], answers


def test_a_refusal_is_audited_once_per_period_without_address_or_code(settings, clock) -> None:
    settings.GUARD_RATES = {**settings.GUARD_RATES, "portal.lookup.client": "1/h"}
    _, code = make_application()
    client = Client()
    for _ in range(4):
        lookup(client, code, REMOTE_ADDR="192.0.2.44")
    events = list(AuditEvent.objects.filter(action="guard.throttled"))
    assert len(events) == 1
    assert events[0].detail == {"limit": "portal.lookup.client"}
    assert events[0].origin == "portal"
    stored = str(list(AuditEvent.objects.values()))
    assert "192.0.2.44" not in stored and receipts.canonical(code) not in stored


def test_refusals_are_audited_once_in_each_period_of_the_clock_they_touch(
    settings, clock: Clock
) -> None:
    settings.GUARD_RATES = {**settings.GUARD_RATES, "portal.lookup.client": "1/10m"}
    client = Client()
    clock.now = 600 * 3_000_000 + 599.5  # the last half second of a period

    def refused(n: int) -> int:
        statuses = [lookup(client, WRONG_CODE).status_code for _ in range(n)]
        assert statuses.count(429) >= n - 1
        return AuditEvent.objects.filter(action="guard.throttled").count()

    assert refused(50) == 1  # 1 served, 49 refused: one entry
    clock.now += 1  # the next period: refusals there get their own entry, once
    assert refused(50) == 2
    clock.now += 300
    assert refused(50) == 2


def test_a_staff_refusal_names_the_address_it_came_from(settings) -> None:
    settings.GUARD_RATES = {**settings.GUARD_RATES, "staff.login.client": "1/h"}
    client = Client()
    for _ in range(2):
        client.post("/en/staff/login/", {"username": "x", "password": "y"}, REMOTE_ADDR="192.0.2.7")
    event = AuditEvent.objects.get(action="guard.throttled")
    assert event.origin == "web 192.0.2.7"
    assert event.detail == {"limit": "staff.login.client"}


def test_counters_name_no_code_digest_or_address(settings) -> None:
    _, code = make_application()
    client = Client()
    lookup(client, code, REMOTE_ADDR="192.0.2.44")
    lookup(client, WRONG_CODE, REMOTE_ADDR="192.0.2.44")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM guard_counter")
        rows = str(cursor.fetchall())
    assert rows.count(":rl:") >= 4
    for secret in ("192.0.2.44", receipts.canonical(code), receipts.digest(code), WRONG_CODE):
        assert secret not in rows
    # Nor can a stolen table be matched against guessed addresses: without the secret key the
    # counter of 192.0.2.44 is not where a plain hash of the address would put it.
    period = _split_rate(settings.GUARD_RATES["portal.lookup.client"])[1]
    unkeyed = _make_cache_key(
        "portal.lookup.client",
        _get_window("192.0.2.44", period),
        settings.GUARD_RATES["portal.lookup.client"],
        "192.0.2.44",
        ALL,
    )
    assert unkeyed not in rows
    keyed_ = _make_cache_key(
        "portal.lookup.client",
        _get_window(keyed("192.0.2.44"), period),
        settings.GUARD_RATES["portal.lookup.client"],
        keyed("192.0.2.44"),
        ALL,
    )
    assert keyed_ in rows


def test_a_refused_request_reads_its_counter_and_writes_nothing(settings) -> None:
    settings.GUARD_RATES = {**settings.GUARD_RATES, "portal.lookup.client": "3/h"}
    client = Client()
    key = keyed("192.0.2.45")
    rate = settings.GUARD_RATES["portal.lookup.client"]
    counter = _make_cache_key(
        "portal.lookup.client", _get_window(key, _split_rate(rate)[1]), rate, key, ALL
    )
    statuses = [lookup(client, WRONG_CODE, REMOTE_ADDR="192.0.2.45").status_code for _ in range(9)]
    assert statuses == [200] * 3 + [429] * 6
    # The counter django-ratelimit keeps stopped at the limit: the six refusals only read it.
    assert caches["guard"].get(counter) == 3
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM guard_counter")
        rows = cursor.fetchone()[0]
    lookup(client, WRONG_CODE, REMOTE_ADDR="192.0.2.45")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM guard_counter")
        assert cursor.fetchone()[0] == rows  # and created no counter of its own


def test_the_counter_table_is_made_by_migrate() -> None:
    assert "guard_counter" in connection.introspection.table_names()


def test_an_increment_keeps_the_expiry_of_its_window() -> None:
    cache = caches["guard"]
    cache.add("window", 0, timeout=30)
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM guard_counter WHERE cache_key = %s", [":1:window"])
        opened = cursor.fetchone()[0]
        assert cache.incr("window") == 1
        assert cache.incr("window", 5) == 6
        cursor.execute("SELECT expires FROM guard_counter WHERE cache_key = %s", [":1:window"])
        assert cursor.fetchone()[0] == opened
    with pytest.raises(ValueError):
        cache.incr("never-added")


# Where a request comes from.


def request_from(remote: str, forwarded: str | None = None):
    extra: dict[str, Any] = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_forwarded_for_is_ignored_from_an_untrusted_peer(behind_proxy) -> None:
    assert client_address(request_from("198.51.100.1", "1.2.3.4")) == "198.51.100.1"


def test_forwarded_for_is_ignored_when_no_proxy_is_trusted(settings) -> None:
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from(PROXY, "1.2.3.4")) == PROXY


def test_behind_a_trusted_proxy_the_nearest_untrusted_address_is_the_client(
    settings, behind_proxy
) -> None:
    assert client_address(request_from(PROXY, "1.2.3.4, 198.51.100.1")) == "198.51.100.1"
    settings.TRUSTED_PROXIES = [__import__("ipaddress").ip_network("10.0.0.0/8")]
    assert client_address(request_from(PROXY, "1.2.3.4, 198.51.100.1, 10.1.1.1")) == (
        "198.51.100.1"
    )


def test_a_garbled_forwarded_for_counts_as_the_proxy_itself(behind_proxy) -> None:
    assert client_address(request_from(PROXY, "1.2.3.4, not-an-address")) == PROXY
    assert client_address(request_from(PROXY, "")) == PROXY
    assert client_address(request_from(PROXY)) == PROXY
