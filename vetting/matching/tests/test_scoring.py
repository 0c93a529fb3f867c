"""The hard cases security officers meet: each must land on the right side of the threshold."""

import pytest

from vetting.matching import DEFAULT_THRESHOLD, Match, Record, normalize, score

WANTED = Record(
    "w1", "Николай Александрович Шишкарёв", "1985-03-14", gender="M", place_of_birth="Курск"
)


def against_wanted(
    name: str, birth_date: str = "", gender: str = "", service_number: str = ""
) -> Match:
    applicant = Record("a1", name, birth_date, gender=gender, service_number=service_number)
    return score(normalize(applicant), normalize(WANTED))


def assert_match(m: Match) -> None:
    assert m.score >= DEFAULT_THRESHOLD, m.explanation


def assert_no_match(m: Match) -> None:
    assert m.score < DEFAULT_THRESHOLD, m.explanation


def test_icao_spelling_matches() -> None:
    assert_match(against_wanted("Nikolay Shishkarev", "1985-03-14"))


def test_nikolai_spelling_without_date_matches() -> None:
    assert_match(against_wanted("Nikolai Shishkarev"))


def test_french_passport_spelling_matches() -> None:
    assert_match(against_wanted("Nicolas Chichkarev", "1985-03-14"))


def test_german_spelling_matches() -> None:
    assert_match(against_wanted("Nikolai Schischkarew"))


def test_yo_romanized_as_yo_matches() -> None:
    assert_match(against_wanted("Nikolay Shishkaryov"))


def test_ukrainian_form_romanized_the_ukrainian_way_matches() -> None:
    assert_match(against_wanted("Mykola Shyshkarov", "1985-03-14"))


def test_ukrainian_form_without_date_matches() -> None:
    assert_match(against_wanted("Mykola Shyshkarov"))


def test_ukrainian_cyrillic_surname_first_matches() -> None:
    assert_match(against_wanted("Шишкарьов Микола"))


def test_all_caps_comma_form_matches() -> None:
    assert_match(against_wanted("SHISHKAREV, Nikolay"))


def test_surname_alone_with_equal_date_matches() -> None:
    assert_match(against_wanted("SHISHKAREV", "1985-03-14"))


def test_no_patronymic_matches() -> None:
    assert_match(against_wanted("Шишкарёв Николай", "1985-03-14"))


def test_misprint_shishkarey_matches() -> None:
    assert_match(against_wanted("Nikolay Shishkarey"))


def test_surname_first_matches() -> None:
    assert_match(against_wanted("Shishkarev Nikolay Aleksandrovich"))


def test_yo_written_as_ye_matches() -> None:
    assert_match(against_wanted("Шишкарев Николай Александрович"))


def test_missing_birth_date_is_neutral() -> None:
    with_date = against_wanted("Nikolay Shishkarev", "1985-03-14")
    without = against_wanted("Nikolay Shishkarev")
    assert_match(without)
    assert without.score < with_date.score


def test_day_and_month_swapped_matches() -> None:
    assert_match(against_wanted("Nikolay Shishkarev", "1985-14-03"))
    m = score(
        normalize(Record("a", "Nikolay Shishkarev", "1985-07-03")),
        normalize(Record("b", "Николай Шишкарёв", "1985-03-07")),
    )
    assert_match(m)
    assert "swapped" in m.explanation


def test_year_off_by_one_matches() -> None:
    assert_match(against_wanted("Nikolay Shishkarev", "1984-03-14"))


def test_one_digit_typo_in_day_matches() -> None:
    assert_match(against_wanted("Nikolay Shishkarev", "1985-03-17"))


def test_year_only_matches() -> None:
    assert_match(against_wanted("Nikolay Shishkarev", "1985"))


def test_initials_with_surname_match() -> None:
    assert_match(against_wanted("N. Shishkarev"))
    assert_match(against_wanted("Н.А. Шишкарёв"))


def test_diminutive_given_name_matches() -> None:
    assert_match(against_wanted("Kolya Shishkarev", "1985-03-14"))


def test_hyphenated_double_surname_matches() -> None:
    assert_match(against_wanted("Nikolay Shishkarev-Petrov", "1985-03-14"))


def test_alias_is_matched() -> None:
    applicant = normalize(Record("a", "Ivan Petrov", "1985-03-14", aliases=("Nikolay Shishkarev",)))
    assert_match(score(applicant, normalize(WANTED)))


def test_equal_service_number_lifts_a_weak_name_match() -> None:
    weak = against_wanted("N. Shishkarey")
    strong = against_wanted("N. Shishkarey", service_number="АБ-123456")
    wanted = normalize(Record("w", WANTED.name, WANTED.birth_date, service_number="AB 123456"))
    lifted = score(normalize(Record("a", "N. Shishkarey", service_number="АБ-123456")), wanted)
    assert strong.score == weak.score
    assert lifted.score > weak.score
    assert "service number: equal" in lifted.explanation


def test_namesake_born_ten_years_later_does_not_match() -> None:
    assert_no_match(against_wanted("Николай Александрович Шишкарёв", "1995-03-14"))


def test_namesake_born_three_years_later_does_not_match() -> None:
    assert_no_match(against_wanted("Nikolay Shishkarev", "1988-06-01"))


def test_sister_feminine_surname_does_not_match() -> None:
    m = against_wanted("Шишкарёва Мария Александровна", "1985-03-14")
    assert_no_match(m)
    assert "gender conflict" in m.explanation
    assert "Шишкарёва ~ Шишкарёв (feminine and masculine forms)" in m.explanation


def test_wife_does_not_match() -> None:
    assert_no_match(against_wanted("Анна Сергеевна Шишкарёва", "1987-11-02"))


def test_feminine_surname_with_initial_only_does_not_match() -> None:
    m = against_wanted("Н. Шишкарёва")
    assert_no_match(m)
    # A woman's name, or the genitive of his: on a name alone, never a match.
    assert "genitive of Шишкарёв (or as written)" in m.explanation


def test_recorded_gender_conflict_does_not_match() -> None:
    assert_no_match(against_wanted("N. Shishkareva", gender="F"))


def test_brother_with_another_given_name_does_not_match() -> None:
    assert_no_match(against_wanted("Сергей Александрович Шишкарёв"))
    assert_no_match(against_wanted("Сергей Александрович Шишкарёв", "1985-03-14"))


def test_different_patronymic_does_not_match() -> None:
    assert_no_match(against_wanted("Николай Сергеевич Шишкарёв"))


def test_different_surname_does_not_match() -> None:
    assert_no_match(against_wanted("Николай Александрович Петров", "1985-03-14"))


def test_explanation_names_each_part_in_words() -> None:
    m = against_wanted("Nikolay Shishkarey", "1985-03-14")
    assert m.explanation == (
        "surname: Shishkarey ~ Шишкарёв (1 edit after transliteration); "
        "given name: Nikolay = Николай; patronymic: absent; birth date: equal"
    )


def test_explanation_of_a_different_year() -> None:
    m = against_wanted("Nikolay Shishkarev", "1995-03-14")
    assert "birth date: years differ (1995 vs 1985)" in m.explanation
    assert "surname: Shishkarev = Шишкарёв (same after transliteration)" in m.explanation


def test_explanation_of_russian_and_ukrainian_patronymics() -> None:
    m = against_wanted("Шишкарьов Микола Олександрович")
    assert "patronymic: Олександрович = Александрович" in m.explanation
    assert "given name: Микола = Николай" in m.explanation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Алексей", "Oleksiy"),
        ("Сергей", "Serhii"),
        ("Дмитрий", "Dmytro"),
        ("Александр", "Oleksandr"),
        ("Владимир", "Volodymyr"),
        ("Михаил", "Mykhailo"),
        ("Пётр", "Petro"),
        ("Юрий", "Yurii"),
        ("Евгений", "Yevhen"),
        ("Григорий", "Hryhoriy"),
        ("Фёдор", "Fedir"),
        ("Игорь", "Ihor"),
        ("Вячеслав", "Viacheslav"),
        ("Анна", "Hanna"),
        ("Елена", "Olena"),
        ("Татьяна", "Tetiana"),
    ],
)
def test_russian_and_ukrainian_given_names_are_equal(a: str, b: str) -> None:
    m = score(normalize(Record("a", f"{a} Ivanenko")), normalize(Record("b", f"{b} Ivanenko")))
    assert f"given name: {a} = {b}" in m.explanation
    assert_match(m)


def test_score_is_symmetric_on_hard_cases() -> None:
    for name in ("Шишкарёва Мария", "N. Shishkarey", "SHISHKAREV", "Ravil Shishkarev"):
        a, b = normalize(Record("a", name, "1985")), normalize(WANTED)
        assert score(a, b).score == score(b, a).score


def test_unknown_given_name_in_either_order_matches() -> None:
    m = score(
        normalize(Record("a", "Ravil Shishkarev", "1985-03-14")),
        normalize(Record("b", "Шишкарёв Равиль", "1985-03-14")),
    )
    assert_match(m)


def test_gost_backtick_spelling_matches() -> None:
    m = score(
        normalize(Record("a", "Vitalij Il`darovich Ignat`ev", "2001-09-23")),
        normalize(Record("b", "Виталий Ильдарович Игнатьев", "2001-09-23")),
    )
    assert_match(m)
    assert "patronymic: Il`darovich = Ильдарович" in m.explanation


def test_gost_x_for_kh_matches() -> None:
    assert_match(
        score(
            normalize(Record("a", "Marat Xoxlov", "1989-03-30")),
            normalize(Record("b", "Марат Хохлов", "1989-03-30")),
        )
    )


def test_french_j_for_zh_matches() -> None:
    assert_match(
        score(
            normalize(Record("a", "Bajanov Evgueni", "1988-07-05")),
            normalize(Record("b", "Бажанов Евгений Александрович", "1988-07-05")),
        )
    )


def test_german_s_and_z_spelling_matches() -> None:
    assert_match(
        score(
            normalize(Record("a", "Sergej Alexejewitsch Sajzew", "1996-09-18")),
            normalize(Record("b", "Сергей Алексеевич Зайцев", "1996-09-18")),
        )
    )


def test_transposed_letters_in_surname_match() -> None:
    assert_match(against_wanted("Nikolay Shishkraev"))


def test_typo_in_given_name_matches_with_equal_date() -> None:
    assert_match(against_wanted("Nikloay Shishkarev", "1985-03-14"))


def test_alias_without_patronymic_does_not_hide_a_different_patronymic() -> None:
    a = normalize(Record("a", "Сергей Вадимович Иванов", "1986-06-02", aliases=("Sergei Ivanov",)))
    b = normalize(Record("b", "Иванов Сергей Евгеньевич"))
    assert_no_match(score(a, b))


def test_birthplace_in_two_languages_is_the_same() -> None:
    a = normalize(Record("a", "Nikolay Shishkarev", place_of_birth="Moscow"))
    b = normalize(Record("b", "Николай Шишкарёв", place_of_birth="г. Москва, Московская обл."))
    assert "place of birth: same" in score(a, b).explanation


def test_unit_numbers_compare_across_languages() -> None:
    a = normalize(Record("a", "Nikolay Shishkarev", unit="106th Guards Airborne Division"))
    b = normalize(Record("b", "Николай Шишкарёв", unit="106-я гвардейская дивизия"))
    assert "unit: same" in score(a, b).explanation


def test_typo_turning_a_given_name_into_another_matches_only_with_more_evidence() -> None:
    dated = score(
        normalize(Record("a", "Potapov Ygor", "1983-05-21")),
        normalize(Record("b", "Потапов Егор", "1983-05-21")),
    )
    assert_match(dated)
    assert "(1 edit, or another name)" in dated.explanation
    assert_no_match(
        score(normalize(Record("a", "Potapov Ygor")), normalize(Record("b", "Потапов Егор")))
    )


def test_fathers_with_similar_known_names_are_different_fathers() -> None:
    m = score(
        normalize(Record("a", "Anton Ildarovich Perov", "1989-03-11")),
        normalize(Record("b", "Anton Eldarovich Perov")),
    )
    assert_no_match(m)
    assert "patronymic: Ildarovich ≠ Eldarovich" in m.explanation


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Руденко", "Рудченко"),
        ("Ковальчук", "Ковальчик"),
        ("Мельник", "Мельничук"),
        ("Вишневський", "Вишневецький"),
        ("Клименко", "Климченко"),
    ],
)
def test_a_near_surname_of_another_family_is_no_match_on_names_alone(one: str, other: str) -> None:
    a = normalize(Record("a", f"{one} Сергій Іванович", "1980-01-01"))
    b = normalize(Record("b", f"{other} Сергій Іванович"))
    assert_no_match(score(a, b))


def test_the_surname_bound_skips_only_pairs_that_cannot_reach_the_threshold() -> None:
    from vetting.matching.scoring import could_reach

    people = [
        normalize(Record("a", "Шишкарёв Николай Александрович", "1990-05-14")),
        normalize(Record("b", "Nikolay Shishkarev", "14.05.1990")),
        normalize(Record("c", "Mykola Shyshkarov", "1990-05-14")),
        normalize(Record("d", "Петренко Николай Александрович", "1990-05-14")),
        normalize(Record("e", "Коваленко Николай", "1990-05-14", service_number="АБ123")),
        normalize(Record("f", "Шишкарёв Николай", "1990-05-14", service_number="AB123")),
    ]
    skipped = 0
    for a in people:
        for b in people:
            if not could_reach(a, b, DEFAULT_THRESHOLD, names=True):
                skipped += 1
                assert score(a, b).score < DEFAULT_THRESHOLD, (a.id, b.id)
    # Another surname on the same day is skipped; an equal service number is not.
    assert not could_reach(people[0], people[3], DEFAULT_THRESHOLD, names=True)
    assert could_reach(people[4], people[5], DEFAULT_THRESHOLD, names=True)
    assert could_reach(people[0], people[2], DEFAULT_THRESHOLD, names=True)
    assert skipped > 0
