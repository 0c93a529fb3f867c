"""Places for tests, added through the same action a clerk uses."""

from vetting.audit.actions import Actor
from vetting.places import actions
from vetting.places.models import Place, PlaceKind
from vetting.places.selectors import place_named


def site(name: str = "Detention site No. 1", *aliases: str) -> Place:
    """The detention site of the list written `name` (added, under that name, if missing)."""
    if found := place_named(name):
        return found
    return actions.create_place(
        kind=PlaceKind.DETENTION_SITE,
        name_uk=name,
        name_ru=name,
        name_en=name,
        aliases=aliases,
        actor=Actor(origin="test"),
    )
