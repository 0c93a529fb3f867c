"""The bridge from stored rows to the matching library: records, and the in-memory indexes a
worker keeps (rebuilt only when a watchlist version changes)."""

import hashlib
import threading
from dataclasses import dataclass

from django.db.models import QuerySet

from vetting.intake.models import Application
from vetting.matching import DEFAULT_THRESHOLD, Index, Person, Record, normalize, score
from vetting.screening.models import WatchlistEntry, WatchlistVersion

# Applications added since the duplicate index was built go into a small second index, rebuilt
# every RECENT_BATCH of them (the last few are compared one by one); past REBUILD_AFTER, the
# main index is rebuilt. A worker thus never re-reads or re-scores thousands of applications
# per screening while applications keep arriving.
REBUILD_AFTER = 20000
RECENT_BATCH = 256
# Ids at most this far below the newest one when an index was built are checked again later:
# their transaction may have committed after the build (ids are handed out before commit).
LATE_WINDOW = 1000


def application_record(application: Application) -> Record:
    """An application as the matcher sees it: both written forms of the name."""
    names = [n for n in (application.name_cyrillic, application.name_latin) if n]
    return Record(
        id=str(application.pk),
        name=names[0],
        birth_date=application.birth_date.isoformat() if application.birth_date else "",
        place_of_birth=application.place_of_birth,
        unit=application.unit,
        service_number=application.service_number,
        aliases=tuple(names[1:]),
    )


def entry_record(entry: WatchlistEntry) -> Record:
    return Record(
        id=str(entry.pk),
        name=entry.name,
        birth_date=entry.birth_date,
        gender=entry.gender,
        place_of_birth=entry.place_of_birth,
        unit=entry.unit,
        service_number=entry.service_number,
        aliases=tuple(entry.aliases),
    )


def current_fingerprint() -> str:
    """Which watchlist versions are current, as one string: equal strings, same lists."""
    ids = sorted(WatchlistVersion.objects.filter(is_current=True).values_list("pk", flat=True))
    return hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()


@dataclass(frozen=True)
class WatchlistIndex:
    fingerprint: str
    index: Index


_lock = threading.Lock()
_watchlists: WatchlistIndex | None = None


@dataclass
class _ApplicationIndexes:
    built_upto: int
    main: Index
    recent: list[Person]
    recent_ids: set[int]  # every id in `recent`, and the main index's ids in the late window
    recent_index: Index | None = None
    recent_indexed: int = 0


_applications: _ApplicationIndexes | None = None


def watchlist_index() -> WatchlistIndex:
    """The index over every current watchlist entry, built once per version change."""
    global _watchlists
    fingerprint = current_fingerprint()
    with _lock:
        if _watchlists is None or _watchlists.fingerprint != fingerprint:
            entries = WatchlistEntry.objects.filter(version__is_current=True).iterator(2000)
            _watchlists = WatchlistIndex(
                fingerprint, Index.build(normalize(entry_record(e)) for e in entries)
            )
        return _watchlists


def _application_people(queryset: QuerySet[Application]) -> list[Person]:
    return [normalize(application_record(a)) for a in queryset.iterator(2000)]


def _application_indexes() -> _ApplicationIndexes:
    """The worker's indexes over every committed application, brought up to date."""
    global _applications
    newest = Application.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    state = _applications
    if state is None or newest - state.built_upto > REBUILD_AFTER:
        people = _application_people(Application.objects.filter(pk__lte=newest))
        window = {int(p.id) for p in people if int(p.id) > newest - LATE_WINDOW}
        state = _applications = _ApplicationIndexes(newest, Index.build(people), [], window)
    # Ids, not "above the last one read": an application committed late, with a lower id
    # than others already read, is still found.
    since = set(
        Application.objects.filter(pk__gt=state.built_upto - LATE_WINDOW).values_list(
            "pk", flat=True
        )
    )
    if missing := since - state.recent_ids:
        people = _application_people(Application.objects.filter(pk__in=sorted(missing)))
        state.recent.extend(people)
        state.recent_ids.update(int(p.id) for p in people)
    if len(state.recent) - state.recent_indexed >= RECENT_BATCH:
        state.recent_index = Index.build(state.recent)
        state.recent_indexed = len(state.recent)
    return state


def earlier_applications_like(
    application: Application, limit: int = 5
) -> list[tuple[int, float, str]]:
    """Earlier applications that likely are the same person: (id, score, explanation)."""
    with _lock:
        state = _application_indexes()
        indexes = [state.main, state.recent_index] if state.recent_index else [state.main]
        unindexed = state.recent[state.recent_indexed :]
    person = normalize(application_record(application))
    found: dict[int, tuple[float, str]] = {}
    for index in indexes:
        for hit in index.query(person, limit=limit + 1):
            other_id = int(hit.person.id)
            if other_id < application.pk:
                found[other_id] = (hit.match.score, hit.match.explanation)
    for other in unindexed:
        if int(other.id) < application.pk:
            match = score(person, other)
            if match.score >= DEFAULT_THRESHOLD:
                found[int(other.id)] = (match.score, match.explanation)
    ranked = sorted(found.items(), key=lambda item: -item[1][0])[:limit]
    return [(pk, s, why) for pk, (s, why) in ranked]


def forget_indexes() -> None:
    """Drop the cached indexes (tests, and after a restore)."""
    global _watchlists, _applications
    with _lock:
        _watchlists = None
        _applications = None
