"""The screening API as a yente client drives it: FollowTheMoney entities in, the same hits
and scores as `vetting screen` out."""

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from followthemoney import model

from vetting.api.tests.factories import import_csv, issued_token, match, read_catalog
from vetting.screening import engine
from vetting.synthetic import generate_applicants, generate_watchlist, write_people_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_indexes() -> Any:
    engine.forget_indexes()
    yield
    engine.forget_indexes()


def ftm_person(applicant: Any) -> dict[str, Any]:
    """An applicant as a partner's system holds them: a FollowTheMoney Person."""
    entity = model.make_entity("Person")
    entity.id = applicant.external_id
    for name in (applicant.name_cyrillic, applicant.name_latin):
        if name:
            entity.add("name", name)
    entity.add("gender", applicant.gender)
    if applicant.birth_date:
        entity.add("birthDate", applicant.birth_date.isoformat())
    entity.add("birthPlace", applicant.place_of_birth)
    return dict(entity.to_dict())


def test_a_batch_of_100_answers_with_the_hits_and_scores_of_vetting_screen(
    tmp_path: Path,
) -> None:
    applicants = generate_applicants(7, 100)
    watchlist = generate_watchlist(8, 1500, applicants, 0.3)
    write_people_csv(tmp_path / "watchlist.csv", watchlist)
    import_csv((tmp_path / "watchlist.csv").read_text(encoding="utf-8"))
    entities = [ftm_person(a) for a in applicants]
    (tmp_path / "applicants.jsonl").write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entities), encoding="utf-8"
    )
    call_command(
        "screen",
        watchlist=str(tmp_path / "watchlist.csv"),
        applicants=str(tmp_path / "applicants.jsonl"),
        out=str(tmp_path / "hits.csv"),
    )
    with (tmp_path / "hits.csv").open(encoding="utf-8") as f:
        expected = {(r["applicant_id"], r["watchlist_id"], r["score"]) for r in csv.DictReader(f)}

    _, secret = issued_token("security")
    response = match(secret, {e["id"]: e for e in entities}, limit=100)

    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert response["x-batch-size"] == "100" and len(body["responses"]) == 100
    got = {
        (key, result["id"], f"{result['score']:.4f}")
        for key, answer in body["responses"].items()
        for result in answer["results"]
    }
    assert len(expected) >= 20, "the data should give the comparison something to compare"
    assert got == expected
    for answer in body["responses"].values():
        assert answer["status"] == 200
        assert answer["total"] == {"value": len(answer["results"]), "relation": "eq"}
        scores = [r["score"] for r in answer["results"]]
        assert scores == sorted(scores, reverse=True)
        for result in answer["results"]:
            assert result["match"] is (result["score"] >= 0.7)
            assert result["datasets"] and result["schema"] == "Person"
            # Each field's verdict, in numbers and in words.
            assert result["explanations"]["surname"]["detail"]
            assert set(result["features"]) == set(result["explanations"])


def test_limit_threshold_and_cutoff_as_yente_reads_them() -> None:
    import_csv(
        "id,name,birth_date\n"
        "W-1,Chichkarev Nicolas,1985-03-14\n"
        "W-2,Shishkarev Nikolay,1985-03-14\n"
        "W-3,Шишкарёв Николай Александрович,1985-03-14\n"
    )
    _, secret = issued_token("security")
    person = {"schema": "Person", "properties": {"name": "Шишкарёв Николай", "birthDate": []}}
    full = match(secret, {"q": person}, limit=10).json()["responses"]["q"]
    assert len(full["results"]) == 3
    one = match(secret, {"q": person}, limit=1).json()["responses"]["q"]
    assert len(one["results"]) == 1 and one["total"]["value"] == 3
    assert one["results"][0]["id"] == full["results"][0]["id"]
    # Above the threshold only as matches; the cut-off brings lower scores back as non-matches.
    strict = match(secret, {"q": person}, limit=10, threshold=0.999).json()["responses"]["q"]
    assert strict["results"] == []
    shown = match(secret, {"q": person}, limit=10, threshold=0.999, cutoff=0.7).json()
    assert [r["match"] for r in shown["responses"]["q"]["results"]] == [False] * 3
    # The query comes back as read, with the caller's key and without an id of ours.
    assert full["query"] == {
        "id": None,
        "schema": "Person",
        "properties": {"name": ["Шишкарёв Николай"]},
    }


def test_one_watchlist_as_its_own_dataset() -> None:
    import_csv("id,name,birth_date\nW-1,Chichkarev Nicolas,1985-03-14\n", "Known officers")
    import_csv("id,name,birth_date\nR-1,Шишкарёв Николай,1985-03-14\n", "Refusals")
    _, secret = issued_token("counterintelligence")
    catalog = read_catalog(secret)
    names = {d["title"]: d["name"] for d in catalog["datasets"]}
    assert set(names) >= {"Known officers", "Refusals"} and "default" in names.values()
    person = {"schema": "Person", "properties": {"name": ["Shishkarev Nikolai"]}}
    one = match(secret, {"q": person}, dataset=names["Refusals"], limit=10).json()
    assert [r["id"] for r in one["responses"]["q"]["results"]] == ["R-1"]
    assert one["responses"]["q"]["results"][0]["datasets"] == [names["Refusals"]]
    both = match(secret, {"q": person}, limit=10).json()
    assert {r["id"] for r in both["responses"]["q"]["results"]} == {"R-1", "W-1"}
    assert match(secret, {"q": person}, dataset="us_ofac_sdn").status_code == 404


def test_bad_input_is_answered_never_lost() -> None:
    import_csv("id,name,birth_date\nW-1,Chichkarev Nicolas,1985-03-14\n")
    _, secret = issued_token("security")
    good = {"schema": "Person", "properties": {"name": ["Chichkarev Nicolas"]}}
    company = {"schema": "Company", "properties": {"name": ["Chichkarev Nicolas"]}}
    nameless = {"schema": "Person", "properties": {"birthDate": ["1985-03-14"]}}
    body = match(secret, {"good": good, "company": company, "nameless": nameless}).json()
    answers = body["responses"]
    assert [r["id"] for r in answers["good"]["results"]] == ["W-1"]
    assert answers["company"]["status"] == 200 and answers["company"]["results"] == []
    assert answers["nameless"]["status"] == 400 and "empty name" in answers["nameless"]["detail"]

    def refused(queries: Any, **params: Any) -> str:
        response = match(secret, queries, **params)
        assert response.status_code == 400, response.content
        return str(response.json()["detail"])

    assert "Too many" in refused({str(i): good for i in range(101)})
    assert "No queries" in refused({})
    assert "algorithm" in refused({"q": good}, algorithm="logic-v2")
    assert "limit" in refused({"q": good}, limit=0)
    assert "threshold" in refused({"q": good}, threshold="high")
    assert "list of strings" in refused({"q": {"schema": "Person", "properties": {"name": 5}}})
    assert "schema" in refused({"q": {"properties": {"name": ["x"]}}})
