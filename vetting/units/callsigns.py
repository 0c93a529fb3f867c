"""Call signs: pseudonyms that say nothing about the person behind them.

A call sign is two random words and a number, drawn from the lists below and from nothing the
volunteer told us (name, birth date, home town, unit), so knowing it reveals no identity.
"""

import random
from collections.abc import Callable

# Plain, easily spoken words from nature and tools; no names, places or ranks.
FIRST = (
    "Amber", "Ash", "Birch", "Bison", "Cedar", "Cobalt", "Copper", "Crane", "Delta", "Dune",
    "Elm", "Ember", "Falcon", "Fern", "Flint", "Frost", "Granite", "Hawk", "Hazel", "Heron",
    "Iron", "Juniper", "Kestrel", "Lark", "Linden", "Lynx", "Maple", "Marten", "Oak", "Onyx",
    "Otter", "Owl", "Pine", "Quartz", "Raven", "Reed", "Rowan", "Sable", "Sage", "Shale",
    "Slate", "Sparrow", "Spruce", "Steppe", "Stone", "Swift", "Thistle", "Thorn", "Tundra",
    "Willow", "Wolf", "Wren",
)  # fmt: skip
SECOND = (
    "Anchor", "Anvil", "Arrow", "Beacon", "Bell", "Blade", "Bolt", "Bridge", "Compass",
    "Drum", "Echo", "Forge", "Gate", "Hammer", "Harbor", "Helm", "Kite", "Lantern", "Ledger",
    "Mill", "Needle", "Oar", "Prism", "Quill", "Rampart", "Ridge", "Saddle", "Shield",
    "Signal", "Spade", "Spark", "Spire", "Tide", "Torch", "Tower", "Vale", "Wedge", "Wharf",
)  # fmt: skip


def draw(rng: random.Random) -> str:
    """One call sign, e.g. "Falcon Anvil 27"."""
    return f"{rng.choice(FIRST)} {rng.choice(SECOND)} {rng.randrange(10, 100)}"


def unique_call_sign(rng: random.Random, taken: Callable[[str], bool]) -> str:
    """A call sign for which `taken` says no; about 178,000 exist, so a few draws do."""
    for _ in range(1000):
        candidate = draw(rng)
        if not taken(candidate):
            return candidate
    raise RuntimeError("no free call sign found")
