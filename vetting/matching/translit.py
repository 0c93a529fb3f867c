"""Cyrillic and Latin name spellings folded into one comparable Latin skeleton.

Two steps: `to_latin` romanizes Russian and Ukrainian Cyrillic and strips Latin
diacritics, then `skeleton` folds the differences between romanization systems
(BGN/PCGN, ICAO 9303, GOST 7.79-B, ISO 9, Soviet/French and German passport
styles, Ukrainian KMU 2010) so that one name written in any of them becomes one
string. The skeleton keeps enough consonant and vowel detail that edit distance
on it still separates genuinely different names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Russian and Ukrainian Cyrillic to Latin, after BGN/PCGN (1947, Russian) for
# shared letters and the Ukrainian national system (KMU resolution 55, 2010)
# for Ukrainian letters. The choice barely matters: `skeleton` folds all
# systems together. "ьо" (Ukrainian for ё, as in Шишкарьов) is handled in
# `to_latin` before this table applies.
CYRILLIC_TO_LATIN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e",
    "ё": "yo", "є": "ye", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "yu", "я": "ya",
    # Belarusian letters turn up in documents from Belarus.
    "ў": "u",
}  # fmt: skip

# Latin letters with diacritics used by ISO 9 (1995), GOST 7.79 system A,
# scholarly transliteration and Czech/Polish-influenced spellings; anything not
# listed here loses its diacritic through NFKD decomposition.
LATIN_DIACRITICS: dict[str, str] = {
    "š": "sh", "č": "ch", "ž": "zh", "ŝ": "shch", "ś": "s", "ć": "ch",
    "ź": "z", "ż": "zh", "ë": "yo", "ê": "ye", "è": "e", "é": "e",
    "û": "yu", "ü": "yu", "â": "ya", "ä": "ya", "ǎ": "ya", "ï": "yi",
    "ì": "i", "ĭ": "y", "ŭ": "u", "ǵ": "g", "ğ": "g", "ł": "l", "ø": "o",
    "ö": "yo", "ß": "ss", "œ": "oe", "æ": "ae", "đ": "d", "ħ": "h",
}  # fmt: skip

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Ordered folding rules; each line states the spellings it unites. Upper-case
# letters in the output are skeleton-only symbols: S (ш ч щ), Z (ж), C (ц),
# H (х г), X (кс). Г and Х share H because Ukrainian romanizes Г as h (Hryhoriy).
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"[^a-z]", ""),
        (r"ks|x", "X"),  # Alexei / Aleksei; X is one edit from H, for GOST 7.79-B Mixail
        (r"off?$", "ov"),  # Ivanoff / Ivanov (old French spelling)
        (r"ph", "f"),
        (r"q", "k"),
        (r"w", "v"),  # German: Schischkarew, Wladimir
        (r"tsch", "S"),  # German Ч
        (r"dzh", "Z"),  # English Дж
        (r"shh", "S"),  # GOST 7.79-B Щ
        (r"cz", "C"),  # GOST 7.79-B Ц
        (r"sch", "S"),  # German Ш and Щ
        (r"tch", "S"),  # French Ч (Tchaikovsky)
        (r"ch", "S"),  # English Ч, French Ш
        (r"sh", "S"),
        (r"zh", "Z"),
        (r"kh", "H"),
        (r"gh", "H"),
        (r"ck", "k"),
        (r"c(?=[klrt]|[aou](?!v))", "k"),  # Nicolas, Victor; but Kuznecov is Ц
        (r"ts|tz|c", "C"),  # Ц in every system
        (r"[gh]", "H"),
        (r"S+", "S"),  # щ = sh + ch
        (r"ou", "u"),  # French: Iouri, Chichkarev's Oulianov
        (r"[yj]", "i"),  # й, ы, Ukrainian и; German j for й
        (r"(?<=[aeiou])i(?=[aeiou])", ""),  # glide: Nikolayev / Nikolaev
        (r"i+", "i"),  # -iy, -ii, -yi endings; Mariia / Maria
        (r"^ie", "e"),  # Yevgeny / Evgeny, Ukrainian Є at start
        (r"io", "e"),  # ё: Fyodor / Fedor / Fiodor, Shishkaryov / Shishkarev
        (r"(.)\1+", r"\1"),  # doubled letters: Gennady / Genady
    )
)


def is_cyrillic(text: str) -> bool:
    """True if `text` contains any Cyrillic letter; decides the default name order."""
    return _CYRILLIC.search(text) is not None


@lru_cache(maxsize=1 << 16)
def to_latin(text: str) -> str:
    """Romanize Cyrillic and strip diacritics; lower-case ASCII letters and spaces only."""
    text = text.casefold().replace("ьо", "ё")
    out: list[str] = []
    for ch in text:
        mapped = CYRILLIC_TO_LATIN.get(ch)
        if mapped is None:
            mapped = LATIN_DIACRITICS.get(ch)
        if mapped is None:
            decomposed = unicodedata.normalize("NFKD", ch)
            mapped = "".join(c for c in decomposed if "a" <= c <= "z")
            if not mapped and not ch.isalpha():
                # Separators stay separators; apostrophes (В'ячеслав, Ilʹich) vanish.
                mapped = "" if ch in "'’ʼʹʺ`´\"" else " "
        out.append(mapped)
    return " ".join("".join(out).split())


@lru_cache(maxsize=1 << 18)
def skeleton(token: str) -> str:
    """Fold one name token in any script or romanization into its comparable skeleton."""
    text = to_latin(token).replace(" ", "")
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


_FRENCH_J = re.compile(r"j(?=[aeiouy])")
_GERMAN = re.compile(r"w|sch")


@lru_cache(maxsize=1 << 16)
def other_readings(token: str) -> tuple[str, ...]:
    """Skeletons of a Latin token read by other conventions for its ambiguous letters.

    French passports write Ж as j (Bajanov), GOST 7.79-B writes Х as x (Xoxlov),
    German spelling writes З as s and Ц as z (Sajzew); the default reading takes
    j as й, x as кс and z as з.
    """
    if is_cyrillic(token):
        return ()
    latin = to_latin(token).replace(" ", "")
    readings = []
    if "x" in latin:
        readings.append(latin.replace("x", "kh"))
    if _GERMAN.search(latin):
        german = latin.replace("z", "ts")
        german = re.sub(r"(?:^|(?<=[aeiou]))s(?=[aeiou])", "z", german)
        readings.append(re.sub(r"(?<![st])ch", "kh", german))
    elif _FRENCH_J.search(latin):
        readings.append(latin.replace("j", "zh"))
    main = skeleton(token)
    return tuple(dict.fromkeys(s for r in readings if (s := skeleton(r)) != main))
