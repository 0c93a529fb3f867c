"""The hand-labelled mention sets and how they are scored."""

from evaluation.mentions import SETS, Sentence, read_set, score


def test_the_fitted_set_has_a_hundred_sentences_per_language() -> None:
    sentences = read_set(SETS["fitted"])
    assert [sum(s.lang == lang for s in sentences) for lang in ("ru", "uk")] == [100, 100]
    assert sum(not s.gold for s in sentences) >= 30  # sentences that name nobody
    held_out = read_set(SETS["held out"])
    assert len(held_out) == 40


def test_a_name_counts_when_its_span_is_found_and_read_when_its_nominative_is_right() -> None:
    sentences = [
        Sentence("ru", "Беседа с Шишкарёвым Н. А. проведена в Курске.", {"Шишкарёвым Н. А.": "x"}),
        Sentence("ru", "Я жил в Москве.", {}),
    ]
    figures, mistakes = score(sentences, ours=True)
    assert (figures.found, figures.predicted, figures.gold, figures.read) == (1, 1, 1, 0)
    assert mistakes == [f"  read 'Шишкаревым Н. А.' as 'Шишкарёв Н. А.': {sentences[0].text}"]
