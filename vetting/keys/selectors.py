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
    counts = dict(
        DataKey.objects.values_list("master_key_id").annotate(n=Count("pk")).order_by()
    )
    ring = master.ring()
    return [MasterKeyUse(k.id, k is ring[-1], counts.get(k.id, 0)) for k in ring]
