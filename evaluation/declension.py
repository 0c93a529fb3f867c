"""A hand-written inflector for Russian and Ukrainian names, independent of the matcher's.

The matcher reads declined names with pymorphy3's dictionaries; the evaluation
must not grade it with the same dictionaries. These rules follow the school
grammars (Розенталь, "Справочник по правописанию и стилистике", §§ on surnames
and given names; "Український правопис" 2019, §§ 41-45, 53, 88) for the name
types the generator draws, and say nothing about any other word.
"""

from __future__ import annotations

RU_CASES = ("gent", "datv", "accs", "ablt", "loct")
UK_CASES = ("gent", "datv", "accs", "ablt", "loct", "voct")

_SIBILANTS = "жшчщц"
_VELARS = "гкх"
_RU_VOWELS = "аеёиоуыэюя"


def _ru_hard_masculine(word: str, case: str) -> str:
    """Иван, Шевчук, Александрович: -а, -у, -а, -ом (-ем after a sibilant), -е."""
    ablt = "ем" if word[-1] in _SIBILANTS else "ом"
    return word + {"gent": "а", "datv": "у", "accs": "а", "ablt": ablt, "loct": "е"}[case]


def _ru_soft_masculine(stem: str, case: str) -> str:
    """Николай (stem Никола-й), Игорь (Игор-ь): -я, -ю, -я, -ем, -е."""
    return stem + {"gent": "я", "datv": "ю", "accs": "я", "ablt": "ем", "loct": "е"}[case]


def _ru_a_stem(word: str, case: str) -> str:
    """Анна, Никита, Ольга, Наталья, Мария, Илья: the first declension."""
    stem, last = word[:-1], word[-1]
    if word.endswith("ия"):
        return stem + {"gent": "и", "datv": "и", "accs": "ю", "ablt": "ей", "loct": "и"}[case]
    if last == "я":
        ablt = "ёй" if word.endswith("ья") and len(word) <= 4 else "ей"
        return stem + {"gent": "и", "datv": "е", "accs": "ю", "ablt": ablt, "loct": "е"}[case]
    gent = "и" if stem[-1] in _VELARS + "жшчщ" else "ы"
    ablt = "ей" if stem[-1] in _SIBILANTS else "ой"
    return stem + {"gent": gent, "datv": "е", "accs": "у", "ablt": ablt, "loct": "е"}[case]


# Given names whose stem changes (fleeting vowels, ё).
_RU_GIVEN_STEMS = {"Пётр": "Петр", "Павел": "Павл", "Лев": "Льв"}
_UK_GIVEN_SOFT = {"Ігор", "Лазар"}


def russian_given(name: str, case: str) -> str:
    """A Russian given name in `case`."""
    if name.endswith("ий"):
        return (
            name[:-2]
            + {"gent": "ия", "datv": "ию", "accs": "ия", "ablt": "ием", "loct": "ии"}[case]
        )
    if name[-1] in "йь":
        return _ru_soft_masculine(name[:-1], case)
    if name[-1] in "ая":
        return _ru_a_stem(name, case)
    if name == "Любовь":
        return {
            "gent": "Любови",
            "datv": "Любови",
            "accs": "Любовь",
            "ablt": "Любовью",
            "loct": "Любови",
        }[case]
    if name[-1] in _RU_VOWELS:
        return name
    return _ru_hard_masculine(_RU_GIVEN_STEMS.get(name, name), case)


def russian_patronymic(patronymic: str, case: str) -> str:
    """Сергеевич, Сергеевна, Ильинична in `case`."""
    if patronymic.endswith("на"):
        return (
            patronymic[:-1]
            + {"gent": "ы", "datv": "е", "accs": "у", "ablt": "ой", "loct": "е"}[case]
        )
    return _ru_hard_masculine(patronymic, case)


def russian_surname(surname: str, feminine: bool, case: str) -> str:
    """A Russian surname in `case`: possessive (-ов, -ин), adjectival (-ский, -ой) or other."""
    if feminine:
        if surname.endswith(("ова", "ёва", "ева", "ина", "ына")):
            return (
                surname[:-1]
                + {"gent": "ой", "datv": "ой", "accs": "у", "ablt": "ой", "loct": "ой"}[case]
            )
        if surname.endswith("ая"):
            return (
                surname[:-2]
                + {"gent": "ой", "datv": "ой", "accs": "ую", "ablt": "ой", "loct": "ой"}[case]
            )
        return surname  # Шевчук, Петренко: a woman's keeps its form
    if surname.endswith(("ов", "ёв", "ев", "ин", "ын")):
        return surname + {"gent": "а", "datv": "у", "accs": "а", "ablt": "ым", "loct": "е"}[case]
    if surname.endswith(("ский", "цкий", "кий", "ий", "ый", "ой")):
        soft = surname.endswith(("кий", "ий")) and not surname.endswith("ый")
        stem = surname[:-2]
        ablt = "им" if soft else "ым"
        return (
            stem + {"gent": "ого", "datv": "ому", "accs": "ого", "ablt": ablt, "loct": "ом"}[case]
        )
    if surname[-1] in _RU_VOWELS or surname.endswith(("их", "ых")):
        return surname  # Петренко, Черных, Дурново
    if surname[-1] == "ь":
        return _ru_soft_masculine(surname[:-1], case)
    if surname[-1] == "й":
        return _ru_soft_masculine(surname[:-1], case)
    return _ru_hard_masculine(surname, case)


def _uk_hard_masculine(word: str, case: str) -> str:
    """Іван, Шевчук, Петрович: -а, -ові, -а, -ом (-ем after a sibilant), -ові; vocative -е/-у."""
    last = word[-1]
    ablt = "ем" if last in "жшчщц" else "ом"
    voct = "у" if last in _VELARS + "жшчщ" else "е"
    return (
        word
        + {"gent": "а", "datv": "ові", "accs": "а", "ablt": ablt, "loct": "ові", "voct": voct}[case]
    )


def _uk_a_stem(word: str, case: str) -> str:
    """Микола, Ганна, Ольга, Марія, Наталія, Ілля."""
    stem = word[:-1]
    if word.endswith(("ія", "ея", "ая", "ля")) and word[-2] in "іеа":
        return (
            stem
            + {"gent": "ї", "datv": "ї", "accs": "ю", "ablt": "єю", "loct": "ї", "voct": "є"}[case]
        )
    if word.endswith("я"):
        return (
            stem
            + {"gent": "і", "datv": "і", "accs": "ю", "ablt": "ею", "loct": "і", "voct": "е"}[case]
        )
    alternated = stem[:-1] + {"г": "з", "к": "ц", "х": "с"}.get(stem[-1], stem[-1])
    dative = alternated + "і"
    return {
        "gent": stem + "и",
        "datv": dative,
        "accs": stem + "у",
        "ablt": stem + "ою",
        "loct": dative,
        "voct": stem + "о",
    }[case]


def ukrainian_given(name: str, case: str) -> str:
    """A Ukrainian given name in `case` (with the vocative)."""
    if name.endswith("ій"):
        return (
            name[:-1]
            + {"gent": "я", "datv": "єві", "accs": "я", "ablt": "єм", "loct": "єві", "voct": "ю"}[
                case
            ]
        )
    if name in _UK_GIVEN_SOFT:
        return (
            name
            + {"gent": "я", "datv": "еві", "accs": "я", "ablt": "ем", "loct": "еві", "voct": "ю"}[
                case
            ]
        )
    if name.endswith("о"):
        stem = name[:-1]
        return (
            stem
            + {"gent": "а", "datv": "ові", "accs": "а", "ablt": "ом", "loct": "ові", "voct": "е"}[
                case
            ]
        )
    if name[-1] in "ая":
        return _uk_a_stem(name, case)
    if name == "Любов":
        return {
            "gent": "Любові",
            "datv": "Любові",
            "accs": "Любов",
            "ablt": "Любов'ю",
            "loct": "Любові",
            "voct": "Любове",
        }[case]
    if name == "Федір":
        name = "Федор"
    if name == "Лев":
        name = "Льв"
    if name.endswith("ь"):
        return (
            name[:-1]
            + {"gent": "я", "datv": "еві", "accs": "я", "ablt": "ем", "loct": "еві", "voct": "ю"}[
                case
            ]
        )
    return _uk_hard_masculine(name, case)


def ukrainian_patronymic(patronymic: str, case: str) -> str:
    """Олександрович, Олександрівна in `case`."""
    if patronymic.endswith("на"):
        return (
            patronymic[:-1]
            + {"gent": "и", "datv": "і", "accs": "у", "ablt": "ою", "loct": "і", "voct": "о"}[case]
        )
    return (
        patronymic
        + {"gent": "а", "datv": "у", "accs": "а", "ablt": "ем", "loct": "у", "voct": "у"}[case]
    )


def ukrainian_surname(surname: str, feminine: bool, case: str) -> str:
    """A Ukrainian surname in `case`."""
    if feminine:
        if surname.endswith(("ова", "ьова", "ева", "єва", "іна", "ина")):
            return (
                surname[:-1]
                + {
                    "gent": "ої",
                    "datv": "ій",
                    "accs": "у",
                    "ablt": "ою",
                    "loct": "ій",
                    "voct": "а",
                }[case]
            )
        if surname.endswith(("ська", "цька")):
            return (
                surname[:-1]
                + {
                    "gent": "ої",
                    "datv": "ій",
                    "accs": "у",
                    "ablt": "ою",
                    "loct": "ій",
                    "voct": "а",
                }[case]
            )
        return surname
    if surname.endswith(("ський", "цький")):
        stem = surname[:-2]
        return (
            stem
            + {
                "gent": "ого",
                "datv": "ому",
                "accs": "ого",
                "ablt": "им",
                "loct": "ому",
                "voct": "ий",
            }[case]
        )
    if surname.endswith("ко"):
        stem = surname[:-1]
        return (
            stem
            + {"gent": "а", "datv": "ові", "accs": "а", "ablt": "ом", "loct": "ові", "voct": "у"}[
                case
            ]
        )
    if surname.endswith(("ов", "ьов", "ев", "єв", "ін", "ин")):
        return (
            surname
            + {"gent": "а", "datv": "у", "accs": "а", "ablt": "им", "loct": "у", "voct": "е"}[case]
        )
    if surname[-1] in "аеєиіїоуюя":
        return surname
    if surname[-1] in "йь":  # Хегай, Коваль: the soft declension
        stem = surname[:-1]
        soft = "я" if surname[-1] == "ь" or stem[-1] not in "аеоу" else "я"
        e = "є" if surname[-1] == "й" else "е"
        return (
            stem
            + {
                "gent": soft,
                "datv": e + "ві",
                "accs": soft,
                "ablt": e + "м",
                "loct": e + "ві",
                "voct": "ю",
            }[case]
        )
    return _uk_hard_masculine(surname, case)
