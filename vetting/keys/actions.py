"""Key management: rotating the master key and retiring the ones nothing uses any more."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from vetting.audit.actions import Actor, record
from vetting.keys import master, seal, selectors
from vetting.keys.models import DataKey, Purpose
from vetting.policy.authority import authorize


@dataclass(frozen=True)
class Rotation:
    master_key_id: str
    started: bool  # False: an interrupted rotation was finished
    rewrapped: int


def rotate_master_key(
    *, actor: Actor, progress: Callable[[int, int], None] | None = None
) -> Rotation:
    """Make a new master key current and re-wrap every data key under it.

    Safe to interrupt and rerun: each data key is re-wrapped in its own transaction, and a
    rerun that finds data keys still under an older master key finishes that rotation
    instead of starting another. Running processes pick up the new key ring by itself.
    """
    authorize(actor, "keys.rotate_master_key")
    left = DataKey.objects.exclude(master_key_id=master.current().id)
    started = not left.exists()
    if started:
        master.append(master.new_key())
    under = master.current()
    pending = list(
        DataKey.objects.exclude(master_key_id=under.id).order_by("pk").values_list("pk", flat=True)
    )
    for done, pk in enumerate(pending, start=1):
        with transaction.atomic():
            row = DataKey.objects.select_for_update().get(pk=pk)
            if row.master_key_id != under.id:
                seal.rewrap(row, under)
        if progress:
            progress(done, len(pending))
    with transaction.atomic():
        if started:
            # Data written from now on goes under a fresh data key too.
            seal.create_key(Purpose.DATA)
        record(
            actor,
            "keys.master_rotated" if started else "keys.master_rotation_finished",
            master_key=under.id,
            rewrapped=len(pending),
        )
    return Rotation(under.id, started, len(pending))


def retire_master_keys(*, actor: Actor) -> set[str]:
    """Remove unused master keys from the key ring."""
    authorize(actor, "keys.retire_master_keys")
    retired = selectors.unused_master_keys()
    if retired:
        master.retire(retired)
        record(actor, "keys.master_retired", master_keys=sorted(retired))
    return retired
