"""Forms of the personnel and roster pages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vetting.accounts.selectors import holders_of
from vetting.policy.courses import Specialty
from vetting.policy.roles import Role
from vetting.units.models import CallSignLanguage, Echelon, Status, Subdivision, Volunteer
from vetting.units.selectors import path_of

DATE = forms.DateInput(attrs={"type": "date"})


class SubdivisionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return path_of(obj)


class SubdivisionForm(forms.Form):
    name = forms.CharField(label=_("Subdivision name"), max_length=100)
    echelon = forms.ChoiceField(label=_("Echelon"), choices=Echelon.choices)
    parent = SubdivisionChoice(
        label=_("Part of"),
        queryset=Subdivision.objects.exclude(echelon=Echelon.PLATOON).select_related("parent"),
        required=False,
        empty_label=_("(none: a battalion)"),
    )


class CommanderChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_username())


class CommandersForm(forms.Form):
    commanders = CommanderChoice(
        label=_("Commanders"),
        queryset=holders_of(Role.COMMANDER),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AssignForm(forms.Form):
    subdivision = SubdivisionChoice(
        label=_("Subdivision"), queryset=Subdivision.objects.select_related("parent__parent")
    )
    specialty = forms.ChoiceField(label=_("Specialty"), choices=Specialty.choices)
    starts_on = forms.DateField(label=_("From"), widget=DATE)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    on = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    correction = forms.BooleanField(
        label=_("This corrects the record (say why in the note)"), required=False
    )


class ConsentForm(forms.Form):
    given = forms.TypedChoiceField(
        label=_("Public mention"),
        choices=[("1", _("consents")), ("0", _("withdraws consent"))],
        coerce=lambda v: v == "1",
    )
    on = forms.DateField(label=_("Date"), widget=DATE)
    text = forms.CharField(
        label=_("What the volunteer agreed to, in their words"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MentionForm(forms.Form):
    channel = forms.CharField(label=_("Where (announcement, channel)"), max_length=200)
    text = forms.CharField(
        label=_("Text"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CallSignChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.call_sign)


class BriefingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    attendees = CallSignChoice(
        label=_("Attended"),
        queryset=Volunteer.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, roster: list[Volunteer] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if roster is not None:
            self.fields["attendees"].queryset = Volunteer.objects.filter(  # type: ignore[attr-defined]
                pk__in=[v.pk for v in roster]
            )


class CallSignForm(forms.Form):
    call_sign = forms.CharField(
        label=_("New call sign"),
        max_length=40,
        help_text=_("Proposed from the formation's words in the volunteer's language."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class CallSignWordForm(forms.Form):
    word = forms.CharField(label=_("Word"), max_length=30)
    language = forms.ChoiceField(label=_("Language"), choices=CallSignLanguage.choices)
