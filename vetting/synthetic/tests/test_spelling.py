"""Romanization tables and spelling choices produce the forms people really write."""

import random

from vetting.synthetic.names import (
    feminine_surname,
    make_full_name,
    russian_patronymic,
    ukrainian_patronymic,
    ukrainian_surname,
)
from vetting.synthetic.romanization import romanize
from vetting.synthetic.spelling import Spelling, misspell, render

NIKOLAY = make_full_name("Шишкарёв", "Николай", "Александр", feminine=False)


def test_patronymics_and_feminine_forms():
    assert russian_patronymic("Александр", False) == "Александрович"
    assert russian_patronymic("Сергей", True) == "Сергеевна"
    assert russian_patronymic("Юрий", False) == "Юрьевич"
    assert russian_patronymic("Илья", False) == "Ильич"
    assert ukrainian_patronymic("Микола", False) == "Миколайович"
    assert ukrainian_patronymic("Сергій", True) == "Сергіївна"
    assert feminine_surname("Шишкарёв") == "Шишкарёва"
    assert feminine_surname("Чайковский") == "Чайковская"
    assert feminine_surname("Шевченко") == "Шевченко"
    assert ukrainian_surname("Шишкарёв") == "Шишкарьов"


def test_romanization_systems():
    assert romanize("Николай Шишкарёв", "bgn_pcgn") == "Nikolay Shishkaryov"
    assert romanize("Юрьев Яковлев", "icao") == "Iurev Iakovlev"
    assert romanize("Щербаков", "french") == "Chtcherbakov"
    assert romanize("Щербаков", "german") == "Schtscherbakow"
    assert romanize("Шишкарёв", "iso9") == "Šiškarëv"
    assert romanize("Цой", "gost_b") == "Coj"
    assert romanize("Микола Шишкарьов", "ukrainian") == "Mykola Shyshkarov"


def test_render_variants():
    assert render(NIKOLAY, Spelling()) == "Шишкарёв Николай Александрович"
    latin = Spelling(
        script="latin",
        system="french",
        yo_as_e=True,
        order="surname_first",
        patronymic=False,
        gallicized=True,
    )
    assert render(NIKOLAY, latin) == "Chichkarev Nicolas"
    ukr = Spelling(script="latin", system="ukrainian", order="given_first", patronymic=False)
    assert render(NIKOLAY, ukr) == "Mykola Shyshkarov"
    caps = Spelling(script="latin", system="icao", order="surname_comma", caps=True)
    assert render(NIKOLAY, caps) == "SHISHKAREV, NIKOLAI ALEKSANDROVICH"


def test_misspell_is_one_edit_away():
    rng = random.Random(1)
    for _ in range(200):
        typo = misspell("Shishkarev Nikolay", rng)
        assert typo != "Shishkarev Nikolay"
        assert typo[0] == "S"
        assert abs(len(typo) - len("Shishkarev Nikolay")) <= 1
