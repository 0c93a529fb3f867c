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

pytestmark = pytest.mark.django_db

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
    settings.TRUSTED_PROXIES = [ipaddress.ip_network(PROXY)]
    make_application()
    client = Client()
    base = int(ipaddress.ip_address("100.64.0.0"))
    statuses = []
    started = time.monotonic()
    for i in range(GUESSES):
        forwarded = str(ipaddress.ip_address(base + i))
        response = client.post(
            "/en/status/",
            {"code": guess()},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded,
        )
        statuses.append(response.status_code)
    limit = allowed("portal.lookup.failed", started)
    assert len(evaluated) <= limit
    assert statuses.count(429) >= GUESSES - limit
    first, period = _split_rate(django_settings.GUARD_RATES["portal.lookup.failed"])
    assert statuses[:first] == [200] * first, "honest clients' look-ups were served until then"
    per_year = first * 365 * 24 * 3600 // period
    print(
        f"\n{GUESSES} clients: {len(evaluated)} of {GUESSES} guesses evaluated "
        f"(odds against a hit 2^{odds_against(max(len(evaluated), 1)):.0f} to 1); "
        f"at most {per_year:,} guesses a year: 2^{odds_against(per_year):.0f} to 1 "
        f"per stored code"
    )


def test_a_receipt_code_holds_about_a_hundred_bits() -> None:
    bits = receipts.GROUPS * receipts.GROUP_SIZE * math.log2(len(receipts.ALPHABET))
    assert bits > 99
