"""Every change to a staff account. On the staff pages one administrator proposes and a second,
different one approves (four eyes); the server's command line is the root of trust for the
first accounts and for superusers. Each step is an audit entry in the same transaction."""

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from vetting.accounts.models import (
    AccountRequest,
    ChangeKind,
    GrantedBy,
    RequestState,
    RoleGrant,
    SetupCode,
)
from vetting.audit.actions import Actor, record
from vetting.policy import authorize
from vetting.policy.roles import Role, forget_roles

SETUP_CODE_LIFETIME = timedelta(hours=72)
# 20 characters from 31 unambiguous ones: about 99 bits, typed once from paper.
SETUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ2345679"


# Changes after which the officer sets a new password with a one-time code.
NEEDS_SETUP = frozenset(
    {ChangeKind.CREATE_ACCOUNT, ChangeKind.RESET_AUTHENTICATOR, ChangeKind.ENABLE_ACCOUNT}
)


class AccountError(ValueError):
    """A change to an account that cannot be made as asked; the message says why."""


def _digest(code: str) -> str:
    return hashlib.sha256(f"vetting.setup:{code.strip().upper()}".encode()).hexdigest()


def _new_setup_code() -> str:
    return "".join(secrets.choice(SETUP_ALPHABET) for _ in range(20))


def propose_change(
    kind: ChangeKind | str,
    *,
    reason: str,
    actor: Actor,
    account: Any = None,
    username: str = "",
    role: Role | str = "",
) -> AccountRequest:
    """Propose a change to a staff account; nothing changes until a second administrator
    approves it."""
    authorize(actor, "accounts.propose_change")
    kind = ChangeKind(kind)
    if not reason.strip():
        raise AccountError(_("Say why: a reason is required."))
    if kind == ChangeKind.CREATE_ACCOUNT:
        username = username.strip()
        if not username:
            raise AccountError(_("Give the new account a user name."))
        if get_user_model()._default_manager.filter(username__iexact=username).exists():
            raise AccountError(_("An account with this user name already exists."))
        account = None
    elif account is None:
        raise AccountError(_("Choose the account to change."))
    elif account.pk == actor.user_id:
        raise AccountError(_("No one changes their own account: another administrator must."))
    if kind in (ChangeKind.GRANT_ROLE, ChangeKind.REVOKE_ROLE) and not role:
        raise AccountError(_("Choose the role."))
    if role:
        role = Role(role)
    standing = (
        RoleGrant.objects.filter(account=account, role=str(role), revoked_at__isnull=True)
        if account is not None and role
        else RoleGrant.objects.none()
    )
    if kind == ChangeKind.GRANT_ROLE and standing.exists():
        raise AccountError(_("The account already holds this role."))
    if kind == ChangeKind.REVOKE_ROLE and not standing.exists():
        raise AccountError(_("The account does not hold this role."))
    with transaction.atomic():
        request = AccountRequest.objects.create(
            kind=kind,
            account=account,
            username=username,
            role=str(role) if kind != ChangeKind.RESET_AUTHENTICATOR else "",
            reason=reason.strip(),
            proposed_by=actor.user,
            proposed_at=timezone.now(),
        )
        record(
            actor,
            "accounts.change_proposed",
            request,
            kind=str(kind),
            account=account.pk if account is not None else None,
            role=str(role),
        )
    return request


def _issue_setup_code(account: Any, request: AccountRequest | None) -> str:
    """A fresh one-time set-up code for the account (an earlier unused one stops working)."""
    code = _new_setup_code()
    SetupCode.objects.filter(account=account, used_at__isnull=True).delete()
    SetupCode.objects.create(
        account=account,
        digest=_digest(code),
        request=request,
        expires_at=timezone.now() + SETUP_CODE_LIFETIME,
    )
    return code


def _locked_pending(request: AccountRequest) -> AccountRequest:
    locked = AccountRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state != RequestState.PENDING:
        raise AccountError(_("This request was already decided."))
    return locked


def approve_change(request: AccountRequest, *, note: str = "", actor: Actor) -> str | None:
    """The second administrator's approval, which makes the change take effect.

    Returns the one-time set-up code when the change needs one (a new account, a reset
    authenticator, an account enabled again): it is shown once to the approver, who hands it
    over in person; only its digest is stored."""
    setup_code: str | None = None
    with transaction.atomic():
        locked = _locked_pending(request)
        authorize(actor, "accounts.approve_change", locked)
        now = timezone.now()
        locked.state = RequestState.APPROVED
        locked.decided_by, locked.decided_at, locked.decision_note = actor.user, now, note.strip()
        account = _apply(locked, now)
        locked.account = account
        locked.save()
        if locked.kind in NEEDS_SETUP:
            setup_code = _issue_setup_code(account, locked)
        record(
            actor,
            "accounts.change_approved",
            locked,
            kind=locked.kind,
            account=account.pk,
            role=locked.role,
            proposed_by=locked.proposed_by_id,
        )
    return setup_code


def _apply(request: AccountRequest, now: Any) -> Any:
    """Make an approved change take effect; returns the account it changed."""
    users = get_user_model()._default_manager
    kind = ChangeKind(request.kind)
    if kind == ChangeKind.CREATE_ACCOUNT:
        try:
            with transaction.atomic():
                account = users.create_user(username=request.username, password=None)
        except IntegrityError:
            raise AccountError(_("An account with this user name already exists.")) from None
        if request.role:
            RoleGrant.objects.create(
                account=account,
                role=request.role,
                granted_at=now,
                granted_by=GrantedBy.WEB,
                request=request,
            )
        return account
    account = users.select_for_update().get(pk=request.account_id or 0)
    if kind == ChangeKind.GRANT_ROLE:
        if RoleGrant.objects.filter(
            account=account, role=request.role, revoked_at__isnull=True
        ).exists():
            raise AccountError(_("The account already holds this role."))
        RoleGrant.objects.create(
            account=account,
            role=request.role,
            granted_at=now,
            granted_by=GrantedBy.WEB,
            request=request,
        )
    elif kind == ChangeKind.REVOKE_ROLE:
        revoked = RoleGrant.objects.filter(
            account=account, role=request.role, revoked_at__isnull=True
        ).update(revoked_at=now, revoked_by=GrantedBy.WEB, revoke_request=request)
        if not revoked:
            raise AccountError(_("The account does not hold this role."))
    elif kind == ChangeKind.RESET_AUTHENTICATOR:
        for device in devices_for_user(account, confirmed=None):
            device.delete()
        # The old password no longer signs in: the officer sets a new one with the set-up code.
        account.set_unusable_password()
        account.save(update_fields=["password"])
    elif kind == ChangeKind.DISABLE_ACCOUNT:
        account.is_active = False
        # A new session hash ends every open session of the account at its next request.
        account.set_unusable_password()
        account.save(update_fields=["is_active", "password"])
    elif kind == ChangeKind.ENABLE_ACCOUNT:
        account.is_active = True
        account.save(update_fields=["is_active"])
    forget_roles(account)
    return account


def refuse_change(request: AccountRequest, *, note: str, actor: Actor) -> AccountRequest:
    """A second administrator refuses a proposed change, saying why; nothing changes."""
    if not note.strip():
        raise AccountError(_("Say why: a reason is required."))
    with transaction.atomic():
        locked = _locked_pending(request)
        authorize(actor, "accounts.refuse_change", locked)
        locked.state = RequestState.REFUSED
        locked.decided_by, locked.decided_at = actor.user, timezone.now()
        locked.decision_note = note.strip()
        locked.save()
        record(actor, "accounts.change_refused", locked, kind=locked.kind)
    return locked


def withdraw_change(request: AccountRequest, *, actor: Actor) -> AccountRequest:
    """The proposer takes back a request nobody decided yet."""
    with transaction.atomic():
        locked = _locked_pending(request)
        authorize(actor, "accounts.withdraw_change", locked)
        locked.state = RequestState.WITHDRAWN
        locked.decided_at = timezone.now()
        locked.decided_by = None
        locked.save()
        record(actor, "accounts.change_withdrawn", locked, kind=locked.kind)
    return locked


def complete_setup(username: str, code: str, password: str, *, actor: Actor) -> Any:
    """A new officer (or one whose authenticator was reset) sets a password with the one-time
    code handed over in person; they enrol an authenticator next. One message for every
    refusal, so the page tells a guesser nothing."""
    authorize(actor, "accounts.complete_setup")
    refused = AccountError(_("The user name or the set-up code is wrong, or the code expired."))
    with transaction.atomic():
        setup = (
            SetupCode.objects.select_for_update()
            .select_related("account")
            .filter(digest=_digest(code), used_at__isnull=True)
            .first()
        )
        if (
            setup is None
            or setup.expires_at <= timezone.now()
            or setup.account.get_username() != username.strip()
            or not setup.account.is_active
        ):
            raise refused
        account = setup.account
        validate_password(password, account)
        account.set_password(password)
        account.save(update_fields=["password"])
        setup.used_at = timezone.now()
        setup.save(update_fields=["used_at"])
        record(actor, "accounts.setup_completed", account, request=setup.request_id)
    return account


def create_account_by_command(username: str, *, actor: Actor, password: str | None = None) -> Any:
    """An account made on the server's command line (the first administrators, the demo)."""
    authorize(actor, "accounts.create_account_by_command")
    with transaction.atomic():
        account = get_user_model()._default_manager.create_user(
            username=username, password=password
        )
        record(actor, "accounts.created_by_command", account)
    return account


def grant_role_by_command(account: Any, role: Role | str, *, actor: Actor) -> RoleGrant:
    """A role granted on the server's command line; audited like a grant on the pages."""
    authorize(actor, "accounts.grant_role_by_command")
    role = Role(role)
    with transaction.atomic():
        grant, created = RoleGrant.objects.get_or_create(
            account=account,
            role=str(role),
            revoked_at__isnull=True,
            defaults={"granted_at": timezone.now(), "granted_by": GrantedBy.COMMAND},
        )
        if created:
            record(actor, "accounts.role_granted_by_command", account, role=str(role))
        forget_roles(account)
    return grant


def issue_setup_code_by_command(account: Any, *, actor: Actor) -> str:
    """A set-up code for an account made on the server's command line (the first
    administrators): with it the officer sets a password and enrols an authenticator."""
    authorize(actor, "accounts.issue_setup_code_by_command")
    with transaction.atomic():
        code = _issue_setup_code(account, None)
        record(actor, "accounts.setup_code_issued_by_command", account)
    return code
