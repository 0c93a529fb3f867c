"""Places as reference data: detention sites and recruitment offices, each named in Ukrainian,
Russian and English, and every way someone wrote one (its spellings). A spelling nobody has
mapped to a place yet waits in the clerk's queue, with the applications that wrote it."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vetting.intake.models import Application
from vetting.keys.fields import EncryptedCharField


class PlaceKind(models.TextChoices):
    DETENTION_SITE = "detention_site", _("Detention site")
    RECRUITMENT_OFFICE = "recruitment_office", _("Recruitment office")


class Place(models.Model):
    """One detention site or recruitment office, under its names in the three languages."""

    kind = models.CharField(_("kind"), max_length=24, choices=PlaceKind.choices)
    name_uk = models.CharField(_("name in Ukrainian"), max_length=200)
    name_ru = models.CharField(_("name in Russian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["kind", "name_en", "pk"]
        permissions = [("map_spelling", "Can add places and map written spellings to them")]

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        """The place's name in `language` (default: the active one), English otherwise."""
        code = (language or get_language() or "en")[:2]
        return {"uk": self.name_uk, "ru": self.name_ru}.get(code) or self.name_en


class Spelling(models.Model):
    """One way a place was written, by its key (`vetting.matching.places.place_key`, blind
    indexed): every text with that key means the same place. No place: it waits to be mapped."""

    kind = models.CharField(max_length=24, choices=PlaceKind.choices)
    key = models.CharField(max_length=64)
    # The first text written with this key, sealed like the applications that wrote it.
    text = EncryptedCharField(max_length=200)
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="spellings"
    )
    first_seen_at = models.DateTimeField(auto_now_add=True)
    mapped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    mapped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["first_seen_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="one_spelling_per_key")]
        indexes = [models.Index(fields=["place"])]

    def __str__(self) -> str:
        return f"Spelling {self.pk}"


class WaitingApplication(models.Model):
    """An application whose written site is a spelling not mapped yet: mapping the spelling
    gives it its place."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="place_wait", primary_key=True
    )
    spelling = models.ForeignKey(Spelling, on_delete=models.PROTECT, related_name="waiting")

    def __str__(self) -> str:
        return f"Application {self.application_id} waits for spelling {self.spelling_id}"
