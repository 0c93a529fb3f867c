"""The true identity behind one or more documents: drawn once, written many ways."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from vetting.synthetic.military import (
    RANKS,
    UNITS,
    rank_index,
    service_number,
    specialty_index,
)
from vetting.synthetic.names import (
    FEMALE_CUM_WEIGHTS,
    FEMALE_NAMES,
    MALE_CUM_WEIGHTS,
    MALE_NAMES,
    SURNAME_CUM_WEIGHTS,
    SURNAMES,
    FullName,
    make_full_name,
)
from vetting.synthetic.places import DETENTION_OBLASTS, birthplace_index

# Ages are counted at the start of 2026, the reference year of the data.
_REFERENCE_DAY = dt.date(2026, 1, 1).toordinal()

_CITIZENSHIPS = ("Russian Federation", "Belarus", "Kazakhstan", "Uzbekistan")
_CITIZENSHIP_CUM = (0.95, 0.97, 0.985, 1.0)


@dataclass(frozen=True, slots=True)
class Person:
    """Facts about one real person; indices point into the reference tables."""

    person_id: str
    name: FullName
    gender: str
    birth_date: dt.date
    birthplace: int
    citizenship: str
    status: str
    rank: int  # -1 when the person never served
    unit: int  # -1 when the person never served
    specialty: int
    service_number: str
    detention_oblast: int  # -1 unless a prisoner of war
    detention_number: int
    contact: str


def draw_name(rng: random.Random, feminine: bool) -> FullName:
    """A frequency-weighted random name."""
    surname = rng.choices(SURNAMES, cum_weights=SURNAME_CUM_WEIGHTS)[0]
    if feminine:
        given = rng.choices(FEMALE_NAMES, cum_weights=FEMALE_CUM_WEIGHTS)[0]
    else:
        given = rng.choices(MALE_NAMES, cum_weights=MALE_CUM_WEIGHTS)[0]
    father = rng.choices(MALE_NAMES, cum_weights=MALE_CUM_WEIGHTS)[0]
    return make_full_name(surname, given, father, feminine)


def draw_birth_date(rng: random.Random) -> dt.date:
    """A birth date for an age of 19–58 in 2026, most applicants in their thirties."""
    age = rng.triangular(19.0, 58.99, 32.0)
    return dt.date.fromordinal(_REFERENCE_DAY - int(age * 365.2425))


def draw_person(rng: random.Random, person_id: str) -> Person:
    """One person with everything an application or a watchlist might say about them."""
    feminine = rng.random() < 0.03
    name = draw_name(rng, feminine)
    roll = rng.random()
    if feminine:
        status = "civilian" if roll < 0.7 else "soldier" if roll < 0.9 else "pow"
    else:
        status = "pow" if roll < 0.75 else "soldier" if roll < 0.9 else "civilian"
    served = status != "civilian" or rng.random() < 0.3
    return Person(
        person_id=person_id,
        name=name,
        gender="female" if feminine else "male",
        birth_date=draw_birth_date(rng),
        birthplace=birthplace_index(rng),
        citizenship=rng.choices(_CITIZENSHIPS, cum_weights=_CITIZENSHIP_CUM)[0],
        status=status,
        rank=rank_index(rng) if served else -1,
        unit=rng.randrange(len(UNITS)) if served else -1,
        specialty=specialty_index(rng) if served else -1,
        service_number=service_number(rng) if served and rng.random() < 0.7 else "",
        detention_oblast=rng.randrange(len(DETENTION_OBLASTS)) if status == "pow" else -1,
        detention_number=rng.randint(1, 9) if status == "pow" else 0,
        contact=_phone(rng) if rng.random() < 0.6 else "",
    )


def _phone(rng: random.Random) -> str:
    digits = f"{rng.randrange(10**9):09d}"
    return f"+7 9{digits[:2]} {digits[2:5]}-{digits[5:7]}-{digits[7:]}"


def rank_text(person: Person, english: bool) -> str:
    """The rank in the language a channel records it in, or "" for civilians."""
    if person.rank < 0:
        return ""
    ru, en, _ = RANKS[person.rank]
    return en if english else ru
