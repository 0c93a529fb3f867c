"""People named in texts: statements read per second, ours beside plain natasha, in one run.

Statements are the synthetic motives of `vetting.synthetic` in Russian and Ukrainian, half of
them with a sentence that names a fellow prisoner or a recruiter (a generated name, in the
nominative or with initials). Ours is `extract_mentions` (natasha's tagger, the rules, the
reading in the nominative); the baseline is natasha's tagger alone on the same texts. Models
are loaded before timing (the load is reported apart: a worker loads them once).

    python benchmarks/bench_mentions.py [--statements 2000] [--seed 2026]
"""

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "benchmarks" / "results"
NAMING = {
    "ru": (
        "В плену я сидел в одной камере с {0}.",
        "Вербовал меня {0}, представлялся сотрудником администрации.",
        "Могу назвать сослуживца: {0}.",
    ),
    "uk": (
        "У полоні я був в одній камері з {0}.",
        "Мене вербував {0}, назвався працівником адміністрації.",
        "Можу назвати побратима: {0}.",
    ),
}


def statements(seed: int, count: int) -> list[tuple[str, str]]:
    from vetting.synthetic import generate_applicants
    from vetting.synthetic.statements import statement

    rng = random.Random(seed)
    people = [a.name_cyrillic for a in generate_applicants(seed, 500) if a.name_cyrillic]
    texts = []
    for _ in range(count):
        lang = rng.choice(("ru", "uk"))
        text = statement(rng, lang)
        if rng.random() < 0.5:
            name = rng.choice(people).split()
            if rng.random() < 0.5 and len(name) == 3:
                name = [name[0], f"{name[1][0]}. {name[2][0]}."]
            text = f"{text} {rng.choice(NAMING[lang]).format(' '.join(name))}"
        texts.append((lang, text))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    from vetting.matching.mentions import _analyzers, _tagger, extract_mentions, plain_natasha

    started = time.perf_counter()
    _tagger()
    _analyzers()
    extract_mentions("Беседа с Шишкарёвым Н. А.")  # the morphology tagger, loaded on first use
    load = time.perf_counter() - started
    texts = statements(args.seed, args.statements)

    started = time.perf_counter()
    ours = sum(len(extract_mentions(text, lang)) for lang, text in texts)
    ours_seconds = time.perf_counter() - started
    started = time.perf_counter()
    plain = sum(len(plain_natasha(text)) for _lang, text in texts)
    plain_seconds = time.perf_counter() - started

    result = {
        "statements": len(texts),
        "load_seconds": round(load, 2),
        "ours": {
            "seconds": round(ours_seconds, 2),
            "per_second": round(len(texts) / ours_seconds, 1),
            "names": ours,
        },
        "plain_natasha": {
            "seconds": round(plain_seconds, 2),
            "per_second": round(len(texts) / plain_seconds, 1),
            "names": plain,
        },
    }
    print(
        f"{len(texts)} statements (models loaded once in {load:.1f} s): "
        f"ours {result['ours']['per_second']} statements/s ({ours} names), "
        f"plain natasha {result['plain_natasha']['per_second']} statements/s ({plain} names)"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "mentions.json").write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
