"""After acceptance, for the demo: a battalion with its companies and platoons, courses and
cohorts with their instructors, and the accepted demo volunteers at every point from the
first training day to deployment, all through the real actions. Same seed, same data."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from vetting.cases.demo import as_
from vetting.training import actions as training
from vetting.training.models import Cohort
from vetting.training.rules import QUALIFIES_FOR, CourseKind, ResultKind
from vetting.units import actions
from vetting.units.models import Echelon, Status, Subdivision, Volunteer

SPECIALTY_COURSES = (CourseKind.ANTI_TANK, CourseKind.TACTICAL_MEDICINE, CourseKind.DRONE)
TOPICS = {
    CourseKind.BASIC: ("Weapon handling and safety", "Fieldcraft", "Fire and movement"),
    CourseKind.ANTI_TANK: ("RPG-7 drills", "Range estimation", "Ambush positions"),
    CourseKind.TACTICAL_MEDICINE: ("Tourniquets and bleeding control", "Casualty evacuation"),
    CourseKind.DRONE: ("Flight basics", "Reconnaissance runs", "Night flights"),
}
NOTES_NOT_YET = (
    "Reloads too slowly under time pressure; repeat the drill.",
    "Map reading still unsure; one more week.",
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


def _cohort(
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


def _attend(cohort: Cohort, upto: date, rng: random.Random, instructor: User) -> None:
    """Sessions every few days from the start up to `upto`, with a mark for everyone."""
    course = cohort.course
    day, topics = course.starts_on, TOPICS[CourseKind(course.kind)]
    number = 0
    while day <= min(upto, course.ends_on):
        session = training.add_session(
            cohort, held_on=day, topic=topics[number % len(topics)], actor=as_(instructor)
        )
        marks = {e.pk: rng.random() > 0.08 for e in cohort.enrollments.all()}
        training.record_attendance(session, marks, actor=as_(instructor))
        day += timedelta(days=4)
        number += 1


def create_demo_units(seed: int, as_of: date | None = None) -> DemoUnits:
    """Tree, courses and the accepted demo volunteers in training, assigned and deployed."""
    today = as_of or timezone.localdate()
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
    officer = as_(people["training"])

    past_basic = _cohort(CourseKind.BASIC, today - timedelta(days=70), "A", teach[0], people)
    current_basic = _cohort(CourseKind.BASIC, today - timedelta(days=10), "B", teach[1], people)
    for v in rest:
        training.enrol(past_basic, v, actor=officer)
    _attend(past_basic, today, rng, teach[0])
    for e in past_basic.enrollments.select_related("volunteer"):
        training.record_result(e, result=ResultKind.QUALIFIED, note="", actor=as_(teach[0]))
    for v in in_basic:
        training.enrol(current_basic, v, actor=officer)
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
        training.enrol(specialty_cohorts[rng.choice(SPECIALTY_COURSES)][1], v, actor=officer)
    kinds = {v.pk: rng.choice((None, *SPECIALTY_COURSES)) for v in assigned}
    for v in assigned:
        if (kind := kinds[v.pk]) is not None:
            training.enrol(specialty_cohorts[kind][0], v, actor=officer)
    for past, current in specialty_cohorts.values():
        for cohort in (past, current):
            _attend(cohort, today, rng, cohort.instructors.get())
        for e in past.enrollments.all():
            training.record_result(
                e, result=ResultKind.QUALIFIED, note="", actor=as_(past.instructors.get())
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
