"""What the trail must hold besides changes: failed sign-ins, refused pages, exports."""

import json

import pytest
from django.forms.models import model_to_dict
from django.test import Client

from vetting.accounts.tests.factories import PASSWORD, current_code, make_staff, signed_in_client
from vetting.audit.actions import Actor, record_export
from vetting.audit.models import AuditEvent
from vetting.audit.selectors import timeline_for
from vetting.cases.tests.factories import new_case
from vetting.policy.roles import Role

pytestmark = pytest.mark.django_db


def only(action: str) -> AuditEvent:
    return AuditEvent.objects.get(action=action)


def row_text(event: AuditEvent) -> str:
    return json.dumps(model_to_dict(event), default=str)


def sign_in(**data: str) -> None:
    Client().post("/en/staff/login/", data)


def test_a_wrong_password_is_audited_with_the_account_tried_but_not_the_password() -> None:
    user = make_staff(Role.INTAKE_CLERK)
    sign_in(username=user.username, password="Tr0ub4dor&3", otp_token=current_code(user))
    failed = only("staff.login_failed")
    assert (failed.target_type, failed.target_id) == ("auth.user", str(user.pk))
    assert failed.detail == {"failed": "password"}
    assert failed.actor_id is None and failed.origin.startswith("web ")
    assert "Tr0ub4dor" not in row_text(failed)


def test_an_unknown_name_is_audited_without_the_name_typed() -> None:
    # People type passwords into the name box; the trail must not keep them.
    sign_in(username="my-secret-passphrase", password=PASSWORD, otp_token="123456")
    failed = only("staff.login_failed")
    assert failed.target_id == "" and failed.detail == {"failed": "password"}
    assert "my-secret-passphrase" not in row_text(failed)


def test_a_wrong_code_is_audited_as_the_second_factor_failing() -> None:
    user = make_staff(Role.COMMANDER)
    code = "000000" if current_code(user) != "000000" else "111111"
    sign_in(username=user.username, password=PASSWORD, otp_token=code)
    failed = only("staff.login_failed")
    assert failed.target_id == str(user.pk) and failed.detail == {"failed": "code"}


def test_a_wrong_code_at_enrolment_is_audited() -> None:
    from django.contrib.auth.models import User

    from vetting.accounts.actions import issue_setup_code_by_command

    newcomer = User.objects.create_user("newcomer")
    code = issue_setup_code_by_command(newcomer, actor=Actor(origin="test"))
    client = Client()
    client.post(
        "/en/staff/setup/",
        {"username": "newcomer", "code": code, "password1": PASSWORD, "password2": PASSWORD},
    )
    client.get("/en/staff/enrol/")
    client.post("/en/staff/enrol/", {"otp_token": "12345678"})
    failed = only("staff.login_failed")
    assert failed.detail == {"failed": "enrolment code"}


def test_there_is_no_django_admin_to_sign_in_to() -> None:
    """Accounts change only through the staff pages, under four eyes: the stock admin, which let
    an administrator tick is_superuser, is gone."""
    user = make_staff(Role.ADMINISTRATOR)
    client = signed_in_client(user)
    for path in ("/en/staff/admin/", "/en/staff/admin/auth/user/", "/en/staff/admin/login/"):
        assert client.get(path).status_code == 404, path


def test_a_403_of_a_staff_page_is_audited() -> None:
    instructor = make_staff(Role.TRAINING_INSTRUCTOR)
    response = signed_in_client(instructor).get("/en/staff/applications/")
    assert response.status_code == 403
    refused = only("staff.refused")
    assert refused.actor_id == instructor.pk
    assert refused.detail == {"status": 403, "view": "intake:application-list"}


def test_a_hidden_case_and_a_missing_one_are_both_audited_and_told_apart() -> None:
    case = new_case()
    examiner = make_staff(Role.POLYGRAPH_EXAMINER)  # sees only cases with a session of theirs
    client = signed_in_client(examiner)
    hidden = client.get(f"/en/staff/cases/{case.pk}/")
    missing = client.get(f"/en/staff/cases/{case.pk + 1000}/")
    assert hidden.status_code == missing.status_code == 404
    first, second = AuditEvent.objects.filter(action="staff.refused").order_by("position")
    assert (first.target_type, first.target_id) == ("cases.case", str(case.pk))
    assert first.detail == {"status": 404, "view": "cases:case", "exists": True}
    assert second.target_id == str(case.pk + 1000) and second.detail["exists"] is False
    assert first.actor_id == second.actor_id == examiner.pk


def test_refusals_show_in_an_object_timeline_for_the_auditor_only() -> None:
    case = new_case()
    signed_in_client(make_staff(Role.POLYGRAPH_EXAMINER)).get(f"/en/staff/cases/{case.pk}/")
    clerk, auditor = make_staff(Role.INTAKE_CLERK), make_staff(Role.AUDITOR)
    target = ("cases.case", case.pk)
    assert not timeline_for(clerk, target).filter(action="staff.refused").exists()
    assert timeline_for(auditor, target).filter(action="staff.refused").count() == 1


def test_an_export_is_recorded_with_what_and_how_many() -> None:
    case = new_case()
    clerk = make_staff(Role.INTAKE_CLERK)
    event = record_export(Actor(user=clerk, origin="web 10.0.0.1"), "cases.csv", rows=120)
    assert (event.action, event.actor_id, event.detail) == (
        "staff.exported",
        clerk.pk,
        {"what": "cases.csv", "rows": 120},
    )
    of_case = record_export(Actor(user=clerk), "case.pdf", case)
    assert (of_case.target_type, of_case.target_id) == ("cases.case", str(case.pk))
    assert of_case.detail == {"what": "case.pdf"}
