import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from vetting.cases.tests.factories import Team, as_
from vetting.selection import actions, packet
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
