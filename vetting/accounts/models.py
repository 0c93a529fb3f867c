"""Staff accounts under four eyes: a role is held only through a grant, a change to an account
takes effect only when a second administrator approves the request that proposes it, and a new
officer sets a password with a one-time code handed over in person.

Staff are Django users; roles are declared in `vetting.policy.roles` and held here, never
through Django's groups or per-user permissions (the permissions of a role come from the
declaration).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from vetting.keys.fields import EncryptedCharField
from vetting.policy.roles import Role

USER = settings.AUTH_USER_MODEL


class ChangeKind(models.TextChoices):
    CREATE_ACCOUNT = "create", _("New account")
    GRANT_ROLE = "grant", _("Grant a role")
    REVOKE_ROLE = "revoke", _("Revoke a role")
    RESET_AUTHENTICATOR = "reset_totp", _("Reset the authenticator")
    DISABLE_ACCOUNT = "disable", _("Disable the account")
    ENABLE_ACCOUNT = "enable", _("Enable the account")


class RequestState(models.TextChoices):
    PENDING = "pending", _("Waiting for a second administrator")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AccountRequest(models.Model):
    """A change to a staff account, proposed by one administrator; it takes effect only when a
    second, different administrator approves it. Neither may be the account's owner."""

    kind = models.CharField(max_length=16, choices=ChangeKind.choices)
    account = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="account_requests"
    )
    # For a new account: the user name it will have (the account exists once approved).
    username = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=40, choices=[(r.value, r.label) for r in Role], blank=True)
    reason = models.TextField()
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    state = models.CharField(
        max_length=12, choices=RequestState.choices, default=RequestState.PENDING
    )
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            # Four eyes, in the database too: whoever decides is not who proposed...
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                name="account_request_second_administrator",
            ),
            # ...and no one proposes or decides a change to their own account.
            models.CheckConstraint(
                condition=Q(account__isnull=True) | ~Q(account=F("proposed_by")),
                name="account_request_not_own_account",
            ),
            models.CheckConstraint(
                condition=Q(account__isnull=True)
                | Q(decided_by__isnull=True)
                | ~Q(decided_by=F("account")),
                name="account_request_not_decided_by_owner",
            ),
            models.CheckConstraint(
                condition=Q(state=RequestState.PENDING)
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="account_request_decision_names_officer",
            ),
        ]
        permissions = [
            ("propose_change", "Can propose a change to a staff account"),
            ("decide_change", "Can approve or refuse a change proposed by another"),
            ("review_access", "Can review who holds which role"),
        ]

    def __str__(self) -> str:
        return f"Account request {self.pk} ({self.kind})"


class GrantedBy(models.TextChoices):
    WEB = "web", _("approved on the staff pages")
    COMMAND = "command", _("the server's command line")


class RoleGrant(models.Model):
    """A role held by a staff account, from a grant until its revocation; both name the
    approved request (or the server's command line) they came from."""

    account = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="role_grants")
    role = models.CharField(max_length=40, choices=[(r.value, r.label) for r in Role])
    granted_at = models.DateTimeField()
    granted_by = models.CharField(max_length=8, choices=GrantedBy.choices)
    request = models.ForeignKey(
        AccountRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="grants"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.CharField(max_length=8, choices=GrantedBy.choices, blank=True)
    revoke_request = models.ForeignKey(
        AccountRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="revocations"
    )

    class Meta:
        ordering = ["account_id", "granted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "role"],
                condition=Q(revoked_at__isnull=True),
                name="role_grant_one_standing",
            ),
            # A grant made on the pages names the approved request it came from.
            models.CheckConstraint(
                condition=Q(granted_by=GrantedBy.COMMAND, request__isnull=True)
                | Q(granted_by=GrantedBy.WEB, request__isnull=False),
                name="role_grant_names_its_request",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_by="")
                | Q(
                    revoked_at__isnull=False,
                    revoked_by=GrantedBy.COMMAND,
                    revoke_request__isnull=True,
                )
                | Q(
                    revoked_at__isnull=False,
                    revoked_by=GrantedBy.WEB,
                    revoke_request__isnull=False,
                ),
                name="role_grant_revocation_names_its_request",
            ),
        ]
        indexes = [models.Index(fields=["account", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.role} for account {self.account_id}"


class SetupCode(models.Model):
    """A one-time code with which a new officer (or one whose authenticator was reset) sets a
    password; only its digest is stored, and it expires."""

    account = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    # The approved request it came with; none when issued on the server's command line.
    request = models.ForeignKey(
        AccountRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Set-up code for account {self.account_id}"


class Authenticator(TimestampMixin, ThrottlingMixin, Device):
    """An officer's TOTP authenticator app. The same device as django-otp's TOTP plugin, with
    its secret sealed like personal data: a copy of the database yields no codes."""

    key = EncryptedCharField(max_length=80, default=default_key)
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = _("authenticator")

    # The one-time-password logic is django-otp's own, read from its TOTP device.
    bin_key = TOTPDevice.bin_key
    verify_token = TOTPDevice.verify_token
    get_throttle_factor = TOTPDevice.get_throttle_factor
    config_url = TOTPDevice.config_url
    _read_str_from_settings = TOTPDevice._read_str_from_settings
