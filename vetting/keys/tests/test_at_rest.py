"""Personal data is sealed in the database and on disk, and still works in the application."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import FieldError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection, transaction

from vetting.intake.models import Application
from vetting.intake.selectors import search_applications
from vetting.intake.tests.factories import make_application
from vetting.keys import seal
from vetting.keys.models import DataKey
from vetting.screening.models import Mention, WatchlistEntry

pytestmark = pytest.mark.django_db

SCAN_MARKER = b"%PDF-1.4 handwritten statement of Shishkarev Nikolay"


def database_dump() -> str:
    """Everything the database holds, as a dump of it would show it."""
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            with cursor.cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
                parts.append(b"".join(bytes(block) for block in copy).decode())
    return "\n".join(parts)


def personal_values() -> set[str]:
    """Every name, name word, birth date and statement of the demo, as a person would grep."""
    values: set[str] = set()
    for app in Application.objects.all():
        for name in (app.name_cyrillic, app.name_latin):
            values.add(name)
            values.update(word for word in name.split() if len(word) > 3)
        if app.birth_date:
            values.add(app.birth_date.isoformat())
            values.add(app.birth_date.strftime("%d.%m.%Y"))
        values.update(v for v in (app.statement, app.contact, app.service_number) if v)
    for entry in WatchlistEntry.objects.all():
        values.add(entry.name)
        values.update(entry.aliases)
    # The people the texts name: as written, read, and the sentence they were named in.
    for mention in Mention.objects.all():
        values.update((mention.written, mention.name, mention.sentence, mention.how_read))
    values.discard("")
    return values


def test_a_database_dump_and_the_files_show_no_personal_data(tmp_path: Path) -> None:
    call_command("generate_demo", seed=11, applications=60, watchlist_entries=150, verbosity=0)
    scan_name = storages["scans"].save("2026/11/page.pdf", ContentFile(SCAN_MARKER))
    values = personal_values()
    assert len(values) > 300  # names, words, dates, statements: the test looks for something
    assert Mention.objects.count() >= 3  # the demo's texts that name a listed person

    dump = database_dump()
    leaked = sorted(v for v in values if v in dump)
    assert leaked == []

    on_disk = Path(storages["scans"].path(scan_name)).read_bytes()
    assert b"Shishkarev" not in on_disk
    with storages["scans"].open(scan_name) as opened:
        assert opened.read() == SCAN_MARKER


def test_the_application_reads_what_it_sealed() -> None:
    application, _code = make_application(
        name_cyrillic="Шишкарёв Николай Петрович", birth_date=date(1988, 3, 14)
    )
    fresh = Application.objects.get(pk=application.pk)
    assert fresh.name_cyrillic == "Шишкарёв Николай Петрович"
    assert fresh.birth_date == date(1988, 3, 14)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name_cyrillic, birth_date, name_index FROM intake_application WHERE id = %s",
            [application.pk],
        )
        raw_name, raw_date, raw_index = cursor.fetchone()
    assert raw_name.startswith(seal.TEXT_PREFIX) and "Шишкар" not in raw_name
    assert "1988" not in raw_date
    assert re.fullmatch(r"( [0-9a-f]{16})+ ", raw_index)


def test_search_finds_a_sealed_name_in_another_spelling() -> None:
    wanted, _ = make_application(name_cyrillic="Шишкарёв Николай Петрович", name_latin="")
    make_application(name_cyrillic="Иванов Пётр Сергеевич", name_latin="")
    for query in ("Shishkarev", "шишкарев", "Chichkarev Nikolai"):
        found = search_applications(Application.objects.all(), text=query)
        assert list(found) == [wanted], query


def test_a_value_altered_or_moved_to_another_column_does_not_open() -> None:
    application, _ = make_application(name_cyrillic="Шишкарёв Николай Петрович")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE intake_application SET contact = name_cyrillic WHERE id = %s",
            [application.pk],
        )
    with pytest.raises(seal.SealError):
        Application.objects.get(pk=application.pk)
    sealed = seal.seal_text("Шишкарёв", "intake.application.name_cyrillic")
    damaged = sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB")
    with pytest.raises(seal.SealError):
        seal.open_text(damaged, "intake.application.name_cyrillic")


def test_equality_on_a_sealed_column_is_refused_rather_than_silently_empty() -> None:
    with pytest.raises(FieldError, match="blind index"):
        list(Application.objects.filter(name_latin="Shishkarev Nikolay"))
    assert Application.objects.filter(contact="").count() == 0  # empty stays comparable


def test_a_data_key_made_in_a_rolled_back_transaction_is_never_used_again() -> None:
    DataKey.objects.all().delete()
    seal.forget()
    with pytest.raises(RuntimeError), transaction.atomic():
        seal.seal_text("Шишкарёв", "test")
        assert DataKey.objects.count() == 1
        raise RuntimeError("the import failed")
    assert DataKey.objects.count() == 0
    sealed = seal.seal_text("Шишкарёв", "test")
    seal.forget()  # another process: it knows only what is in the database
    assert seal.open_text(sealed, "test") == "Шишкарёв"
