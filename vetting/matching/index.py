"""A blocking index: find the few watchlist people worth scoring against a query.

Each person is filed under hashed keys built from the skeletons of their
surnames: the skeleton itself, its sex-neutral stem and every one-letter
deletion (so any single typo still shares a key), alone and paired with the
given name, its initial or the birth year. Keys and person numbers live in two
sorted arrays of machine ints, which keeps a million people in a few hundred
megabytes; a lookup is a binary search within one run of a 65,536-entry
directory.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from vetting.matching.person import Person
from vetting.matching.scoring import DEFAULT_THRESHOLD, Match, could_reach, score
from vetting.matching.translit import skeleton

# A key shared by more people than this says too little to be worth reading
# (a bare "ivanov"); the more specific paired keys still find those people.
KEY_CAP = 1000
# At most this many key entries are read per query.
READ_BUDGET = 5000
# At most this many candidates, the ones sharing the most keys, get scored.
MAX_CANDIDATES = 100
_BUCKET_BITS = 8
_DIRECTORY_BITS = 16
# Deletion variants below this length would collide with everything.
MIN_DELETION_LENGTH = 4


@dataclass(frozen=True, slots=True)
class Hit:
    """A watchlist person found for a query, with the match that ranks it."""

    person: Person
    match: Match


def _deletions(skel: str) -> Iterator[str]:
    for i in range(len(skel)):
        yield skel[:i] + skel[i + 1 :]


def blocking_keys(person: Person) -> set[int]:
    """Hashed blocking keys of a person; two people sharing none are never compared."""
    keys: set[int] = set()
    birth = person.birth
    # Sorted so that a swapped day and month still share the key.
    day = tuple(sorted((birth.month, birth.day))) if birth.day else ()
    for form in person.names:
        given = form.given
        written = skeleton(form.given_display)[:3] if given else ""
        if given and day:
            # Finds a badly misspelt surname when the rest agrees.
            keys.add(hash(("dg", given, birth.year, day)))
        if not form.surnames and given:
            keys.add(hash(("o", given)))
        for skel, stem in zip(form.surnames, form.stems, strict=True):
            variants = {skel, stem}
            if len(skel) >= MIN_DELETION_LENGTH:
                variants.update(_deletions(skel))
            for variant in variants:
                keys.add(hash(("s", variant)))
                if given:
                    keys.add(hash(("g", variant, given)))
            if written:
                keys.add(hash(("p", stem, written)))
            for letter in form.given_letters:
                keys.add(hash(("i", stem, letter)))
            if birth.year:
                keys.add(hash(("y", stem, birth.year)))
            if given:
                # Common names need the sharper keys to keep candidate lists short.
                if birth.year:
                    keys.add(hash(("gy", stem, given, birth.year)))
                if day:
                    keys.add(hash(("gd", stem, given, day)))
                if form.patronymic:
                    keys.add(hash(("gp", stem, given, form.patronymic)))
    return keys


@dataclass(frozen=True, slots=True)
class Index:
    """People filed by blocking key, for screening one person against many."""

    people: tuple[Person, ...]
    keys: array[int]  # sorted hashed keys, one entry per (key, person)
    ids: array[int]  # person number for each entry of `keys`
    directory: array[int]  # where in `keys` each run of leading key bits starts
    key_mask: int
    directory_shift: int

    @classmethod
    def build(cls, people: Iterable[Person]) -> Index:
        """File every person under their blocking keys."""
        listed = tuple(people)
        shift = max(1, len(listed).bit_length())
        key_mask = (1 << (62 - shift)) - 1
        # Entries pack (key, person number) into one int, gathered in 8-byte
        # arrays by leading bits and sorted one bucket at a time, so the build
        # never holds a list of every entry.
        buckets = [array("q") for _ in range(1 << _BUCKET_BITS)]
        bucket_shift = 62 - _BUCKET_BITS
        for number, person in enumerate(listed):
            for key in blocking_keys(person):
                packed = ((key & key_mask) << shift) | number
                buckets[packed >> bucket_shift].append(packed)
        number_mask = (1 << shift) - 1
        keys, ids = array("q"), array("l")
        for i, bucket in enumerate(buckets):
            entries = sorted(bucket)
            buckets[i] = array("q")
            keys.extend(p >> shift for p in entries)
            ids.extend(p & number_mask for p in entries)
        # Narrows each binary search to a few hundred entries.
        directory_shift = 62 - shift - _DIRECTORY_BITS
        directory = array(
            "l",
            (bisect_left(keys, b << directory_shift) for b in range((1 << _DIRECTORY_BITS) + 1)),
        )
        return cls(listed, keys, ids, directory, key_mask, directory_shift)

    def __len__(self) -> int:
        return len(self.people)

    def candidates(
        self,
        person: Person,
        limit: int = MAX_CANDIDATES,
        budget: int = READ_BUDGET,
        ranked: bool = True,
    ) -> list[int]:
        """Numbers of the people sharing the most blocking keys with `person`.

        Keys are read rarest first until `budget` entries have been read, so a
        query with a very common name still costs a bounded amount of work.
        Unranked, the first `limit` people met on the rarest keys are taken
        without counting, which is cheaper for bulk runs.
        """
        keys, ids, directory = self.keys, self.ids, self.directory
        spans = []
        for key in blocking_keys(person):
            key &= self.key_mask
            top = key >> self.directory_shift
            end = directory[top + 1]
            lo = bisect_left(keys, key, directory[top], end)
            if lo < end and keys[lo] == key:
                hi = bisect_right(keys, key, lo, end)
                spans.append((hi - lo, lo, hi))
        spans.sort()
        if not ranked:
            met: dict[int, None] = {}
            for size, lo, hi in spans:
                if len(met) >= limit or (size > KEY_CAP and met):
                    break
                met.update(dict.fromkeys(ids[lo : min(hi, lo + budget)]))
            return list(met)[:limit]
        counts: Counter[int] = Counter()
        for size, lo, hi in spans:
            if budget <= 0 or (size > KEY_CAP and counts):
                break
            counts.update(ids[lo : min(hi, lo + budget)])
            budget -= size
        if len(counts) <= limit:
            return list(counts)
        return [number for number, _ in counts.most_common(limit)]

    def query(
        self, person: Person, limit: int = 10, threshold: float = DEFAULT_THRESHOLD
    ) -> list[Hit]:
        """Watchlist people scoring at least `threshold` against `person`, best first."""
        hits = []
        for number in self.candidates(person):
            other = self.people[number]
            if not could_reach(person, other, threshold):
                continue
            match = score(person, other)
            if match.score >= threshold:
                hits.append(Hit(other, match))
        hits.sort(key=lambda hit: -hit.match.score)
        return hits[:limit]
