"""Confusable namesakes from name pools of the evaluation's own, not the project's generator.

Ukrainian and Russian surnames of the kinds the synthetic population is thin
on (-енко, -чук, -ський, -ич), with near neighbours one or two letters apart
as they occur in real registers, and given names with their look-alikes.
True pairs are the same person written by another clerk; look-alikes are a
namesake born on another date, a relative, another given name or a near
surname.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from evaluation.pairs import CONFUSABLE_KINDS, LabelledPair, Side

# Surnames with a real neighbour a letter or two away (both are borne by people).
NEAR_SURNAMES = (
    ("Петренко", "Петриченко"), ("Ковальчук", "Ковальчик"), ("Бондаренко", "Бондарчук"),
    ("Шевченко", "Шевчук"), ("Кравченко", "Кравчук"), ("Мельник", "Мельничук"),
    ("Ткаченко", "Ткачук"), ("Савченко", "Савчук"), ("Лисенко", "Лисенков"),
    ("Гончаренко", "Гончарук"), ("Руденко", "Рудченко"), ("Марченко", "Марчук"),
    ("Захарченко", "Захарчук"), ("Поліщук", "Поліщученко"), ("Коваленко", "Ковалевський"),
    ("Кузьменко", "Кузьмич"), ("Литвиненко", "Литвинчук"), ("Олійник", "Олійничук"),
    ("Бойко", "Бойченко"), ("Павленко", "Павлюк"), ("Климченко", "Клименко"),
    ("Вишневський", "Вишневецький"), ("Яковенко", "Яковчук"), ("Дмитренко", "Дмитрук"),
    ("Левченко", "Левчук"), ("Мороз", "Морозюк"), ("Сидоренко", "Сидорук"),
    ("Гриценко", "Грищенко"), ("Остапенко", "Остапчук"), ("Карпенко", "Карпюк"),
)  # fmt: skip
# (Ukrainian, Russian, Latin passport) forms of a given name, with a look-alike other name.
GIVEN = (
    (("Олександр", "Александр", "Oleksandr"), ("Олексій", "Алексей", "Oleksii")),
    (("Андрій", "Андрей", "Andrii"), ("Антон", "Антон", "Anton")),
    (("Василь", "Василий", "Vasyl"), ("Віталій", "Виталий", "Vitalii")),
    (("Володимир", "Владимир", "Volodymyr"), ("Всеволод", "Всеволод", "Vsevolod")),
    (("Дмитро", "Дмитрий", "Dmytro"), ("Данило", "Даниил", "Danylo")),
    (("Євген", "Евгений", "Yevhen"), ("Єгор", "Егор", "Yehor")),
    (("Іван", "Иван", "Ivan"), ("Ігор", "Игорь", "Ihor")),
    (("Микола", "Николай", "Mykola"), ("Микита", "Никита", "Mykyta")),
    (("Михайло", "Михаил", "Mykhailo"), ("Мирослав", "Мирослав", "Myroslav")),
    (("Сергій", "Сергей", "Serhii"), ("Семен", "Семён", "Semen")),
    (("Юрій", "Юрий", "Yurii"), ("Ярослав", "Ярослав", "Yaroslav")),
    (("Богдан", "Богдан", "Bohdan"), ("Борис", "Борис", "Borys")),
    (("Петро", "Пётр", "Petro"), ("Павло", "Павел", "Pavlo")),
    (("Тарас", "Тарас", "Taras"), ("Тимур", "Тимур", "Tymur")),
    (("Роман", "Роман", "Roman"), ("Ростислав", "Ростислав", "Rostyslav")),
)  # fmt: skip
FATHERS = (
    ("Олександрович", "Александрович", "Oleksandrovych"), ("Іванович", "Иванович", "Ivanovych"),
    ("Петрович", "Петрович", "Petrovych"), ("Миколайович", "Николаевич", "Mykolaiovych"),
    ("Васильович", "Васильевич", "Vasylovych"), ("Сергійович", "Сергеевич", "Serhiiovych"),
    ("Михайлович", "Михайлович", "Mykhailovych"), ("Юрійович", "Юрьевич", "Yuriiovych"),
    ("Володимирович", "Владимирович", "Volodymyrovych"), ("Андрійович", "Андреевич", "Andriiovych"),
)  # fmt: skip
_LATIN_SURNAME = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "",
})  # fmt: skip

NAMESAKE_KINDS = CONFUSABLE_KINDS
NAMESAKE_TRUE_KINDS = ("confusable:same_person_other_clerk",)


def _latin(surname: str) -> str:
    return surname.lower().translate(_LATIN_SURNAME).capitalize()


def _date(rng: random.Random) -> dt.date:
    return dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(365 * 40))


def _other_date(rng: random.Random, when: dt.date) -> dt.date:
    while True:
        other = _date(rng)
        if abs(other.year - when.year) >= 2:
            return other


def _write(
    surname: str,
    given: tuple[str, str, str],
    father: tuple[str, str, str] | None,
    rng: random.Random,
) -> str:
    """The name as one clerk writes it: Ukrainian, Russian or passport Latin, in some order."""
    script = rng.randrange(3)
    sur = _latin(surname) if script == 2 else surname
    first = given[script]
    parts = [sur, first] + ([father[script]] if father and script < 2 else [])
    if rng.random() < 0.3:
        parts = parts[1:] + parts[:1]
    return " ".join(parts)


def _pick(rng: random.Random) -> tuple[str, tuple[str, str, str], tuple[str, str, str]]:
    surname = rng.choice(NEAR_SURNAMES)[rng.randrange(2)]
    return surname, rng.choice(GIVEN)[0], rng.choice(FATHERS)


def _same_person(rng: random.Random) -> tuple[Side, Side]:
    surname, given, father = _pick(rng)
    when = _date(rng).isoformat()
    b_date = when if rng.random() < 0.8 else ""
    return Side(_write(surname, given, father, rng), when), Side(
        _write(surname, given, father if rng.random() < 0.5 else None, rng), b_date
    )


def _same_name_other_date(rng: random.Random) -> tuple[Side, Side]:
    surname, given, father = _pick(rng)
    when = _date(rng)
    return (
        Side(_write(surname, given, father, rng), when.isoformat()),
        Side(_write(surname, given, father, rng), _other_date(rng, when).isoformat()),
    )


def _relative(rng: random.Random) -> tuple[Side, Side]:
    """Father and son: same surname and, often, the son's patronymic is the father's name."""
    surname, given, father = _pick(rng)
    son_given = rng.choice([g for g, _ in GIVEN if g != given])
    when = _date(rng)
    son = Side(
        _write(surname, son_given, father, rng),
        "" if rng.random() < 0.5 else _other_date(rng, when).isoformat(),
    )
    return Side(_write(surname, given, father, rng), when.isoformat()), son


def _other_given_name(rng: random.Random) -> tuple[Side, Side]:
    surname = rng.choice(NEAR_SURNAMES)[rng.randrange(2)]
    given, lookalike = rng.choice(GIVEN)
    father = rng.choice(FATHERS)
    when = _date(rng).isoformat()
    # Undated on one side half the time: then only the names can tell them apart.
    other_when = "" if rng.random() < 0.5 else _other_date(rng, dt.date.fromisoformat(when))
    return (
        Side(_write(surname, given, father, rng), when),
        Side(_write(surname, lookalike, father, rng), str(other_when)),
    )


def _near_surname(rng: random.Random) -> tuple[Side, Side]:
    one, other = rng.choice(NEAR_SURNAMES)
    given = rng.choice(GIVEN)[0]
    father = rng.choice(FATHERS)
    when = _date(rng)
    # The same given name and patronymic; another birth date, or none on one side.
    other_when = "" if rng.random() < 0.5 else _other_date(rng, when).isoformat()
    return (
        Side(_write(one, given, father, rng), when.isoformat()),
        Side(_write(other, given, father, rng), other_when),
    )


PAIRINGS: dict[str, Callable[[random.Random], tuple[Side, Side]]] = {
    "confusable:same_person_other_clerk": _same_person,
    "confusable:same_name_other_date": _same_name_other_date,
    "confusable:relative": _relative,
    "confusable:other_given_name": _other_given_name,
    "confusable:near_surname": _near_surname,
}


def build_namesake_pairs(seed: int, per_kind: int = 200) -> list[LabelledPair]:
    """`per_kind` pairs of each confusable kind and of the same person by another clerk."""
    rng = random.Random(seed + 29)
    return [
        LabelledPair(*PAIRINGS[kind](rng), same_person=kind in NAMESAKE_TRUE_KINDS, kind=kind)
        for kind in (*NAMESAKE_TRUE_KINDS, *NAMESAKE_KINDS)
        for _ in range(per_kind)
    ]
