import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from vetting.audit.actions import Actor, Entry, record_many
from vetting.audit.models import AuditEvent, AuditHead
from vetting.audit.selectors import verify_chain

pytestmark = pytest.mark.django_db


def append(n: int) -> None:
    record_many(
        Actor(origin="test"),
        [Entry("application.viewed", "x.y", str(i), {"i": i}) for i in range(n)],
    )


def test_chain_of_many_appends_verifies() -> None:
    for _ in range(3):
        append(4)
    report = verify_chain()
    assert report.ok and report.checked == 12
    head = AuditHead.objects.get()
    assert head.position == 12
    assert head.hash == AuditEvent.objects.order_by("-position")[0].hash


def test_editing_an_old_row_in_the_database_is_caught() -> None:
    append(10)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET action = %s WHERE position = %s",
            ["application.withdrawn", 4],
        )
    report = verify_chain()
    assert not report.ok and report.first_broken == 4
    with pytest.raises(CommandError, match="broken at entry #4"):
        call_command("audit", "verify")


def test_deleting_a_row_is_caught() -> None:
    append(5)
    AuditEvent.objects.filter(position=3).delete()
    assert verify_chain().first_broken == 3


def test_removing_the_newest_rows_is_caught() -> None:
    append(5)
    AuditEvent.objects.filter(position__gte=4).delete()
    report = verify_chain()
    assert not report.ok and "removed" in report.reason


def test_verify_command_reports_an_intact_chain(capsys) -> None:
    append(3)
    call_command("audit", "verify")
    assert "3 entries verified" in capsys.readouterr().out
