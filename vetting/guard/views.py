"""The answer to a refused request."""

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vetting.guard import actions
from vetting.guard.limits import Throttled, period_of, report_bucket


def too_many_requests(request: HttpRequest, exception: Exception) -> HttpResponse:
    """429 with a plain page; the first refusal of a client (or code) in a period is audited."""
    limit = getattr(exception, "limit", "unknown")
    key = getattr(exception, "key", "")
    # One entry per limit, counter and period of the clock: a flood of refusals must not become
    # a flood of writes to the audit chain, which every change in the project waits on.
    reported = f"reported:{limit}:{key}:{report_bucket(limit)}"
    if caches["guard"].add(reported, 1, timeout=period_of(limit) + 60):
        actions.record_throttled(request, limit)
    response = render(request, "429.html", status=429)
    if isinstance(exception, Throttled):
        response["Retry-After"] = str(exception.retry_after)
    return response
