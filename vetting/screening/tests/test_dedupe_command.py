"""`vetting dedupe` on a file: clusters, and the name-only pairs written for review."""

import csv
from io import StringIO
from pathlib import Path

from django.core.management import call_command


def test_dedupe_writes_name_only_pairs_for_review_and_never_joins_them(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(
        "id,name,birth_date,service_number\n"
        "a1,Шишкарёв Николай Александрович,1985-03-14,\n"
        "a2,Nikolay Shishkarev,,\n"
        "a3,Mykola Shyshkarov,1985-03-14,\n"
        "a4,Шишкарёв Николай,,А-136589\n"
        "a5,Nikolai Shishkarev,1985-03-14,A-136589\n",
        encoding="utf-8",
    )
    out, review = tmp_path / "clusters.csv", tmp_path / "review.csv"
    call_command("dedupe", input=str(people), out=str(out), review=str(review), stderr=StringIO())
    cluster_of = dict(csv.reader(out.open(encoding="utf-8")))
    assert cluster_of["a1"] == cluster_of["a3"] == cluster_of["a4"] == cluster_of["a5"]
    assert cluster_of["a2"] == "a2"
    header, *rows = csv.reader(review.open(encoding="utf-8"))
    assert header == ["a_id", "b_id", "score"]
    pairs = {(a, b) for a, b, _ in rows}
    assert ("a1", "a2") in pairs
    assert all("a2" in pair for pair in pairs)
