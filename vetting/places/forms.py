"""Forms of the places page."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vetting.places.models import PlaceKind
from vetting.places.selectors import site_choices


class PlaceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlaceKind.choices)
    name_uk = forms.CharField(label=_("Name in Ukrainian"), max_length=200)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200)
    aliases = forms.CharField(
        label=_("Other spellings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: short forms and the ways applicants write it."),
    )

    def clean_aliases(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]


class MapForm(forms.Form):
    place = forms.TypedChoiceField(label=_("Place"), coerce=int)

    def __init__(self, *args: Any, kind: str = PlaceKind.DETENTION_SITE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = site_choices(kind)  # type: ignore[attr-defined]


class AliasForm(forms.Form):
    text = forms.CharField(label=_("Spelling"), max_length=200)
