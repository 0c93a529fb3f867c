import json
import random
from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from vetting.accounts.tests.factories import make_staff, signed_in_client
from vetting.audit.models import AuditEvent
from vetting.audit.selectors import verify_chain
from vetting.cases import actions as case_actions
from vetting.cases.models import Case, Outcome
from vetting.cases.tests.factories import Team, advance, as_, fresh, new_case
from vetting.policy.authority import NotAllowed
from vetting.policy.courses import CourseKind, Specialty
from vetting.policy.roles import Role
from vetting.policy.workflow import Stage
from vetting.units import actions, callsigns, selectors
from vetting.units.models import Assignment, Echelon, Status, Subdivision, Volunteer
from vetting.units.tests.factories import SYSTEM, Staff, Tree, enlisted

pytestmark = pytest.mark.django_db

NAME_PARTS = ("Николай", "Шишкарёв", "Nikolay", "Shishkarev", "1985")


@pytest.fixture
def team() -> Team:
    return Team.create()


@pytest.fixture
def staff() -> Staff:
    return Staff.create()


def test_acceptance_enlists_a_volunteer_with_a_call_sign(team: Team) -> None:
    volunteer = enlisted(team)
    assert volunteer.call_sign and selectors.current_status(volunteer) == Status.IN_TRAINING
    event = AuditEvent.objects.get(action="volunteer.enlisted")
    assert event.detail == {"case": volunteer.case_id, "call_sign": volunteer.call_sign}
    assert not any(part in volunteer.call_sign for part in NAME_PARTS)


def test_no_volunteer_without_acceptance(team: Team) -> None:
    case = advance(new_case(), team, Stage.COMMANDER_DECISION)
    case_actions.decide(
        case,
        outcome=Outcome.ACCEPT,
        reason_code="",
        note="ok",
        actor=as_(team.commander1),
        expected_version=case.version,
    )
    assert not Volunteer.objects.exists()
    with pytest.raises(NotAllowed, match="stage"):
        actions.enlist(fresh(case), SYSTEM)


def test_acceptance_and_enlistment_land_together_or_not_at_all(team: Team, monkeypatch) -> None:
    case = advance(new_case(), team, Stage.COMMANDER_DECISION)
    decision = case_actions.decide(
        case,
        outcome=Outcome.ACCEPT,
        reason_code="",
        note="ok",
        actor=as_(team.commander1),
        expected_version=case.version,
    )

    def no_call_sign(*args: object) -> str:
        raise RuntimeError("no free call sign found")

    monkeypatch.setattr(callsigns, "unique_call_sign", no_call_sign)
    with pytest.raises(RuntimeError):
        case_actions.approve(
            decision, actor=as_(team.commander2), expected_version=fresh(case).version
        )
    assert Case.objects.get(pk=case.pk).stage == Stage.COMMANDER_DECISION
    assert not Volunteer.objects.exists()
    assert verify_chain().ok


def test_call_signs_are_reproducible_from_a_seed_and_unique() -> None:
    first = [callsigns.draw(random.Random(7)) for _ in range(3)]
    assert len(set(first)) == 1
    taken = {callsigns.draw(random.Random(7))}
    assert callsigns.unique_call_sign(random.Random(7), taken.__contains__) not in taken


def test_the_tree_is_battalion_company_platoon() -> None:
    tree = Tree.create()
    with pytest.raises(actions.PersonnelError):
        actions.create_subdivision("Stray platoon", Echelon.PLATOON, tree.battalion, actor=SYSTEM)
    with pytest.raises(actions.PersonnelError):
        actions.create_subdivision("Stray company", Echelon.COMPANY, None, actor=SYSTEM)
    assert {u.pk for u in selectors.descendants([tree.company])} == {
        tree.company.pk,
        tree.platoon1.pk,
        tree.platoon2.pk,
    }


def test_the_personnel_officer_builds_the_tree_and_names_its_commanders_on_the_page(
    team: Team, staff: Staff
) -> None:
    officer = signed_in_client(staff.personnel)
    page = officer.get("/en/staff/units/")
    assert b'data-testid="subdivision-new"' in page.content
    officer.post("/en/staff/units/new/", {"name": "3rd Battalion", "echelon": "battalion"})
    battalion = Subdivision.objects.get(name="3rd Battalion")
    response = officer.post(
        "/en/staff/units/new/",
        {"name": "Stray platoon", "echelon": "platoon", "parent": battalion.pk},
        follow=True,
    )
    assert "cannot sit there in the tree" in response.content.decode()
    assert not Subdivision.objects.filter(name="Stray platoon").exists()
    officer.post(
        "/en/staff/units/new/",
        {"name": "7th Company", "echelon": "company", "parent": battalion.pk},
    )
    company = Subdivision.objects.get(name="7th Company", parent=battalion)
    prefix = f"u{company.pk}-commanders"
    officer.post(f"/en/staff/units/{company.pk}/commanders/", {prefix: [team.commander1.pk]})
    assert list(company.commanders.all()) == [team.commander1]
    # Only holders of the commander role can be named: the form offers no one else.
    officer.post(f"/en/staff/units/{company.pk}/commanders/", {prefix: [staff.instructor.pk]})
    assert list(company.commanders.all()) == [team.commander1]
    # The named commander now opens the company's roster.
    roster = signed_in_client(team.commander1).get(f"/en/staff/units/{company.pk}/roster/")
    assert roster.status_code == 200
    kinds = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"subdivision.created", "subdivision.commanders_set"} <= kinds


def test_a_commander_neither_builds_nor_appoints(team: Team) -> None:
    tree = Tree.create()
    actions.set_commanders(tree.battalion, [team.commander1], actor=SYSTEM)
    commander = signed_in_client(team.commander1)
    assert b'data-testid="subdivision-new"' not in commander.get("/en/staff/units/").content
    assert (
        commander.post("/en/staff/units/new/", {"name": "X", "echelon": "battalion"}).status_code
        == 403
    )
    with pytest.raises(NotAllowed):
        actions.create_subdivision("X", Echelon.BATTALION, None, actor=as_(team.commander1))
    with pytest.raises(NotAllowed):
        actions.set_commanders(tree.platoon1, [team.commander1], actor=as_(team.commander1))


def test_assignment_needs_the_required_courses(team: Team, staff: Staff) -> None:
    tree = Tree.create()
    volunteer = enlisted(team)
    personnel = as_(staff.personnel)
    with pytest.raises(actions.PersonnelError, match="Basic training"):
        actions.assign(
            volunteer,
            subdivision=tree.platoon1,
            specialty=Specialty.RIFLEMAN,
            starts_on=date(2026, 4, 1),
            actor=personnel,
        )
    staff.qualify(volunteer, CourseKind.BASIC)
    with pytest.raises(actions.PersonnelError, match="Anti-tank weapon"):
        actions.assign(
            volunteer,
            subdivision=tree.platoon1,
            specialty=Specialty.ANTI_TANK_GUNNER,
            starts_on=date(2026, 4, 1),
            actor=personnel,
        )
    actions.assign(
        volunteer,
        subdivision=tree.platoon1,
        specialty=Specialty.RIFLEMAN,
        starts_on=date(2026, 4, 1),
        actor=personnel,
    )
    assert Assignment.objects.count() == 1


def test_only_the_personnel_officer_assigns(team: Team, staff: Staff) -> None:
    tree = Tree.create()
    volunteer = enlisted(team)
    staff.qualify(volunteer, CourseKind.BASIC)
    for someone in (staff.training_officer, team.commander1, staff.instructor):
        with pytest.raises(NotAllowed):
            actions.assign(
                volunteer,
                subdivision=tree.platoon1,
                specialty=Specialty.RIFLEMAN,
                starts_on=date(2026, 4, 1),
                actor=as_(someone),
            )


def test_a_move_is_a_new_dated_record(team: Team, staff: Staff) -> None:
    tree = Tree.create()
    volunteer = enlisted(team)
    staff.qualify(volunteer, CourseKind.BASIC)
    for unit, day in ((tree.platoon1, date(2026, 4, 1)), (tree.platoon2, date(2026, 5, 1))):
        actions.assign(
            volunteer,
            subdivision=unit,
            specialty=Specialty.RIFLEMAN,
            starts_on=day,
            actor=as_(staff.personnel),
        )
    assert list(volunteer.assignments.values_list("subdivision", flat=True)) == [
        tree.platoon1.pk,
        tree.platoon2.pk,
    ]
    assert selectors.roster(tree.platoon1) == []
    assert [m.call_sign for m in selectors.roster(tree.platoon2)] == [volunteer.call_sign]
    assert [m.call_sign for m in selectors.roster(tree.battalion)] == [volunteer.call_sign]


def test_roster_is_for_commanders_of_that_unit_and_shows_call_signs(
    team: Team, staff: Staff
) -> None:
    tree = Tree.create()
    volunteer = enlisted(team)
    staff.qualify(volunteer, CourseKind.BASIC)
    actions.assign(
        volunteer,
        subdivision=tree.platoon1,
        specialty=Specialty.RIFLEMAN,
        starts_on=date(2026, 4, 1),
        actor=as_(staff.personnel),
    )
    platoon_commander = make_staff(Role.COMMANDER, "t-platoon-cdr")
    battalion_commander = make_staff(Role.COMMANDER, "t-battalion-cdr")
    actions.set_commanders(tree.platoon2, [platoon_commander], actor=SYSTEM)
    actions.set_commanders(tree.battalion, [battalion_commander], actor=SYSTEM)
    url = f"/en/staff/units/{tree.platoon1.pk}/roster/"
    assert signed_in_client(platoon_commander).get(url).status_code == 404
    assert signed_in_client(team.commander1).get(url).status_code == 404
    page = signed_in_client(battalion_commander).get(url)
    body = page.content.decode()
    assert page.status_code == 200 and volunteer.call_sign in body
    assert not any(part in body for part in NAME_PARTS)


def test_a_public_mention_needs_consent_and_a_second_approver(team: Team, staff: Staff) -> None:
    volunteer = enlisted(team)
    first, second = as_(staff.personnel), as_(staff.personnel2)
    with pytest.raises(actions.PersonnelError, match="not consented"):
        actions.propose_mention(volunteer, channel="Announcement", text="Joined us", actor=first)
    actions.record_consent(
        volunteer, given=True, text="May name my call sign.", on=date(2026, 4, 1), actor=first
    )
    mention = actions.propose_mention(
        volunteer, channel="Announcement", text="Joined us", actor=first
    )
    with pytest.raises(NotAllowed, match="another officer"):
        actions.approve_mention(mention, actor=first)
    actions.record_consent(
        volunteer, given=False, text="Changed my mind.", on=date(2026, 4, 2), actor=first
    )
    with pytest.raises(actions.PersonnelError, match="withdrawn"):
        actions.approve_mention(mention, actor=second)
    actions.record_consent(
        volunteer, given=True, text="Fine again.", on=date(2026, 4, 3), actor=first
    )
    approved = actions.approve_mention(mention, actor=second)
    assert approved.approved_by == staff.personnel2


def test_status_is_a_dated_history_and_the_latest_stands(team: Team, staff: Staff) -> None:
    volunteer = enlisted(team)
    today = timezone.localdate()
    for status, days in ((Status.READY, 5), (Status.DEPLOYED, 9), (Status.WOUNDED, 20)):
        with time_machine.travel(timezone.now() + timedelta(days=days), tick=True):
            actions.record_status(
                volunteer,
                status=status,
                on=today + timedelta(days),
                note="",
                actor=as_(staff.personnel),
            )
    assert volunteer.statuses.count() == 4
    assert selectors.current_status(volunteer) == Status.WOUNDED


def test_audit_entries_name_volunteers_by_call_sign_only(team: Team, staff: Staff) -> None:
    tree = Tree.create()
    volunteer = enlisted(team)
    staff.qualify(volunteer, CourseKind.BASIC)
    personnel = as_(staff.personnel)
    actions.assign(
        volunteer,
        subdivision=tree.platoon1,
        specialty=Specialty.RIFLEMAN,
        starts_on=date(2026, 4, 1),
        actor=personnel,
    )
    actions.record_status(
        volunteer,
        status=Status.WOUNDED,
        on=date(2026, 6, 1),
        note="Shrapnel, left leg",
        actor=personnel,
    )
    actions.record_consent(
        volunteer, given=True, text="Nikolay agrees", on=date(2026, 4, 1), actor=personnel
    )
    actions.propose_mention(volunteer, channel="News", text="Shishkarev joined", actor=personnel)
    details = json.dumps(
        list(
            AuditEvent.objects.filter(
                action__regex=r"^(volunteer|subdivision|training)\."
            ).values_list("detail", flat=True)
        ),
        ensure_ascii=False,
    )
    assert volunteer.call_sign in details
    for secret in (*NAME_PARTS, "Shrapnel", "agrees", "joined"):
        assert secret not in details
