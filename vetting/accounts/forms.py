"""Staff sign-in: password and a time-based one-time code, in one form."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, match_token

from vetting.accounts.models import ChangeKind
from vetting.policy.roles import Role


class StaffLoginForm(AuthenticationForm):
    """Password and TOTP code. An account without an authenticator signs in nowhere: a new
    officer (or one whose authenticator was reset) starts on the set-up page, with the one-time
    code an administrator handed over."""

    otp_token = forms.CharField(
        label=_("Code from the authenticator app"),
        required=False,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )

    # One answer for a wrong name, password or code: which one was wrong would tell a guesser
    # that the password was right.
    WRONG = _("The user name, the password or the code is wrong. Enter them again.")
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": WRONG,
        "invalid_token": WRONG,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.otp_device: Any = None

    def confirm_login_allowed(self, user: Any) -> None:
        """A superuser operates the server from its command line; it has no staff pages."""
        super().confirm_login_allowed(user)
        if user.is_superuser:
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                "invalid_login",
                params={"username": self.username_field.verbose_name},
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        if user is not None:
            if not any(devices_for_user(user, confirmed=True)):
                raise forms.ValidationError(
                    self.error_messages["invalid_login"],
                    "no_authenticator",
                    params={"username": self.username_field.verbose_name},
                )
            device = match_token(user, (self.cleaned_data.get("otp_token") or "").strip())
            if device is None:
                raise forms.ValidationError(self.error_messages["invalid_token"], "invalid_token")
            self.otp_device = device
        return cleaned


class EnrolForm(forms.Form):
    otp_token = forms.CharField(label=_("Code shown by the app"), max_length=8)


class ProposeForm(forms.Form):
    """A change to a staff account, for a second administrator to approve."""

    kind = forms.ChoiceField(label=_("Change"), choices=ChangeKind.choices)
    account = forms.ModelChoiceField(
        label=_("Account"),
        queryset=get_user_model()._default_manager.filter(is_superuser=False).order_by("username"),
        required=False,
    )
    username = forms.CharField(
        label=_("User name of the new account"),
        max_length=150,
        required=False,
        validators=[UnicodeUsernameValidator()],
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", "—"), *((r.value, r.label) for r in Role)], required=False
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Role labels in the language of the page that shows the form.
        self.fields["role"].choices = [("", "—"), *((r.value, r.label) for r in Role)]  # type: ignore[attr-defined]
        self.fields["account"].label_from_instance = lambda user: user.get_username()  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SetupForm(forms.Form):
    """A new officer's first password, with the one-time code handed over in person."""

    username = forms.CharField(label=_("User name"), max_length=150)
    code = forms.CharField(
        label=_("Set-up code"), max_length=40, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password1") != cleaned.get("password2"):
            raise forms.ValidationError(_("The two passwords differ."))
        return cleaned
