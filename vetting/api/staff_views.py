"""The administrators' pages for API tokens: propose, issue or refuse (a second
administrator), revoke; the auditor reads the list."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vetting.api import actions
from vetting.api.forms import NoteForm, ProposeTokenForm
from vetting.api.models import ApiToken, TokenState
from vetting.audit.actions import record
from vetting.formsteps import run_form_step
from vetting.policy.access import NotVisible, staff_actor, staff_view
from vetting.policy.authority import allowed

REVIEW = "api.review_tokens"
PROPOSE = "api.propose_token"


@staff_view(REVIEW)
def tokens(request: HttpRequest) -> HttpResponse:
    """Every token: its service, system, state, who proposed and issued it, its last use."""
    listed = list(ApiToken.objects.select_related("proposed_by", "decided_by", "revoked_by"))
    user = request.user
    record(staff_actor(request), "api.tokens_reviewed", tokens=[t.pk for t in listed])
    rows = [
        (
            t,
            t.state == TokenState.PENDING and allowed(user, "api.issue_token", t),
            t.state == TokenState.ACTIVE and allowed(user, "api.revoke_token", t),
        )
        for t in listed
    ]
    return render(
        request,
        "api/tokens.html",
        {"rows": rows, "form": ProposeTokenForm() if allowed(user, PROPOSE) else None},
    )


@staff_view(REVIEW, PROPOSE)
@require_POST
def propose(request: HttpRequest) -> HttpResponse:
    run_form_step(
        request,
        ProposeTokenForm(request.POST),
        lambda d: actions.propose_token(
            service=d["service"], label=d["label"], reason=d["reason"], actor=staff_actor(request)
        ),
        _("The token is proposed: a second administrator must issue it."),
        (actions.TokenError,),
    )
    return redirect("api-tokens:tokens")


def _token(pk: int) -> ApiToken:
    found = ApiToken.objects.filter(pk=pk).first()
    if found is None:
        raise NotVisible(ApiToken, pk)
    return found


@staff_view(REVIEW, PROPOSE)
@require_POST
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    token = _token(pk)
    issued: list[str] = []

    def do(_data: dict[str, str]) -> object:
        issued.append(actions.issue_token(token, actor=staff_actor(request)))
        return token

    if not run_form_step(
        request,
        NoteForm(request.POST),
        do,
        _("The token is issued."),
        (actions.TokenError,),
    ):
        return redirect("api-tokens:tokens")
    # Shown once, to the administrator who issued it; only its keyed digest is stored.
    return render(request, "api/token_issued.html", {"token": token, "secret": issued[0]})


@staff_view(REVIEW, PROPOSE)
@require_POST
def refuse(request: HttpRequest, pk: int) -> HttpResponse:
    token = _token(pk)
    run_form_step(
        request,
        NoteForm(request.POST),
        lambda d: actions.refuse_token(token, note=d["note"], actor=staff_actor(request)),
        _("The token is refused."),
        (actions.TokenError,),
    )
    return redirect("api-tokens:tokens")


@staff_view(REVIEW, PROPOSE)
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = _token(pk)
    run_form_step(
        request,
        NoteForm(request.POST),
        lambda d: actions.revoke_token(token, reason=d["note"], actor=staff_actor(request)),
        _("The token is revoked: its next call is refused."),
        (actions.TokenError,),
    )
    return redirect("api-tokens:tokens")
