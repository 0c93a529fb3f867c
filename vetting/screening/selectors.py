"""Reading screening results, restricted to the roles whose compartment they are in."""

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from vetting.intake.models import Application
from vetting.policy.access import NotVisible
from vetting.policy.workflow import Stage
from vetting.screening import engine
from vetting.screening.models import (
    DuplicateCandidate,
    MatchHold,
    Review,
    ScreeningHit,
    TextKind,
    TextReading,
    Watchlist,
    WatchlistVersion,
)


def reads_hits(user: Any) -> bool:
    """The watchlist hits' compartment: the security service, counter-intelligence and the
    auditor."""
    return bool(user.is_authenticated and user.has_perm("screening.view_screeninghit"))


def hits_for(user: Any) -> QuerySet[ScreeningHit]:
    """Watchlist hits: the security service, counter-intelligence and the auditor only."""
    if not reads_hits(user):
        return ScreeningHit.objects.none()
    return ScreeningHit.objects.select_related("entry", "watchlist", "decided_by", "application")


def hit_for(user: Any, pk: int) -> ScreeningHit:
    try:
        return hits_for(user).get(pk=pk)
    except ScreeningHit.DoesNotExist:
        raise NotVisible(ScreeningHit, pk) from None


def open_hits(user: Any) -> QuerySet[ScreeningHit]:
    """The hits waiting for an officer: first those on an accepted volunteer (a new watchlist
    version found someone already in the legion), then the oldest."""
    after_acceptance = ExpressionWrapper(
        Q(application__case__stage=Stage.ACCEPTED), output_field=BooleanField()
    )
    return (
        hits_for(user)
        .filter(status=Review.OPEN)
        .annotate(on_volunteer=after_acceptance, volunteer_id=F("application__case__volunteer"))
        .order_by("-on_volunteer", "found_at", "pk")
    )


HIT_SORTS = {"score": ("score", "pk"), "found": ("found_at", "pk")}


def filtered_hits(
    user: Any,
    *,
    watchlist: str = "",
    status: str = Review.OPEN,
    min_score: float | None = None,
    max_score: float | None = None,
    sort: str = "found",
) -> QuerySet[ScreeningHit]:
    """The hit queue as filtered: by watchlist, state ("" for every state) and score range,
    oldest first unless sorted by score (highest first with "-score")."""
    hits = hits_for(user)
    if watchlist.isdigit():
        hits = hits.filter(watchlist_id=int(watchlist))
    if status:
        hits = hits.filter(status=status)
    if min_score is not None:
        hits = hits.filter(score__gte=min_score)
    if max_score is not None:
        hits = hits.filter(score__lte=max_score)
    fields: tuple[str, ...] = HIT_SORTS.get(sort.lstrip("-"), HIT_SORTS["found"])
    if sort.startswith("-"):
        fields = tuple(f"-{f}" for f in fields)
    # A hit on an accepted volunteer (a new list version found someone already in the legion)
    # comes first whatever the order.
    after_acceptance = ExpressionWrapper(
        Q(application__case__stage=Stage.ACCEPTED), output_field=BooleanField()
    )
    return hits.annotate(
        on_volunteer=after_acceptance, volunteer_id=F("application__case__volunteer")
    ).order_by("-on_volunteer", *fields)


def repeat_pairs(user: Any) -> QuerySet[DuplicateCandidate]:
    """Likely repeat applications still to decide: open pairs, the likeliest first."""
    return (
        duplicates_for(user)
        .filter(status=Review.OPEN)
        .select_related("application", "earlier")
        .order_by("-score", "pk")
    )


def linked_identities(user: Any) -> QuerySet[Application]:
    """Applications an officer linked to one person with another, grouped by that person."""
    if not user.is_authenticated or not user.has_perm("screening.view_duplicatecandidate"):
        return Application.objects.none()
    shared = (
        Application.objects.filter(identity__isnull=False)
        .values("identity_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("identity_id")
    )
    return Application.objects.filter(identity_id__in=shared).order_by("identity_id", "pk")


def duplicates_for(user: Any) -> QuerySet[DuplicateCandidate]:
    """Likely repeat applications: intake (who merges) and the auditor."""
    if not user.is_authenticated or not user.has_perm("screening.view_duplicatecandidate"):
        return DuplicateCandidate.objects.none()
    return DuplicateCandidate.objects.select_related("earlier", "decided_by")


def duplicate_for(user: Any, pk: int) -> DuplicateCandidate:
    try:
        return duplicates_for(user).get(pk=pk)
    except DuplicateCandidate.DoesNotExist:
        raise NotVisible(DuplicateCandidate, pk) from None


def watchlists_for(user: Any) -> QuerySet[Watchlist]:
    if not user.is_authenticated or not user.has_perm("screening.view_watchlist"):
        return Watchlist.objects.none()
    return Watchlist.objects.all()


def current_versions(user: Any) -> QuerySet[WatchlistVersion]:
    return WatchlistVersion.objects.filter(
        watchlist__in=watchlists_for(user), is_current=True
    ).select_related("watchlist", "imported_by")


def linked_applications(application: Application) -> QuerySet[Application]:
    """Other applications an officer linked to the same person."""
    if application.identity_id is None:
        return Application.objects.none()
    return Application.objects.filter(identity_id=application.identity_id).exclude(
        pk=application.pk
    )


def pending_application_ids(limit: int | None = None) -> list[int]:
    """Applications never screened, or screened against lists that are no longer current."""
    fingerprint = engine.current_fingerprint()
    pending = (
        Application.objects.exclude(screening_state__fingerprint=fingerprint)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return list(pending[:limit] if limit else pending)


# Texts kept by the apps above screening that name people (cases: current interview notes and
# checks' findings), registered in their AppConfig.ready: each reader gets the readings done
# ({kind, source id}) and returns the applications with such a text not read yet.
UnreadTexts = Callable[[QuerySet[TextReading]], Iterable[int]]
TEXT_SOURCES: list[UnreadTexts] = []


def on_texts(source: UnreadTexts) -> UnreadTexts:
    """Let the sweep find the applications whose texts `source` knows and nobody read yet."""
    if source not in TEXT_SOURCES:
        TEXT_SOURCES.append(source)
    return source


def pending_mention_application_ids() -> list[int]:
    """Applications with a text not read for the people it names (a statement, or a text of a
    registered source), or read against lists no longer current."""
    fingerprint = engine.current_fingerprint()
    read = TextReading.objects.all()
    ids = set(
        Application.objects.exclude(statement="")
        .exclude(pk__in=read.filter(kind=TextKind.STATEMENT).values_list("source_id", flat=True))
        .values_list("pk", flat=True)
    )
    for source in TEXT_SOURCES:
        ids |= set(source(read))
    ids |= set(
        TextReading.objects.exclude(fingerprint=fingerprint).values_list(
            "application_id", flat=True
        )
    )
    return sorted(ids)


# --- What screening found, as part of the case ---


def standing_holds(case: Any) -> QuerySet[MatchHold]:
    """The holds confirmed matches put on a case and nobody has lifted yet."""
    return MatchHold.objects.filter(case=case, lifted_at__isnull=True).select_related(
        "hit__watchlist", "confirmed_by"
    )


def match_holds(case: Any) -> QuerySet[MatchHold]:
    """Every hold on a case, lifted or not, oldest first."""
    return MatchHold.objects.filter(case=case).select_related(
        "hit__watchlist", "confirmed_by", "lifted_by"
    )


def has_open_hit(case: Any) -> bool:
    """Whether a watchlist hit on the case's applicant waits for a service's review."""
    return ScreeningHit.objects.filter(
        application_id=case.application_id, status=Review.OPEN
    ).exists()


def confirmed_match(hold: MatchHold) -> str:
    """The hold in the commander's words: the list, who confirmed and when, nothing of the
    list's own data."""
    return _("Confirmed match on %(list)s, confirmed by %(officer)s on %(date)s.") % {
        "list": hold.hit.watchlist.name,
        "officer": hold.confirmed_by.get_username(),
        "date": timezone.localdate(hold.at).isoformat(),
    }


def match_refusal(case: Any) -> str | None:
    """Why an acceptance is refused while screening holds the case, or None."""
    hold = standing_holds(case).first()
    if hold is not None:
        return " ".join(
            [
                confirmed_match(hold),
                _("The case is on hold until the service that confirmed it lifts the hold."),
            ]
        )
    if has_open_hit(case):
        return _(
            "A watchlist hit on this applicant is waiting for the services' review: no "
            "acceptance until it is confirmed or dismissed."
        )
    return None


def hold_for(user: Any, pk: int) -> MatchHold:
    """A hold on a case, for those who read its hit; 404 alike for one that does not exist."""
    try:
        return MatchHold.objects.select_related("case").get(pk=pk, hit__in=hits_for(user))
    except MatchHold.DoesNotExist:
        raise NotVisible(MatchHold, pk) from None


def held_by_screening(case_ref: str = "pk", application_ref: str = "application_id") -> Q:
    """A filter on cases: a watchlist hit on the applicant waits for review, or a confirmed
    match holds the case (for ranking such cases last and flagging them)."""
    open_hit = ScreeningHit.objects.filter(
        application_id=OuterRef(application_ref), status=Review.OPEN
    )
    standing = MatchHold.objects.filter(case_id=OuterRef(case_ref), lifted_at__isnull=True)
    return Q(Exists(open_hit)) | Q(Exists(standing))


# --- What screening found on an accepted volunteer: raised on the personnel file ---


def raised_on_file(
    application_ref: str = "case__application_id", since_ref: str = "enlisted_at"
) -> Q:
    """A filter on volunteers whose personnel file screening raised for the services: a hit
    found since enlistment (a new watchlist version), or a confirmed match at any time."""
    hits = ScreeningHit.objects.filter(application_id=OuterRef(application_ref))
    since = hits.filter(found_at__gte=OuterRef(since_ref))
    return Q(Exists(since)) | Q(Exists(hits.filter(status=Review.CONFIRMED)))


def reads_raised_file(user: Any, volunteer: Any) -> bool:
    """Whether a reader of watchlist hits (the services) may open this volunteer's personnel
    file: only once screening raised it."""
    if not reads_hits(user):
        return False
    return type(volunteer).objects.filter(raised_on_file(), pk=volunteer.pk).exists()


def flagged_case_ids() -> set[int]:
    """The cases a confirmed match holds now (on an accepted volunteer: the flag on the
    personnel file). Few: each is a person some list names."""
    standing = MatchHold.objects.filter(lifted_at__isnull=True)
    return set(standing.values_list("case_id", flat=True))
