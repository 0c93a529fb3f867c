"""The generator is deterministic per seed and its output looks like real applications."""

import csv
import datetime as dt
from collections import Counter

from vetting.synthetic import (
    PEOPLE_CSV_HEADER,
    generate_applicants,
    generate_watchlist,
    write_people_csv,
)
from vetting.synthetic.military import RANKS
from vetting.synthetic.names import MALE_NAMES, SURNAMES

RANK_FORMS = {ru for ru, _, _ in RANKS} | {en for _, en, _ in RANKS}


def test_same_seed_same_data():
    assert generate_applicants(7, 300) == generate_applicants(7, 300)
    apps = generate_applicants(7, 300)
    assert generate_watchlist(3, 200, apps) == generate_watchlist(3, 200, apps)


def test_different_seeds_differ():
    a = generate_applicants(1, 100)
    b = generate_applicants(2, 100)
    assert [x.name_cyrillic for x in a] != [x.name_cyrillic for x in b]


def test_fields_are_realistic():
    apps = generate_applicants(11, 2000)
    assert len(apps) == 2000
    assert len({a.external_id for a in apps}) == 2000
    for a in apps:
        assert a.name_cyrillic or a.name_latin
        assert a.gender in ("male", "female")
        assert a.status in ("pow", "soldier", "civilian")
        assert a.language in ("ru", "uk", "en")
        assert a.channel in ("portal", "paper", "import")
        assert a.rank == "" or a.rank in RANK_FORMS
        assert (a.detention_site != "") == (a.status == "pow")
        surname, given, patronymic = a.true_name.split(" ")
        assert surname and given and patronymic.endswith(("ич", "на"))
        if a.birth_date is not None:
            age = 2026 - a.birth_date.year
            assert 18 <= age <= 59
        if a.service_number:
            letter, digits = a.service_number.split("-")
            assert len(letter) == 1 and len(digits) == 6 and digits.isdigit()
        assert 1 <= a.statement.count(".") + a.statement.count("!") <= 6


def test_every_cyrillic_name_has_surname_and_given_name():
    for a in generate_applicants(5, 1000):
        if a.name_cyrillic:
            words = a.name_cyrillic.replace(",", "").split()
            assert len(words) >= 2


def test_mostly_male_mostly_pow_and_some_persons_apply_twice():
    apps = generate_applicants(3, 5000)
    genders = Counter(a.gender for a in apps)
    assert genders["male"] / len(apps) > 0.94
    statuses = Counter(a.status for a in apps)
    assert statuses.most_common(1)[0][0] == "pow"
    per_person = Counter(a.person_id for a in apps)
    repeaters = sum(1 for count in per_person.values() if count == 2)
    assert 0.03 < repeaters / len(per_person) < 0.07
    assert max(per_person.values()) == 2


def test_repeat_applications_use_another_channel():
    apps = generate_applicants(4, 3000)
    by_person: dict[str, list] = {}
    for a in apps:
        by_person.setdefault(a.person_id, []).append(a)
    pairs = [group for group in by_person.values() if len(group) == 2]
    assert pairs
    for first, second in pairs:
        assert first.channel != second.channel
        assert first.true_name == second.true_name


def test_name_tables_are_large_enough():
    assert len(set(SURNAMES)) >= 200
    assert len(set(MALE_NAMES)) >= 60


def test_watchlist_contains_some_applicants_spelt_differently(tmp_path):
    apps = generate_applicants(9, 1000)
    entries = generate_watchlist(10, 2000, apps, share_from_applicants=0.05)
    linked = [e for e in entries if e.person_id]
    assert len(linked) == 100
    names_by_person: dict[str, set[str]] = {}
    for a in apps:
        names_by_person.setdefault(a.person_id, set()).update(
            n.casefold() for n in (a.name_cyrillic, a.name_latin) if n
        )
    for entry in linked:
        assert entry.name.casefold() not in names_by_person[entry.person_id]
    for entry in entries:
        if entry.birth_date:
            dt.date.fromisoformat(entry.birth_date)

    path = tmp_path / "people.csv"
    write_people_csv(path, entries[:50] + apps[:50])
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == PEOPLE_CSV_HEADER
    assert len(rows) == 100
    assert all(row["name"] for row in rows)
