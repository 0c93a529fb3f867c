"""Subdivision and personnel pages. The tree and the rosters show call signs; only the
personnel compartment (the volunteer list and page) shows the names behind them."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vetting.audit.actions import record
from vetting.audit.selectors import folded_timeline, timeline_for
from vetting.exports import spreadsheet
from vetting.formsteps import refused, run_form_step
from vetting.policy.access import staff_actor, staff_view
from vetting.policy.authority import NotAllowed, allowed
from vetting.policy.courses import CourseKind, specialties_open
from vetting.policy.roles import Role, roles_of
from vetting.policy.timing import NEEDS_SECOND_OFFICER
from vetting.screening import selectors as screening
from vetting.units import actions, callsigns, selectors
from vetting.units.forms import (
    AssignForm,
    BriefingForm,
    CallSignForm,
    CallSignWordForm,
    CommandersForm,
    ConsentForm,
    MentionForm,
    StatusForm,
    SubdivisionForm,
)
from vetting.units.models import CallSignLanguage, CallSignWord, Status, Subdivision, Volunteer

TREE = "units.view_subdivision"
PERSONNEL = "units.view_personnel"


def _run(request: HttpRequest, form: forms.Form, do: Callable[[dict], object], done: str) -> None:
    run_form_step(request, form, do, done, (actions.PersonnelError,))


@staff_view(TREE)
def subdivisions(request: HttpRequest) -> HttpResponse:
    """The tree of subdivisions the user may see, with how many serve in each; personnel
    officers add subdivisions and name their commanders here."""
    visible = list(
        selectors.subdivisions_for(request.user)
        .select_related("parent")
        .prefetch_related("commanders")
    )
    rosters = set(selectors.roster_units_for(request.user).values_list("pk", flat=True))
    counts = selectors.strength_by_unit()
    appoints = request.user.has_perm("units.change_subdivision")
    shown = {u.pk for u in visible}
    children: dict[int | None, list[Subdivision]] = {}
    for unit in visible:
        parent = unit.parent_id if unit.parent_id in shown else None
        children.setdefault(parent, []).append(unit)
    rows: list[tuple[int, Subdivision, int, bool, CommandersForm | None]] = []

    def walk(parent: int | None, depth: int) -> None:
        for unit in children.get(parent, []):
            appointing = (
                CommandersForm(initial={"commanders": unit.commanders.all()}, prefix=f"u{unit.pk}")
                if appoints
                else None
            )
            rows.append((depth, unit, counts.get(unit.pk, 0), unit.pk in rosters, appointing))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    builds = request.user.has_perm("units.add_subdivision")
    context = {"rows": rows, "subdivision_form": SubdivisionForm() if builds else None}
    return render(request, "units/subdivisions.html", context)


@staff_view(TREE, "units.add_subdivision")
@require_POST
def subdivision_new(request: HttpRequest) -> HttpResponse:
    _run(
        request,
        SubdivisionForm(request.POST),
        lambda d: actions.create_subdivision(
            d["name"], d["echelon"], d["parent"], actor=staff_actor(request)
        ),
        _("The subdivision is created."),
    )
    return redirect("units:subdivisions")


@staff_view(TREE, "units.change_subdivision")
@require_POST
def commanders(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.subdivision_for(request.user, pk)
    _run(
        request,
        CommandersForm(request.POST, prefix=f"u{unit.pk}"),
        lambda d: actions.set_commanders(unit, d["commanders"], actor=staff_actor(request)),
        _("The commanders are set."),
    )
    return redirect("units:subdivisions")


@staff_view(TREE)
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's roster for its commanders: call signs, specialty, status, since when."""
    unit = selectors.roster_unit_for(request.user, pk)
    members = selectors.roster(unit)
    record(
        staff_actor(request),
        "subdivision.roster_viewed",
        unit,
        shown=[m.volunteer.pk for m in members],
    )
    commands = Role.COMMANDER in roles_of(request.user)
    context = {
        "unit": unit,
        "path": selectors.path_of(unit),
        "members": members,
        "by_status": [
            (s.label, sum(1 for m in members if m.status == s))
            for s in Status  # type: ignore[attr-defined]
        ],
        "briefings": unit.briefings.prefetch_related("attendees")[:10],
        "briefing_form": BriefingForm(roster=[m.volunteer for m in members]) if commands else None,
    }
    return render(request, "units/roster.html", context)


@staff_view(TREE)
def roster_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A unit's roster by call sign as a spreadsheet, as its commanders see it."""
    unit = selectors.roster_unit_for(request.user, pk)
    members = selectors.roster(unit)
    return spreadsheet(
        request,
        fmt,
        name=f"roster-{unit.pk}",
        header=[
            _("Call sign"),
            _("Subdivision"),
            _("Specialty"),
            _("Assigned since"),
            _("Status"),
            _("Since"),
        ],
        rows=[
            (
                m.call_sign,
                m.unit.name if m.unit else "",
                m.specialty_label,
                m.assigned_on,
                m.status_label,
                m.status_on,
            )
            for m in members
        ],
        target=unit,
        shown=[m.volunteer.pk for m in members],
    )


@staff_view(TREE, "units.add_briefing")
@require_POST
def briefing(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.roster_unit_for(request.user, pk)
    _run(
        request,
        BriefingForm(request.POST, roster=[m.volunteer for m in selectors.roster(unit)]),
        lambda d: actions.record_briefing(
            unit,
            held_on=d["held_on"],
            subject=d["subject"],
            attendees=d["attendees"],
            actor=staff_actor(request),
        ),
        _("The briefing is recorded."),
    )
    return redirect("units:roster", pk=unit.pk)


@staff_view(PERSONNEL)
def volunteers(request: HttpRequest) -> HttpResponse:
    """The personnel list: call signs with the names behind them (this compartment only)."""
    rows = selectors.standings(selectors.volunteers_for(request.user))
    units = {u.pk: u for u in Subdivision.objects.all()}
    for row in rows:
        row.unit = units.get(row.unit_id) if row.unit_id else None
    record(
        staff_actor(request), "volunteer.list_viewed", None, shown=[r.volunteer.pk for r in rows]
    )
    flagged = screening.flagged_case_ids()
    return render(request, "units/volunteers.html", {"rows": rows, "flagged": flagged})


@staff_view(PERSONNEL)
def volunteers_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The personnel list as a spreadsheet: call signs with the names behind them."""
    rows = selectors.standings(
        selectors.volunteers_for(request.user).select_related("case__application")
    )
    units = {u.pk: u for u in Subdivision.objects.all()}
    return spreadsheet(
        request,
        fmt,
        name="personnel",
        header=[
            _("Call sign"),
            _("Name"),
            _("Case"),
            _("Subdivision"),
            _("Specialty"),
            _("Status"),
        ],
        rows=[
            (
                r.call_sign,
                r.volunteer.case.application.display_name,
                r.volunteer.case.reference,
                units[r.unit_id].name if r.unit_id in units else "",
                r.specialty_label,
                r.status_label,
            )
            for r in rows
        ],
        shown=[r.volunteer.pk for r in rows],
    )


@staff_view()
def volunteer(request: HttpRequest, pk: int) -> HttpResponse:
    """A volunteer's personnel file. The personnel compartment reads all of it; the services
    open the file screening raised, and read there only who and where the person serves and
    what screening found (reviewing the hits and lifting their own flag there)."""
    user = request.user
    if not (user.has_perm(PERSONNEL) or screening.reads_hits(user)):
        raise PermissionDenied
    person = selectors.file_for(user, pk)
    actor = staff_actor(request)
    record(actor, "volunteer.viewed", person)
    found = selectors.screening_on_file(user, person)
    if found.hits:
        record(
            actor,
            "screening.hits_viewed",
            person.case.application,
            hits=[h.pk for h in found.hits],
        )
    context = {
        "v": person,
        "standing": selectors.standings(Volunteer.objects.filter(pk=person.pk))[0],
        "application": person.case.application,
        "screening": found,
        "back": request.get_full_path(),
    }
    if not user.has_perm(PERSONNEL):
        assignment = selectors.current_assignment(person)
        context["serves_in"] = selectors.path_of(assignment.subdivision) if assignment else ""
        return render(request, "units/volunteer.html", context)
    passed = selectors.passed_kinds(person)
    enrollments = list(person.enrollments.select_related("cohort__course"))
    results = selectors.latest_results(enrollments)
    officer = Role.PERSONNEL_OFFICER in roles_of(request.user)
    context |= {
        "personnel": True,
        "assignments": person.assignments.select_related("subdivision", "assigned_by"),
        "statuses": person.statuses.select_related("recorded_by", "approved_by"),
        "consents": person.consents.select_related("recorded_by"),
        "mentions": person.mentions.select_related("proposed_by", "approved_by"),
        "training": [(e, results.get(e.pk)) for e in enrollments],
        "passed": [k.label for k in CourseKind if k in passed],
        "open_specialties": [s.label for s in specialties_open(passed)],
        "officer": officer,
        "assign_form": AssignForm() if officer else None,
        "status_form": StatusForm() if officer else None,
        "consent_form": ConsentForm() if officer else None,
        "mention_form": MentionForm() if officer else None,
        "call_sign_changes": person.call_sign_changes.select_related("changed_by"),
        "call_sign_form": CallSignForm(initial={"call_sign": selectors.proposed_call_sign(person)})
        if officer
        else None,
        "standing_consent": selectors.standing_consent(person),
        "timeline": folded_timeline(timeline_for(request.user, ("units.volunteer", person.pk))),
    }
    return render(request, "units/volunteer.html", context)


def _volunteer_step(
    request: HttpRequest, pk: int, form: forms.Form, do: Callable, done: str
) -> HttpResponse:
    person = selectors.volunteer_for(request.user, pk)
    _run(request, form, lambda d: do(person, d), done)
    return redirect("units:volunteer", pk=person.pk)


@staff_view(PERSONNEL, "units.add_assignment")
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    return _volunteer_step(
        request,
        pk,
        AssignForm(request.POST),
        lambda v, d: actions.assign(v, **d, actor=staff_actor(request)),
        _("The assignment is recorded."),
    )


@staff_view(PERSONNEL, "units.add_statusevent")
@require_POST
def status(request: HttpRequest, pk: int) -> HttpResponse:
    return _volunteer_step(
        request,
        pk,
        StatusForm(request.POST),
        lambda v, d: actions.record_status(v, **d, actor=staff_actor(request)),
        _("The status is recorded.")
        if request.POST.get("status") not in NEEDS_SECOND_OFFICER
        else _("The death is recorded; it stands once a second personnel officer approves it."),
    )


@staff_view(PERSONNEL, "units.add_statusevent")
@require_POST
def status_approve(request: HttpRequest, pk: int, status_pk: int) -> HttpResponse:
    return _second_officer_step(
        request,
        pk,
        lambda person: person.statuses.filter(pk=status_pk).first(),
        actions.approve_status,
        _("The status is approved and now stands."),
    )


@staff_view(PERSONNEL, "units.add_consent")
@require_POST
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    return _volunteer_step(
        request,
        pk,
        ConsentForm(request.POST),
        lambda v, d: actions.record_consent(v, **d, actor=staff_actor(request)),
        _("The consent is recorded."),
    )


@staff_view(PERSONNEL, "units.add_publicmention")
@require_POST
def mention(request: HttpRequest, pk: int) -> HttpResponse:
    return _volunteer_step(
        request,
        pk,
        MentionForm(request.POST),
        lambda v, d: actions.propose_mention(v, **d, actor=staff_actor(request)),
        _("The mention is proposed; a second officer must approve it."),
    )


@staff_view(PERSONNEL, "units.approve_publicmention")
@require_POST
def mention_approve(request: HttpRequest, pk: int, mention_pk: int) -> HttpResponse:
    return _second_officer_step(
        request,
        pk,
        lambda person: person.mentions.filter(pk=mention_pk).first(),
        actions.approve_mention,
        _("The public mention is approved."),
    )


def _second_officer_step(
    request: HttpRequest,
    pk: int,
    proposed: Callable[[Any], Any],
    approve: Callable[..., object],
    done: str,
) -> HttpResponse:
    """A second officer approves what another proposed on a volunteer's record (found by
    `proposed` among that volunteer's own rows): the action refuses the proposer."""
    person = selectors.volunteer_for(request.user, pk)
    found = proposed(person)
    if found is None:
        raise Http404
    try:
        approve(found, actor=staff_actor(request))
        messages.success(request, done)
    except actions.PersonnelError as exc:
        messages.error(request, str(exc))
    except NotAllowed as exc:
        refused(request, exc)
    return redirect("units:volunteer", pk=person.pk)


@staff_view(PERSONNEL, "units.change_volunteer")
@require_POST
def call_sign(request: HttpRequest, pk: int) -> HttpResponse:
    return _volunteer_step(
        request,
        pk,
        CallSignForm(request.POST),
        lambda v, d: actions.change_call_sign(v, **d, actor=staff_actor(request)),
        _("The call sign is changed."),
    )


@staff_view(PERSONNEL)
@require_http_methods(["GET", "POST"])
def call_sign_words(request: HttpRequest) -> HttpResponse:
    """The words the formation draws call signs from, in Ukrainian and Russian; personnel
    officers add and retire them."""
    form = CallSignWordForm()
    if request.method == "POST":
        retiring = request.POST.get("retire", "")
        if retiring.isdigit():
            found = CallSignWord.objects.filter(pk=int(retiring)).first()
            if found is None:
                raise Http404
            try:
                actions.retire_call_sign_word(found, actor=staff_actor(request))
                messages.success(request, _("The word is retired."))
            except NotAllowed as exc:
                refused(request, exc)
            return redirect("units:call-sign-words")
        form = CallSignWordForm(request.POST)
        if run_form_step(
            request,
            form,
            lambda d: actions.add_call_sign_word(
                d["word"], language=d["language"], actor=staff_actor(request)
            ),
            _("The word is added."),
            (actions.PersonnelError,),
        ):
            return redirect("units:call-sign-words")
    words = list(selectors.call_sign_word_list())
    context = {
        "form": form if allowed(request.user, "units.add_call_sign_word") else None,
        "words": words,
        "can_retire": allowed(request.user, "units.retire_call_sign_word"),
        "defaults": {
            CallSignLanguage(language).label: callsigns.DEFAULT_WORDS[language]
            for language in callsigns.LANGUAGES
            if not any(w.language == language and w.retired_at is None for w in words)
        },
    }
    return render(request, "units/call_sign_words.html", context)
