"""`{% papers_for obj as papers %}`: the papers the signed-in user may print for an object,
as (label, url) pairs, so pages offer a paper only where its view would hand it out."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from vetting.cases.models import Case, Outcome
from vetting.papers.views import SIGNERS
from vetting.policy.roles import roles_of
from vetting.selection.models import FieldVisit
from vetting.units.models import Subdivision

register = template.Library()


@register.simple_tag(takes_context=True)
def papers_for(context: dict[str, Any], obj: Any) -> list[tuple[str, str]]:
    user = context["request"].user
    found: list[tuple[str, str]] = []
    if isinstance(obj, Case) and roles_of(user) & SIGNERS:
        found.append(
            (_("Case summary for signature (PDF)"), reverse("papers:case-summary", args=[obj.pk]))
        )
        if obj.decisions.filter(outcome=Outcome.ACCEPT).exists():
            found.append(
                (
                    _("Draft acceptance order (PDF)"),
                    reverse("papers:acceptance-order", args=[obj.pk]),
                )
            )
    elif isinstance(obj, Subdivision):
        found.append((_("Roster (PDF)"), reverse("papers:roster", args=[obj.pk])))
    elif isinstance(obj, FieldVisit):
        found.append((_("Candidate list (PDF)"), reverse("papers:visit-candidates", args=[obj.pk])))
    return found
