"""The demo's list of places: every detention site the synthetic applicants write (a numbered
site per oblast, named at oblast level only, as the generator does), under its Ukrainian,
Russian and English names and the short forms officers and applicants write; and the legion's
recruitment offices."""

from vetting.audit.actions import Actor
from vetting.places import actions
from vetting.places.models import Place, PlaceKind
from vetting.synthetic.places import DETENTION_OBLASTS, detention_site

SITE_NUMBERS = range(1, 10)  # the generator's detention_number

# (Ukrainian, Russian, English) of each city with an office.
OFFICE_CITIES: tuple[tuple[str, str, str], ...] = (
    ("Київ", "Киев", "Kyiv"),
    ("Львів", "Львов", "Lviv"),
    ("Дніпро", "Днепр", "Dnipro"),
    ("Запоріжжя", "Запорожье", "Zaporizhzhia"),
    ("Харків", "Харьков", "Kharkiv"),
)


def site_aliases(number: int, oblast: int) -> list[str]:
    """Short and other forms of one site's name, as they come in handwritten and typed."""
    en, uk, ru = DETENTION_OBLASTS[oblast]
    return [
        f"МТВП № {number}, {uk} обл.",
        f"Табір для військовополонених № {number}, {uk} область",
        f"Лагерь военнопленных № {number}, {ru} обл.",
        f"Место содержания военнопленных № {number}, {ru} обл.",
        f"POW camp No. {number}, {en} oblast",
        f"{en} detention site {number}",
    ]


def create_demo_places() -> int:
    """Add the demo list once (nothing when places are already there); returns how many."""
    if Place.objects.exists():
        return 0
    actor = Actor(origin="demo places")
    count = 0
    for oblast in range(len(DETENTION_OBLASTS)):
        for number in SITE_NUMBERS:
            actions.create_place(
                kind=PlaceKind.DETENTION_SITE,
                name_uk=detention_site(number, oblast, "uk"),
                name_ru=detention_site(number, oblast, "ru"),
                name_en=detention_site(number, oblast, "en"),
                aliases=site_aliases(number, oblast),
                actor=actor,
            )
            count += 1
    for uk, ru, en in OFFICE_CITIES:
        actions.create_place(
            kind=PlaceKind.RECRUITMENT_OFFICE,
            name_uk=f"Пункт відбору Легіону, {uk}",
            name_ru=f"Пункт отбора Легиона, {ru}",
            name_en=f"Legion recruitment office, {en}",
            aliases=[f"Recruitment office {en}", f"Рекрутинговий центр, {uk}"],
            actor=actor,
        )
        count += 1
    return count
