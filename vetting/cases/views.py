"""Case pages: the queue of each role, the case page, and one POST endpoint per step. Every
view finds the case through `selectors.case_for(user, pk)` and changes it only through an
action, which checks the workflow declaration and the actor's role."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vetting.audit.actions import record
from vetting.audit.selectors import folded_timeline, timeline_for
from vetting.cases import actions, selectors
from vetting.cases.forms import (
    ApproveForm,
    AssignPolygraphForm,
    CheckForm,
    ClaimAssessmentForm,
    DecisionForm,
    HoldForm,
    InterviewFindingsForm,
    MergeForm,
    MoveForm,
    PolygraphResultForm,
    RefuseAcceptanceForm,
    ScheduleInterviewForm,
)
from vetting.cases.models import (
    Case,
    Claim,
    Decision,
    Evidence,
    Interview,
    PolygraphSession,
    Service,
)
from vetting.cases.paging import QueuePaginator
from vetting.exports import EXPORT_LIMIT, spreadsheet
from vetting.formsteps import run_form_step
from vetting.intake.searching import Search, posted_search
from vetting.policy import workflow
from vetting.policy.access import NotVisible, staff_actor, staff_view
from vetting.policy.authority import allowed
from vetting.policy.roles import roles_of
from vetting.policy.workflow import SERVICE_ROLE, Stage

VIEW = "cases.view_case"


QUEUE_FILTERS = ("stage", "order")


def _queue(request: HttpRequest, search: Search) -> tuple[QuerySet[Case], str, str]:
    """The user's queue as the query string asks: stage, order and search."""
    stage = request.GET.get("stage", "")
    order = "triage" if request.GET.get("order") == "triage" else "oldest"
    cases = selectors.queue_for(request.user, stage, by_triage=order == "triage")
    if search:
        cases = selectors.search_queue(cases, search.text)
    return cases, stage, order


@staff_view(VIEW)
@require_http_methods(["GET", "POST"])
def queue(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return posted_search(request, "cases:queue", QUEUE_FILTERS)
    search = Search(request)
    cases, stage, order = _queue(request, search)
    page = QueuePaginator(cases, 50).get_page(request.GET.get("page"))
    stages = [(s, Stage(s).label) for s in sorted(selectors.queue_stages(request.user))]
    # Each case with its triage explanation (completeness, claims, visits, waiting).
    rows = selectors.explained(page)
    record(
        staff_actor(request),
        "case.queue_viewed",
        shown=[case.pk for case, _why in rows],
        searched=bool(search),
    )
    return render(
        request,
        "cases/queue.html",
        {
            "page": page,
            "rows": rows,
            "stages": stages,
            "stage": stage,
            "order": order,
            "search": search,
        },
    )


@staff_view(VIEW)
def queue_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The user's queue, as filtered on the page, as a spreadsheet."""
    search = Search(request)
    cases, _stage, _order = _queue(request, search)
    rows = selectors.explained(list(cases.select_related("application")[:EXPORT_LIMIT]))
    return spreadsheet(
        request,
        fmt,
        name="case-queue",
        header=[
            _("Case"),
            _("Application"),
            _("Applicant"),
            _("Stage"),
            _("Waiting since"),
            _("Status"),
            _("Detention site"),
            _("Unit"),
            _("Triage score"),
            _("Triage"),
        ],
        rows=[
            (
                case.reference,
                case.application.reference,
                case.application.display_name,
                case.get_stage_display(),
                case.stage_since,
                case.application.get_applicant_status_display(),
                case.application.detention_site,
                case.application.unit,
                triage.score,
                triage.explanation,
            )
            for case, triage in rows
        ],
        shown=[case.pk for case, _why in rows],
        searched=bool(search),
    )


@staff_view(VIEW)
def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk)
    user = request.user
    checks = list(selectors.checks_visible(user, case))
    actor = staff_actor(request)
    record(actor, "case.viewed", case)
    if checks:
        record(actor, "case.checks_viewed", case, checks=[c.pk for c in checks])
    interviews = list(selectors.interviews_visible(user, case))
    version = {"version": case.version}
    context = {
        "case": case,
        "application": case.application,
        "stage": Stage(case.stage),
        "transitions": [
            (t, workflow.unmet(t, case)) for t in selectors.transitions_for(user, case)
        ],
        "move_form": MoveForm(initial=version),
        "hold_form": HoldForm(initial=version),
        "claims": selectors.claims_view(user, case),
        "stage_path": workflow.progress(Stage(case.stage), case.stage_before_hold),
        "interviews": interviews,
        "schedule_form": ScheduleInterviewForm(initial=version),
        "findings_form": InterviewFindingsForm(initial=version),
        "checks": checks,
        "check_summaries": selectors.check_summaries(user, case),
        "my_services": [s for s in Service if SERVICE_ROLE[s] in roles_of(user)],
        "check_form": CheckForm(initial=version),
        "claim_form": ClaimAssessmentForm(),
        "sessions": selectors.polygraph_view(user, case),
        "assign_form": AssignPolygraphForm(initial=version),
        "result_form": PolygraphResultForm(initial=version),
        "decisions": selectors.decisions_for(user, case),
        "pending": selectors.pending_acceptance(case),
        "decision_form": DecisionForm(initial=version),
        "screening": selectors.screening_on(user, case),
        # The case's history starts with its application's (received, withdrawn...).
        "timeline": folded_timeline(
            timeline_for(user, ("intake.application", case.application_id), ("cases.case", case.pk))
        ),
        "steps": selectors.steps_for(user, case),
        "volunteer": selectors.personnel_file(user, case),
        "same_person": selectors.same_person(user, case),
        "may_merge": allowed(user, "cases.merge", case),
        "may_read_people_named": selectors.may_read_people_named(user),
    }
    return render(request, "cases/case.html", context)


@staff_view(VIEW, "screening.view_mention")
def people_named(request: HttpRequest, pk: int) -> HttpResponse:
    """The people the case's texts name, each with its sentence, the watchlists it is on and
    the other applicants who name them: the two services alone."""
    case = selectors.case_for(request.user, pk)
    rows = selectors.people_named(request.user, case)
    record(
        staff_actor(request),
        "case.mentions_viewed",
        case,
        mentions=[row.mention.pk for row in rows],
        applications=sorted({c.application_id for row in rows for c in row.named_by}),
    )
    return render(
        request,
        "cases/people_named.html",
        {"case": case, "application": case.application, "rows": rows},
    )


@staff_view(VIEW)
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    """A clerk closes a repeat application's case into the same person's earlier case."""
    case = selectors.case_for(request.user, pk)
    if not allowed(request.user, "cases.merge", case):
        raise PermissionDenied
    targets = selectors.merge_targets(request.user, case)
    form = MergeForm(request.POST or None, targets=targets, initial={"version": case.version})
    if request.method == "POST":
        done = run_form_step(
            request,
            form,
            lambda d: actions.merge(
                case,
                into=next(t for t in targets if t.pk == int(d["into"])),
                reason=d["reason"],
                actor=staff_actor(request),
                expected_version=d["version"],
            ),
            _("The case is merged into the earlier case."),
            (actions.WorkflowError,),
        )
        if done:
            return redirect("cases:case", pk=case.pk)
    record(
        staff_actor(request),
        "case.merge_viewed",
        case,
        shown=[case.pk, *(t.pk for t in targets)],
    )
    return render(
        request,
        "cases/merge.html",
        {"case": case, "application": case.application, "targets": targets, "form": form},
    )


def _step(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    do: Callable[[Case, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Validate the step's form, run its action, and come back to the case with the outcome."""
    case = selectors.case_for(request.user, pk)
    form = form_class(request.POST, request.FILES)
    run_form_step(request, form, lambda data: do(case, data), done, (actions.WorkflowError,))
    return redirect("cases:case", pk=case.pk)


@staff_view(VIEW)
@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        MoveForm,
        lambda case, d: actions.move(
            case,
            d["transition"],
            actor=staff_actor(request),
            expected_version=d["version"],
            reason=d["reason"],
        ),
        _("The case was moved."),
    )


@staff_view(VIEW)
@require_POST
def hold(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        HoldForm,
        lambda case, d: actions.put_on_hold(
            case,
            until=d["until"],
            reason=d["reason"],
            actor=staff_actor(request),
            expected_version=d["version"],
        ),
        _("The case is on hold."),
    )


@staff_view(VIEW)
@require_POST
def schedule_interview(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        ScheduleInterviewForm,
        lambda case, d: actions.schedule_interview(
            case,
            scheduled_for=d["scheduled_for"],
            place=d["place"],
            interviewer=d["interviewer"],
            actor=staff_actor(request),
            expected_version=d["version"],
        ),
        _("The interview is scheduled."),
    )


@staff_view(VIEW)
@require_POST
def record_interview(request: HttpRequest, pk: int, interview_pk: int) -> HttpResponse:
    def do(case: Case, d: dict[str, Any]) -> object:
        interview = selectors.interviews_visible(request.user, case).filter(pk=interview_pk).first()
        if interview is None:
            raise NotVisible(Interview, interview_pk)
        return actions.record_interview(
            interview,
            motivation=d["motivation"],
            consistency=d["consistency"],
            fitness=d["fitness"],
            notes=d["notes"],
            actor=staff_actor(request),
            expected_version=d["version"],
        )

    return _step(request, pk, InterviewFindingsForm, do, _("The interview is recorded."))


@staff_view(VIEW)
@require_POST
def record_check(request: HttpRequest, pk: int, service: str) -> HttpResponse:
    if service not in Service.values:
        raise Http404

    def do(case: Case, d: dict[str, Any]) -> object:
        evidence = [(d["evidence"], d["evidence_description"])] if d.get("evidence") else []
        return actions.record_check(
            case,
            service=Service(service),
            findings=d["findings"],
            result=d["result"],
            evidence=evidence,
            actor=staff_actor(request),
            expected_version=d["version"],
        )

    return _step(request, pk, CheckForm, do, _("The check is recorded."))


@staff_view(VIEW)
@require_POST
def assess_claim(request: HttpRequest, pk: int, claim_pk: int, service: str) -> HttpResponse:
    if service not in Service.values:
        raise Http404

    def do(case: Case, d: dict[str, Any]) -> object:
        claim = case.claims.filter(pk=claim_pk).first()
        if claim is None:
            raise NotVisible(Claim, claim_pk)
        return actions.assess_claim(
            claim,
            service=Service(service),
            status=d["status"],
            evidence_note=d["evidence_note"],
            actor=staff_actor(request),
        )

    return _step(request, pk, ClaimAssessmentForm, do, _("The claim is marked."))


@staff_view(VIEW)
@require_POST
def assign_polygraph(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        AssignPolygraphForm,
        lambda case, d: actions.assign_polygraph(
            case,
            number=d["number"],
            examiner=d["examiner"],
            scheduled_for=d["scheduled_for"],
            actor=staff_actor(request),
            expected_version=d["version"],
        ),
        _("The session is assigned."),
    )


@staff_view(VIEW)
@require_POST
def record_polygraph(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    def do(case: Case, d: dict[str, Any]) -> object:
        session = case.polygraph_sessions.filter(pk=session_pk).first()
        if session is None:
            raise NotVisible(PolygraphSession, session_pk)
        return actions.record_polygraph(
            session,
            result=d["result"],
            notes=d["notes"],
            actor=staff_actor(request),
            expected_version=d["version"],
        )

    return _step(request, pk, PolygraphResultForm, do, _("The session is recorded."))


@staff_view(VIEW)
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        DecisionForm,
        lambda case, d: actions.decide(
            case,
            outcome=d["outcome"],
            reason_code=d["reason_code"],
            note=d["note"],
            actor=staff_actor(request),
            expected_version=d["version"],
        ),
        _("The decision is recorded."),
    )


@staff_view(VIEW)
@require_POST
def approve(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    def do(case: Case, d: dict[str, Any]) -> object:
        decision = selectors.decisions_for(request.user, case).filter(pk=decision_pk).first()
        if decision is None:
            raise NotVisible(Decision, decision_pk)
        return actions.approve(decision, actor=staff_actor(request), expected_version=d["version"])

    return _step(request, pk, ApproveForm, do, _("The acceptance is approved."))


@staff_view(VIEW)
@require_POST
def refuse_acceptance(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    def do(case: Case, d: dict[str, Any]) -> object:
        decision = selectors.decisions_for(request.user, case).filter(pk=decision_pk).first()
        if decision is None:
            raise NotVisible(Decision, decision_pk)
        return actions.refuse_acceptance(
            decision, reason=d["reason"], actor=staff_actor(request), expected_version=d["version"]
        )

    return _step(
        request,
        pk,
        RefuseAcceptanceForm,
        do,
        _("The acceptance is refused; the case is back with a commander."),
    )


@staff_view(VIEW)
def evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    case = selectors.case_for(request.user, pk)
    checks = selectors.checks_visible(request.user, case)
    item = Evidence.objects.filter(pk=evidence_pk, check_record__in=checks).first()
    if item is None:
        raise NotVisible(Evidence, evidence_pk)
    record(staff_actor(request), "case.evidence_viewed", case, evidence=item.pk)
    return FileResponse(item.file.open("rb"), filename=f"{case.reference}-evidence-{item.pk}")
