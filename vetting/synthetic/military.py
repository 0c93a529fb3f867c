"""Russian military ranks, publicly known formations, specialties and personal numbers."""

from __future__ import annotations

import itertools
import random

# (Russian, English, weight): applicants are overwhelmingly enlisted men.
RANKS: tuple[tuple[str, str, float], ...] = (
    ("рядовой", "private", 45.0),
    ("ефрейтор", "lance corporal", 15.0),
    ("младший сержант", "junior sergeant", 10.0),
    ("сержант", "sergeant", 9.0),
    ("старший сержант", "senior sergeant", 6.0),
    ("старшина", "sergeant major", 3.0),
    ("прапорщик", "warrant officer", 4.0),
    ("лейтенант", "lieutenant", 3.0),
    ("старший лейтенант", "senior lieutenant", 3.0),
    ("капитан", "captain", 1.5),
    ("майор", "major", 0.5),
)
_RANK_CUM = tuple(itertools.accumulate(r[2] for r in RANKS))

# (English, Russian): formations named in open reporting on the war.
UNITS: tuple[tuple[str, str], ...] = (
    ("1st Guards Tank Army", "1-я гвардейская танковая армия"),
    ("20th Guards Combined Arms Army", "20-я гвардейская общевойсковая армия"),
    ("58th Combined Arms Army", "58-я общевойсковая армия"),
    ("8th Guards Combined Arms Army", "8-я гвардейская общевойсковая армия"),
    ("2nd Guards Motor Rifle Division", "2-я гвардейская мотострелковая дивизия"),
    ("4th Guards Tank Division", "4-я гвардейская танковая дивизия"),
    ("3rd Motor Rifle Division", "3-я мотострелковая дивизия"),
    ("144th Guards Motor Rifle Division", "144-я гвардейская мотострелковая дивизия"),
    ("150th Motor Rifle Division", "150-я мотострелковая дивизия"),
    ("76th Guards Air Assault Division", "76-я гвардейская десантно-штурмовая дивизия"),
    ("98th Guards Airborne Division", "98-я гвардейская воздушно-десантная дивизия"),
    ("106th Guards Airborne Division", "106-я гвардейская воздушно-десантная дивизия"),
    ("7th Guards Mountain Air Assault Division", "7-я гвардейская десантно-штурмовая дивизия"),
    ("155th Naval Infantry Brigade", "155-я бригада морской пехоты"),
    ("810th Naval Infantry Brigade", "810-я бригада морской пехоты"),
    ("40th Naval Infantry Brigade", "40-я бригада морской пехоты"),
    ("200th Motor Rifle Brigade", "200-я мотострелковая бригада"),
    ("64th Motor Rifle Brigade", "64-я мотострелковая бригада"),
    ("37th Guards Motor Rifle Brigade", "37-я гвардейская мотострелковая бригада"),
    ("136th Motor Rifle Brigade", "136-я мотострелковая бригада"),
    ("70th Motor Rifle Regiment", "70-й мотострелковый полк"),
    ("71st Motor Rifle Regiment", "71-й мотострелковый полк"),
    ("331st Guards Airborne Regiment", "331-й гвардейский парашютно-десантный полк"),
    ("45th Guards Spetsnaz Brigade", "45-я гвардейская бригада специального назначения"),
    ("1st Army Corps", "1-й армейский корпус"),
    ("2nd Army Corps", "2-й армейский корпус"),
    ("Storm-Z detachment", "отряд «Шторм-Z»"),
    ("Storm-V detachment", "отряд «Шторм-V»"),
    ("BARS-13", "БАРС-13"),
    ("BARS-21", "БАРС-21"),
    ("Akhmat special forces", "спецназ «Ахмат»"),
)

# (Russian, English, weight) military occupational specialties.
SPECIALTIES: tuple[tuple[str, str, float], ...] = (
    ("стрелок", "rifleman", 30.0),
    ("механик-водитель", "driver-mechanic", 8.0),
    ("водитель", "driver", 8.0),
    ("санитар", "medic", 5.0),
    ("снайпер", "sniper", 3.0),
    ("гранатомётчик", "grenade launcher operator", 7.0),
    ("оператор БПЛА", "drone operator", 5.0),
    ("связист", "signaller", 4.0),
    ("пулемётчик", "machine gunner", 6.0),
    ("наводчик-оператор", "gunner-operator", 4.0),
    ("сапёр", "sapper", 3.0),
    ("разведчик", "scout", 3.0),
    ("миномётчик", "mortarman", 4.0),
    ("командир отделения", "squad leader", 3.0),
    ("артиллерист", "artilleryman", 3.0),
    ("повар", "cook", 1.0),
)
_SPECIALTY_CUM = tuple(itertools.accumulate(s[2] for s in SPECIALTIES))

# Civilian trades for applicants who never served.
CIVILIAN_TRADES: tuple[tuple[str, str], ...] = (
    ("водитель", "driver"),
    ("электрик", "electrician"),
    ("сварщик", "welder"),
    ("строитель", "builder"),
    ("программист", "programmer"),
    ("фельдшер", "paramedic"),
    ("механик", "mechanic"),
    ("охранник", "security guard"),
    ("", ""),
)

# Letters used as the series of a Russian serviceman's personal number ("Ж-123456").
SERVICE_NUMBER_LETTERS = "АБВГДЕЖИКЛМНОПРСТУФХЦЧШЭЮЯ"


def rank_index(rng: random.Random) -> int:
    """A rank, as an index into ``RANKS``."""
    return rng.choices(range(len(RANKS)), cum_weights=_RANK_CUM)[0]


def specialty_index(rng: random.Random) -> int:
    """A specialty, as an index into ``SPECIALTIES``."""
    return rng.choices(range(len(SPECIALTIES)), cum_weights=_SPECIALTY_CUM)[0]


def service_number(rng: random.Random) -> str:
    """A personal number in the letter-plus-six-digits style."""
    return f"{rng.choice(SERVICE_NUMBER_LETTERS)}-{rng.randrange(1_000_000):06d}"
