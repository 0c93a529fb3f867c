"""Signed checkpoints: the chain's head, signed outside the database, holds against someone who
rewrites the database and recomputes every hash."""

import stat
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from vetting.audit import checkpoints
from vetting.audit.actions import Actor, Entry, event_hash, record_many
from vetting.audit.models import AuditEvent, AuditHead
from vetting.audit.selectors import verify_chain

pytestmark = pytest.mark.django_db


def append(n: int) -> None:
    record_many(
        Actor(origin="test"),
        [Entry("application.viewed", "x.y", str(i), {"i": i}) for i in range(n)],
    )


def files() -> list[str]:
    return [p.name for p in checkpoints.checkpoint_files(settings.AUDIT_CHECKPOINT_DIR)]


def rewrite_from(position: int, **changes: object) -> None:
    """The attack: change one stored entry, then recompute its hash, every later entry's link
    and hash, and the head, so that the chain alone verifies again."""
    AuditEvent.objects.filter(position=position).update(**changes)
    prev = AuditEvent.objects.get(position=position - 1).hash if position > 1 else "0" * 64
    for event in AuditEvent.objects.filter(position__gte=position).order_by("position"):
        event.prev_hash = prev
        event.hash = event_hash(event)
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
        prev = event.hash
    AuditHead.objects.filter(pk=1).update(hash=prev)


def test_checkpoint_signs_the_head_into_a_file_of_its_own(capsys) -> None:
    append(5)
    call_command("audit", "checkpoint")
    assert "entry #5" in capsys.readouterr().out
    assert files() == ["000000000005.json"]
    written = settings.AUDIT_CHECKPOINT_DIR / "000000000005.json"
    assert stat.S_IMODE(written.stat().st_mode) & 0o222 == 0  # read-only
    key = Path(settings.AUDIT_SIGNING_KEY)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    checkpoint = checkpoints.read_checkpoint(written)
    assert (checkpoint.position, checkpoint.hash) == (5, AuditEvent.objects.get(position=5).hash)
    assert checkpoint.signed_by(checkpoints.signing_key(key).public_key())
    # The checkpoint is recorded in the chain itself, right after the entry it signs.
    recorded = AuditHead.objects.get()
    assert recorded.position == 6
    assert AuditEvent.objects.get(position=6).detail["file"] == "000000000005.json"

    call_command("audit", "verify")
    assert "6 entries verified; 1 checkpoints verified, the newest at entry #5" in (
        capsys.readouterr().out
    )


def test_checkpoint_is_not_taken_again_while_the_chain_has_not_moved(capsys) -> None:
    append(3)
    call_command("audit", "checkpoint")
    call_command("audit", "checkpoint")
    assert "not needed: the chain is still at entry #3" in capsys.readouterr().out
    append(2)
    call_command("audit", "checkpoint")
    # #4 records the first checkpoint; the second signs #6 and names the first.
    assert files() == ["000000000003.json", "000000000006.json"]
    second = checkpoints.read_checkpoint(settings.AUDIT_CHECKPOINT_DIR / "000000000006.json")
    assert second.previous.startswith("000000000003.json ")


def test_a_checkpoint_file_is_never_overwritten() -> None:
    append(3)
    key = checkpoints.signing_key(settings.AUDIT_SIGNING_KEY, create=True)
    first = checkpoints.take_checkpoint(settings.AUDIT_CHECKPOINT_DIR, key).checkpoint
    assert first is not None
    path = settings.AUDIT_CHECKPOINT_DIR / first.name
    before = path.read_bytes()
    again = checkpoints.Checkpoint(3, "f" * 64, timezone.now(), "", b"x" * 64)
    with pytest.raises(checkpoints.CheckpointError, match="never overwritten"):
        checkpoints.write_checkpoint(settings.AUDIT_CHECKPOINT_DIR, again)
    assert path.read_bytes() == before


def test_rewriting_the_chain_end_to_end_is_caught_by_the_checkpoint() -> None:
    append(4)
    call_command("audit", "checkpoint")  # at #4
    append(6)
    call_command("audit", "checkpoint")  # at #11 (#5 records the first)
    append(5)
    rewrite_from(7, action="application.withdrawn")
    assert verify_chain().ok  # the chain alone no longer shows it

    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify")
    message = str(caught.value)
    assert message.startswith("audit checkpoint 000000000011.json fails: entry #11 no longer")
    assert "changed after entry #4" in message
    assert "(1 checkpoints before it verified)" in message


def test_removing_entries_past_a_checkpoint_is_caught() -> None:
    append(10)
    call_command("audit", "checkpoint")
    AuditEvent.objects.filter(position__gt=6).delete()
    AuditHead.objects.filter(pk=1).update(position=6, hash=AuditEvent.objects.get(position=6).hash)
    assert verify_chain().ok

    with pytest.raises(CommandError, match="chain ends at entry #6: entries were removed"):
        call_command("audit", "verify")


def test_a_checkpoint_signed_with_another_key_is_refused() -> None:
    append(5)
    call_command("audit", "checkpoint")
    append(3)
    rewrite_from(2, action="application.withdrawn")
    # The forger rewrites the newer checkpoint too, but cannot sign it with the real key.
    forger = Ed25519PrivateKey.generate()
    head = AuditHead.objects.get()
    at = timezone.now()
    forged = checkpoints.Checkpoint(
        head.position,
        head.hash,
        at,
        checkpoints.key_id(forger.public_key()),
        forger.sign(checkpoints.signed_message(head.position, head.hash, at)),
    )
    (settings.AUDIT_CHECKPOINT_DIR / "000000000005.json").unlink()
    checkpoints.write_checkpoint(settings.AUDIT_CHECKPOINT_DIR, forged)
    assert verify_chain().ok

    with pytest.raises(CommandError, match="000000000009.json fails: its signature does not"):
        call_command("audit", "verify")


def test_an_auditor_verifies_with_the_public_key_alone(tmp_path, capsys) -> None:
    append(4)
    call_command("audit", "checkpoint")
    capsys.readouterr()
    call_command("audit", "public-key")
    public = tmp_path / "audit-public.pem"
    public.write_text(capsys.readouterr().out)
    assert "PRIVATE" not in public.read_text()

    settings.AUDIT_SIGNING_KEY = tmp_path / "elsewhere" / "absent.key"
    settings.AUDIT_PUBLIC_KEY = public
    call_command("audit", "verify")
    assert "1 checkpoints verified" in capsys.readouterr().out

    other = tmp_path / "other.pem"
    other.write_text(checkpoints.public_key_pem(Ed25519PrivateKey.generate().public_key()))
    with pytest.raises(CommandError, match="signature does not verify"):
        call_command("audit", "verify", "--public-key", str(other))


def test_verify_without_any_key_says_so_rather_than_passing(tmp_path) -> None:
    append(2)
    call_command("audit", "checkpoint")
    settings.AUDIT_SIGNING_KEY = tmp_path / "absent.key"
    with pytest.raises(CommandError, match="cannot verify 1 checkpoints: no audit signing key"):
        call_command("audit", "verify")


def test_an_unreadable_checkpoint_file_is_named() -> None:
    append(2)
    call_command("audit", "checkpoint")
    (settings.AUDIT_CHECKPOINT_DIR / "000000000009.json").write_text("{not json")
    with pytest.raises(CommandError, match="000000000009.json is not a readable checkpoint"):
        call_command("audit", "verify")


def test_no_checkpoint_is_taken_over_a_chain_changed_since_the_last_one() -> None:
    append(5)
    call_command("audit", "checkpoint")
    append(3)
    rewrite_from(3, action="application.withdrawn")
    with pytest.raises(CommandError, match="latest checkpoint 000000000005.json fails"):
        call_command("audit", "checkpoint")
    assert files() == ["000000000005.json"]


def test_no_checkpoint_is_taken_over_a_broken_chain() -> None:
    append(5)
    AuditEvent.objects.filter(position=2).update(action="application.withdrawn")
    with pytest.raises(CommandError, match="broken at entry #2.*no checkpoint taken"):
        call_command("audit", "checkpoint")
    assert files() == []


def test_new_entries_since_the_latest_checkpoint_are_verified_before_signing() -> None:
    append(5)
    call_command("audit", "checkpoint")
    append(5)
    AuditEvent.objects.filter(position=8).update(action="application.withdrawn")
    with pytest.raises(CommandError, match="broken at entry #8"):
        call_command("audit", "checkpoint")


def test_checkpoint_every_seconds_goes_on_until_stopped(capsys) -> None:
    append(2)
    rounds = []

    def sleep(seconds: float) -> None:
        rounds.append(seconds)
        if len(rounds) == 1:
            append(3)
        else:
            raise KeyboardInterrupt

    command = "vetting.audit.management.commands.audit"
    with (
        mock.patch(f"{command}.time.sleep", sleep),
        # Between rounds the loop drops stale connections; the test's transaction must stay.
        mock.patch(f"{command}.close_old_connections"),
    ):
        call_command("audit", "checkpoint", "--every", "30")
    assert rounds == [30.0, 30.0]
    assert files() == ["000000000002.json", "000000000006.json"]
    assert "stopped" in capsys.readouterr().out


def test_verify_with_no_checkpoints_says_where_it_looked(capsys) -> None:
    append(1)
    call_command("audit", "verify")
    assert f"no checkpoints in {settings.AUDIT_CHECKPOINT_DIR}" in capsys.readouterr().out


def test_the_demo_web_process_takes_checkpoints_on_its_own() -> None:
    from vetting.audit.apps import checkpoint_every

    append(3)

    def stop(seconds: float) -> None:
        raise KeyboardInterrupt

    with (
        mock.patch("vetting.audit.apps.time.sleep", stop),
        mock.patch("vetting.audit.apps.connection"),  # the test's own transaction stays open
        pytest.raises(KeyboardInterrupt),
    ):
        checkpoint_every(60)
    assert files() == ["000000000003.json"]


# Checkpoints that cannot be taken away quietly ---------------------------------------------------


def two_checkpoints() -> tuple[Path, Path]:
    """Entries, a checkpoint, more entries, a second checkpoint: the files of both."""
    append(4)
    call_command("audit", "checkpoint")  # signs #4, recorded at #5
    append(4)
    call_command("audit", "checkpoint")  # signs #9, recorded at #10
    append(2)
    older, newer = checkpoints.checkpoint_files(settings.AUDIT_CHECKPOINT_DIR)
    return older, newer


def remove(path: Path) -> None:
    path.chmod(0o644)
    path.unlink()


def test_deleting_the_newest_checkpoint_is_caught_by_the_chain_that_records_it() -> None:
    _, newer = two_checkpoints()
    remove(newer)
    with pytest.raises(
        CommandError,
        match=r"000000000009.json fails: the chain records it at "
        r"entry #10, but it is in none of the checkpoint folders",
    ):
        call_command("audit", "verify")


def test_deleting_the_newest_and_rewriting_after_the_older_is_caught_by_the_copy(
    tmp_path, capsys
) -> None:
    """The attack as it was done: the web host deletes the newest checkpoint file and rewrites
    every entry after the older one, the entry that recorded the newest included."""
    settings.AUDIT_CHECKPOINT_COPY_DIR = tmp_path / "other-mount"
    older, newer = two_checkpoints()
    assert sorted(p.name for p in (tmp_path / "other-mount").iterdir()) == [older.name, newer.name]
    remove(newer)
    rewrite_from(7, action="application.withdrawn")
    rewrite_from(10, action="application.viewed", detail={})  # the record of the newest is gone
    assert verify_chain().ok
    assert not AuditEvent.objects.filter(action=checkpoints.RECORDED, position=10).exists()

    with pytest.raises(CommandError, match="000000000009.json fails: entry #9 no longer has"):
        call_command("audit", "verify")


def test_without_a_copy_the_same_attack_leaves_an_overdue_warning(capsys) -> None:
    older, newer = two_checkpoints()
    remove(newer)
    rewrite_from(7, action="application.withdrawn")
    rewrite_from(10, action="application.viewed", detail={})
    call_command("audit", "verify")  # right after the attack nothing is overdue yet
    assert "WARNING" not in capsys.readouterr().err
    with time_machine.travel(timezone.now() + timedelta(seconds=301)):
        call_command("audit", "verify")
    err = capsys.readouterr().err
    assert "WARNING: the newest checkpoint (000000000004.json" in err
    assert "older than the 5 minutes it was taken to be renewed in" in err


def test_deleting_a_checkpoint_between_two_others_breaks_the_link_to_it() -> None:
    older, newer = two_checkpoints()
    call_command("audit", "checkpoint")  # a third, naming the second
    remove(newer)
    with pytest.raises(
        CommandError,
        match=r"000000000012.json fails: it names 000000000009.json "
        r"as the checkpoint before it, but the one before it is 000000000004.json",
    ):
        call_command("audit", "verify")


def test_a_copy_that_differs_from_the_checkpoint_is_refused(tmp_path) -> None:
    settings.AUDIT_CHECKPOINT_COPY_DIR = tmp_path / "other-mount"
    _, newer = two_checkpoints()
    copied = tmp_path / "other-mount" / newer.name
    copied.chmod(0o644)
    copied.write_text(newer.read_text().replace('"interval": 300.0', '"interval": 301.0'))
    with pytest.raises(CommandError, match="000000000009.json differs between"):
        call_command("audit", "verify")


def test_copy_puts_every_checkpoint_in_the_second_folder_once(tmp_path, capsys) -> None:
    append(3)
    call_command("audit", "checkpoint")
    append(3)
    call_command("audit", "checkpoint")
    target = tmp_path / "second"
    call_command("audit", "copy", "--copy-dir", str(target))
    assert "2 new" in capsys.readouterr().out
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o222 == 0 for p in target.iterdir())
    call_command("audit", "copy", "--copy-dir", str(target))
    assert "0 new" in capsys.readouterr().out
    call_command("audit", "verify", "--copy-dir", str(target))
    assert f"in {settings.AUDIT_CHECKPOINT_DIR} or {target}" in capsys.readouterr().out
