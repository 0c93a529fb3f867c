"""Raw input records and their normalized form: name parts by role, parsed date, folded fields."""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from vetting.matching.cases import explain, needs_reading, read_declined
from vetting.matching.dates import BirthDate, parse_date_leniently
from vetting.matching.names import given_name, patronymic, surname_stem
from vetting.matching.text import clean
from vetting.matching.translit import is_cyrillic, other_readings, skeleton, to_latin


@dataclass(frozen=True, slots=True)
class Record:
    """One person as received: a watchlist entry or an application, fields as written."""

    id: str
    name: str
    birth_date: str = ""
    gender: str = ""
    place_of_birth: str = ""
    unit: str = ""
    service_number: str = ""
    aliases: tuple[str, ...] = ()


class NameForm(NamedTuple):
    """One written name split by role, each part kept as written and as a skeleton.

    A named tuple rather than a dataclass: a million are built per watchlist.
    """

    surnames: tuple[str, ...]
    stems: tuple[str, ...]
    surname_display: tuple[str, ...]
    given: str  # name-group key when the name is known, else its skeleton
    given_known: bool
    given_diminutive: bool
    given_letters: frozenset[str]  # first letters the given name may be written with
    given_display: str
    patronymic: str  # father's name-group key, "?stem" if unknown, "" if absent
    patronymic_letter: str  # an initial standing in for the patronymic
    patronymic_display: str
    gender: str  # "m", "f" or "" as implied by the name
    gender_reason: str
    reading: str = ""  # how a declined name was read, for the explanation
    reading_doubtful: bool = False  # the written name reads as a nominative just as well


@dataclass(frozen=True, slots=True)
class Person:
    """A record with everything the scorer compares precomputed once."""

    record: Record
    names: tuple[NameForm, ...]
    birth: BirthDate
    gender: str
    place: str
    unit: str
    service_number: str

    @property
    def id(self) -> str:
        return self.record.id


# Apostrophes and the GOST 7.79-B backtick (Il`ya, Siniczy`n) stay inside a word.
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ`´ʹʺ]+[^\W\d_]+)*['’ʼ`´ʹʺ]*(\.)?")

_MALE = {"m", "male", "man", "м", "муж", "мужской", "мужчина", "ч", "чол", "чоловіча", "чоловік"}
_FEMALE = {"f", "female", "woman", "w", "ж", "жен", "женский", "женщина", "жін", "жіноча", "жінка"}

# Endings that mark a token as a surname when no given name is recognised.
_SURNAME_ENDINGS = ("enko", "uk", "ko", "iS", "ian", "dze", "Svili", "ov", "ev", "in", "ski", "Ci")


def normalize_gender(text: str) -> str:
    """Map the many ways of writing a sex on a form to "m", "f" or ""."""
    value = text.strip().casefold().rstrip(".")
    if value in _MALE:
        return "m"
    if value in _FEMALE:
        return "f"
    return ""


def _token_skeleton(word: str) -> str:
    # Scripts without a romanization table still compare with themselves.
    return skeleton(word) or word.casefold()


def _looks_like_surname(skel: str) -> bool:
    return surname_stem(skel)[1] != "" or skel.endswith(_SURNAME_ENDINGS)


def _pick_given(words: list[tuple[str, str]], cyrillic: bool) -> int | None:
    """Index of the given name among `words` when no comma or patronymic tells us."""
    if not words:
        return None
    known = [i for i, (_, skel) in enumerate(words) if given_name(skel) is not None]
    if len(known) == 1 or (known and len(words) == 1):
        return known[0]
    if known:
        unlike = [i for i in known if not _looks_like_surname(words[i][1])]
        pool = unlike or known
        # Russian documents put the surname first, Latin ones usually last.
        return pool[-1] if cyrillic else pool[0]
    if len(words) == 1:
        return None
    unlike = [i for i, (_, skel) in enumerate(words) if not _looks_like_surname(skel)]
    if len(unlike) == 1:
        return unlike[0]
    return len(words) - 1 if cyrillic and len(words) == 2 else (1 if cyrillic else 0)


@lru_cache(maxsize=1 << 17)
def parse_name(text: str) -> tuple[NameForm, ...]:
    """Split a written name into roles; an unrecognised given name adds the swapped reading.

    Pasted text is cleaned first; a Cyrillic name in an oblique case or inside a
    sentence ("от Шишкарёва Николая") is also read in the nominative.
    Cached: watchlists repeat names, and equal forms then share memory too.
    """
    text = clean(text)
    forms = _parse_plain(text)
    if not is_cyrillic(text):
        return forms
    words = [m[0] for m in _WORD.finditer(text)]
    known = any(_plainly_given(w) for w in words)
    if not needs_reading(words, known):
        return forms
    readings = read_declined(text)
    if not readings:
        return forms
    read: list[NameForm] = []
    for declined in readings:
        why = explain(declined)
        for form in _parse_plain(declined.name):
            if form not in forms or declined.document_words:
                read.append(form._replace(reading=why, reading_doubtful=declined.doubtful))
    if readings[0].document_words:
        return tuple(read)
    return forms + tuple(read)


def _plainly_given(word: str) -> bool:
    """A given name in the nominative that is no oblique form of another (Александра is both)."""
    found = given_name(_token_skeleton(word))
    if found is None:
        return False
    folded = word.casefold()
    if folded[-1:] in "ая":
        for stem in (folded[:-1], folded[:-1] + "й", folded[:-2] + "ий", folded[:-1] + "ь"):
            other = given_name(_token_skeleton(stem)) if len(stem) > 2 else None
            if other is not None and other[0].gender == "m" and other[0] != found[0]:
                return False
    return True


def _parse_plain(text: str) -> tuple[NameForm, ...]:
    before_comma, comma, _ = text.partition(",")
    words: list[tuple[str, str]] = []
    initials: list[tuple[str, str]] = []
    comma_at: int | None = None
    for m in _WORD.finditer(text):
        if comma and comma_at is None and m.start() >= len(before_comma):
            comma_at = len(words)
        word = m[0].rstrip(".").rstrip("'’ʼ`´ʹʺ")
        skel = _token_skeleton(word)
        if not skel:
            continue
        if len(word) == 1 or (m[1] and len(word) <= 2):
            initials.append((word, skel[0]))
        else:
            words.append((word, skel))
    cyrillic = is_cyrillic(text)

    patronymic_at: int | None = None
    father = ("", "")
    if len(words) >= 3:
        found = [(i, p) for i, (_, skel) in enumerate(words) if (p := patronymic(skel))]
        known = [(i, p) for i, p in found if not p[0].startswith("?")]
        unknown = [(i, p) for i, p in found if i > 0 and p[0].startswith("?")]
        chosen = known[0] if known else unknown[-1] if unknown else None
        if chosen is not None:
            patronymic_at, father = chosen

    rest = [(i, w) for i, w in enumerate(words) if i != patronymic_at]
    given_at: int | None = None
    if patronymic_at is not None and patronymic_at > 0 and patronymic_at - 1 != comma_at:
        given_at = patronymic_at - 1
        if comma_at is not None and given_at < comma_at:
            given_at = None
    if given_at is None and comma_at is not None and comma_at < len(words):
        after = [(i, w) for i, w in rest if i >= comma_at]
        if after:
            pick = _pick_given([w for _, w in after], cyrillic=False)
            given_at = after[pick if pick is not None else 0][0]
    if given_at is None and not (initials and len(rest) == 1):
        # With initials present a lone word is the surname (Н.А. Андреев).
        pick = _pick_given([w for _, w in rest], cyrillic)
        given_at = rest[pick][0] if pick is not None else None

    surnames = [w for i, w in rest if i != given_at]
    given = words[given_at] if given_at is not None else None
    given_initial = ""
    patronymic_initial = ""
    if initials:
        if given is None:
            given_initial = initials[0][1]
            if len(initials) > 1 and patronymic_at is None:
                patronymic_initial = initials[1][1]
        elif patronymic_at is None:
            patronymic_initial = initials[0][1]

    form = _name_form(
        surnames, given, given_initial, words, patronymic_at, father, patronymic_initial
    )
    if given is not None and not form.given_known and surnames:
        swapped = _name_form(
            [given, *surnames[1:]],
            surnames[0],
            "",
            words,
            patronymic_at,
            father,
            patronymic_initial,
        )
        return form, swapped
    return (form,)


def _name_form(
    surnames: list[tuple[str, str]],
    given: tuple[str, str] | None,
    given_initial: str,
    words: list[tuple[str, str]],
    patronymic_at: int | None,
    father: tuple[str, str],
    patronymic_initial: str,
) -> NameForm:
    stems_genders = [surname_stem(skel) for _, skel in surnames]
    # Other readings of ambiguous Latin letters ride along as extra surname entries.
    readings = [(word, alt) for word, _ in surnames for alt in other_readings(word)]
    alternatives = [(word, alt, surname_stem(alt)[0]) for word, alt in readings]
    gender, reason = "", ""
    key, known, diminutive, letters, display = "", False, False, frozenset[str](), ""
    if given is not None:
        display = given[0]
        found = given_name(given[1])
        if found is not None:
            group, diminutive = found
            key, known, letters = group.key, True, group.initials
            gender = group.gender
            reason = f"{'male' if gender == 'm' else 'female'} given name {display}"
        else:
            key, letters = given[1], frozenset(given[1][:1])
    elif given_initial:
        letters = frozenset(given_initial)
    patronymic_display = words[patronymic_at][0] if patronymic_at is not None else ""
    if not gender and father[1]:
        gender = father[1]
        kind = "masculine" if gender == "m" else "feminine"
        reason = f"{kind} patronymic {patronymic_display}"
    if not gender:
        for (word, _), (_, surname_gender) in zip(surnames, stems_genders, strict=True):
            if surname_gender:
                gender = surname_gender
                kind = "masculine" if gender == "m" else "feminine"
                reason = f"{kind} surname {word}"
                break
    return NameForm(
        surnames=tuple(skel for _, skel in surnames) + tuple(alt for _, alt, _ in alternatives),
        stems=tuple(stem for stem, _ in stems_genders) + tuple(st for _, _, st in alternatives),
        surname_display=tuple(word for word, _ in surnames) + tuple(w for w, _, _ in alternatives),
        given=key,
        given_known=known,
        given_diminutive=diminutive,
        given_letters=letters,
        given_display=display or (given_initial and f"{given_initial.upper()}."),
        patronymic=father[0],
        patronymic_letter=patronymic_initial,
        patronymic_display=patronymic_display,
        gender=gender,
        gender_reason=reason,
    )


# Words that say what kind of place it is, not which; dropped before comparing.
_PLACE_WORD_TEXT = (
    "г гор город пос село city town village st saint sankt san oblast область krai край"
    " republic республика district район raion на na on"
)
_PLACE_WORDS = frozenset(skeleton(w) for w in _PLACE_WORD_TEXT.split())
# English exonyms that romanization does not reach.
_EXONYMS = {
    skeleton(k): skeleton(v)
    for k, v in (("Moscow", "Москва"), ("Kiev", "Київ"), ("Kyiv", "Київ"), ("Odessa", "Одеса"))
}


@lru_cache(maxsize=1 << 16)
def _fold_place(text: str) -> str:
    """The settlement of a birthplace as skeletons: `г. Москва, Московская обл.` -> `moskva`."""
    settlement = text.split(",")[0]
    words = [_token_skeleton(w[0]) for w in _WORD.finditer(settlement)]
    kept = [_EXONYMS.get(w, w) for w in words if w and w not in _PLACE_WORDS]
    return " ".join(kept)


@lru_cache(maxsize=1 << 16)
def _fold_unit(text: str) -> str:
    # Unit names come in Russian and English; their numbers are what both share.
    numbers = re.findall(r"\d+", text)
    return " ".join(numbers) if numbers else " ".join(text.casefold().split())


@lru_cache(maxsize=1 << 16)
def _fold_code(text: str) -> str:
    # Service numbers mix Cyrillic and Latin look-alike letters (АБ / AB).
    return "".join(c if c.isdigit() else to_latin(c).upper() for c in text if c.isalnum())


def normalize(record: Record) -> Person:
    """Precompute the comparable form of a record; never fails on odd input."""
    names: list[NameForm] = []
    for text in (record.name, *record.aliases):
        for form in parse_name(text):
            if form not in names:
                names.append(form)
    return Person(
        record=record,
        names=tuple(names),
        birth=parse_date_leniently(record.birth_date),
        gender=normalize_gender(record.gender),
        place=_fold_place(record.place_of_birth),
        unit=_fold_unit(record.unit),
        service_number=_fold_code(record.service_number),
    )


# Below this many records a second process costs more than it saves.
PARALLEL_FROM = 20_000
_CHUNK = 5_000
# Set in the parent before forking, so that workers read the records copy-on-write.
_batch: Sequence[Record] = ()


def _normalize_range(bounds: tuple[int, int]) -> list[tuple[object, ...]]:
    # Everything but the record, which the parent holds: it would double what is pickled back.
    return [
        (p.names, p.birth, p.gender, p.place, p.unit, p.service_number)
        for p in map(normalize, _batch[bounds[0] : bounds[1]])
    ]


def normalize_all(records: Sequence[Record], workers: int = 2) -> list[Person]:
    """`normalize` every record, in order; a large batch in `workers` processes (at most one
    per core), since a million records take a minute and a half on one."""
    workers = min(workers, os.cpu_count() or 1)
    if workers < 2 or len(records) < PARALLEL_FROM:
        return [normalize(record) for record in records]
    global _batch
    _batch = records
    try:
        bounds = [(i, min(len(records), i + _CHUNK)) for i in range(0, len(records), _CHUNK)]
        people: list[Person] = []
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.imap(_normalize_range, bounds)
            for (start, stop), part in zip(bounds, parts, strict=True):
                people.extend(
                    Person(record, *fields)  # type: ignore[arg-type]
                    for record, fields in zip(records[start:stop], part, strict=True)
                )
        return people
    finally:
        _batch = ()
