"""Free-text motives for joining, assembled from sentence fragments in three languages."""

from __future__ import annotations

import random

# Each language has openings, motives and closings; a statement takes one to
# four sentences so the texts vary in length and wording like real forms do.
_FRAGMENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "ru": {
        "opening": (
            "Прошу принять меня в легион.",
            "Хочу вступить в легион «Свобода России».",
            "Я добровольно подаю заявление на вступление в легион.",
            "Прошу рассмотреть мою кандидатуру.",
            "Готов служить в составе легиона.",
        ),
        "motive": (
            "Я не согласен с войной, которую ведёт путинский режим.",
            "Меня отправили на фронт обманом, воевать против Украины я не хочу.",
            "Я сдался в плен сознательно, чтобы не участвовать в преступной войне.",
            "Хочу бороться за свободную Россию без Путина.",
            "Мой дед воевал с фашизмом, и я не хочу быть на стороне агрессора.",
            "Я видел, что делает армия РФ с мирными людьми, и не могу с этим мириться.",
            "Считаю своим долгом искупить вину и защитить Украину.",
            "Меня мобилизовали против моей воли, теперь я хочу сам выбрать сторону.",
        ),
        "detail": (
            "Имею опыт вождения тяжёлой техники.",
            "Служил по контракту, знаю стрелковое оружие.",
            "Умею работать с рацией и картой.",
            "До армии работал на заводе, руки растут откуда надо.",
            "Прошёл курсы первой помощи.",
            "Семья поддерживает моё решение.",
        ),
        "closing": (
            "Готов пройти любую проверку.",
            "Прошу сообщить родственникам, что я жив.",
            "Обязуюсь соблюдать дисциплину.",
            "Слава Украине!",
        ),
    },
    "uk": {
        "opening": (
            "Прошу прийняти мене до легіону.",
            "Бажаю вступити до легіону «Свобода Росії».",
            "Добровільно подаю заяву на вступ до легіону.",
        ),
        "motive": (
            "Я не підтримую війну, яку розв'язав путінський режим.",
            "Мене відправили на фронт обманом, я не хочу воювати проти України.",
            "Хочу боротися за вільну Росію.",
            "Моя мати українка, я не можу стріляти в її народ.",
        ),
        "detail": (
            "Маю досвід водіння вантажівок.",
            "Служив за контрактом, знаю стрілецьку зброю.",
            "Пройшов курси першої допомоги.",
        ),
        "closing": (
            "Готовий пройти будь-яку перевірку.",
            "Слава Україні!",
        ),
    },
    "en": {
        "opening": (
            "I ask to be admitted to the Legion.",
            "I want to join the Freedom of Russia Legion.",
            "I am applying voluntarily to join the Legion.",
        ),
        "motive": (
            "I do not support the war started by Putin's regime.",
            "I was sent to the front by deception and do not want to fight Ukraine.",
            "I surrendered on purpose so as not to take part in a criminal war.",
            "I want to fight for a free Russia.",
        ),
        "detail": (
            "I have experience driving heavy vehicles.",
            "I served on contract and know small arms.",
            "I completed a first-aid course.",
        ),
        "closing": (
            "I am ready for any vetting.",
            "Please tell my family I am alive.",
        ),
    },
}


def statement(rng: random.Random, language: str) -> str:
    """A one-to-four-sentence motive in ``language`` ("ru", "uk" or "en")."""
    parts = _FRAGMENTS[language]
    sentences = [rng.choice(parts["motive"])]
    if rng.random() < 0.6:
        sentences.insert(0, rng.choice(parts["opening"]))
    if rng.random() < 0.4:
        sentences.append(rng.choice(parts["detail"]))
    if rng.random() < 0.35:
        sentences.append(rng.choice(parts["closing"]))
    return " ".join(sentences[:4])
