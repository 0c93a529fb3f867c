"""A blocking index: find the few watchlist people worth scoring against a query.

Each person is filed under hashed keys built from the skeletons of their
surnames: the skeleton itself, its sex-neutral stem and every one-letter
deletion (so any single typo still shares a key), alone and paired with the
given name, its initial or the birth year. Keys and person numbers live in two
sorted arrays of machine ints, which keeps a million people in a few hundred
megabytes; a query looks up all of its keys in one vectorised binary search.
"""

from __future__ import annotations

import multiprocessing
import os
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from hashlib import blake2b

import numpy

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
# From this many people the keys are computed in two processes.
PARALLEL_BUILD_FROM = 50_000
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


@lru_cache(maxsize=1 << 16)
def _code(text: str) -> int:
    """A number for a string that is the same in every process.

    `hash()` of a string changes with each interpreter's seed, and the order of
    the keys decides which candidates a bulk run reads first: with it, two runs
    of `vetting dedupe` on one file (or it and the Spark job) could differ.
    Tuples of ints hash the same everywhere, so keys are built from these codes.
    """
    return int.from_bytes(blake2b(text.encode(), digest_size=8).digest(), "little")


@lru_cache(maxsize=1 << 17)
def _surname_codes(skel: str, stem: str) -> tuple[int, tuple[int, ...]]:
    """The stem's code and the codes of every spelling a single typo leaves a key for."""
    variants = {skel, stem}
    if len(skel) >= MIN_DELETION_LENGTH:
        variants.update(_deletions(skel))
    return _code(stem), tuple(sorted(_code(v) for v in variants))


# Key families and how much sharing one says. All the deletion variants of a
# surname are one family, so a candidate sharing the surname and the date
# outranks one merely sharing many spellings of the surname. "sd" (surname
# and birth date) and "ld" (given name's first letter and birth date) find a
# person whose given name, or surname, is misspelt or cut to an initial.
_FAMILIES = ("s", "o", "i", "y", "p", "g", "gp", "gy", "gd", "dg", "sd", "ld")
FAMILY_WEIGHTS = (1, 1, 1, 1, 2, 3, 3, 4, 4, 4, 4, 3)
_S, _O, _I, _Y, _P, _G, _GP, _GY, _GD, _DG, _SD, _LD = range(len(_FAMILIES))


def blocking_keys(person: Person) -> dict[int, int]:
    """Hashed blocking keys of a person, each with its family (an index into FAMILY_WEIGHTS).

    Two people sharing no key are never compared. The keys are the same in
    every process (see `_code`).
    """
    keys: dict[int, int] = {}
    birth = person.birth
    year = birth.year
    # Sorted so that a swapped day and month still share the key.
    day = tuple(sorted((birth.month, birth.day))) if birth.day else ()
    for form in person.names:
        given = _code(form.given) if form.given else 0
        written = _code(skeleton(form.given_display)[:3]) if form.given else 0
        letters = [_code(letter) for letter in form.given_letters]
        if day:
            if given:
                # Finds a badly misspelt surname when the rest agrees.
                keys[hash((_DG, given, year, *day))] = _DG
            for letter in letters:
                keys[hash((_LD, letter, year, *day))] = _LD
        if not form.surnames and given:
            keys[hash((_O, given))] = _O
        for skel, stem_text in zip(form.surnames, form.stems, strict=True):
            stem, variants = _surname_codes(skel, stem_text)
            for variant in variants:
                keys[hash((_S, variant))] = _S
                if given:
                    keys[hash((_G, variant, given))] = _G
            if written:
                keys[hash((_P, stem, written))] = _P
            for letter in letters:
                keys[hash((_I, stem, letter))] = _I
            if year:
                keys[hash((_Y, stem, year))] = _Y
            if day:
                keys[hash((_SD, stem, year, *day))] = _SD
            if given:
                # Common names need the sharper keys to keep candidate lists short.
                if year:
                    keys[hash((_GY, stem, given, year))] = _GY
                if day:
                    keys[hash((_GD, stem, given, *day))] = _GD
                if form.patronymic:
                    keys[hash((_GP, stem, given, _code(form.patronymic)))] = _GP
    return keys


def _pack(
    people: Sequence[Person], start: int, stop: int, shift: int, key_mask: int
) -> list[array[int]]:
    """Entries (key, person number) packed into one int each, in arrays by leading bits.

    Buckets keep the build from ever holding a Python list of every entry:
    each is sorted on its own, and 8-byte arrays are a quarter of the size.
    """
    buckets = [array("q") for _ in range(1 << _BUCKET_BITS)]
    bucket_shift = 62 - _BUCKET_BITS
    for number in range(start, stop):
        for key in blocking_keys(people[number]):
            packed = ((key & key_mask) << shift) | number
            buckets[packed >> bucket_shift].append(packed)
    return buckets


# Set before forking so that workers read the people copy-on-write.
_building: tuple[Sequence[Person], int, int] | None = None


def _pack_shared(bounds: tuple[int, int]) -> list[bytes]:
    assert _building is not None
    people, shift, key_mask = _building
    return [bucket.tobytes() for bucket in _pack(people, *bounds, shift, key_mask)]


def _packed_entries(people: Sequence[Person], shift: int, key_mask: int) -> list[array[int]]:
    """All entries, bucketed; computed by two forked processes when the list is large.

    Keys do not depend on the hash seed (see `_code`), so any process computes the same.
    """
    n = len(people)
    workers = min(2, os.cpu_count() or 1)
    if n < PARALLEL_BUILD_FROM or workers < 2:
        return _pack(people, 0, n, shift, key_mask)
    global _building
    _building = (people, shift, key_mask)
    step = -(-n // 8)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_pack_shared, [(s, min(n, s + step)) for s in range(0, n, step)])
    finally:
        _building = None
    buckets = [array("q") for _ in range(1 << _BUCKET_BITS)]
    for part in parts:
        for bucket, data in zip(buckets, part, strict=True):
            bucket.frombytes(data)
    return buckets


@dataclass(frozen=True, slots=True)
class Index:
    """People filed by blocking key, for screening one person against many."""

    people: tuple[Person, ...]
    keys: numpy.ndarray  # sorted hashed keys (int64), one entry per (key, person)
    ids: array[int]  # person number for each entry of `keys`
    key_mask: int

    @classmethod
    def build(cls, people: Iterable[Person]) -> Index:
        """File every person under their blocking keys (in two processes for large lists)."""
        listed = tuple(people)
        shift = max(1, len(listed).bit_length())
        key_mask = (1 << (62 - shift)) - 1
        buckets = _packed_entries(listed, shift, key_mask)
        number_mask = (1 << shift) - 1
        sorted_keys = numpy.empty(sum(len(bucket) for bucket in buckets), dtype=numpy.int64)
        ids = array("l")
        at = 0
        for i, bucket in enumerate(buckets):
            # numpy sorts a bucket of machine ints in place, far faster than a list of objects.
            entries = numpy.frombuffer(bucket, dtype=numpy.int64).copy()
            buckets[i] = array("q")
            entries.sort()
            sorted_keys[at : at + len(entries)] = entries >> shift
            at += len(entries)
            ids.frombytes((entries & number_mask).astype(ids.typecode).tobytes())
        return cls(listed, sorted_keys, ids, key_mask)

    def __len__(self) -> int:
        return len(self.people)

    def candidates(
        self,
        person: Person,
        limit: int = MAX_CANDIDATES,
        budget: int = READ_BUDGET,
        ranked: bool = True,
    ) -> list[int]:
        """Numbers of the people sharing the most (weighted) key families with `person`.

        Keys are read rarest first until `budget` entries have been read, so a
        query with a very common name still costs a bounded amount of work.
        Unranked, the first `limit` people met on the sharpest keys are taken
        without counting, which is cheaper for bulk runs.
        """
        found = blocking_keys(person)
        wanted = numpy.fromiter(found, dtype=numpy.int64, count=len(found)) & self.key_mask
        # All of a person's keys in two vectorised binary searches: several times
        # faster than one bisect per key from Python.
        starts = self.keys.searchsorted(wanted, "left").tolist()
        ends = self.keys.searchsorted(wanted, "right").tolist()
        spans = [
            (hi - lo, lo, hi, family)
            for lo, hi, family in zip(starts, ends, found.values(), strict=True)
            if hi > lo
        ]
        ids = self.ids
        if not ranked:
            # Sharpest families first, rarest keys first within a family, then key order
            # (lo), so that the choice does not depend on how the keys were produced.
            spans.sort(key=lambda span: (-FAMILY_WEIGHTS[span[3]], span[0], span[1]))
            met: dict[int, None] = {}
            for size, lo, hi, _ in spans:
                if len(met) >= limit or (size > KEY_CAP and met):
                    break
                met.update(dict.fromkeys(ids[lo : min(hi, lo + budget)]))
            return list(met)[:limit]
        spans.sort()
        families: dict[int, set[int]] = {}
        for size, lo, hi, family in spans:
            if budget <= 0 or (size > KEY_CAP and families):
                break
            families.setdefault(family, set()).update(ids[lo : min(hi, lo + budget)])
            budget -= size
        counts: Counter[int] = Counter()
        for family, members in families.items():
            for _ in range(FAMILY_WEIGHTS[family]):
                counts.update(members)
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
