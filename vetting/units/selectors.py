"""Reading volunteers and subdivisions through one restriction per role. Outside the personnel
compartment a volunteer is a call sign: rosters and training pages never reach the name."""

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery, prefetch_related_objects
from django.db.models.functions import Length

from vetting.policy.access import NotVisible
from vetting.policy.courses import ResultKind, Specialty
from vetting.policy.roles import Role, roles_of
from vetting.screening import selectors as screening
from vetting.screening.models import Review
from vetting.units import callsigns
from vetting.units.models import (
    Assignment,
    CallSignWord,
    Consent,
    Status,
    StatusEvent,
    Subdivision,
    Volunteer,
)

# Who sees every subdivision's roster; a commander sees the units they command and below.
ALL_ROSTERS = frozenset({Role.AUDITOR})
# Who sees the whole tree of subdivisions (to assign volunteers to any of them).
WHOLE_TREE = frozenset({Role.PERSONNEL_OFFICER, Role.AUDITOR})
# The personnel compartment: names behind call signs, consent, mentions, status notes.
PERSONNEL = frozenset({Role.PERSONNEL_OFFICER, Role.AUDITOR})
# Statuses after which a volunteer is no longer placed anywhere new.
GONE = frozenset({Status.KILLED, Status.DISCHARGED})


def _with_current(volunteers: QuerySet[Volunteer]) -> QuerySet[Volunteer]:
    """Annotate each volunteer with the assignment and the status that stand today."""
    latest_assignment = Assignment.objects.filter(volunteer=OuterRef("pk")).order_by(
        "-starts_on", "-recorded_at", "-pk"
    )
    latest_status = StatusEvent.objects.filter(volunteer=OuterRef("pk"), pending=False).order_by(
        "-on", "-recorded_at", "-pk"
    )
    return volunteers.annotate(
        unit_id=Subquery(latest_assignment.values("subdivision_id")[:1]),
        specialty=Subquery(latest_assignment.values("specialty")[:1]),
        assigned_on=Subquery(latest_assignment.values("starts_on")[:1]),
        status=Subquery(latest_status.values("status")[:1]),
        status_on=Subquery(latest_status.values("on")[:1]),
    )


@dataclass
class Standing:
    """A volunteer with the assignment and status that stand today."""

    volunteer: Volunteer
    unit_id: int | None
    specialty: str
    assigned_on: date | None
    status: str
    status_on: date | None
    unit: Subdivision | None = None

    @property
    def call_sign(self) -> str:
        return self.volunteer.call_sign

    @property
    def specialty_label(self) -> str:
        return str(Specialty(self.specialty).label) if self.specialty else ""

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label) if self.status else ""


def standings(volunteers: QuerySet[Volunteer]) -> list[Standing]:
    """Each volunteer with their current assignment and status, read in one query."""
    rows = []
    for v in _with_current(volunteers):
        current = vars(v)  # the annotations of _with_current
        rows.append(
            Standing(
                v,
                current["unit_id"],
                current["specialty"] or "",
                current["assigned_on"],
                current["status"] or "",
                current["status_on"],
            )
        )
    return rows


def descendants(roots: QuerySet[Subdivision] | list[Subdivision]) -> list[Subdivision]:
    """The given subdivisions and every one below them (the tree is a few hundred rows)."""
    children: dict[int | None, list[Subdivision]] = {}
    for unit in Subdivision.objects.all():
        children.setdefault(unit.parent_id, []).append(unit)
    found: list[Subdivision] = []
    todo = list(roots)
    while todo:
        unit = todo.pop()
        found.append(unit)
        todo.extend(children.get(unit.pk, []))
    return found


def roster_units_for(user: Any) -> QuerySet[Subdivision]:
    """The subdivisions whose roster this user may open."""
    roles = roles_of(user)
    if roles & ALL_ROSTERS:
        return Subdivision.objects.all()
    if Role.COMMANDER in roles:
        mine = descendants(list(Subdivision.objects.filter(commanders=user)))
        return Subdivision.objects.filter(pk__in=[u.pk for u in mine])
    return Subdivision.objects.none()


def subdivisions_for(user: Any) -> QuerySet[Subdivision]:
    """The subdivisions this user may see in the tree."""
    if roles_of(user) & WHOLE_TREE:
        return Subdivision.objects.all()
    return roster_units_for(user)


def subdivision_for(user: Any, pk: int) -> Subdivision:
    """One subdivision of the user's tree, or 404 as for one that does not exist."""
    try:
        return subdivisions_for(user).get(pk=pk)
    except Subdivision.DoesNotExist:
        raise NotVisible(Subdivision, pk) from None


def roster_unit_for(user: Any, pk: int) -> Subdivision:
    """One subdivision whose roster the user may open, or 404 as for one that does not exist."""
    try:
        return roster_units_for(user).get(pk=pk)
    except Subdivision.DoesNotExist:
        raise NotVisible(Subdivision, pk) from None


def roster(unit: Subdivision) -> list[Standing]:
    """Volunteers whose current assignment is to this unit or one below it, by call sign."""
    units = {u.pk: u for u in descendants([unit])}
    members = [s for s in standings(Volunteer.objects.all()) if s.unit_id in units]
    for member in members:
        member.unit = units[member.unit_id]  # type: ignore[index]
    return sorted(members, key=lambda s: (s.unit.name if s.unit else "", s.call_sign))


def strength_by_unit() -> dict[int, int]:
    """{subdivision id: how many volunteers are assigned there now} (the unit itself only)."""
    counts: dict[int, int] = {}
    for standing in standings(Volunteer.objects.all()):
        if standing.unit_id:
            counts[standing.unit_id] = counts.get(standing.unit_id, 0) + 1
    return counts


def volunteers_for(user: Any) -> QuerySet[Volunteer]:
    """The personnel compartment: every volunteer, with the case (and name) behind them."""
    if not roles_of(user) & PERSONNEL:
        return Volunteer.objects.none()
    return Volunteer.objects.select_related("case__application")


def volunteer_for(user: Any, pk: int) -> Volunteer:
    try:
        return volunteers_for(user).get(pk=pk)
    except Volunteer.DoesNotExist:
        raise NotVisible(Volunteer, pk) from None


def files_for(user: Any) -> QuerySet[Volunteer]:
    """The personnel files this user may open: every one in the personnel compartment; for the
    services, the files screening raised (a hit since enlistment, or a confirmed match), to
    review the hit and to know where the person serves."""
    if roles_of(user) & PERSONNEL:
        return volunteers_for(user)
    if screening.reads_hits(user):
        return Volunteer.objects.select_related("case__application").filter(
            screening.raised_on_file()
        )
    return Volunteer.objects.none()


def file_for(user: Any, pk: int) -> Volunteer:
    """One personnel file this user may open, or 404 as for one that does not exist."""
    try:
        return files_for(user).get(pk=pk)
    except Volunteer.DoesNotExist:
        raise NotVisible(Volunteer, pk) from None


@dataclass(frozen=True)
class ScreeningOnFile:
    """What watchlist screening found on a volunteer, as the file's reader may see it."""

    hits: list[Any]  # screening.ScreeningHit, in full: the services and the auditor only
    holds: list[tuple[Any, str]]  # (screening.MatchHold, "confirmed match on <list>...")
    in_full: bool

    @property
    def flagged(self) -> bool:
        """A confirmed match stands on the volunteer."""
        return any(hold.standing for hold, _summary in self.holds)

    @property
    def open_hit(self) -> bool:
        return any(hit.status == Review.OPEN for hit in self.hits)


def screening_on_file(user: Any, volunteer: Volunteer) -> ScreeningOnFile:
    """The hits on a volunteer's application for the services and the auditor; the confirmed
    matches, in the commander's words without the list's data, for every reader of the file."""
    hits = list(
        screening.hits_for(user)
        .filter(application_id=volunteer.case.application_id)
        .order_by("-found_at", "pk")
    )
    holds = sorted(
        screening.match_holds(volunteer.case), key=lambda h: (not h.standing, h.at, h.pk)
    )
    return ScreeningOnFile(
        hits=hits,
        holds=[(h, screening.confirmed_match(h)) for h in holds],
        in_full=screening.reads_hits(user),
    )


def latest_results(enrollments: "QuerySet[Any] | list[Any]") -> dict[int, Any]:
    """{enrollment id: the result that stands} (training's Enrollment and Result), read
    through each enrollment's results, so units does not import training."""
    rows = list(enrollments)
    prefetch_related_objects(rows, "results")
    latest: dict[int, Any] = {}
    for enrollment in rows:
        results = enrollment.results.all()
        if (last := max(results, key=lambda r: (r.recorded_at, r.pk), default=None)) is not None:
            latest[enrollment.pk] = last
    return latest


def passed_kinds(volunteer: Volunteer) -> set[str]:
    """The course kinds this volunteer has passed (their latest result there is qualified)."""
    enrollments = list(volunteer.enrollments.select_related("cohort__course"))
    latest = latest_results(enrollments)
    return {
        e.cohort.course.kind
        for e in enrollments
        if e.pk in latest and latest[e.pk].result == ResultKind.QUALIFIED
    }


def current_status(volunteer: Volunteer) -> str:
    latest = volunteer.statuses.filter(pending=False).order_by("-on", "-recorded_at", "-pk").first()
    return latest.status if latest else ""


def statuses_around(volunteer: Volunteer, on: date) -> tuple[str | None, str | None]:
    """The standing statuses just before a new one dated `on` (same-day ones come before it)
    and just after it."""
    standing = volunteer.statuses.filter(pending=False)
    before = standing.filter(on__lte=on).order_by("-on", "-recorded_at", "-pk").first()
    after = standing.filter(on__gt=on).order_by("on", "recorded_at", "pk").first()
    return (before.status if before else None, after.status if after else None)


def pending_death(volunteer: Volunteer) -> StatusEvent | None:
    """A recorded death waiting for a second officer's approval, if any."""
    return volunteer.statuses.filter(pending=True).order_by("recorded_at", "pk").first()


def current_assignment(volunteer: Volunteer) -> Assignment | None:
    return (
        volunteer.assignments.select_related("subdivision")
        .order_by("-starts_on", "-recorded_at", "-pk")
        .first()
    )


def path_of(unit: Subdivision) -> str:
    """The unit's place in the tree, e.g. "1st Battalion / 2nd Company / 3rd Platoon"."""
    names = []
    node: Subdivision | None = unit
    while node is not None:
        names.append(node.name)
        node = node.parent
    return " / ".join(reversed(names))


def standing_consent(volunteer: Volunteer) -> Consent | None:
    """The latest consent record, if it is a consent (not a withdrawal)."""
    latest = volunteer.consents.order_by("-on", "-recorded_at", "-pk").first()
    return latest if latest is not None and latest.given else None


def call_sign_words(language: str) -> list[str]:
    """The words call signs in `language` are drawn from: the formation's own list, or the
    defaults while it keeps none in that language."""
    kept = list(
        CallSignWord.objects.filter(language=language, retired_at__isnull=True).values_list(
            "word", flat=True
        )
    )
    return kept or list(callsigns.DEFAULT_WORDS[language])


def call_sign_taken(
    call_sign: str, *, but: Volunteer | None = None, any_case: bool = False
) -> bool:
    """Whether a volunteer (another than `but`) bears this call sign; with `any_case`, in any
    letter case (a call sign typed by hand)."""
    wanted = call_sign.strip()
    found = Volunteer.objects.all()
    if but is not None:
        found = found.exclude(pk=but.pk)
    if not any_case:
        return found.filter(call_sign=wanted).exists()
    # SQLite folds only ASCII letters: compare in Python, among call signs of that length.
    same_length = found.annotate(length=Length("call_sign")).filter(length=len(wanted))
    folded = wanted.casefold()
    return any(c.casefold() == folded for c in same_length.values_list("call_sign", flat=True))


def proposed_call_sign(volunteer: Volunteer, rng: random.Random | None = None) -> str:
    """A free call sign in the volunteer's language, from the formation's words."""
    language = callsigns.language_for(volunteer.case.application.language)
    return callsigns.unique_call_sign(
        rng or random.SystemRandom(), call_sign_taken, call_sign_words(language)
    )


def call_sign_word_list() -> QuerySet[CallSignWord]:
    """Every word the formation keeps, retired ones too (they say when)."""
    return CallSignWord.objects.select_related("added_by").order_by(
        "language", "retired_at", "word"
    )
