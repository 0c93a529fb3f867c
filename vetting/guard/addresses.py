"""Where a request came from, read behind the trusted proxies only: what the limits count by
and what an officer's audit entries name."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def client_address(request: HttpRequest) -> str:
    """The address a request came from: REMOTE_ADDR, or, when that is a trusted proxy
    (VETTING_TRUSTED_PROXIES), the nearest address in X-Forwarded-For that is not one.

    Proxies append the peer they saw, so entries left of the last untrusted one may be forged
    by the client and are never read.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if not _trusted(remote):
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    for item in reversed(forwarded.split(",")):
        address = item.strip()
        try:
            ipaddress.ip_address(address)
        except ValueError:
            return remote
        if not _trusted(address):
            return address
    return remote
