"""Field selection visits: a team travels to a detention site to interview the people held
there who applied. The interviews themselves are the cases app's `Interview` rows; a slot
ties one of them to the visit."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vetting.cases.models import Case, Interview
from vetting.intake.models import KeyedPlace
from vetting.keys.fields import EncryptedCharField

USER = settings.AUTH_USER_MODEL


class FieldVisit(KeyedPlace):
    """A visit to one detention site on some days, by a commander and the interviewers.

    The site is the place of the list as a keyed digest (`place_index`, the applications' own),
    and the site's name sealed: its booked slots would otherwise tell a copy of the database
    where each interviewed prisoner is held. Its candidates are the applications held there,
    whatever spelling they wrote; no place only for visits planned before places were a list.
    """

    site = EncryptedCharField(_("detention site"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    commander = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("commander")
    )
    interviewers: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        USER, related_name="field_visits"
    )
    planned_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    planned_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_on", "pk"]
        permissions = [
            ("plan_fieldvisit", "Can plan field selection visits"),
            ("exchange_packet", "Can export field packets and import their results"),
        ]
        indexes = [models.Index(fields=["place_index", "ends_on"], name="visit_place_ends")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="visit_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Field visit {self.reference}"

    @property
    def reference(self) -> str:
        return f"V-{self.pk:05d}" if self.pk else "V-new"

    @property
    def site_name(self) -> str:
        """The site's name in the reader's language (the text as written before places)."""
        place = self.place
        return place.name() if place is not None else self.site


class InterviewSlot(models.Model):
    """One booked interview of a visit: which case, when, with which interviewer."""

    visit = models.ForeignKey(FieldVisit, on_delete=models.PROTECT, related_name="slots")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    interview = models.OneToOneField(Interview, on_delete=models.PROTECT, related_name="slot")
    starts_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "case"], name="one_slot_per_case_and_visit")
        ]

    def __str__(self) -> str:
        return f"Slot {self.pk} of visit {self.visit_id}"


class PacketExport(models.Model):
    """One encrypted packet taken out for the field. The key is shown once and never stored:
    only its fingerprint, to tell a wrong key from an altered file."""

    visit = models.ForeignKey(FieldVisit, on_delete=models.PROTECT, related_name="exports")
    packet_id = models.CharField(max_length=32, unique=True)
    key_fingerprint = models.CharField(max_length=64)
    exported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    exported_at = models.DateTimeField()
    slots = models.PositiveIntegerField()

    class Meta:
        ordering = ["-exported_at", "-pk"]

    def __str__(self) -> str:
        return f"Packet {self.packet_id}"


class OfflineResult(models.Model):
    """An interview result recorded in the field and imported: its id makes a re-import a
    no-op."""

    result_id = models.CharField(max_length=32, unique=True)
    export = models.ForeignKey(PacketExport, on_delete=models.PROTECT, related_name="results")
    slot = models.ForeignKey(InterviewSlot, on_delete=models.PROTECT, related_name="results")
    interview = models.ForeignKey(Interview, on_delete=models.PROTECT, related_name="+")
    imported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Offline result {self.pk}"
