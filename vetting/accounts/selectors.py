"""Reading staff accounts: who holds a role, the requests waiting for a second administrator,
and the access review (who holds which role, since when, granted and approved by whom)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet

from vetting.accounts.models import AccountRequest, RequestState, RoleGrant
from vetting.policy.roles import Role


def holders_of(role: Role) -> QuerySet[Any]:
    """Active accounts holding `role` by a standing grant, by user name: whom a form offers."""
    return (
        get_user_model()
        ._default_manager.filter(
            is_active=True, role_grants__role=str(role), role_grants__revoked_at__isnull=True
        )
        .distinct()
        .order_by("username")
    )


def pending_requests() -> QuerySet[AccountRequest]:
    return AccountRequest.objects.filter(state=RequestState.PENDING).select_related(
        "account", "proposed_by"
    )


def recent_requests(limit: int = 50) -> QuerySet[AccountRequest]:
    return (
        AccountRequest.objects.exclude(state=RequestState.PENDING)
        .select_related("account", "proposed_by", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class Holding:
    """One role held by one account, as the access review lists it."""

    role: Role
    since: datetime
    proposed_by: str  # "" when granted on the server's command line
    approved_by: str


@dataclass(frozen=True)
class AccessRow:
    account: Any
    holdings: list[Holding]
    last_login: datetime | None


def access_review() -> list[AccessRow]:
    """Every staff account with the roles it holds now, how each was granted, and its last
    sign-in: what an administrator reviews, and an auditor too."""
    standing = RoleGrant.objects.filter(revoked_at__isnull=True).select_related(
        "request__proposed_by", "request__decided_by"
    )
    accounts = (
        get_user_model()
        ._default_manager.filter(is_superuser=False)
        .prefetch_related(Prefetch("role_grants", queryset=standing, to_attr="standing"))
        .order_by("username")
    )
    rows = []
    for account in accounts:
        holdings = [
            Holding(
                Role(g.role),
                g.granted_at,
                g.request.proposed_by.get_username() if g.request else "",
                g.request.decided_by.get_username() if g.request and g.request.decided_by else "",
            )
            for g in account.standing
        ]
        rows.append(AccessRow(account, holdings, account.last_login))
    return rows
