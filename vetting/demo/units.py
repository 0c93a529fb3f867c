"""After acceptance, for the demo: a battalion with its companies and platoons, courses and
cohorts with their instructors, and the accepted demo volunteers at every point from the
first training day to deployment, all through the real actions. Same seed, same data.

The weeks of training are replayed on the days they happen (the clock is moved to each day),
so the rules of time (`vetting.policy.timing`) hold for the demo as for anyone."""

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from vetting.cases.demo import as_
from vetting.policy.courses import QUALIFIES_FOR, CourseKind, ResultKind, sessions_needed
from vetting.training import actions as training
from vetting.training.models import Cohort, Enrollment
from vetting.units import actions
from vetting.units.models import Echelon, Status, StatusEvent, Subdivision, Volunteer

SPECIALTY_COURSES = (CourseKind.ANTI_TANK, CourseKind.TACTICAL_MEDICINE, CourseKind.DRONE)
TOPICS = {
    CourseKind.BASIC: (
        "Поводження зі зброєю та безпека",
        "Польова підготовка",
        "Вогонь і пересування",
    ),
    CourseKind.ANTI_TANK: ("Тренування з РПГ-7", "Визначення відстані", "Позиції для засідки"),
    CourseKind.TACTICAL_MEDICINE: ("Турнікети та зупинка кровотечі", "Евакуація поранених"),
    CourseKind.DRONE: ("Основи пілотування", "Розвідувальні польоти", "Нічні польоти"),
}
NOTES_NOT_YET = (
    "Перезаряджає надто повільно під тиском часу; повторити вправу.",
    "Читання карти ще непевне; ще тиждень.",
)


@dataclass(frozen=True)
class DemoUnits:
    volunteers: int
    assigned: int
    deployed: int


def _people() -> dict[str, User]:
    names = ["commander", "platooncdr", "training", "personnel", "personnel2"]
    names += ["instructor", "instructor2"]
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _tree(people: dict[str, User]) -> list[Subdivision]:
    """A battalion of two companies of three platoons, named as the formation names them;
    returns the platoons."""
    officer = as_(people["personnel"])
    battalion = actions.create_subdivision("1-й батальйон", Echelon.BATTALION, None, actor=officer)
    actions.set_commanders(battalion, [people["commander"]], actor=officer)
    platoons = []
    for c in ("1-ша рота", "2-га рота"):
        company = actions.create_subdivision(c, Echelon.COMPANY, battalion, actor=officer)
        for p in ("1-й взвод", "2-й взвод", "3-й взвод"):
            platoons.append(actions.create_subdivision(p, Echelon.PLATOON, company, actor=officer))
    actions.set_commanders(platoons[0], [people["platooncdr"]], actor=officer)
    return platoons


@contextmanager
def _on(day: date) -> Iterator[None]:
    """Run the enclosed steps on `day` (at nine in the morning, the clock running)."""
    import time_machine  # demo data only: the clock is moved, never in a real action

    moment = timezone.make_aware(datetime.combine(day, time(9)))
    with time_machine.travel(moment, tick=True):
        yield


def _cohort(
    kind: CourseKind, start: date, name: str, instructor: User, people: dict[str, User]
) -> Cohort:
    with _on(start - timedelta(days=3)):
        return _new_cohort(kind, start, name, instructor, people)


def _new_cohort(
    kind: CourseKind, start: date, name: str, instructor: User, people: dict[str, User]
) -> Cohort:
    course = training.create_course(
        kind=kind,
        title=f"{kind.label}, {start:%m.%Y}",
        starts_on=start,
        ends_on=start + timedelta(days=27),
        capacity=24,
        actor=as_(people["training"]),
    )
    return training.create_cohort(
        course, name=name, instructors=[instructor], actor=as_(people["training"])
    )


def _enrol(cohort: Cohort, volunteer: Volunteer, people: dict[str, User]) -> None:
    """Enrol on the course's first day."""
    with _on(cohort.course.starts_on):
        training.enrol(cohort, volunteer, actor=as_(people["training"]))


def _attend(cohort: Cohort, upto: date, rng: random.Random, instructor: User) -> None:
    """Sessions every few days from the start up to `upto`, each planned on its day, with a
    mark for everyone; a volunteer misses no more than the course's rules let them qualify."""
    course = cohort.course
    day, topics = course.starts_on, TOPICS[CourseKind(course.kind)]
    days = []
    while day <= min(upto, course.ends_on):
        days.append(day)
        day += timedelta(days=4)
    may_miss = len(days) - sessions_needed(course.kind, len(days))
    missed: dict[int, int] = {}
    for number, day in enumerate(days):
        with _on(day):
            session = training.add_session(
                cohort, held_on=day, topic=topics[number % len(topics)], actor=as_(instructor)
            )
            marks = {}
            for e in cohort.enrollments.all():
                absent = rng.random() < 0.08 and missed.get(e.pk, 0) < may_miss
                missed[e.pk] = missed.get(e.pk, 0) + absent
                marks[e.pk] = not absent
            training.record_attendance(session, marks, actor=as_(instructor))


def _results(cohort: Cohort, upto: date, record: Callable[[Enrollment], object]) -> None:
    """Results on the course's last day (or `upto`, if the course runs on)."""
    with _on(min(upto, cohort.course.ends_on)):
        for e in list(cohort.enrollments.select_related("volunteer")):
            record(e)


def _backdate_enlistment(volunteers: list[Volunteer], day: date) -> None:
    """The demo accepted its volunteers a moment ago; a real formation did so before the
    courses they took began."""
    at = timezone.make_aware(datetime.combine(day, time(9)))
    Volunteer.objects.filter(pk__in=[v.pk for v in volunteers]).update(enlisted_at=at)
    StatusEvent.objects.filter(
        volunteer__in=[v.pk for v in volunteers], status=Status.IN_TRAINING
    ).update(on=day)


def create_demo_units(seed: int, as_of: date | None = None) -> DemoUnits:
    """Tree, courses and the accepted demo volunteers in training, assigned and deployed."""
    today = as_of or timezone.localdate()
    with _on(today):
        return _demo_units(seed, today)


def _demo_units(seed: int, today: date) -> DemoUnits:
    rng = random.Random(seed + 6)
    people = _people()
    teach = [people["instructor"], people["instructor2"]]
    platoons = _tree(people)
    volunteers = list(Volunteer.objects.order_by("pk"))
    rng.shuffle(volunteers)
    n = len(volunteers)
    # A third still in basic training; the rest passed it two months ago, and of those some
    # are on a specialty course now, the others assigned (some deployed).
    in_basic, rest = volunteers[: n // 3], volunteers[n // 3 :]
    on_specialty, assigned = rest[: len(rest) // 3], rest[len(rest) // 3 :]
    _backdate_enlistment(volunteers, today - timedelta(days=75))

    past_basic = _cohort(CourseKind.BASIC, today - timedelta(days=70), "A", teach[0], people)
    current_basic = _cohort(CourseKind.BASIC, today - timedelta(days=10), "B", teach[1], people)
    for v in rest:
        _enrol(past_basic, v, people)
    _attend(past_basic, today, rng, teach[0])
    _results(
        past_basic,
        today,
        lambda e: training.record_result(
            e, result=ResultKind.QUALIFIED, note="", actor=as_(teach[0])
        ),
    )
    for v in in_basic:
        _enrol(current_basic, v, people)
    _attend(current_basic, today, rng, teach[1])
    for e in list(current_basic.enrollments.all())[:2]:
        training.record_result(
            e, result=ResultKind.NOT_YET, note=rng.choice(NOTES_NOT_YET), actor=as_(teach[1])
        )

    specialty_cohorts = {
        kind: (
            _cohort(kind, today - timedelta(days=40), "A", teach[i % 2], people),
            _cohort(kind, today - timedelta(days=6), "B", teach[(i + 1) % 2], people),
        )
        for i, kind in enumerate(SPECIALTY_COURSES)
    }
    for v in on_specialty:
        _enrol(specialty_cohorts[rng.choice(SPECIALTY_COURSES)][1], v, people)
    kinds = {v.pk: rng.choice((None, *SPECIALTY_COURSES)) for v in assigned}
    for v in assigned:
        if (kind := kinds[v.pk]) is not None:
            _enrol(specialty_cohorts[kind][0], v, people)
    for past, current in specialty_cohorts.values():
        for cohort in (past, current):
            _attend(cohort, today, rng, cohort.instructors.get())
        teacher = past.instructors.get()
        _results(
            past,
            today,
            lambda e, teacher=teacher: training.record_result(  # type: ignore[misc]
                e, result=ResultKind.QUALIFIED, note="", actor=as_(teacher)
            ),
        )

    personnel = as_(people["personnel"])
    deployed = 0
    for i, v in enumerate(assigned):
        kind = kinds[v.pk]
        specialty = QUALIFIES_FOR[kind or CourseKind.BASIC]
        start = today - timedelta(days=rng.randrange(5, 25))
        actions.assign(
            v,
            subdivision=platoons[i % 3 if i < 6 else rng.randrange(len(platoons))],
            specialty=specialty,
            starts_on=start,
            actor=personnel,
        )
        actions.record_status(v, status=Status.READY, on=start, note="", actor=personnel)
        if i % 2 == 0:
            actions.record_status(
                v, status=Status.DEPLOYED, on=start + timedelta(days=3), note="", actor=personnel
            )
            deployed += 1
    if len(assigned) > 2:
        actions.record_status(
            assigned[2],
            status=Status.WOUNDED,
            on=today - timedelta(days=1),
            note="Осколкове поранення лівої руки; евакуйований до польового шпиталю.",
            actor=personnel,
        )
    if assigned:
        first = assigned[0]
        actions.record_consent(
            first,
            given=True,
            # In the volunteer's own words and language.
            text="Согласен, чтобы мой позывной и фото в форме были в объявлении подразделения "
            "о новых бойцах. Без имени, без лица.",
            on=today - timedelta(days=3),
            actor=personnel,
        )
        mention = actions.propose_mention(
            first,
            channel="Оголошення підрозділу",
            text=f"«{first.call_sign}» поповнив 1-й батальйон після базової підготовки.",
            actor=personnel,
        )
        actions.approve_mention(mention, actor=as_(people["personnel2"]))
        on_roster = [m.volunteer for m in actions.selectors.roster(platoons[0])]
        actions.record_briefing(
            platoons[0],
            held_on=today - timedelta(days=2),
            subject="Ротація на передові позиції: маршрути, сигнали, медична евакуація",
            attendees=on_roster,
            actor=as_(people["platooncdr"]),
        )
    return DemoUnits(len(volunteers), len(assigned), deployed)
