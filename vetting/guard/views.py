"""The answer to a refused request."""

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vetting.guard import actions
from vetting.guard.limits import Throttled


def too_many_requests(request: HttpRequest, exception: Exception) -> HttpResponse:
    """429 with a plain page; the first refusal of a client (or code) in a window is audited."""
    limit = getattr(exception, "limit", "unknown")
    retry_after = getattr(exception, "retry_after", 60)
    key = getattr(exception, "key", "")
    # One entry per limit, counter and window: a flood of refusals must not become a flood of
    # writes to the audit chain, which every change in the project waits on.
    if caches["guard"].add(f"reported:{limit}:{key}", 1, timeout=retry_after):
        actions.record_throttled(request, limit)
    response = render(request, "429.html", status=429)
    if isinstance(exception, Throttled):
        response["Retry-After"] = str(exception.retry_after)
    return response
