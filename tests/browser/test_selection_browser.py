"""A field visit end to end: a commander plans it, a clerk books interviews from the ranked
candidates, the commander exports the packet, two interviews are recorded offline on the field
laptop and the results are imported twice (nothing doubles) and once altered (refused)."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot, sign_in
from vetting.cases.models import Interview
from vetting.cases.tests.factories import Team, advance, new_case
from vetting.places.tests.factories import site as place_of
from vetting.policy.workflow import Stage
from vetting.selection.models import FieldVisit, OfflineResult
from vetting.selection.tests.factories import after

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SITE = "Detention site No. 1"


def upload(page: Page, base: str, visit_pk: int, file: Path, key: str) -> str:
    page.goto(f"{base}/en/staff/visits/{visit_pk}/results/")
    page.set_input_files("#id_results", str(file))
    page.fill("#id_key", key)
    page.get_by_role("button", name="Import", exact=True).click()
    return page.locator("main").inner_text()


def test_a_visit_is_planned_exported_recorded_offline_and_imported(
    page: Page, live_server, tmp_path: Path
) -> None:
    base = live_server.url
    team = Team.create()
    place_of(SITE), place_of("Detention site No. 4")  # the list of places the clerks keep
    for fields in ({}, {"unit": "", "service_number": ""}, {"statement": ""}, {}):
        new_case(**fields)
    advance(new_case(detention_site="Detention site No. 4"), team, Stage.INTERVIEW)
    start = timezone.localdate() + timedelta(days=6)

    sign_in(page, base, team.commander1)
    page.goto(f"{base}/en/staff/visits/new/")
    page.select_option("#id_site", label=SITE)
    page.fill("#id_starts_on", start.isoformat())
    page.fill("#id_ends_on", (start + timedelta(days=1)).isoformat())
    page.select_option("#id_commander", label=team.commander1.username)
    page.select_option("#id_interviewers", label=team.interviewer.username)
    page.get_by_role("button", name="Plan the visit").click()
    expect(page.get_by_test_id("candidates")).to_contain_text(
        "complete; unit and service number given; visit to Detention site No. 1 in 6 days"
    )
    visit_pk = int(page.url.rstrip("/").rsplit("/", 1)[1])

    sign_in(page, base, team.clerk)
    page.goto(f"{base}/en/staff/visits/{visit_pk}/")
    page.fill("input[name=top]", "3")
    page.get_by_role("button", name="Book", exact=True).first.click()
    expect(page.get_by_test_id("slots")).to_contain_text("3 interviews booked")
    screenshot(page, "visit-plan")

    # A commander who is not on the visit carries neither its packet nor its results.
    sign_in(page, base, team.commander2)
    for path in ("packet", "results"):
        response = page.goto(f"{base}/en/staff/visits/{visit_pk}/{path}/")
        assert response is not None and response.status == 403, path

    # The interviewer who travels exports the packet.
    sign_in(page, base, team.interviewer)
    page.goto(f"{base}/en/staff/visits/{visit_pk}/packet/")
    key = page.get_by_test_id("packet-key").inner_text().strip()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the packet").click()
    packet_file = tmp_path / "visit.vpk"
    download.value.save_as(packet_file)

    # On the field laptop, without the server: open, fill in two interviews, seal.
    sheet = tmp_path / "sheet.json"
    call_command("packet", "open", str(packet_file), f"--key={key}", "--sheet", str(sheet))
    filled = json.loads(sheet.read_text())
    for row in filled["results"][:2]:
        row.update(motivation="positive", consistency="positive", fitness="mixed", notes="Calm.")
    sheet.write_text(json.dumps(filled))
    results = tmp_path / "results.vpr"
    call_command(
        "packet",
        "seal",
        str(sheet),
        "--packet",
        str(packet_file),
        f"--key={key}",
        "--out",
        str(results),
    )

    # Back from the visit, the interviewer imports what they recorded (not before: a result
    # comes after its interview).
    visit = FieldVisit.objects.get(pk=visit_pk)
    with after(visit):
        sign_in(page, base, team.interviewer)
        first = upload(page, base, visit_pk, results, key)
        assert "2 recorded · 0 already imported · 0 refused" in first
        second = upload(page, base, visit_pk, results, key)
        assert "0 recorded · 2 already imported · 0 refused" in second
        # The place is sealed at rest, so it is compared once opened, not in the query.
        recorded_here = [
            interview
            for interview in Interview.objects.filter(recorded_at__isnull=False)
            if interview.place == SITE
        ]
        assert len(recorded_here) == 2
        assert OfflineResult.objects.count() == 2
        altered = tmp_path / "altered.vpr"
        data = bytearray(results.read_bytes())
        data[80] = ord("x") if data[80] != ord("x") else ord("y")
        altered.write_bytes(bytes(data))
        refused = upload(page, base, visit_pk, altered, key)
        assert "altered" in refused
        assert OfflineResult.objects.count() == 2
        page.goto(f"{base}/en/staff/visits/{visit_pk}/")
        expect(page.get_by_test_id("slots")).to_contain_text("recorded")
        recorded = recorded_here[0]
        page.goto(f"{base}/en/staff/cases/{recorded.case_id}/")
        expect(page.get_by_test_id("recorded-by")).to_contain_text(
            f"Recorded by {team.interviewer.username}"
        )
        expect(page.get_by_test_id("recorded-by")).to_contain_text(visit.reference)
        screenshot(page, "case-field-results")

    sign_in(page, base, team.auditor)
    page.goto(f"{base}/en/staff/capacity/?target={(start + timedelta(days=60)).isoformat()}")
    expect(page.get_by_test_id("forecast")).to_be_visible()
    screenshot(page, "capacity")
