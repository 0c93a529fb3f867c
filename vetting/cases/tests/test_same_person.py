"""One person, one vetting: linked applications show each other, a repeat application's case
waits on hold, and a clerk merges it into the earlier case with nothing lost."""

import pytest

from vetting.accounts.tests.factories import make_staff, signed_in_client
from vetting.audit.actions import Actor
from vetting.audit.models import AuditEvent
from vetting.cases import actions
from vetting.cases.models import Case, StageChange
from vetting.cases.tests.factories import Team, advance, as_, fresh, new_case
from vetting.intake.models import Application
from vetting.policy.authority import NotAllowed
from vetting.policy.roles import Role
from vetting.policy.workflow import Stage
from vetting.screening import actions as screening
from vetting.screening.models import DuplicateCandidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def team() -> Team:
    return Team.create()


def link(team: Team, earlier: Case, later: Case) -> None:
    """A clerk decides that the later application is the same person as the earlier one."""
    pair = DuplicateCandidate.objects.create(
        application=later.application, earlier=earlier.application, score=0.93, explanation="x"
    )
    screening.decide_duplicate(pair, same_person=True, reason="same", actor=as_(team.clerk))


def test_a_repeat_application_of_an_accepted_person_waits_on_hold(team: Team) -> None:
    earlier = advance(new_case(), team, Stage.ACCEPTED)
    later = new_case()
    link(team, earlier, later)
    later = fresh(later)
    assert later.stage == Stage.ON_HOLD
    assert later.stage_before_hold == Stage.RECEIVED
    hold = StageChange.objects.filter(case=later).latest("pk")
    assert hold.reason == f"Same person as {earlier.reference}"
    assert fresh(earlier).stage == Stage.ACCEPTED
    assert AuditEvent.objects.filter(
        action="case.held_as_same_person", target_id=str(later.pk)
    ).exists()


def test_a_repeat_application_of_a_person_in_vetting_waits_too(team: Team) -> None:
    earlier = advance(new_case(), team, Stage.INTERVIEW)
    later = advance(new_case(), team, Stage.TRIAGE)
    link(team, earlier, later)
    assert fresh(later).stage == Stage.ON_HOLD
    assert fresh(earlier).stage == Stage.INTERVIEW


def test_after_a_withdrawn_application_the_new_one_is_vetted(team: Team) -> None:
    earlier = new_case()
    actions.withdraw(earlier, actor=Actor(origin="portal", public=True))
    later = new_case()
    link(team, earlier, later)
    assert fresh(later).stage == Stage.RECEIVED


def test_both_case_pages_show_each_other_with_stage_and_outcome(team: Team) -> None:
    earlier = advance(new_case(), team, Stage.ACCEPTED)
    later = new_case()
    link(team, earlier, later)
    commander = signed_in_client(team.commander1)
    on_later = commander.get(f"/en/staff/cases/{later.pk}/").content.decode()
    assert earlier.reference in on_later and "Accepted" in on_later and ">Accept<" in on_later
    on_earlier = commander.get(f"/en/staff/cases/{earlier.pk}/").content.decode()
    assert later.reference in on_earlier and "On hold" in on_earlier
    # The clerk sees the stages, not the commanders' decisions.
    clerk_page = signed_in_client(team.clerk).get(f"/en/staff/cases/{later.pk}/").content.decode()
    assert earlier.reference in clerk_page and ">Accept<" not in clerk_page


def test_an_examiner_sees_only_the_linked_cases_of_their_sessions(team: Team) -> None:
    earlier = advance(new_case(), team, Stage.ACCEPTED)  # examiner1 held a session on it
    later = new_case()
    link(team, earlier, later)
    outsider = make_staff(Role.POLYGRAPH_EXAMINER, "t-examiner-outside")
    page = signed_in_client(team.examiner1).get(f"/en/staff/cases/{earlier.pk}/")
    body = page.content.decode()
    assert later.reference not in body
    assert "1 more linked case is outside your compartment" in body
    assert signed_in_client(outsider).get(f"/en/staff/cases/{earlier.pk}/").status_code == 404


def test_a_clerk_merges_the_repeat_case_into_the_earlier_one_and_keeps_both(
    team: Team,
) -> None:
    earlier = advance(new_case(), team, Stage.INTERVIEW)
    later = new_case()
    link(team, earlier, later)
    later = fresh(later)
    history = list(StageChange.objects.filter(case=later).values_list("pk", flat=True))
    merged = actions.merge(
        later,
        into=earlier,
        reason="one person",
        actor=as_(team.clerk),
        expected_version=later.version,
    )
    assert merged.stage == Stage.MERGED and merged.merged_into_id == earlier.pk
    assert set(history) < set(StageChange.objects.filter(case=later).values_list("pk", flat=True))
    assert (
        Application.objects.filter(pk__in=[earlier.application_id, later.application_id]).count()
        == 2
    )
    assert fresh(earlier).stage == Stage.INTERVIEW
    assert AuditEvent.objects.filter(action="case.merged", target_id=str(later.pk)).exists()
    assert AuditEvent.objects.filter(action="case.merged_in", target_id=str(earlier.pk)).exists()
    page = signed_in_client(team.clerk).get(f"/en/staff/cases/{later.pk}/").content.decode()
    assert f"merged into {earlier.reference}" in page


def test_merge_is_refused_into_an_unlinked_or_a_later_case(team: Team) -> None:
    stranger = new_case()  # another person, who applied before
    earlier = advance(new_case(), team, Stage.TRIAGE)
    later = new_case()
    link(team, earlier, later)
    earlier, later = fresh(earlier), fresh(later)
    with pytest.raises(actions.WorkflowError):
        actions.merge(
            later, into=stranger, reason="r", actor=as_(team.clerk), expected_version=later.version
        )
    with pytest.raises(actions.WorkflowError):
        actions.merge(
            earlier, into=later, reason="r", actor=as_(team.clerk), expected_version=earlier.version
        )
    assert fresh(later).stage == Stage.ON_HOLD and fresh(earlier).stage == Stage.TRIAGE
    assert fresh(stranger).stage == Stage.RECEIVED


def test_only_a_clerk_merges(team: Team) -> None:
    earlier = advance(new_case(), team, Stage.TRIAGE)
    later = new_case()
    link(team, earlier, later)
    later = fresh(later)
    with pytest.raises(NotAllowed):
        actions.merge(
            later,
            into=earlier,
            reason="r",
            actor=as_(team.commander1),
            expected_version=later.version,
        )
    url = f"/en/staff/cases/{later.pk}/merge/"
    assert signed_in_client(team.commander1).get(url).status_code == 403
    assert fresh(later).stage == Stage.ON_HOLD


def test_the_merge_page_offers_the_earlier_case_and_merges(team: Team) -> None:
    earlier = advance(new_case(), team, Stage.TRIAGE)
    later = new_case()
    link(team, earlier, later)
    later = fresh(later)
    clerk = signed_in_client(team.clerk)
    url = f"/en/staff/cases/{later.pk}/merge/"
    page = clerk.get(url)
    assert page.status_code == 200 and earlier.reference in page.content.decode()
    done = clerk.post(url, {"version": later.version, "into": earlier.pk, "reason": "same person"})
    assert done.status_code == 302
    assert fresh(later).stage == Stage.MERGED
