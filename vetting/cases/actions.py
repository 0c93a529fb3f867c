"""Every change to a vetting case. Each action asks the policy (`vetting.policy`) whether the
actor may take it on this case at its stage, refuses a stale version (optimistic locking),
records who, when and why, and writes its audit entry in the same transaction."""

import random
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vetting.audit.actions import Actor, record
from vetting.bulk import insert_many
from vetting.cases.models import (
    BackgroundCheck,
    Case,
    Claim,
    ClaimAssessment,
    ClaimKind,
    ClaimStatus,
    Decision,
    Evidence,
    Interview,
    Outcome,
    PolygraphSession,
    Service,
    StageChange,
)
from vetting.intake.models import ApplicantStatus, Application
from vetting.policy import timing, workflow
from vetting.policy.authority import authorize
from vetting.policy.roles import Role, roles_of
from vetting.policy.workflow import Stage
from vetting.screening.tasks import request_mention_reading

AcceptanceHook = Callable[[Case, Actor, "random.Random | None"], object]
# What else happens, inside the approval's transaction, when an acceptance takes effect. The
# units app registers the volunteer's enlistment (with a call sign) here when it is ready, so
# the workflow does not depend on the apps that follow it.
ACCEPTANCE_HOOKS: list[AcceptanceHook] = []


def on_acceptance(hook: AcceptanceHook) -> AcceptanceHook:
    """Run `hook(case, actor, rng)` whenever a case's acceptance takes effect (once each)."""
    if hook not in ACCEPTANCE_HOOKS:
        ACCEPTANCE_HOOKS.append(hook)
    return hook


class WorkflowError(ValueError):
    """A change the workflow or the actor's role does not allow; the message says why."""


class StaleCase(WorkflowError):
    """Someone else changed the case after this form was opened."""


def _lock(case: Case, expected_version: int) -> Case:
    """The case row, locked, after checking nobody changed it since `expected_version`."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.version != expected_version:
        raise StaleCase(
            _(
                "Someone else changed this case while you were working on it. Your change was "
                "not saved: reload the case, check what changed and try again."
            )
        )
    locked.version += 1
    return locked


def _enter(
    case: Case,
    transition: workflow.Transition,
    actor: Actor,
    reason: str = "",
    stage: Stage | None = None,
) -> None:
    """Record the declared `transition` into its target (or `stage`, for a resume)."""
    stage = stage or transition.target
    assert stage is not None
    now = timezone.now()
    StageChange.objects.create(
        case=case,
        from_stage=case.stage,
        to_stage=stage,
        transition=transition.name,
        actor=actor.user if actor.user_id else None,
        at=now,
        entered_at=case.stage_since,
        reason=reason,
    )
    record(actor, "case.moved", case, transition=transition.name, stage=str(stage))
    case.stage = stage
    case.stage_since = now


def _claims_from(application: Application) -> list[tuple[str, str]]:
    """What an application states about the applicant, as claims to verify."""
    born = application.birth_date.isoformat() if application.birth_date else "?"
    claims = [(ClaimKind.IDENTITY, f"{application.display_name}, {born}")]
    if application.rank:
        claims.append((ClaimKind.RANK, application.rank))
    if application.unit:
        claims.append((ClaimKind.UNIT, application.unit))
    if application.service_number:
        claims.append((ClaimKind.SERVICE_NUMBER, application.service_number))
    if application.applicant_status == ApplicantStatus.PRISONER_OF_WAR:
        claims.append((ClaimKind.CAPTURE, application.detention_site))
    return [(kind, text[:500]) for kind, text in claims]


def open_cases(applications: Sequence[Application], *, actor: Actor) -> dict[int, int]:
    """Open a case, with the application's claims, for each stored application that has none.

    Returns {application id: case id} for the cases opened. Opening a case is part of receiving
    the application: the caller's "application.created" audit entry names the case.
    """
    authorize(actor, "cases.open_cases")
    now = timezone.now()
    with transaction.atomic():
        have = set(
            Case.objects.filter(application_id__in=[a.pk for a in applications]).values_list(
                "application_id", flat=True
            )
        )
        todo = [a for a in applications if a.pk not in have]
        # A case waits from the day its application was received, not from when it was opened.
        insert_many(
            [
                Case(application_id=a.pk, stage_since=min(a.submitted_at, now), opened_at=now)
                for a in todo
            ]
        )
        case_of = dict(
            Case.objects.filter(application_id__in=[a.pk for a in todo]).values_list(
                "application_id", "pk"
            )
        )
        insert_many(
            [
                Claim(case_id=case_of[a.pk], kind=kind, statement=text)
                for a in todo
                for kind, text in _claims_from(a)
            ]
        )
    return case_of


def open_arrived(applications: Sequence[Application], actor: Actor) -> dict[int, dict[str, int]]:
    """Intake's arrival hook: a case for each received application, named in its
    "application.created" entry."""
    return {pk: {"case": case} for pk, case in open_cases(applications, actor=actor).items()}


def withdraw_application_case(application: Application, actor: Actor) -> None:
    """Intake's withdrawal hook: the application's case leaves the workflow (refused, by
    NotAllowed, once it is decided)."""
    if (case := Case.objects.filter(application=application).first()) is not None:
        withdraw(case, actor=actor)


def move(
    case: Case, transition_name: str, *, actor: Actor, expected_version: int, reason: str = ""
) -> Case:
    """Make one declared transition, if the actor's role and the record allow it."""
    transition = workflow.BY_NAME.get(transition_name)
    if transition is None or transition.by != "cases.move":
        raise WorkflowError(_("Unknown step."))
    if transition.needs_reason and not reason.strip():
        raise WorkflowError(_("Say why: a reason is required for this step."))
    with transaction.atomic():
        locked = _lock(case, expected_version)
        authorize(actor, f"cases.move:{transition.name}", locked)
        if missing := workflow.unmet(transition, locked):
            raise WorkflowError(" ".join(missing))
        target = transition.target
        if target is None:  # resume
            target = Stage(locked.stage_before_hold)
            locked.stage_before_hold = ""
            locked.hold_until = None
        elif target == Stage.ON_HOLD:
            locked.stage_before_hold = locked.stage
        _enter(locked, transition, actor, reason.strip(), stage=target)
        locked.save()
    return locked


def put_on_hold(
    case: Case, *, until: date, reason: str, actor: Actor, expected_version: int
) -> Case:
    """Park a case with a reason and a date to look at it again."""
    authorize(actor, "cases.put_on_hold", case)
    held = move(case, "put_on_hold", actor=actor, expected_version=expected_version, reason=reason)
    Case.objects.filter(pk=held.pk).update(hold_until=until)
    held.hold_until = until
    return held


def schedule_interview(
    case: Case,
    *,
    scheduled_for: datetime,
    place: str,
    interviewer: Any,
    actor: Actor,
    expected_version: int,
) -> Interview:
    if Role.INTERVIEWER not in roles_of(interviewer):
        raise WorkflowError(_("The interviewer must hold the interviewer role."))
    timing.not_in_the_past(scheduled_for, "scheduled_for")
    with transaction.atomic():
        locked = _lock(case, expected_version)
        authorize(actor, "cases.schedule_interview", locked)
        interview = Interview.objects.create(
            case=locked, scheduled_for=scheduled_for, place=place, interviewer=interviewer
        )
        locked.save()
        record(actor, "case.interview_scheduled", locked, interview=interview.pk)
    return interview


def record_interview(
    interview: Interview,
    *,
    motivation: str,
    consistency: str,
    fitness: str,
    notes: str,
    actor: Actor,
    expected_version: int,
    from_visit: str = "",
) -> Interview:
    """The interviewer's findings. Recording again supersedes the earlier record, never edits it.

    `from_visit` names the field visit whose packet brought findings recorded offline."""
    with transaction.atomic():
        locked = _lock(interview.case, expected_version)
        current = Interview.objects.select_for_update().get(pk=interview.pk)
        authorize(actor, "cases.record_interview", current)
        timing.interview_held(current.scheduled_for)
        fields = {
            "motivation": motivation,
            "consistency": consistency,
            "fitness": fitness,
            "notes": notes,
            "recorded_at": timezone.now(),
            "recorded_by": actor.user,
            "recorded_from_visit": from_visit,
        }
        if current.recorded_at is None:
            Interview.objects.filter(pk=current.pk).update(**fields)
            result = Interview.objects.get(pk=current.pk)
        else:
            result = Interview.objects.create(
                case=locked,
                scheduled_for=current.scheduled_for,
                place=current.place,
                interviewer=current.interviewer,
                **fields,
            )
            Interview.objects.filter(pk=current.pk).update(superseded_by=result)
        locked.save()
        record(actor, "case.interview_recorded", locked, interview=result.pk)
        _read_names_in(locked)
    return result


def record_check(
    case: Case,
    *,
    service: Service,
    findings: str,
    result: str,
    evidence: Sequence[tuple[UploadedFile, str]] = (),
    actor: Actor,
    expected_version: int,
) -> BackgroundCheck:
    """One service's check; only an officer of that service records it."""
    with transaction.atomic():
        locked = _lock(case, expected_version)
        authorize(actor, "cases.record_check", locked, service=service)
        previous = (
            BackgroundCheck.objects.select_for_update()
            .filter(case=locked, service=service, superseded_by__isnull=True)
            .first()
        )
        check = BackgroundCheck.objects.create(
            case=locked,
            service=service,
            officer=actor.user,
            findings=findings,
            result=result,
            recorded_at=timezone.now(),
        )
        if previous is not None:
            BackgroundCheck.objects.filter(pk=previous.pk).update(superseded_by=check)
        for upload, description in evidence:
            item = Evidence(check_record=check, description=description[:300], added_by=actor.user)
            item.file_name = (upload.name or "")[:255]
            item.file.save(upload.name or "evidence", upload, save=False)
            item.save()
        locked.save()
        record(actor, "case.check_recorded", locked, service=str(service), check=check.pk)
        _read_names_in(locked)
    return check


def _read_names_in(case: Case) -> None:
    """Queue the reading of the people the case's new notes or findings name, after commit."""
    request_mention_reading([case.application_id])


def assess_claim(
    claim: Claim, *, service: Service, status: ClaimStatus, evidence_note: str, actor: Actor
) -> ClaimAssessment:
    """A service marks a claim corroborated, contradicted or unverified, with its evidence."""
    with transaction.atomic():
        authorize(actor, "cases.assess_claim", claim, service=service)
        assessment = ClaimAssessment.objects.create(
            claim=claim,
            service=service,
            status=status,
            evidence_note=evidence_note,
            assessed_by=actor.user,
            assessed_at=timezone.now(),
        )
        record(
            actor,
            "case.claim_assessed",
            claim.case,
            claim=claim.pk,
            service=str(service),
            status=str(status),
        )
    return assessment


def assign_polygraph(
    case: Case,
    *,
    number: int,
    examiner: Any,
    scheduled_for: datetime | None,
    actor: Actor,
    expected_version: int,
) -> PolygraphSession:
    """Give a session to an examiner; the two sessions always go to two different people."""
    if number not in (1, 2):
        raise WorkflowError(_("There are two sessions: 1 and 2."))
    if Role.POLYGRAPH_EXAMINER not in roles_of(examiner):
        raise WorkflowError(_("The examiner must hold the polygraph examiner role."))
    if scheduled_for is not None:
        timing.not_in_the_past(scheduled_for, "scheduled_for")
    with transaction.atomic():
        locked = _lock(case, expected_version)
        authorize(actor, "cases.assign_polygraph", locked)
        current = PolygraphSession.objects.filter(case=locked, superseded_by__isnull=True)
        if current.exclude(number=number).filter(examiner=examiner).exists():
            raise WorkflowError(_("The same examiner cannot hold both sessions."))
        if current.filter(number=number).exists():
            raise WorkflowError(_("This session is already assigned."))
        session = PolygraphSession.objects.create(
            case=locked, number=number, examiner=examiner, scheduled_for=scheduled_for
        )
        locked.save()
        record(actor, "case.polygraph_assigned", locked, session=session.pk, number=number)
    return session


def record_polygraph(
    session: PolygraphSession, *, result: str, notes: str, actor: Actor, expected_version: int
) -> PolygraphSession:
    with transaction.atomic():
        locked = _lock(session.case, expected_version)
        current = PolygraphSession.objects.select_for_update().get(pk=session.pk)
        authorize(actor, "cases.record_polygraph", current)
        if current.recorded_at is not None:
            raise WorkflowError(_("This session's result is already recorded."))
        timing.polygraph_held(current.scheduled_for)
        current.result, current.notes, current.recorded_at = result, notes, timezone.now()
        current.save(update_fields=["result", "notes", "recorded_at"])
        locked.save()
        record(actor, "case.polygraph_recorded", locked, session=current.pk)
    return current


def decide(
    case: Case,
    *,
    outcome: Outcome,
    reason_code: str,
    note: str,
    actor: Actor,
    expected_version: int,
) -> Decision:
    """A commander accepts or rejects. A rejection takes effect at once; an acceptance waits
    for a second commander's approval."""
    if not note.strip():
        raise WorkflowError(_("Say why: the decision needs a note."))
    if outcome == Outcome.REJECT and not reason_code:
        raise WorkflowError(_("A rejection needs a reason code."))
    with transaction.atomic():
        locked = _lock(case, expected_version)
        authorize(actor, "cases.decide", locked, outcome=str(outcome))
        if outcome == Outcome.ACCEPT:
            if locked.stage not in workflow.ACCEPT.sources:
                raise WorkflowError(_("A case is accepted only at the commander decision stage."))
            if missing := workflow.unmet(workflow.ACCEPT, locked):
                raise WorkflowError(" ".join(missing))
            if locked.decisions.filter(
                outcome=Outcome.ACCEPT, approved_by__isnull=True, refused_by__isnull=True
            ).exists():
                raise WorkflowError(_("An acceptance is already waiting for approval."))
        decision = Decision.objects.create(
            case=locked,
            outcome=outcome,
            reason_code=reason_code if outcome == Outcome.REJECT else "",
            note=note.strip(),
            decided_by=actor.user,
            decided_at=timezone.now(),
        )
        record(actor, "case.decided", locked, decision=decision.pk, outcome=str(outcome))
        if outcome == Outcome.REJECT:
            _enter(locked, workflow.REJECT, actor, note.strip())
        locked.save()
    return decision


def approve(
    decision: Decision,
    *,
    actor: Actor,
    expected_version: int,
    call_signs: random.Random | None = None,
) -> Decision:
    """The second commander's approval that makes an acceptance take effect (four eyes).

    What follows acceptance runs in the same transaction, through `ACCEPTANCE_HOOKS` (the
    units app makes the applicant a volunteer with a call sign; `call_signs` seeds the
    pseudonym in demo data)."""
    with transaction.atomic():
        locked = _lock(decision.case, expected_version)
        current = Decision.objects.select_for_update().get(pk=decision.pk)
        authorize(actor, "cases.approve", current)
        if (
            current.outcome != Outcome.ACCEPT
            or current.approved_by_id is not None
            or current.refused_by_id is not None
        ):
            raise WorkflowError(_("There is no acceptance waiting for approval."))
        current.approved_by, current.approved_at = actor.user, timezone.now()
        current.save(update_fields=["approved_by", "approved_at"])
        record(actor, "case.acceptance_approved", locked, decision=current.pk)
        _enter(locked, workflow.ACCEPT, actor, current.note)
        locked.save()
        for hook in ACCEPTANCE_HOOKS:
            hook(locked, actor, call_signs)
    return current


def refuse_acceptance(
    decision: Decision, *, reason: str, actor: Actor, expected_version: int
) -> Decision:
    """A second commander refuses an acceptance, with a reason: the case goes back to a
    commander for a new decision, and the refused acceptance stays on record."""
    reason = reason.strip()
    if not reason:
        raise WorkflowError(_("Say why: a reason is required for this step."))
    with transaction.atomic():
        locked = _lock(decision.case, expected_version)
        current = Decision.objects.select_for_update().get(pk=decision.pk)
        authorize(actor, "cases.refuse_acceptance", current)
        if (
            current.outcome != Outcome.ACCEPT
            or current.approved_by_id is not None
            or current.refused_by_id is not None
        ):
            raise WorkflowError(_("There is no acceptance waiting for approval."))
        current.refused_by, current.refused_at = actor.user, timezone.now()
        current.refusal_reason = reason
        current.save(update_fields=["refused_by", "refused_at", "refusal_reason"])
        record(actor, "case.acceptance_refused", locked, decision=current.pk)
        _enter(locked, workflow.BY_NAME["refuse_acceptance"], actor, reason)
        locked.save()
    return current


def withdraw(case: Case, *, actor: Actor) -> Case:
    """The applicant withdraws: possible from any stage before acceptance."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        authorize(actor, "cases.withdraw", locked)
        if locked.stage == Stage.WITHDRAWN:
            return locked
        locked.version += 1
        _enter(locked, workflow.WITHDRAW, actor, "withdrawn by the applicant")
        locked.save()
    return locked


def _same_person(case: Case) -> list[Case]:
    """The cases of the other applications linked to the same person as `case`'s."""
    identity = case.application.identity_id
    if identity is None:
        return []
    return list(
        Case.objects.select_related("application")
        .filter(application__identity_id=identity)
        .exclude(pk=case.pk)
        .order_by("application__submitted_at", "pk")
    )


def _earlier(case: Case, other: Case) -> bool:
    """Whether `other` was applied for before `case` (the older of one person's cases)."""
    mine = (case.application.submitted_at, case.pk)
    return (other.application.submitted_at, other.pk) < mine


def hold_same_person(application_ids: Sequence[int], *, actor: Actor) -> list[Case]:
    """Put on hold each open case among `application_ids` whose person already has an earlier
    case that is open or decided, with "same person as C-..." as the reason: one person is
    vetted once. Runs inside the linking action's transaction (screening.decide_duplicate)."""
    held = []
    for case in (
        Case.objects.select_for_update()
        .select_related("application")
        .filter(
            application_id__in=application_ids, stage__in=[str(s) for s in workflow.OPEN_STAGES]
        )
    ):
        earlier = [
            other
            for other in _same_person(case)
            if other.stage in workflow.LIVE_OR_DECIDED and _earlier(case, other)
        ]
        if not earlier:
            continue
        reason = _("Same person as %(case)s") % {"case": earlier[0].reference}
        case.stage_before_hold = case.stage
        case.hold_until = None
        case.version += 1
        _enter(case, workflow.BY_NAME["put_on_hold"], actor, reason)
        case.save()
        record(actor, "case.held_as_same_person", case, earlier=earlier[0].pk)
        held.append(case)
    return held


def merge(case: Case, *, into: Case, reason: str, actor: Actor, expected_version: int) -> Case:
    """Close a repeat application's case into the same person's earlier case.

    Nothing is deleted: both applications, both cases and their histories stay; the newer
    case ends in the stage "merged" and points at the earlier one, where the vetting goes on.
    """
    if not reason.strip():
        raise WorkflowError(_("Say why: a reason is required for this step."))
    with transaction.atomic():
        locked = _lock(case, expected_version)
        authorize(actor, "cases.merge", locked)
        target = Case.objects.select_for_update().select_related("application").get(pk=into.pk)
        identity = locked.application.identity_id
        if (
            target.pk == locked.pk
            or identity is None
            or (target.application.identity_id != identity)
        ):
            raise WorkflowError(
                _("Only a case of an application linked to the same person can take this one.")
            )
        if not _earlier(locked, target):
            raise WorkflowError(_("A case is merged into the same person's earlier case."))
        if target.stage not in workflow.LIVE_OR_DECIDED:
            raise WorkflowError(
                _("%(case)s was withdrawn or merged itself: it cannot take this case.")
                % {"case": target.reference}
            )
        locked.merged_into = target
        locked.hold_until = None
        _enter(locked, workflow.BY_NAME["merge"], actor, reason.strip())
        locked.save()
        record(actor, "case.merged", locked, into=target.pk)
        record(actor, "case.merged_in", target, merged=locked.pk)
    return locked
