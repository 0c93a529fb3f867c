"""A case queue has a search: by case or application reference, or by name, posted once and
kept under an opaque key; and it exports as the page shows it."""

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest

from vetting.accounts.tests.factories import make_staff, signed_in_client
from vetting.audit.models import AuditEvent
from vetting.cases.tests.factories import new_case
from vetting.policy.roles import Role

pytestmark = pytest.mark.django_db

QUEUE = "/en/staff/cases/"


def test_the_queue_finds_a_case_by_name_or_reference_without_a_name_in_the_url() -> None:
    ivan = new_case(name_cyrillic="Иван Петров", name_latin="Ivan Petrov", service_number="1")
    olga = new_case(name_cyrillic="Ольга Коваль", name_latin="Olga Koval", service_number="2")
    client = signed_in_client(make_staff(Role.INTAKE_CLERK))
    for text, expected in (
        ("Коваль", olga),
        (ivan.reference, ivan),
        (str(ivan.application_id), ivan),
    ):
        response = client.post(QUEUE, {"q": text, "order": "triage"})
        assert response.status_code == 303
        query = parse_qs(urlsplit(response["Location"]).query)
        # The search is kept under an opaque key: no value of the address is what was typed.
        assert [text] not in query.values() and query["q"][0] != text
        page = client.get(response["Location"]).context["page"]
        assert [c.pk for c in page] == [expected.pk], text
    entry = AuditEvent.objects.filter(action="case.queue_viewed").last()
    assert entry is not None and entry.detail == {"shown": [ivan.pk], "searched": True}


def test_the_queue_export_is_the_searched_queue() -> None:
    new_case(name_cyrillic="Иван Петров", name_latin="Ivan Petrov", service_number="1")
    olga = new_case(name_cyrillic="Ольга Коваль", name_latin="Olga Koval", service_number="2")
    client = signed_in_client(make_staff(Role.INTAKE_CLERK))
    query = urlsplit(client.post(QUEUE, {"q": "Olga"})["Location"]).query
    response = client.get(f"{QUEUE}export.csv?{query}")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == [olga.reference]
    assert AuditEvent.objects.get(action="staff.exported").detail["shown"] == [olga.pk]
