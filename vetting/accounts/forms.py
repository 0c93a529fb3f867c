"""Staff sign-in: password and a time-based one-time code, in one form."""

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, match_token


class StaffLoginForm(AuthenticationForm):
    """Password and TOTP code. A user with no confirmed device yet signs in to enrol one only."""

    otp_token = forms.CharField(
        label=_("Code from the authenticator app"),
        required=False,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_token": _("The code is wrong or has expired. Enter the current code."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.otp_device: Any = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and any(devices_for_user(user, confirmed=True)):
            device = match_token(user, (self.cleaned_data.get("otp_token") or "").strip())
            if device is None:
                raise forms.ValidationError(self.error_messages["invalid_token"], "invalid_token")
            self.otp_device = device
        return cleaned


class EnrolForm(forms.Form):
    otp_token = forms.CharField(label=_("Code shown by the app"), max_length=8)
