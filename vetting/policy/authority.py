"""One check of authority for every way in: actions call `authorize`, views and templates ask
`allowed`, lists start from `restrict`. All three read the declaration in `rules.py`."""

from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from vetting.audit.actors import Actor, Via
from vetting.policy.roles import roles_of
from vetting.policy.rules import RULES, Rule


class NotAllowed(PermissionDenied):
    """The policy refuses this actor this action on this object; the message says why."""

    def __init__(self, action: str, message: str) -> None:
        super().__init__(message)
        self.action = action
        self.message = message

    def __str__(self) -> str:
        return self.message


def rule_of(action: str) -> Rule:
    """The declared rule of an action; an undeclared action is a programming error."""
    try:
        return RULES[action]
    except KeyError:
        raise LookupError(f"{action!r} is not declared in vetting.policy.rules") from None


def _refusal(actor: Actor, action: str, subject: Model | None, params: dict[str, Any]) -> str:
    """Why `actor` may not take `action` on `subject`, or "" when it may."""
    rule = rule_of(action)
    if actor.via == Via.STAFF:
        user = actor.user
        if not user.is_active or not roles_of(user) & rule.roles_for(params):
            return _("Your role may not do this.")
    elif actor.via not in rule.via:
        return _("Your role may not do this.")
    if subject is None:
        if rule.subject:
            raise TypeError(f"{action} acts on a {rule.subject}: pass it to the check")
        return ""
    if subject._meta.label_lower != rule.subject:
        raise TypeError(f"{action} acts on a {rule.subject}, not a {subject._meta.label_lower}")
    found = type(subject)._default_manager.filter(pk=subject.pk)
    if (
        rule.stages is not None
        and not found.filter(**{f"{rule.stage_of}__in": [str(s) for s in rule.stages]}).exists()
    ):
        return str(rule.stage_refusal)
    if (
        rule.where is not None
        and actor.via == Via.STAFF
        and not found.filter(rule.where(actor.user)).exists()
    ):
        return str(rule.refusal)
    if rule.requires is not None and (missing := rule.requires(subject, params)):
        return missing
    return ""


def authorize(actor: Actor, action: str, subject: Model | None = None, **params: Any) -> None:
    """Refuse (raise NotAllowed) unless the policy lets `actor` take `action` on `subject`.

    Call it inside the action's transaction, after locking what the action changes, so the
    stage and the object checked are the ones changed."""
    if message := _refusal(actor, action, subject, params):
        raise NotAllowed(action, message)


def allowed(user: Any, action: str, subject: Model | None = None, **params: Any) -> bool:
    """Whether a signed-in user may take `action` (on `subject`): what pages show or hide."""
    if not getattr(user, "is_authenticated", False):
        return False
    return not _refusal(Actor(user=user), action, subject, params)


def open_to(user: Any, action: str, stage: str) -> bool:
    """Whether the user's roles may take `action` on some case at `stage` (no object check):
    which forms a case page offers; the action itself still checks the object."""
    rule = rule_of(action)
    return bool(roles_of(user) & rule.roles) and (rule.stages is None or stage in rule.stages)


def restrict(
    user: Any, action: str, queryset: QuerySet[Any] | None = None, **params: Any
) -> QuerySet[Any]:
    """The objects of the action's subject this user may take `action` on (NetBox's
    `restrict(user, action)`): its roles, stages and object check as one filter, the same
    answer as `allowed` gives object by object."""
    rule = rule_of(action)
    if queryset is None:
        queryset = apps.get_model(rule.subject)._default_manager.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if not roles_of(user) & rule.roles_for(params):
        return queryset.none()
    if rule.stages is not None:
        queryset = queryset.filter(**{f"{rule.stage_of}__in": [str(s) for s in rule.stages]})
    if rule.where is not None:
        queryset = queryset.filter(pk__in=queryset.model._default_manager.filter(rule.where(user)))
    return queryset
