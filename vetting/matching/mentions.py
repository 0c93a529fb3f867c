"""People named inside texts: statements, interview notes and check findings.

A statement says "в плену я был вместе с Сергеем Кузнецовым", a finding
"беседа с Шишкарёвым Н. А.", an interview note "мене завербував Петренко І. В.".
`extract_mentions` finds the person names in such text and reads each in the
nominative, so the matcher can look it up. Candidates come from natasha's
named-entity tagger (slovnet, trained on Russian news) and from rules for what
it misses: Ukrainian names the pymorphy3 dictionaries know, initials on either
side of a surname, and a capitalised word after a rank or a kinship word. A
candidate every word of which is a place, or an ordinary word, is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

from vetting.matching.cases import (
    CASE_NAMES,
    PREPOSITIONS,
    SURNAME_RULES,
    DeclinedName,
    read_declined,
)
from vetting.matching.text import clean


@dataclass(frozen=True, slots=True)
class Mention:
    """A person named in a text: as written, where, and read in the nominative."""

    written: str
    sentence: str
    start: int  # sentence[start:end] == written
    end: int
    name: str  # the nominative read, or the name as written when it already is one
    reading: str = ""  # how the words were read ("Шишкарёвым: instrumental of Шишкарёв")
    others: tuple[str, ...] = ()  # other readings the grammar leaves open


# Ranks, posts and kin before a name: a capitalised word after one is a person
# ("полковник Мельник", "брат Коваль"), whatever else the word may mean.
_TITLE_TEXT = (
    "рядовой рядового рядовому рядовым солдат солдата солдату солдатом ефрейтор ефрейтора"
    " сержант сержанта сержантом старшина старшины прапорщик прапорщика лейтенант лейтенанта"
    " лейтенантом капитан капитана капитаном майор майора майором подполковник подполковника"
    " полковник полковника полковником генерал генерала генералом командир командира"
    " командиром командиру комбат комбата комроты ротный взводный замполит следователь"
    " следователя следователем начальник начальника начальником надзиратель надзирателя"
    " вербовщик вербовщика куратор куратора куратором офицер офицера офицером сослуживец"
    " сослуживца сослуживцем товарищ товарища гражданин гражданина господин господина"
    " брат брата братом сестра сестры сестрой отец отца отцом мать матери жена жены"
    " женой муж мужа мужем сын сына дочь дочери дядя дяди"
    " рядовий рядового рядовим солдата солдатом єфрейтор сержанта сержантом старшина"
    " прапорщика лейтенанта лейтенантом капітан капітана капітаном майора майором"
    " підполковник підполковника полковника полковником генерала командира командиром"
    " командирові командиру комбата слідчий слідчого слідчим начальника начальником"
    " наглядач наглядача вербувальник вербувальника куратора куратором офіцер офіцера"
    " офіцером пане пани побратим побратима побратимом товариша громадянин громадянина пан пана"
    " пані брата братом сестри сестрою батько батька батьком мати матері дружина дружини"
    " дружиною чоловік чоловіка син сина донька доньки дядько дядька"
)
TITLE_WORDS = frozenset(_TITLE_TEXT.split())

# Places an applicant's text names most (settlements, camps, regions), by the
# nominative that pymorphy3 or a stem gives: capitalised and declined like
# names, they are what the dictionaries most often misread as one (Києві: Кий).
_PLACE_TEXT = (
    "київ києв kyiv харків харьков харков донецьк луганськ маріуполь мариуполь одеса одесса"
    " дніпро днепр львів львов запоріжжя запорожье херсон миколаїв николаев бахмут артемівськ"
    " оленівка еленовка ізюм изюм суми сумы чернігів чернигов полтава крим крым севастополь"
    " сімферополь симферополь горлівка горловка макіївка макеевка єнакієве енакиево"
    " волноваха мелітополь мелитополь бердянськ бердянск кадіївка стаханов алчевськ алчевск"
    " москва петербург санкт-петербург курськ курск брянськ брянск ростов таганрог бєлгород"
    " белгород воронеж смоленськ смоленск новочеркаськ новочеркасск рязань тверь тула"
    " мордовія мордовия кизел кизел краснодар новосибірськ новосибирск волгоград самара"
    " казань уфа пермь челябінськ челябинск тамбов липецьк липецк калуга псков"
    " україна украина росія россия білорусь беларусь донбас донбасс русь европа європа"
    " ічня вовчанськ волчанск куп'янськ купянск лисичанськ лисичанск сєвєродонецьк"
    " северодонецк авдіївка авдеевка мар'їнка марьинка попасна попасная соледар хрест крест"
)
PLACES = frozenset(_PLACE_TEXT.split())

# Words after which a capitalised word names a street, a settlement or a unit, not a person
# (улица Ленина, імені Шевченка).
_PLACE_BEFORE_TEXT = (
    "улица улицы улице улицу ул пр проспект проспекта проспекте площадь площади пл переулок"
    " переулке пер имени им город города городе г село села селе пгт станция станции лагерь"
    " колония колонии бригада бригады бригаде вулиця вулиці вулицю вул провулок провулку"
    " площа площі імені ім місто міста місті м селі смт станція табір табору таборі колонія"
    " бригади бригаді район района районі области області"
)
PLACE_BEFORE = frozenset(_PLACE_BEFORE_TEXT.split())
# "Near" words: a lone word after one that no dictionary knows as a name is a village
# (біля Роботиного), not a person.
NEAR = frozenset(["біля", "поблизу", "неподалік", "возле", "около", "вблизи", "под", "під"])
# ... and words after which it names a region (Курській області).
_PLACE_AFTER_TEXT = (
    "область области області обл район района районе району районі край края краю крае"
    " губернии губернії республика республики республіка республіки"
)
PLACE_AFTER = frozenset(_PLACE_AFTER_TEXT.split())

_ROLES = ("Name", "Surn", "Patr")
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*")
_INITIALS = re.compile(r"(?<![^\W\d_])[А-ЯЁІЇЄҐ]\.")
_CYRILLIC = re.compile(r"[а-яёіїєґ]", re.IGNORECASE)
_UKRAINIAN = re.compile(r"[іїєґ]", re.IGNORECASE)
_SURNAME_ENDINGS = tuple(
    {rule[0] for rule in SURNAME_RULES}
    | {"енко", "чук", "щук", "юк", "ук", "ський", "ська", "цький", "цька", "ский", "ская"}
    | {"ов", "ев", "ёв", "ьов", "єв", "ін", "ин", "ына", "ова", "ева", "іна", "ина", "швили"}
    | {"дзе", "ян", "ич"}
)


class _Token(NamedTuple):
    text: str
    start: int
    end: int
    initial: bool


class _Look(NamedTuple):
    """What the dictionaries say of one capitalised word, as a person name."""

    strength: int  # 2: a given name, patronymic or surname they know; 1: unknown; 0: none
    place: bool
    ordinary: bool  # a word they know that is rather no name (Разом, Видано, Мельник in Russian)
    primary: bool  # a name in the text's own language's dictionary (Беседа is one in Ukrainian)


@cache
def _analyzers() -> dict[str, Any]:
    import pymorphy3  # imported late, like the matcher's own

    return {lang: pymorphy3.MorphAnalyzer(lang=lang) for lang in ("ru", "uk")}


@cache
def _tagger() -> tuple[Any, Any, Any]:
    """natasha's sentence splitter, named-entity tagger and the word embedding they read,
    loaded once (about two seconds)."""
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    embedding = NewsEmbedding()
    return Segmenter(), NewsNERTagger(embedding), embedding


@lru_cache(maxsize=1 << 15)
def _look(word: str, langs: tuple[str, ...]) -> _Look:
    """Weighs the name readings of a word against its place and ordinary readings, by
    pymorphy3's scores: Борисов is a town too, Попов a plural of поп, but a surname first."""
    person = place = ordinary = 0.0
    known = strength = 0
    primary = False
    for lang in langs:
        for parse in _analyzers()[lang].parse(word)[:8]:
            grammemes = parse.tag.grammemes
            score = float(parse.score)
            known = known or parse.is_known
            if parse.normal_form in PLACES:
                place = 1.0
            if any(role in grammemes for role in _ROLES):
                person = max(person, score)
                strength = max(strength, 2 if parse.is_known else 1)
                primary = primary or lang == langs[0]
            elif "Geox" in grammemes:
                place = max(place, min(score, 0.99))
            elif parse.is_known:
                ordinary = max(ordinary, score)
    folded = word.casefold()
    surname_like = folded.endswith(_SURNAME_ENDINGS) and ordinary < 0.5
    if not known or surname_like:
        strength = max(strength, 1)
    if strength < 2 and _declined_surname(folded):
        # Хасановим, Шишкарьовим: a surname declined like an adjective.
        strength, ordinary = max(strength, 1), 0.0
    is_place = folded in PLACES or place > person or place == 1.0
    return _Look(strength, is_place, ordinary > person, primary)


def _declined_surname(folded: str) -> bool:
    return any(
        folded.endswith(ending) and len(folded) > len(ending) + 2 for ending, *_ in SURNAME_RULES
    )


def _tokens(sentence: str) -> list[_Token]:
    found = [_Token(m[0], m.start(), m.end(), False) for m in _WORD.finditer(sentence)]
    found += [_Token(m[0], m.start(), m.end(), True) for m in _INITIALS.finditer(sentence)]
    return sorted(
        (t for t in found if t.initial or not _is_initial_letter(t, sentence)),
        key=lambda t: t.start,
    )


def _is_initial_letter(token: _Token, sentence: str) -> bool:
    return len(token.text) == 1 and sentence[token.end : token.end + 1] == "."


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and bool(_CYRILLIC.search(word))


def _languages(text: str, lang: str) -> tuple[str, ...]:
    if lang in ("ru", "uk"):
        return (lang,) if lang == "uk" or not _UKRAINIAN.search(text) else ("uk", "ru")
    return ("uk", "ru") if _UKRAINIAN.search(text) else ("ru", "uk")


def _runs(tokens: list[_Token], sentence: str) -> Iterator[list[int]]:
    """Indexes of runs of capitalised words and initials, broken by anything else."""
    run: list[int] = []
    for i, token in enumerate(tokens):
        gap = sentence[tokens[i - 1].end : token.start] if run else ""
        joins = token.initial or _capitalised(token.text)
        if run and (not joins or gap.strip(" .") or "\n" in gap):
            yield run
            run = []
        if joins:
            run.append(i)
    if run:
        yield run


def _name_like(look: _Look, strict: bool = False) -> bool:
    if look.place:
        return False
    if strict:
        return look.strength == 2 and look.primary and not look.ordinary
    return look.strength == 2 or (look.strength == 1 and not look.ordinary)


def _sentence_start(sentence: str) -> int:
    return len(sentence) - len(sentence.lstrip(' "«(—-–'))


def _stretch(
    run: list[int], tokens: list[_Token], sentence: str, langs: tuple[str, ...], lenient: bool
) -> list[int]:
    """The longest stretch of a run that can be a name: ranks, prepositions, places and
    ordinary words at its edges (Розмова з, Пан, Вербувальник) left out. `lenient` (a span
    natasha tagged) lets an ordinary word in, but for the sentence's first."""
    opening = _sentence_start(sentence)
    stretches: list[list[int]] = [[]]
    for i in run:
        token = tokens[i]
        folded = token.text.casefold()
        look = _look(token.text, langs) if not token.initial else None
        first = token.start == opening
        fits = look is None or (
            folded not in TITLE_WORDS
            and folded not in PREPOSITIONS
            and (_name_like(look, strict=first) or (lenient and not first and not look.place))
        )
        (stretches[-1].append(i) if fits else stretches.append([]))
    return max(stretches, key=len)


def _names_a_place(tokens: list[_Token], first: int, langs: tuple[str, ...]) -> bool:
    """After улица, імені, м.: a street, a hospital, a town; but "от имени Зуева" is a man's."""
    before = tokens[first - 1].text.casefold() if first > 0 else ""
    if before in ("имени", "імені") and first > 1:
        return tokens[first - 2].text.casefold() not in ("от", "від")
    return before in PLACE_BEFORE


def _adjective(tokens: list[_Token], at: int, langs: tuple[str, ...]) -> bool:
    """A capitalised adjective before the noun it goes with (Шахтинським військкоматом)."""
    word = tokens[at].text.casefold()
    if at + 1 >= len(tokens) or not re.search(
        r"ск(?:ий|ого|ому|им|ом|ой|ая|ую|ий|ому|ім|ій|а|у|ою|е)$|ськ", word
    ):
        return False
    following = tokens[at + 1].text
    if not following.islower():
        return False
    parse = _analyzers()[langs[0]].parse(following)[0]
    return parse.tag.POS == "NOUN" and "anim" not in parse.tag.grammemes


def _context(tokens: list[_Token], first: int, last: int, sentence: str) -> tuple[str, str, bool]:
    """The words just before and after tokens[first..last], and whether quotes enclose them."""
    before = tokens[first - 1].text.casefold() if first > 0 else ""
    after = tokens[last + 1].text.casefold() if last + 1 < len(tokens) else ""
    opening = sentence[: tokens[first].start].rstrip()[-1:]
    closing = sentence[tokens[last].end :].lstrip()[:1]
    return before, after, opening in '«"„“' and opening != "" and closing in '»"“”'


def _spans(
    tokens: list[_Token],
    sentence: str,
    langs: tuple[str, ...],
    entities: list[tuple[str, int, int]],
) -> Iterator[tuple[int, int]]:
    """Spans taken for a name: natasha's persons and the rules' runs, each trimmed."""
    people = [(a, b) for kind, a, b in entities if kind == "PER"]
    others = [(a, b) for kind, a, b in entities if kind != "PER"]
    for run in _runs(tokens, sentence):
        tagged = [i for i in run if any(a <= tokens[i].start < b for a, b in people)]
        for part, by_natasha in ((tagged, True), (run, False)):
            best = _stretch(part, tokens, sentence, langs, by_natasha) if part else []
            named = [i for i in best if not tokens[i].initial]
            if not named:
                continue
            before, after, quoted = _context(tokens, best[0], best[-1], sentence)
            near = best[0] > 0 and tokens[best[0] - 1].text.casefold() in NEAR
            if quoted or after in PLACE_AFTER or _names_a_place(tokens, best[0], langs):
                continue
            if (
                near
                and len(named) == 1
                and not any(_look(tokens[i].text, langs).strength == 2 for i in named)
            ):
                continue
            if len(named) == len(best) == 1 and _adjective(tokens, best[0], langs):
                continue
            if best[-1] != run[-1] and not tokens[best[-1] + 1].initial:
                # A capitalised word after the name that is no name: Червоного Хреста.
                continue
            looks = [_look(tokens[i].text, langs) for i in named]
            strong = any(look.strength == 2 for look in looks)
            span = (tokens[best[0]].start, tokens[best[-1]].end)
            if by_natasha:
                yield span
                continue
            vetoed = any(a <= span[0] < b or a < span[1] <= b for a, b in others)
            if vetoed and not strong:
                continue
            titled = before in TITLE_WORDS
            if len(named) >= 2 or len(best) > len(named) or titled or strong:
                yield span


@cache
def _morph_tagger() -> Any:
    from natasha import NewsMorphTagger

    return NewsMorphTagger(_tagger()[2])


@lru_cache(maxsize=256)
def _cases(sentence: str) -> dict[int, str]:
    """The grammatical case natasha's morphology tagger reads for each word in its sentence."""
    from natasha import Doc

    doc = Doc(sentence)
    doc.segment(_tagger()[0])
    doc.tag_morph(_morph_tagger())
    return {token.start: token.feats.get("Case", "") for token in doc.tokens}


def _tagged(text: str) -> list[tuple[str, list[tuple[str, int, int]]]]:
    """Sentences of `text` with natasha's entity spans in each (type, start, end)."""
    from natasha import Doc

    segmenter, tagger, _ = _tagger()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    spans = [(s.type, s.start, s.stop) for s in doc.spans]
    return [
        (s.text, [(t, a - s.start, b - s.start) for t, a, b in spans if s.start <= a < s.stop])
        for s in doc.sents
    ]


def _with_initials(span: tuple[int, int], sentence: str) -> tuple[int, int]:
    """Widen a span over initials just before or after it (Н. А. Шишкарьов, Шишкарёвым Н.А.)."""
    start, end = span
    while m := re.search(r"(?:(?<![^\W\d_])[А-ЯЁІЇЄҐ]\.\s?)$", sentence[:start]):
        start = m.start()
    while m := re.match(r"\s?[А-ЯЁІЇЄҐ]\.(?![^\W\d_])", sentence[end:]):
        end += m.end()
    return start, end


def _merged(spans: list[tuple[int, int]], sentence: str) -> list[tuple[int, int]]:
    """Overlapping spans, and spans with only spaces between them, as one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or not sentence[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _declined_word(word: str, case: str, langs: tuple[str, ...]) -> str:
    """A word the matcher left as it was (Волка, an ordinary noun too) put in the nominative."""
    for lang in langs:
        for parse in _analyzers()[lang].parse(word):
            if parse.tag.case == case and parse.tag.POS == "NOUN" and "plur" not in parse.tag:
                lemma = str(parse.normal_form)
                return lemma[:1].upper() + lemma[1:] if word[:1].isupper() else lemma
    return word


def _read(
    sentence: str, start: int, end: int, langs: tuple[str, ...]
) -> tuple[str, str, tuple[str, ...]]:
    """The nominative of the name at sentence[start:end], how it was read, and other readings."""
    written = clean(sentence[start:end])
    before = sentence[:start].split()
    asked = before[-1].casefold() if before and before[-1].casefold() in PREPOSITIONS else ""
    readings = read_declined(f"{asked} {written}" if asked else written, langs[0])
    built = [_rebuilt(written, r, langs) for r in readings]
    built = [(name, why) for name, why in built if name != written]
    if not built:
        return written, "", ()
    if readings[0].doubtful and not asked and _subject(sentence, start, end, langs):
        return written, "", tuple(name for name, _ in built)
    return built[0][0], built[0][1], tuple(name for name, _ in built[1:])


def _subject(sentence: str, start: int, end: int, langs: tuple[str, ...]) -> bool:
    """Whether a name the grammar leaves open reads as a nominative in its sentence: what
    natasha's morphology tagger says of its words (for Russian, which it was trained on), else
    yes (a name with nothing before it is the subject more often than not)."""
    if langs[0] != "ru":
        return True
    cases = _cases(sentence)
    words = [m.start() + start for m in _WORD.finditer(sentence[start:end]) if len(m[0]) > 1]
    return any(cases.get(at, "Nom") == "Nom" for at in words)


def _rebuilt(written: str, reading: DeclinedName, langs: tuple[str, ...]) -> tuple[str, str]:
    """The written name with each declined word replaced by its nominative, and the why."""
    read = {w.written: w for w in reading.words if w.case != "nomn"}
    case = next(iter(read.values())).case if read else ""

    def nominative(match: re.Match[str]) -> str:
        word = match[0]
        if word in read:
            return read[word].nominative
        if case and reading.document_words and len(word) > 1:
            return _declined_word(word, case, langs)
        return word

    name = _WORD.sub(nominative, written)
    why = "; ".join(f"{w.written}: {CASE_NAMES[w.case]} of {w.nominative}" for w in read.values())
    return name, why


def extract_mentions(text: str, lang: str = "") -> list[Mention]:
    """The person names in `text` (Russian or Ukrainian), in order, each read in the nominative.

    `lang` ("ru" or "uk", the language the text was written in) decides which
    dictionary reads a word first; without it, the letters decide.
    """
    text = "\n".join(clean(line) for line in text.splitlines())
    if not _CYRILLIC.search(text):
        return []
    langs = _languages(text, lang)
    found: list[Mention] = []
    for sentence, entities in _tagged(text):
        tokens = _tokens(sentence)
        spans = [_with_initials(s, sentence) for s in _spans(tokens, sentence, langs, entities)]
        for start, end in _merged(spans, sentence):
            written = sentence[start:end].rstrip(" ,;:")
            end = start + len(written)
            name, reading, others = _read(sentence, start, end, langs)
            found.append(Mention(written, sentence, start, end, name, reading, others))
    return found


def plain_natasha(text: str) -> list[str]:
    """natasha's person spans as written, nothing added or dropped: the baseline we measure."""
    text = "\n".join(clean(line) for line in text.splitlines())
    return [
        sentence[a:b]
        for sentence, entities in _tagged(text)
        for kind, a, b in entities
        if kind == "PER"
    ]
