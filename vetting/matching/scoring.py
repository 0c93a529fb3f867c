"""Pairwise scoring: evidence from each field added as log-odds, squashed to [0, 1].

Each comparison yields a weight (positive: same person is more likely) and the
words that explain it. Weights are set so that a full name alone lands just
above the threshold, a clearly different birth year or given name pulls far
below it, and a matching date or service number removes most doubt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz.distance import OSA

from vetting.matching.dates import compare_dates
from vetting.matching.names import given_name, other_suffix, surname_stem
from vetting.matching.person import NameForm, Person
from vetting.matching.translit import skeleton, to_latin

DEFAULT_THRESHOLD = 0.7
"""Recommended cut-off: a full name agreeing with nothing against it scores about 0.95,
one typo in the surname 0.88, an initial and surname 0.73; any contrary evidence drops below."""

# Prior log-odds that two records sharing a blocking key are the same person.
PRIOR = -2.5


class Part(NamedTuple):
    """One field's verdict: its name, its evidence weight and the words for it.

    The words are kept as a template and formatted only when read, because bulk
    runs score far more pairs than anyone reads explanations of; a named tuple
    because millions are built.
    """

    field: str
    weight: float
    template: str
    args: tuple[object, ...] = ()

    @property
    def words(self) -> str:
        return self.template.format(*self.args)

    def __str__(self) -> str:
        return f"{self.field}: {self.words}"


@dataclass(frozen=True, slots=True)
class Match:
    """The score of a pair of people and the field verdicts it was added up from."""

    score: float
    parts: tuple[Part, ...]

    @property
    def explanation(self) -> str:
        """The verdicts in words, e.g. `surname: Shishkarey ~ Шишкарёв (1 edit ...); ...`."""
        return "; ".join(str(p) for p in self.parts)


_ONE_EDIT = "1 edit after transliteration"
_TWO_EDITS = "2 edits after transliteration"


def _surname(a: NameForm, b: NameForm) -> Part:
    if not a.surnames or not b.surnames:
        return Part("surname", -1.0, "absent")
    best: tuple[int, int, int, int] | None = None
    if not set(a.stems).isdisjoint(b.stems):
        # The usual case among candidates, settled without edit distances.
        best = max(
            (0, len(sa), i, j)
            for i, sa in enumerate(a.stems)
            for j, sb in enumerate(b.stems)
            if sa == sb
        )
        i, j = best[2], best[3]
        for k, skel_a in enumerate(a.surnames):
            for m, skel_b in enumerate(b.surnames):
                if skel_a == skel_b and a.stems[k] == b.stems[m]:
                    i, j = k, m
        return _surname_verdict(a, b, 0, best[1], i, j)
    for i, (skel_a, stem_a) in enumerate(zip(a.surnames, a.stems, strict=True)):
        for j, (skel_b, stem_b) in enumerate(zip(b.surnames, b.stems, strict=True)):
            edits = min(
                OSA.distance(stem_a, stem_b, score_cutoff=3),
                OSA.distance(skel_a, skel_b, score_cutoff=3),
            )
            length = max(len(stem_a), len(stem_b))
            if best is None or (edits, -length) < (best[0], -best[1]):
                best = (edits, length, i, j)
    assert best is not None
    return _surname_verdict(a, b, *best)


def _surname_verdict(a: NameForm, b: NameForm, edits: int, length: int, i: int, j: int) -> Part:
    shown = (a.surname_display[i], b.surname_display[j])
    if edits >= 2:
        # Folding can spread a typo: Niitin folds to "nitin", two edits from "nikitin",
        # and Suhemiakin loses its "sh".
        edits = min(edits, OSA.distance(to_latin(shown[0]), to_latin(shown[1]), score_cutoff=3))
    if edits == 0:
        if a.surnames[i] != b.surnames[j]:
            genders = {surname_stem(a.surnames[i])[1], surname_stem(b.surnames[j])[1]}
            if genders == {"m", "f"}:
                return Part("surname", 3.0, "{} ~ {} (feminine and masculine forms)", shown)
            return Part("surname", 3.0, "{} ~ {} (same stem, other ending)", shown)
        if shown[0].casefold() == shown[1].casefold():
            return Part("surname", 3.0, "{} = {}", shown)
        return Part("surname", 3.0, "{} = {} (same after transliteration)", shown)
    if edits in (1, 2) and other_suffix(a.surnames[i], b.surnames[j]):
        # Руденко and Рудченко, Ковальчук and Ковальчик: two families' names, not a slip.
        return Part("surname", -1.0, "{} ~ {} (another suffix: often another surname)", shown)
    if edits == 1 and length >= 5:
        return Part("surname", 2.0, "{} ~ {} (" + _ONE_EDIT + ")", shown)
    if edits == 1:
        return Part("surname", 1.0, "{} ~ {} (" + _ONE_EDIT + ", short name)", shown)
    if edits == 2 and length >= 8:
        return Part("surname", 0.5, "{} ~ {} (" + _TWO_EDITS + ")", shown)
    return Part("surname", -5.0, "{} ≠ {}", shown)


def _spelling_edits(a: NameForm, b: NameForm) -> int:
    """Fewest edits from `a`'s written given name to any spelling of `b`'s (at most 3)."""
    written = (skeleton(a.given_display), to_latin(a.given_display))
    group = given_name(b.given) if b.given_known else None
    targets = group[0].spellings if group else (b.given, to_latin(b.given_display))
    return min(OSA.distance(w, t, score_cutoff=3) for w in written for t in targets)


def _written_edits(a: NameForm, b: NameForm) -> int:
    """Edits between two given names as written, after transliteration (at most 2)."""
    return min(
        OSA.distance(skeleton(a.given_display), skeleton(b.given_display), score_cutoff=2),
        OSA.distance(to_latin(a.given_display), to_latin(b.given_display), score_cutoff=2),
    )


def _given(a: NameForm, b: NameForm) -> Part:
    if not a.given and not b.given:
        if a.given_letters and b.given_letters:
            if a.given_letters == b.given_letters:
                return Part("given name", 0.5, "initials agree ({})", (a.given_display,))
            shown = (a.given_display, b.given_display)
            return Part("given name", -3.0, "initials differ ({} vs {})", shown)
        return Part("given name", 0.0, "absent")
    if not a.given or not b.given:
        full, initial = (a, b) if a.given else (b, a)
        if not initial.given_letters:
            return Part("given name", 0.0, "absent on one side")
        shown = (initial.given_display, full.given_display)
        if initial.given_letters & full.given_letters:
            return Part("given name", 0.5, "initial {} fits {}", shown)
        return Part("given name", -3.0, "initial {} does not fit {}", shown)
    shown = (a.given_display, b.given_display)
    if a.given_known and b.given_known:
        if a.given != b.given:
            # One slip can turn a name into another one (Yegor -> Ygor, read as Igor).
            if _written_edits(a, b) <= 1:
                return Part("given name", -1.0, "{} ~ {} (1 edit, or another name)", shown)
            return Part("given name", -4.5, "{} ≠ {}", shown)
        if a.given_diminutive != b.given_diminutive:
            return Part("given name", 2.0, "{} ~ {} (diminutive)", shown)
        return Part("given name", 2.5, "{} = {}", shown)
    # An unrecognised name is a typo or a rare name: compare spellings, not groups.
    edits = min(_spelling_edits(a, b), _spelling_edits(b, a))
    length = max(len(a.given), len(b.given))
    if edits == 0:
        return Part("given name", 2.5, "{} = {}", shown)
    if edits == 1 and length >= 4:
        return Part("given name", 1.5, "{} ~ {} (" + _ONE_EDIT + ")", shown)
    if edits == 1:
        return Part("given name", 0.5, "{} ~ {} (" + _ONE_EDIT + ")", shown)
    if edits == 2 and length >= 6:
        return Part("given name", 0.5, "{} ~ {} (" + _TWO_EDITS + ")", shown)
    return Part("given name", -4.5, "{} ≠ {}", shown)


def _patronymic(a: NameForm, b: NameForm) -> Part:
    if a.patronymic and b.patronymic:
        shown = (a.patronymic_display, b.patronymic_display)
        if a.patronymic == b.patronymic:
            return Part("patronymic", 1.0, "{} = {}", shown)
        # Two known fathers' names that differ are two fathers (Ildar, Eldar);
        # only an unrecognised one may be a misspelling.
        unknown = a.patronymic.startswith("?") or b.patronymic.startswith("?")
        edits = OSA.distance(a.patronymic.lstrip("?"), b.patronymic.lstrip("?"), score_cutoff=2)
        if unknown and edits <= 1:
            return Part("patronymic", 0.5, "{} ~ {}", shown)
        return Part("patronymic", -3.5, "{} ≠ {}", shown)
    full, initial = (a, b) if a.patronymic else (b, a)
    if full.patronymic and initial.patronymic_letter:
        group = given_name(full.patronymic)
        letters = group[0].initials if group else frozenset(full.patronymic.lstrip("?")[:1])
        if initial.patronymic_letter in letters:
            return Part("patronymic", 0.2, "initial fits {}", (full.patronymic_display,))
        return Part("patronymic", -2.0, "initial does not fit {}", (full.patronymic_display,))
    if a.patronymic_letter and b.patronymic_letter:
        if a.patronymic_letter == b.patronymic_letter:
            return Part("patronymic", 0.2, "initials agree")
        return Part("patronymic", -2.0, "initials differ")
    return Part("patronymic", 0.0, "absent")


_SEX = {"m": "male", "f": "female"}


def _gender(a: Person, na: NameForm, b: Person, nb: NameForm) -> Part | None:
    if a.gender and b.gender:
        if a.gender != b.gender:
            return Part("gender", -5.0, "{} ≠ {}", (_SEX[a.gender], _SEX[b.gender]))
        return None
    sex_a = a.gender or na.gender
    sex_b = b.gender or nb.gender
    if sex_a and sex_b and sex_a != sex_b:
        why_a = f"recorded {_SEX[a.gender]}" if a.gender else na.gender_reason
        why_b = f"recorded {_SEX[b.gender]}" if b.gender else nb.gender_reason
        return Part("gender conflict", -4.0, "{} vs {}", (why_a, why_b))
    return None


def _with_patronymic(person: Person, form: NameForm) -> NameForm:
    """`form`, or when it lacks a patronymic another form of the same person that has one.

    An alias written without patronymic must not hide that the main names disagree on it.
    """
    if form.patronymic or form.patronymic_letter:
        return form
    return next((n for n in person.names if n.patronymic), form)


def _names(a: Person, na: NameForm, b: Person, nb: NameForm) -> tuple[float, list[Part]]:
    father = _patronymic(_with_patronymic(a, na), _with_patronymic(b, nb))
    parts = [_surname(na, nb), _given(na, nb), father]
    conflict = _gender(a, na, b, nb)
    if conflict is not None:
        parts.append(conflict)
    for form in (na, nb):
        if form.reading_doubtful:
            # Name-only evidence through a reading the grammar leaves open is for review.
            parts.insert(0, Part("read as", -0.7, "{} (or as written)", (form.reading,)))
        elif form.reading:
            parts.insert(0, Part("read as", 0.0, "{}", (form.reading,)))
    return sum(p.weight for p in parts), parts


def _other_fields(a: Person, b: Person) -> list[Part]:
    date = compare_dates(a.birth, b.birth)
    parts = [Part("birth date", date.weight, date.template, (date.a, date.b))]
    if a.service_number and b.service_number:
        if a.service_number == b.service_number:
            parts.append(Part("service number", 4.0, "equal"))
        else:
            parts.append(Part("service number", -1.5, "differs"))
    if a.place and b.place:
        if OSA.normalized_similarity(a.place, b.place) >= 0.8:
            parts.append(Part("place of birth", 0.5, "same"))
        else:
            # A birthplace is a stable fact: two of them disagreeing weighs nearly
            # as much as a given name does.
            parts.append(Part("place of birth", -2.0, "differs"))
    if a.unit and b.unit:
        # People move between units, so a different one is only weak evidence.
        if a.unit == b.unit:
            parts.append(Part("unit", 0.5, "same"))
        elif any(c.isdigit() for c in a.unit) and any(c.isdigit() for c in b.unit):
            parts.append(Part("unit", -0.5, "differs"))
    return parts


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -700 else 0.0


# The most the name parts can add: equal surname, given name and patronymic.
_BEST_NAME_WEIGHT = 3.0 + 2.5 + 1.0


def could_reach(a: Person, b: Person, threshold: float, names: bool = False) -> bool:
    """Cheap upper bound: False when no name agreement could lift the pair to `threshold`.

    Lets bulk runs skip the full comparison of namesakes born years apart. With
    `names`, the surnames are compared first (a fraction of a full score): in a
    bulk run most candidates share a birth date and a given name, not a surname.
    """
    rest = PRIOR + compare_dates(a.birth, b.birth).weight + 1.0  # place of birth and unit
    if a.service_number and b.service_number:
        rest += 4.0
    if _logistic(rest + _BEST_NAME_WEIGHT) < threshold:
        return False
    if not names:
        return True
    best = max((_surname(na, nb).weight for na in a.names for nb in b.names), default=-5.0)
    return _logistic(rest + best + _BEST_NAME_WEIGHT - 3.0) >= threshold


def score(a: Person, b: Person) -> Match:
    """Score how likely `a` and `b` are one person, with the reasons in words; symmetric."""
    best_weight = -math.inf
    best_parts: list[Part] = []
    for na in a.names:
        for nb in b.names:
            weight, parts = _names(a, na, b, nb)
            if weight > best_weight:
                best_weight, best_parts = weight, parts
    if not best_parts:
        best_weight, best_parts = -5.0, [Part("name", -5.0, "absent")]
    rest = _other_fields(a, b)
    total = PRIOR + best_weight + sum(p.weight for p in rest)
    return Match(round(_logistic(total), 6), tuple(best_parts + rest))
