"""Backlog and capacity figures are read from the cases; nothing is stored here. The model
exists only to carry the permission to see them."""

from django.db import models


class Capacity(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_capacity", "Can see the backlog and capacity figures")]

    def __str__(self) -> str:
        return "Capacity"
