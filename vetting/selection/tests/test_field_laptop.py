import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from vetting.accounts.tests.factories import signed_in_client
from vetting.cases.models import Interview
from vetting.cases.tests.factories import Team, as_
from vetting.selection import actions, packet
from vetting.selection.models import OfflineResult
from vetting.selection.tests.factories import after, booked_visit


@pytest.mark.django_db
def test_the_field_laptop_opens_the_packet_and_seals_the_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = Team.create()
    visit = booked_visit(team)
    # A key may begin with "-", which a command line would take for an option (it did, once).
    key = next(k for k in iter(packet.new_key, None) if k.startswith("-"))
    file = tmp_path / "visit.vpk"
    file.write_bytes(actions.export_packet(visit, key=key, actor=as_(team.commander1)))
    out = StringIO()
    call_command(
        "packet", "open", str(file), f"--key={key}", "--sheet", str(tmp_path / "s.json"), stdout=out
    )
    assert "Николай Александрович Шишкарёв" in out.getvalue()
    sheet = json.loads((tmp_path / "s.json").read_text())
    assert "Шишкарёв" not in json.dumps(sheet, ensure_ascii=False)
    sheet["results"][0].update(motivation="positive", consistency="positive", fitness="mixed")
    (tmp_path / "s.json").write_text(json.dumps(sheet))
    results = tmp_path / "r.vpr"
    # Without --key the key is asked for, and stays out of the shell's history.
    monkeypatch.setattr("getpass.getpass", lambda prompt: key)
    call_command(
        "packet",
        "seal",
        str(tmp_path / "s.json"),
        "--packet",
        str(file),
        "--out",
        str(results),
        stdout=StringIO(),
    )
    with after(visit):
        outcome = actions.import_results(
            visit, results.read_bytes(), key=key, actor=as_(team.interviewer)
        )
    assert outcome.recorded == 1
    with pytest.raises(CommandError, match="altered|key"):
        call_command("packet", "open", str(file), f"--key={packet.new_key()}", stdout=StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "visit_word", "refusal"),
    [("uk", "Виїзд", "змінено"), ("ru", "Выезд", "изменён")],
)
def test_the_field_laptop_speaks_its_users_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, visit_word: str, refusal: str
) -> None:
    team = Team.create()
    visit = booked_visit(team)
    key = packet.new_key()
    file = tmp_path / "visit.vpk"
    file.write_bytes(actions.export_packet(visit, key=key, actor=as_(team.commander1)))
    monkeypatch.setenv("VETTING_LANGUAGE", "")
    monkeypatch.setenv("LANG", f"{language}_UA.UTF-8")
    out = StringIO()
    call_command("packet", "open", str(file), f"--key={key}", stdout=out)
    assert out.getvalue().startswith(visit_word)
    with pytest.raises(CommandError, match=refusal):
        call_command("packet", "open", str(file), f"--key={packet.new_key()}", stdout=StringIO())


@pytest.mark.django_db
def test_a_commander_cannot_bring_in_findings_through_the_laptop_and_the_import_page(
    tmp_path: Path,
) -> None:
    """The attack as it was done: the visit's commander fetched the packet and its key from the
    page, opened it with `vetting packet open`, marked a slot "positive", sealed the sheet with
    `vetting packet seal` and imported it, for a slot six days ahead; the interview was
    recorded as the interviewer's. Now the import page refuses the commander, before and after
    the visit, and refuses the interviewer a result for a slot that has not happened."""
    team = Team.create()
    visit = booked_visit(team)  # six days from now, the commander's own visit
    commander = signed_in_client(team.commander1)
    page = f"/en/staff/visits/{visit.pk}/"
    key = commander.get(page + "packet/").context["key"]
    download = commander.post(page + "packet/", {"key": key})
    assert download.status_code == 200  # the commander carries the packet: that is allowed
    file = tmp_path / "visit.vpk"
    file.write_bytes(download.content)
    sheet = tmp_path / "s.json"
    call_command(
        "packet", "open", str(file), f"--key={key}", "--sheet", str(sheet), stdout=StringIO()
    )
    filled = json.loads(sheet.read_text())
    for row in filled["results"]:
        row.update(motivation="positive", consistency="positive", fitness="positive")
    sheet.write_text(json.dumps(filled))
    results = tmp_path / "r.vpr"
    call_command(
        "packet",
        "seal",
        str(sheet),
        "--packet",
        str(file),
        f"--key={key}",
        "--out",
        str(results),
        stdout=StringIO(),
    )

    def post_results(client: Any) -> Any:
        with results.open("rb") as upload:
            return client.post(page + "results/", {"results": upload, "key": key})

    assert post_results(commander).status_code == 403
    with after(visit):  # a week on: a session of that day
        assert post_results(signed_in_client(team.commander1)).status_code == 403
    assert not Interview.objects.filter(recorded_at__isnull=False).exists()
    assert not OfflineResult.objects.exists()

    interviewer = signed_in_client(team.interviewer)
    early = post_results(interviewer)
    assert early.status_code == 200
    refused = early.context["outcome"].refused
    assert len(refused) == 2 and all("after its session" in why for _slot, why in refused)
    assert not Interview.objects.filter(recorded_at__isnull=False).exists()
    # Once the visit is over, the interviewer who held the slots brings them in, and the case
    # page says who did and from which packet.
    with after(visit):
        interviewer = signed_in_client(team.interviewer)
        late = post_results(interviewer)
        assert late.context["outcome"].recorded == 2
        slot = visit.slots.first()
        assert slot is not None
        case_page = interviewer.get(f"/en/staff/cases/{slot.case_id}/")
    said = case_page.content.decode()
    assert f"Recorded by {team.interviewer.username}" in said and visit.reference in said
