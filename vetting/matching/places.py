"""Written place names folded for look-up: the spellings of one name share one key."""

import re
from functools import lru_cache

from vetting.matching.translit import skeleton

_TOKEN = re.compile(r"\d+|[^\W\d_]+")
# Words that only say "number" before one: "№ 1", "No. 1", "N 1", "Nr. 1", "номер 1".
_NUMBER_WORDS = ("no", "n", "nr", "num", "nomer", "номер", "ном")


@lru_cache(maxsize=1)
def _number_words() -> frozenset[str]:
    return frozenset(skeleton(w) for w in _NUMBER_WORDS)


@lru_cache(maxsize=1 << 14)
def place_key(text: str) -> str:
    """The key of a written place name: each word folded to its transliteration skeleton
    (Cyrillic or any romanization, any case), numbers kept as numbers, "№" and "No." dropped,
    in sorted order, so that word order and punctuation do not matter. "" for no words."""
    words = []
    for token in _TOKEN.findall(text.replace("№", " ")):
        if token.isdigit():
            words.append(str(int(token)))
            continue
        folded = skeleton(token)
        if folded and folded not in _number_words():
            words.append(folded)
    return " ".join(sorted(words))
