"""Data keys: they encrypt personal data and are stored only wrapped by a master key."""

from django.db import models


class Purpose(models.TextChoices):
    DATA = "data", "encrypts personal data"
    INDEX = "index", "keys the blind indexes used for equality look-ups"


class DataKey(models.Model):
    """One AES-256 key, wrapped (AES-GCM) under the master key named by `master_key_id`.

    Ciphertext names its data key by `kid`, a random identifier, so a key is never confused
    with another that reused a row number.
    """

    kid = models.CharField(max_length=16, unique=True)
    purpose = models.CharField(max_length=8, choices=Purpose.choices, default=Purpose.DATA)
    wrapped = models.BinaryField()
    master_key_id = models.CharField(max_length=16, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rewrapped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.purpose} key {self.kid} under master {self.master_key_id}"
