"""Spellings of one place name share a key; different places do not."""

import pytest

from vetting.matching.places import place_key


@pytest.mark.parametrize(
    "spelling",
    [
        "Detention site No. 1, Lviv oblast",
        "detention site no 1 lviv oblast",
        "DETENTION SITE N 1 — LVIV OBLAST",
        "Detention site №01, Lviv oblast",
        "Lviv oblast, detention site No. 1",
    ],
)
def test_spellings_of_one_name_share_a_key(spelling: str) -> None:
    assert place_key(spelling) == place_key("Detention site No. 1, Lviv oblast")


def test_a_romanized_name_meets_its_cyrillic_spelling() -> None:
    assert place_key("Львівська область, № 3") == place_key("Lvivska oblast 3")
    assert place_key("Львовская область № 3") == place_key("Lvovskaya oblast No 3")


def test_a_number_or_a_word_apart_is_another_place() -> None:
    assert place_key("Detention site No. 1, Lviv oblast") != place_key(
        "Detention site No. 2, Lviv oblast"
    )
    assert place_key("Detention site No. 1, Lviv oblast") != place_key(
        "Detention site No. 1, Volyn oblast"
    )
    assert place_key("  ,.;  ") == ""
