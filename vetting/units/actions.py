"""Every change to volunteers and subdivisions, each with its audit entry in one transaction.
Audit entries name volunteers by id and call sign, never by name."""

import random
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vetting.accounts.roles import Role, roles_of
from vetting.audit.actions import Actor, record
from vetting.cases.models import Case
from vetting.policy.authority import authorize
from vetting.training import rules
from vetting.training.selectors import passed_kinds
from vetting.units import callsigns, selectors
from vetting.units.models import (
    PARENT_ECHELON,
    Assignment,
    Briefing,
    Consent,
    Echelon,
    PublicMention,
    Status,
    StatusEvent,
    Subdivision,
    Volunteer,
)


class PersonnelError(ValueError):
    """A change the rules or the actor's role do not allow; the message says why."""


def _locked(volunteer: Volunteer) -> Volunteer:
    """The volunteer's row, locked, so two changes to one volunteer queue up."""
    return Volunteer.objects.select_for_update().get(pk=volunteer.pk)


def enlist(case: Case, actor: Actor, rng: random.Random | None = None) -> Volunteer:
    """Make the accepted applicant of `case` a volunteer with a fresh call sign, in training.

    Called by the acceptance itself (the second commander's approval), inside its transaction.
    `rng` makes call signs reproducible in demo data; otherwise they come from the system's
    random source.
    """
    authorize(actor, "units.enlist", case)
    source = rng or random.SystemRandom()
    with transaction.atomic():
        if Volunteer.objects.filter(case=case).exists():
            raise PersonnelError(_("This case already has its volunteer."))
        call_sign = callsigns.unique_call_sign(
            source, lambda c: Volunteer.objects.filter(call_sign=c).exists()
        )
        now = timezone.now()
        volunteer = Volunteer.objects.create(case=case, call_sign=call_sign, enlisted_at=now)
        StatusEvent.objects.create(
            volunteer=volunteer,
            status=Status.IN_TRAINING,
            on=timezone.localdate(now),
            recorded_by=actor.user if actor.user_id else None,
            recorded_at=now,
        )
        record(actor, "volunteer.enlisted", volunteer, case=case.pk, call_sign=call_sign)
    return volunteer


def create_subdivision(
    name: str, echelon: Echelon, parent: Subdivision | None, *, actor: Actor
) -> Subdivision:
    """A battalion at the top; a company under a battalion; a platoon under a company."""
    authorize(actor, "units.create_subdivision")
    expected = PARENT_ECHELON[Echelon(echelon)]
    if (parent.echelon if parent else None) != expected:
        raise PersonnelError(_("A subdivision of this echelon cannot sit there in the tree."))
    with transaction.atomic():
        unit = Subdivision.objects.create(name=name, echelon=echelon, parent=parent)
        record(
            actor, "subdivision.created", unit, echelon=str(echelon), parent=parent and parent.pk
        )
    return unit


def set_commanders(unit: Subdivision, commanders: Iterable[Any], *, actor: Actor) -> None:
    """Who commands a subdivision (and so sees its roster); they must hold the commander role."""
    authorize(actor, "units.set_commanders")
    people = list(commanders)
    if any(Role.COMMANDER not in roles_of(u) for u in people):
        raise PersonnelError(_("A subdivision's commander must hold the commander role."))
    with transaction.atomic():
        unit.commanders.set(people)
        record(actor, "subdivision.commanders_set", unit, commanders=[u.pk for u in people])


def assign(
    volunteer: Volunteer,
    *,
    subdivision: Subdivision,
    specialty: rules.Specialty | str,
    starts_on: date,
    actor: Actor,
) -> Assignment:
    """Place a volunteer in a subdivision with a specialty, once the required courses are
    passed. A move is a new dated assignment; the earlier ones stay on record."""
    authorize(actor, "units.assign")
    with transaction.atomic():
        locked = _locked(volunteer)
        if missing := rules.missing_courses(specialty, passed_kinds(locked)):
            raise PersonnelError(
                _("Courses still to pass for this specialty: %(courses)s.")
                % {"courses": ", ".join(str(k.label) for k in missing)}
            )
        if selectors.current_status(locked) in selectors.GONE:
            raise PersonnelError(_("This volunteer is no longer in service."))
        assignment = Assignment.objects.create(
            volunteer=locked,
            subdivision=subdivision,
            specialty=rules.Specialty(specialty),
            starts_on=starts_on,
            assigned_by=actor.user,
            recorded_at=timezone.now(),
        )
        record(
            actor,
            "volunteer.assigned",
            locked,
            call_sign=locked.call_sign,
            subdivision=subdivision.pk,
            specialty=str(specialty),
            starts_on=starts_on,
        )
    return assignment


def record_status(
    volunteer: Volunteer, *, status: Status | str, on: date, note: str, actor: Actor
) -> StatusEvent:
    """A dated change of deployment status (ready, deployed, wounded...)."""
    authorize(actor, "units.record_status")
    with transaction.atomic():
        locked = _locked(volunteer)
        event = StatusEvent.objects.create(
            volunteer=locked,
            status=Status(status),
            on=on,
            note=note.strip(),
            recorded_by=actor.user,
            recorded_at=timezone.now(),
        )
        record(
            actor, "volunteer.status", locked, call_sign=locked.call_sign, status=str(status), on=on
        )
    return event


def record_briefing(
    unit: Subdivision,
    *,
    held_on: date,
    subject: str,
    attendees: Iterable[Volunteer],
    actor: Actor,
) -> Briefing:
    """An operational briefing of a subdivision, recorded by one of its commanders."""
    authorize(actor, "units.record_briefing", unit)
    people = list(attendees)
    on_roster = {m.volunteer.pk for m in selectors.roster(unit)}
    if any(v.pk not in on_roster for v in people):
        raise PersonnelError(_("Attendees must be on this subdivision's roster."))
    with transaction.atomic():
        briefing = Briefing.objects.create(
            subdivision=unit,
            held_on=held_on,
            subject=subject.strip(),
            recorded_by=actor.user,
            recorded_at=timezone.now(),
        )
        briefing.attendees.set(people)
        record(
            actor,
            "subdivision.briefing",
            unit,
            briefing=briefing.pk,
            held_on=held_on,
            attendees=[v.pk for v in people],
        )
    return briefing


def record_consent(
    volunteer: Volunteer, *, given: bool, text: str, on: date, actor: Actor
) -> Consent:
    """The volunteer's consent to a public mention, or its withdrawal, as they stated it."""
    authorize(actor, "units.record_consent")
    if not text.strip():
        raise PersonnelError(_("Write down what the volunteer agreed to, in their words."))
    with transaction.atomic():
        locked = _locked(volunteer)
        consent = Consent.objects.create(
            volunteer=locked,
            given=given,
            text=text.strip(),
            on=on,
            recorded_by=actor.user,
            recorded_at=timezone.now(),
        )
        record(actor, "volunteer.consent", locked, consent=consent.pk, given=given)
    return consent




def propose_mention(
    volunteer: Volunteer, *, channel: str, text: str, actor: Actor
) -> PublicMention:
    """Propose a public mention; it needs the volunteer's standing consent, and is recorded
    only when a second officer approves."""
    authorize(actor, "units.propose_mention")
    with transaction.atomic():
        locked = _locked(volunteer)
        consent = selectors.standing_consent(locked)
        if consent is None:
            raise PersonnelError(_("The volunteer has not consented to a public mention."))
        mention = PublicMention.objects.create(
            volunteer=locked,
            consent=consent,
            channel=channel.strip(),
            text=text.strip(),
            proposed_by=actor.user,
            proposed_at=timezone.now(),
        )
        record(actor, "volunteer.mention_proposed", locked, mention=mention.pk)
    return mention


def approve_mention(mention: PublicMention, *, actor: Actor) -> PublicMention:
    """The second officer's approval; the consent must still stand."""
    with transaction.atomic():
        locked = _locked(mention.volunteer)
        current = PublicMention.objects.select_for_update().get(pk=mention.pk)
        authorize(actor, "units.approve_mention", current)
        if current.approved_by_id is not None:
            raise PersonnelError(_("This mention is already approved."))
        if selectors.standing_consent(locked) is None:
            raise PersonnelError(_("The volunteer's consent has been withdrawn."))
        current.approved_by, current.approved_at = actor.user, timezone.now()
        current.save(update_fields=["approved_by", "approved_at"])
        record(actor, "volunteer.mention_approved", locked, mention=current.pk)
    return current
