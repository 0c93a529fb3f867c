"""Volunteers (known by their call sign), the tree of subdivisions, and the dated record of
where each volunteer serves and how they are. Nothing here is overwritten: an assignment, a
status or a consent is a new row, and the latest one stands."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vetting.cases.models import Case
from vetting.keys.fields import EncryptedTextField
from vetting.policy.courses import Specialty
from vetting.policy.timing import Status

USER = settings.AUTH_USER_MODEL


class Volunteer(models.Model):
    """An accepted applicant. Outside the personnel compartment only the call sign is shown."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="volunteer")
    call_sign = models.CharField(_("call sign"), max_length=40, unique=True)
    enlisted_at = models.DateTimeField()

    class Meta:
        ordering = ["call_sign"]
        permissions = [("view_personnel", "Can see the names behind call signs")]

    def __str__(self) -> str:
        return self.call_sign


class Echelon(models.TextChoices):
    BATTALION = "battalion", _("Battalion")
    COMPANY = "company", _("Company")
    PLATOON = "platoon", _("Platoon")


# Which echelon sits directly under which (None: the top of the tree).
PARENT_ECHELON: dict[Echelon, Echelon | None] = {
    Echelon.BATTALION: None,
    Echelon.COMPANY: Echelon.BATTALION,
    Echelon.PLATOON: Echelon.COMPANY,
}


class Subdivision(models.Model):
    """A battalion, company or platoon; commanders see the roster of theirs and what is below."""

    name = models.CharField(_("name"), max_length=100)
    echelon = models.CharField(_("echelon"), max_length=12, choices=Echelon.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    commanders: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        USER, blank=True, related_name="commands"
    )

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """A volunteer placed in a subdivision with a specialty from a date; the latest stands."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="assignments")
    subdivision = models.ForeignKey(
        Subdivision, on_delete=models.PROTECT, related_name="assignments"
    )
    specialty = models.CharField(_("specialty"), max_length=24, choices=Specialty.choices)
    starts_on = models.DateField(_("from"))
    assigned_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_on", "recorded_at", "pk"]
        indexes = [models.Index(fields=["volunteer", "starts_on", "recorded_at"])]

    def __str__(self) -> str:
        return f"Assignment {self.pk}"


class StatusEvent(models.Model):
    """A dated change of a volunteer's deployment status; the latest that stands is current.

    A death stands only once a second personnel officer approves it (`pending` until then);
    a correction sets the record right against the table of changes, with its reason."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="statuses")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    on = models.DateField(_("date"))
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    correction = models.BooleanField(_("correction of the record"), default=False)
    pending = models.BooleanField(default=False)
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["on", "recorded_at", "pk"]
        indexes = [models.Index(fields=["volunteer", "on", "recorded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(approved_by=models.F("recorded_by")),
                name="status_four_eyes",
            )
        ]

    def __str__(self) -> str:
        return f"Status {self.pk} ({self.status})"


class Briefing(models.Model):
    """An operational briefing given to a subdivision on a date, and who attended."""

    subdivision = models.ForeignKey(Subdivision, on_delete=models.PROTECT, related_name="briefings")
    held_on = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=200)
    attendees = models.ManyToManyField(Volunteer, blank=True, related_name="briefings")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Briefing {self.pk}"


class Consent(models.Model):
    """The volunteer's recorded consent (or its withdrawal) to being mentioned in public."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="consents")
    given = models.BooleanField(_("consents"))
    text = EncryptedTextField(_("what the volunteer agreed to, in their words"))
    on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["on", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"Consent {self.pk}"


class PublicMention(models.Model):
    """A public mention (an announcement...) of a volunteer: proposed under a recorded consent,
    recorded only once a second officer approves."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="mentions")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="mentions")
    channel = models.CharField(_("where"), max_length=200)
    text = EncryptedTextField(_("text"))
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["proposed_at", "pk"]
        permissions = [("approve_publicmention", "Can approve a public mention")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(approved_by=models.F("proposed_by")),
                name="mention_four_eyes",
            )
        ]

    def __str__(self) -> str:
        return f"Public mention {self.pk}"


class CallSignLanguage(models.TextChoices):
    UKRAINIAN = "uk", "Українська"
    RUSSIAN = "ru", "Русский"


class CallSignWord(models.Model):
    """A word the formation draws call signs from, in the volunteers' language; personnel
    officers keep the list (a retired word is drawn no more, call signs made of it stay)."""

    word = models.CharField(_("word"), max_length=30)
    language = models.CharField(_("language"), max_length=2, choices=CallSignLanguage.choices)
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["language", "word"]
        constraints = [
            models.UniqueConstraint(fields=["language", "word"], name="call_sign_word_once")
        ]

    def __str__(self) -> str:
        return self.word


class CallSignChange(models.Model):
    """A call sign changed by a personnel officer, with the reason, kept as history."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="call_sign_changes"
    )
    old = models.CharField(max_length=40)
    new = models.CharField(max_length=40)
    reason = EncryptedTextField(_("reason"))
    changed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"Call sign change {self.pk}"
