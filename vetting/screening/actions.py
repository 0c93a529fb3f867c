"""Every change in screening: importing a watchlist version, screening applications, and the
officers' decisions on hits and likely repeat applications. Each writes its audit entries in
the same transaction."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from vetting.audit.actions import Actor, Entry, record, record_many
from vetting.bulk import insert_many
from vetting.intake.models import Application, Identity
from vetting.matching import normalize
from vetting.matching.files import RowError, read_csv, read_jsonl
from vetting.policy.authority import authorize
from vetting.screening import engine
from vetting.screening.models import (
    DuplicateCandidate,
    Review,
    ScreeningHit,
    ScreeningState,
    Watchlist,
    WatchlistEntry,
    WatchlistVersion,
)


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
        from vetting.screening.tasks import request_sweep  # the tasks call these actions

        transaction.on_commit(request_sweep)
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






def decide_hit(hit: ScreeningHit, *, confirm: bool, reason: str, actor: Actor) -> ScreeningHit:
    """An officer confirms or dismisses a hit; the reason is required and audited."""
    reason = reason.strip()
    if not reason:
        raise DecisionError("A reason is required.")
    with transaction.atomic():
        locked = ScreeningHit.objects.select_for_update().get(pk=hit.pk)
        authorize(actor, "screening.decide_hit", locked)
        if locked.status != Review.OPEN:
            raise DecisionError("This hit was already decided.")
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
    return locked


def decide_duplicate(
    candidate: DuplicateCandidate, *, same_person: bool, reason: str, actor: Actor
) -> DuplicateCandidate:
    """Link two applications as one person (both kept as written), or dismiss the pair."""
    with transaction.atomic():
        locked = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
        authorize(actor, "screening.decide_duplicate", locked)
        if locked.status != Review.OPEN:
            raise DecisionError("This pair was already decided.")
        if same_person:
            _link(locked.application_id, locked.earlier_id, actor)
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


def _link(first_id: int, second_id: int, actor: Actor) -> None:
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
