from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender: AppConfig, **kwargs: Any) -> None:
    from vetting.accounts.roles import sync_role_groups

    sync_role_groups(kwargs.get("apps") or sender.apps)


class AccountsConfig(AppConfig):
    name = "vetting.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"

    def ready(self) -> None:
        # After every migrate (and every test-database flush) the role groups match the
        # declaration in accounts.roles, so a permission added there reaches every database.
        post_migrate.connect(_sync_roles, sender=self)
