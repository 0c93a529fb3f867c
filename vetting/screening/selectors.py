"""Reading screening results, restricted to the roles whose compartment they are in."""

from typing import Any

from django.db.models import QuerySet

from vetting.accounts.access import NotVisible
from vetting.intake.models import Application
from vetting.screening import engine
from vetting.screening.models import (
    DuplicateCandidate,
    Review,
    ScreeningHit,
    Watchlist,
    WatchlistVersion,
)


def hits_for(user: Any) -> QuerySet[ScreeningHit]:
    """Watchlist hits: the security service, counter-intelligence and the auditor only."""
    if not user.is_authenticated or not user.has_perm("screening.view_screeninghit"):
        return ScreeningHit.objects.none()
    return ScreeningHit.objects.select_related("entry", "watchlist", "decided_by", "application")


def hit_for(user: Any, pk: int) -> ScreeningHit:
    try:
        return hits_for(user).get(pk=pk)
    except ScreeningHit.DoesNotExist:
        raise NotVisible(ScreeningHit, pk) from None


def open_hits(user: Any) -> QuerySet[ScreeningHit]:
    """The hits waiting for an officer, oldest first."""
    return hits_for(user).filter(status=Review.OPEN).order_by("found_at", "pk")


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
