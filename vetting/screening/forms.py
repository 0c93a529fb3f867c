from django import forms
from django.utils.translation import gettext_lazy as _


class DecisionForm(forms.Form):
    """An officer's decision on a hit or a likely repeat application, with the reason."""

    decision = forms.ChoiceField(
        choices=[("confirm", _("Confirm")), ("dismiss", _("Dismiss"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why: the reason is kept with the decision.")},
    )


class WatchlistUploadForm(forms.Form):
    watchlist = forms.CharField(
        label=_("Watchlist"),
        max_length=200,
        help_text=_("An existing list gets a new version; a new name starts a new list."),
    )
    file = forms.FileField(label=_("File (CSV or FollowTheMoney JSON lines)"))
