"""Precision and recall of the mention extraction on hand-labelled sentences, beside natasha.

Each line of a set names the people in one sentence as written and in the nominative
(`mentions.tsv`: the set the rules were fitted on; `mentions_heldout.tsv`: written after
the rules were finished, never fitted). A name counts as found when its written span is
found exactly (spaces and trailing punctuation aside); "read" is the share of names found
whose nominative is right too.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SETS = {"fitted": HERE / "mentions.tsv", "held out": HERE / "mentions_heldout.tsv"}


@dataclass(frozen=True)
class Sentence:
    lang: str
    text: str
    gold: dict[str, str]  # as written -> nominative


@dataclass(frozen=True)
class Score:
    found: int
    predicted: int
    gold: int
    read: int  # found names whose nominative is right (ours only)

    @property
    def precision(self) -> float:
        return self.found / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0


def read_set(path: Path) -> list[Sentence]:
    sentences = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lang, text, names = (line.split("\t") + [""])[:3]
        gold = dict(pair.split("=", 1) for pair in names.split("|") if pair)
        sentences.append(Sentence(lang, text, gold))
    return sentences


def _key(name: str) -> str:
    return " ".join(name.replace(".", ". ").split()).strip(" ,;:").replace("ё", "е")


def _same_reading(a: str, b: str) -> bool:
    return _key(a).casefold() == _key(b).casefold()


def score(sentences: list[Sentence], ours: bool) -> tuple[Score, list[str]]:
    """Figures over `sentences` for our extraction or plain natasha, and the mistakes."""
    from vetting.matching.mentions import extract_mentions, plain_natasha

    found = predicted = gold = read = 0
    mistakes = []
    for sentence in sentences:
        if ours:
            mentions = extract_mentions(sentence.text, sentence.lang)
            names = {_key(m.written): m.name for m in mentions}
            spans = Counter(_key(m.written) for m in mentions)
        else:
            spans = Counter(_key(n) for n in plain_natasha(sentence.text))
            names = {}
        gold_names = {_key(k): v for k, v in sentence.gold.items()}
        wanted = Counter(list(gold_names))
        hit = spans & wanted
        found += sum(hit.values())
        predicted += sum(spans.values())
        gold += sum(wanted.values())
        for written in hit:
            if ours and _same_reading(names[written], gold_names[written]):
                read += 1
            elif ours:
                mistakes.append(f"  read {written!r} as {names[written]!r}: {sentence.text}")
        for extra in spans - wanted:
            mistakes.append(f"  extra {extra!r}: {sentence.text}")
        for missed in wanted - spans:
            mistakes.append(f"  missed {missed!r}: {sentence.text}")
    return Score(found, predicted, gold, read), mistakes


def report(show_mistakes: bool = False) -> list[str]:
    """Lines of the report: per set and language, ours and plain natasha."""
    lines = [
        "People named in texts (hand-labelled sentences): precision / recall, names read",
        f"  {'set':<9} {'lang':<4} {'sentences':>9} {'names':>5}   {'ours':<22} plain natasha",
    ]
    mistakes = []
    for set_name, path in SETS.items():
        if not path.exists():
            continue
        sentences = read_set(path)
        for lang in ("ru", "uk"):
            part = [s for s in sentences if s.lang == lang]
            started = time.perf_counter()
            ours, wrong = score(part, ours=True)
            elapsed = time.perf_counter() - started
            plain, _ = score(part, ours=False)
            mistakes += [f"[{set_name} {lang}]{m}" for m in wrong]
            read = ours.read / ours.found if ours.found else 1.0
            lines.append(
                f"  {set_name:<9} {lang:<4} {len(part):>9} {ours.gold:>5}   "
                f"{ours.precision:.3f} / {ours.recall:.3f}, {read:.3f}   "
                f"{plain.precision:.3f} / {plain.recall:.3f}   ({elapsed:.1f} s)"
            )
    if show_mistakes:
        lines += ["", "Mistakes of ours:", *mistakes]
    return lines


if __name__ == "__main__":
    import sys

    print("\n".join(report(show_mistakes="--mistakes" in sys.argv)))
