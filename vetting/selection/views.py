"""Visit pages: the list, planning a visit, the plan (ranked candidates and booked slots), and
the packet's export and results' import. Every view finds the visit through
`selectors.visit_for(user, pk)` and changes it only through an action."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vetting.audit.actions import record
from vetting.cases.paging import QueuePaginator
from vetting.cases.selectors import explained
from vetting.exports import EXPORT_LIMIT, spreadsheet
from vetting.formsteps import refused
from vetting.places.models import Place
from vetting.policy.access import staff_actor, staff_view
from vetting.policy.authority import NotAllowed, allowed, authorize
from vetting.policy.timing import Untimely
from vetting.selection import actions, packet, selectors
from vetting.selection.forms import BookForm, ExportForm, ImportForm, VisitForm

VIEW = "selection.view_fieldvisit"
PLAN = "selection.plan_fieldvisit"
EXCHANGE = "selection.exchange_packet"


@staff_view(VIEW)
def visit_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    visits = selectors.visits_for(request.user).prefetch_related("interviewers")
    return render(
        request,
        "selection/visit_list.html",
        {
            "upcoming": visits.filter(ends_on__gte=today),
            "past": visits.filter(ends_on__lt=today).order_by("-starts_on")[:20],
            "can_plan": request.user.has_perm(PLAN),
        },
    )


@staff_view(VIEW, PLAN)
def visit_new(request: HttpRequest) -> HttpResponse:
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            visit = actions.plan_visit(
                place=Place.objects.get(pk=d["site"]),
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                commander=d["commander"],
                interviewers=list(d["interviewers"]),
                actor=staff_actor(request),
            )
        except Untimely as exc:
            form.add_error(exc.field or None, str(exc))
        except (actions.VisitError, NotAllowed) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The visit is planned."))
            return redirect("selection:visit", pk=visit.pk)
    return render(request, "selection/visit_new.html", {"form": form})


@staff_view(VIEW)
def visit_plan(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_for(request.user, pk)
    now = timezone.now()
    page = QueuePaginator(selectors.candidates(request.user, visit, now), 50).get_page(
        request.GET.get("page")
    )
    slots = list(selectors.slots_of(visit))
    record(
        staff_actor(request),
        "selection.plan_viewed",
        visit,
        shown=[c.pk for c in page],
        booked=[s.case_id for s in slots],
    )
    return render(
        request,
        "selection/visit_plan.html",
        {
            "visit": visit,
            "interviewers": visit.interviewers.order_by("username"),
            "page": page,
            "rows": explained(page, now),
            "slots": slots,
            "free": len(selectors.free_slots(visit)),
            "can_book": allowed(request.user, "selection.book_interviews", visit),
            "can_export": allowed(request.user, "selection.export_packet", visit),
            "can_import": allowed(request.user, "selection.import_results", visit),
            "exports": visit.exports.select_related("exported_by")[:5],
        },
    )


@staff_view(VIEW)
def visit_plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The visit's plan as a spreadsheet: booked interviews, then the ranked candidates."""
    visit = selectors.visit_for(request.user, pk)
    now = timezone.now()
    slots = list(selectors.slots_of(visit).select_related("case__application"))
    ranked = list(selectors.candidates(request.user, visit, now)[:EXPORT_LIMIT])
    booked: list[tuple[Any, ...]] = [
        (
            _("booked"),
            s.starts_at,
            s.case.reference,
            s.case.application.display_name,
            s.case.get_stage_display(),
            "",
            "",
        )
        for s in slots
    ]
    waiting: list[tuple[Any, ...]] = [
        (
            _("candidate"),
            "",
            case.reference,
            case.application.display_name,
            case.get_stage_display(),
            t.score,
            t.explanation,
        )
        for case, t in explained(ranked, now)
    ]
    return spreadsheet(
        request,
        fmt,
        name=f"{visit.reference}-plan",
        header=[
            _("Row"),
            _("Time"),
            _("Case"),
            _("Applicant"),
            _("Stage"),
            _("Score"),
            _("Why"),
        ],
        rows=booked + waiting,
        target=visit,
        shown=[c.pk for c in ranked],
        booked=[s.case_id for s in slots],
    )


@staff_view(VIEW)
@require_POST
def book(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_for(request.user, pk)
    form = BookForm(request.POST)
    if form.is_valid():
        if form.cleaned_data["case"]:
            ids = [form.cleaned_data["case"]]
        else:
            top = form.cleaned_data["top"] or 0
            ids = list(selectors.candidates(request.user, visit).values_list("pk", flat=True)[:top])
        try:
            outcome = actions.book_interviews(visit, ids, actor=staff_actor(request))
        except NotAllowed as exc:
            refused(request, exc)
            return redirect("selection:visit", pk=visit.pk)
        if outcome.booked:
            messages.success(request, _("%(n)d interviews booked.") % {"n": len(outcome.booked)})
        for reference, why in outcome.refused[:10]:
            messages.error(request, f"{reference}: {why}")
    return redirect("selection:visit", pk=visit.pk)


@staff_view(VIEW, EXCHANGE)
def export_packet(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: a fresh key to write down; POST: the packet sealed with it, as a download."""
    visit = selectors.visit_for(request.user, pk)
    authorize(staff_actor(request), "selection.export_packet", visit)
    if request.method == "POST":
        form = ExportForm(request.POST)
        if not form.is_valid():
            raise Http404
        try:
            data = actions.export_packet(
                visit, key=form.cleaned_data["key"], actor=staff_actor(request)
            )
        except (actions.VisitError, packet.PacketError) as exc:
            messages.error(request, str(exc))
            return redirect("selection:visit", pk=visit.pk)
        response = HttpResponse(data, content_type="application/octet-stream")
        name = f"{visit.reference}-{timezone.localdate():%Y%m%d}.vpk"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response
    key = packet.new_key()
    response = render(
        request,
        "selection/export.html",
        {"visit": visit, "key": key, "form": ExportForm(initial={"key": key})},
    )
    response["Cache-Control"] = "no-store"
    return response


@staff_view(VIEW, EXCHANGE)
def import_results(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_for(request.user, pk)
    authorize(staff_actor(request), "selection.import_results", visit)
    form = ImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["results"]
        try:
            if upload.size > packet.MAX_BYTES:
                raise packet.PacketError(_("The file is too large to be a results file."))
            outcome = actions.import_results(
                visit, upload.read(), key=form.cleaned_data["key"], actor=staff_actor(request)
            )
        except (actions.VisitError, packet.PacketError) as exc:
            form.add_error(None, str(exc))
    return render(
        request, "selection/import.html", {"visit": visit, "form": form, "outcome": outcome}
    )
