"""Written applications, whichever way they came in."""

import secrets
import uuid
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vetting.keys import seal
from vetting.keys.fields import (
    BlindIndexField,
    EncryptedCharField,
    EncryptedDateField,
    EncryptedTextField,
    NameIndexField,
)


def scan_storage() -> Storage:
    return storages["scans"]


class Channel(models.TextChoices):
    PORTAL = "portal", _("Applicant portal")
    PAPER = "paper", _("Paper application")
    IMPORT = "import", _("Imported list")


class ApplicantStatus(models.TextChoices):
    PRISONER_OF_WAR = "pow", _("Prisoner of war")
    SERVING_SOLDIER = "soldier", _("Serving soldier")
    CIVILIAN = "civilian", _("Civilian")


class Language(models.TextChoices):
    UKRAINIAN = "uk", "Українська"
    RUSSIAN = "ru", "Русский"
    ENGLISH = "en", "English"


class ImportBatch(models.Model):
    """One import of one file: what came in, what was refused, and whether it finished."""

    source = models.CharField(max_length=200, help_text=_("Idempotency scope: site or file name"))
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_created = models.PositiveIntegerField(default=0)
    rows_already_present = models.PositiveIntegerField(default=0)
    rows_refused = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text=_("line, field, message"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.source})"


class Identity(models.Model):
    """One person behind several applications, as an officer decided; each application stays
    exactly as it was written, only linked."""

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Identity {self.pk}"


class KeyedPlace(models.Model):
    """A row tied to a detention site of the list (vetting.places) by a keyed digest of the
    place's id: pages filter and visits find candidates on it, while a copy of the database
    cannot tell which site holds whom. "" while the site is not known."""

    place_index = models.CharField(
        max_length=16, blank=True, default="", db_index=True, editable=False
    )
    _place_cache: tuple[str, Any] | None = None  # (digest, Place) once resolved

    class Meta:
        abstract = True

    @property
    def place(self) -> Any:
        """The place of the list, or None: found by computing the digest of each site (a few
        hundred), once per instance."""
        if not self.place_index:
            return None
        cached = self._place_cache
        if cached is None or cached[0] != self.place_index:
            cached = (self.place_index, place_by_index([self.place_index]).get(self.place_index))
            self._place_cache = cached
        return cached[1]

    @place.setter
    def place(self, place: Any) -> None:
        self.set_place(place)

    def set_place(self, place: Any) -> None:
        """Tie this row to a place of the list (or to none); not saved here."""
        self.place_index = place_index(place)
        self._place_cache = (self.place_index, place) if place is not None else None


class Application(KeyedPlace):
    """A written, voluntary application to join, in the applicant's own words and language."""

    # Where it came from. (source, external_id) makes every channel idempotent: a re-sent
    # portal form, a re-typed paper reference or a re-imported row finds the row already there.
    channel = models.CharField(max_length=16, choices=Channel.choices)
    source = models.CharField(max_length=200)
    external_id = models.CharField(max_length=200)
    source_line = models.PositiveIntegerField(null=True, blank=True)
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )

    # Identity, as written.
    name_cyrillic = EncryptedCharField(_("full name in Cyrillic"), max_length=200, blank=True)
    name_latin = EncryptedCharField(_("full name in Latin letters"), max_length=200, blank=True)
    # Keyed digests of the name words, for search: the names themselves are sealed.
    name_index = NameIndexField(sources=("name_cyrillic", "name_latin"))
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    place_of_birth = EncryptedCharField(_("place of birth"), max_length=200, blank=True)
    citizenship = EncryptedCharField(_("citizenship"), max_length=100, blank=True)

    # Status and military background. A status, a rank and a place of detention can name a
    # prisoner, so they are sealed too; pages filter on the status through its blind index.
    applicant_status = EncryptedCharField(
        _("status"), max_length=16, choices=ApplicantStatus.choices
    )
    status_index = BlindIndexField(source="applicant_status")
    # As written; pages filter on `place`, the entry of the list it was mapped to.
    detention_site = EncryptedCharField(_("detention site"), max_length=200, blank=True)
    rank = EncryptedCharField(_("rank"), max_length=100, blank=True)
    unit = EncryptedCharField(_("unit"), max_length=200, blank=True)
    service_number = EncryptedCharField(_("service number"), max_length=50, blank=True)
    specialty = EncryptedCharField(_("military specialty"), max_length=200, blank=True)

    contact = EncryptedCharField(_("contact"), max_length=300, blank=True)
    statement = EncryptedTextField(_("statement of motive"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)

    # The applicant's statement that the application is voluntary, exactly as shown or written.
    consent_text = EncryptedTextField(_("statement that the application is voluntary"))
    consent_language = models.CharField(max_length=2, choices=Language.choices)
    consent_at = models.DateTimeField()

    scan = models.FileField(upload_to="%Y/%m/", storage=scan_storage, blank=True)
    scan_name = EncryptedCharField(
        _("file name of the scan"), max_length=255, blank=True, default="", db_default=""
    )

    receipt_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    submitted_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    identity = models.ForeignKey(
        Identity, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="application_source_uid"
            ),
            models.CheckConstraint(
                condition=~Q(name_cyrillic="") | ~Q(name_latin=""), name="application_has_name"
            ),
        ]
        indexes = [
            models.Index(fields=["submitted_at"]),
            # Arrivals per week and channel (capacity) read this index alone.
            models.Index(fields=["submitted_at", "channel"], name="application_arrivals"),
        ]
        permissions = [
            ("import_applications", "Can import lists of applications"),
            ("view_scan", "Can view the scan of a written application"),
        ]

    def __str__(self) -> str:
        # Never the name: str() of a model ends up in logs and error pages.
        return f"Application {self.reference}"

    @property
    def reference(self) -> str:
        """A staff-facing reference that carries no personal data."""
        return f"A-{self.pk:07d}" if self.pk else "A-new"

    @property
    def display_name(self) -> str:
        return self.name_cyrillic or self.name_latin

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


PLACE_PURPOSE = "application.place"


def place_index(place: Any) -> str:
    """The stored digest of a place (a Place or its id); "" for none."""
    if place is None or place == "":
        return ""
    pk = getattr(place, "pk", place)
    return seal.blind_index(str(int(pk)), PLACE_PURPOSE)


def place_filter(place: Any, prefix: str = "") -> Q:
    """`filter(place_filter(place))`: the applications mapped to this place (a Place or id)."""
    return Q(**{f"{prefix}place_index": place_index(place) or "-"})


def place_by_index(digests: Any = None) -> dict[str, Any]:
    """{digest: Place} over the detention sites of the list (only those digests if given)."""
    # Through the app registry: places, above intake, imports intake, not the other way round.
    from django.apps import apps

    place_model = apps.get_model("places", "Place")
    wanted = set(digests) if digests is not None else None
    found: dict[str, Any] = {}
    for place in place_model.objects.filter(kind="detention_site"):
        digest = place_index(place.pk)
        if wanted is None or digest in wanted:
            found[digest] = place
    return found


def new_portal_token() -> str:
    return uuid.uuid4().hex


def new_search_key() -> str:
    return secrets.token_urlsafe(16)


class SavedSearch(models.Model):
    """Search terms kept on the server so a list's URL carries an opaque key, never a name.

    The terms are sealed like the names they look for; only the user who searched reads them
    back, and only until `expires_at`: a shared or bookmarked link keeps its filters, not
    someone else's search.
    """

    key = models.CharField(max_length=32, unique=True, default=new_search_key, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    terms = EncryptedTextField()
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"Saved search {self.pk}"
