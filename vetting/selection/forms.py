"""Forms of the visit pages."""

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from vetting.accounts.selectors import holders_of
from vetting.places.selectors import site_choices
from vetting.policy.roles import Role

DATE = forms.DateInput(attrs={"type": "date"})


class VisitForm(forms.Form):
    site = forms.TypedChoiceField(label=_("Detention site"), coerce=int)
    starts_on = forms.DateField(label=_("First day"), widget=DATE)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE)
    commander = forms.ModelChoiceField(label=_("Commander"), queryset=User.objects.none())
    interviewers = forms.ModelMultipleChoiceField(
        label=_("Interviewers who travel"), queryset=User.objects.none()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commander"].queryset = holders_of(Role.COMMANDER)  # type: ignore[attr-defined]
        self.fields["interviewers"].queryset = holders_of(Role.INTERVIEWER)  # type: ignore[attr-defined]
        # Each site of the list once, under its name in the page's language.
        self.fields["site"].choices = [("", "—"), *site_choices()]  # type: ignore[attr-defined]


class BookForm(forms.Form):
    cases = forms.CharField(widget=forms.HiddenInput, required=False)
    case = forms.IntegerField(required=False, widget=forms.HiddenInput)
    top = forms.IntegerField(required=False, min_value=1, max_value=200)


class ExportForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)


class ImportForm(forms.Form):
    results = forms.FileField(label=_("Results file"))
    key = forms.CharField(
        label=_("Packet key"), max_length=64, widget=forms.PasswordInput(render_value=False)
    )
