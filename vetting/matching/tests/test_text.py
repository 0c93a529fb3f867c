"""Text pasted from other systems: one cleaning before any name is read."""

import pytest

from vetting.matching import DEFAULT_THRESHOLD, Record, normalize, score
from vetting.matching.text import clean

PASTED = {
    "zero-width space": "Шиш\u200bкарёв Николай",
    "zero-width joiner": "Шишка\u200dрёв Николай",
    "soft hyphen": "Шиш\u00adка\u00adрёв Николай",
    "byte order mark": "\ufeffШишкарёв Николай",
    "directional marks": "\u200fШишкарёв\u200e \u2066Николай\u2069",
    "stress mark": "Шишка\u0301рёв Нико\u0301лай",
    "decomposed letters": "Шишкаре\u0308в Николаи\u0306",
    "Latin look-alikes in a Cyrillic word": "Шишкаpёв Hиколaй",
    "accented Latin look-alike": "Шишкарéв Николай",
    "odd case and punctuation": "«шИШКАРЁВ,  николай»;",
}


@pytest.mark.parametrize("kind", PASTED)
def test_pasted_text_reads_as_the_plain_name(kind: str) -> None:
    plain = normalize(Record("a", "Шишкарёв Николай", "1985-03-14"))
    pasted = normalize(Record("b", PASTED[kind], "1985-03-14"))
    match = score(plain, pasted)
    assert match.score >= 0.99, match.explanation
    assert "≠" not in match.explanation


def test_cyrillic_look_alikes_in_a_latin_word_are_folded() -> None:
    assert clean("Shishkarеv Nikolаi") == "Shishkarev Nikolai"


def test_real_letters_with_marks_are_kept() -> None:
    assert clean("Šiškarëv Йовенко Їжак") == "Šiškarëv Йовенко Їжак"


def test_a_word_of_two_real_scripts_is_left_alone() -> None:
    # Neither script's letters are all look-alikes: nothing to fold.
    assert clean("Шишkarёв") == "Шишkarёв"


def test_pasted_name_with_a_different_given_name_still_differs() -> None:
    plain = normalize(Record("a", "Шишкарёв Николай", "1985-03-14"))
    other = normalize(Record("b", "Шиш\u200bкарёв Пётр", "1985-03-14"))
    assert score(plain, other).score < DEFAULT_THRESHOLD
