"""`{% guard_alerts %}`: the line on the auditor's pages that says a limit of all clients
together was reached, and when."""

from typing import Any

from django import template

from vetting.guard.selectors import recent_alerts

register = template.Library()


@register.inclusion_tag("guard/alerts.html")
def guard_alerts() -> dict[str, Any]:
    alerts = list(recent_alerts()[:5])
    return {"alerts": alerts}
