import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from vetting.accounts.tests.factories import PASSWORD, make_staff, signed_in_client
from vetting.audit.models import AuditEvent
from vetting.intake.models import Application, Channel
from vetting.intake.tests.factories import applicant_fields, make_application
from vetting.policy.roles import Role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_clerk_finds_an_application_by_name_and_reference() -> None:
    application, _ = make_application()
    make_application(name_cyrillic="Алексей Морозов", name_latin="Aleksei Morozov")
    client = signed_in_client(make_staff(Role.INTAKE_CLERK))
    by_name = client.post("/en/staff/applications/", {"q": "Шишкарёв"}, follow=True)
    assert [a.pk for a in by_name.context["page"]] == [application.pk]
    by_reference = client.post("/en/staff/applications/", {"q": application.reference}, follow=True)
    assert [a.pk for a in by_reference.context["page"]] == [application.pk]


def test_search_text_in_a_url_is_ignored() -> None:
    make_application()
    client = signed_in_client(make_staff(Role.INTAKE_CLERK))
    response = client.get("/en/staff/applications/", {"q": "nobody by this name"})
    assert response.context["page"].paginator.count == 1


def test_reading_an_application_is_audited() -> None:
    application, _ = make_application()
    clerk = make_staff(Role.INTAKE_CLERK)
    client = signed_in_client(clerk)
    response = client.get(f"/en/staff/applications/{application.pk}/")
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="application.viewed").get()
    assert (event.actor_id, event.target_id) == (clerk.pk, str(application.pk))
    assert event.origin.startswith("web ")


@pytest.mark.parametrize("role", [Role.TRAINING_INSTRUCTOR, Role.POLYGRAPH_EXAMINER, None])
def test_roles_without_intake_access_are_refused(role: Role | None) -> None:
    application, _ = make_application()
    client = signed_in_client(make_staff(role))
    assert client.get("/en/staff/applications/").status_code == 403
    assert client.get(f"/en/staff/applications/{application.pk}/").status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in() -> None:
    response = Client().get("/en/staff/applications/")
    assert response.status_code == 302
    assert "/en/staff/login/" in response["Location"]


def test_password_without_second_factor_opens_no_staff_page() -> None:
    clerk = make_staff(Role.INTAKE_CLERK)
    client = Client()
    client.login(username=clerk.username, password=PASSWORD)
    assert client.get("/en/staff/applications/").status_code == 302


def test_interviewer_may_read_but_not_enter_applications() -> None:
    client = signed_in_client(make_staff(Role.INTERVIEWER))
    assert client.get("/en/staff/applications/").status_code == 200
    assert client.get("/en/staff/applications/paper/").status_code == 403
    assert client.get("/en/staff/import/").status_code == 403


def test_unknown_application_is_404() -> None:
    client = signed_in_client(make_staff(Role.INTAKE_CLERK))
    assert client.get("/en/staff/applications/999999/").status_code == 404


def paper_post(**overrides):
    data = {k: ("" if v is None else str(v)) for k, v in applicant_fields().items()}
    data.update(
        language="ru",
        paper_reference="P-17",
        consent_text="Прошу принять меня добровольно",
        consent_date="2026-10-01",
        scan=SimpleUploadedFile("page.pdf", PDF, content_type="application/pdf"),
    )
    data.update(overrides)
    return data


def test_clerk_enters_a_paper_application_with_its_scan() -> None:
    clerk = make_staff(Role.INTAKE_CLERK)
    client = signed_in_client(clerk)
    response = client.post("/en/staff/applications/paper/", paper_post())
    assert response.status_code == 200
    application = Application.objects.get()
    assert application.channel == Channel.PAPER
    assert application.entered_by == clerk
    assert application.consent_text == "Прошу принять меня добровольно"
    assert b'data-testid="receipt-code"' in response.content
    scan = client.get(f"/en/staff/applications/{application.pk}/scan/")
    assert b"".join(scan.streaming_content) == PDF  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(action="application.scan_viewed").count() == 1


def test_paper_reference_entered_twice_stores_one_application() -> None:
    client = signed_in_client(make_staff(Role.INTAKE_CLERK))
    client.post("/en/staff/applications/paper/", paper_post())
    client.post("/en/staff/applications/paper/", paper_post())
    assert Application.objects.count() == 1


def test_scan_that_is_not_a_document_is_refused() -> None:
    client = signed_in_client(make_staff(Role.INTAKE_CLERK))
    bad = SimpleUploadedFile("page.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post("/en/staff/applications/paper/", paper_post(scan=bad))
    assert "PDF, JPEG or PNG" in str(response.context["form"].errors["scan"])
    assert Application.objects.count() == 0


def test_interviewer_cannot_open_scans() -> None:
    clerk_client = signed_in_client(make_staff(Role.INTAKE_CLERK))
    clerk_client.post("/en/staff/applications/paper/", paper_post())
    application = Application.objects.get()
    client = signed_in_client(make_staff(Role.INTERVIEWER))
    assert client.get(f"/en/staff/applications/{application.pk}/scan/").status_code == 403


def test_import_page_reports_errors_and_is_idempotent() -> None:
    client = signed_in_client(make_staff(Role.INTAKE_CLERK))
    body = (
        b"external_id,name_latin,applicant_status,language,consent_text\n"
        b"1,Ivan Sidorov,soldier,en,I apply voluntarily\n"
        b"2,777,soldier,en,I apply voluntarily\n"
    )
    for expected_created in (1, 0):
        upload = io.BytesIO(body)
        upload.name = "site-7.csv"
        response = client.post("/en/staff/import/", {"file": upload, "source": "site 7"})
        report = response.context["report"]
        assert report.created == expected_created
        assert [(e.line, e.field) for e in report.errors] == [(3, "name_latin")]
    assert Application.objects.count() == 1


def test_import_page_names_the_missing_column() -> None:
    client = signed_in_client(make_staff(Role.INTAKE_CLERK))
    upload = io.BytesIO(b"id,name_latin\n1,Ivan Sidorov\n")
    upload.name = "list.csv"
    response = client.post("/en/staff/import/", {"file": upload})
    assert "missing column" in str(response.context["form"].errors["file"])
    assert Application.objects.count() == 0
