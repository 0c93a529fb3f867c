"""The screening API: yente's `POST /match/{dataset}` and `GET /catalog` over our watchlists,
answered only to a partner service's token (never to a browser session), each call audited
and counted against the token's rate limit."""

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from vetting.api import actions, selectors
from vetting.api.entities import EntityError
from vetting.api.models import ApiToken
from vetting.api.openapi import schema
from vetting.audit.actions import Actor, record
from vetting.guard import limits
from vetting.guard.addresses import client_address
from vetting.matching import DEFAULT_THRESHOLD

API_CALLS_PER_TOKEN = "api.calls.token"
API_FAILED_AUTH_PER_CLIENT = "api.auth.client"
ALGORITHMS = ("best", "vetting")
DEFAULT_LIMIT = 5


def error(status: int, detail: str, **headers: str) -> JsonResponse:
    """An error as yente gives it: {"detail": "..."}."""
    response = JsonResponse({"detail": detail}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def _presented(request: HttpRequest) -> str:
    """The token from `Authorization: ApiKey <token>` (as OpenSanctions clients send it) or
    `Authorization: Bearer <token>`; a token in the URL is never read (URLs end up in logs)."""
    kind, _, value = request.headers.get("Authorization", "").strip().partition(" ")
    return value.strip() if kind.casefold() in ("apikey", "bearer") else ""


def token_actor(request: HttpRequest, token: ApiToken | None) -> Actor:
    """A call as the audit names it: the token (by id and prefix) and the client's address. It
    is no staff user and no server command: the policy lets it take no action."""
    who = f"api token {token.pk} {token.prefix}" if token else "api"
    return Actor(origin=f"{who} {client_address(request)}", public=True)


View = Callable[..., HttpResponse]


def token_required(view: Callable[..., HttpResponse]) -> View:
    """Let a call through only with a token in use; count it against the token's limit. A
    browser's session counts for nothing here, so no CSRF check applies either."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token: ApiToken | None = None
        try:
            secret = _presented(request)
            token = selectors.token_for(secret) if secret else None
            if token is None:
                limits.count(request, API_FAILED_AUTH_PER_CLIENT, limits.client_key(request))
                record(
                    token_actor(request, None),
                    "api.refused",
                    status=401,
                    reason="no token" if not secret else "unknown or revoked token",
                )
                return error(
                    401,
                    "A valid API token is required.",
                    **{"WWW-Authenticate": 'ApiKey realm="screening"'},
                )
            limits.count(request, API_CALLS_PER_TOKEN, f"token:{token.pk}")
        except limits.Throttled as exc:
            _record_throttled(request, exc, token)
            return error(
                429,
                "Too many requests: wait and try again.",
                **{"Retry-After": str(exc.retry_after)},
            )
        return view(request, token, *args, **kwargs)

    return wrapped


def _record_throttled(request: HttpRequest, exc: limits.Throttled, token: ApiToken | None) -> None:
    # Once per limit, counter and period, as the pages' limits do: a flood of refusals must not
    # become a flood of writes to the audit chain.
    reported = f"reported:{exc.limit}:{exc.key}:{limits.report_bucket(exc.limit)}"
    if caches["guard"].add(reported, 1, timeout=limits.period_of(exc.limit) + 60):
        record(token_actor(request, token), "guard.throttled", token, limit=exc.limit)


def _number(request: HttpRequest, name: str, default: float, low: float, high: float) -> float:
    raw = request.GET.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise EntityError(f"{name} must be a number") from None
    if not low <= value <= high:
        raise EntityError(f"{name} must be between {low:g} and {high:g}")
    return value


@require_POST
@token_required
def match(request: HttpRequest, token: ApiToken, dataset: str) -> HttpResponse:
    """yente's query-by-example matcher: a batch of FollowTheMoney entities, each answered
    with the watchlist entries that score at or above the cut-off, best first, explained."""
    datasets = selectors.datasets_for(token.service)
    if dataset not in datasets:
        actions.record_call(
            token, token_actor(request, token), "api.refused", status=404, dataset=dataset[:80]
        )
        return error(404, "No such dataset.")
    try:
        body = json.loads(request.body or b"{}")
    except RequestDataTooBig:
        return error(413, f"The request is over {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return error(400, "The request body is not JSON.")
    try:
        limit = int(_number(request, "limit", DEFAULT_LIMIT, 1, selectors.MAX_LIMIT))
        threshold = _number(request, "threshold", DEFAULT_THRESHOLD, 0, 1)
        cutoff = _number(request, "cutoff", threshold, 0, 1)
        algorithm = request.GET.get("algorithm", "best")
        if algorithm not in ALGORITHMS:
            raise EntityError(f"Unknown algorithm {algorithm[:40]!r}: use one of {ALGORITHMS}")
        if not isinstance(body, dict) or not isinstance(body.get("queries"), dict):
            raise EntityError('The body needs "queries": {key: entity, ...}.')
        if body.get("config") or body.get("weights"):
            raise EntityError("This matcher takes no weights or configuration.")
        queries = body["queries"]
        if not queries:
            raise EntityError("No queries provided.")
        if len(queries) > selectors.MAX_BATCH:
            raise EntityError(f"Too many queries in one batch (limit: {selectors.MAX_BATCH})")
        answers = selectors.match_examples(
            datasets[dataset], queries, limit=limit, threshold=threshold, cutoff=cutoff
        )
    except EntityError as exc:
        return error(400, f"Cannot parse the request: {exc}")
    responses = selectors.responses(token.service, datasets[dataset], answers, threshold)
    # Which entries were shown, by id, never by content; the queries themselves stay out.
    actions.record_call(
        token,
        token_actor(request, token),
        "api.matched",
        dataset=dataset,
        queries=len(answers),
        entries=sorted({int(h.person.id) for a in answers for h in a.hits}),
    )
    response = JsonResponse({"responses": responses, "limit": limit})
    response["x-batch-size"] = str(len(answers))
    return response


@require_GET
@token_required
def catalog(request: HttpRequest, token: ApiToken) -> HttpResponse:
    """The datasets this token may match against, as yente's catalog lists them."""
    datasets = selectors.datasets_for(token.service)
    actions.record_call(token, token_actor(request, token), "api.catalog_read")
    listed = [
        {
            "name": d.name,
            "title": str(d.title),
            "type": "collection" if d.name == "default" else "source",
        }
        for d in datasets.values()
    ]
    return JsonResponse(
        {"datasets": listed, "current": [d["name"] for d in listed], "outdated": []}
    )


@require_GET
def openapi(request: HttpRequest) -> HttpResponse:
    """The API's OpenAPI 3.1 description: no data in it, so it needs no token."""
    return JsonResponse(schema(), json_dumps_params={"ensure_ascii": False})
