"""System checks that the declaration names only what exists: every role's permission, every
declared action's function, every action function's declaration, every transition's action."""

import importlib
import inspect
from typing import Any

from django.apps import apps
from django.core import checks

from vetting.policy import workflow
from vetting.policy.roles import ROLE_PERMISSIONS
from vetting.policy.rules import NOT_ACTIONS, RULES

# The apps whose actions.py the policy covers.
ACTION_APPS = (
    "accounts",
    "api",
    "audit",
    "backups",
    "cases",
    "guard",
    "intake",
    "keys",
    "places",
    "screening",
    "selection",
    "training",
    "units",
)


def action_functions() -> dict[str, Any]:
    """Every public function defined in an actions module: {"app.function": function}."""
    found: dict[str, Any] = {}
    for label in ACTION_APPS:
        config = apps.get_app_config(label)
        try:
            module = importlib.import_module(f"{config.name}.actions")
        except ModuleNotFoundError:
            continue
        for name, value in vars(module).items():
            if (
                inspect.isfunction(value)
                and value.__module__ == module.__name__
                and not name.startswith("_")
            ):
                found[f"{label}.{name}"] = value
    return found


def declared_function(action: str) -> str:
    """The function an action name stands for ("cases.move:resume" is "cases.move")."""
    return action.split(":", 1)[0]


@checks.register()
def check_policy(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    known = {
        f"{model._meta.app_label}.{codename}"
        for model in apps.get_models()
        for codename in [
            *(f"{p}_{model._meta.model_name}" for p in model._meta.default_permissions),
            *(codename for codename, _ in model._meta.permissions),
        ]
    }
    for role, names in ROLE_PERMISSIONS.items():
        for name in names:
            if name not in known:
                errors.append(
                    checks.Error(
                        f"role {role!r} names permission {name!r}, which no model has",
                        id="policy.E001",
                    )
                )
    functions = action_functions()
    for action, rule in RULES.items():
        if declared_function(action) not in functions:
            errors.append(
                checks.Error(
                    f"{action!r} is declared but no actions module defines it", id="policy.E002"
                )
            )
        if rule.subject:
            try:
                apps.get_model(rule.subject)
            except (LookupError, ValueError):
                errors.append(
                    checks.Error(
                        f"{action!r} acts on an unknown model {rule.subject!r}", id="policy.E003"
                    )
                )
    declared = {declared_function(a) for a in RULES} | set(NOT_ACTIONS)
    for name in functions:
        if name not in declared:
            errors.append(
                checks.Error(
                    f"{name} is an action function without a rule in vetting.policy.rules",
                    hint="Declare who may take it, or move it out of actions.py if it only reads.",
                    id="policy.E004",
                )
            )
    for transition in workflow.TRANSITIONS:
        if transition.by != "cases.move" and transition.by not in RULES:
            errors.append(
                checks.Error(
                    f"transition {transition.name!r} is made by an undeclared "
                    f"action {transition.by!r}",
                    id="policy.E005",
                )
            )
    return errors
