"""Staff sign-in with two factors, enrolment of an authenticator, sign-out."""

from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from vetting.accounts.access import client_address, staff_actor
from vetting.accounts.forms import EnrolForm, StaffLoginForm
from vetting.audit.actions import Actor, record
from vetting.guard import limits


@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        limits.before_staff_login(request, request.POST.get("username", ""))
    form = StaffLoginForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.get_user()
            auth_login(request, user)
            if form.otp_device is None:
                return redirect("accounts:enrol")
            otp_login(request, form.otp_device)
            record(staff_actor(request), "staff.login", user)
            target = request.POST.get("next") or request.GET.get("next") or ""
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                target = ""
            return redirect(target or "accounts:home")
        _record_failed_login(request, form)
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next")})


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """First sign-in: show a new authenticator secret as a QR code and confirm one code."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:home")
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            record(staff_actor(request), "staff.enrolled_authenticator", user)
            return redirect("accounts:home")
        record(staff_actor(request), "staff.login_failed", user, failed="enrolment code")
        form.add_error("otp_token", "The code does not match. Try the current code.")
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    return render(
        request, "accounts/enrol.html", {"form": form, "qr_svg": buffer.getvalue().decode()}
    )


def _record_failed_login(request: HttpRequest, form: StaffLoginForm) -> None:
    """Audit a refused sign-in: which step failed and, when the name is an account's, which
    account was tried (never the name typed, which may be a password typed in the wrong box)."""
    codes = {e.code for e in form.errors.as_data().get("__all__", [])}
    if "invalid_token" in codes:
        failed = "code"
    elif codes & {"invalid_login", "inactive"}:
        failed = "password"
    else:
        failed = "incomplete"
    # The name as the form cleaned it: a name the form refused (a NUL, say) looks nothing up.
    typed = getattr(form, "cleaned_data", {}).get("username")  # none when nothing was sent
    account = form.get_user() or (
        get_user_model()._default_manager.filter(username=typed).first() if typed else None
    )
    actor = Actor(origin=f"web {client_address(request)}")
    record(actor, "staff.login_failed", account, failed=failed)


def admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """The admin signs in through the staff sign-in page: one page checks both factors and
    audits every failure."""
    target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    return redirect_to_login(target, reverse("accounts:login"))


# Where each kind of staff account starts, in order of preference.
HOME_PAGES = (
    ("cases.view_case", "cases:queue"),
    ("intake.view_application", "intake:application-list"),
    ("screening.view_screeninghit", "screening:hit-queue"),
    ("units.view_personnel", "units:volunteers"),
    ("training.view_cohort", "training:courses"),
    ("units.view_subdivision", "units:subdivisions"),
)


def home(request: HttpRequest) -> HttpResponse:
    """The first page this account's role may open."""
    for permission, page in HOME_PAGES:
        if request.user.has_perm(permission):
            return redirect(page)
    return render(request, "accounts/no_pages.html")


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        record(staff_actor(request), "staff.logout", request.user)
    auth_logout(request)
    return redirect("accounts:login")
