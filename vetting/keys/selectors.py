"""What the key ring and the data keys look like, without any secret."""

from dataclasses import dataclass

from django.db.models import Count

from vetting.keys import master
from vetting.keys.models import DataKey


@dataclass(frozen=True)
class MasterKeyUse:
    id: str
    current: bool
    data_keys: int


def key_ring_status() -> list[MasterKeyUse]:
    counts = dict(DataKey.objects.values_list("master_key_id").annotate(n=Count("pk")).order_by())
    ring = master.ring()
    return [MasterKeyUse(k.id, k is ring[-1], counts.get(k.id, 0)) for k in ring]


def unused_master_keys() -> set[str]:
    """Master keys in the ring that wrap no data key (the current one is always in use)."""
    used = set(DataKey.objects.values_list("master_key_id", flat=True))
    used.add(master.current().id)
    return {key.id for key in master.ring()} - used
