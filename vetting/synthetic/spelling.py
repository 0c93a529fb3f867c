"""How one person's name ends up written on a given document.

A ``Spelling`` fixes every choice (script, romanization system, order, case,
patronymic, typo); ``random_spelling`` draws those choices the way each intake
channel tends to make them.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, replace
from typing import Literal

from vetting.synthetic.names import FullName
from vetting.synthetic.romanization import SYSTEMS, romanize_word

Order = Literal["given_first", "surname_first", "surname_comma"]

# French equivalents that emigrés and French-language documents use in place
# of a transliteration (Николай → Nicolas).
FRENCH_GIVEN: dict[str, str] = {
    "Николай": "Nicolas",
    "Александр": "Alexandre",
    "Пётр": "Pierre",
    "Михаил": "Michel",
    "Павел": "Paul",
    "Георгий": "Georges",
    "Константин": "Constantin",
    "Андрей": "André",
    "Алексей": "Alexis",
    "Евгений": "Eugène",
    "Лев": "Léon",
    "Яков": "Jacques",
    "Елена": "Hélène",
    "Мария": "Marie",
    "Екатерина": "Catherine",
    "Анна": "Anne",
    "Наталья": "Nathalie",
    "Ирина": "Irène",
    "Анастасия": "Anastasie",
}

RUSSIAN_LETTERS = "абвгдежзийклмнопрстуфхцчшщыьэюя"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True, slots=True)
class Spelling:
    """Every choice that decides how a name is written on one document."""

    script: Literal["cyrillic", "latin"] = "cyrillic"
    system: str = "bgn_pcgn"
    ukrainian: bool = False
    yo_as_e: bool = False
    order: Order = "surname_first"
    patronymic: bool = True
    initials: bool = False
    caps: bool = False
    gallicized: bool = False
    typo: bool = False


def _parts(name: FullName, spelling: Spelling) -> tuple[str, str, str]:
    ukrainian = spelling.ukrainian or (
        spelling.script == "latin" and SYSTEMS[spelling.system].ukrainian
    )
    if ukrainian:
        surname, given, patronymic = name.surname_uk, name.given_uk, name.patronymic_uk
    else:
        surname, given, patronymic = name.surname, name.given, name.patronymic
        if spelling.yo_as_e:
            surname, given, patronymic = (
                surname.replace("ё", "е"),
                given.replace("ё", "е"),
                patronymic.replace("ё", "е"),
            )
    if spelling.script == "latin":
        key = spelling.system
        french_given = FRENCH_GIVEN.get(name.given) if spelling.gallicized else None
        surname = romanize_word(surname, key)
        given = french_given or romanize_word(given, key)
        patronymic = romanize_word(patronymic, key)
    return surname, given, patronymic


def render(name: FullName, spelling: Spelling, rng: random.Random | None = None) -> str:
    """The name as written under ``spelling``; ``rng`` places the typo, if any."""
    surname, given, patronymic = _parts(name, spelling)
    if spelling.initials:
        given = given[0] + "."
        patronymic = patronymic[0] + "."
    forenames = f"{given} {patronymic}" if spelling.patronymic else given
    if spelling.order == "given_first":
        text = f"{forenames} {surname}"
    elif spelling.order == "surname_comma":
        text = f"{surname}, {forenames}"
    else:
        text = f"{surname} {forenames}"
    if spelling.typo:
        text = misspell(text, rng or random.Random(text))
    return text.upper() if spelling.caps else text


def misspell(text: str, rng: random.Random) -> str:
    """One substitution, deletion, transposition or insertion inside a word of ``text``.

    The first letter of a word is kept: people and OCR rarely get it wrong,
    and a clerk re-reading the list would notice.
    """
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) >= 4 and w[-1] not in ".,"]
    if not candidates:
        return text
    index = rng.choice(candidates)
    word = words[index]
    alphabet = RUSSIAN_LETTERS if any("а" <= c.lower() <= "я" for c in word) else LATIN_LETTERS
    for _ in range(10):
        pos = rng.randrange(1, len(word))
        op = rng.randrange(4)
        if op == 0:
            new = word[:pos] + rng.choice(alphabet) + word[pos + 1 :]
        elif op == 1:
            new = word[:pos] + word[pos + 1 :]
        elif op == 2 and pos + 1 < len(word):
            new = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]
        else:
            new = word[:pos] + rng.choice(alphabet) + word[pos:]
        if new.lower() != word.lower():
            words[index] = new
            return " ".join(words)
    return text


# Romanization systems by channel: self-typed names follow English-language
# habits (BGN/PCGN), imported records come from passports (ICAO since 2013,
# French-style in old Soviet passports) or Ukrainian registries (national system).
_LATIN_SYSTEMS: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    "portal": (
        ("bgn_pcgn", "icao", "ukrainian", "german", "french", "iso9", "gost_b"),
        (0.45, 0.25, 0.08, 0.06, 0.06, 0.05, 0.05),
    ),
    "paper": (
        ("ukrainian", "bgn_pcgn", "icao", "french", "german", "iso9", "gost_b"),
        (0.45, 0.2, 0.2, 0.05, 0.04, 0.03, 0.03),
    ),
    "import": (
        ("icao", "ukrainian", "bgn_pcgn", "french", "iso9", "german", "gost_b"),
        (0.45, 0.25, 0.12, 0.08, 0.04, 0.03, 0.03),
    ),
}

_LATIN_CUM = {
    channel: tuple(itertools.accumulate(weights))
    for channel, (_, weights) in _LATIN_SYSTEMS.items()
}

# (latin share of caps, surname-first share, "SURNAME, Given" share, patronymic share)
_LATIN_HABITS: dict[str, tuple[float, float, float, float]] = {
    "portal": (0.1, 0.25, 0.05, 0.3),
    "paper": (0.4, 0.5, 0.1, 0.4),
    "import": (0.7, 0.4, 0.2, 0.3),
}


def random_spelling(
    rng: random.Random, channel: str, script: Literal["cyrillic", "latin"], typo_rate: float = 0.02
) -> Spelling:
    """The spelling choices a document from ``channel`` typically makes."""
    typo = rng.random() < typo_rate
    if script == "cyrillic":
        if channel == "paper":
            # Ukrainian officers transcribing handwritten forms often use Ukrainian forms.
            return Spelling(
                script="cyrillic",
                ukrainian=rng.random() < 0.4,
                yo_as_e=rng.random() < 0.6,
                order="surname_first" if rng.random() < 0.8 else "given_first",
                patronymic=rng.random() < 0.85,
                initials=rng.random() < 0.02,
                caps=rng.random() < 0.2,
                typo=rng.random() < typo_rate * 2,
            )
        return Spelling(
            script="cyrillic",
            yo_as_e=rng.random() < 0.5,
            order="surname_first" if rng.random() < 0.6 else "given_first",
            patronymic=rng.random() < 0.8,
            caps=rng.random() < (0.1 if channel == "import" else 0.04),
            typo=typo,
        )
    systems, _ = _LATIN_SYSTEMS[channel]
    system = rng.choices(systems, cum_weights=_LATIN_CUM[channel])[0]
    caps, surname_first, comma, patronymic = _LATIN_HABITS[channel]
    roll = rng.random()
    order: Order = "given_first"
    if roll < comma:
        order = "surname_comma"
    elif roll < surname_first:
        order = "surname_first"
    return Spelling(
        script="latin",
        system=system,
        yo_as_e=rng.random() < 0.5,
        order=order,
        patronymic=rng.random() < patronymic,
        caps=rng.random() < caps,
        gallicized=system == "french" and rng.random() < 0.3,
        typo=typo,
    )


def without_typo(spelling: Spelling) -> Spelling:
    """The same spelling, written carefully."""
    return replace(spelling, typo=False)
