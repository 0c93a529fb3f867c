"""Cases for the demo at every stage, taken there through the real actions by a team of staff,
so queues, case pages and timelines look as they would after weeks of work."""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from vetting.audit.actions import Actor
from vetting.cases import actions
from vetting.cases.models import Case, Outcome, Service, StageChange
from vetting.policy.workflow import MAIN_PATH, Stage


@dataclass
class Team:
    """One person for each part of the work; two examiners and two commanders."""

    clerk: Any
    interviewer: Any
    security: Any
    counterintel: Any
    examiner1: Any
    examiner2: Any
    commander1: Any
    commander2: Any


def as_(user: Any) -> Actor:
    return Actor(user=user, origin="test" if user is None else "")


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def advance(case: Case, team: Team, to: Stage, call_signs: random.Random | None = None) -> Case:
    """Take a case along the main path until it reaches `to`, recording what each stage needs,
    through the same actions the pages call (`call_signs` seeds an accepted one's call sign)."""
    order = MAIN_PATH
    while order.index(Stage(fresh(case).stage)) < order.index(to):
        case = fresh(case)
        stage = Stage(case.stage)
        if stage == Stage.RECEIVED:
            actions.move(case, "start_triage", actor=as_(team.clerk), expected_version=case.version)
        elif stage == Stage.TRIAGE:
            actions.schedule_interview(
                case,
                # Held the same day: the demo records its findings next.
                scheduled_for=timezone.now(),
                place="Detention site No. 1",
                interviewer=team.interviewer,
                actor=as_(team.clerk),
                expected_version=case.version,
            )
            case = fresh(case)
            actions.move(case, "to_interview", actor=as_(team.clerk), expected_version=case.version)
        elif stage == Stage.INTERVIEW:
            interview = case.interviews.get()
            actions.record_interview(
                interview,
                motivation="positive",
                consistency="positive",
                fitness="positive",
                notes="Спокійна, послідовна розповідь про полон біля Роботиного.",
                actor=as_(team.interviewer),
                expected_version=case.version,
            )
            case = fresh(case)
            actions.move(
                case, "to_checks", actor=as_(team.interviewer), expected_version=case.version
            )
        elif stage == Stage.BACKGROUND_CHECKS:
            for service, officer in (
                (Service.SECURITY, team.security),
                (Service.COUNTERINTELLIGENCE, team.counterintel),
            ):
                case = fresh(case)
                actions.record_check(
                    case,
                    service=service,
                    findings=f"{service.label}: no adverse records.",
                    result="clear",
                    actor=as_(officer),
                    expected_version=case.version,
                )
            case = fresh(case)
            actions.move(
                case, "to_polygraph", actor=as_(team.security), expected_version=case.version
            )
        elif stage == Stage.POLYGRAPH:
            for number, examiner in ((1, team.examiner1), (2, team.examiner2)):
                case = fresh(case)
                session = actions.assign_polygraph(
                    case,
                    number=number,
                    examiner=examiner,
                    scheduled_for=None,
                    actor=as_(team.security),
                    expected_version=case.version,
                )
                case = fresh(case)
                actions.record_polygraph(
                    session,
                    result="no_deception",
                    notes="",
                    actor=as_(examiner),
                    expected_version=case.version,
                )
            case = fresh(case)
            actions.move(
                case, "to_decision", actor=as_(team.examiner1), expected_version=case.version
            )
        elif stage == Stage.COMMANDER_DECISION:
            decision = actions.decide(
                case,
                outcome=Outcome.ACCEPT,
                reason_code="",
                note="Consistent, verified, motivated.",
                actor=as_(team.commander1),
                expected_version=case.version,
            )
            case = fresh(case)
            actions.approve(
                decision,
                actor=as_(team.commander2),
                expected_version=case.version,
                call_signs=call_signs,
            )
    return fresh(case)


# How many demo cases end up at each stage (the rest stay received).
DEMO_SPREAD = (
    (Stage.TRIAGE, 25),
    (Stage.INTERVIEW, 20),
    (Stage.BACKGROUND_CHECKS, 15),
    (Stage.POLYGRAPH, 10),
    (Stage.COMMANDER_DECISION, 8),
    (Stage.ACCEPTED, 30),
)


def demo_team() -> Team:
    names = (
        "clerk",
        "interviewer",
        "security",
        "counterintel",
        "examiner",
        "examiner2",
        "commander",
        "commander2",
    )
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    return Team(*(users[n] for n in names))


def spread_demo_cases(seed: int) -> int:
    """Take some demo cases along the path, reject a few and put a few on hold."""
    team = demo_team()
    rng = random.Random(seed)
    waiting = list(Case.objects.filter(stage=Stage.RECEIVED).order_by("pk"))
    rng.shuffle(waiting)
    moved = 0
    for stage, count in DEMO_SPREAD:
        for case in waiting[moved : moved + count]:
            advance(case, team, stage, rng)
        moved += count
    for case in waiting[moved : moved + 6]:
        case = advance(case, team, Stage.BACKGROUND_CHECKS)
        actions.decide(
            case,
            outcome=Outcome.REJECT,
            reason_code="security",
            note="Частина, названа в заяві, не має відомостей про цього військового.",
            actor=as_(team.commander1),
            expected_version=case.version,
        )
    moved += 6
    for case in waiting[moved : moved + 4]:
        case = advance(case, team, Stage.INTERVIEW)
        actions.put_on_hold(
            case,
            until=date.today() + timedelta(days=21),
            reason="Заявника переведено до іншого місця утримання",
            actor=as_(team.interviewer),
            expected_version=case.version,
        )
    return moved + 4


def backdate_demo_history(now: Any = None) -> int:
    """Spread each demo case's recorded moves evenly from its application's arrival to now.

    The demo walks cases through the real actions in a few seconds; a real formation made
    those moves over weeks, which is what the capacity page (pace, time in each stage) reads.
    """
    now = now or timezone.now()
    changed = []
    cases = []
    walked = Case.objects.filter(stage_changes__isnull=False).distinct()
    for case in walked.select_related("application").order_by("pk"):
        moves = list(case.stage_changes.order_by("at", "pk"))
        start = min(case.application.submitted_at, now - timedelta(days=2))
        step = (now - timedelta(hours=1) - start) / (len(moves) + 1)
        entered = start
        for k, move in enumerate(moves, start=1):
            move.at, move.entered_at = start + step * k, entered
            entered = move.at
            changed.append(move)
        case.stage_since = entered
        cases.append(case)
    StageChange.objects.bulk_update(changed, ["at", "entered_at"], batch_size=500)
    Case.objects.bulk_update(cases, ["stage_since"], batch_size=500)
    return len(cases)
