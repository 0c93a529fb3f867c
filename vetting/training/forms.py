"""Forms of the training pages. Volunteers are chosen by call sign."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vetting.accounts.selectors import holders_of
from vetting.policy.courses import CourseKind, ResultKind
from vetting.policy.roles import Role
from vetting.units.models import Volunteer

DATE = forms.DateInput(attrs={"type": "date"})


class CourseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Course"), choices=CourseKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500)


class CohortForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    instructors: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Instructors"), queryset=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instructors"].queryset = holders_of(Role.TRAINING_INSTRUCTOR)  # type: ignore[attr-defined]


class VolunteerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.call_sign)


class EnrolForm(forms.Form):
    volunteer = VolunteerChoice(label=_("Volunteer (call sign)"), queryset=Volunteer.objects.all())

    def __init__(self, *args: Any, volunteers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if volunteers is not None:
            self.fields["volunteer"].queryset = volunteers  # type: ignore[attr-defined]


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    topic = forms.CharField(label=_("Topic"), max_length=200)


class ResultForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=ResultKind.choices)
    note = forms.CharField(
        label=_("Instructor's note"), required=False, max_length=4000, widget=forms.Textarea
    )
