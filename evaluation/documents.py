"""Pairs for names as documents write them and as other systems paste them.

Declined names come from `evaluation.declension` (hand-written rules, not the
matcher's dictionaries), put inside the phrases of applications, reports and
certificates. Pasted names get corruptions written here: invisible format
characters, combining marks, look-alike letters of the other script, odd case
and punctuation. Relatives and namesakes written the same ways are the
look-alikes.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import replace

from evaluation import declension
from evaluation.pairs import (
    DECLINED_LOOKALIKE_KINDS,
    LabelledPair,
    Side,
    _draw,
    _father,
    _other_birth_date,
    _Person,
    _plain,
    _side,
)
from vetting.synthetic.names import MALE_NAMES, make_full_name
from vetting.synthetic.spelling import render

CASE_WORDS = {
    "gent": "genitive", "datv": "dative", "accs": "accusative", "ablt": "instrumental",
    "loct": "locative", "voct": "vocative",
}  # fmt: skip

# Phrases a name is written into, by language and case; "{}" is the name, "{u}" a unit.
PHRASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("ru", "gent"): ("от {}", "Командиру войсковой части {u} от {}", "Заявление от {}", "{}"),
    ("ru", "datv"): ("выдано {}", "Справка выдана {}", "{}"),
    ("ru", "accs"): ("прошу зачислить {}", "Прошу допустить {} к проверке", "{}"),
    ("ru", "ablt"): ("беседа с {}", "Проведена беседа с {}", "{}"),
    ("ru", "loct"): ("сведения о {}", "Материалы проверки о {}", "{}"),
    ("uk", "gent"): ("від {}", "Командиру військової частини {u} від {}", "Заява від {}", "{}"),
    ("uk", "datv"): ("видано {}", "Довідку видано {}", "{}"),
    ("uk", "accs"): ("прошу зарахувати {}", "у справі про {}", "{}"),
    ("uk", "ablt"): ("бесіда з {}", "Проведено бесіду з {}", "{}"),
    ("uk", "loct"): ("{}",),
    ("uk", "voct"): ("Шановний {}!", "{},", "{}"),
}

DECLINED_KINDS = tuple(f"declined:{lang}:{CASE_WORDS[case]}" for lang, case in PHRASES) + (
    "declined:application_header",
)

PASTED_KINDS = (
    "pasted:zero_width", "pasted:soft_hyphen", "pasted:bom_direction", "pasted:combining",
    "pasted:homoglyph", "pasted:case_punctuation", "pasted:all_at_once",
)  # fmt: skip


def _declined(person: _Person, lang: str, case: str, rng: random.Random) -> str:
    """The person's name in `case`, in one of the layouts documents use."""
    name = person.name
    fem = name.feminine
    if lang == "ru":
        surname = declension.russian_surname(name.surname, fem, case)
        given = declension.russian_given(name.given, case)
        father = declension.russian_patronymic(name.patronymic, case)
    else:
        surname = declension.ukrainian_surname(name.surname_uk, fem, case)
        given = declension.ukrainian_given(name.given_uk, case)
        father = declension.ukrainian_patronymic(name.patronymic_uk, case)
    layout = rng.random()
    if layout < 0.4:
        return f"{surname} {given} {father}"
    if layout < 0.65:
        return f"{given} {father} {surname}"
    if layout < 0.85:
        return f"{surname} {given[0]}. {father[0]}."
    return f"{given} {surname}"


def _unit(rng: random.Random) -> str:
    return f"А{rng.randrange(1000, 9999)}"


def _in_phrase(text: str, lang: str, case: str, rng: random.Random, fem: bool) -> str:
    phrase = rng.choice(PHRASES[(lang, case)])
    if fem:
        phrase = phrase.replace("Шановний", "Шановна")
    return phrase.replace("{u}", _unit(rng)).replace("{}", text)


def _document_side(person: _Person, text: str, rng: random.Random, gender: bool) -> Side:
    dated = rng.random() < 0.8
    return Side(
        name=text,
        birth_date=person.birth_date.isoformat() if dated else "",
        gender=person.gender if gender else "",
    )


Pairing = Callable[[random.Random, bool], tuple[Side, Side]]


def _declined_pairing(lang: str, case: str) -> Pairing:
    def make(rng: random.Random, gender: bool) -> tuple[Side, Side]:
        person = _draw(rng, feminine=rng.random() < 0.2)
        text = _in_phrase(_declined(person, lang, case, rng), lang, case, rng, person.name.feminine)
        return _side(person, _plain(rng), rng, gender), _document_side(person, text, rng, gender)

    return make


def _application_header(rng: random.Random, gender: bool) -> tuple[Side, Side]:
    """ "Командиру … от Шишкарёва Николая Александровича": the head of a written application."""
    person = _draw(rng, feminine=rng.random() < 0.1)
    lang = rng.choice(("ru", "uk"))
    name = person.name
    fem = name.feminine
    if lang == "ru":
        text = " ".join(
            (
                declension.russian_surname(name.surname, fem, "gent"),
                declension.russian_given(name.given, "gent"),
                declension.russian_patronymic(name.patronymic, "gent"),
            )
        )
        head = f"Командиру войсковой части {_unit(rng)} от {text}"
    else:
        text = " ".join(
            (
                declension.ukrainian_surname(name.surname_uk, fem, "gent"),
                declension.ukrainian_given(name.given_uk, "gent"),
                declension.ukrainian_patronymic(name.patronymic_uk, "gent"),
            )
        )
        head = f"Командиру військової частини {_unit(rng)} від {text}"
    return _side(person, _plain(rng), rng, gender), _document_side(person, head, rng, gender)


def _relative_in_document(rng: random.Random, gender: bool) -> tuple[Side, Side]:
    """A brother, sister or wife named in a document, against the person; dates differ or lack."""
    person = _draw(rng, feminine=False)
    feminine = rng.random() < 0.5
    if feminine:
        given = _draw(rng, feminine=True).name.given
    else:
        given = person.name.given
        while given == person.name.given:
            given = _draw(rng, feminine=False).name.given
    father = _father(person.name) if rng.random() < 0.6 else rng.choice(MALE_NAMES)
    other = _Person(
        make_full_name(person.name.surname, given, father, feminine),
        _other_birth_date(rng, person.birth_date, 1),
        "female" if feminine else "male",
    )
    return _with_document(person, other, rng, gender)


def _namesake_in_document(rng: random.Random, gender: bool) -> tuple[Side, Side]:
    """The same surname and given name, another father, written in a document."""
    person = _draw(rng, feminine=False)
    father = _father(person.name)
    other_father = father
    while other_father == father:
        other_father = rng.choice(MALE_NAMES)
    other = _Person(
        make_full_name(person.name.surname, person.name.given, other_father, False),
        _other_birth_date(rng, person.birth_date, 1),
        "male",
    )
    return _with_document(person, other, rng, gender, full=True)


def _with_document(
    person: _Person, other: _Person, rng: random.Random, gender: bool, full: bool = False
) -> tuple[Side, Side]:
    lang = rng.choice(("ru", "uk"))
    case = rng.choice(declension.RU_CASES if lang == "ru" else declension.UK_CASES)
    text = _declined(other, lang, case, rng)
    if full:
        name = other.name
        text = (
            " ".join(
                (
                    declension.russian_surname(name.surname, False, case),
                    declension.russian_given(name.given, case),
                    declension.russian_patronymic(name.patronymic, case),
                )
            )
            if lang == "ru"
            else " ".join(
                (
                    declension.ukrainian_surname(name.surname_uk, False, case),
                    declension.ukrainian_given(name.given_uk, case),
                    declension.ukrainian_patronymic(name.patronymic_uk, case),
                )
            )
        )
    b = Side(
        _in_phrase(text, lang, case, rng, other.name.feminine),
        other.birth_date.isoformat() if rng.random() < 0.5 else "",
        other.gender if gender else "",
    )
    a = _side(person, replace(_plain(rng), patronymic=True), rng, gender)
    return a, b


# Corruptions of pasted text, each a function of (text, rng).
_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060")
_DIRECTIONAL = ("\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u2066", "\u2069")
_CYRILLIC_TO_LATIN = dict(zip("аеорсхуАВСЕНКМОРТХ", "aeopcxyABCEHKMOPTX", strict=True))
_LATIN_TO_CYRILLIC = {v: k for k, v in _CYRILLIC_TO_LATIN.items()}


def _inside_words(text: str, rng: random.Random, insert: str, times: int) -> str:
    for _ in range(times):
        spots = [i for i in range(1, len(text)) if text[i - 1].isalpha() and text[i].isalpha()]
        if not spots:
            break
        at = rng.choice(spots)
        text = text[:at] + insert + text[at:]
    return text


def _zero_width(text: str, rng: random.Random) -> str:
    return _inside_words(text, rng, rng.choice(_ZERO_WIDTH), rng.choice((1, 2)))


def _soft_hyphen(text: str, rng: random.Random) -> str:
    return _inside_words(text, rng, "\u00ad", rng.choice((1, 2, 3)))


def _bom_direction(text: str, rng: random.Random) -> str:
    mark = rng.choice(_DIRECTIONAL)
    choice = rng.randrange(3)
    if choice == 0:
        return "\ufeff" + text
    if choice == 1:
        return mark + text + rng.choice(_DIRECTIONAL)
    return text.replace(" ", f" {mark}", 1)


def _combining(text: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return unicodedata.normalize("NFD", text)  # й, ё written as letter + mark
    vowels = [i for i, ch in enumerate(text) if ch.lower() in "аеиоуыэюяіaeiou"]
    if not vowels:
        return text
    at = rng.choice(vowels) + 1
    return text[:at] + "\u0301" + text[at:]  # a stress mark


def _homoglyph(text: str, rng: random.Random) -> str:
    table = (
        _CYRILLIC_TO_LATIN if any("\u0400" <= c <= "\u04ff" for c in text) else (_LATIN_TO_CYRILLIC)
    )
    spots = [i for i, ch in enumerate(text) if ch in table]
    for at in rng.sample(spots, min(len(spots), rng.choice((1, 2, 3)))):
        text = text[:at] + table[text[at]] + text[at + 1 :]
    return text


def _case_punctuation(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    choice = rng.randrange(6)
    if choice == 0:
        return text.lower()
    if choice == 1:
        return "".join(c.upper() if i % 2 else c.lower() for i, c in enumerate(text))
    if choice == 2:
        return f"«{text}»"
    if choice == 3:
        return ",".join(words) if len(words) > 1 else text + "."
    if choice == 4:
        return "  ".join(words) + " ;"
    return " / ".join(words)


CORRUPTIONS = {
    "pasted:zero_width": _zero_width,
    "pasted:soft_hyphen": _soft_hyphen,
    "pasted:bom_direction": _bom_direction,
    "pasted:combining": _combining,
    "pasted:homoglyph": _homoglyph,
    "pasted:case_punctuation": _case_punctuation,
}


def _pasted_pairing(kind: str) -> Pairing:
    def make(rng: random.Random, gender: bool) -> tuple[Side, Side]:
        person = _draw(rng)
        a = _plain(rng)
        b = a if rng.random() < 0.5 else _plain(rng)
        text = render(person.name, b, rng)
        if kind == "pasted:all_at_once":
            for corrupt in rng.sample(list(CORRUPTIONS.values()), 3):
                text = corrupt(text, rng)
        else:
            text = CORRUPTIONS[kind](text, rng)
        return _side(person, a, rng, gender), replace(_side(person, b, rng, gender), name=text)

    return make


PAIRINGS: dict[str, Pairing] = {
    **{
        f"declined:{lang}:{CASE_WORDS[case]}": _declined_pairing(lang, case)
        for lang, case in PHRASES
    },
    "declined:application_header": _application_header,
    "declined:relative": _relative_in_document,
    "declined:namesake_other_patronymic": _namesake_in_document,
    **{kind: _pasted_pairing(kind) for kind in PASTED_KINDS},
}


def build_document_pairs(seed: int, per_kind: int = 200) -> list[LabelledPair]:
    """`per_kind` pairs of every declined-name, document look-alike and pasted-text kind."""
    rng = random.Random(seed + 13)
    pairs = []
    for kind in (*DECLINED_KINDS, *DECLINED_LOOKALIKE_KINDS, *PASTED_KINDS):
        make = PAIRINGS[kind]
        same = kind not in DECLINED_LOOKALIKE_KINDS
        for _ in range(per_kind):
            a, b = make(rng, rng.random() < 0.5)
            pairs.append(LabelledPair(a, b, same, kind))
    return pairs
