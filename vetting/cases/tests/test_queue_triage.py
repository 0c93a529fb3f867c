"""The queue can put first the cases most worth an officer's time, and says why."""

from datetime import timedelta

import pytest
from django.utils import timezone

from vetting.accounts.tests.factories import make_staff, signed_in_client
from vetting.cases.models import Case
from vetting.cases.selectors import queue_for
from vetting.cases.tests.factories import new_case
from vetting.policy.roles import Role

pytestmark = pytest.mark.django_db


def test_triage_order_puts_the_complete_application_first_and_oldest_order_stays() -> None:
    sparse = new_case(unit="", service_number="", statement="", place_of_birth="")
    complete = new_case()
    Case.objects.filter(pk=sparse.pk).update(stage_since=timezone.now() - timedelta(days=3))
    clerk = make_staff(Role.INTAKE_CLERK)

    assert list(queue_for(clerk)) == [sparse, complete]
    assert list(queue_for(clerk, by_triage=True)) == [complete, sparse]

    body = signed_in_client(clerk).get("/en/staff/cases/?order=triage").content.decode()
    assert body.index(complete.reference) < body.index(sparse.reference)
    assert "unit and service number given" in body
