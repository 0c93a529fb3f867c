"""The auditor's filter: actor, action, object and time range, read from the query string."""

import re
from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from vetting.audit.labels import ACTION_LABELS
from vetting.auditor.selectors import AuditFilter

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

# Staff-facing references and the objects they name (the models' `reference` properties).
REFERENCES = {
    "A": "intake.application",
    "C": "cases.case",
    "V": "selection.fieldvisit",
}
_REFERENCE = re.compile(r"^([ACV])-?(\d{1,12})$", re.IGNORECASE)
_ACTION_CODE = re.compile(r"^[a-z_]+\.[a-z_:]+$")
_TYPED = re.compile(r"^([a-z_]+\.[a-z_]+)[:# ](\S{1,64})$")


def parse_object(text: str) -> tuple[str, str] | None:
    """The (type, id) an auditor's object names: a reference (A-0000138, C-0000138, V-00012)
    or a type and id (units.volunteer:12); None when it names no kind of object."""
    text = text.strip()
    if match := _REFERENCE.match(text):
        return REFERENCES[match[1].upper()], str(int(match[2]))
    if match := _TYPED.match(text):
        label, object_id = match[1], match[2]
        try:
            apps.get_model(label)
        except (LookupError, ValueError):
            return None
        return label, object_id
    return None


def object_reference(target_type: str, target_id: str) -> str:
    """How the page writes an entry's object: its reference, or its type and id."""
    for letter, label in REFERENCES.items():
        if target_type == label and target_id.isdigit():
            width = 5 if letter == "V" else 7
            return f"{letter}-{int(target_id):0{width}d}"
    return f"{target_type}:{target_id}" if target_type else ""


def action_choices() -> list[tuple[str, Any]]:
    """Every labelled action, by its label in the reader's language."""
    labelled = sorted(
        ((code, str(label)) for code, label in ACTION_LABELS.items()), key=lambda c: c[1]
    )
    return [("", _("Any action")), *labelled]


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Staff account"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False)
    object = forms.CharField(
        label=_("Object"),
        required=False,
        max_length=140,
        help_text=_("A-0000138, C-0000138, V-00012, or a type and id: units.volunteer:12"),
    )
    since = forms.DateTimeField(label=_("From"), required=False, widget=DATETIME)
    until = forms.DateTimeField(label=_("Until"), required=False, widget=DATETIME)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        choices = action_choices()
        # An action without a label still has its entries: its code is offered as it is.
        asked = str((self.data or {}).get("action", ""))
        if _ACTION_CODE.match(asked) and asked not in ACTION_LABELS:
            choices.append((asked, asked))
        action.choices = self.action_list = choices

    def action_options(self) -> list[tuple[str, str, bool]]:
        """(code, label, chosen) of the action list, for the page to write out itself: Django's
        select widget renders each of its eighty options through a template of its own."""
        chosen = str(self["action"].value() or "")
        return [(str(code), str(label), str(code) == chosen) for code, label in self.action_list]

    def clean_actor(self) -> Any:
        name = self.cleaned_data["actor"].strip()
        if not name:
            return None
        account = get_user_model()._default_manager.filter(username=name).first()
        if account is None:
            raise forms.ValidationError(
                _("No staff account is called %(name)s."), params={"name": name}
            )
        return account

    def clean_object(self) -> tuple[str, str] | None:
        text = self.cleaned_data["object"].strip()
        if not text:
            return None
        target = parse_object(text)
        if target is None:
            raise forms.ValidationError(
                _("This names no object: write a reference such as C-0000138, or a type and id.")
            )
        return target

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the range is before its start."))
        return data

    def audit_filter(self) -> AuditFilter:
        """The filter the valid form asks for."""
        data = self.cleaned_data
        target_type, target_id = data.get("object") or ("", "")
        return AuditFilter(
            actor=data.get("actor"),
            action=data.get("action") or "",
            target_type=target_type,
            target_id=target_id,
            since=data.get("since"),
            until=data.get("until"),
        )

    def described(self) -> dict[str, str]:
        """The filter as the audit entry of the page records it (names and ids, no content)."""
        data = self.cleaned_data
        described = {
            "actor": data["actor"].get_username() if data.get("actor") else "",
            "action": data.get("action") or "",
            "object": ":".join(data["object"]) if data.get("object") else "",
            "since": data["since"].isoformat() if data.get("since") else "",
            "until": data["until"].isoformat() if data.get("until") else "",
        }
        return {key: value for key, value in described.items() if value}
