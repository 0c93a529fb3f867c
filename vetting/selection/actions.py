"""Every change to a field visit: planning it, booking its interviews, exporting its packet and
importing the results recorded offline. Interviews are booked and recorded through the cases
actions, so the workflow and its audit apply to them as to any interview."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vetting.audit.actions import Actor, record
from vetting.cases import actions as cases
from vetting.cases.models import Case
from vetting.intake.models import place_index
from vetting.places.models import Place, PlaceKind
from vetting.places.selectors import key_of
from vetting.policy import timing
from vetting.policy.authority import NotAllowed, authorize
from vetting.policy.roles import Role, roles_of
from vetting.policy.workflow import Stage
from vetting.selection import packet, selectors
from vetting.selection.models import FieldVisit, InterviewSlot, OfflineResult, PacketExport

MAX_VISIT_DAYS = 14


class VisitError(ValueError):
    """A change to a visit that is not possible; the message says why."""


def place_old_visits(mapped: Mapping[str, int]) -> None:
    """Places' mapping hook: a visit planned before places were a list, to a site written with
    a spelling now mapped ({spelling key: place id}), gets that place."""
    for visit in FieldVisit.objects.filter(place_index="").only("pk", "site"):
        if (place := mapped.get(key_of(visit.site))) is not None:
            FieldVisit.objects.filter(pk=visit.pk).update(place_index=place_index(place))


def plan_visit(
    *,
    place: Place,
    starts_on: date,
    ends_on: date,
    commander: Any,
    interviewers: Sequence[Any],
    actor: Actor,
) -> FieldVisit:
    """A visit to one site from the list of places on some days, with the commander and
    interviewers who travel; its candidates are everyone held there, whatever they wrote."""
    authorize(actor, "selection.plan_visit")
    if Role.COMMANDER not in roles_of(commander):
        raise VisitError(_("The visit's commander must hold the commander role."))
    if not interviewers or any(Role.INTERVIEWER not in roles_of(u) for u in interviewers):
        raise VisitError(_("Choose at least one interviewer; each must hold the role."))
    if ends_on < starts_on or (ends_on - starts_on).days >= MAX_VISIT_DAYS:
        raise VisitError(
            _("A visit lasts from one to %(days)d days, ending after it starts.")
            % {"days": MAX_VISIT_DAYS}
        )
    timing.not_in_the_past(starts_on, "starts_on")
    if place.kind != PlaceKind.DETENTION_SITE:
        raise VisitError(_("A visit goes to a detention site."))
    with transaction.atomic():
        visit = FieldVisit.objects.create(
            site=place.name(),
            place_index=place_index(place),
            starts_on=starts_on,
            ends_on=ends_on,
            commander=commander,
            planned_by=actor.user,
            planned_at=timezone.now(),
        )
        visit.interviewers.set(interviewers)
        record(
            actor,
            "selection.visit_planned",
            visit,
            days=(ends_on - starts_on).days + 1,
            commander=commander.pk,
            interviewers=sorted(u.pk for u in interviewers),
        )
    return visit


@dataclass
class Booking:
    booked: list[InterviewSlot] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (case reference, why)


def book_interviews(visit: FieldVisit, case_ids: Sequence[int], *, actor: Actor) -> Booking:
    """Book the next free slots for these cases, in the order given. A received case is taken
    into triage and every booked case sent to interview, by the same officer, through the
    workflow: a role or a stage it does not allow refuses that case and books the others."""
    authorize(actor, "selection.book_interviews", visit)
    outcome = Booking()
    free = selectors.free_slots(visit)
    for case_id in case_ids:
        case = (
            Case.objects.filter(application__place_index=visit.place_index, pk=case_id).first()
            if visit.place_index
            else None
        )
        reference = case.reference if case else f"C-{case_id:07d}"
        if case is None:
            outcome.refused.append((reference, _("Not a case held at this site.")))
            continue
        if not free:
            outcome.refused.append((reference, _("No free interview slot is left on this visit.")))
            continue
        starts_at, interviewer = free[0]
        try:
            with transaction.atomic():
                if InterviewSlot.objects.filter(visit=visit, case=case).exists():
                    raise cases.WorkflowError(_("Already booked on this visit."))
                if case.stage == Stage.RECEIVED:
                    case = cases.move(
                        case, "start_triage", actor=actor, expected_version=case.version
                    )
                interview = cases.schedule_interview(
                    case,
                    scheduled_for=starts_at,
                    place=visit.site_name,
                    interviewer=interviewer,
                    actor=actor,
                    expected_version=case.version,
                )
                case = Case.objects.get(pk=case.pk)
                if case.stage == Stage.TRIAGE:
                    cases.move(case, "to_interview", actor=actor, expected_version=case.version)
                slot = InterviewSlot.objects.create(
                    visit=visit, case=case, interview=interview, starts_at=starts_at
                )
                record(actor, "selection.slot_booked", visit, case=case.pk, slot=slot.pk)
        except (cases.WorkflowError, NotAllowed, timing.Untimely) as exc:
            outcome.refused.append((reference, str(exc)))
            continue
        free.pop(0)
        outcome.booked.append(slot)
    return outcome


def export_packet(visit: FieldVisit, *, key: str, actor: Actor) -> bytes:
    """The visit's packet, sealed with `key` (which the server does not keep)."""
    authorize(actor, "selection.export_packet", visit)
    fernet_key = key.strip()
    packet.unseal(packet.seal({}, fernet_key), fernet_key)  # a usable key, or PacketError
    slots = list(
        visit.slots.select_related("case__application", "interview__interviewer").filter(
            interview__recorded_at__isnull=True
        )
    )
    contents = packet.Packet(
        packet_id=packet.new_id(),
        visit=visit.pk,
        site=visit.site_name,
        starts_on=visit.starts_on.isoformat(),
        ends_on=visit.ends_on.isoformat(),
        candidates=tuple(
            packet.Candidate(
                slot=s.pk,
                case=s.case.reference,
                name=s.case.application.name_cyrillic,
                name_latin=s.case.application.name_latin,
                birth_date=(
                    s.case.application.birth_date.isoformat()
                    if s.case.application.birth_date
                    else ""
                ),
                status=s.case.application.applicant_status,
                rank=s.case.application.rank,
                unit=s.case.application.unit,
                language=s.case.application.language,
                starts_at=packet.stamp(timezone.localtime(s.starts_at)),
                interviewer=s.interview.interviewer.get_username(),
            )
            for s in slots
        ),
    )
    with transaction.atomic():
        PacketExport.objects.create(
            visit=visit,
            packet_id=contents.packet_id,
            key_fingerprint=packet.fingerprint(fernet_key),
            exported_by=actor.user,
            exported_at=timezone.now(),
            slots=len(slots),
        )
        record(
            actor,
            "selection.packet_exported",
            visit,
            packet=contents.packet_id,
            slots=len(slots),
        )
    return packet.seal(contents.payload(), fernet_key)


@dataclass
class Import:
    recorded: int = 0
    already: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)  # (slot, why)


def import_results(visit: FieldVisit, data: bytes, *, key: str, actor: Actor) -> Import:
    """Record the interviews held offline, through the cases actions, as the interviewer who
    imports them: only the interviewer who held a slot brings its result in, and only once
    the slot's time has come.

    Refuses a file that was altered, sealed with another key or made for another visit or
    packet; a result already imported is counted, not recorded again.
    """
    authorize(actor, "selection.import_results", visit)
    results = packet.read_results(data, key)  # authentic under this key, or refused
    export = visit.exports.filter(
        packet_id=results.packet_id, key_fingerprint=packet.fingerprint(key)
    ).first()
    if export is None or results.visit != visit.pk:
        raise packet.PacketError(_("These results were made for another packet or visit."))
    outcome = Import()
    for row in results.rows:
        if OfflineResult.objects.filter(result_id=row.result_id).exists():
            outcome.already += 1
            continue
        slot = (
            visit.slots.select_related("interview__interviewer", "case").filter(pk=row.slot).first()
        )
        if slot is None:
            outcome.refused.append((row.slot, _("No such slot on this visit.")))
            continue
        if slot.interview.interviewer_id != actor.user_id:
            outcome.refused.append(
                (
                    row.slot,
                    _("Slot %(slot)d is %(interviewer)s's: only they import its result.")
                    % {"slot": slot.pk, "interviewer": slot.interview.interviewer.get_username()},
                )
            )
            continue
        try:
            timing.interview_held(slot.starts_at)
        except timing.Untimely as exc:
            outcome.refused.append((row.slot, str(exc)))
            continue
        try:
            with transaction.atomic():
                case = Case.objects.get(pk=slot.case_id)
                current = slot.interview
                while hasattr(current, "superseded_by") and current.superseded_by_id:
                    current = current.superseded_by  # type: ignore[assignment]
                interview = cases.record_interview(
                    current,
                    motivation=row.motivation,
                    consistency=row.consistency,
                    fitness=row.fitness,
                    notes=row.notes,
                    actor=actor,
                    expected_version=case.version,
                    from_visit=visit.reference,
                )
                OfflineResult.objects.create(
                    result_id=row.result_id,
                    export=export,
                    slot=slot,
                    interview=interview,
                    imported_by=actor.user,
                    imported_at=timezone.now(),
                )
        except (cases.WorkflowError, NotAllowed, timing.Untimely) as exc:
            outcome.refused.append((row.slot, str(exc)))
            continue
        outcome.recorded += 1
    record(
        actor,
        "selection.results_imported",
        visit,
        packet=export.packet_id,
        recorded=outcome.recorded,
        already=outcome.already,
        refused=len(outcome.refused),
    )
    return outcome
