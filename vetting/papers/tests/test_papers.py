"""Papers open in a PDF reader with their Cyrillic text extractable, say who printed them and
when, and each one handed out is an audited export."""

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from vetting.accounts.tests.factories import make_staff, signed_in_client
from vetting.audit.models import AuditEvent
from vetting.cases.tests.factories import Team, advance, new_case
from vetting.intake.tests.factories import make_application
from vetting.policy.roles import Role
from vetting.policy.workflow import Stage
from vetting.selection.tests.factories import booked_visit

pytestmark = pytest.mark.django_db


def text_of(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def url(name: str, *args: object, language: str = "en") -> str:
    """The paper's address in one language: the page's prefix, not the test's, sets it."""
    with translation.override(language):
        return reverse(name, args=list(args))


def exports() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="staff.exported").order_by("position"))


@pytest.fixture
def team() -> Team:
    return Team.create()


def test_the_commanders_case_summary_has_the_name_results_and_signature_lines(team: Team) -> None:
    case = advance(new_case(), team, Stage.COMMANDER_DECISION)
    client = signed_in_client(team.commander1, language="ru")
    text = text_of(client.get(url("papers:case-summary", case.pk, language="ru")))
    assert "Николай Александрович Шишкарёв" in text
    assert "Командир" in text and "Второй командир" in text  # the two signature lines
    assert text.count("Без замечаний") == 2  # both services' results, in the reader's language
    assert f"Напечатал {team.commander1.username}" in text
    [entry] = exports()
    assert entry.actor == team.commander1 and entry.detail["what"].endswith("summary.pdf")


def test_an_acceptance_order_needs_an_acceptance(team: Team) -> None:
    client = signed_in_client(team.commander1, language="uk")
    undecided = advance(new_case(), team, Stage.COMMANDER_DECISION)
    assert (
        client.get(url("papers:acceptance-order", undecided.pk, language="uk")).status_code == 404
    )
    accepted = advance(new_case(), team, Stage.ACCEPTED)
    text = text_of(client.get(url("papers:acceptance-order", accepted.pk, language="uk")))
    assert "Наказ (проєкт)" in text
    assert "Николай Александрович Шишкарёв" in text
    assert accepted.volunteer.call_sign in text
    assert team.commander2.username in text  # the second commander who confirmed


def test_a_visit_list_names_the_booked_candidates(team: Team) -> None:
    visit = booked_visit(team, cases=2)
    client = signed_in_client(team.commander1, language="uk")
    text = text_of(client.get(url("papers:visit-candidates", visit.pk, language="uk")))
    assert text.count("Николай Александрович Шишкарёв") >= 2
    [entry] = exports()
    assert entry.detail["rows"] >= 2 and len(entry.detail["booked"]) == 2


def test_only_commanders_print_what_commanders_sign(team: Team) -> None:
    case = advance(new_case(), team, Stage.COMMANDER_DECISION)
    for user in (team.clerk, team.security, team.auditor):
        response = signed_in_client(user).get(reverse("papers:case-summary", args=[case.pk]))
        assert response.status_code == 403
    assert not exports()


def test_the_applicant_prints_a_receipt_with_the_code_and_nothing_else() -> None:
    application, code = make_application()
    client = Client()
    response = client.post(reverse("papers:receipt"), {"code": code}, HTTP_ACCEPT_LANGUAGE="uk")
    text = text_of(response)
    assert code in text and application.reference in text
    assert "Шишкарёв" not in text  # a lost receipt names no one
    assert client.post(reverse("papers:receipt"), {"code": "X" * 23}).status_code == 404
    [entry] = exports()
    assert entry.actor is None and entry.detail["what"] == "receipt.pdf"


def test_a_roster_prints_call_signs_for_the_units_commander() -> None:
    from tests.test_access_matrix import after_acceptance_world

    team = Team.create()
    people: dict[str, Any] = {}
    world = after_acceptance_world(team, people)
    client = signed_in_client(team.commander1, language="uk")
    text = text_of(client.get(reverse("papers:roster", args=[world["platoon"].pk])))
    assert world["volunteer"].call_sign in text
    assert "Шишкарёв" not in text  # call signs, never the names behind them
    other = make_staff(Role.COMMANDER, "t-commander-elsewhere")
    assert signed_in_client(other).get(
        reverse("papers:roster", args=[world["platoon"].pk])
    ).status_code in (403, 404)
