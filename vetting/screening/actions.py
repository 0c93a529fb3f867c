"""Every change in screening: importing a watchlist version, screening applications, and the
officers' decisions on hits and likely repeat applications. Each writes its audit entries in
the same transaction."""

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from vetting.audit.actions import Actor, Entry, record, record_many
from vetting.bulk import insert_many
from vetting.intake.models import Application, Identity
from vetting.matching import normalize
from vetting.matching.files import RowError, read_csv, read_jsonl
from vetting.policy.authority import authorize
from vetting.policy.roles import roles_of
from vetting.policy.workflow import SERVICE_ROLE, Stage
from vetting.screening import engine, mentions
from vetting.screening.models import (
    DuplicateCandidate,
    MatchHold,
    Mention,
    MentionMatch,
    Review,
    ScreeningHit,
    ScreeningState,
    TextReading,
    Watchlist,
    WatchlistEntry,
    WatchlistVersion,
)


# What linking two applications as one person does to their vetting, registered by the cases
# app in its AppConfig.ready (a newer case is held for a clerk to merge: one person, one
# vetting), so screening does not import the workflow above it.
class SamePersonHook(Protocol):
    def __call__(self, application_ids: Sequence[int], *, actor: Actor) -> object: ...


SAME_PERSON_HOOKS: list[SamePersonHook] = []


def on_same_person(hook: SamePersonHook) -> SamePersonHook:
    """Run `hook(application_ids, actor=actor)` in the transaction that links applications as
    one person (once each)."""
    if hook not in SAME_PERSON_HOOKS:
        SAME_PERSON_HOOKS.append(hook)
    return hook


# What a new watchlist version sets going once it is committed: the screening app's ready()
# registers the sweep that screens everyone against it (the tasks call these actions, so the
# actions do not import the tasks).
VersionHook = Callable[[], object]
VERSION_HOOKS: list[VersionHook] = []


def on_watchlist_version(hook: VersionHook) -> VersionHook:
    """Run `hook()` after each commit that imports a watchlist version (once each)."""
    if hook not in VERSION_HOOKS:
        VERSION_HOOKS.append(hook)
    return hook


class DecisionError(ValueError):
    """A decision that cannot be taken as asked; the message says why."""


@dataclass
class WatchlistImport:
    version: WatchlistVersion | None
    errors: list[RowError] = field(default_factory=list)
    skipped: int = 0


def import_watchlist(
    lines: Iterable[str],
    *,
    watchlist_name: str,
    file_name: str,
    jsonl: bool,
    actor: Actor,
) -> WatchlistImport:
    """Store a file as the new current version of a watchlist, then re-screen everyone.

    Bad rows are reported by line and skipped. The previous version stays stored, no longer
    current, so every past hit still points at the entry it was found against.
    """
    authorize(actor, "screening.import_watchlist")
    hasher = hashlib.sha256()

    def hashed(source: Iterable[str]) -> Iterable[str]:
        for line in source:
            hasher.update(line.encode("utf-8", "surrogateescape"))
            yield line

    batch = read_jsonl(hashed(lines)) if jsonl else read_csv(hashed(lines))
    if not batch.records:
        return WatchlistImport(None, batch.errors, batch.skipped)
    with transaction.atomic():
        watchlist, _ = Watchlist.objects.get_or_create(name=watchlist_name)
        last = watchlist.versions.order_by("-number").first()
        WatchlistVersion.objects.filter(watchlist=watchlist, is_current=True).update(
            is_current=False
        )
        version = WatchlistVersion.objects.create(
            watchlist=watchlist,
            number=(last.number + 1) if last else 1,
            file_name=file_name[:255],
            file_sha256=hasher.hexdigest(),
            entry_count=len(batch.records),
            rows_refused=len(batch.errors),
            imported_by=actor.user,
            is_current=True,
        )
        insert_many(
            [
                WatchlistEntry(
                    version=version,
                    external_id=r.id[:200],
                    name=r.name[:300],
                    birth_date=r.birth_date[:10],
                    gender=r.gender[:20],
                    place_of_birth=r.place_of_birth[:200],
                    unit=r.unit[:200],
                    service_number=r.service_number[:50],
                    aliases=list(r.aliases),
                )
                for r in batch.records
            ]
        )
        record(
            actor,
            "watchlist.version_imported",
            version,
            watchlist=watchlist.pk,
            number=version.number,
            entries=version.entry_count,
            refused=version.rows_refused,
        )
        for hook in VERSION_HOOKS:
            transaction.on_commit(hook)
    return WatchlistImport(version, batch.errors, batch.skipped)


@dataclass(frozen=True)
class ScreeningOutcome:
    new_hits: int
    new_duplicates: int


def screen_application(application_id: int, actor: Actor) -> ScreeningOutcome:
    """Screen one application against every current watchlist and earlier applications.

    Idempotent: a hit or a candidate already found is left as it is (with its decision).
    """
    authorize(actor, "screening.screen_application")
    application = Application.objects.get(pk=application_id)
    watchlists = engine.watchlist_index()
    person = normalize(engine.application_record(application))
    hits = watchlists.index.query(person, limit=20)
    duplicates = engine.earlier_applications_like(application)
    with transaction.atomic():
        known_entries = set(
            ScreeningHit.objects.filter(application=application).values_list("entry_id", flat=True)
        )
        entries = WatchlistEntry.objects.select_related("version").in_bulk(
            [int(h.person.id) for h in hits]
        )
        new_hits = [
            ScreeningHit(
                application=application,
                entry_id=int(h.person.id),
                watchlist_id=entries[int(h.person.id)].version.watchlist_id,
                score=round(h.match.score, 4),
                explanation=h.match.explanation,
            )
            for h in hits
            if int(h.person.id) not in known_entries and int(h.person.id) in entries
        ]
        ScreeningHit.objects.bulk_create(new_hits)
        if new_hits:
            _raise_on_volunteer(application, new_hits, actor)
        known_earlier = set(
            DuplicateCandidate.objects.filter(application=application).values_list(
                "earlier_id", flat=True
            )
        )
        new_duplicates = [
            DuplicateCandidate(
                application=application, earlier_id=pk, score=round(s, 4), explanation=why
            )
            for pk, s, why in duplicates
            if pk not in known_earlier
        ]
        DuplicateCandidate.objects.bulk_create(new_duplicates)
        ScreeningState.objects.update_or_create(
            application=application,
            defaults={"fingerprint": watchlists.fingerprint, "screened_at": timezone.now()},
        )
        record(
            actor,
            "application.screened",
            application,
            new_hits=len(new_hits),
            new_duplicates=len(new_duplicates),
        )
    return ScreeningOutcome(len(new_hits), len(new_duplicates))


def requeue_abandoned_tasks(older_than: timedelta, actor: Actor) -> list[str]:
    """Put back in the queue the tasks a worker claimed and never finished.

    django-tasks-db leaves the task of a killed worker RUNNING for ever. Every task here is
    idempotent, so one requeued while a slow worker still runs it costs the work twice, no more.
    """
    authorize(actor, "screening.requeue_abandoned_tasks")
    cutoff = timezone.now() - older_than
    with transaction.atomic():
        abandoned = [
            str(pk)
            for pk in DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
            .values_list("pk", flat=True)
        ]
        if not abandoned:
            return []
        DBTaskResult.objects.filter(pk__in=abandoned).update(
            status=TaskResultStatus.READY, started_at=None
        )
        record(actor, "tasks.requeued", tasks=abandoned)
    return abandoned


def _volunteer_of(case: Any) -> Any:
    """The volunteer an accepted case made, or None (the units app holds volunteers)."""
    if case is None or case.stage != Stage.ACCEPTED:
        return None
    return getattr(case, "volunteer", None)


def _raise_on_volunteer(application: Application, hits: list[ScreeningHit], actor: Actor) -> None:
    """A hit found after acceptance (a new watchlist version) goes on the volunteer's personnel
    file, for the services (`selectors.raised_on_file`): an entry in the volunteer's history in
    their compartment; the hit queue puts it first."""
    volunteer = _volunteer_of(getattr(application, "case", None))
    if volunteer is None:
        return
    record(
        actor,
        "volunteer.screening_hit",
        volunteer,
        application=application.pk,
        hits=[h.entry_id for h in hits],
    )


def decide_hit(hit: ScreeningHit, *, confirm: bool, reason: str, actor: Actor) -> ScreeningHit:
    """An officer confirms or dismisses a hit; the reason is required and audited. A confirmed
    hit holds the applicant's case (no acceptance) until its service lifts the hold."""
    reason = reason.strip()
    if not reason:
        raise DecisionError(_("A reason is required."))
    with transaction.atomic():
        locked = ScreeningHit.objects.select_for_update().get(pk=hit.pk)
        authorize(actor, "screening.decide_hit", locked)
        if locked.status != Review.OPEN:
            raise DecisionError(_("This hit was already decided."))
        locked.status = Review.CONFIRMED if confirm else Review.DISMISSED
        locked.reason = reason
        locked.decided_by = actor.user
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        record(
            actor,
            "screening.hit_confirmed" if confirm else "screening.hit_dismissed",
            locked,
            application=locked.application_id,
        )
        case = getattr(locked.application, "case", None)
        if confirm and case is not None:
            service = next(s for s, role in SERVICE_ROLE.items() if role in roles_of(actor.user))
            hold = MatchHold.objects.create(
                hit=locked,
                case=case,
                service=service,
                confirmed_by=actor.user,
                at=locked.decided_at,
            )
            record(actor, "case.match_hold_placed", case, hold=hold.pk, hit=locked.pk)
            if volunteer := _volunteer_of(case):
                record(actor, "volunteer.match_flagged", volunteer, hold=hold.pk, hit=locked.pk)
    return locked


def lift_match_hold(hold: MatchHold, *, reason: str, actor: Actor) -> MatchHold:
    """The service that confirmed a match lifts the hold it put on the case, with a reason.
    The hit stays confirmed and the hold stays on record, lifted."""
    reason = reason.strip()
    if not reason:
        raise DecisionError(_("A reason is required."))
    with transaction.atomic():
        locked = MatchHold.objects.select_for_update().get(pk=hold.pk)
        authorize(actor, "screening.lift_match_hold", locked)
        if locked.lifted_at is not None:
            raise DecisionError(_("This hold was already lifted."))
        locked.lifted_by, locked.lifted_at, locked.lift_reason = actor.user, timezone.now(), reason
        locked.save(update_fields=["lifted_by", "lifted_at", "lift_reason"])
        record(actor, "case.match_hold_lifted", locked.case, hold=locked.pk, hit=locked.hit_id)
        if volunteer := _volunteer_of(locked.case):
            record(
                actor, "volunteer.match_flag_lifted", volunteer, hold=locked.pk, hit=locked.hit_id
            )
    return locked


def decide_duplicate(
    candidate: DuplicateCandidate, *, same_person: bool, reason: str, actor: Actor
) -> DuplicateCandidate:
    """Link two applications as one person (both kept as written), or dismiss the pair."""
    with transaction.atomic():
        locked = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
        authorize(actor, "screening.decide_duplicate", locked)
        if locked.status != Review.OPEN:
            raise DecisionError(_("This pair was already decided."))
        if same_person:
            linked = _link(locked.application_id, locked.earlier_id, actor)
            # One person, one vetting: a newer case waits for a clerk to merge it.
            for hook in SAME_PERSON_HOOKS:
                hook(linked, actor=actor)
        locked.status = Review.CONFIRMED if same_person else Review.DISMISSED
        locked.reason = reason.strip()
        locked.decided_by = actor.user
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        record(
            actor,
            "screening.duplicate_linked" if same_person else "screening.duplicate_dismissed",
            locked,
            application=locked.application_id,
            earlier=locked.earlier_id,
        )
    return locked


def _link(first_id: int, second_id: int, actor: Actor) -> list[int]:
    """Link two applications (and everyone already linked to either) as one person; returns
    the ids of all the person's applications."""
    applications = list(
        Application.objects.select_for_update().filter(pk__in=[first_id, second_id])
    )
    identities = {a.identity_id for a in applications if a.identity_id}
    if identities:
        keep = min(identities)
        # Everyone already linked to either identity joins the one kept.
        moved = Application.objects.filter(identity_id__in=identities)
    else:
        keep = Identity.objects.create(created_by=actor.user).pk
        moved = Application.objects.none()
    linked = list(moved.values_list("pk", flat=True)) + [first_id, second_id]
    Application.objects.filter(pk__in=linked).update(identity_id=keep)
    record_many(
        actor,
        [
            Entry("application.identity_linked", "intake.application", str(pk), {"identity": keep})
            for pk in sorted(set(linked))
        ],
    )
    return sorted(set(linked))


@dataclass(frozen=True)
class MentionsRead:
    texts: int  # texts read (again) now
    mentions: int
    matches: int


def read_mentions(application_id: int, actor: Actor, *, again: bool = False) -> MentionsRead:
    """Read the people named in an application's texts and link them to the watchlists and to
    other applications' texts.

    Each text is read once (`again` reads them all anew); the mentions are linked again when a
    watchlist version changed since. Extraction runs before the transaction: it is slow."""
    authorize(actor, "screening.read_mentions")
    application = Application.objects.select_related("case").get(pk=application_id)
    fingerprint = engine.current_fingerprint()
    texts = mentions.texts_of(application)
    known = {(r.kind, r.source_id): r for r in TextReading.objects.filter(application=application)}
    fresh = [t for t in texts if again or (t.kind, t.source_id) not in known]
    found = {(t.kind, t.source_id): mentions.extract(t) for t in fresh}
    with transaction.atomic():
        new: list[Mention] = []
        for text in fresh:
            old = known.get((text.kind, text.source_id))
            if old is not None:
                old.delete()  # its mentions and their links go with it
            reading = TextReading.objects.create(
                application=application,
                kind=text.kind,
                source_id=text.source_id,
                service=text.service,
                read_at=timezone.now(),
                fingerprint=fingerprint,
            )
            for mention in found[text.kind, text.source_id]:
                mention.reading, mention.application = reading, application
                mention.save()
                new.append(mention)
        stale = [
            r.pk for key, r in known.items() if r.fingerprint != fingerprint and key not in found
        ]
        relinked = list(Mention.objects.filter(reading__in=stale))
        MentionMatch.objects.filter(mention__in=relinked, entry__isnull=False).delete()
        TextReading.objects.filter(pk__in=stale).update(fingerprint=fingerprint)
        matches = mentions.links(new + relinked)
        # A link to another application's mention is kept once, from the newer mention.
        matches = [m for m in matches if m.entry_id is not None or m.mention in new]
        entries = WatchlistEntry.objects.select_related("version").in_bulk(
            [m.entry_id for m in matches if m.entry_id is not None]
        )
        for match in matches:
            if match.entry_id is not None:
                match.watchlist_id = entries[match.entry_id].version.watchlist_id
        MentionMatch.objects.bulk_create(matches)
        record(
            actor,
            "application.mentions_read",
            application,
            texts=len(fresh),
            mentions=len(new),
            matches=len(matches),
        )
    return MentionsRead(len(fresh), len(new), len(matches))
