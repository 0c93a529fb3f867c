"""Screening pages: the hits queue and decisions (security service, counter-intelligence),
watchlists, and likely repeat applications (intake)."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vetting.audit.actions import record
from vetting.exports import EXPORT_LIMIT, spreadsheet
from vetting.formsteps import refused, run_form_step
from vetting.intake.models import Application
from vetting.intake.sections import Section
from vetting.matching.files import FileFormatError
from vetting.policy.access import staff_actor, staff_view
from vetting.policy.authority import NotAllowed
from vetting.screening import actions, selectors
from vetting.screening.forms import DecisionForm, HitFilterForm, LiftHoldForm, WatchlistUploadForm
from vetting.screening.models import Review, ScreeningHit, ScreeningState


def _hits(request: HttpRequest) -> tuple[HitFilterForm, QuerySet[ScreeningHit]]:
    form = HitFilterForm(request.GET, watchlists=selectors.watchlists_for(request.user))
    return form, selectors.filtered_hits(request.user, **form.filters())


@staff_view("screening.view_screeninghit")
def hit_queue(request: HttpRequest) -> HttpResponse:
    """Hits to review (or decided ones), filtered by watchlist, state and score, with a count."""
    form, hits = _hits(request)
    page = Paginator(hits, 50).get_page(request.GET.get("page"))
    record(
        staff_actor(request),
        "screening.hit_queue_viewed",
        shown=[h.pk for h in page],
        applications=sorted({h.application_id for h in page}),
    )
    return render(request, "screening/hit_queue.html", {"page": page, "form": form})


@staff_view("screening.view_screeninghit")
def hit_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The hit queue, as filtered on the page, as a spreadsheet."""
    _form, hits = _hits(request)
    rows = list(hits[:EXPORT_LIMIT])
    return spreadsheet(
        request,
        fmt,
        name="screening-hits",
        header=[
            _("Application"),
            _("Applicant"),
            _("Watchlist"),
            _("On the list as"),
            _("Score"),
            _("State"),
            _("Found"),
        ],
        rows=[
            (
                h.application.reference,
                h.application.display_name,
                h.watchlist.name,
                h.entry.name,
                round(h.score, 4),
                h.get_status_display(),
                h.found_at,
            )
            for h in rows
        ],
        shown=[h.pk for h in rows],
        applications=sorted({h.application_id for h in rows}),
    )


@staff_view("screening.view_duplicatecandidate")
def repeats(request: HttpRequest) -> HttpResponse:
    """Likely repeat applications: open pairs to decide, and applications linked as one person."""
    pairs = Paginator(selectors.repeat_pairs(request.user), 50).get_page(request.GET.get("page"))
    linked = list(selectors.linked_identities(request.user)[:500])
    shown = sorted({p.application_id for p in pairs} | {p.earlier_id for p in pairs})
    record(
        staff_actor(request),
        "screening.repeats_viewed",
        shown=shown,
        pairs=[p.pk for p in pairs],
        linked=[a.pk for a in linked],
    )
    groups: dict[int, list[Application]] = {}
    for application in linked:
        groups.setdefault(application.identity_id or 0, []).append(application)
    return render(
        request, "screening/repeats.html", {"page": pairs, "groups": list(groups.values())}
    )


@staff_view("screening.view_duplicatecandidate")
def repeats_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The open pairs of likely repeat applications as a spreadsheet."""
    pairs = list(selectors.repeat_pairs(request.user)[:EXPORT_LIMIT])
    return spreadsheet(
        request,
        fmt,
        name="repeat-applications",
        header=[
            _("Application"),
            _("Applicant"),
            _("Received"),
            _("Earlier application"),
            _("Earlier applicant"),
            _("Earlier received"),
            _("Score"),
        ],
        rows=[
            (
                p.application.reference,
                p.application.display_name,
                p.application.submitted_at,
                p.earlier.reference,
                p.earlier.display_name,
                p.earlier.submitted_at,
                round(p.score, 4),
            )
            for p in pairs
        ],
        shown=sorted({p.application_id for p in pairs} | {p.earlier_id for p in pairs}),
        pairs=[p.pk for p in pairs],
    )


@staff_view("screening.view_screeninghit", "screening.decide_screeninghit")
@require_POST
def hit_decide(request: HttpRequest, pk: int) -> HttpResponse:
    hit = selectors.hit_for(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            hit = actions.decide_hit(
                hit,
                confirm=form.cleaned_data["decision"] == "confirm",
                reason=form.cleaned_data["reason"],
                actor=staff_actor(request),
            )
        except actions.DecisionError as exc:
            form.add_error(None, str(exc))
        except NotAllowed as exc:
            refused(request, exc)
    context = {"hit": hit, "form": form}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "screening/_hit.html", context)
    if form.errors:
        messages.error(request, " ".join(str(e) for e in form.errors.values()))
    elif hit.status != Review.OPEN:
        messages.success(request, _("The decision is recorded."))
    return _back(request) or redirect("intake:application-detail", pk=hit.application_id)


@staff_view("screening.view_screeninghit", "screening.decide_screeninghit")
@require_POST
def hold_lift(request: HttpRequest, pk: int) -> HttpResponse:
    """The service that confirmed a match lifts its hold on the case, with a reason."""
    hold = selectors.hold_for(request.user, pk)
    run_form_step(
        request,
        LiftHoldForm(request.POST),
        lambda d: actions.lift_match_hold(hold, reason=d["reason"], actor=staff_actor(request)),
        _("The hold is lifted."),
        (actions.DecisionError,),
    )
    return _back(request) or redirect("cases:case", pk=hold.case_id)


def _back(request: HttpRequest) -> HttpResponse | None:
    """Back to the staff page the form was posted from (a volunteer's personnel file), when it
    named one of this site's own."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return None


@staff_view("screening.view_duplicatecandidate", "screening.merge_duplicate")
@require_POST
def duplicate_decide(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.duplicate_for(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            actions.decide_duplicate(
                candidate,
                same_person=form.cleaned_data["decision"] == "confirm",
                reason=form.cleaned_data["reason"],
                actor=staff_actor(request),
            )
        except actions.DecisionError as exc:
            messages.error(request, str(exc))
        except NotAllowed as exc:
            refused(request, exc)
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.values()))
    return redirect("intake:application-detail", pk=candidate.application_id)


@staff_view("screening.view_watchlist")
@require_http_methods(["GET", "POST"])
def watchlists(request: HttpRequest) -> HttpResponse:
    form = WatchlistUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST":
        if not request.user.has_perm("screening.import_watchlist"):
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            name = upload.name or "watchlist"
            text = io.TextIOWrapper(upload.file, encoding="utf-8-sig", errors="surrogateescape")
            try:
                result = actions.import_watchlist(
                    text,
                    watchlist_name=form.cleaned_data["watchlist"],
                    file_name=name,
                    jsonl=name.lower().endswith((".jsonl", ".ndjson", ".json")),
                    actor=staff_actor(request),
                )
            except FileFormatError as exc:
                form.add_error("file", _("The file cannot be read: %(reason)s.") % {"reason": exc})
            if result is not None and result.version is None:
                form.add_error("file", _("No valid entry in the file; nothing was stored."))
    return render(
        request,
        "screening/watchlists.html",
        {
            "form": form,
            "result": result,
            "versions": selectors.current_versions(request.user),
        },
    )


def application_section(request: HttpRequest, application: Application) -> Section:
    """Intake's application page: the applicant's watchlist hits (to those who read hits, each
    read audited), likely earlier applications, and the applications linked as the same
    person."""
    show_hits = request.user.has_perm("screening.view_screeninghit")
    hits = list(selectors.hits_for(request.user).filter(application=application))
    if show_hits:
        actor = staff_actor(request)
        record(actor, "screening.hits_viewed", application, hits=[h.pk for h in hits])
    state = ScreeningState.objects.filter(application=application).first()
    return Section(
        "screening/_application_panels.html",
        {
            "show_hits": show_hits,
            "hits": hits,
            "screened_at": state.screened_at if state else None,
            "duplicates": selectors.duplicates_for(request.user).filter(application=application),
            "linked": selectors.linked_applications(application),
        },
    )
