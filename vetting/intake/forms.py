"""Forms for the three ways in: the portal, paper applications and imported rows.

All three share `ApplicantFields`, so a rule about a name or a date is written once.
"""

import re
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vetting.intake.importing import ImportFileError, check_size
from vetting.intake.models import ApplicantStatus, Application, Language
from vetting.matching.text import clean

StrOrPromise = str | Promise

# Besides letters: spaces, hyphens, apostrophes, the comma of "SURNAME, Given", and the marks
# romanization systems use for the soft and hard signs (ISO 9: ʹ ʺ; GOST 7.79-B: ` and `` ).
NAME_MARKS = " .,'’ʼʹʺ`-"
# Cyrillic letters, without the block's combining marks (U+0483-U+0489: titlo, the signs of
# thousands and millions), which are no part of Ukrainian or Russian spelling.
CYRILLIC_LETTERS = "\u0400-\u0482\u048a-\u052f"
CYRILLIC_NAME = re.compile(rf"^[{CYRILLIC_LETTERS}][{CYRILLIC_LETTERS}{NAME_MARKS}]*$")
LATIN_NAME = re.compile(rf"^[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F{NAME_MARKS}]*$")
MIN_AGE, MAX_AGE = 16, 80

APPLICANT_FIELDS = [
    "name_cyrillic",
    "name_latin",
    "birth_date",
    "place_of_birth",
    "citizenship",
    "applicant_status",
    "detention_site",
    "rank",
    "unit",
    "service_number",
    "specialty",
    "contact",
    "statement",
]


def _clean_name(value: str, pattern: re.Pattern[str], script: StrOrPromise) -> str:
    # Composed letters (й typed as и and a breve becomes й), stress marks dropped.
    # Cyrillic number and titlo marks are refused, not folded: they are no part of any name.
    cyrillic_marks = any("\u0483" <= ch <= "\u0489" for ch in value)
    # Pasted text: invisible characters, stress marks and look-alike letters folded (one
    # cleaning for the portal, import, screening and search); composed letters kept.
    value = clean(value)
    if not value:
        return value
    if not any(ch.isalpha() for ch in value):
        raise ValidationError(_("A name must contain letters."), code="no_letters")
    if cyrillic_marks or not pattern.match(value):
        raise ValidationError(
            _("Use only %(script)s letters, spaces, hyphens and apostrophes.") % {"script": script},
            code="bad_characters",
        )
    if len(value.replace(" ", "")) < 2:
        raise ValidationError(_("The name is too short."), code="too_short")
    return value


def validate_birth_date(value: date | None) -> None:
    """A birth date is in the past and gives a plausible age for service."""
    if value is None:
        return
    today = timezone.localdate()
    if value > today:
        raise ValidationError(_("The date of birth cannot be in the future."), code="future")
    age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
    if age < MIN_AGE:
        raise ValidationError(
            _("The applicant must be at least %(age)d years old.") % {"age": MIN_AGE},
            code="too_young",
        )
    if age > MAX_AGE:
        raise ValidationError(_("Please check the year of birth."), code="too_old")


class ApplicantFields(forms.ModelForm):
    """Identity, status, military background, contact and statement: the common part."""

    class Meta:
        model = Application
        fields = APPLICANT_FIELDS
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "statement": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["statement"].widget.attrs["maxlength"] = settings.STATEMENT_MAX_CHARS
        self.fields["statement"].validators.append(MaxLengthValidator(settings.STATEMENT_MAX_CHARS))
        self.fields["birth_date"].validators.append(validate_birth_date)
        self.fields["applicant_status"].choices = ApplicantStatus.choices  # type: ignore[attr-defined]

    def clean_name_cyrillic(self) -> str:
        return _clean_name(self.cleaned_data.get("name_cyrillic", ""), CYRILLIC_NAME, _("Cyrillic"))

    def clean_name_latin(self) -> str:
        return _clean_name(self.cleaned_data.get("name_latin", ""), LATIN_NAME, _("Latin"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("name_cyrillic")
            and not data.get("name_latin")
            and "name_cyrillic" not in self.errors
            and "name_latin" not in self.errors
        ):
            self.add_error(
                "name_cyrillic", _("Write the full name in Cyrillic, in Latin letters, or both.")
            )
        if data.get("applicant_status") == ApplicantStatus.PRISONER_OF_WAR and not data.get(
            "detention_site"
        ):
            self.add_error("detention_site", _("Name the detention site."))
        return data

    def _post_clean(self) -> None:
        # Model validation of the unique (source, external_id) pair is the action's job: it
        # answers a re-sent application with the one already stored instead of an error.
        pass


class PortalApplicationForm(ApplicantFields):
    """The applicant's own form on the public portal."""

    voluntary = forms.BooleanField(
        required=True,
        label=_(
            "I apply of my own free will. Nobody forces or pays me to apply, and I know I may "
            "withdraw this application at any time."
        ),
        error_messages={"required": _("An application is accepted only if it is voluntary.")},
    )
    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean_submission_token(self) -> str:
        token = self.cleaned_data["submission_token"]
        if not re.fullmatch(r"[0-9a-f]{32}", token):
            raise ValidationError(_("The form has expired; please reload the page."))
        return token

    @property
    def consent_wording(self) -> str:
        """The exact sentence the applicant ticked, in the language it was shown in."""
        return str(self.fields["voluntary"].label)


class PaperApplicationForm(ApplicantFields):
    """A written application typed in by an intake clerk, with the scan of the page."""

    language = forms.ChoiceField(label=_("Language of the application"), choices=Language.choices)
    paper_reference = forms.CharField(
        label=_("Paper reference"),
        max_length=100,
        required=False,
        help_text=_("The number written on the page or its envelope, if any."),
    )
    consent_text = forms.CharField(
        label=_("The applicant's statement that the application is voluntary, as written"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    consent_date = forms.DateField(
        label=_("Date written on the page"), widget=forms.DateInput(attrs={"type": "date"})
    )
    scan = forms.FileField(label=_("Scan of the written page (PDF, JPEG or PNG)"))

    class Meta(ApplicantFields.Meta):
        fields = [*APPLICANT_FIELDS, "scan"]

    def clean_consent_date(self) -> date:
        value: date = self.cleaned_data["consent_date"]
        if value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return value

    def clean_scan(self) -> Any:
        scan = self.cleaned_data["scan"]
        if scan.size > settings.SCAN_MAX_BYTES:
            raise ValidationError(_("The scan is larger than 20 MB."))
        head = scan.read(8)
        scan.seek(0)
        if not (
            head.startswith(b"%PDF")
            or head.startswith(b"\xff\xd8\xff")
            or head.startswith(b"\x89PNG")
        ):
            raise ValidationError(_("The scan must be a PDF, JPEG or PNG file."))
        return scan


class RowValidator:
    """Validates many imported rows with one form instance.

    Building a form per row deep-copies every field; at 100,000 rows that copying alone cost
    more than storing the rows. A bound form keeps no state between full_clean() calls apart
    from what is reset here.
    """

    def __init__(self) -> None:
        self._form = ImportedRowFields(data={})

    def validate(self, data: dict[str, str]) -> tuple[dict[str, Any] | None, dict[str, list[str]]]:
        """(cleaned data, {}) for a valid row, else (None, {field: messages})."""
        form = self._form
        form.data = data
        form._errors = None  # type: ignore[attr-defined]
        form._bound_fields_cache = {}  # type: ignore[attr-defined]
        if form.is_valid():
            return dict(form.cleaned_data), {}
        return None, {name: [str(m) for m in messages] for name, messages in form.errors.items()}


class ImportedRowFields(ApplicantFields):
    """One row of an imported list; the row's own id makes re-imports idempotent."""

    external_id = forms.CharField(max_length=200)
    language = forms.ChoiceField(choices=Language.choices)
    consent_text = forms.CharField(max_length=2000)
    submitted_at = forms.DateTimeField(required=False)

    def clean_submitted_at(self) -> Any:
        value = self.cleaned_data.get("submitted_at")
        if value and value > timezone.now():
            raise ValidationError(_("The date cannot be in the future."))
        return value


class ReceiptLookupForm(forms.Form):
    """The receipt code, typed by the applicant; nothing else identifies them."""

    code = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("List of applications (CSV or JSON lines)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            check_size(upload, settings.IMPORT_MAX_BYTES)
        except ImportFileError as exc:
            raise ValidationError(str(exc), code="too_large") from None
        return upload

    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=_(
            "Where the list comes from, e.g. the detention site. Defaults to the file name."
        ),
    )
