from django import forms
from django.utils.translation import gettext_lazy as _

from vetting.policy.workflow import Service


class ProposeTokenForm(forms.Form):
    """A token for a service's system, for a second administrator to issue."""

    service = forms.ChoiceField(label=_("Service"), choices=Service.choices)
    label = forms.CharField(label=_("System"), max_length=120)
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
