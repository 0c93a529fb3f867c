from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from vetting.intake.importing import ImportFileError, check_size
from vetting.screening.models import Review


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

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            check_size(upload, settings.IMPORT_MAX_BYTES)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc), code="too_large") from None
        return upload


class HitFilterForm(forms.Form):
    """The hit queue's filters, read from the query string."""

    watchlist = forms.ChoiceField(label=_("Watchlist"), required=False)
    status = forms.ChoiceField(label=_("State"), required=False)
    min_score = forms.FloatField(label=_("Score from"), required=False, min_value=0, max_value=1)
    max_score = forms.FloatField(label=_("Score to"), required=False, min_value=0, max_value=1)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("found", _("Oldest first")),
            ("-found", _("Newest first")),
            ("-score", _("Highest score first")),
            ("score", _("Lowest score first")),
        ],
    )

    def __init__(self, data: Any, *, watchlists: Any) -> None:
        # An empty query string is the default queue: open hits, oldest first.
        super().__init__(data if data else {"status": Review.OPEN})
        watchlist = self.fields["watchlist"]
        status = self.fields["status"]
        assert isinstance(watchlist, forms.ChoiceField) and isinstance(status, forms.ChoiceField)
        watchlist.choices = [("", _("All watchlists")), *((str(w.pk), w.name) for w in watchlists)]
        status.choices = [("", _("Every state")), *Review.choices]
        for name in ("min_score", "max_score"):
            self.fields[name].widget.attrs.update(step="0.01", inputmode="decimal")

    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid one is left out, and shown with its error)."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "watchlist": data.get("watchlist") or "",
            "status": data.get("status") or "",
            "min_score": data.get("min_score"),
            "max_score": data.get("max_score"),
            "sort": data.get("sort") or "found",
        }


class LiftHoldForm(forms.Form):
    """The confirming service lifts the hold a match put on a case, saying why."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why: the reason is kept with the hold.")},
    )
