"""Audit entries for refused requests."""

from django.http import HttpRequest

from vetting.audit.actions import Actor, record
from vetting.audit.actors import PORTAL_ACTOR
from vetting.audit.models import AuditEvent
from vetting.guard.addresses import client_address


def record_throttled(request: HttpRequest, limit: str) -> AuditEvent:
    """Record that `limit` refused a request: staff sign-in with the address it came from,
    the portal without one (applicants' addresses are never recorded)."""
    if limit.startswith("staff."):
        actor = Actor(origin=f"web {client_address(request)}")
    else:
        actor = PORTAL_ACTOR
    return record(actor, "guard.throttled", limit=limit)


def raise_alert(limit: str, **detail: object) -> AuditEvent:
    """Record that a limit of all clients together was reached: an alert for the auditor, not
    a refusal of anyone."""
    return record(
        PORTAL_ACTOR if limit.startswith("portal.") else Actor(origin="guard"),
        "guard.alert",
        limit=limit,
        **detail,
    )
