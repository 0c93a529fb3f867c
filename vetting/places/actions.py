"""Every change to the list of places: a new place with its names and aliases, an alias added
to a place, a waiting spelling mapped to one; and giving new applications their place. Each
writes its audit entry in the same transaction."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vetting.audit.actions import Actor, record
from vetting.intake.models import Application, place_index
from vetting.places.models import Place, PlaceKind, Spelling, WaitingApplication
from vetting.places.selectors import key_of
from vetting.policy.authority import authorize

# What else a newly mapped spelling gives its place to, registered by the apps above places in
# their AppConfig.ready (selection: the visits planned before places were a list); each hook
# gets {spelling key: place id}.
MappingHook = Callable[[Mapping[str, int]], object]
MAPPING_HOOKS: list[MappingHook] = []


def on_mapping(hook: MappingHook) -> MappingHook:
    """Run `hook({key: place id})` in the transaction that maps spellings (once each)."""
    if hook not in MAPPING_HOOKS:
        MAPPING_HOOKS.append(hook)
    return hook


class PlaceError(ValueError):
    """A change to the list of places that cannot be made; the message says why."""


def create_place(
    *,
    kind: str,
    name_uk: str,
    name_ru: str,
    name_en: str,
    aliases: Sequence[str] = (),
    actor: Actor,
) -> Place:
    """Add a place under its three names; each name and alias becomes a spelling of it, and
    the applications waiting on any of them get the place."""
    authorize(actor, "places.create_place")
    names = [name_uk.strip(), name_ru.strip(), name_en.strip()]
    if not all(names) or kind not in PlaceKind.values:
        raise PlaceError(
            _("A place needs its kind and its name in Ukrainian, Russian and English.")
        )
    with transaction.atomic():
        place = Place.objects.create(
            kind=kind,
            name_uk=names[0],
            name_ru=names[1],
            name_en=names[2],
            created_by=actor.user,
        )
        given = _spell(place, [*names, *aliases], actor)
        record(actor, "place.created", place, kind=kind, **given)
    return place


def add_alias(place: Place, *, text: str, actor: Actor) -> Place:
    """Another way of writing a place: its applications, waiting or to come, get the place."""
    with transaction.atomic():
        locked = Place.objects.select_for_update().get(pk=place.pk)
        authorize(actor, "places.add_alias", locked)
        given = _spell(locked, [text], actor)
        if not given["spellings"]:
            raise PlaceError(_("This spelling already names this place."))
        record(actor, "place.alias_added", locked, **given)
    return locked


def map_spelling(spelling: Spelling, *, place: Place, actor: Actor) -> list[int]:
    """A clerk says which place a waiting spelling means: the applications that wrote it (and
    any visit planned to it) get the place. Returns the ids of the applications."""
    with transaction.atomic():
        locked = Spelling.objects.select_for_update().get(pk=spelling.pk)
        authorize(actor, "places.map_spelling", locked)
        if locked.place_id is not None:
            raise PlaceError(_("This spelling is already mapped to a place."))
        if place.kind != locked.kind:
            raise PlaceError(_("This spelling names another kind of place."))
        locked.place, locked.mapped_by, locked.mapped_at = place, actor.user, timezone.now()
        locked.save(update_fields=["place", "mapped_by", "mapped_at"])
        applications = _remap([locked])
        # How many, not which: with the spelling's place, ids here would tell a copy of the
        # database where each of those prisoners is held.
        record(
            actor, "place.spelling_mapped", locked, place=place.pk, applications=len(applications)
        )
    return applications


def place_applications(applications: Iterable[Application], actor: Actor) -> None:
    """Intake's arrival hook: give each stored application the place its written detention
    site means; an unknown spelling joins the clerk's queue with the application waiting on
    it."""
    by_key: dict[str, list[Application]] = {}
    texts: dict[str, str] = {}
    for application in applications:
        if key := key_of(application.detention_site or ""):
            by_key.setdefault(key, []).append(application)
            texts.setdefault(key, application.detention_site[:200])
    if not by_key:
        return
    kind = PlaceKind.DETENTION_SITE
    with transaction.atomic():
        Spelling.objects.bulk_create(
            [Spelling(kind=kind, key=k, text=t) for k, t in texts.items()],
            ignore_conflicts=True,
        )
        spellings = {s.key: s for s in Spelling.objects.filter(kind=kind, key__in=list(by_key))}
        waiting = []
        for key, group in by_key.items():
            spelling = spellings[key]
            if spelling.place_id is None:
                waiting += [WaitingApplication(application=a, spelling=spelling) for a in group]
                continue
            digest = place_index(spelling.place_id)
            Application.objects.filter(pk__in=[a.pk for a in group]).update(place_index=digest)
            for application in group:
                application.place_index = digest
        WaitingApplication.objects.bulk_create(waiting, ignore_conflicts=True)


def _spell(place: Place, texts: Iterable[str], actor: Actor) -> dict[str, Any]:
    """Make each text a spelling of `place` (a waiting one is mapped); refuse a text that
    already names another place."""
    keys: dict[str, str] = {}
    for text in texts:
        if (key := key_of(text)) and key not in keys:
            keys[key] = text.strip()[:200]
    taken = Spelling.objects.select_for_update().filter(kind=place.kind, key__in=list(keys))
    found = {s.key: s for s in taken}
    for key, spelling in found.items():
        if spelling.place_id not in (None, place.pk):
            raise PlaceError(
                _("%(text)s already names another place: %(place)s.")
                % {"text": keys[key], "place": spelling.place}
            )
    now = timezone.now()
    mapped = [s for s in found.values() if s.place_id is None]
    for spelling in mapped:
        spelling.place, spelling.mapped_by, spelling.mapped_at = place, actor.user, now
        spelling.save(update_fields=["place", "mapped_by", "mapped_at"])
    created = Spelling.objects.bulk_create(
        [
            Spelling(
                kind=place.kind, key=k, text=t, place=place, mapped_by=actor.user, mapped_at=now
            )
            for k, t in keys.items()
            if k not in found
        ]
    )
    return {
        "spellings": sorted(s.pk for s in [*mapped, *created]),
        "applications": len(_remap(mapped)),  # how many: ids with the place would locate them
    }


def _remap(spellings: Sequence[Spelling]) -> list[int]:
    """Give the applications waiting on these (now mapped) spellings their place, and, through
    the mapping hooks, whatever else was written with one of these spellings."""
    moved: list[int] = []
    for spelling in spellings:
        waits = WaitingApplication.objects.filter(spelling=spelling)
        ids = sorted(waits.values_list("application_id", flat=True))
        Application.objects.filter(pk__in=ids).update(place_index=place_index(spelling.place_id))
        waits.delete()
        moved += ids
    keys = {s.key: s.place_id for s in spellings if s.place_id is not None}
    for hook in MAPPING_HOOKS:
        hook(keys)
    return sorted(moved)
