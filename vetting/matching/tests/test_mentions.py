"""People named inside texts: found in any case, with initials, and nothing that is no person."""

import pytest

from vetting.matching.mentions import Mention, extract_mentions


def names(text: str, lang: str = "") -> list[tuple[str, str]]:
    return [(m.written, m.name) for m in extract_mentions(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Командиру войсковой части от Шишкарёва Николая Александровича.",
            "ru",
            [("Шишкарёва Николая Александровича", "Шишкарёв Николай Александрович")],
        ),
        (
            "Сведения о Шишкарёве получены из открытых источников.",
            "ru",
            [("Шишкарёве", "Шишкарёв")],
        ),
        (
            "Видано Шишкарьову Миколі Олександровичу для пред'явлення за місцем вимоги.",
            "uk",
            [("Шишкарьову Миколі Олександровичу", "Шишкарьов Микола Олександрович")],
        ),
        (
            "У полоні я перебував в одній камері з Олегом Бондаренком.",
            "uk",
            [("Олегом Бондаренком", "Олег Бондаренко")],
        ),
        (
            "Миколо Олександровичу, дякую за допомогу з документами.",
            "uk",
            [("Миколо Олександровичу", "Микола Олександрович")],
        ),
    ],
)
def test_a_name_in_any_case_is_read_in_the_nominative(
    text: str, lang: str, expected: list[tuple[str, str]]
) -> None:
    assert names(text, lang) == expected


def test_the_reading_says_what_was_read() -> None:
    (mention,) = extract_mentions("Беседа с Шишкарёвым Н. А. проведена в присутствии дежурного.")
    assert mention.reading == "Шишкарёвым: instrumental of Шишкарёв"


@pytest.mark.parametrize(
    ("text", "written", "name"),
    [
        ("Беседа с Шишкарёвым Н. А. проведена утром.", "Шишкарёвым Н. А.", "Шишкарёв Н. А."),
        ("Н.А. Шишкарьов підписав протокол.", "Н.А. Шишкарьов", "Н.А. Шишкарьов"),
        ("Протокол складено Н.А. Шишкарьовим і підписано.", "Н.А. Шишкарьовим", "Н.А. Шишкарьов"),
        ("Приказ подписал подполковник Е. Н. Кузьмин.", "Е. Н. Кузьмин", "Е. Н. Кузьмин"),
    ],
)
def test_initials_on_either_side_belong_to_the_name(text: str, written: str, name: str) -> None:
    assert names(text) == [(written, name)]


def test_several_people_in_one_sentence_are_each_a_mention() -> None:
    found = names("Разом зі мною в полон потрапили Борисенко, Чорновол і Яковенко.", "uk")
    assert [w for w, _ in found] == ["Борисенко", "Чорновол", "Яковенко"]
    found = names("В плену я был в одной камере с Сергеем Кузнецовым и Андреем Волковым.")
    assert [n for _, n in found] == ["Сергей Кузнецов", "Андрей Волков"]


@pytest.mark.parametrize(
    "text",
    [
        "Я народився в Харкові, навчався у Києві.",
        "Спокійна, послідовна розповідь про полон біля Роботиного.",
        "После мобилизации меня направили в Ростов, а затем в Луганск.",
        "Я долго жил на улице Ленина в доме номер пять.",
        "Сотрудник ЧВК «Вагнер» предлагал ему контракт.",
        "Позивний командира був «Гюрза», справжнього імені я не знаю.",
        "За даними Червоного Хреста, список обмінного фонду уточнюється.",
        "Мобілізований Шахтинським військкоматом у жовтні.",
        "Разом зі мною в таборі служили добрі люди.",
        "He was held with Sergei Kuznetsov.",
    ],
)
def test_places_organisations_call_signs_and_ordinary_words_are_no_person(text: str) -> None:
    assert names(text) == []


def test_a_surname_that_is_an_ordinary_word_is_a_name_after_a_rank() -> None:
    assert names("Командиром роти був капітан Мельник.", "uk") == [("Мельник", "Мельник")]
    assert names("Я слышал, что Лебедь погиб под Бахмутом.", "ru") == [("Лебедь", "Лебедь")]


def test_the_span_points_into_the_sentence_it_came_from() -> None:
    text = "Заявление принято. Меня завербовал Петренко Иван Васильевич в Донецке."
    (mention,) = extract_mentions(text)
    assert isinstance(mention, Mention)
    assert mention.sentence == "Меня завербовал Петренко Иван Васильевич в Донецке."
    assert mention.sentence[mention.start : mention.end] == "Петренко Иван Васильевич"


def test_pasted_invisible_characters_do_not_split_a_name() -> None:
    assert names("Беседа с Шиш\u200bкарёвым Н. А. проведена.") == [
        ("Шишкарёвым Н. А.", "Шишкарёв Н. А.")
    ]


def test_a_name_the_grammar_leaves_open_keeps_its_other_reading() -> None:
    (mention,) = extract_mentions("Я видел, как Баранова увели двое конвойных.", "ru")
    assert mention.name == "Баранов"
    (mention,) = extract_mentions("Голубева Ирина приходится ему сестрой.", "ru")
    assert mention.name == "Голубева Ирина"
