"""Call signs in the volunteer's language, from the words the formation keeps, unique, and
changed only by a personnel officer with a reason; the accepted case links to the file."""

import random

import pytest

from vetting.accounts.tests.factories import make_staff, signed_in_client
from vetting.audit.models import AuditEvent
from vetting.cases.tests.factories import Team, advance, as_, new_case
from vetting.intake.models import Application
from vetting.policy.authority import NotAllowed
from vetting.policy.roles import Role
from vetting.policy.workflow import Stage
from vetting.units import actions, callsigns, selectors
from vetting.units.models import CallSignChange, CallSignWord, Volunteer
from vetting.units.tests.factories import Staff, enlisted

pytestmark = pytest.mark.django_db

CYRILLIC = set("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяёыэъ")


@pytest.fixture
def team() -> Team:
    return Team.create()


@pytest.fixture
def staff() -> Staff:
    return Staff.create()


def _word(call_sign: str) -> str:
    return call_sign.rsplit(" ", 1)[0]


def test_a_call_sign_is_drawn_in_the_language_the_volunteer_applied_in(team: Team) -> None:
    russian = enlisted(team)  # the factory's applicant writes in Russian
    assert _word(russian.call_sign) in callsigns.DEFAULT_WORDS["ru"]
    case = new_case(name_cyrillic="Олег Петренко", name_latin="Oleh Petrenko")
    Application.objects.filter(pk=case.application_id).update(language="uk")
    ukrainian = Volunteer.objects.get(case=advance(case, team, Stage.ACCEPTED))
    assert _word(ukrainian.call_sign) in callsigns.DEFAULT_WORDS["uk"]
    assert set(_word(ukrainian.call_sign).lower()) <= CYRILLIC


def test_the_formations_own_words_replace_the_defaults(team: Team, staff: Staff) -> None:
    officer = as_(staff.personnel)
    actions.add_call_sign_word("Шторм", language="ru", actor=officer)
    assert _word(enlisted(team).call_sign) == "Шторм"
    word = CallSignWord.objects.get()
    actions.retire_call_sign_word(word, actor=officer)
    assert selectors.call_sign_words("ru") == list(callsigns.DEFAULT_WORDS["ru"])
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="units.call_sign")] == [
        "units.call_sign_word_added",
        "units.call_sign_word_retired",
    ]


def test_only_a_personnel_officer_keeps_the_words(team: Team, staff: Staff) -> None:
    for role in (Role.AUDITOR, Role.COMMANDER):
        with pytest.raises(NotAllowed):
            actions.add_call_sign_word("Шторм", language="uk", actor=as_(make_staff(role)))
    with pytest.raises(actions.PersonnelError):
        actions.add_call_sign_word("Шторм 12", language="uk", actor=as_(staff.personnel))


def test_a_call_sign_is_unique_whatever_its_letter_case(team: Team) -> None:
    taken = {"Сокіл 27"}
    sign = callsigns.unique_call_sign(random.Random(1), taken.__contains__, ["Сокіл"])
    assert sign not in taken
    first, second = enlisted(team), enlisted(team)
    officer = as_(Staff.create().personnel)
    with pytest.raises(actions.PersonnelError, match="Another volunteer"):
        actions.change_call_sign(
            second, call_sign=first.call_sign.upper(), reason="r", actor=officer
        )


def test_a_personnel_officer_changes_a_call_sign_with_a_reason_on_record(
    team: Team, staff: Staff
) -> None:
    volunteer = enlisted(team)
    old = volunteer.call_sign
    client = signed_in_client(staff.personnel)
    page = client.get(f"/en/staff/personnel/{volunteer.pk}/")
    proposed = page.context["call_sign_form"].initial["call_sign"]
    assert _word(proposed) in callsigns.DEFAULT_WORDS["ru"]
    url = f"/en/staff/personnel/{volunteer.pk}/call-sign/"
    client.post(url, {"call_sign": "Сокол 11", "reason": ""})
    assert Volunteer.objects.get(pk=volunteer.pk).call_sign == old  # no reason, no change
    client.post(url, {"call_sign": "Сокол 11", "reason": "известен в плену под прежним"})
    assert Volunteer.objects.get(pk=volunteer.pk).call_sign == "Сокол 11"
    change = CallSignChange.objects.get()
    assert (change.old, change.new, change.changed_by) == (old, "Сокол 11", staff.personnel)
    entry = AuditEvent.objects.get(action="volunteer.call_sign_changed")
    assert entry.detail == {"old": old, "new": "Сокол 11", "change": change.pk}
    assert "плену" not in str(entry.detail)
    body = client.get(f"/en/staff/personnel/{volunteer.pk}/").content.decode()
    assert "известен в плену" in body and old in body
    auditor = signed_in_client(team.auditor)
    assert auditor.post(url, {"call_sign": "X 1", "reason": "r"}).status_code == 403


def test_the_call_sign_words_page(team: Team, staff: Staff) -> None:
    officer = signed_in_client(staff.personnel)
    url = "/en/staff/personnel/call-sign-words/"
    assert officer.post(url, {"word": "Шторм", "language": "uk"}).status_code == 302
    word = CallSignWord.objects.get()
    assert "Шторм" in officer.get(url).content.decode()
    auditor = signed_in_client(team.auditor)
    assert auditor.get(url).status_code == 200
    auditor.post(url, {"retire": str(word.pk)})
    assert CallSignWord.objects.get().retired_at is None
    assert AuditEvent.objects.filter(action="staff.refused", actor=team.auditor).exists()
    officer.post(url, {"retire": str(word.pk)})
    assert CallSignWord.objects.get().retired_at is not None


def test_the_accepted_case_links_to_the_personnel_file_in_that_compartment_only(
    team: Team,
) -> None:
    volunteer = enlisted(team)
    link = f"/en/staff/personnel/{volunteer.pk}/"
    case_page = f"/en/staff/cases/{volunteer.case_id}/"
    auditor = signed_in_client(team.auditor).get(case_page).content.decode()
    assert link in auditor and volunteer.call_sign in auditor
    commander = signed_in_client(team.commander1).get(case_page).content.decode()
    assert link not in commander and volunteer.call_sign not in commander
