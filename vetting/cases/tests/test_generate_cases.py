"""The benchmark generator writes the same sealed rows the application would."""

import pytest
from django.core.management import call_command
from django.db import connection

from vetting.cases.models import Case, Claim, Interview
from vetting.intake.models import Application
from vetting.intake.selectors import search_applications

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="generate-cases is set-based PostgreSQL SQL"
    ),
]


def test_generated_cases_are_sealed_and_readable() -> None:
    call_command("generate_cases", cases=300, seed=5, verbosity=0)
    assert Case.objects.count() == 300
    applications = list(Application.objects.all()[:50])
    assert all(a.name_cyrillic and a.birth_date for a in applications)
    assert {c.statement for c in Claim.objects.all()[:20]} - {""}
    assert any(i.notes for i in Interview.objects.all())
    surname = applications[0].name_latin.split()[0]
    assert applications[0] in search_applications(Application.objects.all(), text=surname)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM intake_application WHERE name_cyrillic LIKE 'v1.%'")
        assert cursor.fetchone()[0] == 300
