"""A new watchlist version that names someone already accepted: the re-screening reaches the
volunteer, the hit is raised on the personnel file for the security service and
counter-intelligence (who review it there), and a confirmed match flags the file for its other
readers without the list's data."""

import io
from typing import Any

import pytest
from django.utils import timezone

from vetting.accounts.tests.factories import make_staff, signed_in_client
from vetting.audit.actions import Actor
from vetting.audit.models import AuditEvent
from vetting.cases.tests.factories import Team, advance, as_, new_case
from vetting.policy.authority import NotAllowed
from vetting.policy.roles import Role
from vetting.policy.workflow import Stage
from vetting.screening import actions as screening
from vetting.screening.models import MatchHold, Review, ScreeningHit
from vetting.units.models import Volunteer
from vetting.units.tests.factories import enlisted

pytestmark = pytest.mark.django_db

SERVER = Actor(origin="test")
LIST = "Known intelligence officers"
# Names the test applicant (intake factories): name and date of birth.
WATCHLIST = "id,name,birth_date\nKIO-7,SHISHKAREV Nikolai,1985-03-14\n"
ON_THE_LIST_AS = "SHISHKAREV Nikolai"


@pytest.fixture
def team() -> Team:
    return Team.create()


@pytest.fixture
def personnel() -> Any:
    return make_staff(Role.PERSONNEL_OFFICER, "t-personnel")


def new_version(captured: Any) -> None:
    """Import a watchlist version as the services do, and let the sweep it queues run."""
    with captured(execute=True):
        screening.import_watchlist(
            io.StringIO(WATCHLIST),
            watchlist_name=LIST,
            file_name="kio-2.csv",
            jsonl=False,
            actor=SERVER,
        )


def file_url(volunteer: Volunteer) -> str:
    return f"/en/staff/personnel/{volunteer.pk}/"


def raised(team: Team, captured: Any) -> tuple[Volunteer, ScreeningHit]:
    """A volunteer accepted with no list naming him, then named by a new version."""
    volunteer = enlisted(team)
    new_version(captured)
    return volunteer, ScreeningHit.objects.get(application_id=volunteer.case.application_id)


def test_a_new_watchlist_version_rescreens_accepted_volunteers(
    team: Team, django_capture_on_commit_callbacks: Any
) -> None:
    volunteer = enlisted(team)
    assert not ScreeningHit.objects.exists()
    new_version(django_capture_on_commit_callbacks)
    hit = ScreeningHit.objects.get(application_id=volunteer.case.application_id)
    assert hit.status == Review.OPEN and hit.found_at >= volunteer.enlisted_at
    entry = AuditEvent.objects.get(action="volunteer.screening_hit")
    assert entry.target_id == str(volunteer.pk) and entry.detail["hits"] == [hit.entry_id]


def test_the_services_review_the_hit_on_the_personnel_file(
    team: Team, django_capture_on_commit_callbacks: Any
) -> None:
    volunteer = enlisted(team)
    client, security = signed_in_client(team.counterintel), signed_in_client(team.security)
    for officer in (client, security):
        # Before any list names him, his file is not theirs: the same 404 as no file.
        assert officer.get(file_url(volunteer)).status_code == 404
    new_version(django_capture_on_commit_callbacks)
    hit = ScreeningHit.objects.get(application_id=volunteer.case.application_id)
    page = client.get(file_url(volunteer))
    assert page.status_code == 200
    body = page.content.decode()
    assert volunteer.call_sign in body and ON_THE_LIST_AS in body and LIST in body
    assert 'data-testid="open-hit-tag"' in body and 'data-testid="decide-hit"' in body
    assert 'data-testid="serves-in"' in body
    # Only what the services need: no training, consent or personnel history.
    assert 'data-testid="consent"' not in body and 'data-testid="training"' not in body
    assert AuditEvent.objects.filter(
        action="screening.hits_viewed", actor=team.counterintel, detail__hits=[hit.pk]
    ).exists()
    # The hit queue leads to the file.
    queue = security.get("/en/staff/screening/hits/").content.decode()
    assert f'href="{file_url(volunteer)}#screening"' in queue
    # The decision is taken on the file and comes back to it.
    answer = client.post(
        f"/en/staff/screening/hits/{hit.pk}/decide/",
        {"decision": "confirm", "reason": "same person, photo", "next": file_url(volunteer)},
    )
    assert answer.status_code == 302 and answer["Location"] == file_url(volunteer)
    hit.refresh_from_db()
    assert hit.status == Review.CONFIRMED and hit.decided_by == team.counterintel
    body = client.get(file_url(volunteer)).content.decode()
    assert 'data-testid="match-flag"' in body and 'data-testid="lift-hold"' in body
    flagged = AuditEvent.objects.get(action="volunteer.match_flagged")
    assert flagged.target_id == str(volunteer.pk)


def test_a_confirmed_match_flags_the_file_without_the_lists_data(
    team: Team, personnel: Any, django_capture_on_commit_callbacks: Any
) -> None:
    volunteer, hit = raised(team, django_capture_on_commit_callbacks)
    officer = signed_in_client(personnel)
    # An open hit is the services' to review: nothing of it on the personnel officer's file.
    body = officer.get(file_url(volunteer)).content.decode()
    assert LIST not in body and 'data-testid="screening-on-file"' not in body
    assert "Watchlist hit found after acceptance" not in body
    screening.decide_hit(
        hit, confirm=True, reason="same person, photo", actor=as_(team.counterintel)
    )
    body = officer.get(file_url(volunteer)).content.decode()
    today = timezone.localdate().isoformat()
    assert 'data-testid="match-flag"' in body
    assert f"Confirmed match on {LIST}, confirmed by t-counterintel on {today}." in body
    assert ON_THE_LIST_AS not in body and hit.explanation not in body
    assert "same person, photo" not in body  # the service's reasoning stays with the service
    assert 'data-testid="decide-hit"' not in body and 'data-testid="lift-hold"' not in body
    listing = officer.get("/en/staff/personnel/").content.decode()
    assert listing.count('data-testid="match-flag"') == 1
    # The other roles do not open the file at all.
    for user in (team.clerk, team.commander1, team.interviewer):
        assert signed_in_client(user).get(file_url(volunteer)).status_code == 403


def test_the_services_open_only_the_files_screening_raised(
    team: Team, django_capture_on_commit_callbacks: Any
) -> None:
    new_version(django_capture_on_commit_callbacks)
    # Named before acceptance, the hit dismissed, then accepted: vetted with it in view.
    case = new_case()
    screening.screen_application(case.application_id, SERVER)
    hit = ScreeningHit.objects.get(application_id=case.application_id)
    screening.decide_hit(hit, confirm=False, reason="a namesake", actor=as_(team.security))
    dismissed = Volunteer.objects.get(case=advance(case, team, Stage.ACCEPTED))
    plain = enlisted(team, name_cyrillic="Пётр Ильич Сидоренко", name_latin="Petr Sidorenko")
    client = signed_in_client(team.security)
    for volunteer in (dismissed, plain):
        assert client.get(file_url(volunteer)).status_code == 404
        case_page = client.get(f"/en/staff/cases/{volunteer.case_id}/").content.decode()
        assert file_url(volunteer) not in case_page and volunteer.call_sign not in case_page


def test_a_match_confirmed_before_acceptance_stays_on_the_file(
    team: Team, personnel: Any, django_capture_on_commit_callbacks: Any
) -> None:
    new_version(django_capture_on_commit_callbacks)
    case = new_case()
    screening.screen_application(case.application_id, SERVER)
    hit = ScreeningHit.objects.get(application_id=case.application_id)
    screening.decide_hit(hit, confirm=True, reason="same person", actor=as_(team.counterintel))
    screening.lift_match_hold(
        MatchHold.objects.get(hit=hit), reason="turned: works for us", actor=as_(team.counterintel)
    )
    volunteer = Volunteer.objects.get(case=advance(case, team, Stage.ACCEPTED))
    page = signed_in_client(team.security).get(file_url(volunteer))
    assert page.status_code == 200 and LIST in page.content.decode()
    body = signed_in_client(personnel).get(file_url(volunteer)).content.decode()
    assert f"Confirmed match on {LIST}" in body and 'data-testid="hold-lifted"' in body


def test_the_case_page_leads_the_services_to_the_raised_file(
    team: Team, django_capture_on_commit_callbacks: Any
) -> None:
    volunteer, _hit = raised(team, django_capture_on_commit_callbacks)
    body = (
        signed_in_client(team.security)
        .get(f"/en/staff/cases/{volunteer.case_id}/")
        .content.decode()
    )
    assert f'href="{file_url(volunteer)}"' in body


def test_only_the_confirming_service_lifts_the_flag_from_the_file(
    team: Team, personnel: Any, django_capture_on_commit_callbacks: Any
) -> None:
    volunteer, hit = raised(team, django_capture_on_commit_callbacks)
    screening.decide_hit(hit, confirm=True, reason="same person", actor=as_(team.counterintel))
    hold = MatchHold.objects.get(hit=hit)
    with pytest.raises(NotAllowed, match="Only the service that confirmed"):
        screening.lift_match_hold(hold, reason="not ours to keep", actor=as_(team.security))
    other = signed_in_client(team.security).get(file_url(volunteer)).content.decode()
    assert 'data-testid="lift-hold"' not in other
    answer = signed_in_client(team.counterintel).post(
        f"/en/staff/screening/holds/{hold.pk}/lift/",
        {"reason": "namesake: fingerprints differ", "next": file_url(volunteer)},
    )
    assert answer.status_code == 302 and answer["Location"] == file_url(volunteer)
    assert not MatchHold.objects.get(pk=hold.pk).standing
    lifted = AuditEvent.objects.get(action="volunteer.match_flag_lifted")
    assert lifted.target_id == str(volunteer.pk)
    body = signed_in_client(personnel).get(file_url(volunteer)).content.decode()
    assert 'data-testid="match-flag"' not in body and 'data-testid="hold-lifted"' in body
    assert "fingerprints differ" not in body


def test_a_decision_sent_back_elsewhere_goes_to_the_application(
    team: Team, django_capture_on_commit_callbacks: Any
) -> None:
    _volunteer, hit = raised(team, django_capture_on_commit_callbacks)
    answer = signed_in_client(team.security).post(
        f"/en/staff/screening/hits/{hit.pk}/decide/",
        {"decision": "dismiss", "reason": "a namesake", "next": "https://elsewhere.example/"},
    )
    assert answer["Location"] == f"/en/staff/applications/{hit.application_id}/"
