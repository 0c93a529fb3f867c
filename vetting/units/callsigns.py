"""Call signs: pseudonyms that say nothing about the person behind them.

A call sign is a word and a number, e.g. "Сокіл 27", in the volunteer's language (Ukrainian,
or Russian for a volunteer who applied in Russian), drawn from the words the formation keeps
(`CallSignWord`, managed by personnel officers) and from nothing the volunteer told us (name,
birth date, home town, unit), so knowing it reveals no identity. Until the formation keeps
words of its own in a language, the words below are drawn.
"""

import random
from collections.abc import Callable, Sequence

# Plain, easily spoken words from nature and tools; no names, places or ranks.
DEFAULT_WORDS: dict[str, tuple[str, ...]] = {
    "uk": (
        "Беркут", "Бук", "Вітер", "Вовк", "Ворон", "Граніт", "Грім", "Дуб", "Джміль", "Єнот",
        "Журавель", "Змій", "Зубр", "Ірис", "Кедр", "Клен", "Кремінь", "Кречет", "Лис", "Лев",
        "Лелека", "Мак", "Мисливець", "Обрій", "Орел", "Панцир", "Пугач", "Рись", "Сокіл",
        "Сапсан", "Сич", "Сосна", "Тур", "Ясень", "Явір", "Яструб", "Шершень", "Щит", "Вереск",
        "Бобер", "Борсук", "Видра", "Гай", "Граб", "Компас", "Маяк", "Молот", "Оберіг",
        "Стріла", "Туман",
    ),
    "ru": (
        "Беркут", "Бук", "Ветер", "Волк", "Ворон", "Гранит", "Гром", "Дуб", "Шмель", "Енот",
        "Журавль", "Змей", "Зубр", "Ирис", "Кедр", "Клён", "Кремень", "Кречет", "Лис", "Лев",
        "Аист", "Мак", "Охотник", "Горизонт", "Орёл", "Панцирь", "Филин", "Рысь", "Сокол",
        "Сапсан", "Сыч", "Сосна", "Тур", "Ясень", "Явор", "Ястреб", "Шершень", "Щит", "Барс",
        "Бобр", "Барсук", "Выдра", "Бор", "Граб", "Компас", "Маяк", "Молот", "Оберег",
        "Стрела", "Туман",
    ),
}  # fmt: skip
LANGUAGES = tuple(DEFAULT_WORDS)


def language_for(applied_in: str) -> str:
    """The language of a volunteer's call sign: the one they applied in, Ukrainian otherwise."""
    return applied_in if applied_in in DEFAULT_WORDS else "uk"


def draw(rng: random.Random, words: Sequence[str] = DEFAULT_WORDS["uk"]) -> str:
    """One call sign, e.g. "Сокіл 27"."""
    return f"{rng.choice(words)} {rng.randrange(10, 1000)}"


def unique_call_sign(
    rng: random.Random, taken: Callable[[str], bool], words: Sequence[str] = DEFAULT_WORDS["uk"]
) -> str:
    """A call sign for which `taken` says no; 50 words give about 50,000, so a few draws do."""
    for _ in range(1000):
        candidate = draw(rng, words)
        if not taken(candidate):
            return candidate
    raise RuntimeError("no free call sign found")
