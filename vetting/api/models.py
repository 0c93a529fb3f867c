"""API tokens: one per partner system of a service, issued under four eyes, revocable.

Only a keyed digest of a token is stored; the token itself is shown once, to the
administrator who approves it, who hands it to the service in person.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from vetting.policy.workflow import Service

USER = settings.AUTH_USER_MODEL


class Scope(models.TextChoices):
    """What a token may be used for. Screening is the only scope there is."""

    SCREENING = "screening", _("Screening")


class TokenState(models.TextChoices):
    PENDING = "pending", _("Waiting for a second administrator")
    ACTIVE = "active", _("In use")
    REFUSED = "refused", _("Refused")
    REVOKED = "revoked", _("Revoked")


class ApiToken(models.Model):
    """A partner system's key to the screening API, acting for one service's compartment."""

    service = models.CharField(_("service"), max_length=24, choices=Service.choices)
    label = models.CharField(_("system"), max_length=120)
    scope = models.CharField(max_length=16, choices=Scope.choices, default=Scope.SCREENING)
    reason = models.TextField(_("reason"))
    state = models.CharField(max_length=12, choices=TokenState.choices, default=TokenState.PENDING)
    # The first characters of the token, which say which token a request used (not secret).
    prefix = models.CharField(max_length=12, blank=True)
    # HMAC-SHA256 of the whole token under the secret key; empty until the token is issued.
    digest = models.CharField(max_length=64, blank=True)
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.TextField(blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            # Four eyes, in the database too: whoever issues or refuses is not who proposed.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                name="api_token_second_administrator",
            ),
            models.CheckConstraint(
                condition=~Q(state=TokenState.ACTIVE) | ~Q(digest=""),
                name="api_token_active_has_digest",
            ),
            models.UniqueConstraint(
                fields=["digest"], condition=~Q(digest=""), name="api_token_digest_unique"
            ),
        ]
        permissions = [
            ("propose_token", "Can propose an API token for a partner system"),
            ("review_tokens", "Can list API tokens"),
        ]

    def __str__(self) -> str:
        return f"API token {self.pk} ({self.service})"
