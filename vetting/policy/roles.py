"""The staff roles, declared once, with the Django permissions each role brings (the pages'
gates). A user holds a role only through a standing grant (`accounts.models.RoleGrant`, read
here through the user's `role_grants`), never through Django's groups or per-user permissions;
who may take which action is declared in `vetting.policy.rules`.

Applicants have no staff account; they reach their application only through its receipt code.
"""

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    INTAKE_CLERK = "intake clerk"
    INTERVIEWER = "interviewer"
    SECURITY_OFFICER = "security-service officer"
    COUNTERINTELLIGENCE_OFFICER = "counter-intelligence officer"
    POLYGRAPH_EXAMINER = "polygraph examiner"
    COMMANDER = "commander"
    TRAINING_INSTRUCTOR = "training instructor"
    # After acceptance (issue #6): training, and the personnel compartment.
    TRAINING_OFFICER = "training officer"
    PERSONNEL_OFFICER = "personnel officer"
    AUDITOR = "auditor"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        """The role's name in the user's language (the value names its group)."""
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.INTAKE_CLERK: _("intake clerk"),
    Role.INTERVIEWER: _("interviewer"),
    Role.SECURITY_OFFICER: _("security-service officer"),
    Role.COUNTERINTELLIGENCE_OFFICER: _("counter-intelligence officer"),
    Role.POLYGRAPH_EXAMINER: _("polygraph examiner"),
    Role.COMMANDER: _("commander"),
    Role.TRAINING_INSTRUCTOR: _("training instructor"),
    Role.TRAINING_OFFICER: _("training officer"),
    Role.PERSONNEL_OFFICER: _("personnel officer"),
    Role.AUDITOR: _("auditor"),
    Role.ADMINISTRATOR: _("administrator"),
}

_READ_INTAKE = ("intake.view_application",)
_CASES = ("cases.view_case",)
# Watchlists and their hits belong to the security service and counter-intelligence only.
_SCREENING = (
    "screening.view_watchlist",
    "screening.import_watchlist",
    "screening.view_screeninghit",
    "screening.decide_screeninghit",
)
# The people named in applicants' texts, linked to the watchlists: the two services alone.
_MENTIONS = ("screening.view_mention",)

# After acceptance: training pages (cohorts, each restricted in training.selectors) and the
# units: the roster (commanders of the unit), the personnel compartment (names behind call
# signs, assignments, status, consent and public mentions).
_TRAINING_READ = ("training.view_cohort",)
_UNITS_READ = ("units.view_subdivision",)
_PERSONNEL = (
    "units.view_volunteer",
    "units.view_personnel",
    "units.add_assignment",
    "units.add_statusevent",
    "units.add_consent",
    "units.add_publicmention",
    "units.approve_publicmention",
    "units.add_subdivision",
    "units.change_subdivision",
    "units.change_volunteer",
    "units.add_callsignword",
)
# Field selection visits (issue #6): commanders plan them and see capacity; clerks book the
# interviews (the workflow gives them scheduling); interviewers see and exchange packets of
# the visits they travel on only (selection.selectors.visits_for); the auditor reads.
_VISITS = ("selection.view_fieldvisit",)
_PLAN_VISITS = ("selection.add_fieldvisit", "selection.plan_fieldvisit")
_PACKETS = ("selection.exchange_packet",)
_CAPACITY = ("capacity.view_capacity",)

# "app_label.codename" per role. Reading intake data is given to the roles that work cases;
# polygraph examiners and instructors get their narrower views with the parts that need them.
ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.INTAKE_CLERK: (
        *_READ_INTAKE,
        "intake.add_application",
        "intake.change_application",
        "intake.import_applications",
        "intake.view_scan",
        "screening.view_duplicatecandidate",
        "screening.merge_duplicate",
        *_CASES,
        *_VISITS,
        "places.view_place",
        "places.map_spelling",
    ),
    Role.INTERVIEWER: (*_READ_INTAKE, *_CASES, *_VISITS, *_PACKETS),
    Role.SECURITY_OFFICER: (*_READ_INTAKE, *_CASES, "intake.view_scan", *_SCREENING, *_MENTIONS),
    Role.COUNTERINTELLIGENCE_OFFICER: (
        *_READ_INTAKE,
        *_CASES,
        "intake.view_scan",
        *_SCREENING,
        *_MENTIONS,
    ),
    # Examiners reach only the cases with a session of theirs, through the cases pages.
    Role.POLYGRAPH_EXAMINER: _CASES,
    Role.COMMANDER: (
        *_READ_INTAKE,
        *_CASES,
        *_UNITS_READ,
        "units.add_briefing",
        *_VISITS,
        *_PLAN_VISITS,
        *_PACKETS,
        *_CAPACITY,
    ),
    Role.TRAINING_INSTRUCTOR: (
        *_TRAINING_READ,
        "training.add_trainingsession",
        "training.add_attendance",
        "training.add_result",
    ),
    Role.TRAINING_OFFICER: (
        *_TRAINING_READ,
        "training.add_course",
        "training.add_cohort",
        "training.add_enrollment",
        "training.add_trainingsession",
    ),
    Role.PERSONNEL_OFFICER: (*_PERSONNEL, *_UNITS_READ),
    Role.AUDITOR: (
        *_READ_INTAKE,
        *_CASES,
        "intake.view_scan",
        "audit.view_auditevent",
        "screening.view_screeninghit",
        "screening.view_watchlist",
        "screening.view_duplicatecandidate",
        *_TRAINING_READ,
        *_UNITS_READ,
        "units.view_volunteer",
        "units.view_personnel",
        *_VISITS,
        *_CAPACITY,
        "places.view_place",
        "accounts.review_access",
        "api.review_tokens",
    ),
    Role.ADMINISTRATOR: (
        "accounts.propose_change",
        "accounts.decide_change",
        "accounts.review_access",
        # Tokens of the partner services' systems for the screening API, under four eyes.
        "api.review_tokens",
        "api.propose_token",
    ),
}


def sync_role_groups(apps: Any) -> None:
    """Create or update one group per role with exactly its declared permissions.

    Only the first migration calls it: roles were groups until grants replaced them (the
    migration that did so moved every membership into a grant and emptied the groups).
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # A migration's historical app configs have no models module; permissions are only
        # created for configs that do, so lend them one for the call.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    existing = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in permission_model.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=str(role))
        # A permission of an app not migrated yet is added by the post_migrate sync that
        # follows every migrate run.
        group.permissions.set([existing[name] for name in names if name in existing])


def roles_of(user: Any) -> frozenset[Role]:
    """The roles an active user holds by standing grants, read once per user object.

    Every selector and action asks; a request's user object lives for that request only, so
    one query per request is enough, and a revocation counts from the next request.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached: frozenset[Role] | None = user.__dict__.get("_vetting_roles")
    if cached is None:
        # The grants (accounts.models.RoleGrant) through their relation to the user.
        names = set(user.role_grants.filter(revoked_at__isnull=True).values_list("role", flat=True))
        cached = frozenset(role for role in Role if str(role) in names)
        user.__dict__["_vetting_roles"] = cached
    return cached


def forget_roles(user: Any) -> None:
    """Drop the roles read for this user object (after a grant or revocation in this request)."""
    user.__dict__.pop("_vetting_roles", None)
    user.__dict__.pop("_vetting_permissions", None)


def permissions_of(user: Any) -> frozenset[str]:
    """The Django permissions ("app_label.codename") the user's roles bring."""
    cached: frozenset[str] | None = user.__dict__.get("_vetting_permissions")
    if cached is None:
        cached = frozenset(p for role in roles_of(user) for p in ROLE_PERMISSIONS[role])
        user.__dict__["_vetting_permissions"] = cached
    return cached
