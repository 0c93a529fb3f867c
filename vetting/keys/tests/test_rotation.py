"""Rotating the master key re-wraps the data keys, survives interruption, and loses nothing."""

from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from vetting.audit.actions import Actor
from vetting.audit.models import AuditEvent
from vetting.intake.models import Application
from vetting.intake.tests.factories import make_application
from vetting.keys import actions, master, seal, selectors
from vetting.keys.fields import index_value
from vetting.keys.migration import seal_columns
from vetting.keys.models import DataKey

pytestmark = pytest.mark.django_db
ACTOR = Actor(origin="test")


@pytest.fixture(autouse=True)
def own_key_ring(tmp_path, settings, db):
    """Each test rotates a key ring of its own, never the suite's, and data keys under it."""
    settings.VETTING_MASTER_KEY_FILE = tmp_path / "keys" / "master.keys"
    DataKey.objects.all().delete()
    seal.forget()
    yield
    seal.forget()


def test_rotation_rewraps_every_data_key_and_everything_still_opens(capsys) -> None:
    application, _ = make_application(name_cyrillic="Шишкарёв Николай", birth_date=date(1990, 1, 2))
    first = master.current().id
    call_command("keys", "rotate")
    assert "rotated to master key" in capsys.readouterr().out
    second = master.current().id
    assert second != first
    assert set(DataKey.objects.values_list("master_key_id", flat=True)) == {second}

    seal.forget()  # as a process that starts after the rotation
    assert Application.objects.get(pk=application.pk).name_cyrillic == "Шишкарёв Николай"
    assert selectors.unused_master_keys() == {first}
    assert actions.retire_master_keys(actor=ACTOR) == {first}
    assert [k.id for k in master.ring()] == [second]
    seal.forget()
    assert Application.objects.get(pk=application.pk).birth_date == date(1990, 1, 2)
    assert AuditEvent.objects.filter(action="keys.master_rotated").count() == 1


def test_an_interrupted_rotation_is_finished_by_running_it_again(monkeypatch) -> None:
    for _n in range(3):  # several data keys, as after earlier rotations
        seal.create_key()
    application, _ = make_application(name_cyrillic="Шишкарёв Николай")
    real_rewrap = seal.rewrap
    calls = {"n": 0}

    def power_cut_after_two(row, under):
        calls["n"] += 1
        if calls["n"] > 2:
            raise KeyboardInterrupt("power cut")
        real_rewrap(row, under)

    monkeypatch.setattr(seal, "rewrap", power_cut_after_two)
    with pytest.raises(KeyboardInterrupt):
        actions.rotate_master_key(actor=ACTOR)
    target = master.current().id
    assert DataKey.objects.exclude(master_key_id=target).exists()  # half done
    seal.forget()
    assert Application.objects.get(pk=application.pk).name_cyrillic == "Шишкарёв Николай"

    monkeypatch.setattr(seal, "rewrap", real_rewrap)
    result = actions.rotate_master_key(actor=ACTOR)
    assert not result.started and result.master_key_id == target  # no third key
    assert set(DataKey.objects.values_list("master_key_id", flat=True)) == {target}
    seal.forget()
    assert Application.objects.get(pk=application.pk).name_cyrillic == "Шишкарёв Николай"


def test_a_data_key_under_an_unknown_master_key_does_not_open() -> None:
    application, _ = make_application(name_cyrillic="Шишкарёв Николай")
    DataKey.objects.update(master_key_id="0" * 16)
    seal.forget()
    with pytest.raises(Exception, match="not in the key ring"):
        Application.objects.get(pk=application.pk)


def test_the_migration_seals_plaintext_left_by_an_older_version() -> None:
    application, _ = make_application(name_cyrillic="Шишкарёв Николай", name_latin="")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE intake_application SET name_cyrillic = %s, statement = %s, name_index = ''"
            " WHERE id = %s",
            ["Шишкарёв Николай", "Хочу служить", application.pk],
        )

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection  # type: ignore[attr-defined]
    step = seal_columns(
        "intake.Application", ["name_cyrillic", "statement"], name_index=("name_cyrillic",)
    )
    step(apps, editor)
    step(apps, editor)  # rerun after an interruption: already sealed values stay as they are
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name_cyrillic, statement FROM intake_application WHERE id = %s",
            [application.pk],
        )
        assert all(seal.is_sealed(v) for v in cursor.fetchone())
    fresh = Application.objects.get(pk=application.pk)
    assert (fresh.name_cyrillic, fresh.statement) == ("Шишкарёв Николай", "Хочу служить")
    assert fresh.name_index == index_value("Шишкарёв Николай") != ""  # the index of the name
