"""Papers: the applicant's receipt, the commander's case summary with signature lines, the
acceptance order draft, a unit's roster by call sign and a visit's candidate list.

Each view reads through the same selectors as the page the paper comes from, so a paper shows
exactly what its reader may see there; `render.paper` records the export before handing it out.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from vetting.audit.actors import PORTAL_ACTOR
from vetting.cases import selectors as cases
from vetting.cases.models import CheckResult, ClaimStatus, Outcome
from vetting.guard import limits
from vetting.intake import receipts
from vetting.intake import selectors as intake
from vetting.intake.forms import ReceiptLookupForm
from vetting.papers.render import paper
from vetting.policy.access import staff_actor, staff_view
from vetting.policy.roles import Role, roles_of
from vetting.policy.workflow import Stage
from vetting.selection import selectors as selection
from vetting.units import selectors as units

# Who signs what: the case summary and the acceptance order are the commanders' papers.
SIGNERS = frozenset({Role.COMMANDER})
SIGNATURE_LINES = (_("Commander"), _("Second commander"))


def _signer(request: HttpRequest) -> None:
    if not roles_of(request.user) & SIGNERS:
        raise PermissionDenied


@require_POST
def receipt(request: HttpRequest) -> HttpResponse:
    """The applicant's receipt, for whoever holds the code (the applicant, or the clerk who
    just entered a paper application): looked up and limited like the status page."""
    limits.before_receipt_lookup(request, receipts.digest(request.POST.get("code", "")))
    form = ReceiptLookupForm(request.POST)
    application = (
        intake.application_by_receipt(form.cleaned_data["code"]) if form.is_valid() else None
    )
    if application is None:
        limits.failed_receipt_lookup(request)
        return render(request, "papers/no_receipt.html", status=404)
    staff = request.user.is_authenticated and request.user.is_verified()  # type: ignore[attr-defined]
    return paper(
        request,
        "papers/receipt.html",
        {"application": application, "code": form.cleaned_data["code"]},
        actor=staff_actor(request) if staff else PORTAL_ACTOR,
        what="receipt.pdf",
        target=application,
    )


@staff_view("cases.view_case")
def case_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """What the commander decides on, with lines for the two commanders' signatures."""
    _signer(request)
    case = cases.case_for(request.user, pk)
    user = request.user
    return paper(
        request,
        "papers/case_summary.html",
        {
            "case": case,
            "application": case.application,
            "stage": Stage(case.stage),
            "interviews": cases.interviews_visible(user, case),
            "checks": [
                (c.service.label, CheckResult(c.result).label if c.recorded else "")
                for c in cases.check_summaries(user, case)
            ],
            "claims": [
                {
                    "kind": c.kind,
                    "statement": c.statement,
                    "status_label": ClaimStatus(c.status).label,
                }
                for c in cases.claims_view(user, case)
            ],
            "signers": SIGNATURE_LINES,
            "sessions": cases.polygraph_view(user, case),
            "decisions": cases.decisions_for(user, case),
            "screening": cases.screening_on(user, case),
        },
        actor=staff_actor(request),
        what=f"{case.reference}-summary.pdf",
        target=case,
    )


@staff_view("cases.view_case")
def acceptance_order(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft of the order that enlists an accepted volunteer, once a commander has accepted."""
    _signer(request)
    case = cases.case_for(request.user, pk)
    decision = (
        cases.decisions_for(request.user, case)
        .filter(outcome=Outcome.ACCEPT, refused_by__isnull=True)
        .last()
    )
    if decision is None:
        raise Http404
    volunteer = getattr(case, "volunteer", None)
    return paper(
        request,
        "papers/acceptance_order.html",
        {
            "case": case,
            "application": case.application,
            "decision": decision,
            "volunteer": volunteer,
            "today": timezone.localdate(),
            "signers": SIGNATURE_LINES,
        },
        actor=staff_actor(request),
        what=f"{case.reference}-order.pdf",
        target=case,
    )


@staff_view("units.view_subdivision")
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's roster by call sign, as its commanders see it on the page."""
    unit = units.roster_unit_for(request.user, pk)
    members = units.roster(unit)
    return paper(
        request,
        "papers/roster.html",
        {"unit": unit, "path": units.path_of(unit), "members": members},
        actor=staff_actor(request),
        what=f"roster-{unit.pk}.pdf",
        target=unit,
        rows=len(members),
        shown=[m.volunteer.pk for m in members],
    )


# A visit list on paper is for the trip: the candidates a commander could meet, capped.
VISIT_LIST_LIMIT = 500


@staff_view("selection.view_fieldvisit")
def visit_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """A visit's booked interviews and its ranked candidates, to take to the site."""
    visit = selection.visit_for(request.user, pk)
    now = timezone.now()
    slots = list(selection.slots_of(visit).select_related("case__application"))
    ranked = list(selection.candidates(request.user, visit, now)[:VISIT_LIST_LIMIT])
    return paper(
        request,
        "papers/visit_candidates.html",
        {
            "visit": visit,
            "interviewers": visit.interviewers.order_by("username"),
            "slots": slots,
            "rows": cases.explained(ranked, now),
        },
        actor=staff_actor(request),
        what=f"{visit.reference}-candidates.pdf",
        target=visit,
        rows=len(ranked) + len(slots),
        shown=[c.pk for c in ranked],
        booked=[s.case_id for s in slots],
    )
