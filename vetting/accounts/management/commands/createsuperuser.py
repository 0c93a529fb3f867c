"""`vetting createsuperuser`: Django's command, with an audit entry. A superuser operates the
server; it cannot sign in to the staff pages and holds no role."""

from typing import Any

from django.contrib.auth.management.commands import createsuperuser
from django.contrib.auth.models import User

from vetting.audit.actions import Actor, record


class Command(createsuperuser.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        before = set(User.objects.filter(is_superuser=True).values_list("pk", flat=True))
        super().handle(*args, **options)
        actor = Actor(origin="cli createsuperuser")
        for account in User.objects.filter(is_superuser=True).exclude(pk__in=before):
            record(actor, "accounts.superuser_created", account)
