"""Text pasted from other systems, folded to the letters a person would read.

Names reach us copied out of spreadsheets, PDFs, messengers and web forms.
They carry invisible format characters (zero-width space, soft hyphen, byte
order mark, directional marks), stress and other combining marks, and letters
of the other script that look the same (a Latin "o" inside a Cyrillic word).
`clean` removes all of that in one place; screening, dedupe, import,
watchlists and the staff search box read names only through it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Latin letters drawn like Cyrillic ones, and back. Only shapes that are the
# same in common fonts; "i" goes to the Ukrainian "і".
LATIN_LOOKALIKES = "aeopcxyiABCEHKMOPTXYI"
CYRILLIC_LOOKALIKES = "аеорсхуіАВСЕНКМОРТХУІ"
_TO_CYRILLIC = str.maketrans(LATIN_LOOKALIKES, CYRILLIC_LOOKALIKES)
_TO_LATIN = str.maketrans(CYRILLIC_LOOKALIKES + "ѕјЅЈ", LATIN_LOOKALIKES + "sjSJ")
_LATIN_SHAPES = frozenset(LATIN_LOOKALIKES)
_CYRILLIC_SHAPES = frozenset(CYRILLIC_LOOKALIKES + "ѕјЅЈ")

# Format (Cf), non-spacing (Mn) and enclosing (Me) marks carry no letter once
# the text is composed (NFC keeps й, ё and ї whole).
_DROPPED = frozenset(("Cf", "Mn", "Me"))
_LETTERS = re.compile(r"[^\W\d_]+")


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


@lru_cache(maxsize=512)
def _as_cyrillic(ch: str) -> str | None:
    """The Cyrillic letter a Latin one is drawn like, accents aside (é, ó for stress), or None."""
    if ch in "ëË":
        return "ё" if ch == "ë" else "Ё"
    if ch in "ïÏ":
        return "ї" if ch == "ï" else "Ї"
    base = unicodedata.normalize("NFD", ch)[0]
    return base.translate(_TO_CYRILLIC) if base in _LATIN_SHAPES else None


def _fold_word(match: re.Match[str]) -> str:
    """One word written in one script: look-alike letters of the other script are folded."""
    word = match[0]
    cyrillic = sum(1 for ch in word if _is_cyrillic(ch))
    if cyrillic == 0 or cyrillic == len(word):
        return word
    cyrillic_only = sum(1 for ch in word if _is_cyrillic(ch) and ch not in _CYRILLIC_SHAPES)
    latin_only = sum(1 for ch in word if not _is_cyrillic(ch) and _as_cyrillic(ch) is None)
    if latin_only == 0 and (cyrillic_only or cyrillic * 2 > len(word)):
        return "".join(ch if _is_cyrillic(ch) else _as_cyrillic(ch) or ch for ch in word)
    if cyrillic_only == 0 and (latin_only or cyrillic * 2 < len(word)):
        return word.translate(_TO_LATIN)
    return word


@lru_cache(maxsize=1 << 16)
def clean(text: str) -> str:
    """`text` without invisible characters and marks, each word in one script, spaces single.

    Case and punctuation are kept for the reader; the matcher folds them later.
    """
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = "".join(ch for ch in text if unicodedata.category(ch) not in _DROPPED)
        text = unicodedata.normalize("NFC", text)
        text = _LETTERS.sub(_fold_word, text)
    return " ".join(text.split())
