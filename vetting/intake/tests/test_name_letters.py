"""Name letters are the letters of Ukrainian and Russian spelling (and Latin ones), nothing that
only looks like part of a name."""

import pytest
from django.core.exceptions import ValidationError

from vetting.intake.forms import CYRILLIC_NAME, LATIN_NAME, _clean_name


def cyrillic(value: str) -> str:
    return _clean_name(value, CYRILLIC_NAME, "Cyrillic")


@pytest.mark.parametrize("mark", ["\u0489", "\u0488", "\u0483", "\u0487"])
def test_cyrillic_combining_marks_are_not_name_letters(mark: str) -> None:
    """The attack: U+0489 (combining millions sign) passed as a name letter."""
    with pytest.raises(ValidationError):
        cyrillic(f"Шишкарёв{mark} Николай")


def test_stress_marks_are_folded_and_decomposed_letters_composed() -> None:
    assert cyrillic("Никола\u0301й Шишкарёв") == "Николай Шишкарёв"
    assert cyrillic("Никола\u0438\u0306 Шишкаре\u0308в") == "Николай Шишкарёв"


def test_ukrainian_and_russian_letters_pass() -> None:
    assert cyrillic("Мико́ла Шишкарьов-Ґалаґан ʼЄ") == "Микола Шишкарьов-Ґалаґан ʼЄ"
    assert _clean_name("Mykola Shyshkarov", LATIN_NAME, "Latin") == "Mykola Shyshkarov"
