"""Names as documents write them: in any grammatical case, after the document's own words.

A written application is headed "Командиру … от Шишкарёва Николая
Александровича", a report says "беседа с Шишкарёвым Н. А." and a Ukrainian
certificate "видано Шишкарьову Миколі Олександровичу". `read_declined` finds
the name in such text and puts it back in the nominative with pymorphy3's
Russian and Ukrainian dictionaries (OpenCorpora and the Ukrainian
dictionary of the brown-uk project), choosing the one case and sex in which
every word of the name agrees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any, NamedTuple

# Words after which a name follows, with the case they put it in.
PREPOSITIONS: dict[str, str] = {
    "от": "gent", "у": "gent", "для": "gent", "из": "gent", "без": "gent", "від": "gent",
    "до": "gent", "со": "ablt", "с": "ablt", "з": "ablt", "із": "ablt", "зі": "ablt",
    "о": "loct", "об": "loct", "при": "loct", "про": "accs", "к": "datv", "ко": "datv",
}  # fmt: skip

# Words of address and rank that stand before a name in letters and reports.
_DOCUMENT_WORD_TEXT = (
    "шановний шановна шановне уважаемый уважаемая дорогой дорогая гражданин гражданка"
    " громадянин громадянка гр товарищ пан пані господин госпожа командиру начальнику"
    " рядовой рядовому рядового солдат солдату сержант сержанту заявление заява рапорт"
    " справка довідка кандидат кандидату"
)
DOCUMENT_WORDS = frozenset(_DOCUMENT_WORD_TEXT.split())

CASE_NAMES: dict[str, str] = {
    "nomn": "nominative", "gent": "genitive", "datv": "dative", "accs": "accusative",
    "ablt": "instrumental", "loct": "locative", "voct": "vocative",
    "gen2": "genitive", "acc2": "accusative", "loc2": "locative",
}  # fmt: skip

_ROLES = ("Name", "Surn", "Patr")
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ'’ʼ]|ьо")
_RUSSIAN = re.compile(r"[ыэъёЫЭЪЁ]")
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*\.?")
# Oblique endings of patronymics: -ича, -ичу, -ичем; -овны, -івні, -івною ...
_OBLIQUE_PATRONYMIC = re.compile(r"(?:вич|віч|ьич|вн|ічн|ичн)(?:а|у|ем|е|ом|ю|ы|і|и|ой|ою|ей|о)$")


@dataclass(frozen=True, slots=True)
class ReadWord:
    """One word of a declined name and the nominative it was read as."""

    written: str
    case: str  # a key of CASE_NAMES
    nominative: str


@dataclass(frozen=True, slots=True)
class DeclinedName:
    """A name found in document text, in the nominative, with how each word was read."""

    name: str
    words: tuple[ReadWord, ...]
    document_words: bool  # words other than the name were dropped
    doubtful: bool = False  # the text reads as a nominative name just as well


class _Analysis(NamedTuple):
    case: str
    gender: str  # "m", "f" or "" when the form serves both
    role: str  # "Name", "Surn", "Patr" or "" for any other noun
    score: float
    nominative: str


@cache
def _analyzers() -> dict[str, Any]:
    import pymorphy3  # imported late: most names never need it

    return {lang: pymorphy3.MorphAnalyzer(lang=lang) for lang in ("ru", "uk")}


def _nominative(lang: str, parse: Any, role: str, gender: str) -> str:
    if lang == "ru" and role in ("Surn", "Patr") and gender == "f":
        # Russian dictionaries give the masculine Иванов as the lemma of Ивановой
        # (and Иванович of Ивановны).
        inflected = parse.inflect({"nomn", "sing"})
        if inflected is not None:
            return str(inflected.word)
    return str(parse.normal_form)


# How much a reading of one word counts, by what the dictionary says it is;
# a form the dictionary only guessed (an unknown surname) counts half.
_ROLE_WEIGHT = {"Name": 1.0, "Patr": 1.0, "Surn": 0.8, "": 0.2}
_RULE_WEIGHT = 0.6

# Endings of declined possessive and adjectival surnames, for surnames the
# dictionaries do not know: (ending, nominative ending, gender, cases).
SURNAME_RULES: tuple[tuple[str, str, str, str], ...] = (
    ("ского", "ский", "m", "gent accs"),
    ("скому", "ский", "m", "datv"),
    ("ским", "ский", "m", "ablt"),
    ("ском", "ский", "m", "loct"),
    ("ської", "ська", "f", "gent"),
    ("ській", "ська", "f", "datv loct"),
    ("ську", "ська", "f", "accs"),
    ("ською", "ська", "f", "ablt"),
    ("ского", "ський", "m", "gent accs"),
    ("ському", "ський", "m", "datv loct"),
    ("ським", "ський", "m", "ablt"),
    ("ской", "ская", "f", "gent datv ablt loct"),
    ("скую", "ская", "f", "accs"),
    ("енка", "енко", "m", "gent accs"),
    ("енку", "енко", "m", "datv loct voct"),
    ("енкові", "енко", "m", "datv loct"),
    ("енком", "енко", "m", "ablt"),
)
for _stem in ("ов", "ев", "ёв", "ьов", "єв", "ин", "ын", "ін"):
    SURNAME_RULES += (
        (_stem + "а", _stem, "m", "gent accs"),
        (_stem + "у", _stem, "m", "datv loct"),
        (_stem + "ым", _stem, "m", "ablt"),
        (_stem + "им", _stem, "m", "ablt"),
        (_stem + "е", _stem, "m", "loct voct"),
        (_stem + "ові", _stem, "m", "datv loct"),
        (_stem + "ой", _stem + "а", "f", "gent datv ablt loct"),
        (_stem + "ої", _stem + "а", "f", "gent"),
        (_stem + "ій", _stem + "а", "f", "datv loct"),
        (_stem + "у", _stem + "а", "f", "accs"),
        (_stem + "ою", _stem + "а", "f", "ablt"),
    )


def _by_rule(word: str) -> list[_Analysis]:
    folded = word.casefold()
    found = []
    for ending, nominative, gender, cases in SURNAME_RULES:
        if folded.endswith(ending) and len(folded) > len(ending) + 1:
            lemma = folded[: -len(ending)] + nominative
            found += [
                _Analysis(case, gender, "Surn", _RULE_WEIGHT, lemma) for case in cases.split()
            ]
    return found


class _Word(NamedTuple):
    analyses: tuple[_Analysis, ...]
    document_word: bool  # a known word that is no part of a name (Командиру, Шановний)


# Surnames repeat less than given names: a million applications read some hundred thousand words.
@lru_cache(maxsize=1 << 18)
def _analyses(word: str, langs: tuple[str, ...]) -> _Word:
    found: dict[tuple[str, str, str, str], _Analysis] = {}
    named = False
    plain = False
    for lang in langs:
        for parse in _analyzers()[lang].parse(word):
            tag = parse.tag
            role = next((r for r in _ROLES if r in tag), "")
            named = named or bool(role)
            plain = plain or (not role and parse.is_known)
            if tag.POS != "NOUN" or not tag.case or "plur" in tag or str(tag.gender) == "neut":
                continue
            gender = {"masc": "m", "femn": "f"}.get(str(tag.gender), "")
            weight = _ROLE_WEIGHT[role] * (1.0 if parse.is_known else 0.5)
            nominative = _nominative(lang, parse, role, gender)
            key = (str(tag.case), gender, role, nominative)
            if key not in found or found[key].score < weight:
                found[key] = _Analysis(str(tag.case), gender, role, weight, nominative)
    ruled = _by_rule(word)
    covered = {(a.case, a.gender) for a in found.values() if a.role == "Surn"}
    for rule in ruled:
        if (rule.case, rule.gender) not in covered:
            found.setdefault((rule.case, rule.gender, rule.role, rule.nominative), rule)
    document = word.casefold() in DOCUMENT_WORDS or (plain and not named and not ruled)
    return _Word(tuple(found.values()), document)


def _name_span(text: str) -> tuple[list[str], str, bool]:
    """The name's words in `text`, the case a preposition asks, and whether words were dropped.

    Words in lower case next to capitalised ones, and prepositions, are the
    document's; the longest run of the others (the last of equals) is the name.
    """
    words = [m[0] for m in _WORD.finditer(text)]
    titled = any(w[:1].isupper() and not w.isupper() for w in words)
    shouting = not titled and all(w.isupper() for w in words)
    runs: list[tuple[list[str], str]] = [([], "")]
    for word in words:
        bare = word.rstrip(".")
        folded = bare.casefold()
        preposition = folded in PREPOSITIONS and (bare.islower() or (shouting and len(bare) > 1))
        lowercase = titled and bare.islower()
        if preposition or lowercase or folded in DOCUMENT_WORDS:
            runs.append(([], PREPOSITIONS.get(folded, "") if preposition else ""))
        else:
            runs[-1][0].append(word)
    best = max(range(len(runs)), key=lambda i: (sum(len(w) > 2 for w in runs[i][0]), i))
    span, case = runs[best]
    return span, case, len(span) != len(words)


def needs_reading(words: list[str], has_given_name: bool) -> bool:
    """Cheap test: could this Cyrillic name be written in an oblique case or inside a sentence?"""
    if not has_given_name:
        return True
    for word in words:
        folded = word.casefold()
        if folded in PREPOSITIONS or folded in DOCUMENT_WORDS:
            return True
        if _OBLIQUE_PATRONYMIC.search(folded):
            return True
        if word.islower() and any(w[:1].isupper() for w in words):
            return True
    return False


def _is_initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1


def _languages(text: str) -> tuple[str, ...]:
    if _UKRAINIAN.search(text) and not _RUSSIAN.search(text):
        return ("uk",)
    if _RUSSIAN.search(text) and not _UKRAINIAN.search(text):
        return ("ru",)
    return ("ru", "uk")


def read_declined(text: str, lang: str = "") -> tuple[DeclinedName, ...]:
    """Nominative readings of the name in `text`, likeliest first; none when it already is one.

    A name the grammar leaves open (Новикова Д. А.: a woman, or the genitive of
    Новиков) gets both readings; the other record's name decides between them.
    `lang` ("ru" or "uk") reads a name whose letters fit both languages in that one.
    """
    span, asked, dropped = _name_span(text)
    langs = _languages(text)
    if lang in langs and len(langs) > 1:
        langs = (lang,)
    words = [(w, _analyses(w, langs)) for w in span if not _is_initial(w)]
    while len(words) > 1 and words[0][1].document_word:
        span = span[span.index(words[0][0]) + 1 :]
        words.pop(0)
        dropped = True
    if not words:
        return ()
    totals: dict[tuple[str, str], float] = {}
    for case in CASE_NAMES:
        for gender in ("m", "f"):
            total = 0.0
            for _, word in words:
                scores = [
                    a.score for a in word.analyses if a.case == case and a.gender in (gender, "")
                ]
                total += max(scores) if scores else -1.0
            totals[case, gender] = total + 0.5 * (case == asked)
    ranked = sorted(totals, key=lambda k: -totals[k])
    best = totals[ranked[0]]
    # Bare "Н. Шишкарёва" on a list is a woman's name more often than a genitive.
    open_reading = not asked and not dropped and max(totals["nomn", g] for g in "mf") >= best - 0.2
    readings: list[DeclinedName] = []
    for case, gender in ranked:
        if totals[case, gender] <= max(best - 0.5, 0.0) or len(readings) == 2:
            break
        reading = _reading(span, words, case, gender, dropped)
        if reading is not None and open_reading:
            reading = replace(reading, doubtful=True)
        if reading is not None and all(r.name != reading.name for r in readings):
            readings.append(reading)
    return tuple(readings)


def _reading(
    span: list[str], words: list[tuple[str, _Word]], case: str, gender: str, dropped: bool
) -> DeclinedName | None:
    read: list[ReadWord] = []
    out: list[str] = []
    analysed = dict(words)
    for word in span:
        found = analysed.get(word)
        fits = (
            [a for a in found.analyses if a.case == case and a.gender in (gender, "")]
            if found
            else []
        )
        if not fits:
            out.append(word)
            continue
        chosen = max(fits, key=lambda a: a.score)
        nominative = _restore_case(chosen.nominative, word)
        out.append(nominative)
        if nominative.casefold() != word.casefold():
            read.append(ReadWord(word, case, nominative))
    if not read and not dropped:
        return None
    return DeclinedName(" ".join(out), tuple(read), dropped)


def _restore_case(lemma: str, written: str) -> str:
    if written.isupper() and len(written) > 1:
        return lemma.upper()
    if written[:1].isupper():
        return "-".join(part[:1].upper() + part[1:] for part in lemma.split("-"))
    return lemma


def explain(reading: DeclinedName) -> str:
    """What was read, in words: `Шишкарёва: genitive of Шишкарёв; Николая: genitive of Николай`."""
    return "; ".join(f"{w.written}: {CASE_NAMES[w.case]} of {w.nominative}" for w in reading.words)
