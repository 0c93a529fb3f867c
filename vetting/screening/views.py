"""Screening pages: the hits queue and decisions (security service, counter-intelligence),
watchlists, and likely repeat applications (intake)."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vetting.accounts.access import staff_actor, staff_view
from vetting.audit.actions import record
from vetting.formsteps import refused
from vetting.matching.files import FileFormatError
from vetting.policy.authority import NotAllowed
from vetting.screening import actions, selectors
from vetting.screening.forms import DecisionForm, WatchlistUploadForm


@staff_view("screening.view_screeninghit")
def hit_queue(request: HttpRequest) -> HttpResponse:
    hits = list(selectors.open_hits(request.user)[:200])
    record(
        staff_actor(request),
        "screening.hit_queue_viewed",
        shown=[h.pk for h in hits],
        applications=sorted({h.application_id for h in hits}),
    )
    return render(request, "screening/hit_queue.html", {"hits": hits})


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
    return redirect("intake:application-detail", pk=hit.application_id)


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
                form.add_error(
                    "file", _("The file cannot be read: %(reason)s.") % {"reason": exc}
                )
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
