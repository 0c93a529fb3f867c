from django import template

from vetting.audit.labels import action_label as label_of

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return label_of(action)


@register.filter
def stage_label(value: str) -> str:
    """The label of a workflow stage stored in an audit entry."""
    from vetting.policy.workflow import Stage

    return str(Stage(value).label) if value in Stage.values else value
