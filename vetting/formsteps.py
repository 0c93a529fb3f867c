"""One staff step from a posted form: validate it, run its action, say the outcome."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from vetting.audit.actions import record_refusal
from vetting.policy.access import staff_actor
from vetting.policy.authority import NotAllowed
from vetting.policy.timing import Untimely


def run_form_step(
    request: HttpRequest,
    form: forms.Form,
    do: Callable[[dict[str, Any]], object],
    done: str,
    refusals: tuple[type[Exception], ...],
) -> bool:
    """Run `do` with the form's data if it is valid; each field error, or the action's refusal
    (one of `refusals`, the policy's, which is audited, or a rule of time's) becomes a
    message naming the field. True when the action ran."""
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(e) for e in errors)
            messages.error(request, f"{label}: {text}" if label else text)
        return False
    try:
        do(form.cleaned_data)
    except NotAllowed as exc:
        refused(request, exc)
        return False
    except Untimely as exc:
        # The rules of time refuse on the field they concern.
        concerned = form.fields.get(exc.field)
        label = concerned.label if concerned is not None else ""
        messages.error(request, f"{label}: {exc}" if label else str(exc))
        return False
    except refusals as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, done)
    return True


def refused(request: HttpRequest, exc: NotAllowed) -> None:
    """The policy refused a step posted from a page: audit it and say why on the page."""
    match = request.resolver_match
    record_refusal(
        staff_actor(request), status=403, view=match.view_name if match else "", action=exc.action
    )
    messages.error(request, str(exc))
