"""One staff step from a posted form: validate it, run its action, say the outcome."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest


def run_form_step(
    request: HttpRequest,
    form: forms.Form,
    do: Callable[[dict[str, Any]], object],
    done: str,
    refusals: tuple[type[Exception], ...],
) -> bool:
    """Run `do` with the form's data if it is valid; each field error, or the action's refusal
    (one of `refusals`), becomes a message naming the field. True when the action ran."""
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(e) for e in errors)
            messages.error(request, f"{label}: {text}" if label else text)
        return False
    try:
        do(form.cleaned_data)
    except refusals as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, done)
    return True
