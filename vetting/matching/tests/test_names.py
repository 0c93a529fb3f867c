"""Given-name groups, patronymic recognition and surname stems."""

import pytest

from vetting.matching.names import GIVEN_NAMES, given_name, patronymic, surname_stem
from vetting.matching.person import parse_name
from vetting.matching.translit import skeleton


def group(name: str) -> str | None:
    found = given_name(skeleton(name))
    return found[0].key if found else None


def test_table_holds_enough_names() -> None:
    lines = GIVEN_NAMES.replace("\n  ", " ").splitlines()
    assert sum(line.startswith("M ") for line in lines) >= 60
    assert sum(line.startswith("F ") for line in lines) >= 20


@pytest.mark.parametrize(
    "forms",
    [
        ("Николай", "Микола", "Mykola", "Nikolai", "Nicolas", "Коля"),
        ("Алексей", "Олексій", "Oleksiy", "Alexei", "Alexey", "Лёша"),
        ("Александр", "Олександр", "Alexander", "Aleksandr", "Саша"),
        ("Евгений", "Євген", "Yevhen", "Evgeny", "Eugene", "Женя"),
        ("Анна", "Ганна", "Hanna"),
        ("Наталья", "Наталія", "Nataliya"),
        ("Екатерина", "Катерина", "Kateryna"),
    ],
)
def test_given_name_forms_share_a_group(forms: tuple[str, ...]) -> None:
    assert len({group(f) for f in forms}) == 1
    assert group(forms[0]) is not None


def test_diminutive_is_flagged() -> None:
    found = given_name(skeleton("Коля"))
    assert found is not None and found[1]


@pytest.mark.parametrize(
    ("text", "father", "gender"),
    [
        ("Александрович", "Александр", "m"),
        ("Oleksandrovych", "Александр", "m"),
        ("Миколайович", "Николай", "m"),
        ("Nikolaevna", "Николай", "f"),
        ("Сергійович", "Сергей", "m"),
        ("Павлович", "Павел", "m"),
        ("Львовна", "Лев", "f"),
        ("Ильич", "Илья", "m"),
        ("Олексіївна", "Алексей", "f"),
    ],
)
def test_patronymics_map_to_the_fathers_name(text: str, father: str, gender: str) -> None:
    assert patronymic(skeleton(text)) == (group(father), gender)


def test_surname_in_ovich_is_not_taken_for_a_patronymic() -> None:
    (form,) = parse_name("Roman Abramovich")
    assert form.surname_display == ("Abramovich",)
    assert form.patronymic == ""


@pytest.mark.parametrize(
    ("feminine", "masculine"),
    [
        ("Шишкарёва", "Шишкарёв"),
        ("Иванова", "Ivanov"),
        ("Достоевская", "Dostoevsky"),
        ("Kovalska", "Kovalskyi"),
        ("Путина", "Putin"),
    ],
)
def test_feminine_surnames_share_the_masculine_stem(feminine: str, masculine: str) -> None:
    stem_f, gender_f = surname_stem(skeleton(feminine))
    stem_m, gender_m = surname_stem(skeleton(masculine))
    assert stem_f == stem_m
    assert (gender_f, gender_m) == ("f", "m")


@pytest.mark.parametrize("surname", ["Шевченко", "Ковальчук", "Бондарук"])
def test_ukrainian_surnames_in_enko_and_uk_carry_no_gender(surname: str) -> None:
    assert surname_stem(skeleton(surname))[1] == ""


def test_ukrainian_and_russian_surname_forms_share_a_stem() -> None:
    assert surname_stem(skeleton("Шишкарьов"))[0] == surname_stem(skeleton("Шишкарёв"))[0]
    assert surname_stem(skeleton("Shyshkarov"))[0] == surname_stem(skeleton("Shishkarev"))[0]


@pytest.mark.parametrize(
    "text",
    [
        "Николай Александрович Шишкарёв",
        "Шишкарёв Николай Александрович",
        "SHISHKAREV, Nikolay Aleksandrovich",
        "Shishkarev, Nikolay",
        "Nikolay Shishkarev",
    ],
)
def test_name_order_is_recognised(text: str) -> None:
    form = parse_name(text)[0]
    assert form.surnames == (skeleton("Шишкарёв"),)
    assert form.given == group("Николай")


def test_initials_fill_given_name_and_patronymic() -> None:
    (form,) = parse_name("Н.А. Шишкарёв")
    assert form.given == ""
    assert form.given_letters == {"n"}
    assert form.patronymic_letter == "a"
    assert form.surname_display == ("Шишкарёв",)


def test_unknown_given_name_adds_the_swapped_reading() -> None:
    forms = parse_name("Ravil Shishkarev")
    assert [f.surname_display for f in forms] == [("Shishkarev",), ("Ravil",)]
