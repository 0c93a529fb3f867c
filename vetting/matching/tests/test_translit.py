"""One name in every romanization system must fold to one skeleton."""

import pytest

from vetting.matching.translit import other_readings, skeleton, to_latin

# Шишкарёв as written by each system or document tradition.
SHISHKAREV = {
    "cyrillic": "Шишкарёв",
    "cyrillic without ё": "Шишкарев",
    "Ukrainian Cyrillic": "Шишкарьов",
    "BGN/PCGN": "Shishkarëv",
    "BGN/PCGN plain": "Shishkaryov",
    "ICAO 9303": "Shishkarev",
    "GOST 7.79-B": "Shishkaryov",
    "ISO 9": "Šiškarëv",
    "French / Soviet passport": "Chichkarev",
    "German": "Schischkarew",
    "all caps": "SHISHKAREV",
}


@pytest.mark.parametrize("system", SHISHKAREV)
def test_romanizations_of_shishkarev_share_one_skeleton(system: str) -> None:
    assert skeleton(SHISHKAREV[system]) == skeleton("Шишкарёв")


@pytest.mark.parametrize(
    "spellings",
    [
        ("Щукин", "Shchukin", "Schtschukin", "Ščukin", "Ŝukin"),
        ("Юрий", "Yuri", "Yuriy", "Yurii", "Iouri", "Jurij"),
        ("Евгений", "Yevgeny", "Evgeniy", "Jewgenij"),
        ("Євген", "Yevhen", "Ievgen"),
        ("Вячеслав", "Viacheslav", "Vyacheslav", "Wjatscheslaw", "В'ячеслав"),
        ("Кузнецов", "Kuznetsov", "Kuznecov", "Kuznetzov"),
        ("Достоевский", "Dostoevsky", "Dostoyevskiy", "Dostojewski"),
        ("Фёдор", "Fyodor", "Fedor", "Fiodor"),
        ("Наталья", "Natalya", "Natalia", "Nataliya", "Natalja", "Наталія"),
        ("Хрущёв", "Khrushchev", "Hrushchev"),
        ("Жуков", "Zhukov", "Žukov"),
        ("Иванов", "Ivanov", "Ivanoff", "Iwanow"),
        ("Григорий", "Grigoriy", "Hryhoriy", "Grigorij"),
        ("Алексей", "Aleksei", "Alexei", "Alexey", "Aleksej"),
        ("Цветков", "Tsvetkov", "Cvetkov", "Tzvetkov"),
    ],
)
def test_romanization_systems_collapse(spellings: tuple[str, ...]) -> None:
    assert len({skeleton(s) for s in spellings}) == 1, {s: skeleton(s) for s in spellings}


@pytest.mark.parametrize(
    ("a", "b"),
    [("Иванов", "Ивашов"), ("Петров", "Павлов"), ("Смирнов", "Семенов"), ("Орлов", "Козлов")],
)
def test_different_surnames_keep_different_skeletons(a: str, b: str) -> None:
    assert skeleton(a) != skeleton(b)


def test_to_latin_drops_apostrophes_and_keeps_word_breaks() -> None:
    assert to_latin("В'ячеслав  Шишкарьов-Петров") == "vyacheslav shishkaryov petrov"


def test_ukrainian_letters_are_romanized() -> None:
    assert to_latin("Їжак Єва Ґава Іван") == "yizhak yeva gava ivan"


def test_case_and_punctuation_do_not_matter() -> None:
    assert skeleton("SHISH-KAREV.") == skeleton("shishkarev")


@pytest.mark.parametrize(
    ("written", "cyrillic"),
    [("Bajanov", "Бажанов"), ("Xoxlov", "Хохлов"), ("Sajzew", "Зайцев"), ("Chudjakow", "Худяков")],
)
def test_other_readings_of_ambiguous_latin_letters(written: str, cyrillic: str) -> None:
    assert skeleton(cyrillic) in other_readings(written)


def test_cyrillic_has_no_other_readings() -> None:
    assert other_readings("Бажанов") == ()
