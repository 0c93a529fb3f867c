"""Rate limits on what the public and would-be staff can repeat: receipt-code look-ups, portal
submissions and staff sign-in.

django-ratelimit counts; the counters live in the shared database cache. A counter's key is an
HMAC of what it counts (a client address, a receipt code's digest, a user name) under the
secret key, so the cache table names no person, no address and no code.
"""

import ipaddress
import time
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django_ratelimit import ALL

# Internals, so a refusal can read its counter without creating it; test_limits checks that
# the counter read is the one django-ratelimit counts in.
from django_ratelimit.core import _get_window, _make_cache_key, _split_rate, get_usage
from django_ratelimit.exceptions import Ratelimited

from vetting.guard.addresses import client_address

PORTAL_LOOKUP_PER_CLIENT = "portal.lookup.client"
PORTAL_LOOKUP_PER_CODE = "portal.lookup.code"
PORTAL_FAILED_LOOKUPS = "portal.lookup.failed"
PORTAL_SUBMIT_PER_CLIENT = "portal.submit.client"
STAFF_LOGIN_PER_CLIENT = "staff.login.client"
STAFF_LOGIN_PER_ACCOUNT = "staff.login.account"
EVERYONE = "everyone"


class Throttled(Ratelimited):
    """A request refused by a rate limit; the middleware answers it with 429."""

    def __init__(self, limit: str, key: str, retry_after: int) -> None:
        super().__init__(limit)
        self.limit = limit
        self.key = key
        self.retry_after = max(retry_after, 1)


PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def period_of(limit: str) -> int:
    """The period of a limit's rate in seconds ("10/10m" is 600); a minute for an unknown one."""
    if limit not in settings.GUARD_RATES:
        return 60
    per = settings.GUARD_RATES[limit].split("/")[1]
    return int(per[:-1] or 1) * PERIODS[per[-1]]


def report_bucket(limit: str) -> int:
    """Which period of the clock this is for `limit`: refusals are audited once per limit,
    counter and bucket. Buckets are fixed to the clock, so a run of refusals shorter than one
    period is audited at most twice, and any run at most once per period it touches."""
    return int(time.time()) // period_of(limit)


def keyed(value: str) -> str:
    """What a counter is keyed by: an HMAC of the value, never the value itself."""
    return salted_hmac("vetting.guard.limits", value, algorithm="sha256").hexdigest()


def client_key(request: HttpRequest) -> str:
    """The client, as counted: its address, an IPv6 client by its /64 network."""
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def _usage(request: HttpRequest, limit: str, value: str, increment: bool) -> dict[str, Any]:
    key = keyed(value)
    usage = get_usage(
        request,
        group=limit,
        key=lambda _group, _request: key,
        rate=settings.GUARD_RATES[limit],
        increment=increment,
    )
    assert usage is not None  # None only when RATELIMIT_ENABLE is off, which it never is here
    return {**usage, "key": key}


def count(request: HttpRequest, limit: str, value: str) -> None:
    """Count this request against `limit` for `value`; raise Throttled once past the limit.
    A request refused is not counted: a flood of refusals reads the counter, never writes it."""
    _refuse_when_spent(limit, keyed(value))
    usage = _usage(request, limit, value, increment=True)
    if usage["should_limit"]:
        raise Throttled(limit, usage["key"], usage["time_left"])


def _refuse_when_spent(limit: str, key: str) -> None:
    """Raise Throttled if the counter django-ratelimit keeps for `limit` and `key` is spent,
    with one read and without creating the counter (a new client's first request writes once,
    as it did before this check)."""
    rate = settings.GUARD_RATES[limit]
    allowed, period = _split_rate(rate)
    window = _get_window(key, period)
    counter = _make_cache_key(limit, window, rate, key, ALL)
    if caches[settings.RATELIMIT_USE_CACHE].get(counter, 0) >= allowed:
        raise Throttled(limit, key, window - int(time.time()))


def refuse_when_reached(request: HttpRequest, limit: str, value: str) -> None:
    """Raise Throttled if `limit` is already used up for `value`, without counting."""
    usage = _usage(request, limit, value, increment=False)
    if usage["should_limit"] or usage["count"] >= usage["limit"]:
        raise Throttled(limit, usage["key"], usage["time_left"])


def before_receipt_lookup(request: HttpRequest, code_digest: str) -> None:
    """Count a receipt-code look-up by this client and for this code, given by the digest
    intake stores for it (the limits never see a code). Failed look-ups of all
    clients together never lock anyone out (that turned the limit on every honest applicant):
    past their limit they raise an alert for the auditor instead (`failed_receipt_lookup`)."""
    count(request, PORTAL_LOOKUP_PER_CLIENT, client_key(request))
    count(request, PORTAL_LOOKUP_PER_CODE, code_digest)


def failed_receipt_lookup(request: HttpRequest) -> None:
    """Count a look-up that found no application; the one that reaches the limit for all
    clients together records an alert (once per period of the limit)."""
    usage = _usage(request, PORTAL_FAILED_LOOKUPS, EVERYONE, increment=True)
    if usage["count"] == usage["limit"]:
        from vetting.guard.actions import raise_alert

        raise_alert(PORTAL_FAILED_LOOKUPS, count=usage["count"], rate=usage["limit"])


def before_portal_submission(request: HttpRequest) -> None:
    count(request, PORTAL_SUBMIT_PER_CLIENT, client_key(request))


# Staff sign-in. Every client is limited by its address. On top of that, clients an account
# does not know (no sign-in of that account from this browser before) share one budget of
# failed attempts per account: a guesser spread over many addresses spends it and is slowed
# down, while the owner's own browser, from any address, is never counted against it.
KNOWN_COOKIE = "vetting_known"
KNOWN_SALT = "vetting.guard.known-client"
KNOWN_MAX_ACCOUNTS = 8
KNOWN_MAX_AGE = 400 * 86400


def account_key(username: str) -> str:
    return keyed("account:" + username.strip().casefold())


def known_accounts(request: HttpRequest) -> list[str]:
    """The accounts (keyed) this browser has signed in to, from its signed cookie."""
    value = request.get_signed_cookie(
        KNOWN_COOKIE, default="", salt=KNOWN_SALT, max_age=KNOWN_MAX_AGE
    )
    return [k for k in (value or "").split(",") if k]


def is_known_client(request: HttpRequest, username: str) -> bool:
    return account_key(username) in known_accounts(request)


def before_staff_login(request: HttpRequest, username: str) -> None:
    """Count the attempt by its address; refuse a client the account does not know while the
    account's budget for unknown clients is spent."""
    count(request, STAFF_LOGIN_PER_CLIENT, client_key(request))
    if not is_known_client(request, username):
        refuse_when_reached(request, STAFF_LOGIN_PER_ACCOUNT, username.strip().casefold())


def failed_staff_login(request: HttpRequest, username: str) -> None:
    """Count a failed attempt against the account's budget, unless the browser is the
    account's own (a mistyped code by the owner costs the owner nothing)."""
    if not is_known_client(request, username):
        _usage(request, STAFF_LOGIN_PER_ACCOUNT, username.strip().casefold(), increment=True)


def remember_client(request: HttpRequest, response: Any, username: str) -> None:
    """After a sign-in with password and code: this browser is known to the account."""
    accounts = [k for k in known_accounts(request) if k != account_key(username)]
    accounts = ([account_key(username)] + accounts)[:KNOWN_MAX_ACCOUNTS]
    response.set_signed_cookie(
        KNOWN_COOKIE,
        ",".join(accounts),
        salt=KNOWN_SALT,
        max_age=KNOWN_MAX_AGE,
        httponly=True,
        secure=request.is_secure(),
        samesite="Strict",
    )
