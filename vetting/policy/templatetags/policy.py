"""`{% allowed "cases.record_interview" interview as may_record %}`: the page asks the policy,
never restates whose interview, session or decision it is."""

from typing import Any

from django import template

from vetting.policy.authority import allowed as policy_allowed

register = template.Library()


@register.simple_tag(takes_context=True)
def allowed(context: Any, action: str, subject: Any = None, **params: Any) -> bool:
    return policy_allowed(context["request"].user, action, subject, **params)
