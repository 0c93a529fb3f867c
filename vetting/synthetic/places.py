"""Places of birth in Russia and generic, oblast-level detention site names in Ukraine."""

from __future__ import annotations

import itertools
import random

# (town, region) in Russian and in English; real towns, weighted towards the
# regions that supplied most recruits (after public reporting by Mediazona/BBC Russian).
BIRTHPLACES: tuple[tuple[str, str, str, str, float], ...] = (
    ("Москва", "", "Moscow", "", 3.0),
    ("Санкт-Петербург", "", "Saint Petersburg", "", 2.0),
    ("Уфа", "Республика Башкортостан", "Ufa", "Republic of Bashkortostan", 2.0),
    ("Стерлитамак", "Республика Башкортостан", "Sterlitamak", "Republic of Bashkortostan", 1.0),
    ("Казань", "Республика Татарстан", "Kazan", "Republic of Tatarstan", 1.5),
    (
        "Набережные Челны",
        "Республика Татарстан",
        "Naberezhnye Chelny",
        "Republic of Tatarstan",
        1.0,
    ),
    ("Улан-Удэ", "Республика Бурятия", "Ulan-Ude", "Republic of Buryatia", 1.5),
    ("Кызыл", "Республика Тыва", "Kyzyl", "Tuva Republic", 0.8),
    ("Махачкала", "Республика Дагестан", "Makhachkala", "Republic of Dagestan", 1.0),
    ("Волгоград", "Волгоградская область", "Volgograd", "Volgograd Oblast", 1.5),
    ("Камышин", "Волгоградская область", "Kamyshin", "Volgograd Oblast", 0.6),
    ("Саратов", "Саратовская область", "Saratov", "Saratov Oblast", 1.5),
    ("Энгельс", "Саратовская область", "Engels", "Saratov Oblast", 0.7),
    ("Самара", "Самарская область", "Samara", "Samara Oblast", 1.5),
    ("Тольятти", "Самарская область", "Tolyatti", "Samara Oblast", 1.0),
    ("Оренбург", "Оренбургская область", "Orenburg", "Orenburg Oblast", 1.2),
    ("Орск", "Оренбургская область", "Orsk", "Orenburg Oblast", 0.7),
    ("Челябинск", "Челябинская область", "Chelyabinsk", "Chelyabinsk Oblast", 1.5),
    ("Магнитогорск", "Челябинская область", "Magnitogorsk", "Chelyabinsk Oblast", 0.8),
    ("Екатеринбург", "Свердловская область", "Yekaterinburg", "Sverdlovsk Oblast", 1.5),
    ("Нижний Тагил", "Свердловская область", "Nizhny Tagil", "Sverdlovsk Oblast", 0.8),
    ("Пермь", "Пермский край", "Perm", "Perm Krai", 1.5),
    ("Березники", "Пермский край", "Berezniki", "Perm Krai", 0.5),
    ("Новосибирск", "Новосибирская область", "Novosibirsk", "Novosibirsk Oblast", 1.2),
    ("Омск", "Омская область", "Omsk", "Omsk Oblast", 1.0),
    ("Барнаул", "Алтайский край", "Barnaul", "Altai Krai", 1.0),
    ("Бийск", "Алтайский край", "Biysk", "Altai Krai", 0.5),
    ("Кемерово", "Кемеровская область", "Kemerovo", "Kemerovo Oblast", 1.0),
    ("Новокузнецк", "Кемеровская область", "Novokuznetsk", "Kemerovo Oblast", 0.8),
    ("Красноярск", "Красноярский край", "Krasnoyarsk", "Krasnoyarsk Krai", 1.2),
    ("Иркутск", "Иркутская область", "Irkutsk", "Irkutsk Oblast", 1.0),
    ("Братск", "Иркутская область", "Bratsk", "Irkutsk Oblast", 0.6),
    ("Чита", "Забайкальский край", "Chita", "Zabaykalsky Krai", 1.0),
    ("Хабаровск", "Хабаровский край", "Khabarovsk", "Khabarovsk Krai", 0.8),
    ("Владивосток", "Приморский край", "Vladivostok", "Primorsky Krai", 0.8),
    ("Уссурийск", "Приморский край", "Ussuriysk", "Primorsky Krai", 0.4),
    ("Ростов-на-Дону", "Ростовская область", "Rostov-on-Don", "Rostov Oblast", 1.5),
    ("Шахты", "Ростовская область", "Shakhty", "Rostov Oblast", 0.6),
    ("Краснодар", "Краснодарский край", "Krasnodar", "Krasnodar Krai", 1.5),
    ("Новороссийск", "Краснодарский край", "Novorossiysk", "Krasnodar Krai", 0.6),
    ("Ставрополь", "Ставропольский край", "Stavropol", "Stavropol Krai", 1.0),
    ("Воронеж", "Воронежская область", "Voronezh", "Voronezh Oblast", 1.0),
    ("Белгород", "Белгородская область", "Belgorod", "Belgorod Oblast", 0.8),
    ("Курск", "Курская область", "Kursk", "Kursk Oblast", 0.8),
    ("Брянск", "Брянская область", "Bryansk", "Bryansk Oblast", 0.8),
    ("Смоленск", "Смоленская область", "Smolensk", "Smolensk Oblast", 0.6),
    ("Тверь", "Тверская область", "Tver", "Tver Oblast", 0.6),
    ("Ярославль", "Ярославская область", "Yaroslavl", "Yaroslavl Oblast", 0.6),
    ("Иваново", "Ивановская область", "Ivanovo", "Ivanovo Oblast", 0.5),
    ("Кострома", "Костромская область", "Kostroma", "Kostroma Oblast", 0.4),
    ("Нижний Новгород", "Нижегородская область", "Nizhny Novgorod", "Nizhny Novgorod Oblast", 1.0),
    ("Дзержинск", "Нижегородская область", "Dzerzhinsk", "Nizhny Novgorod Oblast", 0.4),
    ("Ижевск", "Удмуртская Республика", "Izhevsk", "Udmurt Republic", 0.8),
    ("Чебоксары", "Чувашская Республика", "Cheboksary", "Chuvash Republic", 0.6),
    ("Йошкар-Ола", "Республика Марий Эл", "Yoshkar-Ola", "Mari El Republic", 0.4),
    ("Киров", "Кировская область", "Kirov", "Kirov Oblast", 0.6),
    ("Сыктывкар", "Республика Коми", "Syktyvkar", "Komi Republic", 0.4),
    ("Воркута", "Республика Коми", "Vorkuta", "Komi Republic", 0.3),
    ("Архангельск", "Архангельская область", "Arkhangelsk", "Arkhangelsk Oblast", 0.5),
    ("Мурманск", "Мурманская область", "Murmansk", "Murmansk Oblast", 0.4),
    ("Петрозаводск", "Республика Карелия", "Petrozavodsk", "Republic of Karelia", 0.4),
    ("Псков", "Псковская область", "Pskov", "Pskov Oblast", 0.5),
    ("Тула", "Тульская область", "Tula", "Tula Oblast", 0.7),
    ("Рязань", "Рязанская область", "Ryazan", "Ryazan Oblast", 0.6),
    ("Пенза", "Пензенская область", "Penza", "Penza Oblast", 0.6),
    ("Ульяновск", "Ульяновская область", "Ulyanovsk", "Ulyanovsk Oblast", 0.6),
    ("Астрахань", "Астраханская область", "Astrakhan", "Astrakhan Oblast", 0.6),
    ("Элиста", "Республика Калмыкия", "Elista", "Republic of Kalmykia", 0.3),
    ("Тюмень", "Тюменская область", "Tyumen", "Tyumen Oblast", 0.7),
    ("Сургут", "Ханты-Мансийский автономный округ", "Surgut", "Khanty-Mansi Autonomous Okrug", 0.4),
    ("Курган", "Курганская область", "Kurgan", "Kurgan Oblast", 0.5),
    ("Томск", "Томская область", "Tomsk", "Tomsk Oblast", 0.5),
    ("Якутск", "Республика Саха (Якутия)", "Yakutsk", "Sakha Republic", 0.4),
    ("Благовещенск", "Амурская область", "Blagoveshchensk", "Amur Oblast", 0.4),
    ("Калининград", "Калининградская область", "Kaliningrad", "Kaliningrad Oblast", 0.5),
    ("Грозный", "Чеченская Республика", "Grozny", "Chechen Republic", 0.5),
    (
        "Владикавказ",
        "Республика Северная Осетия — Алания",
        "Vladikavkaz",
        "Republic of North Ossetia–Alania",
        0.4,
    ),
)
_BIRTHPLACE_CUM = tuple(itertools.accumulate(row[4] for row in BIRTHPLACES))

# Ukrainian oblasts away from the front, named at oblast level only: the
# generator never names or hints at real detention facilities.
DETENTION_OBLASTS: tuple[tuple[str, str, str], ...] = (
    ("Lviv", "Львівська", "Львовская"),
    ("Volyn", "Волинська", "Волынская"),
    ("Zakarpattia", "Закарпатська", "Закарпатская"),
    ("Chernivtsi", "Чернівецька", "Черновицкая"),
    ("Ivano-Frankivsk", "Івано-Франківська", "Ивано-Франковская"),
    ("Ternopil", "Тернопільська", "Тернопольская"),
    ("Rivne", "Рівненська", "Ровенская"),
    ("Khmelnytskyi", "Хмельницька", "Хмельницкая"),
    ("Vinnytsia", "Вінницька", "Винницкая"),
    ("Zhytomyr", "Житомирська", "Житомирская"),
    ("Kyiv", "Київська", "Киевская"),
    ("Cherkasy", "Черкаська", "Черкасская"),
    ("Poltava", "Полтавська", "Полтавская"),
    ("Kirovohrad", "Кіровоградська", "Кировоградская"),
)


def birthplace_index(rng: random.Random) -> int:
    """A place of birth, as an index into ``BIRTHPLACES``."""
    return rng.choices(range(len(BIRTHPLACES)), cum_weights=_BIRTHPLACE_CUM)[0]


def birthplace_text(index: int, latin: bool, rng: random.Random) -> str:
    """The place of birth as a form would show it: "г. Саратов, Саратовская область" or English."""
    town_ru, region_ru, town_en, region_en, _ = BIRTHPLACES[index]
    if latin:
        return f"{town_en}, {region_en}" if region_en and rng.random() < 0.6 else town_en
    if region_ru and rng.random() < 0.6:
        return f"г. {town_ru}, {region_ru}"
    return town_ru if rng.random() < 0.5 else f"г. {town_ru}"


def detention_site(number: int, oblast: int, language: str) -> str:
    """A generic site name such as "Detention site No. 1, Lviv oblast"."""
    en, uk, ru = DETENTION_OBLASTS[oblast]
    if language == "uk":
        return f"Місце тримання військовополонених № {number}, {uk} область"
    if language == "ru":
        return f"Место содержания военнопленных № {number}, {ru} область"
    return f"Detention site No. {number}, {en} oblast"
