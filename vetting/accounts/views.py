"""Staff sign-in with two factors, enrolment of an authenticator, sign-out."""

from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from vetting.accounts import actions, selectors
from vetting.accounts.forms import DecideForm, EnrolForm, ProposeForm, SetupForm, StaffLoginForm
from vetting.accounts.models import AccountRequest, Authenticator
from vetting.audit.actions import Actor, record
from vetting.formsteps import run_form_step
from vetting.guard import limits
from vetting.guard.addresses import client_address
from vetting.policy.access import NotVisible, staff_actor, staff_view
from vetting.policy.authority import allowed


@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        limits.before_staff_login(request, request.POST.get("username", ""))
    form = StaffLoginForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.get_user()
            auth_login(request, user)
            otp_login(request, form.otp_device)
            record(staff_actor(request), "staff.login", user)
            target = request.POST.get("next") or request.GET.get("next") or ""
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                target = ""
            response = redirect(target or "accounts:home")
            limits.remember_client(request, response, user.get_username())
            return response
        limits.failed_staff_login(request, request.POST.get("username", ""))
        _record_failed_login(request, form)
    return render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next")})


ENROLLING = "vetting.enrolling"  # session key: the account that just used its set-up code


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """A new officer (or one whose authenticator was reset) sets a password with the one-time
    code an administrator handed over, then enrols an authenticator."""
    if request.method == "POST":
        limits.before_staff_login(request, request.POST.get("username", ""))
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actor = Actor(origin=f"web {client_address(request)}", public=True)
        try:
            account = actions.complete_setup(
                data["username"], data["code"], data["password1"], actor=actor
            )
        except actions.AccountError as exc:
            limits.failed_staff_login(request, data["username"])
            record(actor, "staff.login_failed", None, failed="set-up code")
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error("password1", exc)
        else:
            auth_login(request, account)
            request.session[ENROLLING] = account.pk
            return redirect("accounts:enrol")
    response = render(request, "accounts/setup.html", {"form": form})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """After the set-up code: show a new authenticator secret as a QR code, once, and confirm
    one code. No other way leads here: a password alone never enrols an authenticator."""
    user = request.user
    if request.session.get(ENROLLING) != user.pk:
        auth_logout(request)
        return redirect("accounts:login")
    if Authenticator.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:home")
    device, _created = Authenticator.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session.pop(ENROLLING, None)
            record(staff_actor(request), "staff.enrolled_authenticator", user)
            return redirect("accounts:home")
        record(staff_actor(request), "staff.login_failed", user, failed="enrolment code")
        form.add_error("otp_token", _("The code does not match. Try the current code."))
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
    elif "no_authenticator" in codes:
        failed = "no authenticator"
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


# Where each kind of staff account starts, in order of preference.
HOME_PAGES = (
    ("audit.view_auditevent", "audit:log"),  # the auditor's alone
    ("cases.view_case", "cases:queue"),
    ("intake.view_application", "intake:application-list"),
    ("screening.view_screeninghit", "screening:hit-queue"),
    ("units.view_personnel", "units:volunteers"),
    ("training.view_cohort", "training:courses"),
    ("units.view_subdivision", "units:subdivisions"),
    ("accounts.review_access", "accounts:accounts"),
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


REVIEW = "accounts.review_access"


@staff_view(REVIEW)
def staff_accounts(request: HttpRequest) -> HttpResponse:
    """Who holds which role, since when, granted and approved by whom, and the last sign-in;
    the changes waiting for a second administrator; a form to propose one."""
    rows = selectors.access_review()
    pending = list(selectors.pending_requests())
    record(
        staff_actor(request),
        "accounts.access_reviewed",
        accounts=[row.account.pk for row in rows],
        requests=[r.pk for r in pending],
    )
    user = request.user
    response = render(
        request,
        "accounts/accounts.html",
        {
            "rows": rows,
            "pending": [(r, allowed(user, "accounts.approve_change", r)) for r in pending],
            "recent": selectors.recent_requests(),
            "form": ProposeForm() if allowed(user, "accounts.propose_change") else None,
        },
    )
    return response


@staff_view(REVIEW, "accounts.propose_change")
@require_POST
def propose(request: HttpRequest) -> HttpResponse:
    form = ProposeForm(request.POST)

    def do(data: dict[str, Any]) -> object:
        return actions.propose_change(
            data["kind"],
            account=data["account"],
            username=data["username"],
            role=data["role"],
            reason=data["reason"],
            actor=staff_actor(request),
        )

    run_form_step(
        request,
        form,
        do,
        _("The change is proposed: a second administrator must approve it."),
        (actions.AccountError,),
    )
    return redirect("accounts:accounts")


@staff_view(REVIEW, "accounts.decide_change")
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    change = _request_for(request, pk)
    form = DecideForm(request.POST)
    codes: list[str] = []

    def do(data: dict[str, Any]) -> object:
        code = actions.approve_change(change, note=data["note"], actor=staff_actor(request))
        if code:
            codes.append(code)
        return code

    if (
        not run_form_step(
            request,
            form,
            do,
            _("The change is approved and has taken effect."),
            (actions.AccountError,),
        )
        or not codes
    ):
        return redirect("accounts:accounts")
    # The set-up code is shown once, to the approver, and never stored in clear.
    change.refresh_from_db()
    response = render(request, "accounts/setup_code.html", {"change": change, "code": codes[0]})
    response["Cache-Control"] = "no-store"
    return response


@staff_view(REVIEW, "accounts.decide_change")
@require_POST
def refuse(request: HttpRequest, pk: int) -> HttpResponse:
    change = _request_for(request, pk)
    run_form_step(
        request,
        DecideForm(request.POST),
        lambda d: actions.refuse_change(change, note=d["note"], actor=staff_actor(request)),
        _("The change is refused."),
        (actions.AccountError,),
    )
    return redirect("accounts:accounts")


@staff_view(REVIEW, "accounts.propose_change")
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    change = _request_for(request, pk)
    run_form_step(
        request,
        DecideForm(request.POST),
        lambda d: actions.withdraw_change(change, actor=staff_actor(request)),
        _("The proposal is withdrawn."),
        (actions.AccountError,),
    )
    return redirect("accounts:accounts")


def _request_for(request: HttpRequest, pk: int) -> AccountRequest:
    found = AccountRequest.objects.filter(pk=pk).first()
    if found is None:
        raise NotVisible(AccountRequest, pk)
    return found
