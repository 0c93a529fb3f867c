"""Demo staff: one account per role, each with a password and a TOTP authenticator.

Only for `make demo` and tests: the TOTP keys derive from the seed so the printed logins are
the same on every run, which is exactly what a real installation must never do.
"""

import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from vetting.accounts.actions import grant_role_by_command
from vetting.accounts.models import Authenticator, RoleGrant
from vetting.audit.actions import Actor
from vetting.policy.roles import Role

DEMO_DEVICE_NAME = "demo authenticator"

# Two examiners and two commanders: the polygraph needs two people, an acceptance two eyes.
DEMO_ACCOUNTS = (
    (Role.INTAKE_CLERK, "clerk"),
    (Role.INTERVIEWER, "interviewer"),
    (Role.SECURITY_OFFICER, "security"),
    (Role.COUNTERINTELLIGENCE_OFFICER, "counterintel"),
    (Role.POLYGRAPH_EXAMINER, "examiner"),
    (Role.POLYGRAPH_EXAMINER, "examiner2"),
    (Role.COMMANDER, "commander"),
    (Role.COMMANDER, "commander2"),
    (Role.TRAINING_INSTRUCTOR, "instructor"),
    # After acceptance: training, the personnel compartment (two, for the second approver
    # of a public mention), a second instructor, and a platoon commander.
    (Role.TRAINING_INSTRUCTOR, "instructor2"),
    (Role.TRAINING_OFFICER, "training"),
    (Role.PERSONNEL_OFFICER, "personnel"),
    (Role.PERSONNEL_OFFICER, "personnel2"),
    (Role.COMMANDER, "platooncdr"),
    (Role.AUDITOR, "auditor"),
    # Two administrators: a change to a staff account needs a second one's approval.
    (Role.ADMINISTRATOR, "admin"),
    (Role.ADMINISTRATOR, "admin2"),
)


@dataclass(frozen=True)
class DemoLogin:
    role: Role
    username: str
    password: str


def demo_password(username: str) -> str:
    return f"{username}-demo-2026"


def create_demo_staff(seed: int) -> list[DemoLogin]:
    """Create (or reset) one demo account per role; returns their logins."""
    logins = []
    actor = Actor(origin=f"demo generator seed={seed}")
    with transaction.atomic():
        for role, username in DEMO_ACCOUNTS:
            user, _ = User.objects.get_or_create(username=username)
            user.set_password(demo_password(username))
            user.is_active = True
            user.save()
            RoleGrant.objects.filter(account=user, revoked_at__isnull=True).exclude(
                role=str(role)
            ).delete()
            grant_role_by_command(user, role, actor=actor)
            key = hashlib.sha1(f"vetting-demo:{seed}:{username}".encode()).hexdigest()
            Authenticator.objects.filter(user=user).delete()
            Authenticator.objects.create(user=user, name=DEMO_DEVICE_NAME, key=key, confirmed=True)
            logins.append(DemoLogin(role, username, demo_password(username)))
    return logins
