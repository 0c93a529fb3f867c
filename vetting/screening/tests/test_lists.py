"""The hit queue filtered by watchlist, state and score with a count; the list of likely
repeat applications for clerks; both exported as audited spreadsheets."""

import csv
import io

import pytest

from vetting.accounts.tests.factories import make_staff, signed_in_client
from vetting.audit.models import AuditEvent
from vetting.intake.tests.factories import make_application
from vetting.policy.roles import Role
from vetting.screening.models import DuplicateCandidate, Review, ScreeningHit
from vetting.screening.tests.test_screening import load_watchlist, screened_application

pytestmark = pytest.mark.django_db

HITS = "/en/staff/screening/hits/"


def _hits() -> list[ScreeningHit]:
    load_watchlist()
    load_watchlist("id,name,birth_date\nX-1,Шишкарёв Николай,1985-03-14\n", name="Other list")
    screened_application()
    hits = list(ScreeningHit.objects.order_by("pk"))
    assert len(hits) == 2
    return hits


def test_the_hit_queue_filters_by_watchlist_state_and_score_with_a_count() -> None:
    gru, other = _hits()
    ScreeningHit.objects.filter(pk=other.pk).update(score=0.5, status=Review.DISMISSED)
    client = signed_in_client(make_staff(Role.SECURITY_OFFICER))

    def shown(**params: str) -> list[int]:
        response = client.get(HITS, params)
        assert response.status_code == 200
        return [h.pk for h in response.context["page"]]

    assert shown() == [gru.pk]  # the default: open hits
    assert shown(status="") == [gru.pk, other.pk]
    assert shown(status="dismissed") == [other.pk]
    assert shown(status="", watchlist=str(other.watchlist_id)) == [other.pk]
    assert shown(status="", min_score="0.6") == [gru.pk]
    assert shown(status="", max_score="0.6") == [other.pk]
    assert shown(status="", sort="score") == [other.pk, gru.pk]
    assert "2 hits" in client.get(HITS, {"status": ""}).content.decode()
    # A score that is no number is shown as an error; the other filters still apply.
    bad = client.get(HITS, {"status": "", "min_score": "lots"})
    assert bad.status_code == 200 and bad.context["form"].errors
    assert [h.pk for h in bad.context["page"]] == [gru.pk, other.pk]


def test_a_hit_queue_page_view_is_one_audit_entry_with_the_hits_shown() -> None:
    gru, _other = _hits()
    client = signed_in_client(make_staff(Role.SECURITY_OFFICER))
    client.get(HITS, {"watchlist": str(gru.watchlist_id)})
    entry = AuditEvent.objects.get(action="screening.hit_queue_viewed")
    assert entry.detail["shown"] == [gru.pk]


def test_the_hit_export_holds_the_filtered_hits_only() -> None:
    gru, other = _hits()
    client = signed_in_client(make_staff(Role.COUNTERINTELLIGENCE_OFFICER))
    response = client.get(f"{HITS}export.csv", {"watchlist": str(other.watchlist_id)})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][2] == "Other list"
    assert AuditEvent.objects.get(action="staff.exported").detail["shown"] == [other.pk]


def _pair() -> DuplicateCandidate:
    make_application(name_latin="", service_number="")
    screened_application(
        name_cyrillic="Шишкарев Николай", name_latin="Nikolay Shishkarev", service_number=""
    )
    return DuplicateCandidate.objects.get()


def test_clerks_see_open_repeat_pairs_and_linked_applications() -> None:
    pair = _pair()
    clerk = make_staff(Role.INTAKE_CLERK)
    client = signed_in_client(clerk)
    page = client.get("/en/staff/screening/repeats/")
    body = page.content.decode()
    assert pair.application.reference in body and pair.earlier.reference in body
    assert "1 pair to decide" in body
    entry = AuditEvent.objects.get(action="screening.repeats_viewed")
    assert entry.detail["shown"] == sorted([pair.application_id, pair.earlier_id])
    client.post(
        f"/en/staff/screening/duplicates/{pair.pk}/decide/",
        {"decision": "confirm", "reason": "same person"},
    )
    after = client.get("/en/staff/screening/repeats/").content.decode()
    assert "0 pairs to decide" in after
    assert "Applications linked as one person" in after and pair.earlier.reference in after


@pytest.mark.parametrize("role", [Role.SECURITY_OFFICER, Role.COMMANDER, Role.INTERVIEWER])
def test_roles_that_do_not_decide_repeats_do_not_see_the_list(role: Role) -> None:
    _pair()
    client = signed_in_client(make_staff(role))
    assert client.get("/en/staff/screening/repeats/").status_code == 403
    assert client.get("/en/staff/screening/repeats/export.xlsx").status_code == 403
