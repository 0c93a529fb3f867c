"""Given names, patronymics and surname endings of Russian and Ukrainian names.

Every form in the tables goes through `skeleton`, so one Cyrillic and one or two
Latin spellings per name are enough: other romanizations fold onto them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from vetting.matching.translit import skeleton, to_latin

# One line per name: gender, then Russian, Ukrainian and Latin forms, then
# after "/" the diminutives in common use; an indented line continues the one
# above. The first form names the group.
# Sources: the Russian and Ukrainian name lists of the Gramota and Ukrainian
# Orthographic Dictionary name appendices, with the Latin forms seen on
# ICAO-era and Soviet-era passports.
GIVEN_NAMES = """
M Александр Олександр Alexander Aleksandr Alexandre Oleksandr Oleksander
  / Саша Шура Сашко Sasha Sashko Shura
M Алексей Олексій Aleksei Alexei Alexey Aleksey Alexej Oleksiy Oleksii Oleksij Alexis
  / Лёша Алёша Льоша Олекса Lyosha Alyosha Lesha
M Анатолий Анатолій Anatoly Anatolii Anatoliy Anatole / Толя Tolya
M Андрей Андрій Andrei Andrey Andrii Andriy Andrzej André / Андрюша Andryusha
M Антон Anton Antoine / Антоша Тоша
M Аркадий Аркадій Arkady Arkadii Arkadiy / Аркаша
M Артём Артем Artyom Artem Artiom / Тёма
M Артур Artur Arthur
M Богдан Bohdan Bogdan / Богданчик
M Борис Borys Boris / Боря
M Вадим Vadym Vadim / Вадик
M Валентин Valentyn Valentin / Валя
M Валерий Валерій Valery Valerii Valeriy Valeri Valerij / Валера Valera
M Василий Василь Vasily Vasilii Vasiliy Vasyl Vassili Wassili Basile / Вася Vasya
M Виктор Віктор Viktor Victor / Витя Vitya
M Виталий Віталій Vitaly Vitalii Vitaliy Vitali / Виталик
M Владимир Володимир Vladimir Volodymyr Wladimir Vladimer / Вова Володя Vova Volodya
M Владислав Vladyslav Vladislav / Влад Vlad
M Вячеслав В'ячеслав Viacheslav Vyacheslav Vjaceslav / Слава Slava
M Геннадий Геннадій Gennady Gennadii Gennadiy Hennadiy Hennadii / Гена Gena
M Георгий Георгій Georgy Georgii Georgiy Heorhiy Heorhii George Georges Georg / Жора Гоша Zhora
M Глеб Гліб Gleb Hlib / Глебушка
M Григорий Григорій Grigory Grigorii Grigoriy Hryhoriy Hryhorii Gregory Grégoire
  / Гриша Гриць Grisha
M Даниил Данило Данила Daniil Danylo Danila Daniel / Даня Danya
M Денис Denys Denis / Дениска
M Дмитрий Дмитро Dmitry Dmitrii Dmitriy Dmitri Dmytro Dimitri / Дима Митя Dima Mitya
M Евгений Євген Yevgeny Evgeny Evgenii Evgeniy Yevgeniy Yevhen Ievgen Evgueni Jewgeni
  Eugene Eugène Eugen / Женя Zhenya Жека
M Егор Єгор Yegor Egor Yehor / Егорка
M Иван Іван Ivan Iwan Ivane / Ваня Vanya
M Игорь Ігор Igor Ihor / Игорёк
M Илья Ілля Ilya Ilia Illia Illya Ilja Élie / Илюша
M Кирилл Кирило Kirill Kyrylo Cyril Cyrille Kiril / Кирюша
M Константин Костянтин Konstantin Kostiantyn Kostyantyn Constantin / Костя Kostya
M Леонид Леонід Leonid Léonide / Лёня Lyonya
M Лев Lev Leo Léon / Лёва Lyova
M Максим Maksym Maxim Maksim Maxime / Макс Max
M Матвей Матвій Matvei Matvey Matvii Matviy Mathieu / Мотя
M Михаил Михайло Mikhail Mykhailo Mykhaylo Michail Michael Mixail Michel / Миша Misha
M Никита Микита Nikita Mykyta / Никитка
M Николай Микола Nikolai Nikolay Nikolaj Mykola Nicolas Nicholas Nicolai Nikolaus
  / Коля Kolya Kolia Николаша
M Олег Oleh Oleg / Олежка
M Павел Павло Pavel Pavlo Paul Paweł / Паша Pasha
M Пётр Петро Petr Pyotr Piotr Petro Peter Pierre / Петя Petya
M Роман Roman / Рома Roma
M Руслан Ruslan / Руся
M Семён Семен Semyon Semen Semion Simon / Сёма Syoma
M Сергей Сергій Sergei Sergey Serhiy Serhii Sergej Serge Sergueï / Серёжа Серьожа Seryozha Serezha
M Станислав Stanislav Stanislaw Stanislas / Стас Stas
M Степан Stepan Stefan Stephan Étienne / Стёпа Styopa
M Тарас Taras / Тарасик
M Тимофей Тимофій Timofei Timofey Tymofiy Tymofii Timothée / Тима Тимоша
M Тимур Tymur Timur
M Фёдор Федір Fyodor Fedor Fiodor Fedir Fjodor Théodore Theodor / Федя Fedya
M Юрий Юрій Yuri Yury Yurii Yuriy Iouri Jurij Juri Yurij / Юра Yura
M Яков Яків Yakov Yakiv Iakov Jakow Jakob Jacob Jacques / Яша Yasha
M Ярослав Yaroslav Iaroslav Jaroslav / Ярик
M Эдуард Едуард Eduard Edward / Эдик Edik
M Ростислав Rostyslav Rostislav / Ростик
M Всеволод Vsevolod / Сева Seva
M Святослав Sviatoslav Svyatoslav / Свят
M Вениамин Веніамін Veniamin Veniamyn / Веня
M Марк Марко Mark Marc Marko
M Марат Marat
M Альберт Albert
M Ренат Renat
M Эльдар Eldar
M Ринат Rinat
M Рустам Rustam
M Айдар Aidar
M Ильдар Ildar
M Ибрагим Ibragim Ibrahim
M Ахмед Ахмат Akhmed Ahmed Akhmat
M Мурат Murat
M Назар Nazar
M Остап Ostap
M Любомир Lyubomyr Liubomyr
M Филипп Пилип Filipp Pylyp Philipp Filip Philippe / Филя
M Ефим Юхим Yefim Efim Yukhym / Фима
M Захар Zakhar Zaxar Sachar / Захарка
M Тихон Tikhon Tykhon Tixon / Тиша
M Герман Herman German
M Арсений Арсеній Arseny Arsenii Arseniy / Арсюша
F Анна Ганна Anna Hanna Ganna Anne / Аня Нюра Anya Annushka
F Елена Олена Yelena Elena Olena Jelena Helen Hélène / Лена Lena
F Наталья Наталия Наталія Natalya Natalia Nataliya Natalie Nathalie Natalja / Наташа Natasha
F Ольга Olga Olha / Оля Olya
F Татьяна Тетяна Tatyana Tatiana Tetiana Tetyana Tatjana / Таня Tanya
F Ирина Ірина Iryna Irina Irène / Ира Ira
F Екатерина Катерина Yekaterina Ekaterina Kateryna Katerina Catherine / Катя Katya
F Мария Марія Maria Mariya Mariia Marija Marie / Маша Masha
F Светлана Світлана Svetlana Svitlana / Света Sveta
F Юлия Юлія Yulia Yuliya Yuliia Julia Iulia Julie / Юля Yulya
F Людмила Liudmyla Lyudmila Ludmila / Люда Lyuda
F Галина Halyna Galina / Галя Galya
F Оксана Oksana / Ксана
F Виктория Вікторія Viktoria Viktoriya Viktoriia Victoria / Вика Vika
F Анастасия Анастасія Anastasia Anastasiya Anastasiia / Настя Nastya
F Евгения Євгенія Yevgenia Evgenia Yevheniia / Женечка
F Александра Олександра Aleksandra Alexandra Oleksandra / Шурочка
F Валентина Valentyna Valentina / Валечка
F Надежда Надія Nadezhda Nadiya Nadiia / Надя Nadya
F Вера Віра Vera Vira / Верочка
F Любовь Любов Lyubov Liubov / Люба Lyuba
F Лариса Larysa Larisa / Лара
F Марина Maryna Marina / Мариша
F Алла Alla / Аллочка
F Дарья Дарія Дарина Daria Darya Dariia Daryna / Даша Dasha
F Полина Polina Polyna / Поля
F Ксения Ксенія Kseniya Ksenia Kseniia Xenia / Ксюша Ksyusha
F Софья София Софія Sofia Sofiya Sofiia Sophia Sophie / Соня Sonya
F Валерия Валерія Valeria Valeriya Valeriia / Лера Lera
F Зинаида Зінаїда Zinaida Zinaïda / Зина Zina
F Раиса Раїса Raisa / Рая
F Тамара Tamara / Тома
F Нина Ніна Nina / Ниночка
F Жанна Zhanna / Жанночка
F Алина Аліна Alina Alyna
F Кристина Крістіна Христина Kristina Kristyna Khrystyna Christina / Кристи
F Алёна Альона Alyona Alena Aliona / Алёнка
F Олеся Olesya Olesia Lesya / Леся
F Яна Yana Iana Jana
F Инна Інна Inna
F Элеонора Eleonora / Элла
F Эльвира Ельвіра Elvira / Эля
F Диана Діана Diana
F Карина Karina Karyna
F Ангелина Ангеліна Angelina Anhelina / Геля
F Вероника Вероніка Veronika Veronica / Ника
F Маргарита Marharyta Margarita / Рита Rita
F Лилия Лілія Liliya Lilia Liliia / Лиля Lilya
F Антонина Антоніна Antonina Antonyna / Тоня Tonya
F Зоя Zoya Zoia
F Майя Maya Maiia
""".strip()

# Patronymic stems that do not start with the father's name as spelled
# (Павел -> Павлович, Лев -> Львович, Илья -> Ильич, Яков -> Яковлевич).
PATRONYMIC_STEMS = {
    "Павел": "Павл Pavl",
    "Лев": "Льв Lv",
    "Илья": "Ил Илин Іл Il Ilin",
    "Яков": "Яковл Iakovl Yakovl",
    "Пётр": "Петр Petr",
    "Фёдор": "Федор Fedor",
    "Семён": "Семен Semen",
    "Артём": "Артем Artem",
    "Никита": "Никит Nikit Mykyt",
    "Даниил": "Данил Danil Danyl",
}

# Patronymic endings in skeleton form: -ович/-евич/-ович (Ukr. -ович, -йович),
# -ич (Ильич, Кузьмич); -овна/-евна, -івна/-ївна, -ична (Ильинична).
MALE_PATRONYMIC_ENDINGS = ("oviS", "eviS", "iS")
FEMALE_PATRONYMIC_ENDINGS = ("ovna", "evna", "ivna", "iSna")

# Surname endings in skeleton form as (feminine, masculine, shared stem ending);
# the first matching row wins, so longer endings come first. -енко, -ук, -юк,
# -ко, -ич and the like are the same for both sexes and are not listed.
SURNAME_ENDINGS: tuple[tuple[str, str, str], ...] = (
    ("skaia", "skii", "ski"),
    ("ska", "ski", "ski"),
    ("ova", "ov", "ov"),
    ("eva", "ev", "ov"),
    ("ina", "in", "in"),
)


@dataclass(frozen=True, slots=True)
class GivenName:
    """A given-name group: the canonical key, its sex and every first letter it is written with."""

    key: str
    gender: str
    initials: frozenset[str]
    display: str
    spellings: tuple[str, ...]  # skeletons and plain romanizations of every full form


def _parse_given_names() -> tuple[dict[str, tuple[GivenName, bool]], dict[str, GivenName]]:
    forms: dict[str, tuple[GivenName, bool]] = {}
    roots: dict[str, GivenName] = {}
    for line in GIVEN_NAMES.replace("\n  ", " ").splitlines():
        gender, rest = line.split(" ", 1)
        full, _, diminutive = rest.partition("/")
        full_forms = full.split()
        dim_forms = diminutive.split()
        skeletons = [skeleton(f) for f in full_forms]
        initials = frozenset(s[0] for s in skeletons + [skeleton(f) for f in dim_forms] if s)
        spellings = tuple(dict.fromkeys(skeletons + [to_latin(f) for f in full_forms]))
        name = GivenName(skeletons[0], gender.lower(), initials, full_forms[0], spellings)
        for form in full_forms:
            forms.setdefault(skeleton(form), (name, False))
        for form in dim_forms:
            forms.setdefault(skeleton(form), (name, True))
        if gender == "M":
            for skel in skeletons:
                for cut in (0, 1, 2):
                    if len(skel) - cut >= 3:
                        roots.setdefault(skel[: len(skel) - cut], name)
    for head, stems in PATRONYMIC_STEMS.items():
        name = forms[skeleton(head)][0]
        for stem in stems.split():
            roots[skeleton(stem)] = name
    return forms, roots


_FORMS, _ROOTS = _parse_given_names()


def given_name(skel: str) -> tuple[GivenName, bool] | None:
    """The name group a given-name skeleton belongs to and whether it is a diminutive."""
    return _FORMS.get(skel)


@lru_cache(maxsize=1 << 14)
def patronymic(skel: str) -> tuple[str, str] | None:
    """(father's name key or stem, gender) if `skel` looks like a patronymic, else None.

    The key is a given-name group key when the father's name is known, so that
    Александрович and Oleksandrovych compare equal.
    """
    for endings, gender in ((MALE_PATRONYMIC_ENDINGS, "m"), (FEMALE_PATRONYMIC_ENDINGS, "f")):
        for ending in endings:
            if skel.endswith(ending) and len(skel) >= len(ending) + 2:
                stem = skel[: -len(ending)]
                known = _ROOTS.get(stem)
                if known is not None:
                    return known.key, gender
                if ending != "iS" and len(stem) >= 3:
                    return "?" + stem, gender
    return None


@lru_cache(maxsize=1 << 16)
def surname_stem(skel: str) -> tuple[str, str]:
    """(sex-neutral stem, gender implied by the ending) for a surname skeleton.

    Шишкарёв, Шишкарёва, Шишкарьов and Shyshkarov share one stem; the gender is
    "" for endings used by both sexes (-енко, -ук).
    """
    for feminine, masculine, shared in SURNAME_ENDINGS:
        if skel.endswith(feminine) and len(skel) > len(feminine) + 1:
            return skel[: -len(feminine)] + shared, "f"
        if skel.endswith(masculine) and len(skel) > len(masculine) + 1:
            return skel[: -len(masculine)] + shared, "m"
    return skel, ""


# Suffixes that make distinct Ukrainian surnames from one stem, in skeleton form
# (ч folds to S, ц to C): Руденко and Рудченко, Ковальчук and Ковальчик,
# Мельник and Мельничук, Вишневський and Вишневецький are different families.
SURNAME_SUFFIX_SETS: tuple[frozenset[str], ...] = (
    frozenset(("enko", "Senko", "Cenko", "ienko", "enkov", "iSenko")),
    frozenset(("uk", "iuk", "Suk", "Sik", "ik", "Cuk", "Cik", "iSuk")),
    frozenset(("ski", "Cki", "eCki")),
)


def other_suffix(skel_a: str, skel_b: str) -> bool:
    """Whether two surname skeletons are one stem with two different family-name suffixes."""
    for suffixes in SURNAME_SUFFIX_SETS:
        ends_a = [s for s in suffixes if skel_a.endswith(s)]
        ends_b = [s for s in suffixes if skel_b.endswith(s)]
        for sa in ends_a:
            for sb in ends_b:
                if (
                    sa != sb
                    and skel_a[: -len(sa)] == skel_b[: -len(sb)]
                    and len(skel_a) > len(sa) + 1
                ):
                    return True
    return False
