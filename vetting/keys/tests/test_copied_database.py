"""A copy of the database (a backup, a stolen disk) and of the files opens nothing: the attacks of
someone who copied them, each as they did it."""

import base64
import hashlib
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone

from vetting.accounts.models import Authenticator
from vetting.accounts.tests.factories import make_staff, signed_in_client
from vetting.audit.actions import Actor
from vetting.audit.models import AuditEvent
from vetting.cases.tests.factories import Team, as_, new_case
from vetting.intake import actions as intake
from vetting.intake.models import Application
from vetting.intake.selectors import search_applications
from vetting.intake.tests.factories import applicant_fields, make_application, portal_post
from vetting.intake.tests.test_portal import receipt_code_in
from vetting.keys import seal
from vetting.keys.storage import SealedFileSystemStorage
from vetting.keys.tests.test_at_rest import database_dump
from vetting.places.actions import map_spelling
from vetting.places.models import Spelling
from vetting.places.tests.factories import site as place_of
from vetting.policy.roles import Role
from vetting.selection.actions import book_interviews
from vetting.selection.selectors import candidates as visit_candidates
from vetting.selection.tests.factories import plan

pytestmark = pytest.mark.django_db

FILE_NAME = "Шишкарёв_Іван_паспорт.pdf"


def test_a_session_key_taken_from_the_table_is_no_cookie() -> None:
    clerk = make_staff(Role.INTAKE_CLERK)
    officer = signed_in_client(clerk)
    assert "/staff/login/" not in officer.get("/en/staff/")["Location"]  # signed in
    cookie = officer.cookies[settings.SESSION_COOKIE_NAME].value
    rows = list(Session.objects.values_list("session_key", flat=True))
    assert rows and cookie not in rows and cookie not in database_dump()
    for stolen in rows:
        thief = Client()
        thief.cookies[settings.SESSION_COOKIE_NAME] = stolen
        assert "/staff/login/" in thief.get("/en/staff/cases/")["Location"]


def test_signing_out_ends_the_session_row() -> None:
    officer = signed_in_client(make_staff(Role.INTAKE_CLERK))
    assert Session.objects.count() == 1
    officer.post("/en/staff/logout/")
    assert Session.objects.count() == 0


def test_authenticator_seeds_are_sealed_and_still_give_codes() -> None:
    clerk = make_staff(Role.INTAKE_CLERK)
    device = Authenticator.objects.get(user=clerk)
    hex_seed = device.key
    base32_seed = base64.b32encode(bytes.fromhex(hex_seed)).decode()
    dump = database_dump()
    assert hex_seed not in dump and base32_seed not in dump
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM accounts_authenticator WHERE id = %s", [device.pk])
        assert seal.is_sealed(cursor.fetchone()[0])
    assert "/staff/login/" not in signed_in_client(clerk).get("/en/staff/")["Location"]


def test_a_receipt_code_is_in_no_session_and_nowhere_in_the_database(client: Client) -> None:
    """The attack: the code sat in the session row from the submission until the receipt page
    loaded. The database is read as a copy taken right after the submission's answer, before
    any other page is asked for, would hold it."""
    answer = client.post("/en/apply/", portal_post())
    copied = database_dump() + "".join(str(row.get_decoded()) for row in Session.objects.all())
    shown = client.get(answer["Location"]) if answer.status_code == 302 else answer
    code = receipt_code_in(shown.content.decode())
    assert code not in copied, "the code was in the database between the answer and its page"
    assert code not in database_dump()
    for row in Session.objects.all():
        assert code not in str(row.get_decoded())
    reload = client.get("/en/apply/receipt/")
    assert reload.status_code == 200 and code not in reload.content.decode()  # shown once


def test_a_scan_keeps_no_file_name_on_disk_or_in_the_table(monkeypatch, tmp_path) -> None:
    field = Application._meta.get_field("scan")
    monkeypatch.setattr(field, "storage", SealedFileSystemStorage(location=tmp_path))
    clerk = make_staff(Role.INTAKE_CLERK)
    submission = intake.record_paper_application(
        applicant_fields(),
        scan=SimpleUploadedFile(FILE_NAME, b"%PDF-1.4 scan of a handwritten page"),
        language="ru",
        consent_text="Добровольно.",
        consent_date=timezone.localdate(),
        paper_reference="",
        actor=Actor(clerk),
    )
    application = Application.objects.get(pk=submission.application.pk)
    assert application.scan_name == FILE_NAME
    stored = str(application.scan.name)
    assert "Шишкар" not in stored and len(Path(stored).name) == 32
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [Path(stored).name]
    assert "Шишкар" not in database_dump()
    with application.scan.open("rb") as opened:
        assert opened.read() == b"%PDF-1.4 scan of a handwritten page"


def test_status_rank_citizenship_specialty_and_site_are_sealed_and_still_filter() -> None:
    pow_, _ = make_application(
        rank="старший прапорщик",
        specialty="механик-водитель БМП",
        detention_site="СИЗО-2 Сумской области",
    )
    civilian, _ = make_application(applicant_status="civilian", detention_site="")
    dump = database_dump()
    for clear in (
        "старший прапорщик",
        "механик-водитель БМП",
        "Russian Federation",
        "СИЗО-2 Сумской",
    ):
        assert clear not in dump
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT applicant_status, rank, citizenship, specialty, detention_site"
            " FROM intake_application"
        )
        for row in cursor.fetchall():
            assert all(seal.is_sealed(value) for value in row if value)
    everyone = Application.objects.all()
    assert list(search_applications(everyone, status="pow")) == [pow_]
    assert list(search_applications(everyone, status="civilian")) == [civilian]


def test_a_copied_application_row_does_not_tell_where_its_prisoner_is_held() -> None:
    """Issue #11: the site of the list an application is mapped to is a keyed digest, not the
    site's id; pages still filter on it and a visit to the site still finds the prisoner."""
    team = Team.create()
    place = place_of("Detention site No. 3")
    other = place_of("Detention site No. 4")
    held, _ = make_application(detention_site="Detention site No. 3")
    make_application(detention_site="Detention site No. 4")
    assert held.place == place  # mapped, whatever the row holds
    with connection.cursor() as cursor:
        columns = [
            c.name
            for c in connection.introspection.get_table_description(cursor, "intake_application")
        ]
        assert "place_id" not in columns and "place_index" in columns
        cursor.execute("SELECT * FROM intake_application WHERE id = %s", [held.pk])
        row = dict(zip(columns, cursor.fetchone(), strict=True))
    stored = row["place_index"]
    assert re.fullmatch(r"[0-9a-f]{16}", stored)
    assert stored not in (str(place.pk), str(other.pk))
    # Without the key, the copy cannot compute a site's digest: it is keyed, not a hash of the id.
    assert stored not in {hashlib.sha256(str(place.pk).encode()).hexdigest()[:16]}
    everyone = Application.objects.all()
    assert list(search_applications(everyone, site=str(place.pk))) == [held]
    visit = plan(team, site="Detention site No. 3")
    found = list(visit_candidates(team.clerk, visit).values_list("application_id", flat=True))
    assert found == [held.pk]


def test_a_copied_visit_interview_or_audit_entry_does_not_tell_where_a_prisoner_is_held() -> None:
    """Issue #11: a booked slot ties a case to a visit, and an interview carries its place: the
    visit's site is the same keyed digest and its name sealed, the interview's place sealed,
    and mapping a spelling records how many applications moved, not which."""
    team = Team.create()
    place = place_of("Detention site No. 3")
    case = new_case(detention_site="Detention site No. 3")
    visit = plan(team, site="Detention site No. 3")
    booking = book_interviews(visit, [case.pk], actor=as_(team.clerk))
    assert not booking.refused and visit.site_name == "Detention site No. 3"
    with connection.cursor() as cursor:
        columns = [
            c.name
            for c in connection.introspection.get_table_description(cursor, "selection_fieldvisit")
        ]
        assert "place_id" not in columns
        cursor.execute("SELECT site, place_index FROM selection_fieldvisit")
        ((site, digest),) = cursor.fetchall()
        cursor.execute("SELECT place FROM cases_interview")
        places = [row[0] for row in cursor.fetchall()]
    assert seal.is_sealed(site) and digest not in (str(place.pk), "")
    assert places and all(seal.is_sealed(p) for p in places)
    assert "Detention site No. 3" not in "".join([site, *places])
    # A spelling nobody knew, mapped later: the audit entry counts the applications it moved.
    waiting, _ = make_application(detention_site="Лагерь у Новой Руды")
    spelling = Spelling.objects.get(waiting__application=waiting)
    moved = map_spelling(spelling, place=place, actor=as_(team.clerk))
    assert moved == [waiting.pk]
    entry = AuditEvent.objects.filter(action="place.spelling_mapped").get()
    assert entry.detail["applications"] == 1
    assert str(waiting.pk) not in json.dumps(entry.detail)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded database is a file")
def test_the_embedded_database_and_var_are_for_the_service_account_alone(tmp_path) -> None:
    var = tmp_path / "var"
    env = {**os.environ, "VETTING_VAR_DIR": str(var)}
    env.pop("VETTING_DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "vetting", "migrate", "--no-input", "-v", "0"],
        env=env,
        check=True,
        timeout=600,
    )
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    database = var / "vetting.sqlite3"
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    for path in var.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, (path, oct(mode))
