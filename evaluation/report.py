"""The comparison table printed by ``make eval`` and the JSON written beside it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from evaluation.dedupe import DedupeResult
from evaluation.documents import DECLINED_KINDS, PASTED_KINDS
from evaluation.matchers import Decisions
from evaluation.metrics import (
    TARGET_LOOKALIKE_FALSE_ALARMS,
    TARGET_PRECISION,
    TARGET_RECALL,
    Figures,
    KindFigures,
    figures,
    figures_by_kind,
)
from evaluation.namesakes import NAMESAKE_KINDS, NAMESAKE_TRUE_KINDS
from evaluation.pairs import (
    DECLINED_LOOKALIKE_KINDS,
    LOOKALIKE_KINDS,
    RANDOM_KIND,
    TRUE_MATCH_KINDS,
    LabelledPair,
)

HARD_PREFIX = "hard:"


def _section_kinds(by_kind: dict[str, KindFigures]) -> list[tuple[str, list[str]]]:
    hard_true = [k for k in by_kind if k.startswith(HARD_PREFIX) and by_kind[k].same_person]
    hard_false = [k for k in by_kind if k.startswith(HARD_PREFIX) and not by_kind[k].same_person]
    return [
        ("True matches (recall, higher is better)", [k for k in TRUE_MATCH_KINDS if k in by_kind]),
        ("Look-alike non-matches (false alarms, lower is better)",
         [k for k in LOOKALIKE_KINDS if k in by_kind]),
        ("Random non-matches (false alarms)", [k for k in (RANDOM_KIND,) if k in by_kind]),
        ("Names declined as documents write them (recall)",
         [k for k in DECLINED_KINDS if k in by_kind]),
        ("Relatives and namesakes named in documents (false alarms)",
         [k for k in DECLINED_LOOKALIKE_KINDS if k in by_kind]),
        ("Names pasted from other systems (recall)", [k for k in PASTED_KINDS if k in by_kind]),
        ("Confusable namesakes: the same person by another clerk (recall)",
         [k for k in NAMESAKE_TRUE_KINDS if k in by_kind]),
        ("Confusable namesakes (false alarms)", [k for k in NAMESAKE_KINDS if k in by_kind]),
        ("Hand-written hard cases, true matches (recall)", sorted(hard_true)),
        ("Hand-written hard cases, non-matches (false alarms)", sorted(hard_false)),
    ]


def kind_table(pairs: Sequence[LabelledPair], runs: Sequence[Decisions]) -> list[str]:
    """Per-kind rates, one column per matcher."""
    per_run = [figures_by_kind(pairs, run.flagged) for run in runs]
    head = f"{"kind":<44}{'pairs':>6}" + "".join(f"{run.matcher:>14}" for run in runs)
    lines = [head, "-" * len(head)]
    for title, kinds in _section_kinds(per_run[0]):
        if not kinds:
            continue
        lines.append(title)
        for kind in kinds:
            cells = "".join(f"{by_kind[kind].rate:>14.3f}" for by_kind in per_run)
            lines.append(f"  {kind:<42}{per_run[0][kind].pairs:>6}{cells}")
    return lines


_FIGURE_ROWS = (
    ("recall", f">= {TARGET_RECALL:.2f}"),
    ("precision", f">= {TARGET_PRECISION:.2f}"),
    ("lookalike_false_alarms", f"<= {TARGET_LOOKALIKE_FALSE_ALARMS:.3f}"),
)


def overall_table(results: Sequence[tuple[Decisions, Figures]]) -> list[str]:
    """Overall figures against targets, PASS/FAIL for ours."""
    others = results[1:]
    head = (f"{'overall':<26}{'target':>9}{results[0][0].matcher:>10}{'':>6}"
            + "".join(f"{run.matcher:>14}" for run, _ in others))
    lines = [head, "-" * len(head)]
    ours = results[0][1]
    passes = ours.passes()
    for field, target in _FIGURE_ROWS:
        verdict = "PASS" if passes[field] else "FAIL"
        cells = "".join(f"{getattr(fig, field):>14.3f}" for _, fig in others)
        lines.append(f"{field.replace('_', ' '):<26}{target:>9}{getattr(ours, field):>10.3f}"
                     f"{verdict:>6}{cells}")
    return lines


# The sets `make eval` reports on: which kinds belong to each.
SETS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("romanizations, forms, typos, namesakes",
     (*TRUE_MATCH_KINDS, *LOOKALIKE_KINDS, RANDOM_KIND)),
    ("declined names in documents", (*DECLINED_KINDS, *DECLINED_LOOKALIKE_KINDS)),
    ("pasted text", PASTED_KINDS),
    ("confusable namesakes", (*NAMESAKE_TRUE_KINDS, *NAMESAKE_KINDS)),
)


def _set_of(kind: str) -> str:
    if kind.startswith(HARD_PREFIX):
        return "hand-written hard cases"
    return next((name for name, kinds in SETS if kind in kinds), "other")


def set_table(pairs: Sequence[LabelledPair], runs: Sequence[Decisions]) -> list[str]:
    """Recall / precision / look-alike false alarms per set, one column per matcher."""
    names = [name for name, _ in SETS] + ["hand-written hard cases"]
    head = f"{'set':<40}{'pairs':>6}" + "".join(f"{run.matcher:>22}" for run in runs)
    lines = [head, f"{'':<46}" + f"{'recall/prec/false al.':>22}" * len(runs), "-" * len(head)]
    for name in names:
        chosen = [i for i, p in enumerate(pairs) if _set_of(p.kind) == name]
        if not chosen:
            continue
        subset = [pairs[i] for i in chosen]
        cells = ""
        for run in runs:
            fig = figures(subset, [run.flagged[i] for i in chosen])
            cells += f"{fig.recall:>8.3f}{fig.precision:>7.3f}{fig.lookalike_false_alarms:>7.3f}"
        lines.append(f"{name:<40}{len(subset):>6}{cells}")
    return lines


def beats(ours: Figures, other: Figures) -> list[str]:
    """The overall figures on which ``ours`` is worse than ``other`` (empty if none)."""
    worse = []
    if ours.recall < other.recall:
        worse.append("recall")
    if ours.precision < other.precision:
        worse.append("precision")
    if ours.lookalike_false_alarms > other.lookalike_false_alarms:
        worse.append("look-alike false alarms")
    return worse


def worse_kinds(pairs: Sequence[LabelledPair], runs: Sequence[Decisions]) -> list[str]:
    """Kinds on which the first run does worse than at least one other run."""
    per_run = [figures_by_kind(pairs, run.flagged) for run in runs]
    ours = per_run[0]
    worse = []
    for kind, mine in ours.items():
        others = [by_kind[kind].rate for by_kind in per_run[1:]]
        behind = (
            mine.rate < max(others, default=0.0)
            if mine.same_person
            else mine.rate > min(others, default=1.0)
        )
        if behind:
            worse.append(kind)
    return worse


def verdict_line(
    results: Sequence[tuple[Decisions, Figures]], worse: Sequence[str] = ()
) -> str:
    """Does ours beat every other matcher on every overall figure, and on every kind?"""
    ours = results[0][1]
    losses = {run.matcher: beats(ours, fig) for run, fig in results[1:]}
    names = " and ".join(run.matcher for run, _ in results[1:])
    if not any(losses.values()):
        overall = f"Ours beats {names} on every overall figure: YES"
    else:
        detail = "; ".join(f"{m}: {', '.join(w)}" for m, w in losses.items() if w)
        overall = f"Ours beats {names} on every overall figure: NO ({detail})"
    if worse:
        return f"{overall}. Per kind: NO, behind on {', '.join(worse)}"
    return f"{overall}. Per kind: YES, never behind"


def misses(pairs: Sequence[LabelledPair], run: Decisions, limit: int) -> list[dict[str, Any]]:
    """Pairs ``run`` got wrong, hand-written ones first."""
    wrong = [
        (i, p) for i, (p, hit) in enumerate(zip(pairs, run.flagged, strict=True))
        if hit != p.same_person
    ]
    wrong.sort(key=lambda item: not item[1].kind.startswith(HARD_PREFIX))
    return [
        {
            "kind": p.kind, "same_person": p.same_person, "score": round(run.scores[i], 3),
            "a": f"{p.a.name} {p.a.birth_date}".strip(),
            "b": f"{p.b.name} {p.b.birth_date}".strip(),
            "note": p.note,
        }
        for i, p in wrong[:limit]
    ]


def report_json(
    seed: int,
    pairs: Sequence[LabelledPair],
    runs: Sequence[Decisions],
    dedupe: DedupeResult | None,
    miss_list: list[dict[str, Any]],
) -> dict[str, Any]:
    """Everything the table shows, machine-readable."""
    per_run = {run.matcher: figures_by_kind(pairs, run.flagged) for run in runs}
    first = per_run[runs[0].matcher]
    overall = {}
    for run in runs:
        fig = figures(pairs, run.flagged)
        overall[run.matcher] = {
            "setting": run.setting,
            "seconds": round(run.seconds, 2),
            "recall": fig.recall,
            "precision": fig.precision,
            "lookalike_false_alarms": fig.lookalike_false_alarms,
            "f1": fig.f1,
            "true_positives": fig.true_positives,
            "false_positives": fig.false_positives,
            "false_negatives": fig.false_negatives,
            **({"passes": fig.passes()} if run is runs[0] else {}),
            **{k: v for k, v in run.notes.items() if k != "sweep"},
        }
    return {
        "seed": seed,
        "pairs": len(pairs),
        "targets": {
            "recall": TARGET_RECALL,
            "precision": TARGET_PRECISION,
            "lookalike_false_alarms": TARGET_LOOKALIKE_FALSE_ALARMS,
        },
        "overall": overall,
        "kinds": {
            kind: {
                "pairs": first[kind].pairs,
                "same_person": first[kind].same_person,
                "metric": "recall" if first[kind].same_person else "false_alarm_rate",
                **{matcher: by_kind[kind].rate for matcher, by_kind in per_run.items()},
            }
            for kind in first
        },
        "dedupe": None if dedupe is None else {
            "applications": dedupe.applications,
            "persons": dedupe.persons,
            "seconds": round(dedupe.seconds, 2),
            "pairwise_precision": dedupe.figures.precision,
            "pairwise_recall": dedupe.figures.recall,
            "predicted_pairs": dedupe.figures.predicted_pairs,
            "true_pairs": dedupe.figures.true_pairs,
            "correct_pairs": dedupe.figures.correct_pairs,
            "by_kind": [
                {"kind": k.kind, "true_pairs": k.true_pairs, "linked_pairs": k.linked_pairs,
                 "recall": k.recall, "precision": k.precision}
                for k in dedupe.by_kind
            ],
        },
        "misses": miss_list,
    }
