"""The staff search box finds a person by any spelling screening finds, and a number by number."""

from types import SimpleNamespace

import pytest

from vetting.intake.models import Application
from vetting.intake.selectors import search_applications
from vetting.intake.tests.factories import make_application

pytestmark = pytest.mark.django_db


def found(text: str) -> list[Application]:
    return list(search_applications(Application.objects.order_by("pk"), text=text))


def test_every_spelling_screening_finds_finds_the_same_people() -> None:
    russian, _ = make_application(name_cyrillic="Шишкарёв Николай Александрович", name_latin="")
    ukrainian, _ = make_application(
        name_cyrillic="Шишкарьов Микола Олександрович", name_latin="Shyshkarov Mykola"
    )
    make_application(name_cyrillic="Шишков Николай Петрович", name_latin="")
    for query in ("Shyshkarov", "Shishkarev", "Шишкарёв", "Шишкарев", "SHISHKARYOV", "Šiškarëv"):
        assert found(query) == [russian, ukrainian], query
    for query in ("Shishkarev Mykola", "Шишкарьов Николай", "Шиш\u200bкарёв Nikolai"):
        assert found(query) == [russian, ukrainian], query


def test_a_declined_or_feminine_form_finds_the_name() -> None:
    wanted, _ = make_application(name_cyrillic="Шишкарёв Николай Александрович", name_latin="")
    for query in ("Шишкарёвым", "Шишкарёва Николая", "Шишкарьову Миколі"):
        assert found(query) == [wanted], query


def test_another_given_name_narrows_the_search() -> None:
    make_application(name_cyrillic="Шишкарёв Николай Александрович", name_latin="")
    assert found("Шишкарёв Пётр") == []


@pytest.mark.parametrize("written", ["{pk}", "A-{pk:07d}", "a{pk}", "А-{pk:07d}", " {pk:07d} "])
def test_a_number_finds_that_application_only(written: str) -> None:
    make_application(name_cyrillic="Иванов Иван Иванович", name_latin="")
    wanted, _ = make_application(name_cyrillic="Петров Пётр Петрович", name_latin="")
    make_application(name_cyrillic="Сидоров Сидор Сидорович", name_latin="")
    assert found(written.format(pk=wanted.pk)) == [wanted]


def test_the_migration_rebuilds_an_index_of_skeletons_only() -> None:
    from django.apps import apps
    from django.db import connection

    from vetting.keys import seal
    from vetting.keys.migration import reindex_names

    wanted, _ = make_application(name_cyrillic="Шишкарьов Микола", name_latin="")
    old = f" {seal.blind_index('SiSkarev', 'name')} {seal.blind_index('mikola', 'name')} "
    Application.objects.filter(pk=wanted.pk).update(name_index=old)
    assert found("Shyshkarov") == []
    # The step reads only the editor's connection.
    editor = SimpleNamespace(connection=connection)
    reindex_names("intake.Application", ["name_cyrillic", "name_latin"])(apps, editor)
    assert found("Shyshkarov") == [wanted]
