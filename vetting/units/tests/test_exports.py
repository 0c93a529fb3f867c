"""The roster and the personnel list as spreadsheets: each what its page shows, audited."""

import csv
import io
from datetime import date

import pytest

from vetting.accounts.tests.factories import make_staff, signed_in_client
from vetting.audit.models import AuditEvent
from vetting.cases.tests.factories import Team, as_
from vetting.policy.courses import CourseKind, Specialty
from vetting.policy.roles import Role
from vetting.units import actions
from vetting.units.tests.factories import SYSTEM, Staff, Tree, enlisted

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_roster_exports_call_signs_and_the_personnel_list_the_names_behind_them() -> None:
    team, staff, tree = Team.create(), Staff.create(), Tree.create()
    volunteer = enlisted(team)
    staff.qualify(volunteer, CourseKind.BASIC)
    actions.assign(
        volunteer,
        subdivision=tree.platoon1,
        specialty=Specialty.RIFLEMAN,
        starts_on=date(2026, 4, 1),
        actor=as_(staff.personnel),
    )
    actions.set_commanders(tree.platoon1, [team.commander1], actor=SYSTEM)
    name = volunteer.case.application.display_name
    url = f"/en/staff/units/{tree.platoon1.pk}/roster.csv"
    roster = _rows(signed_in_client(team.commander1).get(url))
    assert roster[1][0] == volunteer.call_sign and name not in str(roster)
    personnel = _rows(signed_in_client(staff.personnel).get("/en/staff/personnel/export.csv"))
    assert personnel[1][:2] == [volunteer.call_sign, name]
    exports = AuditEvent.objects.filter(action="staff.exported").order_by("position")
    assert [e.detail["shown"] for e in exports] == [[volunteer.pk], [volunteer.pk]]
    assert (
        signed_in_client(make_staff(Role.COMMANDER))
        .get("/en/staff/personnel/export.csv")
        .status_code
        == 403
    )
