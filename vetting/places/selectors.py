"""Reading the list of places and the spellings waiting to be mapped."""

from typing import Any

from django.db.models import Count, QuerySet

from vetting.intake.models import Application, place_by_index
from vetting.keys import seal
from vetting.matching.places import place_key
from vetting.places.models import Place, PlaceKind, Spelling


def key_of(text: str) -> str:
    """The stored key of a written place name: a keyed digest of its folded spelling, so
    the column says nothing without the key; "" when the text has no words."""
    folded = place_key(text)
    return seal.blind_index(folded, "place") if folded else ""


def place_named(text: str, kind: str = PlaceKind.DETENTION_SITE) -> Place | None:
    """The place a written name means, if that spelling is mapped."""
    key = key_of(text)
    if not key:
        return None
    spelling = Spelling.objects.filter(kind=kind, key=key).select_related("place").first()
    return spelling.place if spelling else None


def places_of(kind: str = PlaceKind.DETENTION_SITE) -> list[Place]:
    """The places of one kind, sorted by their names in the active language."""
    return sorted(Place.objects.filter(kind=kind), key=lambda p: (p.name().casefold(), p.pk))


def site_choices(kind: str = PlaceKind.DETENTION_SITE) -> list[tuple[int, str]]:
    """(pk, name in the active language) of each place once: for filters and forms."""
    return [(p.pk, p.name()) for p in places_of(kind)]


def places_for(user: Any) -> QuerySet[Place]:
    """The list with every spelling mapped to each place: clerks and the auditor."""
    if not user.is_authenticated or not user.has_perm("places.view_place"):
        return Place.objects.none()
    return Place.objects.prefetch_related("spellings")


def held_at() -> dict[int, int]:
    """{place id: how many applications are mapped to it}: the rows hold a digest of the
    place, so the counts by digest are matched to the list here, never in the database."""
    by_digest = dict(
        Application.objects.exclude(place_index="")
        .values("place_index")
        .annotate(n=Count("pk"))
        .values_list("place_index", "n")
    )
    return {p.pk: by_digest.get(d, 0) for d, p in place_by_index(by_digest).items()}


def places_with_counts(user: Any) -> list[Place]:
    """`places_for`, each place with `held`: the applications mapped to it."""
    held = held_at() if user.is_authenticated and user.has_perm("places.view_place") else {}
    places = list(places_for(user))
    for place in places:
        place.held = held.get(place.pk, 0)  # type: ignore[attr-defined]
    return places


def waiting_for(user: Any) -> QuerySet[Spelling]:
    """Spellings no one has mapped yet, with how many applications wait on each."""
    if not user.is_authenticated or not user.has_perm("places.view_place"):
        return Spelling.objects.none()
    return (
        Spelling.objects.filter(place__isnull=True)
        .annotate(waiting_count=Count("waiting"))
        .order_by("-waiting_count", "first_seen_at", "pk")
    )


def spelling_for(user: Any, pk: int) -> Spelling:
    from vetting.policy.access import NotVisible

    try:
        return waiting_for(user).get(pk=pk)
    except Spelling.DoesNotExist:
        raise NotVisible(Spelling, pk) from None


def place_for(user: Any, pk: int) -> Place:
    from vetting.policy.access import NotVisible

    try:
        return places_for(user).get(pk=pk)
    except Place.DoesNotExist:
        raise NotVisible(Place, pk) from None
