"""Labelled pairs of name records: true matches written differently and look-alike strangers.

Each pair carries a ``kind`` naming the one difficulty it tests, so the
report can say which variation a matcher misses, not just how often.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from vetting.synthetic.applicants import swap_day_month
from vetting.synthetic.names import MALE_NAMES, FullName, make_full_name, russian_patronymic
from vetting.synthetic.persons import draw_birth_date, draw_name
from vetting.synthetic.romanization import SYSTEMS
from vetting.synthetic.spelling import Order, Spelling, misspell, random_spelling, render

PAIR_CSV_HEADER = (
    "a_name", "a_birth_date", "b_name", "b_birth_date", "same_person", "kind", "note",
)


@dataclass(frozen=True, slots=True)
class Side:
    """What one record says about a person: name, birth date (ISO or ""), gender."""

    name: str
    birth_date: str = ""
    gender: str = ""


@dataclass(frozen=True, slots=True)
class LabelledPair:
    """Two records and the truth about whether they are the same person."""

    a: Side
    b: Side
    same_person: bool
    kind: str
    note: str = ""


ROMANIZATION_KINDS = tuple(f"romanization:{key}" for key in SYSTEMS)
TRUE_MATCH_KINDS = (
    *ROMANIZATION_KINDS,
    "ukrainian_form", "yo_as_e", "all_caps", "order_swapped", "no_patronymic", "typo",
    "french_passport", "birth_date_missing", "day_month_swapped", "cyrillic_latin", "combined",
)
# Look-alikes whose names differ also appear with one birth date unknown, as
# on many watchlist entries: then only the names can tell them apart.
UNDATED = ":undated"
_NAMES_DIFFER = ("namesake_other_patronymic", "relative", "brother", "similar_surname",
                 "same_given_patronymic")
LOOKALIKE_KINDS = (
    "namesake", *_NAMES_DIFFER, *(kind + UNDATED for kind in _NAMES_DIFFER),
)
RANDOM_KIND = "random"
# Relatives and namesakes written into documents (built in evaluation.documents).
DECLINED_LOOKALIKE_KINDS = ("declined:relative", "declined:namesake_other_patronymic")
# Confusable namesakes from the evaluation's own name pools (evaluation.namesakes).
CONFUSABLE_KINDS = (
    "confusable:same_name_other_date", "confusable:relative", "confusable:other_given_name",
    "confusable:near_surname",
)

_PLAIN_SYSTEMS = ("bgn_pcgn", "icao")
_ORDERS: tuple[Order, ...] = ("surname_first", "given_first")


@dataclass(frozen=True, slots=True)
class _Person:
    name: FullName
    birth_date: dt.date
    gender: str


def _draw(rng: random.Random, feminine: bool | None = None) -> _Person:
    if feminine is None:
        feminine = rng.random() < 0.03
    return _Person(draw_name(rng, feminine), draw_birth_date(rng), "female" if feminine else "male")


def _plain(rng: random.Random) -> Spelling:
    """An unremarkable spelling: full Cyrillic or a common romanization."""
    if rng.random() < 0.5:
        return Spelling(order=rng.choice(_ORDERS))
    return Spelling(
        script="latin", system=rng.choice(_PLAIN_SYSTEMS),
        order=rng.choice(_ORDERS), patronymic=rng.random() < 0.5,
    )


def _side(person: _Person, spelling: Spelling, rng: random.Random, with_gender: bool,
          birth_date: dt.date | None | str = "same") -> Side:
    when = person.birth_date if birth_date == "same" else birth_date
    return Side(
        name=render(person.name, spelling, rng),
        birth_date=when.isoformat() if isinstance(when, dt.date) else "",
        gender=person.gender if with_gender else "",
    )


def _other_birth_date(rng: random.Random, birth_date: dt.date, min_years: int) -> dt.date:
    """A birth date at least ``min_years`` away, still within the applicants' age range."""
    while True:
        other = draw_birth_date(rng)
        if abs(other.year - birth_date.year) >= min_years and other != birth_date:
            return other


Pairing = Callable[[random.Random, bool], tuple[Side, Side]]


def _romanization(key: str) -> Pairing:
    def make(rng: random.Random, gender: bool) -> tuple[Side, Side]:
        person = _draw(rng)
        reference = "icao" if key == "bgn_pcgn" else "bgn_pcgn"
        order = rng.choice(_ORDERS)
        patronymic = rng.random() < 0.5
        a = Spelling(script="latin", system=reference, order=order, patronymic=patronymic)
        b = replace(a, system=key, gallicized=key == "french" and rng.random() < 0.3)
        return _side(person, a, rng, gender), _side(person, b, rng, gender)

    return make


def _ukrainian_form(rng: random.Random, gender: bool) -> tuple[Side, Side]:
    person = _draw(rng)
    order = rng.choice(_ORDERS)
    patronymic = rng.random() < 0.6
    a = Spelling(order=order, patronymic=patronymic)
    if rng.random() < 0.5:
        b = replace(a, ukrainian=True)
    else:
        b = replace(a, script="latin", system="ukrainian")
    return _side(person, a, rng, gender), _side(person, b, rng, gender)


def _yo_as_e(rng: random.Random, gender: bool) -> tuple[Side, Side]:
    person = _draw(rng)
    while "ё" not in person.name.russian:
        person = _draw(rng)
    a = Spelling(order=rng.choice(_ORDERS), patronymic=rng.random() < 0.6)
    return _side(person, a, rng, gender), _side(person, replace(a, yo_as_e=True), rng, gender)


def _variation(**change: object) -> Pairing:
    def make(rng: random.Random, gender: bool) -> tuple[Side, Side]:
        person = _draw(rng)
        a = _plain(rng)
        if "order" in change:
            a = replace(a, order="given_first")
        if "patronymic" in change:
            a = replace(a, patronymic=True)
        b = replace(a, **change)  # type: ignore[arg-type]
        if change.get("order") == "surname_first" and rng.random() < 0.3:
            b = replace(b, order="surname_comma")
        return _side(person, a, rng, gender), _side(person, b, rng, gender)

    return make


def _french_passport(rng: random.Random, gender: bool) -> tuple[Side, Side]:
    person = _draw(rng)
    a = _plain(rng)
    b = Spelling(
        script="latin", system="french", yo_as_e=rng.random() < 0.7,
        order=rng.choice(_ORDERS), patronymic=rng.random() < 0.3,
        caps=rng.random() < 0.3, gallicized=rng.random() < 0.3,
    )
    return _side(person, a, rng, gender), _side(person, b, rng, gender)


def _birth_date_missing(rng: random.Random, gender: bool) -> tuple[Side, Side]:
    person = _draw(rng)
    a = _plain(rng)
    return _side(person, a, rng, gender), _side(person, _plain(rng), rng, gender, None)


def _day_month_swapped(rng: random.Random, gender: bool) -> tuple[Side, Side]:
    person = _draw(rng)
    swapped = swap_day_month(person.birth_date)
    while swapped is None:
        person = _draw(rng)
        swapped = swap_day_month(person.birth_date)
    return (
        _side(person, _plain(rng), rng, gender),
        _side(person, _plain(rng), rng, gender, swapped),
    )


def _cyrillic_latin(rng: random.Random, gender: bool) -> tuple[Side, Side]:
    person = _draw(rng)
    a = Spelling(order=rng.choice(_ORDERS), patronymic=rng.random() < 0.7)
    b = random_spelling(rng, rng.choice(("portal", "paper", "import")), "latin", typo_rate=0.0)
    return _side(person, a, rng, gender), _side(person, b, rng, gender)


def _combined(rng: random.Random, gender: bool) -> tuple[Side, Side]:
    """Several variations at once, as on a re-typed record from a foreign registry."""
    person = _draw(rng)
    a = Spelling(order="surname_first", patronymic=True)
    b = random_spelling(rng, "import", "latin", typo_rate=0.0)
    changes = rng.sample(("caps", "order", "patronymic", "typo", "date", "ukrainian"), 3)
    if "caps" in changes:
        b = replace(b, caps=True)
    if "order" in changes:
        b = replace(b, order="given_first")
    if "patronymic" in changes:
        b = replace(b, patronymic=False)
    if "typo" in changes:
        b = replace(b, typo=True)
    if "ukrainian" in changes:
        b = replace(b, system="ukrainian")
    birth: dt.date | None | str = "same"
    if "date" in changes:
        birth = None if rng.random() < 0.5 else (swap_day_month(person.birth_date) or None)
    return _side(person, a, rng, gender), _side(person, b, rng, gender, birth)


def _namesake(rng: random.Random, gender: bool) -> tuple[Side, Side]:
    person = _draw(rng)
    other = replace(person, birth_date=_other_birth_date(rng, person.birth_date, 3))
    return _side(person, _plain(rng), rng, gender), _side(other, _plain(rng), rng, gender)


def _with_name(person: _Person, surname: str, given: str, father: str, feminine: bool,
               rng: random.Random, min_years: int = 1) -> _Person:
    return _Person(
        make_full_name(surname, given, father, feminine),
        _other_birth_date(rng, person.birth_date, min_years),
        "female" if feminine else "male",
    )


def _father(name: FullName) -> str:
    return next(f for f in MALE_NAMES if russian_patronymic(f, name.feminine) == name.patronymic)


def _masculine_surname(rng: random.Random) -> str:
    return _draw(rng, feminine=False).name.surname


def _namesake_other_patronymic(rng: random.Random, gender: bool) -> tuple[Side, Side]:
    person = _draw(rng, feminine=False)
    father = _father(person.name)
    other_father = father
    while other_father == father:
        other_father = _father(_draw(rng, feminine=False).name)
    other = _with_name(person, person.name.surname, person.name.given, other_father, False, rng)
    a = replace(_plain(rng), patronymic=True)
    b = replace(_plain(rng), patronymic=True)
    return _side(person, a, rng, gender), _side(other, b, rng, gender)


def _relative(rng: random.Random, gender: bool) -> tuple[Side, Side]:
    """A wife (other patronymic) or sister (same patronymic) in the feminine surname form."""
    person = _draw(rng, feminine=False)
    sister = rng.random() < 0.5
    father = _father(person.name) if sister else _father(_draw(rng, feminine=False).name)
    given = _draw(rng, feminine=True).name.given
    other = _with_name(person, person.name.surname, given, father, True, rng)
    return _side(person, _plain(rng), rng, gender), _side(other, _plain(rng), rng, gender)


def _brother(rng: random.Random, gender: bool) -> tuple[Side, Side]:
    person = _draw(rng, feminine=False)
    given = person.name.given
    while given == person.name.given:
        given = _draw(rng, feminine=False).name.given
    other = _with_name(person, person.name.surname, given, _father(person.name), False, rng)
    return _side(person, _plain(rng), rng, gender), _side(other, _plain(rng), rng, gender)


def _similar_surname(rng: random.Random, gender: bool) -> tuple[Side, Side]:
    person = _draw(rng, feminine=False)
    surname = person.name.surname
    for _ in range(rng.choice((1, 2))):
        surname = misspell(surname, rng)
    given = person.name.given
    while given == person.name.given:
        given = _draw(rng, feminine=False).name.given
    other = _with_name(person, surname, given, _father(_draw(rng).name), False, rng)
    return _side(person, _plain(rng), rng, gender), _side(other, _plain(rng), rng, gender)


def _same_given_patronymic(rng: random.Random, gender: bool) -> tuple[Side, Side]:
    person = _draw(rng, feminine=False)
    surname = person.name.surname
    while surname == person.name.surname:
        surname = _masculine_surname(rng)
    other = _with_name(person, surname, person.name.given, _father(person.name), False, rng)
    a = replace(_plain(rng), patronymic=True)
    b = replace(_plain(rng), patronymic=True)
    return _side(person, a, rng, gender), _side(other, b, rng, gender)


def _random(rng: random.Random, gender: bool) -> tuple[Side, Side]:
    return _side(_draw(rng), _plain(rng), rng, gender), _side(_draw(rng), _plain(rng), rng, gender)


PAIRINGS: dict[str, Pairing] = {
    **{f"romanization:{key}": _romanization(key) for key in SYSTEMS},
    "ukrainian_form": _ukrainian_form,
    "yo_as_e": _yo_as_e,
    "all_caps": _variation(caps=True),
    "order_swapped": _variation(order="surname_first"),
    "no_patronymic": _variation(patronymic=False),
    "typo": _variation(typo=True),
    "french_passport": _french_passport,
    "birth_date_missing": _birth_date_missing,
    "day_month_swapped": _day_month_swapped,
    "cyrillic_latin": _cyrillic_latin,
    "combined": _combined,
    "namesake": _namesake,
    "namesake_other_patronymic": _namesake_other_patronymic,
    "relative": _relative,
    "brother": _brother,
    "similar_surname": _similar_surname,
    "same_given_patronymic": _same_given_patronymic,
    "random": _random,
}


def _undated(make: Pairing) -> Pairing:
    def undated(rng: random.Random, gender: bool) -> tuple[Side, Side]:
        a, b = make(rng, gender)
        if rng.random() < 0.5:
            return a, replace(b, birth_date="")
        return replace(a, birth_date=""), b

    return undated


PAIRINGS.update({kind + UNDATED: _undated(PAIRINGS[kind]) for kind in _NAMES_DIFFER})

# Kinds whose two names must differ: an identical pair would test nothing.
_MUST_DIFFER = (*ROMANIZATION_KINDS, "ukrainian_form", "french_passport", "cyrillic_latin")


def build_pairs(seed: int, per_kind: int = 200, random_pairs: int = 1000) -> list[LabelledPair]:
    """``per_kind`` pairs of every true-match and look-alike kind, plus random strangers.

    Gender is recorded on both sides of half the pairs, as on real forms
    where it is sometimes left blank.
    """
    rng = random.Random(seed)
    pairs = []
    for kind in (*TRUE_MATCH_KINDS, *LOOKALIKE_KINDS, RANDOM_KIND):
        make = PAIRINGS[kind]
        count = random_pairs if kind == RANDOM_KIND else per_kind
        same = kind in TRUE_MATCH_KINDS
        for _ in range(count):
            a, b = make(rng, rng.random() < 0.5)
            for _ in range(20):
                if kind not in _MUST_DIFFER or a.name.casefold() != b.name.casefold():
                    break
                a, b = make(rng, rng.random() < 0.5)
            pairs.append(LabelledPair(a, b, same, kind))
    return pairs


def read_pairs(path: str | Path, kind_prefix: str = "") -> list[LabelledPair]:
    """Pairs from a CSV with columns ``a_name,a_birth_date,b_name,b_birth_date,same_person,...``."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            LabelledPair(
                a=Side(row["a_name"], row["a_birth_date"].strip()),
                b=Side(row["b_name"], row["b_birth_date"].strip()),
                same_person=row["same_person"].strip().lower() in ("1", "true", "yes"),
                kind=kind_prefix + row["kind"],
                note=row.get("note", "") or "",
            )
            for row in csv.DictReader(line for line in handle if not line.startswith("#"))
        ]


def write_pairs(path: str | Path, pairs: Iterable[LabelledPair]) -> None:
    """Pairs in the same CSV columns as the hand-written hard cases."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(PAIR_CSV_HEADER)
        for p in pairs:
            writer.writerow(
                (p.a.name, p.a.birth_date, p.b.name, p.b.birth_date, int(p.same_person), p.kind,
                 p.note)
            )


def is_lookalike(kind: str) -> bool:
    """Whether ``kind`` (possibly prefixed "hard:") is a look-alike non-match kind."""
    bare = kind.removeprefix("hard:")
    return bare in LOOKALIKE_KINDS or bare in DECLINED_LOOKALIKE_KINDS or bare in CONFUSABLE_KINDS


__all__ = [
    "CONFUSABLE_KINDS",
    "DECLINED_LOOKALIKE_KINDS",
    "LOOKALIKE_KINDS",
    "PAIR_CSV_HEADER",
    "RANDOM_KIND",
    "TRUE_MATCH_KINDS",
    "LabelledPair",
    "Side",
    "build_pairs",
    "is_lookalike",
    "read_pairs",
    "write_pairs",
]
