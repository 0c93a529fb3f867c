"""Watchlists kept by the security service and counter-intelligence, what screening found
against them, and likely repeat applications."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vetting.intake.models import Application
from vetting.keys.fields import (
    EncryptedCharField,
    EncryptedJSONField,
    EncryptedTextField,
    NameIndexField,
)


class Watchlist(models.Model):
    """A list an officer keeps: known intelligence officers, war-crimes suspects, refusals."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        permissions = [("import_watchlist", "Can import a new version of a watchlist")]

    def __str__(self) -> str:
        return self.name


class WatchlistVersion(models.Model):
    """One imported file of a watchlist. Versions are never edited: a change is a new version."""

    watchlist = models.ForeignKey(Watchlist, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    entry_count = models.PositiveIntegerField(default=0)
    rows_refused = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["watchlist", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["watchlist", "number"], name="watchlist_version_number"
            ),
            models.UniqueConstraint(
                fields=["watchlist"],
                condition=models.Q(is_current=True),
                name="watchlist_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.watchlist} v{self.number}"


class WatchlistEntry(models.Model):
    """A person on a watchlist, as the list writes them."""

    version = models.ForeignKey(WatchlistVersion, on_delete=models.PROTECT, related_name="entries")
    external_id = models.CharField(max_length=200)
    name = EncryptedCharField(max_length=300)
    birth_date = EncryptedCharField(max_length=10, blank=True)
    gender = models.CharField(max_length=20, blank=True)
    place_of_birth = EncryptedCharField(max_length=200, blank=True)
    unit = EncryptedCharField(max_length=200, blank=True)
    service_number = EncryptedCharField(max_length=50, blank=True)
    aliases = EncryptedJSONField(default=list, blank=True)

    class Meta:
        indexes = [models.Index(fields=["version", "external_id"])]

    def __str__(self) -> str:
        return f"Watchlist entry {self.external_id}"


class Review(models.TextChoices):
    OPEN = "open", _("To review")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


class ScreeningHit(models.Model):
    """A watchlist entry that scored at or above the threshold against an application.

    The software only flags; an officer confirms or dismisses, with a reason.
    """

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="screening_hits"
    )
    entry = models.ForeignKey(WatchlistEntry, on_delete=models.PROTECT, related_name="hits")
    watchlist = models.ForeignKey(Watchlist, on_delete=models.PROTECT, related_name="hits")
    score = models.FloatField()
    explanation = EncryptedTextField()
    found_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, choices=Review.choices, default=Review.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "entry"], name="hit_once_per_entry")
        ]
        indexes = [models.Index(fields=["status", "found_at"])]
        permissions = [("decide_screeninghit", "Can confirm or dismiss a screening hit")]

    def __str__(self) -> str:
        return f"Hit {self.pk} ({self.score:.2f})"


class DuplicateCandidate(models.Model):
    """An earlier application that is likely the same person as a newer one."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="duplicate_candidates"
    )
    earlier = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    score = models.FloatField()
    explanation = EncryptedTextField()
    found_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, choices=Review.choices, default=Review.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "earlier"], name="duplicate_pair_once")
        ]
        permissions = [("merge_duplicate", "Can link or dismiss a likely repeat application")]

    def __str__(self) -> str:
        return f"Duplicate candidate {self.pk} ({self.score:.2f})"


class ScreeningState(models.Model):
    """When an application was last screened, and against which watchlist versions.

    A sweep re-screens every application whose fingerprint differs from the current lists',
    so a lost or killed job only delays screening, never skips it.
    """

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="screening_state", primary_key=True
    )
    fingerprint = models.CharField(max_length=64, db_index=True)
    screened_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Screening state of application {self.application_id}"


class MatchHold(models.Model):
    """A confirmed hit holds its applicant's case: no acceptance while it stands. Only the
    service that confirmed the hit lifts it, with a reason; the hold stays on record."""

    hit = models.OneToOneField(ScreeningHit, on_delete=models.PROTECT, related_name="hold")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="match_holds")
    service = models.CharField(max_length=24)  # the confirming service (workflow.Service)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "lifted_at"])]

    def __str__(self) -> str:
        return f"Hold {self.pk} on case {self.case_id}"

    @property
    def standing(self) -> bool:
        return self.lifted_at is None


# --- People named inside the texts (statements, interview notes, check findings) ---


class TextKind(models.TextChoices):
    STATEMENT = "statement", _("Statement")
    INTERVIEW = "interview", _("Interview notes")
    CHECK = "check", _("Background check findings")


class TextReading(models.Model):
    """One text the worker read for the people it names, once (again only when asked), and
    the watchlist versions its mentions were last linked against."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="text_readings"
    )
    kind = models.CharField(max_length=12, choices=TextKind.choices)
    source_id = models.PositiveIntegerField()  # the application, interview or check read
    # The service whose compartment a check's findings are in; "" for the other texts.
    service = models.CharField(max_length=24, blank=True)
    read_at = models.DateTimeField()
    fingerprint = models.CharField(max_length=64, db_index=True)

    class Meta:
        ordering = ["application", "kind", "source_id"]
        constraints = [models.UniqueConstraint(fields=["kind", "source_id"], name="text_read_once")]

    def __str__(self) -> str:
        return f"Reading of {self.kind} {self.source_id}"


class Mention(models.Model):
    """A person named in a text, as written, in the nominative, and the sentence around it."""

    reading = models.ForeignKey(TextReading, on_delete=models.CASCADE, related_name="mentions")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    written = EncryptedCharField(max_length=300)
    name = EncryptedCharField(max_length=300)
    others = EncryptedJSONField(default=list, blank=True)  # other readings the grammar allows
    how_read = EncryptedTextField(blank=True)
    sentence = EncryptedTextField()
    start = models.PositiveIntegerField()  # sentence[start:end] is the name as written
    end = models.PositiveIntegerField()
    # Keyed digests of the name's words: other texts naming the same person are found by them.
    name_index = NameIndexField(sources=("name",))

    class Meta:
        ordering = ["reading", "start", "pk"]

    def __str__(self) -> str:
        return f"Mention {self.pk}"


class MentionMatch(models.Model):
    """A mention that fits a watchlist entry, or the same person named in another
    application's text."""

    mention = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="matches")
    entry = models.ForeignKey(
        WatchlistEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    watchlist = models.ForeignKey(
        Watchlist, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    other = models.ForeignKey(
        Mention, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField()
    explanation = EncryptedTextField()

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entry__isnull=True) ^ models.Q(other__isnull=True),
                name="mention_match_entry_or_other",
            )
        ]

    def __str__(self) -> str:
        return f"Mention match {self.pk} ({self.score:.2f})"
