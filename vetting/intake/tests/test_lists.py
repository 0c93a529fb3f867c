"""The application list behaves like a list: filters, sort and page in the query string, a
name search kept out of URLs under an opaque key, exports of what the page shows."""

import csv
import html
import io
import re
import zipfile
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from django.db import connection
from django.utils import timezone

from vetting.accounts.tests.factories import make_staff, signed_in_client
from vetting.audit.models import AuditEvent
from vetting.intake.models import Application, SavedSearch
from vetting.intake.tests.factories import make_application
from vetting.policy.roles import Role

pytestmark = pytest.mark.django_db

LIST = "/en/staff/applications/"


def _search(client, text: str, **filters: str):
    response = client.post(LIST, {"q": text, **filters})
    assert response.status_code == 303
    return response["Location"]


def test_a_name_search_redirects_to_an_opaque_key_and_the_name_is_nowhere_in_it() -> None:
    application, _ = make_application()
    client = signed_in_client(make_staff(Role.INTAKE_CLERK))
    location = _search(client, "Шишкарёв", channel="portal")
    assert "Шишкарёв" not in location and "%D0" not in location
    params = parse_qs(urlsplit(location).query)
    assert params["channel"] == ["portal"] and len(params["q"][0]) >= 20
    # The key answers on reload: the list can be bookmarked and reloaded.
    for _ in range(2):
        page = client.get(location).context["page"]
        assert [a.pk for a in page] == [application.pk]
    stored = SavedSearch.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT terms FROM intake_savedsearch")
        raw = cursor.fetchone()[0]
    assert stored.terms == "Шишкарёв" and "Шишкарёв" not in str(raw)
    entry = AuditEvent.objects.get(action="search.saved")
    assert "Шишкарёв" not in str(entry.detail)


def test_a_search_key_reads_only_for_its_owner_and_until_it_expires() -> None:
    make_application()
    make_application(name_cyrillic="Алексей Морозов", name_latin="Aleksei Morozov")
    owner = signed_in_client(make_staff(Role.INTAKE_CLERK, "owner"))
    location = _search(owner, "Морозов")
    other = signed_in_client(make_staff(Role.INTAKE_CLERK, "other"))
    shared = other.get(location)
    # Someone else's link keeps its filters, not the search: the whole list, and a notice.
    assert shared.context["page"].paginator.count == 2
    assert shared.context["search"].lost
    SavedSearch.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = owner.get(location)
    assert expired.context["page"].paginator.count == 2 and expired.context["search"].lost


def test_a_number_finds_that_application_only() -> None:
    made = [make_application()[0] for i in range(3)]
    client = signed_in_client(make_staff(Role.INTAKE_CLERK))
    for text in (str(made[1].pk), f"A-{made[1].pk:07d}", f"a{made[1].pk}"):
        page = client.get(_search(client, text)).context["page"]
        assert [a.pk for a in page] == [made[1].pk], text


def test_paging_and_sorting_are_in_the_query_string(settings) -> None:
    made = [make_application()[0] for i in range(3)]
    client = signed_in_client(make_staff(Role.INTAKE_CLERK))
    ascending = client.get(LIST, {"sort": "reference"})
    assert [a.pk for a in ascending.context["page"]] == [a.pk for a in made]
    descending = client.get(LIST, {"sort": "-reference"})
    assert [a.pk for a in descending.context["page"]] == [a.pk for a in reversed(made)]
    body = ascending.content.decode()
    assert "?sort=-reference" in body  # the column's link turns the order
    assert "3 applications" in body
    assert client.get(LIST, {"sort": "no-such-column"}).status_code == 200


def test_the_pager_links_keep_the_filters_and_the_search(monkeypatch) -> None:
    from vetting.intake import views

    monkeypatch.setattr(views, "PER_PAGE", 1)
    made = [make_application()[0] for i in range(3)]
    client = signed_in_client(make_staff(Role.INTAKE_CLERK))
    location = _search(client, "Шишкарёв", channel="portal", sort="reference")
    first = client.get(location)
    assert "Page 1 of 3" in first.content.decode()
    key = parse_qs(urlsplit(location).query)["q"][0]
    following = re.search(r'href="([^"]*)" rel="next"', first.content.decode())
    assert following is not None
    params = parse_qs(urlsplit(html.unescape(following.group(1))).query)
    assert params == {"q": [key], "channel": ["portal"], "sort": ["reference"], "page": ["2"]}
    second = client.get(location + "&page=2")
    assert [a.pk for a in second.context["page"]] == [made[1].pk]


def test_each_page_view_is_one_audit_entry_with_the_ids_shown() -> None:
    application, _ = make_application()
    clerk = make_staff(Role.INTAKE_CLERK)
    client = signed_in_client(clerk)
    client.get(LIST, {"channel": "portal"})
    entry = AuditEvent.objects.filter(action="application.list_viewed").get()
    assert entry.detail["shown"] == [application.pk] and entry.actor_id == clerk.pk


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_holds_the_filtered_rows_is_audited_and_formula_safe(fmt: str) -> None:
    evil, _ = make_application(unit="=cmd|' /C calc'!A0")
    make_application(name_cyrillic="Алексей Морозов", name_latin="Aleksei Morozov")
    client = signed_in_client(make_staff(Role.INTAKE_CLERK))
    location = _search(client, "Шишкарёв")
    query = urlsplit(location).query
    response = client.get(f"/en/staff/applications/export.{fmt}?{query}")
    assert response.status_code == 200
    assert "Шишкарёв" not in response["Content-Disposition"]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        cells = rows[1]
        assert "'=cmd|' /C calc'!A0" in cells
    else:
        assert b"<f>" not in zipfile.ZipFile(io.BytesIO(response.content)).read(
            "xl/worksheets/sheet1.xml"
        )
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = [[c.value for c in r] for r in sheet.iter_rows()]
        assert "=cmd|' /C calc'!A0" in rows[1]
    assert len(rows) == 2 and rows[1][0] == evil.reference
    entry = AuditEvent.objects.get(action="staff.exported")
    assert entry.detail["shown"] == [evil.pk] and entry.detail["rows"] == 1
    assert entry.detail["what"].endswith(f".{fmt}")


def test_a_long_name_wraps() -> None:
    make_application(name_latin="Shishkarev" + "x" * 190)
    body = signed_in_client(make_staff(Role.INTAKE_CLERK)).get(LIST).content.decode()
    assert 'class="names"' in body


def test_only_csv_and_xlsx_are_exports() -> None:
    client = signed_in_client(make_staff(Role.INTAKE_CLERK))
    assert client.get("/en/staff/applications/export.html").status_code == 404
    assert Application.objects.count() == 0
