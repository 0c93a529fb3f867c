"""The append-only, hash-chained audit log."""

from django.conf import settings
from django.db import models

GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    """One thing that happened: who, what, when, from where; chained to the event before it.

    `detail` never holds personal data: it names objects by id and fields by name.
    """

    position = models.BigIntegerField(unique=True, editable=False)
    at = models.DateTimeField(db_index=True)
    # Indexed with the position below, as the auditor's page filters and pages by both.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    origin = models.CharField(max_length=128, blank=True, help_text="Where it came from")
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["position"]
        # Each filter of the audit page, newest first from the index alone, at 10^7 entries:
        # an object's entries, an actor's, an action's (keyset paging on position).
        indexes = [
            models.Index(fields=["target_type", "target_id", "position"]),
            models.Index(fields=["actor", "position"], name="audit_event_actor_position"),
            models.Index(fields=["action", "position"], name="audit_event_action_position"),
        ]

    def __str__(self) -> str:
        return f"#{self.position} {self.action} {self.target_type}:{self.target_id}"


class AuditHead(models.Model):
    """The chain's last position and hash: one row, locked by every writer to keep one chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    position = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"audit head at #{self.position}"
