import pytest

from vetting.accounts.tests.factories import make_staff, signed_in_client
from vetting.cases import paging
from vetting.cases.models import Case
from vetting.cases.tests.factories import new_case
from vetting.policy.roles import Role

pytestmark = pytest.mark.django_db


def make_cases(n: int) -> list[Case]:
    return [
        new_case(name_cyrillic=f"Иван Петров{'а' * i}", name_latin="", service_number=str(i))
        for i in range(n)
    ]


def test_queue_lists_oldest_first_with_an_exact_count() -> None:
    cases = make_cases(3)
    Case.objects.filter(pk=cases[2].pk).update(stage_since=cases[0].stage_since.replace(year=2020))
    page = signed_in_client(make_staff(Role.INTAKE_CLERK)).get("/en/staff/cases/")
    assert [c.pk for c in page.context["page"]] == [cases[2].pk, cases[0].pk, cases[1].pk]
    assert "3 cases" in page.content.decode()


def test_long_queue_counts_up_to_the_cap_and_still_pages_to_the_end(monkeypatch) -> None:
    monkeypatch.setattr(paging, "QUEUE_COUNT_CAP", 3)
    cases = make_cases(5)
    client = signed_in_client(make_staff(Role.INTAKE_CLERK))
    monkeypatch.setattr(paging.QueuePaginator, "__init__", _two_per_page)
    first = client.get("/en/staff/cases/")
    assert "&gt; 3 cases" in first.content.decode()
    seen = [c.pk for c in first.context["page"]]
    number = 1
    while first.context["page"].has_next():
        number += 1
        first = client.get(f"/en/staff/cases/?page={number}")
        seen += [c.pk for c in first.context["page"]]
    assert sorted(seen) == sorted(c.pk for c in cases) and len(seen) == 5


def _two_per_page(self, object_list, per_page, **kwargs):  # type: ignore[no-untyped-def]
    paging.Paginator.__init__(self, object_list, 2, **kwargs)
