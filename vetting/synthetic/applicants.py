"""Applications to the legion, some persons applying twice through different channels."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from vetting.synthetic.military import CIVILIAN_TRADES, SPECIALTIES, UNITS
from vetting.synthetic.persons import Person, draw_person, rank_text
from vetting.synthetic.places import birthplace_text, detention_site
from vetting.synthetic.spelling import random_spelling, render
from vetting.synthetic.statements import statement

CHANNELS = ("portal", "paper", "import")
_CHANNEL_CUM = (0.5, 0.8, 1.0)  # portal 50%, paper 30%, import 20%
REPEAT_SHARE = 0.05  # share of persons who apply a second time


@dataclass(frozen=True, slots=True)
class SyntheticApplicant:
    """One application as it arrives; ``person_id`` and ``true_name`` are the hidden truth."""

    person_id: str
    external_id: str
    name_cyrillic: str
    name_latin: str
    gender: str
    birth_date: dt.date | None
    place_of_birth: str
    citizenship: str
    status: str
    detention_site: str
    rank: str
    unit: str
    service_number: str
    specialty: str
    contact: str
    statement: str
    language: str
    channel: str
    true_name: str = ""  # canonical Russian "Фамилия Имя Отчество", for labelling only


def _external_id(channel: str, number: int, rng: random.Random) -> str:
    if channel == "portal":
        return f"WEB-{number:07d}"
    if channel == "paper":
        return f"BL-{number:06d}"
    return f"IMP-{rng.randrange(16**8):08x}"


def _language(rng: random.Random, channel: str) -> str:
    roll = rng.random()
    if channel == "import":
        return "en" if roll < 0.5 else "ru"
    return "ru" if roll < 0.88 else "uk" if roll < 0.94 else "en"


def swap_day_month(day: dt.date) -> dt.date | None:
    """The date with day and month exchanged, or None when that is not a valid date."""
    if day.day > 12 or day.day == day.month:
        return None
    return day.replace(month=day.day, day=day.month)


def _names(person: Person, channel: str, rng: random.Random) -> tuple[str, str]:
    if channel == "import":
        has_cyrillic, has_latin = rng.random() < 0.3, True
    elif channel == "paper":
        has_cyrillic = rng.random() < 0.95
        has_latin = not has_cyrillic or rng.random() < 0.2
    else:
        has_cyrillic = True
        has_latin = rng.random() < 0.4
    cyrillic = latin = ""
    if has_cyrillic:
        cyrillic = render(person.name, random_spelling(rng, channel, "cyrillic"), rng)
    if has_latin:
        latin = render(person.name, random_spelling(rng, channel, "latin"), rng)
    return cyrillic, latin


def application(
    person: Person, channel: str, number: int, rng: random.Random, repeat: bool = False
) -> SyntheticApplicant:
    """The application ``person`` files through ``channel``.

    A repeat application is where birth dates go missing or get day and month
    exchanged, since it is typically re-typed from a different source.
    """
    name_cyrillic, name_latin = _names(person, channel, rng)
    birth_date: dt.date | None = person.birth_date
    roll = rng.random()
    if roll < (0.06 if repeat else 0.03):
        birth_date = None
    elif repeat and roll < 0.1:
        birth_date = swap_day_month(person.birth_date) or person.birth_date
    english = channel == "import"
    language = _language(rng, channel)
    if person.specialty >= 0:
        ru, en, _ = SPECIALTIES[person.specialty]
    else:
        ru, en = CIVILIAN_TRADES[rng.randrange(len(CIVILIAN_TRADES))]
    site = ""
    if person.status == "pow":
        site_language = "en" if english else ("uk" if channel == "paper" else "ru")
        site = detention_site(person.detention_number, person.detention_oblast, site_language)
    return SyntheticApplicant(
        person_id=person.person_id,
        external_id=_external_id(channel, number, rng),
        name_cyrillic=name_cyrillic,
        name_latin=name_latin,
        gender=person.gender,
        birth_date=birth_date,
        place_of_birth=birthplace_text(person.birthplace, english, rng),
        citizenship=person.citizenship,
        status=person.status,
        detention_site=site,
        rank=rank_text(person, english),
        unit=UNITS[person.unit][0 if english else 1] if person.unit >= 0 else "",
        service_number=person.service_number if rng.random() < 0.9 else "",
        specialty=en if english else ru,
        contact=person.contact,
        statement=statement(rng, language),
        language=language,
        channel=channel,
        true_name=person.name.russian,
    )


def generate_applicants(seed: int, n: int) -> list[SyntheticApplicant]:
    """``n`` applications from about ``n / 1.05`` persons; same seed, same data."""
    rng = random.Random(seed)
    plans: list[tuple[Person, str, bool]] = []
    person_number = 0
    while len(plans) < n:
        person_number += 1
        person = draw_person(rng, f"person-{seed}-{person_number:07d}")
        first = rng.choices(CHANNELS, cum_weights=_CHANNEL_CUM)[0]
        plans.append((person, first, False))
        if len(plans) < n and rng.random() < REPEAT_SHARE:
            second = rng.choice([c for c in CHANNELS if c != first])
            plans.append((person, second, True))
    rng.shuffle(plans)
    counters = dict.fromkeys(CHANNELS, 0)
    applicants = []
    for person, channel, repeat in plans:
        counters[channel] += 1
        applicants.append(application(person, channel, counters[channel], rng, repeat))
    return applicants
