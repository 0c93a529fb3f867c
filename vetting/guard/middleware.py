from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY (Django has no setting of its own for this header)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class NoStore:
    """Every page and file the application makes is marked `Cache-Control: no-store`, so no
    browser, proxy or shared computer keeps a copy of a name, a finding or a scan. Static files
    are served before this runs and keep their caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        return response


class NulCharacterRefused(SuspiciousOperation):
    """A request carried a NUL character, which no form here accepts and PostgreSQL cannot
    store; it gets a 400 before any view can pass it to a query."""


class RequestShape:
    """Reads the form once, before CSRF or any view does: a body over the size limit gets the
    413 page, and a NUL character in the path, query or form a 400. Django's form fields
    refuse NUL already; this covers the raw filters views read themselves, in one place."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            form = request.POST
        except RequestDataTooBig:
            return render(request, "413.html", status=413)
        if "\x00" in request.path or _holds_nul(request.GET) or _holds_nul(form):
            raise NulCharacterRefused(_("A NUL character in the request was refused."))
        return self.get_response(request)


def _holds_nul(values: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in vs) for key, vs in values.lists())
