"""Intake pages: the public applicant portal and the clerks' pages. Views stay thin: they
read through selectors and change through actions."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vetting.audit.actions import record
from vetting.audit.actors import PORTAL_ACTOR
from vetting.audit.selectors import folded_timeline, timeline_for
from vetting.exports import EXPORT_LIMIT, spreadsheet
from vetting.guard import limits
from vetting.intake import actions, receipts, selectors
from vetting.intake.forms import (
    ImportUploadForm,
    PaperApplicationForm,
    PortalApplicationForm,
    ReceiptLookupForm,
)
from vetting.intake.importing import ImportFileError
from vetting.intake.models import (
    ApplicantStatus,
    Application,
    Channel,
    ImportBatch,
    new_portal_token,
)
from vetting.intake.searching import Search, posted_search
from vetting.intake.sections import sections_of
from vetting.policy.access import staff_actor, staff_view
from vetting.policy.authority import NotAllowed


def portal_home(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/portal_home.html")


@require_http_methods(["GET", "POST"])
def portal_apply(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        limits.before_portal_submission(request)
        form = PortalApplicationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            fields = {k: v for k, v in data.items() if k not in {"voluntary", "submission_token"}}
            submission = actions.submit_application(
                fields,
                language=get_language() or "uk",
                consent_text=form.consent_wording,
                submission_token=data["submission_token"],
                actor=PORTAL_ACTOR,
            )
            # The code is shown once, in this answer: never in a URL, a session or the database
            # (which keeps only its digest). A re-sent form finds the application already there
            # and shows no code.
            return render(request, "intake/portal_receipt.html", {"code": submission.receipt_code})
    else:
        form = PortalApplicationForm(initial={"submission_token": new_portal_token()})
    return render(request, "intake/portal_apply.html", {"form": form})


def portal_receipt(request: HttpRequest) -> HttpResponse:
    """Where a reload or a bookmark of the receipt lands: the code is not shown again."""
    return render(request, "intake/portal_receipt.html", {"code": None})


@require_http_methods(["GET", "POST"])
def portal_status(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {}
    if request.method == "POST":
        limits.before_receipt_lookup(request, receipts.digest(request.POST.get("code", "")))
    form = ReceiptLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        application = selectors.application_by_receipt(form.cleaned_data["code"])
        if application is None:
            limits.failed_receipt_lookup(request)
            form.add_error("code", _("No application has this receipt code. Check the code."))
        else:
            status = selectors.public_status(application)
            context.update(
                found=True,
                code=form.cleaned_data["code"],
                status=status,
                status_label=selectors.PUBLIC_STATUS_LABELS[status],
                can_withdraw=status
                not in (selectors.PublicStatus.WITHDRAWN, selectors.PublicStatus.DECIDED),
            )
    context["form"] = form
    return render(request, "intake/portal_status.html", context)


@require_POST
def portal_withdraw(request: HttpRequest) -> HttpResponse:
    limits.before_receipt_lookup(request, receipts.digest(request.POST.get("code", "")))
    form = ReceiptLookupForm(request.POST)
    application = selectors.application_by_receipt(request.POST.get("code", ""))
    if application is None:
        limits.failed_receipt_lookup(request)
    if not form.is_valid() or application is None or request.POST.get("confirm") != "yes":
        return render(request, "intake/portal_status.html", {"form": form}, status=400)
    try:
        actions.withdraw_application(application, actor=PORTAL_ACTOR)
    except NotAllowed as exc:
        form.add_error("code", str(exc))
        return render(request, "intake/portal_status.html", {"form": form}, status=409)
    return render(request, "intake/portal_withdrawn.html")


LIST_FILTERS = ("channel", "status", "site", "sort")
PER_PAGE = 50


def _applications(request: HttpRequest, search: Search) -> tuple[QuerySet[Application], str]:
    """The list's rows as its query string asks (filters, sort) and the sort in force."""
    sort, order = selectors.ordering(request.GET.get("sort", ""))
    queryset = selectors.search_applications(
        selectors.applications_for(request.user),
        text=search.text,
        channel=request.GET.get("channel", ""),
        status=request.GET.get("status", ""),
        site=request.GET.get("site", ""),
    )
    return queryset.order_by(*order), sort


@staff_view("intake.view_application")
@require_http_methods(["GET", "POST"])
def application_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return posted_search(request, "intake:application-list", LIST_FILTERS)
    search = Search(request)
    queryset, sort = _applications(request, search)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    # A list names people: which ones this page showed is on record (ids, never the names).
    record(
        staff_actor(request),
        "application.list_viewed",
        shown=[a.pk for a in page],
        searched=bool(search),
    )
    context = {
        "page": page,
        "channels": Channel.choices,
        "statuses": ApplicantStatus.choices,
        # Each site of the list once, named in the page's language.
        "sites": selectors.site_choices(),
        "filters": request.GET,
        "search": search,
        "sort": sort,
    }
    return render(request, "intake/application_list.html", context)


@staff_view("intake.view_application")
def application_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The application list, as filtered and sorted on the page, as a spreadsheet."""
    search = Search(request)
    queryset, _sort = _applications(request, search)
    rows = list(queryset[:EXPORT_LIMIT])
    return spreadsheet(
        request,
        fmt,
        name="applications",
        header=[
            _("Reference"),
            _("Name in Cyrillic"),
            _("Name in Latin letters"),
            _("Born"),
            _("Status"),
            _("Detention site"),
            _("Rank"),
            _("Unit"),
            _("Channel"),
            _("Received"),
            _("Withdrawn"),
        ],
        rows=[
            (
                a.reference,
                a.name_cyrillic,
                a.name_latin,
                a.birth_date,
                a.get_applicant_status_display(),
                a.detention_site,
                a.rank,
                a.unit,
                a.get_channel_display(),
                a.submitted_at,
                a.withdrawn_at,
            )
            for a in rows
        ],
        shown=[a.pk for a in rows],
        searched=bool(search),
    )


@staff_view("intake.view_application")
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for(request.user, pk)
    record(staff_actor(request), "application.viewed", application)
    sections = sections_of(request, application)
    context: dict[str, Any] = {
        "application": application,
        "status_label": selectors.PUBLIC_STATUS_LABELS[selectors.public_status(application)],
        "timeline": folded_timeline(
            timeline_for(request.user, ("intake.application", application.pk))
        ),
        "sections": sections,
    }
    for section in sections:
        context.update(section.context)
    return render(request, "intake/application_detail.html", context)


@staff_view("intake.view_application", "intake.view_scan")
def application_scan(request: HttpRequest, pk: int) -> FileResponse:
    application = selectors.application_for(request.user, pk)
    if not application.scan:
        raise Http404
    record(staff_actor(request), "application.scan_viewed", application)
    return FileResponse(
        application.scan.open("rb"), filename=f"{application.reference}-scan", as_attachment=False
    )


@staff_view("intake.add_application")
@require_http_methods(["GET", "POST"])
def paper_application_new(request: HttpRequest) -> HttpResponse:
    form = PaperApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            k: v
            for k, v in data.items()
            if k not in {"language", "paper_reference", "consent_text", "consent_date", "scan"}
        }
        submission = actions.record_paper_application(
            fields,
            scan=data["scan"],
            language=data["language"],
            consent_text=data["consent_text"],
            consent_date=data["consent_date"],
            paper_reference=data["paper_reference"],
            actor=staff_actor(request),
        )
        if not submission.created:
            messages.warning(request, _("This paper reference was already entered."))
            return redirect("intake:application-detail", pk=submission.application.pk)
        return render(
            request,
            "intake/paper_receipt.html",
            {"application": submission.application, "code": submission.receipt_code},
        )
    return render(request, "intake/paper_new.html", {"form": form})


@staff_view("intake.import_applications")
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = actions.import_applications(
                upload.file,
                file_name=upload.name,
                source=form.cleaned_data["source"] or upload.name,
                actor=staff_actor(request),
            )
        except ImportFileError as exc:
            form.add_error("file", str(exc))
    batches = ImportBatch.objects.all()[:20]
    return render(
        request, "intake/import.html", {"form": form, "report": report, "batches": batches}
    )
