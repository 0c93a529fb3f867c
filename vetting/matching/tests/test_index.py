"""Screening through the blocking index, and clustering a batch."""

import os
import subprocess
import sys

import pytest

from vetting.matching import DEFAULT_THRESHOLD, Index, Record, cluster, normalize, score
from vetting.matching import clustering as clustering_module
from vetting.matching import index as index_module
from vetting.matching.index import blocking_keys

WATCHLIST = [
    Record("w1", "Николай Александрович Шишкарёв", "1985-03-14"),
    Record("w2", "Николай Александрович Шишкарёв", "1995-03-14"),
    Record("w3", "Мария Александровна Шишкарёва", "1987-05-01"),
    Record("w4", "Сергей Александрович Шишкарёв", "1983-01-20"),
    Record("w5", "Иван Петрович Сидоров", "1970-01-01"),
    *(Record(f"x{i}", f"Иван Иванов{'а' * (i % 2)}", f"{1950 + i % 50}-01-01") for i in range(300)),
]


def index() -> Index:
    return Index.build(normalize(r) for r in WATCHLIST)


def screen(name: str, birth_date: str = "") -> list[str]:
    hits = index().query(normalize(Record("q", name, birth_date)))
    return [hit.person.id for hit in hits]


def test_query_finds_spelling_variants() -> None:
    for name in (
        "Nikolay Shishkarev",
        "Chichkarev Nicolas",
        "Mykola Shyshkarov",
        "SHISHKAREV, Nikolai",
        "Nikolay Shishkarey",
    ):
        assert screen(name, "1985-03-14")[0] == "w1", name


def test_query_puts_the_right_namesake_first_and_drops_the_other() -> None:
    assert screen("Nikolay Shishkarev", "1995-03-14") == ["w2"]


def test_query_without_date_returns_both_namesakes_but_no_relatives() -> None:
    assert sorted(screen("Nikolay Shishkarev")) == ["w1", "w2"]


def test_query_hits_are_best_first_and_limited() -> None:
    hits = index().query(normalize(Record("q", "Ivan Ivanov")), limit=5)
    assert len(hits) == 5
    assert [h.match.score for h in hits] == sorted((h.match.score for h in hits), reverse=True)


def test_query_with_nothing_in_common_finds_nothing() -> None:
    assert screen("John Smith", "1985-03-14") == []


def test_typo_shares_a_blocking_key() -> None:
    a = normalize(Record("a", "Shishkarev"))
    b = normalize(Record("b", "Shishkarov"))
    assert blocking_keys(a).keys() & blocking_keys(b).keys()


def test_cluster_puts_every_record_in_exactly_one_cluster() -> None:
    people = [normalize(r) for r in WATCHLIST] + [
        normalize(Record("a1", "Nikolay Shishkarev", "1985-03-14")),
        normalize(Record("a2", "Mykola Shyshkarov", "1985-14-03")),
    ]
    clusters = cluster(people)
    members = [m for c in clusters for m in c.member_ids]
    assert sorted(members) == sorted(p.id for p in people)
    by_member = {m: c for c in clusters for m in c.member_ids}
    assert set(by_member["w1"].member_ids) == {"w1", "a1", "a2"}
    assert by_member["w1"].id == "w1"
    assert by_member["w2"].member_ids == ("w2",)
    assert by_member["w3"].member_ids == ("w3",)


def test_cluster_does_not_chain_namesakes_through_a_dateless_record() -> None:
    people = [
        normalize(Record("a", "Nikolay Shishkarev", "1985-03-14")),
        normalize(Record("b", "Nikolay Shishkarev", "1995-07-01")),
        normalize(Record("c", "Nikolay Shishkarev")),
    ]
    by_member = {m: c for c in cluster(people) for m in c.member_ids}
    assert by_member["a"] is not by_member["b"]


def test_cluster_of_nothing_is_empty() -> None:
    assert cluster([]) == []


def test_parallel_build_files_the_same_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    people = [normalize(r) for r in WATCHLIST]
    serial = Index.build(people)
    monkeypatch.setattr(index_module, "PARALLEL_BUILD_FROM", 1)
    parallel = Index.build(people)
    assert parallel.keys.tolist() == serial.keys.tolist()
    assert parallel.ids == serial.ids


def test_parallel_cluster_gives_the_same_clusters(monkeypatch: pytest.MonkeyPatch) -> None:
    people = [normalize(r) for r in WATCHLIST]
    serial = cluster(people)
    monkeypatch.setattr(clustering_module, "PARALLEL_FROM", 1)
    assert cluster(people) == serial


def test_normalizing_in_two_processes_gives_the_same_people_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from vetting.matching import normalize_all
    from vetting.matching import person as person_module

    monkeypatch.setattr(person_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(person_module, "_CHUNK", 7)
    assert normalize_all(WATCHLIST) == [normalize(r) for r in WATCHLIST]


def test_name_only_evidence_is_never_a_link() -> None:
    people = [
        normalize(Record("a", "Шишкарёв Николай Александрович", "1985-03-14", unit="58 армия")),
        normalize(Record("b", "Nikolay Aleksandrovich Shishkarev", "", unit="58th Army")),
    ]
    assert score(*people).score >= DEFAULT_THRESHOLD
    assert [c.member_ids for c in cluster(people)] == [("a",), ("b",)]


def test_a_dateless_record_reads_further_for_its_pairs_to_review(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Namesakes fill the candidates a link is looked for among; the pair a person must review
    # is still found, further on, and the clusters stay what they were.
    from vetting.matching.clustering import cluster_with_review

    people = [
        normalize(Record(f"n{k}", "Морозов Сергей", f"1988-09-{k + 1:02d}")) for k in range(12)
    ]
    people += [
        normalize(Record("a", "Морозов Сергей Иванович", "")),
        normalize(Record("b", "Морозов Сергей Иванович", "1975-02-03")),
    ]
    monkeypatch.setattr(clustering_module, "CANDIDATES", 1)
    clusters, review = cluster_with_review(people)
    assert ("a", "b") in {(pair.a, pair.b) for pair in review} | {
        (pair.b, pair.a) for pair in review
    }
    monkeypatch.setattr(clustering_module, "REVIEW_CANDIDATES", 1)
    narrow, missed = cluster_with_review(people)
    assert ("a", "b") not in {(pair.a, pair.b) for pair in missed} | {
        (pair.b, pair.a) for pair in missed
    }
    assert narrow == clusters


def test_a_dateless_record_links_on_its_service_number() -> None:
    people = [
        normalize(Record("a", "Шишкарёв Николай", "1985-03-14", service_number="А-136589")),
        normalize(Record("b", "Nikolay Shishkarev", "", service_number="A-136589")),
    ]
    assert [c.member_ids for c in cluster(people)] == [("a", "b")]


def test_close_dates_link_only_with_the_same_birthplace_and_patronymic_or_unit() -> None:
    apart = [
        normalize(Record("a", "Воробьёв Михаил Ильич", "1985-06-27", place_of_birth="Уссурийск")),
        normalize(Record("b", "Михаил Ильич Воробьёв", "1985-08-27", place_of_birth="Владивосток")),
    ]
    assert len(cluster(apart)) == 2
    same_place = [
        apart[0],
        normalize(Record("c", "Mikhail Ilyich Vorobyov", "1985-08-27", place_of_birth="Ussuriysk")),
    ]
    assert len(cluster(same_place)) == 1
    # A date a digit off in the same town, with nothing else alike: another man of that name.
    bare = [
        normalize(Record("d", "Воробьёв Михаил", "1985-06-27", place_of_birth="Уссурийск")),
        normalize(Record("e", "Михаил Воробьёв", "1985-08-27", place_of_birth="Ussuriysk")),
    ]
    assert len(cluster(bare)) == 2
    same_unit = [
        normalize(Record("f", "Воробьёв Михаил", "1985-06-27", "", "Уссурийск", unit="58 армия")),
        normalize(Record("g", "Михаил Воробьёв", "1985-08-27", "", "Ussuriysk", unit="58th Army")),
    ]
    assert len(cluster(same_unit)) == 1


def test_the_same_name_and_date_born_elsewhere_or_with_another_number_is_not_a_link() -> None:
    # Namesakes born the same day are many in a million: a birthplace or a service number
    # that differs says two people, and the pair stays apart.
    first = normalize(
        Record("a", "Белов Константин Дмитриевич", "1996-05-08", place_of_birth="г. Тула")
    )
    born_elsewhere = normalize(
        Record("b", "Константин Белов", "1996-05-08", place_of_birth="г. Новосибирск")
    )
    assert score(first, born_elsewhere).score >= DEFAULT_THRESHOLD
    assert len(cluster([first, born_elsewhere])) == 2
    numbered = [
        normalize(Record("c", "Иванов Роман", "1981-07-26", service_number="В-482039")),
        normalize(Record("d", "Иванов Роман В.", "1981-07-26", service_number="Г-599527")),
    ]
    assert len(cluster(numbered)) == 2
    fathers = [
        normalize(Record("f", "Горелов Олег Евгеньевич", "1982-07-04", place_of_birth="Казань")),
        normalize(Record("g", "Горелов Олег Дмитриевич", "1982-07-04", place_of_birth="Kazan")),
    ]
    assert len(cluster(fathers)) == 2
    # The same birthplace written another way still links.
    same_place = normalize(Record("e", "Konstantin Belov", "1996-05-08", place_of_birth="Tula"))
    assert len(cluster([first, same_place])) == 1


def test_a_misspelt_given_name_still_meets_its_record() -> None:
    # A common surname fills the candidate list; surname and birth date find the pair.
    people = [
        normalize(Record(f"n{k}", "Морозов Сергей", f"1988-09-{k + 1:02d}")) for k in range(15)
    ]
    people += [
        normalize(Record("a", "Морозов С. А.", "1988-09-18")),
        normalize(Record("b", "Морозов Сергей", "1988-09-18")),
    ]
    by_member = {m: c for c in cluster(people) for m in c.member_ids}
    assert by_member["a"] is by_member["b"]


def test_blocking_keys_are_the_same_in_every_process() -> None:
    # hash() of a string changes with PYTHONHASHSEED; the keys decide which
    # candidates a bulk run reads, so they must not.
    program = (
        "from vetting.matching import Record, normalize\n"
        "from vetting.matching.index import blocking_keys\n"
        "print(sorted(blocking_keys(normalize(Record('a', 'Шишкарёв Николай Александрович',"
        " '1985-03-14')))))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", program],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "random")
    }
    assert len(outputs) == 1
