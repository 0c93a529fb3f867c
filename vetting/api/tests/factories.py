"""Tokens and a watchlist for API tests, made through the real actions."""

import io
from typing import Any

from django.test import Client

from vetting.accounts.tests.factories import make_staff
from vetting.api import actions
from vetting.api.models import ApiToken
from vetting.audit.actions import Actor
from vetting.policy.roles import Role
from vetting.screening import actions as screening_actions

SYSTEM = Actor(origin="test")


def issued_token(service: str, admins: tuple[Any, Any] | None = None) -> tuple[ApiToken, str]:
    """A token for `service`, proposed by one administrator and issued by another."""
    first, second = admins or (make_staff(Role.ADMINISTRATOR), make_staff(Role.ADMINISTRATOR))
    token = actions.propose_token(
        service=service, label=f"{service} gateway", reason="partner system", actor=as_(first)
    )
    secret = actions.issue_token(token, actor=as_(second))
    token.refresh_from_db()
    return token, secret


def as_(user: Any) -> Actor:
    return Actor(user=user, origin="test")


def import_csv(text: str, name: str = "Known intelligence officers") -> None:
    result = screening_actions.import_watchlist(
        io.StringIO(text), watchlist_name=name, file_name="w.csv", jsonl=False, actor=SYSTEM
    )
    assert result.version is not None, result.errors


def match(
    secret: str | None,
    queries: dict[str, Any],
    dataset: str = "default",
    client: Client | None = None,
    **params: Any,
) -> Any:
    """POST a batch as a yente client does: JSON body, the token in the Authorization header."""
    headers = {"Authorization": f"ApiKey {secret}"} if secret else {}
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return (client or Client()).post(
        f"/api/match/{dataset}" + (f"?{query}" if query else ""),
        {"queries": queries},
        content_type="application/json",
        headers=headers,
    )


def read_catalog(secret: str) -> Any:
    response = Client().get("/api/catalog", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200, response.content
    return response.json()
