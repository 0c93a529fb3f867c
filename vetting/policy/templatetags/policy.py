"""`{% allowed "cases.record_interview" interview as may_record %}`: the page asks the policy,
never restates whose interview, session or decision it is. `{{ stage|stage_label }}`: a
workflow stage in the reader's language (a timeline's moves name the stage by its value)."""

from typing import Any

from django import template

from vetting.policy.authority import allowed as policy_allowed
from vetting.policy.workflow import Stage

register = template.Library()


@register.simple_tag(takes_context=True)
def allowed(context: Any, action: str, subject: Any = None, **params: Any) -> bool:
    return policy_allowed(context["request"].user, action, subject, **params)


@register.filter
def stage_label(value: str) -> str:
    """The label of a workflow stage stored in an audit entry."""
    return str(Stage(value).label) if value in Stage.values else value
