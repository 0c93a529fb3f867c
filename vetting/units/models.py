"""Volunteers (known by their call sign), the tree of subdivisions, and the dated record of
where each volunteer serves and how they are. Nothing here is overwritten: an assignment, a
status or a consent is a new row, and the latest one stands."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vetting.cases.models import Case
from vetting.keys.fields import EncryptedTextField
from vetting.training.rules import Specialty

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


class Status(models.TextChoices):
    IN_TRAINING = "in_training", _("In training")
    READY = "ready", _("Ready")
    DEPLOYED = "deployed", _("Deployed")
    WOUNDED = "wounded", _("Wounded")
    MISSING = "missing", _("Missing")
    KILLED = "killed", _("Killed")
    DISCHARGED = "discharged", _("Discharged")


class StatusEvent(models.Model):
    """A dated change of a volunteer's deployment status; the latest stands."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="statuses")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    on = models.DateField(_("date"))
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["on", "recorded_at", "pk"]
        indexes = [models.Index(fields=["volunteer", "on", "recorded_at"])]

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
