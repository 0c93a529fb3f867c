"""Forms for each step of a case. Every form that changes a case carries the version it was
opened at, so a stale save is refused instead of overwriting someone else's work."""

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from vetting.accounts.selectors import holders_of
from vetting.cases.models import (
    Assessment,
    CheckResult,
    ClaimStatus,
    Outcome,
    PolygraphResult,
    RejectionReason,
)
from vetting.policy.roles import Role

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MoveForm(VersionedForm):
    transition = forms.CharField(widget=forms.HiddenInput, max_length=32)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class HoldForm(VersionedForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000)
    until = forms.DateField(
        label=_("Look again on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ScheduleInterviewForm(VersionedForm):
    scheduled_for = forms.DateTimeField(label=_("Date and time"), widget=DATETIME)
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        help_text=_("A detention site or a recruitment office."),
    )
    interviewer = forms.ModelChoiceField(label=_("Interviewer"), queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interviewer"].queryset = holders_of(Role.INTERVIEWER)  # type: ignore[attr-defined]


class InterviewFindingsForm(VersionedForm):
    motivation = forms.ChoiceField(label=_("Motivation"), choices=Assessment.choices)
    consistency = forms.ChoiceField(
        label=_("Consistency of the account"), choices=Assessment.choices
    )
    fitness = forms.ChoiceField(label=_("Fitness for service"), choices=Assessment.choices)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20_000
    )


class CheckForm(VersionedForm):
    findings = forms.CharField(
        label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}), max_length=50_000
    )
    result = forms.ChoiceField(label=_("Result"), choices=CheckResult.choices)
    evidence = forms.FileField(label=_("Evidence file"), required=False)
    evidence_description = forms.CharField(
        label=_("What the file shows"), required=False, max_length=300
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("evidence") and not data.get("evidence_description"):
            self.add_error("evidence_description", _("Say what the file shows."))
        return data


class ClaimAssessmentForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ClaimStatus.choices)
    evidence_note = forms.CharField(label=_("Evidence"), required=False, max_length=500)


class AssignPolygraphForm(VersionedForm):
    number = forms.TypedChoiceField(label=_("Session"), choices=[(1, "1"), (2, "2")], coerce=int)
    examiner = forms.ModelChoiceField(label=_("Examiner"), queryset=User.objects.none())
    scheduled_for = forms.DateTimeField(label=_("Date and time"), required=False, widget=DATETIME)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["examiner"].queryset = holders_of(Role.POLYGRAPH_EXAMINER)  # type: ignore[attr-defined]


class PolygraphResultForm(VersionedForm):
    result = forms.ChoiceField(label=_("Result"), choices=PolygraphResult.choices)
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20_000,
    )


class DecisionForm(VersionedForm):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices)
    reason_code = forms.ChoiceField(
        label=_("Reason code (rejection)"),
        choices=[("", "—"), *RejectionReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class ApproveForm(VersionedForm):
    """The second commander's approval: nothing to fill in but the version seen."""


class RefuseAcceptanceForm(VersionedForm):
    """The second commander refuses an acceptance: the reason goes back with the case."""

    reason = forms.CharField(label=_("Reason"), max_length=2000)


class MergeForm(VersionedForm):
    into = forms.TypedChoiceField(label=_("Earlier case"), coerce=int)
    reason = forms.CharField(label=_("Reason"), max_length=2000)

    def __init__(self, *args: Any, targets: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [  # type: ignore[attr-defined]
            (c.pk, f"{c.reference} · {c.get_stage_display()}") for c in targets
        ]
