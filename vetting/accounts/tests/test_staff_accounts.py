"""Staff accounts under four eyes, tried the way an administrator who wants more than their
share would: through the pages, the actions, the database and a copied table."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from vetting.accounts import actions
from vetting.accounts.models import (
    AccountRequest,
    Authenticator,
    ChangeKind,
    GrantedBy,
    RequestState,
    RoleGrant,
)
from vetting.accounts.tests.factories import PASSWORD, current_code, make_staff, signed_in_client
from vetting.audit.actions import Actor
from vetting.audit.models import AuditEvent
from vetting.audit.selectors import verify_chain
from vetting.cases.tests.factories import as_
from vetting.policy.authority import NotAllowed
from vetting.policy.roles import Role, roles_of

pytestmark = pytest.mark.django_db


def administrators() -> tuple[User, User]:
    return make_staff(Role.ADMINISTRATOR, "t-admin1"), make_staff(Role.ADMINISTRATOR, "t-admin2")


def fresh_user(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_the_administrator_cannot_become_anyone_from_the_web() -> None:
    """The attack: an administrator posted is_superuser and every group to the stock user admin
    and read both services' findings. There is no stock admin; roles come only from grants."""
    admin1, _admin2 = administrators()
    client = signed_in_client(admin1)
    response = client.post(
        f"/uk/staff/admin/auth/user/{admin1.pk}/change/",
        {"is_superuser": "on", "groups": ["1", "2", "3"]},
    )
    assert response.status_code == 404
    # Proposing a role for oneself is refused by the action...
    with pytest.raises(actions.AccountError, match="own account"):
        actions.propose_change(
            ChangeKind.GRANT_ROLE,
            account=admin1,
            role=Role.SECURITY_OFFICER,
            reason="I need it",
            actor=as_(admin1),
        )
    # ...and the form posted anyway changes nothing.
    client.post(
        "/uk/staff/accounts/propose/",
        {"kind": "grant", "account": admin1.pk, "role": Role.SECURITY_OFFICER.value, "reason": "x"},
    )
    admin1 = fresh_user(admin1)
    assert roles_of(admin1) == {Role.ADMINISTRATOR}
    assert not admin1.is_superuser
    assert not AccountRequest.objects.exists()


def test_every_role_group_picked_for_an_account_gives_it_no_role() -> None:
    """The other half of the attack: every group ticked for the administrator's own account
    gave it every role. Groups named for the roles may still be in the database; a membership
    of all of them (a copied row, a stray form) opens neither service's files."""
    admin1, _admin2 = administrators()
    groups = [Group.objects.get_or_create(name=str(role))[0] for role in Role]
    admin1.groups.set(groups)
    assert roles_of(fresh_user(admin1)) == {Role.ADMINISTRATOR}
    client = signed_in_client(admin1)
    assert client.get("/en/staff/screening/hits/").status_code == 403
    assert client.get("/en/staff/cases/").status_code == 403


def test_the_authenticator_admin_is_gone_even_for_a_superuser() -> None:
    """The attack ended in the TOTP device admin, where the superuser read a commander's
    secret. A superuser made on the command line and forced in finds no admin page there."""
    commander = make_staff(Role.COMMANDER)
    secret = Authenticator.objects.get(user=commander).key
    call_command("createsuperuser", "--noinput", "--username", "root", "--email", "r@example.org")
    forced = Client()
    forced.force_login(User.objects.get(username="root"))
    device = Authenticator.objects.get(user=commander)
    for path in (
        "/uk/staff/admin/",
        "/uk/staff/admin/otp_totp/totpdevice/",
        f"/uk/staff/admin/otp_totp/totpdevice/{device.pk}/change/",
        f"/uk/staff/admin/accounts/authenticator/{device.pk}/change/",
        f"/uk/staff/admin/auth/user/{commander.pk}/change/",
    ):
        response = forced.get(path)
        assert response.status_code == 404, path
        assert secret not in response.content.decode()


def test_a_role_takes_effect_only_when_a_second_administrator_approves() -> None:
    admin1, admin2 = administrators()
    clerk = make_staff(Role.INTAKE_CLERK)
    request = actions.propose_change(
        ChangeKind.GRANT_ROLE,
        account=clerk,
        role=Role.COMMANDER,
        reason="Appointed to the selection board",
        actor=as_(admin1),
    )
    assert Role.COMMANDER not in roles_of(fresh_user(clerk))
    with pytest.raises(NotAllowed, match="second administrator"):
        actions.approve_change(request, actor=as_(admin1))
    assert Role.COMMANDER not in roles_of(fresh_user(clerk))
    actions.approve_change(request, note="checked with HQ", actor=as_(admin2))
    assert Role.COMMANDER in roles_of(fresh_user(clerk))
    grant = RoleGrant.objects.get(account=clerk, role=Role.COMMANDER)
    assert (grant.request, grant.granted_by) == (request, GrantedBy.WEB)
    proposed, approved = (
        AuditEvent.objects.get(action="accounts.change_proposed"),
        AuditEvent.objects.get(action="accounts.change_approved"),
    )
    assert (proposed.actor_id, approved.actor_id) == (admin1.pk, admin2.pk)
    assert verify_chain().ok


def test_the_database_refuses_one_administrator_deciding_their_own_request() -> None:
    """A copy of the pages' rule in the database: an update by hand cannot approve alone."""
    admin1, _admin2 = administrators()
    clerk = make_staff(Role.INTAKE_CLERK)
    request = actions.propose_change(
        ChangeKind.GRANT_ROLE, account=clerk, role=Role.AUDITOR, reason="r", actor=as_(admin1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountRequest.objects.filter(pk=request.pk).update(
            state=RequestState.APPROVED, decided_by=admin1, decided_at=timezone.now()
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountRequest.objects.create(
            kind=ChangeKind.GRANT_ROLE,
            account=admin1,
            role=Role.AUDITOR,
            reason="r",
            proposed_by=admin1,
            proposed_at=timezone.now(),
        )
    # A grant claimed to come from the pages must name the request it came from.
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(
            account=admin1, role=Role.AUDITOR, granted_at=timezone.now(), granted_by=GrantedBy.WEB
        )


def test_a_new_account_from_the_pages_needs_two_administrators_and_a_set_up_code() -> None:
    """The attack: a new account, put in the commander group, became a second commander. Now
    one administrator proposes, another approves, and the officer sets up with a code."""
    admin1, admin2 = administrators()
    first = signed_in_client(admin1)
    first.post(
        "/en/staff/accounts/propose/",
        {"kind": "create", "username": "kovalenko", "role": Role.COMMANDER.value, "reason": "r"},
    )
    request = AccountRequest.objects.get()
    assert not User.objects.filter(username="kovalenko").exists()
    page = first.post(f"/en/staff/accounts/requests/{request.pk}/approve/", {"note": ""})
    assert page.status_code == 302 and not User.objects.filter(username="kovalenko").exists()
    approval = signed_in_client(admin2).post(
        f"/en/staff/accounts/requests/{request.pk}/approve/", {"note": "seen the order"}
    )
    assert approval.status_code == 200 and approval["Cache-Control"] == "no-store"
    code = re.search(r'data-testid="setup-code">([A-Z0-9]+)<', approval.content.decode())
    assert code is not None
    account = User.objects.get(username="kovalenko")
    assert roles_of(account) == {Role.COMMANDER}
    # No password yet, no authenticator: the account signs in nowhere before set-up.
    assert not account.has_usable_password()
    newcomer = Client()
    newcomer.post(
        "/en/staff/setup/",
        {
            "username": "kovalenko",
            "code": code.group(1),
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    enrol = newcomer.get("/en/staff/enrol/")
    assert enrol.status_code == 200 and b"<svg" in enrol.content
    device = Authenticator.objects.get(user=account)
    newcomer.post("/en/staff/enrol/", {"otp_token": current_code_of(device)})
    assert newcomer.get("/en/staff/cases/").status_code == 200
    # Each step of the set-up is a chain entry, like the proposal and the approval.
    for action in ("accounts.setup_completed", "staff.enrolled_authenticator"):
        assert AuditEvent.objects.filter(action=action, target_id=str(account.pk)).exists(), action
    assert verify_chain().ok
    # The code worked once.
    again = Client().post(
        "/en/staff/setup/",
        {
            "username": "kovalenko",
            "code": code.group(1),
            "password1": "x" * 20,
            "password2": "x" * 20,
        },
    )
    assert b"set-up code is wrong" in again.content


def current_code_of(device: Authenticator) -> str:
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_disabling_an_account_ends_its_open_sessions_at_once() -> None:
    admin1, admin2 = administrators()
    officer = make_staff(Role.COUNTERINTELLIGENCE_OFFICER)
    browser = signed_in_client(officer)
    assert browser.get("/en/staff/screening/hits/").status_code == 200
    request = actions.propose_change(
        ChangeKind.DISABLE_ACCOUNT, account=officer, reason="left the service", actor=as_(admin1)
    )
    assert browser.get("/en/staff/screening/hits/").status_code == 200  # not yet approved
    actions.approve_change(request, actor=as_(admin2))
    response = browser.get("/en/staff/screening/hits/")
    assert response.status_code == 302 and "/staff/login/" in response["Location"]
    assert (
        Client()
        .post(
            "/en/staff/login/",
            {
                "username": officer.username,
                "password": PASSWORD,
                "otp_token": current_code(officer),
            },
        )
        .status_code
        == 200
    )  # refused: the form again


def test_a_revoked_role_stops_at_the_next_request() -> None:
    admin1, admin2 = administrators()
    officer = make_staff(Role.SECURITY_OFFICER)
    browser = signed_in_client(officer)
    assert browser.get("/en/staff/screening/hits/").status_code == 200
    request = actions.propose_change(
        ChangeKind.REVOKE_ROLE,
        account=officer,
        role=Role.SECURITY_OFFICER,
        reason="moved",
        actor=as_(admin1),
    )
    actions.approve_change(request, actor=as_(admin2))
    assert browser.get("/en/staff/screening/hits/").status_code == 403
    grant = RoleGrant.objects.get(account=officer, role=Role.SECURITY_OFFICER)
    assert grant.revoked_at is not None and grant.revoke_request == request


def test_an_authenticator_reset_needs_the_set_up_code_not_the_old_password() -> None:
    """Whoever knows the password cannot enrol their own authenticator after a reset."""
    admin1, admin2 = administrators()
    officer = make_staff(Role.COMMANDER)
    request = actions.propose_change(
        ChangeKind.RESET_AUTHENTICATOR, account=officer, reason="phone lost", actor=as_(admin1)
    )
    code = actions.approve_change(request, actor=as_(admin2))
    assert code and not Authenticator.objects.filter(user=officer).exists()
    thief = Client()
    thief.post("/en/staff/login/", {"username": officer.username, "password": PASSWORD})
    assert thief.get("/en/staff/enrol/").status_code == 302
    # Even holding a session of the account (found some other way), enrolment needs the code.
    thief.force_login(fresh_user(officer))
    assert thief.get("/en/staff/enrol/").status_code == 302
    assert thief.post("/en/staff/enrol/", {"otp_token": "123456"}).status_code == 302
    assert not Authenticator.objects.filter(user=officer).exists()


def test_no_page_shows_an_authenticator_secret_after_enrolment() -> None:
    admin1, _admin2 = administrators()
    auditor = make_staff(Role.AUDITOR)
    secrets = [d.key for d in Authenticator.objects.all()]
    for who in (admin1, auditor):
        client = signed_in_client(who)
        for path in ("/en/staff/accounts/", "/en/staff/enrol/", "/en/staff/"):
            body = client.get(path, follow=True).content.decode()
            assert not any(secret in body for secret in secrets), (who, path)
            assert "otpauth://" not in body


def test_superusers_come_only_from_the_command_line_audited_and_have_no_staff_pages() -> None:
    call_command("createsuperuser", "--noinput", "--username", "root", "--email", "r@example.org")
    root = User.objects.get(username="root")
    root.set_password(PASSWORD)
    root.save()
    device = Authenticator.objects.create(user=root, name="t", confirmed=True)
    entry = AuditEvent.objects.get(action="accounts.superuser_created")
    assert entry.target_id == str(root.pk) and entry.origin == "cli createsuperuser"
    response = Client().post(
        "/en/staff/login/",
        {"username": "root", "password": PASSWORD, "otp_token": current_code(root)},
    )
    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated
    # Forced in anyway (a stolen session, past both factors), a superuser's blanket
    # permissions open nothing.
    forced = Client()
    forced.force_login(root)
    session = forced.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert forced.get("/en/staff/screening/hits/").status_code == 403
    assert forced.get("/en/staff/cases/").status_code == 403


def test_the_access_review_lists_roles_with_who_granted_and_approved_them() -> None:
    admin1, admin2 = administrators()
    clerk = make_staff(Role.INTAKE_CLERK, "t-clerk-review")
    request = actions.propose_change(
        ChangeKind.GRANT_ROLE, account=clerk, role=Role.INTERVIEWER, reason="r", actor=as_(admin1)
    )
    actions.approve_change(request, actor=as_(admin2))
    auditor = make_staff(Role.AUDITOR)
    browser = signed_in_client(auditor)
    body = browser.get("/en/staff/accounts/").content.decode()
    row = body[body.index("t-clerk-review") :][:2000]
    assert "Interviewer" in row or "interviewer" in row
    assert "t-admin1" in row and "t-admin2" in row
    viewed = AuditEvent.objects.filter(action="accounts.access_reviewed", actor=auditor).get()
    assert clerk.pk in viewed.detail["accounts"]
    # The auditor reads; proposing is refused.
    refused = browser.post(
        "/en/staff/accounts/propose/",
        {"kind": "grant", "account": clerk.pk, "role": "auditor", "reason": "x"},
    )
    assert refused.status_code == 403


def test_the_command_line_creates_the_first_administrator_with_a_set_up_code(capsys) -> None:
    call_command("accounts", "create", "chief", "--role", Role.ADMINISTRATOR.value)
    out = capsys.readouterr().out
    assert re.search(r"[A-Z0-9]{20}", out)
    chief = User.objects.get(username="chief")
    assert roles_of(chief) == {Role.ADMINISTRATOR}
    actions_recorded = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "accounts.created_by_command",
        "accounts.role_granted_by_command",
        "accounts.setup_code_issued_by_command",
    } <= actions_recorded
    assert Actor(origin="cli").via == "system"
