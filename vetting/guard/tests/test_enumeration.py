"""10,000 guesses at receipt codes, with the production rates: from one client, and spread over
10,000 clients behind a trusted proxy. Each is refused long before a guess could succeed."""

import ipaddress
import math
import time

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django_ratelimit.core import _split_rate

from vetting.audit.models import AuditEvent
from vetting.intake import receipts, selectors
from vetting.intake.tests.factories import make_application

# Each request commits, as it does in production: one transaction around 10,000 updates of the
# all-clients counter would leave PostgreSQL a chain of 10,000 row versions to walk per request.
pytestmark = pytest.mark.django_db(transaction=True)

GUESSES = 10_000
PROXY = "10.0.0.5"


def allowed(limit: str, started: float) -> int:
    """How many requests `limit` lets through since `started`: its count once per window
    touched. Windows are fixed, so a run across a window's end meets a fresh count."""
    count, period = _split_rate(django_settings.GUARD_RATES[limit])
    windows = 1 + math.ceil((time.monotonic() - started) / period)
    return int(count * windows)


@pytest.fixture
def evaluated(monkeypatch) -> list[str]:
    """Every code the database was actually asked about."""
    asked: list[str] = []
    real = selectors.application_by_receipt

    def counting(code: str):
        asked.append(code)
        return real(code)

    monkeypatch.setattr(selectors, "application_by_receipt", counting)
    return asked


def guess() -> str:
    return receipts.new_receipt_code()


def odds_against(evaluated: int) -> float:
    """log2 of the odds against any of `evaluated` guesses hitting one stored code."""
    space = len(receipts.ALPHABET) ** (receipts.GROUPS * receipts.GROUP_SIZE)
    return math.log2(space / evaluated)


def test_ten_thousand_guesses_from_one_client(evaluated: list[str]) -> None:
    _, real_code = make_application()
    client = Client()
    started = time.monotonic()
    statuses = [client.post("/en/status/", {"code": guess()}).status_code for _ in range(GUESSES)]
    guessed = len(evaluated)
    assert guessed <= allowed("portal.lookup.client", started)
    assert statuses.count(429) >= GUESSES - allowed("portal.lookup.client", started)
    # One audit entry per period of the clock the refusals touch, not one per refusal: a run
    # may cross from one period into the next, and each period gets its own entry.
    per_period, _seconds = _split_rate(django_settings.GUARD_RATES["portal.lookup.client"])
    periods = allowed("portal.lookup.client", started) // per_period
    assert 1 <= AuditEvent.objects.filter(action="guard.throttled").count() <= periods
    # The applicant's own look-up from another address still works.
    own = client.post("/en/status/", {"code": real_code}, REMOTE_ADDR="192.0.2.200")
    assert own.status_code == 200 and own.context["found"]
    print(
        f"\none client: {guessed} of {GUESSES} guesses evaluated, "
        f"odds against a hit 2^{odds_against(max(guessed, 1)):.0f} to 1"
    )


def test_ten_thousand_guesses_spread_over_as_many_clients(settings, evaluated: list[str]) -> None:
    """Failed look-ups of all clients together raise an alert for the auditor, never a lock
    on everyone: each client's own limit and the code's hundred bits are what stop guessing."""
    settings.TRUSTED_PROXIES = [ipaddress.ip_network(PROXY)]
    _, code = make_application()
    client = Client()
    base = int(ipaddress.ip_address("100.64.0.0"))
    statuses = []
    for i in range(GUESSES):
        forwarded = str(ipaddress.ip_address(base + i))
        response = client.post(
            "/en/status/",
            {"code": guess()},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded,
        )
        statuses.append(response.status_code)
    guessed = len(evaluated)
    assert statuses.count(429) == 0  # one guess per client: no client's own limit is reached
    # The limit of all clients together was passed: an alert in each period it touched.
    assert 1 <= AuditEvent.objects.filter(action="guard.alert").count() <= 2
    # An honest applicant is still served.
    honest = client.post(
        "/en/status/", {"code": code}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="100.127.0.1"
    )
    assert honest.status_code == 200 and honest.context["found"]
    print(
        f"\n{GUESSES} clients: {guessed} of {GUESSES} guesses evaluated, none a hit "
        f"(odds against a hit 2^{odds_against(max(guessed, 1)):.0f} to 1); "
        "an alert for the auditor, no lock on honest applicants"
    )


def test_a_receipt_code_holds_about_a_hundred_bits() -> None:
    bits = receipts.GROUPS * receipts.GROUP_SIZE * math.log2(len(receipts.ALPHABET))
    assert bits > 99
