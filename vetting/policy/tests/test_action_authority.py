"""Every action, called as every role and by every way in, against the declaration.

For each rule in `vetting.policy.rules` the test builds the object the action works on (at a
stage the rule allows, owned by the first holder of the allowed role), then calls the action
function itself (not a page) as: one holder of every role, a second holder of each role when
the rule has an object check, an applicant through the public web, and the server itself.
The declaration alone says which of them may: a call that runs for anyone else, or that is
refused to someone the declaration lets, fails the test. Each call runs in a savepoint that is
rolled back, so the callers see the same world. A rule with stages is also tried at a stage it
does not allow. A new action function without a rule, or a rule without a way to call it here,
fails too.
"""

import io
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

import vetting
from vetting.accounts import actions as accounts
from vetting.accounts.models import ChangeKind
from vetting.accounts.tests.factories import PASSWORD, make_staff
from vetting.api import actions as api
from vetting.audit.actions import Actor, Via
from vetting.backups import actions as backups
from vetting.cases import actions as cases
from vetting.cases.models import Case, Claim, ClaimStatus, Outcome, Service
from vetting.cases.tests.factories import Team, advance, as_, fresh, new_case
from vetting.intake import actions as intake
from vetting.intake.models import Application
from vetting.intake.tests.factories import applicant_fields, make_application
from vetting.keys import actions as keys
from vetting.places import actions as places
from vetting.places.models import Spelling
from vetting.places.tests.factories import site as place_of
from vetting.policy.authority import NotAllowed, allowed, restrict
from vetting.policy.checks import ACTION_APPS, action_functions, declared_function
from vetting.policy.courses import CourseKind, ResultKind, Specialty
from vetting.policy.roles import Role, roles_of
from vetting.policy.rules import NOT_ACTIONS, RULES, Rule
from vetting.policy.workflow import Stage
from vetting.screening import actions as screening
from vetting.screening.models import DuplicateCandidate, MatchHold, ScreeningHit
from vetting.selection import actions as selection
from vetting.selection import packet
from vetting.selection.tests.factories import after
from vetting.training import actions as training
from vetting.units import actions as units
from vetting.units.models import Echelon, Status, Volunteer
from vetting.units.tests.factories import SYSTEM, Staff, Tree

pytestmark = pytest.mark.django_db
_names = itertools.count(1)


@dataclass
class World:
    team: Team
    staff: Staff
    holder: dict[Role, Any]  # the first holder of each role: owns what there is to own
    other: dict[Role, Any]  # a second holder of each role
    tree: Tree | None = None
    volunteers: list[Volunteer] = field(default_factory=list)

    def case_at(self, stage: Stage) -> Case:
        """A fresh case taken to `stage` through the real actions."""
        if stage == Stage.ON_HOLD:
            case = advance(new_case(), self.team, Stage.TRIAGE)
            return cases.put_on_hold(
                case,
                until=timezone.localdate() + timedelta(days=7),
                reason="hold",
                actor=as_(self.team.clerk),
                expected_version=case.version,
            )
        return advance(new_case(), self.team, stage)

    def volunteer(self) -> Volunteer:
        """A new volunteer with basic training passed."""
        volunteer = Volunteer.objects.get(case=self.case_at(Stage.ACCEPTED))
        self.staff.qualify(volunteer, CourseKind.BASIC)
        return volunteer

    def units(self) -> Tree:
        if self.tree is None:
            self.tree = Tree.create()
            units.set_commanders(self.tree.platoon1, [self.team.commander1], actor=SYSTEM)
        return self.tree


@pytest.fixture
def world(settings: Any) -> World:
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "scans": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    team, staff = Team.create(), Staff.create()
    admin1 = make_staff(Role.ADMINISTRATOR, "t-admin1")
    admin2 = make_staff(Role.ADMINISTRATOR, "t-admin2")
    holder = {
        Role.INTAKE_CLERK: team.clerk,
        Role.INTERVIEWER: team.interviewer,
        Role.SECURITY_OFFICER: team.security,
        Role.COUNTERINTELLIGENCE_OFFICER: team.counterintel,
        Role.POLYGRAPH_EXAMINER: team.examiner1,
        Role.COMMANDER: team.commander1,
        Role.TRAINING_INSTRUCTOR: staff.instructor,
        Role.TRAINING_OFFICER: staff.training_officer,
        Role.PERSONNEL_OFFICER: staff.personnel,
        Role.AUDITOR: team.auditor,
        Role.ADMINISTRATOR: admin1,
    }
    other = {
        Role.INTAKE_CLERK: make_staff(Role.INTAKE_CLERK, "t-clerk2"),
        Role.INTERVIEWER: make_staff(Role.INTERVIEWER, "t-interviewer2"),
        Role.SECURITY_OFFICER: make_staff(Role.SECURITY_OFFICER, "t-security2"),
        Role.COUNTERINTELLIGENCE_OFFICER: make_staff(
            Role.COUNTERINTELLIGENCE_OFFICER, "t-counterintel2"
        ),
        Role.POLYGRAPH_EXAMINER: team.examiner2,
        Role.COMMANDER: team.commander2,
        Role.TRAINING_INSTRUCTOR: staff.other_instructor,
        Role.TRAINING_OFFICER: make_staff(Role.TRAINING_OFFICER, "t-training2"),
        Role.PERSONNEL_OFFICER: staff.personnel2,
        Role.AUDITOR: make_staff(Role.AUDITOR, "t-auditor2"),
        Role.ADMINISTRATOR: admin2,
    }
    return World(team, staff, holder, other)


@dataclass(frozen=True)
class Call:
    """One way to take an action: on what, with which arguments, and the call itself."""

    subject: Any
    run: Callable[[Actor], Any]
    params: dict[str, Any] = field(default_factory=dict)
    clock: Callable[[], Any] = nullcontext  # a context to run it in (a time after a visit)


Recipe = Callable[[World, bool], list[Call]]
"""Build what an action works on, at a stage the rule allows (True) or does not (False)."""

RECIPES: dict[str, Recipe] = {}


def recipe(*names: str) -> Callable[[Recipe], Recipe]:
    def register(make: Recipe) -> Recipe:
        for name in names:
            RECIPES[name] = make
        return make

    return register


def _token() -> str:
    return f"{next(_names):032x}"


# --- intake ---
@recipe("intake.submit_application")
def _submit(w: World, ok: bool) -> list[Call]:
    return [
        Call(
            None,
            lambda a: intake.submit_application(
                applicant_fields(),
                language="ru",
                consent_text="Добровольно.",
                submission_token=_token(),
                actor=a,
            ),
        )
    ]


@recipe("intake.record_paper_application")
def _paper(w: World, ok: bool) -> list[Call]:
    return [
        Call(
            None,
            lambda a: intake.record_paper_application(
                applicant_fields(),
                scan=SimpleUploadedFile("s.pdf", b"%PDF-1.4 scan"),
                language="ru",
                consent_text="Добровольно.",
                consent_date=timezone.localdate(),
                paper_reference="",
                actor=a,
            ),
        )
    ]


@recipe("intake.withdraw_application")
def _withdraw_application(w: World, ok: bool) -> list[Call]:
    application = w.case_at(Stage.TRIAGE).application
    return [Call(None, lambda a: intake.withdraw_application(application, actor=a))]


@recipe("intake.import_applications")
def _import(w: World, ok: bool) -> list[Call]:
    row = (
        "external_id,applicant_status,language,consent_text,name_cyrillic\n"
        "R-1,pow,ru,Добровольно,Иван Петров\n"
    )
    return [
        Call(
            None,
            lambda a: intake.import_applications(
                io.BytesIO(row.encode()), file_name="l.csv", source=_token(), actor=a
            ),
        )
    ]


# --- places ---
@recipe("places.create_place")
def _create_place(w: World, ok: bool) -> list[Call]:
    return [
        Call(
            None,
            lambda a: places.create_place(
                kind="detention_site",
                name_uk="Місце тримання № 7",
                name_ru="Место содержания № 7",
                name_en="Detention site No. 7",
                actor=a,
            ),
        )
    ]


@recipe("places.add_alias")
def _add_alias(w: World, ok: bool) -> list[Call]:
    place = place_of("Detention site No. 8")
    return [Call(place, lambda a: places.add_alias(place, text="Site eight", actor=a))]


@recipe("places.map_spelling")
def _map_spelling(w: World, ok: bool) -> list[Call]:
    place = place_of("Detention site No. 8")
    application, _code = make_application(detention_site="Табір № 9 біля Львова")
    spelling = Spelling.objects.get(waiting__application=application)
    return [Call(spelling, lambda a: places.map_spelling(spelling, place=place, actor=a))]


# --- screening ---
WATCHLIST = "id,name,birth_date\nW-1,Chichkarev Nicolas,1985-03-14\n"


@recipe("screening.import_watchlist")
def _watchlist(w: World, ok: bool) -> list[Call]:
    return [
        Call(
            None,
            lambda a: screening.import_watchlist(
                io.StringIO(WATCHLIST), watchlist_name="L", file_name="w.csv", jsonl=False, actor=a
            ),
        )
    ]


@recipe("screening.screen_application")
def _screen(w: World, ok: bool) -> list[Call]:
    application, _code = make_application()
    return [Call(None, lambda a: screening.screen_application(application.pk, a))]


@recipe("screening.read_mentions")
def _read_mentions(w: World, ok: bool) -> list[Call]:
    application, _code = make_application(statement="Вербовал меня Громов Виктор Сергеевич.")
    return [Call(None, lambda a: screening.read_mentions(application.pk, a))]


@recipe("screening.requeue_abandoned_tasks")
def _requeue(w: World, ok: bool) -> list[Call]:
    return [Call(None, lambda a: screening.requeue_abandoned_tasks(timedelta(0), a))]


@recipe("screening.decide_hit")
def _hit(w: World, ok: bool) -> list[Call]:
    screening.import_watchlist(
        io.StringIO(WATCHLIST), watchlist_name="L", file_name="w.csv", jsonl=False, actor=SYSTEM
    )
    application, _code = make_application()
    screening.screen_application(application.pk, SYSTEM)
    hit = ScreeningHit.objects.get(application=application)
    return [Call(hit, lambda a: screening.decide_hit(hit, confirm=False, reason="r", actor=a))]


@recipe("screening.lift_match_hold")
def _lift(w: World, ok: bool) -> list[Call]:
    screening.import_watchlist(
        io.StringIO(WATCHLIST), watchlist_name="L", file_name="w.csv", jsonl=False, actor=SYSTEM
    )
    case = new_case()
    screening.screen_application(case.application_id, SYSTEM)
    hit = ScreeningHit.objects.get(application_id=case.application_id)
    screening.decide_hit(hit, confirm=True, reason="r", actor=as_(w.team.counterintel))
    hold = MatchHold.objects.get(hit=hit)
    return [Call(hold, lambda a: screening.lift_match_hold(hold, reason="r", actor=a))]


@recipe("screening.decide_duplicate")
def _duplicate(w: World, ok: bool) -> list[Call]:
    first, _ = make_application()
    second, _ = make_application()
    pair = DuplicateCandidate.objects.create(
        application=second, earlier=first, score=0.9, explanation="same"
    )
    return [
        Call(
            pair,
            lambda a: screening.decide_duplicate(pair, same_person=False, reason="r", actor=a),
        )
    ]


# --- cases ---
def _stage_for(rule: Rule, ok: bool) -> Stage:
    """A stage of the main path (or on hold) the rule allows, or one it does not."""
    order = [
        Stage.RECEIVED,
        Stage.TRIAGE,
        Stage.INTERVIEW,
        Stage.BACKGROUND_CHECKS,
        Stage.POLYGRAPH,
        Stage.COMMANDER_DECISION,
        Stage.ACCEPTED,
        Stage.ON_HOLD,
    ]
    assert rule.stages is not None
    return next(s for s in order if (s in rule.stages) == ok)


def _move_recipe(name: str) -> Recipe:
    def make(w: World, ok: bool) -> list[Call]:
        case = w.case_at(_stage_for(RULES[name], ok))
        transition = name.split(":", 1)[1]
        return [
            Call(
                case,
                lambda a: cases.move(
                    case, transition, actor=a, expected_version=fresh(case).version, reason="r"
                ),
            )
        ]

    return make


for _name in RULES:
    if _name.startswith("cases.move:"):
        RECIPES[_name] = _move_recipe(_name)


def _case_recipe(name: str, run: Callable[[World, Case, Actor], Any]) -> Recipe:
    def make(w: World, ok: bool) -> list[Call]:
        case = w.case_at(_stage_for(RULES[name], ok))
        return [Call(case, lambda a: run(w, case, a))]

    return make


RECIPES["cases.put_on_hold"] = _case_recipe(
    "cases.put_on_hold",
    lambda w, case, a: cases.put_on_hold(
        case,
        until=timezone.localdate() + timedelta(days=7),
        reason="r",
        actor=a,
        expected_version=fresh(case).version,
    ),
)
RECIPES["cases.schedule_interview"] = _case_recipe(
    "cases.schedule_interview",
    lambda w, case, a: cases.schedule_interview(
        case,
        scheduled_for=timezone.now() + timedelta(days=2),
        place="Detention site No. 1",
        interviewer=w.team.interviewer,
        actor=a,
        expected_version=fresh(case).version,
    ),
)
RECIPES["cases.assign_polygraph"] = _case_recipe(
    "cases.assign_polygraph",
    lambda w, case, a: cases.assign_polygraph(
        case,
        number=1,
        examiner=w.team.examiner1,
        scheduled_for=None,
        actor=a,
        expected_version=fresh(case).version,
    ),
)
RECIPES["cases.decide"] = _case_recipe(
    "cases.decide",
    lambda w, case, a: cases.decide(
        case,
        outcome=Outcome.REJECT,
        reason_code="security",
        note="n",
        actor=a,
        expected_version=fresh(case).version,
    ),
)
RECIPES["cases.withdraw"] = _case_recipe(
    "cases.withdraw", lambda w, case, a: cases.withdraw(case, actor=a)
)
RECIPES["units.enlist"] = _case_recipe(
    "units.enlist", lambda w, case, a: units.enlist(fresh(case), a)
)


@recipe("cases.open_cases")
def _open(w: World, ok: bool) -> list[Call]:
    application = Application.objects.create(
        **applicant_fields(),
        channel="paper",
        source="paper",
        external_id=_token(),
        language="ru",
        consent_text="x",
        consent_language="ru",
        consent_at=timezone.now(),
        submitted_at=timezone.now(),
    )
    return [Call(None, lambda a: cases.open_cases([application], actor=a))]


@recipe("cases.merge")
def _merge(w: World, ok: bool) -> list[Call]:
    earlier = w.case_at(Stage.TRIAGE)
    later = w.case_at(_stage_for(RULES["cases.merge"], ok))
    pair = DuplicateCandidate.objects.create(
        application=later.application, earlier=earlier.application, score=0.9, explanation="x"
    )
    screening.decide_duplicate(pair, same_person=True, reason="r", actor=as_(w.team.clerk))
    return [
        Call(
            later,
            lambda a: cases.merge(
                later, into=earlier, reason="r", actor=a, expected_version=fresh(later).version
            ),
        )
    ]


@recipe("cases.record_interview")
def _interview(w: World, ok: bool) -> list[Call]:
    # Not allowed: recording again once the case went on to the checks.
    case = w.case_at(Stage.INTERVIEW if ok else Stage.BACKGROUND_CHECKS)
    interview = case.interviews.filter(superseded_by__isnull=True).get()
    return [
        Call(
            interview,
            lambda a: cases.record_interview(
                interview,
                motivation="positive",
                consistency="positive",
                fitness="positive",
                notes="n",
                actor=a,
                expected_version=fresh(case).version,
            ),
        )
    ]


def _record_check(case: Case, service: Service) -> Callable[[Actor], Any]:
    return lambda a: cases.record_check(
        case,
        service=service,
        findings="f",
        result="clear",
        actor=a,
        expected_version=fresh(case).version,
    )


@recipe("cases.record_check")
def _check(w: World, ok: bool) -> list[Call]:
    stage = _stage_for(RULES["cases.record_check"], ok)
    return [
        Call(case, _record_check(case, service), {"service": service})
        for service in Service
        for case in [w.case_at(stage)]
    ]


def _assess(claim: Claim, service: Service) -> Callable[[Actor], Any]:
    return lambda a: cases.assess_claim(
        claim, service=service, status=ClaimStatus.CORROBORATED, evidence_note="e", actor=a
    )


@recipe("cases.assess_claim")
def _claim(w: World, ok: bool) -> list[Call]:
    case = w.case_at(_stage_for(RULES["cases.assess_claim"], ok))
    claim = case.claims.get(kind="identity")
    return [Call(claim, _assess(claim, service), {"service": service}) for service in Service]


@recipe("cases.record_polygraph")
def _polygraph(w: World, ok: bool) -> list[Call]:
    if ok:
        case = w.case_at(Stage.POLYGRAPH)
        session = cases.assign_polygraph(
            case,
            number=1,
            examiner=w.team.examiner1,
            scheduled_for=None,
            actor=as_(w.team.security),
            expected_version=case.version,
        )
    else:  # recorded long ago, the case now before the commander
        case = w.case_at(Stage.COMMANDER_DECISION)
        session = case.polygraph_sessions.get(number=1)
    return [
        Call(
            session,
            lambda a: cases.record_polygraph(
                session,
                result="no_deception",
                notes="",
                actor=a,
                expected_version=fresh(case).version,
            ),
        )
    ]


@recipe("cases.refuse_acceptance")
def _refuse(w: World, ok: bool) -> list[Call]:
    case = w.case_at(Stage.COMMANDER_DECISION)
    decision = cases.decide(
        case,
        outcome=Outcome.ACCEPT,
        reason_code="",
        note="n",
        actor=as_(w.team.commander1),
        expected_version=case.version,
    )
    if not ok:  # the acceptance waits while the case is on hold
        case = fresh(case)
        cases.put_on_hold(
            case,
            until=timezone.localdate() + timedelta(days=3),
            reason="r",
            actor=as_(w.team.commander2),
            expected_version=case.version,
        )
    return [
        Call(
            decision,
            lambda a: cases.refuse_acceptance(
                decision, reason="r", actor=a, expected_version=fresh(case).version
            ),
        )
    ]


@recipe("cases.approve")
def _approve(w: World, ok: bool) -> list[Call]:
    case = w.case_at(Stage.COMMANDER_DECISION)
    decision = cases.decide(
        case,
        outcome=Outcome.ACCEPT,
        reason_code="",
        note="n",
        actor=as_(w.team.commander1),
        expected_version=case.version,
    )
    if not ok:  # the acceptance waits while the case is on hold
        case = fresh(case)
        cases.put_on_hold(
            case,
            until=timezone.localdate() + timedelta(days=3),
            reason="r",
            actor=as_(w.team.commander2),
            expected_version=case.version,
        )
    return [
        Call(
            decision,
            lambda a: cases.approve(decision, actor=a, expected_version=fresh(case).version),
        )
    ]


# --- field visits ---
KEY = packet.new_key()


def _visit(w: World) -> Any:
    start = timezone.localdate() + timedelta(days=5)
    return selection.plan_visit(
        place=place_of("Detention site No. 1"),
        starts_on=start,
        ends_on=start + timedelta(days=1),
        commander=w.team.commander1,
        interviewers=[w.team.interviewer],
        actor=as_(w.team.commander1),
    )


@recipe("selection.plan_visit")
def _plan(w: World, ok: bool) -> list[Call]:
    start = timezone.localdate() + timedelta(days=5)
    return [
        Call(
            None,
            lambda a: selection.plan_visit(
                place=place_of("Detention site No. 2"),
                starts_on=start,
                ends_on=start,
                commander=w.team.commander1,
                interviewers=[w.team.interviewer],
                actor=a,
            ),
        )
    ]


@recipe("selection.book_interviews")
def _book(w: World, ok: bool) -> list[Call]:
    visit, case = _visit(w), new_case()
    return [Call(visit, lambda a: selection.book_interviews(visit, [case.pk], actor=a))]


@recipe("selection.export_packet")
def _export(w: World, ok: bool) -> list[Call]:
    visit = _visit(w)
    return [Call(visit, lambda a: selection.export_packet(visit, key=KEY, actor=a))]


@recipe("selection.import_results")
def _results(w: World, ok: bool) -> list[Call]:
    visit = _visit(w)
    selection.book_interviews(visit, [new_case().pk], actor=as_(w.team.clerk))
    opened = packet.read_packet(
        selection.export_packet(visit, key=KEY, actor=as_(w.team.commander1)), KEY
    )
    sheet = packet.results_sheet(opened)
    for row in sheet["results"]:
        row.update(motivation="positive", consistency="positive", fitness="mixed")
    sealed = packet.seal_results(opened, sheet, KEY)
    return [
        Call(
            visit,
            lambda a: selection.import_results(visit, sealed, key=KEY, actor=a),
            clock=lambda: after(visit),
        )
    ]


# --- training ---
@recipe("training.create_course")
def _course(w: World, ok: bool) -> list[Call]:
    start = date(2026, 6, 1)
    return [
        Call(
            None,
            lambda a: training.create_course(
                kind=CourseKind.DRONE,
                title="t",
                starts_on=start,
                ends_on=start + timedelta(days=10),
                capacity=5,
                actor=a,
            ),
        )
    ]


@recipe("training.create_cohort")
def _cohort(w: World, ok: bool) -> list[Call]:
    course = w.staff.cohort(CourseKind.DRONE).course
    return [
        Call(
            None,
            lambda a: training.create_cohort(
                course, name="B", instructors=[w.staff.instructor], actor=a
            ),
        )
    ]


@recipe("training.enrol")
def _enrol(w: World, ok: bool) -> list[Call]:
    cohort = w.staff.cohort(CourseKind.ANTI_TANK)
    volunteer = w.volunteer()
    return [Call(None, lambda a: training.enrol(cohort, volunteer, actor=a))]


def _taught(w: World) -> tuple[Any, Any, Any]:
    """A cohort of the first instructor's, one volunteer enrolled, one session."""
    cohort = w.staff.cohort(CourseKind.ANTI_TANK)
    enrollment = training.enrol(cohort, w.volunteer(), actor=as_(w.staff.training_officer))
    session = training.add_session(
        cohort, held_on=cohort.course.starts_on, topic="t", actor=as_(w.staff.instructor)
    )
    return cohort, enrollment, session


@recipe("training.add_session")
def _session(w: World, ok: bool) -> list[Call]:
    cohort, _enrollment, _session = _taught(w)
    return [
        Call(
            cohort,
            lambda a: training.add_session(
                cohort, held_on=cohort.course.starts_on, topic="t", actor=a
            ),
        )
    ]


@recipe("training.record_attendance")
def _attendance(w: World, ok: bool) -> list[Call]:
    _cohort, enrollment, session = _taught(w)
    return [
        Call(
            session,
            lambda a: training.record_attendance(session, {enrollment.pk: True}, actor=a),
        )
    ]


@recipe("training.record_result")
def _result(w: World, ok: bool) -> list[Call]:
    _cohort, enrollment, _session = _taught(w)
    return [
        Call(
            enrollment,
            lambda a: training.record_result(
                enrollment, result=ResultKind.QUALIFIED, note="", actor=a
            ),
        )
    ]


# --- units ---
@recipe("units.create_subdivision")
def _subdivision(w: World, ok: bool) -> list[Call]:
    return [Call(None, lambda a: units.create_subdivision("B", Echelon.BATTALION, None, actor=a))]


@recipe("units.set_commanders")
def _commanders(w: World, ok: bool) -> list[Call]:
    unit = w.units().platoon2
    return [Call(None, lambda a: units.set_commanders(unit, [w.team.commander1], actor=a))]


@recipe("units.assign")
def _assign(w: World, ok: bool) -> list[Call]:
    volunteer, unit = w.volunteer(), w.units().platoon1
    return [
        Call(
            None,
            lambda a: units.assign(
                volunteer,
                subdivision=unit,
                specialty=Specialty.RIFLEMAN,
                starts_on=timezone.localdate(),
                actor=a,
            ),
        )
    ]


@recipe("units.record_status")
def _status(w: World, ok: bool) -> list[Call]:
    volunteer = w.volunteer()
    return [
        Call(
            None,
            lambda a: units.record_status(
                volunteer, status=Status.READY, on=timezone.localdate(), note="n", actor=a
            ),
        )
    ]


@recipe("units.approve_status")
def _approve_status(w: World, ok: bool) -> list[Call]:
    volunteer = w.volunteer()
    death = units.record_status(
        volunteer,
        status=Status.KILLED,
        on=timezone.localdate(),
        note="",
        actor=as_(w.staff.personnel),
    )
    return [Call(death, lambda a: units.approve_status(death, actor=a))]


@recipe("units.record_consent")
def _consent(w: World, ok: bool) -> list[Call]:
    volunteer = w.volunteer()
    return [
        Call(
            None,
            lambda a: units.record_consent(
                volunteer, given=True, text="t", on=timezone.localdate(), actor=a
            ),
        )
    ]


def _consented(w: World) -> Volunteer:
    volunteer = w.volunteer()
    units.record_consent(
        volunteer, given=True, text="t", on=timezone.localdate(), actor=as_(w.staff.personnel)
    )
    return volunteer


@recipe("units.propose_mention")
def _propose_mention(w: World, ok: bool) -> list[Call]:
    volunteer = _consented(w)
    return [Call(None, lambda a: units.propose_mention(volunteer, channel="c", text="t", actor=a))]


@recipe("units.approve_mention")
def _approve_mention(w: World, ok: bool) -> list[Call]:
    mention = units.propose_mention(
        _consented(w), channel="c", text="t", actor=as_(w.staff.personnel)
    )
    return [Call(mention, lambda a: units.approve_mention(mention, actor=a))]


@recipe("units.record_briefing")
def _briefing(w: World, ok: bool) -> list[Call]:
    unit = w.units().platoon1
    return [
        Call(
            unit,
            lambda a: units.record_briefing(
                unit, held_on=timezone.localdate(), subject="s", attendees=[], actor=a
            ),
        )
    ]


# --- staff accounts ---
@recipe("accounts.propose_change")
def _propose(w: World, ok: bool) -> list[Call]:
    account = w.team.auditor
    return [
        Call(
            None,
            lambda a: accounts.propose_change(
                ChangeKind.GRANT_ROLE, account=account, role=Role.INTERVIEWER, reason="r", actor=a
            ),
        )
    ]


def _request(w: World) -> Any:
    """A role for the auditor, proposed by the first administrator."""
    return accounts.propose_change(
        ChangeKind.GRANT_ROLE,
        account=w.team.auditor,
        role=Role.INTERVIEWER,
        reason="r",
        actor=as_(w.holder[Role.ADMINISTRATOR]),
    )


@recipe("accounts.approve_change")
def _approve_change(w: World, ok: bool) -> list[Call]:
    request = _request(w)
    return [Call(request, lambda a: accounts.approve_change(request, actor=a))]


@recipe("accounts.refuse_change")
def _refuse_change(w: World, ok: bool) -> list[Call]:
    request = _request(w)
    return [Call(request, lambda a: accounts.refuse_change(request, note="n", actor=a))]


@recipe("accounts.withdraw_change")
def _withdraw_change(w: World, ok: bool) -> list[Call]:
    request = _request(w)
    return [Call(request, lambda a: accounts.withdraw_change(request, actor=a))]


@recipe("accounts.complete_setup")
def _setup(w: World, ok: bool) -> list[Call]:
    account = accounts.create_account_by_command(f"new-{next(_names)}", actor=SYSTEM)
    code = accounts.issue_setup_code_by_command(account, actor=SYSTEM)
    return [
        Call(
            None,
            lambda a: accounts.complete_setup(account.username, code, PASSWORD + " 2", actor=a),
        )
    ]


@recipe("accounts.create_account_by_command")
def _create_account(w: World, ok: bool) -> list[Call]:
    return [Call(None, lambda a: accounts.create_account_by_command(f"u-{next(_names)}", actor=a))]


@recipe("accounts.grant_role_by_command")
def _grant(w: World, ok: bool) -> list[Call]:
    return [
        Call(
            None,
            lambda a: accounts.grant_role_by_command(w.team.auditor, Role.INTERVIEWER, actor=a),
        )
    ]


@recipe("accounts.issue_setup_code_by_command")
def _issue(w: World, ok: bool) -> list[Call]:
    return [Call(None, lambda a: accounts.issue_setup_code_by_command(w.team.auditor, actor=a))]


# --- tokens of the screening API ---
@recipe("api.propose_token")
def _propose_token(w: World, ok: bool) -> list[Call]:
    return [
        Call(None, lambda a: api.propose_token(service="security", label="s", reason="r", actor=a))
    ]


def _pending_token(w: World) -> Any:
    return api.propose_token(
        service="security", label="s", reason="r", actor=as_(w.holder[Role.ADMINISTRATOR])
    )


@recipe("api.issue_token")
def _issue_token(w: World, ok: bool) -> list[Call]:
    token = _pending_token(w)
    return [Call(token, lambda a: api.issue_token(token, actor=a))]


@recipe("api.refuse_token")
def _refuse_token(w: World, ok: bool) -> list[Call]:
    token = _pending_token(w)
    return [Call(token, lambda a: api.refuse_token(token, note="n", actor=a))]


@recipe("api.revoke_token")
def _revoke_token(w: World, ok: bool) -> list[Call]:
    token = _pending_token(w)
    api.issue_token(token, actor=as_(w.other[Role.ADMINISTRATOR]))
    return [Call(token, lambda a: api.revoke_token(token, reason="n", actor=a))]


# --- the server's own maintenance: only refusals are tried (running them writes the key ring
# file or a backup outside the database) ---
NOT_RUN_WHEN_ALLOWED = {
    "keys.rotate_master_key",
    "keys.retire_master_keys",
    "backups.make_backup",
    "backups.restore_backup",
}


@recipe("keys.rotate_master_key")
def _rotate(w: World, ok: bool) -> list[Call]:
    return [Call(None, lambda a: keys.rotate_master_key(actor=a))]


@recipe("keys.retire_master_keys")
def _retire(w: World, ok: bool) -> list[Call]:
    return [Call(None, lambda a: keys.retire_master_keys(actor=a))]


@recipe("backups.make_backup")
def _backup(w: World, ok: bool) -> list[Call]:
    return [Call(None, lambda a: backups.make_backup(_nowhere(), a))]


@recipe("backups.restore_backup")
def _restore(w: World, ok: bool) -> list[Call]:
    return [Call(None, lambda a: backups.restore_backup(_nowhere(), actor=a))]


def _nowhere() -> Any:
    from pathlib import Path

    return Path("/nonexistent/backup.age")


# --- the test ---
@dataclass(frozen=True)
class Caller:
    name: str
    actor: Actor


def callers(w: World, rule: Rule) -> list[Caller]:
    found = [Caller(f"{role.value} (first)", as_(user)) for role, user in w.holder.items()]
    if rule.where is not None:
        found += [Caller(f"{role.value} (second)", as_(user)) for role, user in w.other.items()]
    return found + [
        Caller("the public web", Actor(origin="test", public=True)),
        Caller("the server", Actor(origin="test")),
    ]


def declared(rule: Rule, actor: Actor, call: Call) -> bool:
    """Whether the declaration lets `actor` take the action in `call`."""
    if actor.via != Via.STAFF:
        return actor.via in rule.via
    if not roles_of(actor.user) & rule.roles_for(call.params):
        return False
    if rule.where is None or call.subject is None:
        return True
    found = type(call.subject)._default_manager.filter(pk=call.subject.pk)
    return found.filter(rule.where(actor.user)).exists()


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back() -> Iterator[None]:
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def outcome(call: Call, actor: Actor) -> str:
    """'refused' when the policy refused, else 'ran' (a later refusal of the action's own
    rules, a missing requirement say, means the policy let it through)."""
    with rolled_back(), call.clock():
        try:
            call.run(actor)
        except NotAllowed:
            return "refused"
        except Exception:  # noqa: BLE001  (past the policy; the action's own rules spoke)
            return "ran"
    return "ran"


ACTIONS = sorted(RULES)


def test_every_action_function_is_declared_and_every_rule_has_a_recipe() -> None:
    functions = set(action_functions())
    declared_functions = {declared_function(a) for a in RULES} | set(NOT_ACTIONS)
    assert functions - declared_functions == set(), "action functions without a rule"
    assert declared_functions - functions == set(), "rules naming no function"
    assert set(RULES) - set(RECIPES) == set(), "rules this test cannot call: add a recipe"


def test_every_actions_module_of_the_project_is_read_by_the_policy_checks() -> None:
    """The checks read the actions modules of a list of apps; an app added with an actions.py
    but left off that list would have functions no rule and no test ever sees."""
    modules = {path.parent.name for path in Path(vetting.__file__).parent.glob("*/actions.py")}
    assert modules - set(ACTION_APPS) == set(), "actions modules the policy checks do not read"
    assert {name.split(".")[0] for name in action_functions()} == modules


@pytest.mark.parametrize("action", ACTIONS)
def test_the_action_runs_exactly_for_whom_the_policy_declares(world: World, action: str) -> None:
    rule = RULES[action]
    wrong = []
    ran_for = []
    for call in RECIPES[action](world, True):
        for caller in callers(world, rule):
            expected = declared(rule, caller.actor, call)
            if expected and action in NOT_RUN_WHEN_ALLOWED:
                continue
            got = outcome(call, caller.actor)
            if got == "ran":
                ran_for.append(caller.name)
            if (got == "ran") != expected:
                wrong.append(
                    f"{caller.name}: {got}, declared {'allowed' if expected else 'refused'}"
                )
    assert not wrong, f"{action}:\n" + "\n".join(wrong)
    if action not in NOT_RUN_WHEN_ALLOWED:
        assert ran_for, f"{action} ran for nobody: the recipe is wrong"


@pytest.mark.parametrize("action", [a for a in ACTIONS if RULES[a].stages is not None])
def test_the_action_is_refused_at_a_stage_the_policy_does_not_declare(
    world: World, action: str
) -> None:
    rule = RULES[action]
    for call in RECIPES[action](world, False):
        for caller in callers(world, rule):
            if declared(rule, caller.actor, call):
                assert outcome(call, caller.actor) == "refused", f"{action}: {caller.name}"


@pytest.mark.parametrize("action", [a for a in ACTIONS if RULES[a].subject])
def test_lists_restricted_by_action_agree_with_the_check_object_by_object(
    world: World, action: str
) -> None:
    """`restrict(user, action)` (what a list offers) and `allowed(user, action, obj)` (what
    a page shows and the action checks) are one rule."""
    rule = RULES[action]
    for ok in (True, False) if rule.stages is not None else (True,):
        for call in RECIPES[action](world, ok):
            for caller in callers(world, rule):
                if caller.actor.via != Via.STAFF:
                    continue
                user = caller.actor.user
                listed = restrict(user, action, **call.params).filter(pk=call.subject.pk).exists()
                assert listed == allowed(user, action, call.subject, **call.params), (
                    f"{action} {caller.name} {'allowed stage' if ok else 'other stage'}"
                )


@recipe("intake.save_search")
def _save_search(w: World, ok: bool) -> list[Call]:
    return [Call(None, lambda a: intake.save_search("Шишкарёв", actor=a))]


@recipe("units.change_call_sign")
def _change_call_sign(w: World, ok: bool) -> list[Call]:
    volunteer = w.volunteer()
    return [
        Call(
            None,
            lambda a: units.change_call_sign(volunteer, call_sign="Сокіл 7", reason="r", actor=a),
        )
    ]


@recipe("units.add_call_sign_word")
def _add_word(w: World, ok: bool) -> list[Call]:
    return [Call(None, lambda a: units.add_call_sign_word("Грім", language="uk", actor=a))]


@recipe("units.retire_call_sign_word")
def _retire_word(w: World, ok: bool) -> list[Call]:
    word = units.add_call_sign_word("Дуб", language="uk", actor=as_(w.staff.personnel))
    return [Call(None, lambda a: units.retire_call_sign_word(word, actor=a))]
