from django import template

from vetting.audit.labels import action_label as label_of
from vetting.audit.labels import origin_label as origin_of

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return label_of(action)


@register.filter
def origin_label(origin: str) -> str:
    return origin_of(origin)
