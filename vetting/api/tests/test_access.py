"""Who reaches the screening API and what each service reads there: a token in use of one
service, its compartment only, every call and every refusal audited, counted per token."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from vetting.accounts.tests.factories import make_staff, signed_in_client
from vetting.api import actions, tokens
from vetting.api.models import ApiToken, TokenState
from vetting.api.tests.factories import as_, import_csv, issued_token, match
from vetting.audit.models import AuditEvent
from vetting.intake.tests.factories import make_application
from vetting.policy.authority import NotAllowed
from vetting.policy.roles import ROLE_PERMISSIONS, Role
from vetting.screening import engine
from vetting.screening.models import Review, ScreeningHit, Watchlist, WatchlistEntry

pytestmark = pytest.mark.django_db
PERSON = {"schema": "Person", "properties": {"name": ["Chichkarev Nicolas"]}}


@pytest.fixture(autouse=True)
def watchlist() -> Any:
    engine.forget_indexes()
    import_csv("id,name,birth_date\nW-1,Chichkarev Nicolas,1985-03-14\n")
    yield
    engine.forget_indexes()


def results(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content[:300]
    return list(response.json()["responses"]["q"]["results"])


def test_no_token_no_answer_and_a_signed_in_officer_is_no_token() -> None:
    officer = make_staff(Role.SECURITY_OFFICER)
    browser = signed_in_client(officer)
    for client, secret in ((Client(), None), (browser, None), (Client(), "vtk_guessed")):
        response = match(secret, {"q": PERSON}, client=client)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("ApiKey")
        assert "W-1" not in response.content.decode()
    refusals = AuditEvent.objects.filter(action="api.refused")
    assert refusals.count() == 3 and all(e.detail["status"] == 401 for e in refusals)


def test_a_token_in_the_url_is_not_read() -> None:
    _, secret = issued_token("security")
    response = Client().post(
        f"/api/match/default?api_key={secret}", {"queries": {"q": PERSON}}, "application/json"
    )
    assert response.status_code == 401


def test_the_api_needs_no_csrf_token_and_reads_no_session() -> None:
    _, secret = issued_token("security")
    client = Client(enforce_csrf_checks=True)
    assert [r["id"] for r in results(match(secret, {"q": PERSON}, client=client))] == ["W-1"]


def test_only_the_digest_is_stored_and_a_revoked_token_stops_at_its_next_call() -> None:
    token, secret = issued_token("security")
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in " ".join(str(v) for v in stored.values())
    assert stored["digest"] == tokens.digest(secret) and secret.startswith(stored["prefix"])
    assert results(match(secret, {"q": PERSON}))
    token.refresh_from_db()
    assert token.last_used_at is not None
    actions.revoke_token(token, reason="system retired", actor=as_(make_staff(Role.ADMINISTRATOR)))
    assert match(secret, {"q": PERSON}).status_code == 401


def test_a_token_is_issued_only_by_a_second_administrator() -> None:
    admin = make_staff(Role.ADMINISTRATOR)
    token = actions.propose_token(service="security", label="s", reason="r", actor=as_(admin))
    with pytest.raises(NotAllowed):
        actions.issue_token(token, actor=as_(admin))
    assert ApiToken.objects.get(pk=token.pk).state == TokenState.PENDING
    # ...and the database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(
            state=TokenState.ACTIVE, digest="x" * 64, decided_by=admin, decided_at=timezone.now()
        )
    for role in (Role.SECURITY_OFFICER, Role.AUDITOR):
        with pytest.raises(NotAllowed):
            actions.propose_token(
                service="security", label="s", reason="r", actor=as_(make_staff(role))
            )


def test_every_call_is_audited_with_the_entries_it_showed_and_never_the_query() -> None:
    token, secret = issued_token("security")
    results(match(secret, {"q": PERSON}))
    event = AuditEvent.objects.filter(action="api.matched").get()
    entry = WatchlistEntry.objects.get(external_id="W-1")
    assert event.detail["entries"] == [entry.pk] and event.detail["queries"] == 1
    assert event.target_id == str(token.pk) and event.detail["service"] == "security"
    assert f"api token {token.pk}" in event.origin
    assert "Chichkarev" not in str(event.detail)


def test_a_token_past_its_rate_is_refused_with_retry_after(settings: Any) -> None:
    settings.GUARD_RATES = {**settings.GUARD_RATES, "api.calls.token": "3/m"}
    _, secret = issued_token("security")
    _, other = issued_token("security")
    for _ in range(3):
        results(match(secret, {"q": PERSON}))
    refused = match(secret, {"q": PERSON})
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert match(secret, {"q": PERSON}).status_code == 429
    assert AuditEvent.objects.filter(action="guard.throttled").count() == 1
    # Another token has its own budget.
    assert results(match(other, {"q": PERSON}))


def _hit_decided_by(officer: User, status: str) -> ScreeningHit:
    entry = WatchlistEntry.objects.get(external_id="W-1")
    return ScreeningHit.objects.create(
        application=make_application()[0],
        entry=entry,
        watchlist=Watchlist.objects.get(),
        score=0.9,
        explanation="x",
        status=status,
        decided_by=officer,
        decided_at=timezone.now(),
        reason="COUNTERINTEL-NOTE",
    )


def test_a_service_reads_its_own_reviews_never_the_other_services() -> None:
    _hit_decided_by(make_staff(Role.COUNTERINTELLIGENCE_OFFICER), Review.CONFIRMED)
    _, security = issued_token("security")
    _, counterintel = issued_token("counterintelligence")
    theirs = results(match(counterintel, {"q": PERSON}))
    assert [r["status"] for r in theirs[0]["reviews"]] == ["confirmed"]
    ours = match(security, {"q": PERSON})
    assert results(ours)[0]["reviews"] == []
    assert "confirmed" not in ours.content.decode()
    # Never the officer's reason, nor the application, for either service.
    assert "COUNTERINTEL-NOTE" not in match(counterintel, {"q": PERSON}).content.decode()


def test_datasets_are_the_watchlists_the_services_role_reads(monkeypatch: Any) -> None:
    _, counterintel = issued_token("counterintelligence")
    _, security = issued_token("security")
    without = tuple(
        p
        for p in ROLE_PERMISSIONS[Role.COUNTERINTELLIGENCE_OFFICER]
        if p != "screening.view_watchlist"
    )
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.COUNTERINTELLIGENCE_OFFICER, without)
    assert match(counterintel, {"q": PERSON}).status_code == 404
    assert results(match(security, {"q": PERSON}))


def test_the_staff_page_issues_a_token_once_to_the_second_administrator() -> None:
    first, second = make_staff(Role.ADMINISTRATOR), make_staff(Role.ADMINISTRATOR)
    proposer = signed_in_client(first)
    response = proposer.post(
        "/en/staff/api-tokens/propose/",
        {"service": "counterintelligence", "label": "CI registry", "reason": "sync"},
    )
    assert response.status_code == 302
    token = ApiToken.objects.get()
    refused = proposer.post(f"/en/staff/api-tokens/{token.pk}/issue/", {})
    assert refused.status_code == 302 and ApiToken.objects.get().state == TokenState.PENDING
    page = signed_in_client(second).post(f"/en/staff/api-tokens/{token.pk}/issue/", {})
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    secret = page.context["secret"]
    assert secret in page.content.decode()
    assert results(match(secret, {"q": PERSON}))
    listing = signed_in_client(make_staff(Role.AUDITOR)).get("/en/staff/api-tokens/")
    assert listing.status_code == 200 and secret not in listing.content.decode()
    assert ApiToken.objects.get().prefix in listing.content.decode()
