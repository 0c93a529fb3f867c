"""Every change to volunteers and subdivisions, each with its audit entry in one transaction.
Audit entries name volunteers by id and call sign, never by name."""

import random
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vetting.audit.actions import Actor, record
from vetting.cases.models import Case
from vetting.policy import courses, timing
from vetting.policy.authority import authorize
from vetting.policy.roles import Role, roles_of
from vetting.units import callsigns, selectors
from vetting.units.models import (
    PARENT_ECHELON,
    Assignment,
    Briefing,
    CallSignChange,
    CallSignWord,
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
        language = callsigns.language_for(case.application.language)
        call_sign = callsigns.unique_call_sign(
            source, selectors.call_sign_taken, selectors.call_sign_words(language)
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
    specialty: courses.Specialty | str,
    starts_on: date,
    actor: Actor,
) -> Assignment:
    """Place a volunteer in a subdivision with a specialty, once the required courses are
    passed. A move is a new dated assignment; the earlier ones stay on record."""
    authorize(actor, "units.assign")
    with transaction.atomic():
        locked = _locked(volunteer)
        if missing := courses.missing_courses(specialty, selectors.passed_kinds(locked)):
            raise PersonnelError(
                _("Courses still to pass for this specialty: %(courses)s.")
                % {"courses": ", ".join(str(k.label) for k in missing)}
            )
        if selectors.current_status(locked) in selectors.GONE:
            raise PersonnelError(_("This volunteer is no longer in service."))
        assignment = Assignment.objects.create(
            volunteer=locked,
            subdivision=subdivision,
            specialty=courses.Specialty(specialty),
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
    volunteer: Volunteer,
    *,
    status: Status | str,
    on: date,
    note: str,
    actor: Actor,
    correction: bool = False,
) -> StatusEvent:
    """A dated change of deployment status (ready, deployed, wounded...), as the table of
    changes in `vetting.policy.timing` allows; a correction sets the record right, with its
    reason. A death waits for a second officer's approval before it stands."""
    authorize(actor, "units.record_status")
    if correction and not note.strip():
        raise PersonnelError(_("Say in the note why the record is corrected."))
    with transaction.atomic():
        locked = _locked(volunteer)
        before, after = selectors.statuses_around(locked, on)
        timing.status_change(
            before,
            status,
            after,
            on=on,
            correction=correction,
            pending_death=selectors.pending_death(locked) is not None,
        )
        pending = not timing.stands_at_once(status)
        event = StatusEvent.objects.create(
            volunteer=locked,
            status=Status(status),
            on=on,
            note=note.strip(),
            recorded_by=actor.user,
            recorded_at=timezone.now(),
            correction=correction,
            pending=pending,
        )
        record(
            actor,
            "volunteer.status",
            locked,
            call_sign=locked.call_sign,
            status=str(status),
            on=on,
            correction=correction,
            pending=pending,
        )
    return event


def approve_status(event: StatusEvent, *, actor: Actor) -> StatusEvent:
    """A second personnel officer's approval that makes a recorded death stand."""
    with transaction.atomic():
        locked = _locked(event.volunteer)
        current = StatusEvent.objects.select_for_update().get(pk=event.pk)
        authorize(actor, "units.approve_status", current)
        if not current.pending:
            raise PersonnelError(_("This status is not waiting for approval."))
        current.pending = False
        current.approved_by, current.approved_at = actor.user, timezone.now()
        current.save(update_fields=["pending", "approved_by", "approved_at"])
        record(
            actor,
            "volunteer.status_approved",
            locked,
            call_sign=locked.call_sign,
            status=current.status,
            event=current.pk,
        )
    return current


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


def change_call_sign(
    volunteer: Volunteer, *, call_sign: str, reason: str, actor: Actor
) -> CallSignChange:
    """Give a volunteer another call sign, with the reason; the old one stays in the history."""
    authorize(actor, "units.change_call_sign")
    new = " ".join(call_sign.split())
    if not new or len(new) > 40:
        raise PersonnelError(_("A call sign is one to forty characters."))
    if not reason.strip():
        raise PersonnelError(_("Say why the call sign changes: the reason is kept."))
    with transaction.atomic():
        locked = _locked(volunteer)
        if new == locked.call_sign:
            raise PersonnelError(_("This is already the volunteer's call sign."))
        if selectors.call_sign_taken(new, but=locked, any_case=True):
            raise PersonnelError(_("Another volunteer bears this call sign."))
        change = CallSignChange.objects.create(
            volunteer=locked,
            old=locked.call_sign,
            new=new,
            reason=reason.strip(),
            changed_by=actor.user,
            changed_at=timezone.now(),
        )
        old = locked.call_sign
        locked.call_sign = new
        locked.save(update_fields=["call_sign"])
        # Call signs are pseudonyms and may be on record; the reason stays sealed in its row.
        record(actor, "volunteer.call_sign_changed", locked, old=old, new=new, change=change.pk)
    volunteer.call_sign = new
    return change


def add_call_sign_word(word: str, *, language: str, actor: Actor) -> CallSignWord:
    """Add a word to the formation's list of call-sign words in a language."""
    authorize(actor, "units.add_call_sign_word")
    cleaned = " ".join(word.split())
    if language not in callsigns.LANGUAGES:
        raise PersonnelError(_("Call-sign words are kept in Ukrainian and Russian."))
    if not cleaned or len(cleaned) > 30 or any(c.isdigit() for c in cleaned):
        raise PersonnelError(_("A call-sign word is one to thirty letters, without digits."))
    with transaction.atomic():
        found = (
            CallSignWord.objects.select_for_update()
            .filter(language=language, word__iexact=cleaned)
            .first()
        )
        if found is not None and found.retired_at is None:
            raise PersonnelError(_("This word is already on the list."))
        if found is not None:
            found.retired_at = None
            found.save(update_fields=["retired_at"])
            entry = found
        else:
            entry = CallSignWord.objects.create(
                word=cleaned, language=language, added_by=actor.user, added_at=timezone.now()
            )
        record(actor, "units.call_sign_word_added", entry, word=cleaned, language=language)
    return entry


def retire_call_sign_word(entry: CallSignWord, *, actor: Actor) -> CallSignWord:
    """Draw no more call signs from this word; call signs already made of it stay."""
    authorize(actor, "units.retire_call_sign_word")
    with transaction.atomic():
        locked = CallSignWord.objects.select_for_update().get(pk=entry.pk)
        if locked.retired_at is None:
            locked.retired_at = timezone.now()
            locked.save(update_fields=["retired_at"])
            record(
                actor,
                "units.call_sign_word_retired",
                locked,
                word=locked.word,
                language=locked.language,
            )
    return locked
