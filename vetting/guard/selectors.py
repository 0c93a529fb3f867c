"""Reads of the guard's records: the alerts the auditor sees."""

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from vetting.audit.models import AuditEvent

ALERT_DAYS = 7


def recent_alerts(days: int = ALERT_DAYS) -> QuerySet[AuditEvent]:
    """Limits of all clients together reached in the last `days` days, newest first."""
    since = timezone.now() - timedelta(days=days)
    return AuditEvent.objects.filter(action="guard.alert", at__gte=since).order_by("-position")
