"""Watchlist entries (wanted or sanctioned soldiers), a few of them applicants in disguise."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from vetting.synthetic.applicants import SyntheticApplicant
from vetting.synthetic.military import UNITS
from vetting.synthetic.names import FullName, parse_russian_name
from vetting.synthetic.persons import draw_birth_date, draw_name
from vetting.synthetic.places import birthplace_index, birthplace_text
from vetting.synthetic.spelling import Spelling, random_spelling, render

PEOPLE_CSV_HEADER = (
    "id",
    "name",
    "birth_date",
    "gender",
    "place_of_birth",
    "unit",
    "service_number",
    "aliases",
)


@dataclass(frozen=True, slots=True)
class SyntheticWatchEntry:
    """One watchlist row; ``person_id`` names the applicant it secretly is, if any."""

    id: str
    name: str
    birth_date: str
    gender: str
    place_of_birth: str
    unit: str
    aliases: tuple[str, ...]
    person_id: str = ""


def _list_spelling(rng: random.Random) -> Spelling:
    # Watchlists are compiled from Russian sources (full Cyrillic name) or from
    # English-language reporting (romanized, patronymic often kept).
    if rng.random() < 0.5:
        return Spelling(script="cyrillic", order="surname_first", yo_as_e=rng.random() < 0.5)
    return random_spelling(rng, "import", "latin", typo_rate=0.0)


def _entry(
    rng: random.Random,
    entry_id: str,
    name: FullName,
    gender: str,
    birth_date: str,
    avoid: frozenset[str] = frozenset(),
    source: SyntheticApplicant | None = None,
) -> SyntheticWatchEntry:
    written = render(name, _list_spelling(rng))
    for _ in range(20):
        if written.casefold() not in avoid:
            break
        written = render(name, _list_spelling(rng))
    aliases: list[str] = []
    for _ in range(rng.choices((0, 1, 2), cum_weights=(0.5, 0.85, 1.0))[0]):
        alias = render(name, random_spelling(rng, "import", "latin", typo_rate=0.0))
        if alias != written and alias not in aliases:
            aliases.append(alias)
    latin = rng.random() < 0.5
    if source is not None:
        # The same person: the list knows the same facts, possibly fewer of them.
        place = source.place_of_birth if rng.random() < 0.4 else ""
        unit = source.unit if rng.random() < 0.5 else ""
    else:
        place = birthplace_text(birthplace_index(rng), latin, rng) if rng.random() < 0.4 else ""
        unit = UNITS[rng.randrange(len(UNITS))][int(not latin)] if rng.random() < 0.5 else ""
    return SyntheticWatchEntry(
        id=entry_id,
        name=written,
        birth_date=birth_date if rng.random() < 0.85 else "",
        gender=gender if rng.random() < 0.7 else "",
        place_of_birth=place,
        unit=unit,
        aliases=tuple(aliases),
        person_id=source.person_id if source is not None else "",
    )


def generate_watchlist(
    seed: int,
    n: int,
    applicants: Sequence[SyntheticApplicant] = (),
    share_from_applicants: float = 0.01,
) -> list[SyntheticWatchEntry]:
    """``n`` entries, about ``share_from_applicants`` of them persons among ``applicants``.

    Those entries are written differently from every application of that
    person, as a list compiled from other sources would be.
    """
    rng = random.Random(seed)
    by_person: dict[str, list[SyntheticApplicant]] = {}
    for app in applicants:
        if app.true_name:
            by_person.setdefault(app.person_id, []).append(app)
    wanted = min(len(by_person), round(share_from_applicants * n))
    chosen = rng.sample(sorted(by_person), wanted) if wanted else []
    slots = set(rng.sample(range(n), len(chosen)))
    chosen_iter = iter(chosen)
    entries = []
    for i in range(n):
        entry_id = f"WL-{seed}-{i + 1:07d}"
        if i in slots:
            apps = by_person[next(chosen_iter)]
            first = apps[0]
            feminine = first.gender == "female"
            avoid = frozenset(
                name.casefold() for a in apps for name in (a.name_cyrillic, a.name_latin) if name
            )
            birth = next((a.birth_date for a in apps if a.birth_date), None)
            entries.append(
                _entry(
                    rng,
                    entry_id,
                    parse_russian_name(first.true_name, feminine),
                    first.gender,
                    birth.isoformat() if birth else "",
                    avoid,
                    first,
                )
            )
        else:
            feminine = rng.random() < 0.03
            entries.append(
                _entry(
                    rng,
                    entry_id,
                    draw_name(rng, feminine),
                    "female" if feminine else "male",
                    draw_birth_date(rng).isoformat(),
                )
            )
    return entries


def people_row(row: SyntheticWatchEntry | SyntheticApplicant) -> dict[str, str]:
    """A watchlist entry or an application in the CLI's people-CSV columns."""
    if isinstance(row, SyntheticWatchEntry):
        return {
            "id": row.id,
            "name": row.name,
            "birth_date": row.birth_date,
            "gender": row.gender,
            "place_of_birth": row.place_of_birth,
            "unit": row.unit,
            "service_number": "",
            "aliases": ";".join(row.aliases),
        }
    names = [name for name in (row.name_cyrillic, row.name_latin) if name]
    return {
        "id": row.external_id,
        "name": names[0],
        "birth_date": row.birth_date.isoformat() if row.birth_date else "",
        "gender": row.gender,
        "place_of_birth": row.place_of_birth,
        "unit": row.unit,
        "service_number": row.service_number,
        "aliases": ";".join(names[1:]),
    }


def write_people_csv(
    path: str | Path, rows: Iterable[SyntheticWatchEntry | SyntheticApplicant]
) -> None:
    """Write rows in the CLI format ``id,name,birth_date,gender,place_of_birth,unit,...``."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=PEOPLE_CSV_HEADER)
        writer.writeheader()
        writer.writerows(people_row(row) for row in rows)
