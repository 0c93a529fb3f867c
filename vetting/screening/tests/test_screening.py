import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from vetting.accounts.tests.factories import make_staff, signed_in_client
from vetting.audit.actions import Actor
from vetting.audit.models import AuditEvent
from vetting.intake.models import Application
from vetting.intake.tests.factories import make_application
from vetting.policy.roles import Role
from vetting.screening import actions, selectors
from vetting.screening.models import DuplicateCandidate, Review, ScreeningHit, ScreeningState

pytestmark = pytest.mark.django_db

OFFICER = Actor(origin="test")  # the server itself: imports and screening


def service() -> Actor:
    """A counter-intelligence officer, who reviews hits."""
    return Actor(user=make_staff(Role.COUNTERINTELLIGENCE_OFFICER))


WATCHLIST_CSV = (
    "id,name,birth_date,gender,place_of_birth,unit,service_number,aliases\n"
    "GRU-1,SHISHKAREV Nikolai Aleksandrovich,1985-03-14,male,,,,Шишкарёв Николай\n"
    "GRU-2,Петренко Олег Иванович,1970-01-01,male,,,,\n"
)


def load_watchlist(text: str = WATCHLIST_CSV, name: str = "GRU officers"):
    return actions.import_watchlist(
        io.StringIO(text), watchlist_name=name, file_name="list.csv", jsonl=False, actor=OFFICER
    )


def screened_application(**overrides):
    application, _ = make_application(**overrides)
    actions.screen_application(application.pk, OFFICER)
    return application


def test_applicant_on_a_watchlist_gets_a_hit_with_an_explanation() -> None:
    load_watchlist()
    application = screened_application()
    hit = ScreeningHit.objects.get(application=application)
    assert hit.entry.external_id == "GRU-1"
    assert hit.status == Review.OPEN
    assert "birth date" in hit.explanation


def test_namesake_born_ten_years_later_gets_no_hit() -> None:
    load_watchlist()
    screened_application(birth_date=date(1995, 3, 14))
    assert ScreeningHit.objects.count() == 0


def test_screening_twice_finds_nothing_new_and_keeps_decisions() -> None:
    load_watchlist()
    application = screened_application()
    hit = ScreeningHit.objects.get()
    actions.decide_hit(hit, confirm=False, reason="different father's name", actor=service())
    outcome = actions.screen_application(application.pk, OFFICER)
    assert outcome.new_hits == 0
    assert ScreeningHit.objects.get().status == Review.DISMISSED


def test_a_new_watchlist_version_makes_every_application_pending_again() -> None:
    load_watchlist()
    application = screened_application()
    assert selectors.pending_application_ids() == []
    load_watchlist(WATCHLIST_CSV + "GRU-3,Иванов Иван Иванович,1980-02-02,male,,,,\n")
    assert selectors.pending_application_ids() == [application.pk]
    state = ScreeningState.objects.get(application=application)
    assert state.fingerprint != ""


def test_new_watchlist_version_keeps_the_old_one_and_its_hits() -> None:
    first = load_watchlist().version
    screened_application()
    second = load_watchlist(WATCHLIST_CSV).version
    assert first is not None and second is not None
    first.refresh_from_db()
    assert (first.is_current, second.is_current, second.number) == (False, True, 2)
    assert ScreeningHit.objects.get().entry.version == first


def test_bad_watchlist_rows_are_reported_by_line() -> None:
    result = load_watchlist(
        "id,name,birth_date\nW-1,Иванов Иван,1980-13-45\n,Петров Пётр,\nW-3,Сидоров Олег,\n"
    )
    assert result.version is not None and result.version.entry_count == 1
    assert [e.line for e in result.errors] == [2, 3]


def test_import_watchlist_command_names_a_missing_column(tmp_path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("id,name\n1,Иванов Иван\n")
    with pytest.raises(CommandError, match="birth_date"):
        call_command("import_watchlist", "GRU officers", str(path))


def test_decision_needs_a_reason_and_is_audited() -> None:
    load_watchlist()
    screened_application()
    hit = ScreeningHit.objects.get()
    with pytest.raises(actions.DecisionError):
        actions.decide_hit(hit, confirm=True, reason="  ", actor=service())
    actions.decide_hit(hit, confirm=True, reason="same service number", actor=service())
    assert AuditEvent.objects.filter(action="screening.hit_confirmed").count() == 1
    with pytest.raises(actions.DecisionError, match="already decided"):
        actions.decide_hit(hit, confirm=False, reason="changed my mind", actor=service())


def test_counterintelligence_officer_sees_the_hit_and_dismisses_it() -> None:
    load_watchlist()
    application = screened_application()
    officer = make_staff(Role.COUNTERINTELLIGENCE_OFFICER)
    client = signed_in_client(officer)
    page = client.get(f"/en/staff/applications/{application.pk}/")
    assert page.status_code == 200
    assert b'data-testid="hit"' in page.content
    assert b"GRU officers" in page.content
    assert AuditEvent.objects.filter(action="screening.hits_viewed", actor=officer).exists()
    hit = ScreeningHit.objects.get()
    response = client.post(
        f"/en/staff/screening/hits/{hit.pk}/decide/",
        {"decision": "dismiss", "reason": "born in another town"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    hit.refresh_from_db()
    assert (hit.status, hit.decided_by, hit.reason) == (
        Review.DISMISSED,
        officer,
        "born in another town",
    )


@pytest.mark.parametrize(
    "role", [Role.INTAKE_CLERK, Role.INTERVIEWER, Role.COMMANDER, Role.POLYGRAPH_EXAMINER]
)
def test_roles_outside_the_compartment_never_see_hits(role: Role) -> None:
    load_watchlist()
    application = screened_application()
    hit = ScreeningHit.objects.get()
    client = signed_in_client(make_staff(role))
    page = client.get(f"/en/staff/applications/{application.pk}/")
    assert b"GRU officers" not in page.content
    assert b"SHISHKAREV Nikolai" not in page.content
    assert b"screen" not in page.content.split(b"Timeline")[-1]
    assert client.get("/en/staff/screening/hits/").status_code == 403
    decide = client.post(
        f"/en/staff/screening/hits/{hit.pk}/decide/", {"decision": "dismiss", "reason": "x"}
    )
    assert decide.status_code == 403
    assert ScreeningHit.objects.get().status == Review.OPEN


def test_auditor_sees_hits_but_cannot_decide() -> None:
    load_watchlist()
    screened_application()
    hit = ScreeningHit.objects.get()
    client = signed_in_client(make_staff(Role.AUDITOR))
    assert client.get("/en/staff/screening/hits/").status_code == 200
    response = client.post(
        f"/en/staff/screening/hits/{hit.pk}/decide/", {"decision": "dismiss", "reason": "x"}
    )
    assert response.status_code == 403


def test_repeat_application_is_linked_and_both_originals_kept() -> None:
    first, _ = make_application(name_latin="", service_number="")
    second = screened_application(
        name_cyrillic="Шишкарев Николай", name_latin="Nikolay Shishkarev", service_number=""
    )
    candidate = DuplicateCandidate.objects.get(application=second)
    assert candidate.earlier == first
    clerk = make_staff(Role.INTAKE_CLERK)
    client = signed_in_client(clerk)
    page = client.get(f"/en/staff/applications/{second.pk}/")
    assert b'data-testid="duplicate"' in page.content
    client.post(
        f"/en/staff/screening/duplicates/{candidate.pk}/decide/",
        {"decision": "confirm", "reason": "same person, applied twice"},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.identity_id is not None and first.identity_id == second.identity_id
    assert second.name_cyrillic == "Шишкарев Николай"
    assert first.name_cyrillic == "Николай Александрович Шишкарёв"
    assert Application.objects.count() == 2


def test_portal_application_is_screened_after_commit(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    from vetting.intake.tests.factories import portal_post

    load_watchlist()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/apply/", portal_post())
    application = Application.objects.get()
    assert ScreeningState.objects.filter(application=application).exists()
    assert ScreeningHit.objects.filter(application=application).count() == 1
