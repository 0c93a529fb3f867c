"""Every change to an API token: proposed by one administrator, issued or refused by a second
one, revoked by any; and the record of each call made with a token. Each step is an audit
entry in the same transaction."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vetting.api import tokens
from vetting.api.models import ApiToken, Scope, TokenState
from vetting.audit.actions import Actor, record
from vetting.policy import authorize
from vetting.policy.workflow import Service


class TokenError(ValueError):
    """A change to a token that cannot be made as asked; the message says why."""


def propose_token(*, service: Service | str, label: str, reason: str, actor: Actor) -> ApiToken:
    """Propose a token for a service's system; nothing works until a second administrator
    issues it."""
    authorize(actor, "api.propose_token")
    service = Service(service)
    if not label.strip():
        raise TokenError(_("Name the system the token is for."))
    if not reason.strip():
        raise TokenError(_("Say why: a reason is required."))
    with transaction.atomic():
        token = ApiToken.objects.create(
            service=service,
            label=label.strip(),
            scope=Scope.SCREENING,
            reason=reason.strip(),
            proposed_by=actor.user,
            proposed_at=timezone.now(),
        )
        record(actor, "api.token_proposed", token, service=str(service), scope=token.scope)
    return token


def _locked(token: ApiToken, state: TokenState) -> ApiToken:
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.state != state:
        raise TokenError(_("This token was already decided."))
    return locked


def issue_token(token: ApiToken, *, actor: Actor) -> str:
    """The second administrator's approval. Returns the token, shown once to the approver,
    who hands it to the service; only its keyed digest is stored."""
    secret = tokens.new_token()
    with transaction.atomic():
        locked = _locked(token, TokenState.PENDING)
        authorize(actor, "api.issue_token", locked)
        locked.state = TokenState.ACTIVE
        locked.digest = tokens.digest(secret)
        locked.prefix = tokens.shown_prefix(secret)
        locked.decided_by, locked.decided_at = actor.user, timezone.now()
        locked.save()
        record(
            actor,
            "api.token_issued",
            locked,
            service=locked.service,
            prefix=locked.prefix,
            proposed_by=locked.proposed_by_id,
        )
    token.refresh_from_db()
    return secret


def refuse_token(token: ApiToken, *, note: str, actor: Actor) -> ApiToken:
    """A second administrator refuses a proposed token, saying why."""
    if not note.strip():
        raise TokenError(_("Say why: a reason is required."))
    with transaction.atomic():
        locked = _locked(token, TokenState.PENDING)
        authorize(actor, "api.refuse_token", locked)
        locked.state = TokenState.REFUSED
        locked.decided_by, locked.decided_at = actor.user, timezone.now()
        locked.revoke_reason = note.strip()
        locked.save()
        record(actor, "api.token_refused", locked, service=locked.service)
    return locked


def revoke_token(token: ApiToken, *, reason: str, actor: Actor) -> ApiToken:
    """Take a token out of use at once: its next call is refused."""
    if not reason.strip():
        raise TokenError(_("Say why: a reason is required."))
    with transaction.atomic():
        locked = _locked(token, TokenState.ACTIVE)
        authorize(actor, "api.revoke_token", locked)
        locked.state = TokenState.REVOKED
        locked.revoked_by, locked.revoked_at = actor.user, timezone.now()
        locked.revoke_reason = reason.strip()
        locked.save()
        record(actor, "api.token_revoked", locked, service=locked.service, prefix=locked.prefix)
    return locked


def record_call(token: ApiToken, actor: Actor, action: str, **detail: Any) -> None:
    """One call made with `token`: its audit entry, and the token's last use."""
    with transaction.atomic():
        now = timezone.now()
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        record(actor, action, token, service=token.service, **detail)
