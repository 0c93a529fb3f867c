"""Romanization systems as people and offices actually apply them to Russian and Ukrainian names.

These tables are the generator's ground truth of how names get written in
Latin letters.  They are kept independent of any matcher's normalizer so that
an evaluation built on them measures the matcher, not a copy of itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

VOWELS = "аеёиоуыэюяєіїАЕЁИОУЫЭЮЯЄІЇ"
HUSHING = "жчшщ"
FRONT = "еиыйэ"


@dataclass(frozen=True)
class RomanizationSystem:
    """One transliteration system: letter table plus the context rules it uses."""

    key: str
    title: str
    letters: dict[str, str]
    # Letters written differently at the start of a word (and, unless
    # initial_only, after a vowel or a hard/soft sign): е → ye, ю → yu, ...
    iotated: dict[str, str] = field(default_factory=dict)
    initial_only: bool = False
    after_hushing: dict[str, str] = field(default_factory=dict)
    before_front: dict[str, str] = field(default_factory=dict)
    between_vowels: dict[str, str] = field(default_factory=dict)
    digraphs: dict[str, str] = field(default_factory=dict)
    endings: tuple[tuple[str, str], ...] = ()
    ukrainian: bool = False  # the system applies to the Ukrainian form of the name


_COMMON = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "з": "z",
    "и": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "ъ": "",
    "ь": "",
    "ы": "y",
    "э": "e",
    "'": "",
}

# BGN/PCGN 1947 system for Russian, as English-language media and most people
# write it: ye/yo after vowels and word-initially, soft signs dropped.
BGN_PCGN = RomanizationSystem(
    key="bgn_pcgn",
    title="BGN/PCGN",
    letters={
        **_COMMON,
        "ё": "yo",
        "ж": "zh",
        "й": "y",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ю": "yu",
        "я": "ya",
    },
    iotated={"е": "ye", "ё": "yo"},
    after_hushing={"ё": "e"},  # Горбачёв → Gorbachev
    endings=(("ий", "iy"), ("ый", "yy")),
)

# ICAO Doc 9303 (7th ed., 2015), used in Russian international passports since 2013.
ICAO_9303 = RomanizationSystem(
    key="icao",
    title="ICAO 9303",
    letters={
        **_COMMON,
        "ё": "e",
        "ж": "zh",
        "й": "i",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "ie",
        "ю": "iu",
        "я": "ia",
    },
)

# GOST 7.79-2000, system B (ASCII only), used in Russian libraries and some registries.
GOST_779_B = RomanizationSystem(
    key="gost_b",
    title="GOST 7.79-B",
    letters={
        **_COMMON,
        "ё": "yo",
        "ж": "zh",
        "й": "j",
        "х": "x",
        "ц": "c",
        "ч": "ch",
        "ш": "sh",
        "щ": "shh",
        "ъ": "``",
        "ы": "y`",
        "ь": "`",
        "э": "e`",
        "ю": "yu",
        "я": "ya",
    },
    before_front={"ц": "cz"},
)

# ISO 9:1995 (= GOST 7.79 system A), one Latin letter per Cyrillic letter, with diacritics.
ISO_9 = RomanizationSystem(
    key="iso9",
    title="ISO 9",
    letters={
        **_COMMON,
        "ё": "ë",
        "ж": "ž",
        "й": "j",
        "х": "h",
        "ц": "c",
        "ч": "č",
        "ш": "š",
        "щ": "ŝ",
        "ъ": "ʺ",
        "ь": "ʹ",
        "э": "è",
        "ю": "û",
        "я": "â",
    },
)

# French transcription, as in Soviet foreign passports (issued with French
# spellings until 1997) and French-language documents: ou, ch, tch, j.
FRENCH = RomanizationSystem(
    key="french",
    title="French / Soviet passport",
    letters={
        **_COMMON,
        "ё": "io",
        "ж": "j",
        "й": "i",
        "у": "ou",
        "х": "kh",
        "ц": "ts",
        "ч": "tch",
        "ш": "ch",
        "щ": "chtch",
        "ю": "iou",
        "я": "ia",
    },
    before_front={"г": "gu"},  # Евгений → Evgueni
    between_vowels={"с": "ss"},
    digraphs={"кс": "x"},
    endings=(("ий", "i"), ("ый", "y"), ("ай", "aï"), ("ей", "eï")),
)

# German Duden transcription: w, sch, tsch, ch, z, je/jo/ju/ja.
GERMAN = RomanizationSystem(
    key="german",
    title="German (Duden)",
    letters={
        **_COMMON,
        "в": "w",
        "ё": "jo",
        "ж": "sch",
        "з": "s",
        "й": "j",
        "х": "ch",
        "ц": "z",
        "ч": "tsch",
        "ш": "sch",
        "щ": "schtsch",
        "ю": "ju",
        "я": "ja",
        "с": "s",
    },
    iotated={"е": "je"},
    after_hushing={"ё": "o"},
    between_vowels={"с": "ss"},
    digraphs={"кс": "x"},
    endings=(("ий", "i"), ("ый", "y"), ("ай", "ai"), ("ей", "ej"), ("ой", "oi")),
)

# Ukrainian national system, Resolution of the Cabinet of Ministers of Ukraine
# No. 55 of 27 January 2010; applies to the Ukrainian form of the name.
UKRAINIAN_NATIONAL = RomanizationSystem(
    key="ukrainian",
    title="Ukrainian national (KMU 2010)",
    letters={
        **_COMMON,
        "г": "h",
        "ґ": "g",
        "е": "e",
        "є": "ie",
        "ж": "zh",
        "и": "y",
        "і": "i",
        "ї": "i",
        "й": "i",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ю": "iu",
        "я": "ia",
    },
    iotated={"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"},
    initial_only=True,
    digraphs={"зг": "zgh"},
    ukrainian=True,
)

SYSTEMS: dict[str, RomanizationSystem] = {
    system.key: system
    for system in (BGN_PCGN, ICAO_9303, GOST_779_B, ISO_9, FRENCH, GERMAN, UKRAINIAN_NATIONAL)
}


@lru_cache(maxsize=65536)
def romanize_word(word: str, system_key: str) -> str:
    """One Cyrillic word in Latin letters under the given system, capitalized."""
    system = SYSTEMS[system_key]
    w = word.lower()
    tail = ""
    for suffix, latin in system.endings:
        if w.endswith(suffix) and len(w) > len(suffix):
            w, tail = w[: -len(suffix)], latin
            break
    out: list[str] = []
    i = 0
    while i < len(w):
        pair = w[i : i + 2]
        if pair in system.digraphs:
            out.append(system.digraphs[pair])
            i += 2
            continue
        ch = w[i]
        prev = w[i - 1] if i else ""
        nxt = w[i + 1] if i + 1 < len(w) else ""
        if ch in system.iotated and (
            i == 0 or (not system.initial_only and bool(prev) and prev in VOWELS + "ьъ")
        ):
            out.append(system.iotated[ch])
        elif ch in system.after_hushing and prev and prev in HUSHING:
            out.append(system.after_hushing[ch])
        elif ch in system.before_front and nxt and nxt in FRONT:
            out.append(system.before_front[ch])
        elif ch in system.between_vowels and prev and prev in VOWELS and nxt and nxt in VOWELS:
            out.append(system.between_vowels[ch])
        else:
            out.append(system.letters.get(ch, ch))
        i += 1
    latin = "".join(out) + tail
    return latin[:1].upper() + latin[1:]


def romanize(text: str, system_key: str) -> str:
    """A Cyrillic phrase in Latin letters, word by word, keeping hyphens and punctuation."""
    parts = []
    for token in text.split(" "):
        pieces = [romanize_word(piece, system_key) if piece else "" for piece in token.split("-")]
        parts.append("-".join(pieces))
    return " ".join(parts)
