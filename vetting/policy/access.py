"""Who may open a staff page: signed in with password and a second factor, and holding, by a
role, the permission the page names. Object-level restriction is the job of each app's
selectors; what a user may do there, of the rules (`vetting.policy.rules`)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponseBase

from vetting.audit.actions import Actor, record_refusal
from vetting.guard.addresses import client_address
from vetting.policy.roles import permissions_of

View = Callable[..., HttpResponseBase]


def staff_view(*permissions: str) -> Callable[[View], View]:
    """Decorate a staff view: two-factor sign-in required, then every listed permission, held
    through a role (a superuser's blanket permissions count for nothing here)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            # OTPMiddleware gives every request's user is_verified().
            if not user.is_authenticated or not user.is_verified():  # type: ignore[union-attr,attr-defined]
                return redirect_to_login(request.get_full_path())
            if not set(permissions) <= permissions_of(user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def staff_actor(request: HttpRequest) -> Actor:
    """The signed-in officer as an audit actor, with where the request came from."""
    return Actor(user=request.user, origin=f"web {client_address(request)}")


class NotVisible(Http404):
    """The 404 of a lookup through the user's restriction: the same page whether the object does
    not exist or the user may not see it, and the refusal is audited."""

    def __init__(self, model: type[Model], pk: object) -> None:
        super().__init__()
        self.target_type = model._meta.label_lower
        self.model = model
        self.pk = pk


class AuditRefusals:
    """Middleware: every 403 of a view, and every NotVisible 404, is an audit entry naming who
    was refused which page (and which object), never what the page holds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        match = request.resolver_match
        view = match.view_name if match else ""
        if isinstance(exception, PermissionDenied):
            record_refusal(
                staff_actor(request), status=403, view=view, action=getattr(exception, "action", "")
            )
        elif isinstance(exception, NotVisible):
            # Asked either way, so that a hidden object and a missing one take the same time.
            try:
                exists = exception.model._default_manager.filter(pk=exception.pk).exists()
            except (TypeError, ValueError):
                exists = False
            record_refusal(
                staff_actor(request),
                status=404,
                view=view,
                target_type=exception.target_type,
                target_id=str(exception.pk),
                exists=exists,
            )
