"""The three matchers compared: ours, the naive fuzzy baseline, and OpenSanctions' logic-v2.

Each turns a list of labelled pairs into one yes/no decision per pair, so
the same metrics apply to all of them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from evaluation.metrics import figures
from evaluation.pairs import LabelledPair, Side


@dataclass
class Decisions:
    """One matcher's verdicts on a pair set, and how it was configured."""

    matcher: str
    setting: str
    flagged: list[bool]
    scores: list[float]
    seconds: float
    notes: dict[str, object] = field(default_factory=dict)


Decide = Callable[[Sequence[LabelledPair]], Decisions]


def ours(pairs: Sequence[LabelledPair]) -> Decisions:
    """``vetting.matching.score`` at its ``DEFAULT_THRESHOLD``."""
    from vetting.matching import DEFAULT_THRESHOLD, Record, normalize, score

    def person(side: Side, key: str):
        return normalize(Record(id=key, name=side.name, birth_date=side.birth_date,
                                gender=side.gender))

    started = time.perf_counter()
    scores = [
        score(person(p.a, f"{i}a"), person(p.b, f"{i}b")).score for i, p in enumerate(pairs)
    ]
    seconds = time.perf_counter() - started
    return Decisions(
        matcher="ours",
        setting=f"threshold {DEFAULT_THRESHOLD}",
        flagged=[s >= DEFAULT_THRESHOLD for s in scores],
        scores=scores,
        seconds=seconds,
    )


def explain_ours(pair: LabelledPair) -> str:
    """Our matcher's explanation for one pair, for listing misses in the report."""
    from vetting.matching import Record, normalize, score

    a = normalize(Record(id="a", name=pair.a.name, birth_date=pair.a.birth_date,
                         gender=pair.a.gender))
    b = normalize(Record(id="b", name=pair.b.name, birth_date=pair.b.birth_date,
                         gender=pair.b.gender))
    return score(a, b).explanation


def fold_for_baseline(name: str) -> str:
    """What a hurried developer does to names: unidecode and lower-case."""
    from unidecode import unidecode

    return unidecode(name).lower()


BASELINE_CUTOFFS = tuple(range(50, 101))


def baseline(pairs: Sequence[LabelledPair]) -> Decisions:
    """``token_set_ratio`` of unidecoded names, tuned on this very set to its best F1.

    Two variants are tried, names only and names plus equal birth dates
    (when both are known), each at every cut-off from 50 to 100; the best
    F1 wins.  Tuning on the test set flatters the baseline, which is fine.
    """
    from rapidfuzz import fuzz

    started = time.perf_counter()
    scores = [
        fuzz.token_set_ratio(fold_for_baseline(p.a.name), fold_for_baseline(p.b.name))
        for p in pairs
    ]
    dates_agree = [
        not (p.a.birth_date and p.b.birth_date) or p.a.birth_date == p.b.birth_date
        for p in pairs
    ]
    seconds = time.perf_counter() - started
    best: tuple[float, str, int, list[bool]] | None = None
    sweep: list[dict[str, object]] = []
    for variant in ("names only", "names + equal birth date"):
        for cutoff in BASELINE_CUTOFFS:
            flagged = [
                s >= cutoff and (variant == "names only" or agree)
                for s, agree in zip(scores, dates_agree, strict=True)
            ]
            f1 = figures(pairs, flagged).f1
            sweep.append({"variant": variant, "cutoff": cutoff, "f1": round(f1, 4)})
            if best is None or f1 > best[0]:
                best = (f1, variant, cutoff, flagged)
    assert best is not None
    f1, variant, cutoff, flagged = best
    return Decisions(
        matcher="baseline",
        setting=f"{variant}, token_set_ratio >= {cutoff} (best F1 {f1:.3f})",
        flagged=flagged,
        scores=[s / 100 for s in scores],
        seconds=seconds,
        notes={"variant": variant, "cutoff": cutoff, "f1": f1, "sweep": sweep},
    )


NOMENKLATURA_THRESHOLD = 0.7  # yente's default for the logic-v2 algorithm


def nomenklatura(pairs: Sequence[LabelledPair]) -> Decisions:
    """OpenSanctions' ``logic-v2`` on FollowTheMoney Person entities, threshold 0.7."""
    from followthemoney import model
    from nomenklatura.matching import LogicV2

    config = LogicV2.default_config()

    def entity(side: Side, key: str):
        # Unique ids matter: logic-v2 caches name analysis by entity id.
        proxy = model.make_entity("Person")
        proxy.id = key
        proxy.add("name", side.name)
        if side.birth_date:
            proxy.add("birthDate", side.birth_date)
        if side.gender:
            proxy.add("gender", side.gender)
        return proxy

    LogicV2.compare(entity(Side("Warm Up"), "warm-a"), entity(Side("Warm Up"), "warm-b"), config)
    started = time.perf_counter()
    scores = [
        LogicV2.compare(entity(p.a, f"pair-{i}-a"), entity(p.b, f"pair-{i}-b"), config).score
        for i, p in enumerate(pairs)
    ]
    seconds = time.perf_counter() - started
    return Decisions(
        matcher="nomenklatura",
        setting=f"{LogicV2.NAME}, threshold {NOMENKLATURA_THRESHOLD}",
        flagged=[s >= NOMENKLATURA_THRESHOLD for s in scores],
        scores=scores,
        seconds=seconds,
    )
