"""The auditor's workspace: the audit log filtered and paged on position, the chain's state,
the CSV export, and case timelines that fold reads into one line."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vetting.accounts.tests.factories import make_staff, signed_in_client
from vetting.audit.actions import Actor, Entry, record_many
from vetting.audit.labels import ACTION_LABELS, READS
from vetting.audit.models import AuditEvent
from vetting.audit.selectors import folded_timeline
from vetting.audit.tests.test_checkpoints import rewrite_from
from vetting.auditor.forms import object_reference, parse_object
from vetting.auditor.selectors import PAGE_SIZE
from vetting.cases.tests.factories import new_case
from vetting.policy.roles import Role

pytestmark = pytest.mark.django_db

LOG = "/en/staff/audit/"


def append(
    n: int, action: str = "application.viewed", target: str = "x.y", actor: object = None
) -> None:
    record_many(
        Actor(user=actor, origin="test"),
        [Entry(action, target, str(i), {"i": i}) for i in range(n)],
    )


@pytest.fixture
def auditor():
    return make_staff(Role.AUDITOR, "t-auditor")


@pytest.fixture
def client(auditor):
    return signed_in_client(auditor)


def shown(response) -> list[int]:
    return [e.position for e in response.context["page"].entries]


def test_the_auditor_lands_on_the_audit_log(client) -> None:
    response = client.get("/en/staff/")
    assert response.status_code == 302 and response["Location"] == "/en/staff/audit/"


def test_other_roles_are_refused_the_log_and_its_file() -> None:
    commander = signed_in_client(make_staff(Role.COMMANDER))
    assert commander.get(LOG).status_code == 403
    assert commander.get(LOG + "entries.csv").status_code == 403


def test_opening_the_page_is_an_entry_naming_the_filter_and_what_it_showed(client, auditor) -> None:
    case = new_case()
    response = client.get(LOG, {"object": case.reference, "action": "application.created"})
    assert response.status_code == 200
    viewed = AuditEvent.objects.filter(action="audit.viewed").latest("position")
    assert viewed.actor == auditor
    assert viewed.detail["filter"] == {
        "object": f"cases.case:{case.pk}",
        "action": "application.created",
    }
    assert viewed.detail["entries"] == 0


def test_filter_by_actor_action_object_and_time(client, auditor) -> None:
    other = make_staff(Role.INTAKE_CLERK, "t-clerk")
    case = new_case()
    append(3, actor=other)
    append(2, action="application.withdrawn", target="cases.case")
    mine = AuditEvent.objects.filter(actor=other).values_list("position", flat=True)
    assert sorted(shown(client.get(LOG, {"actor": "t-clerk"}))) == sorted(mine)
    undone = shown(client.get(LOG, {"action": "application.withdrawn"}))
    assert len(undone) == 2
    by_case = client.get(LOG, {"object": case.reference})
    expected = AuditEvent.objects.filter(target_type="cases.case", target_id=str(case.pk))
    assert shown(by_case) == sorted((e.position for e in expected), reverse=True)
    assert case.reference in by_case.content.decode()
    hour_ago = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    assert shown(client.get(LOG, {"until": hour_ago})) == []
    assert len(shown(client.get(LOG, {"since": hour_ago}))) == AuditEvent.objects.count() - 1


def test_a_filter_that_cannot_be_read_says_why_and_keeps_what_was_typed(client) -> None:
    body = client.get(LOG, {"actor": "nobody-by-this-name", "object": "X-12"}).content.decode()
    assert "No staff account is called nobody-by-this-name." in body
    assert 'value="nobody-by-this-name"' in body and 'value="X-12"' in body
    assert "This names no object" in body


def test_references_name_their_objects() -> None:
    assert parse_object("A-0000138") == ("intake.application", "138")
    assert parse_object("c-0000138") == ("cases.case", "138")
    assert parse_object("units.volunteer:12") == ("units.volunteer", "12")
    assert parse_object("nothing.here:1") is None and parse_object("A-") is None
    assert object_reference("cases.case", "138") == "C-0000138"
    assert object_reference("units.volunteer", "12") == "units.volunteer:12"


def test_pages_go_by_position_without_offset_and_lose_no_entry(client) -> None:
    append(PAGE_SIZE * 2 + 7)
    seen: list[int] = []
    url, params = LOG, {"action": "application.viewed"}
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert not [q for q in queries if "OFFSET" in q["sql"].upper()]
    while True:
        seen += shown(response)
        older = response.context["page"].older
        if older is None:
            break
        response = client.get(url, {**params, "before": older})
    done = list(
        AuditEvent.objects.filter(action="application.viewed")
        .order_by("-position")
        .values_list("position", flat=True)
    )
    assert seen == done
    # And back: the page newer than the oldest one is the second.
    back = client.get(url, {**params, "after": response.context["page"].newer})
    assert shown(back) == done[PAGE_SIZE : 2 * PAGE_SIZE]


def test_each_entry_shows_its_place_in_the_chain(client) -> None:
    append(2)
    second = AuditEvent.objects.get(position=2)
    body = client.get(LOG).content.decode()
    assert "#2" in body and second.hash[:12] in body and second.prev_hash[:12] in body


def test_an_entry_changed_in_the_database_shows_as_a_break(client) -> None:
    append(5)
    AuditEvent.objects.filter(position=3).update(detail={"i": 99})
    response = client.get(LOG)
    state = response.context["state"]
    assert state.broken is not None and state.broken.first_broken == 3
    assert state.verified_upto == 2
    assert "content does not match its hash" in response.content.decode()


def test_a_removed_entry_shows_as_a_gap(client) -> None:
    append(5)
    AuditEvent.objects.filter(position=3).delete()
    response = client.get(LOG)
    assert response.context["state"].broken.reason == "entry #3 is missing"
    assert "1 entry missing here" in response.content.decode()


def test_the_latest_checkpoint_is_shown_and_a_rewrite_under_it_is_caught(client) -> None:
    append(6)
    call_command("audit", "checkpoint")
    signed = AuditEvent.objects.get(action="audit.checkpoint_taken").detail["position"]
    append(3)
    state = client.get(LOG).context["state"]
    assert state.checkpoint.position == signed and state.checkpoint_problem == ""
    assert state.verified_from == signed + 1 and state.broken is None
    assert state.verified_upto == signed + 1 + 3  # the entry recording it, and three more
    rewrite_from(4, action="application.withdrawn")  # recomputes every later hash
    body = client.get(LOG).content.decode()
    assert "It does not hold:" in body and f"entry #{signed} no longer has the hash" in body


def test_the_csv_holds_the_filtered_entries_is_audited_and_runs_no_formula(client, auditor) -> None:
    record_many(
        Actor(origin="=cmd|' /C calc'!A0"),
        [Entry("application.viewed", "x.y", "1"), Entry("application.withdrawn", "x.y", "2")],
    )
    response = client.get(LOG + "entries.csv", {"action": "application.viewed"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["position", "at", "actor", "action"]
    assert [r[3] for r in rows[1:]] == ["application.viewed"]
    assert rows[1][7] == "'=cmd|' /C calc'!A0"
    exported = AuditEvent.objects.get(action="staff.exported")
    assert exported.actor == auditor
    assert exported.detail == {
        "what": "audit.csv",
        "upto": exported.position - 1,
        "filter": {"action": "application.viewed"},
    }


def test_every_read_is_labelled_and_every_action_named_viewed_is_a_read() -> None:
    assert set(ACTION_LABELS) >= READS
    assert {a for a in ACTION_LABELS if a.endswith("viewed")} <= READS


def test_a_case_timeline_shows_changes_and_folds_reads_into_one_line() -> None:
    case = new_case()
    readers = [make_staff(Role.INTAKE_CLERK, f"t-reader-{i}") for i in range(2)]
    clients = [signed_in_client(user) for user in readers]
    for client in (*clients, clients[0]):
        assert client.get(f"/en/staff/cases/{case.pk}/").status_code == 200
    response = clients[1].get(f"/en/staff/cases/{case.pk}/")
    timeline = response.context["timeline"]
    assert not [e for e in timeline.changes if e.action in READS]
    assert [e.action for e in timeline.changes][:1] == ["application.created"]
    # Three earlier views of the case; the fourth is this page's own, written before it.
    assert timeline.reads_summary == "viewed 4 times by 2 people"
    body = response.content.decode()
    assert '<details data-testid="reads"><summary>Viewed 4 times by 2 people</summary>' in body
    assert "Case opened for reading" in body  # inside the folded line


def test_folding_keeps_the_order_of_changes() -> None:
    append(1, action="case.viewed")
    append(1, action="case.moved")
    append(1, action="case.viewed")
    append(1, action="case.decided")
    timeline = folded_timeline(AuditEvent.objects.order_by("position"))
    assert [e.action for e in timeline.changes] == ["case.moved", "case.decided"]
    assert len(timeline.reads) == 2 and timeline.readers == 1


def test_a_timeline_names_the_systems_own_steps_in_the_pages_language() -> None:
    """The screening worker's and the demo's entries read in the page's language; a command
    line or an address stays as it was recorded."""
    from vetting.audit.actions import record
    from vetting.screening.actions import screen_application
    from vetting.screening.tasks import WORKER

    case = new_case()
    screen_application(case.application_id, WORKER)
    record(
        Actor(origin="demo generator seed=2026"),
        "case.moved",
        case,
        transition="start_triage",
        stage="triage",
    )
    record(Actor(origin="cli import-applications list.csv"), "case.moved", case, stage="triage")
    officer = signed_in_client(make_staff(Role.SECURITY_OFFICER, "t-security"))
    body = officer.get(f"/uk/staff/cases/{case.pk}/").content.decode()
    screened = 'Перевірено за контрольними списками</strong> <span class="muted">(автоматично)'
    assert screened in body
    assert "(демонстраційні дані)" in body
    assert "screening worker" not in body and "demo generator" not in body
    assert "(cli import-applications list.csv)" in body
