import pytest

from vetting.audit.actors import PORTAL_ACTOR
from vetting.audit.models import AuditEvent
from vetting.audit.selectors import verify_chain
from vetting.cases import actions
from vetting.cases.models import Case, Claim, Outcome, Service, StageChange
from vetting.cases.tests.factories import Team, advance, as_, fresh, new_case
from vetting.intake import actions as intake_actions
from vetting.intake.selectors import PublicStatus, public_status
from vetting.policy import workflow
from vetting.policy.authority import NotAllowed
from vetting.policy.workflow import Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def team() -> Team:
    return Team.create()


def test_every_application_opens_a_case_with_its_claims() -> None:
    case = new_case()
    assert case.stage == Stage.RECEIVED
    kinds = set(Claim.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == {"identity", "rank", "unit", "service_number", "capture"}


def test_a_case_walks_to_acceptance_with_every_step_recorded(team: Team) -> None:
    case = advance(new_case(), team, Stage.ACCEPTED)
    assert case.stage == Stage.ACCEPTED
    path = list(StageChange.objects.filter(case=case).values_list("to_stage", flat=True))
    assert path == ["triage", "interview", "checks", "polygraph", "decision", "accepted"]
    assert all(change.actor_id for change in StageChange.objects.filter(case=case))
    assert public_status(case.application) == PublicStatus.DECIDED
    assert verify_chain().ok


def test_role_outside_the_transition_is_refused(team: Team) -> None:
    case = new_case()
    with pytest.raises(NotAllowed, match="role"):
        actions.move(case, "start_triage", actor=as_(team.commander1), expected_version=1)
    assert fresh(case).stage == Stage.RECEIVED


def test_transition_from_the_wrong_stage_is_refused(team: Team) -> None:
    case = new_case()
    with pytest.raises(NotAllowed, match="current stage"):
        actions.move(case, "to_interview", actor=as_(team.clerk), expected_version=1)


def test_checks_cannot_start_without_a_recorded_interview(team: Team) -> None:
    case = advance(new_case(), team, Stage.INTERVIEW)
    with pytest.raises(actions.WorkflowError, match="No interview"):
        actions.move(case, "to_checks", actor=as_(team.interviewer), expected_version=case.version)


def test_polygraph_waits_for_both_background_checks(team: Team) -> None:
    case = advance(new_case(), team, Stage.BACKGROUND_CHECKS)
    actions.record_check(
        case,
        service=Service.SECURITY,
        findings="clean",
        result="clear",
        actor=as_(team.security),
        expected_version=case.version,
    )
    case = fresh(case)
    with pytest.raises(actions.WorkflowError, match="Counter-intelligence"):
        actions.move(case, "to_polygraph", actor=as_(team.security), expected_version=case.version)


def test_one_service_cannot_record_the_other_services_check(team: Team) -> None:
    case = advance(new_case(), team, Stage.BACKGROUND_CHECKS)
    with pytest.raises(NotAllowed, match="role"):
        actions.record_check(
            case,
            service=Service.COUNTERINTELLIGENCE,
            findings="x",
            result="clear",
            actor=as_(team.security),
            expected_version=case.version,
        )


def test_the_same_examiner_can_never_hold_both_sessions(team: Team) -> None:
    case = advance(new_case(), team, Stage.POLYGRAPH)
    actions.assign_polygraph(
        case,
        number=1,
        examiner=team.examiner1,
        scheduled_for=None,
        actor=as_(team.security),
        expected_version=case.version,
    )
    case = fresh(case)
    with pytest.raises(actions.WorkflowError, match="same examiner"):
        actions.assign_polygraph(
            case,
            number=2,
            examiner=team.examiner1,
            scheduled_for=None,
            actor=as_(team.security),
            expected_version=case.version,
        )


def test_only_the_sessions_examiner_records_it(team: Team) -> None:
    case = advance(new_case(), team, Stage.POLYGRAPH)
    session = actions.assign_polygraph(
        case,
        number=1,
        examiner=team.examiner1,
        scheduled_for=None,
        actor=as_(team.security),
        expected_version=case.version,
    )
    with pytest.raises(NotAllowed, match="Only the examiner"):
        actions.record_polygraph(
            session,
            result="deception",
            notes="",
            actor=as_(team.examiner2),
            expected_version=fresh(case).version,
        )


def test_acceptance_needs_a_second_different_commander(team: Team) -> None:
    case = advance(new_case(), team, Stage.COMMANDER_DECISION)
    decision = actions.decide(
        case,
        outcome=Outcome.ACCEPT,
        reason_code="",
        note="good",
        actor=as_(team.commander1),
        expected_version=case.version,
    )
    assert fresh(case).stage == Stage.COMMANDER_DECISION
    with pytest.raises(NotAllowed, match="another commander"):
        actions.approve(decision, actor=as_(team.commander1), expected_version=fresh(case).version)
    actions.approve(decision, actor=as_(team.commander2), expected_version=fresh(case).version)
    assert fresh(case).stage == Stage.ACCEPTED


def test_acceptance_before_the_decision_stage_is_refused(team: Team) -> None:
    case = advance(new_case(), team, Stage.POLYGRAPH)
    with pytest.raises(actions.WorkflowError):
        actions.decide(
            case,
            outcome=Outcome.ACCEPT,
            reason_code="",
            note="hurry",
            actor=as_(team.commander1),
            expected_version=case.version,
        )


def test_rejection_needs_a_reason_code_and_a_note(team: Team) -> None:
    case = advance(new_case(), team, Stage.BACKGROUND_CHECKS)
    with pytest.raises(actions.WorkflowError, match="reason code"):
        actions.decide(
            case,
            outcome=Outcome.REJECT,
            reason_code="",
            note="no",
            actor=as_(team.commander1),
            expected_version=case.version,
        )
    actions.decide(
        case,
        outcome=Outcome.REJECT,
        reason_code="security",
        note="Contradicted unit claim.",
        actor=as_(team.commander1),
        expected_version=case.version,
    )
    case = fresh(case)
    assert case.stage == Stage.REJECTED
    assert public_status(case.application) == PublicStatus.DECIDED


def test_applicant_withdraws_mid_way_but_not_after_a_decision(team: Team) -> None:
    case = advance(new_case(), team, Stage.BACKGROUND_CHECKS)
    intake_actions.withdraw_application(case.application, actor=PORTAL_ACTOR)
    assert fresh(case).stage == Stage.WITHDRAWN
    accepted = advance(
        new_case(name_latin="Ivan Petrov", name_cyrillic="Иван Петров"), team, Stage.ACCEPTED
    )
    with pytest.raises(NotAllowed, match="no longer be withdrawn"):
        intake_actions.withdraw_application(accepted.application, actor=PORTAL_ACTOR)
    assert not fresh(accepted).application.is_withdrawn


def test_hold_and_resume_return_to_the_same_stage(team: Team) -> None:
    import datetime

    case = advance(new_case(), team, Stage.INTERVIEW)
    actions.put_on_hold(
        case,
        until=datetime.date(2027, 1, 10),
        reason="Applicant in hospital",
        actor=as_(team.interviewer),
        expected_version=case.version,
    )
    case = fresh(case)
    assert (case.stage, case.hold_until) == (Stage.ON_HOLD, datetime.date(2027, 1, 10))
    actions.move(
        case,
        "resume",
        actor=as_(team.interviewer),
        expected_version=case.version,
        reason="Back from hospital",
    )
    assert fresh(case).stage == Stage.INTERVIEW


def test_hold_needs_a_reason(team: Team) -> None:
    case = new_case()
    with pytest.raises(actions.WorkflowError, match="reason"):
        actions.move(case, "put_on_hold", actor=as_(team.clerk), expected_version=1)


def test_second_concurrent_save_is_refused_and_nothing_is_lost(team: Team) -> None:
    case = advance(new_case(), team, Stage.BACKGROUND_CHECKS)
    seen = case.version
    actions.record_check(
        case,
        service=Service.SECURITY,
        findings="first officer's findings",
        result="clear",
        actor=as_(team.security),
        expected_version=seen,
    )
    with pytest.raises(actions.StaleCase, match="Someone else changed"):
        actions.record_check(
            case,
            service=Service.COUNTERINTELLIGENCE,
            findings="second",
            result="concern",
            actor=as_(team.counterintel),
            expected_version=seen,
        )
    checks = Case.objects.get(pk=case.pk).checks.all()
    assert [c.findings for c in checks] == ["first officer's findings"]


def test_recording_an_interview_again_supersedes_it(team: Team) -> None:
    case = advance(new_case(), team, Stage.INTERVIEW)
    first = case.interviews.get()
    actions.record_interview(
        first,
        motivation="mixed",
        consistency="mixed",
        fitness="positive",
        notes="first",
        actor=as_(team.interviewer),
        expected_version=case.version,
    )
    case = fresh(case)
    second = actions.record_interview(
        case.interviews.get(pk=first.pk),
        motivation="positive",
        consistency="positive",
        fitness="positive",
        notes="after checking the map",
        actor=as_(team.interviewer),
        expected_version=case.version,
    )
    first.refresh_from_db()
    assert first.superseded_by == second and first.notes == "first"
    assert case.interviews.count() == 2


def test_every_transition_names_roles_and_reachable_stages() -> None:
    for transition in workflow.TRANSITIONS:
        assert transition.roles or transition.via, transition.name
        assert transition.sources, transition.name
    reachable = {t.target for t in workflow.TRANSITIONS} | {
        Stage.ACCEPTED,
        Stage.REJECTED,
        Stage.WITHDRAWN,
        Stage.RECEIVED,
    }
    assert reachable - {None} == set(Stage)


def test_moves_are_audited(team: Team) -> None:
    case = advance(new_case(), team, Stage.INTERVIEW)
    moved = AuditEvent.objects.filter(action="case.moved", target_id=str(case.pk))
    assert moved.count() == 2


def test_second_examiner_sees_the_first_result_only_after_recording_their_own(team: Team) -> None:
    from vetting.accounts.tests.factories import signed_in_client

    case = advance(new_case(), team, Stage.POLYGRAPH)
    first = actions.assign_polygraph(
        case,
        number=1,
        examiner=team.examiner1,
        scheduled_for=None,
        actor=as_(team.security),
        expected_version=case.version,
    )
    second = actions.assign_polygraph(
        case,
        number=2,
        examiner=team.examiner2,
        scheduled_for=None,
        actor=as_(team.security),
        expected_version=fresh(case).version,
    )
    actions.record_polygraph(
        first,
        result="deception",
        notes="FIRST-SESSION-NOTES",
        actor=as_(team.examiner1),
        expected_version=fresh(case).version,
    )
    client = signed_in_client(team.examiner2)
    url = f"/en/staff/cases/{case.pk}/"
    assert "FIRST-SESSION-NOTES" not in client.get(url).content.decode()
    actions.record_polygraph(
        second,
        result="no_deception",
        notes="",
        actor=as_(team.examiner2),
        expected_version=fresh(case).version,
    )
    assert "FIRST-SESSION-NOTES" in client.get(url).content.decode()
