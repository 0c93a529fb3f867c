"""Reading for the screening API, always as one service: its token, the datasets (watchlists)
its compartment may screen against, the matches, and its own officers' reviews of them."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from vetting.accounts.models import RoleGrant
from vetting.api import tokens
from vetting.api.entities import (
    PERSON_SCHEMATA,
    EntityError,
    clean_example,
    entry_entity,
    example_record,
)
from vetting.api.models import ApiToken, TokenState
from vetting.matching import Hit, normalize
from vetting.matching.index import MAX_CANDIDATES
from vetting.policy.roles import ROLE_PERMISSIONS
from vetting.policy.workflow import SERVICE_ROLE, Service
from vetting.screening import engine
from vetting.screening.models import Review, ScreeningHit, Watchlist, WatchlistEntry

ALL_DATASETS = "default"
MAX_BATCH = 100  # queries in one call, as yente's default
MAX_LIMIT = MAX_CANDIDATES  # the index scores at most this many candidates per query


def token_for(secret: str) -> ApiToken | None:
    """The token in use whose digest is that of `secret`; None for any other string."""
    if not secret.startswith(tokens.PREFIX) or len(secret) > 200:
        return None
    return ApiToken.objects.filter(digest=tokens.digest(secret), state=TokenState.ACTIVE).first()


@dataclass(frozen=True)
class Dataset:
    """What a yente client calls a dataset: one watchlist, or all a service may screen against."""

    name: str
    title: str
    watchlists: frozenset[int]


def dataset_name(watchlist: Watchlist) -> str:
    return f"watchlist-{watchlist.pk}"


def datasets_for(service: Service | str) -> dict[str, Dataset]:
    """The datasets of a service's compartment: the watchlists its officers' role reads on the
    pages (the same declaration, `ROLE_PERMISSIONS`), each alone and all together."""
    role = SERVICE_ROLE[Service(service)]
    if "screening.view_watchlist" not in ROLE_PERMISSIONS[role]:
        return {}
    lists = list(Watchlist.objects.filter(versions__is_current=True).distinct())
    found = {dataset_name(w): Dataset(dataset_name(w), w.name, frozenset({w.pk})) for w in lists}
    found[ALL_DATASETS] = Dataset(ALL_DATASETS, _("All watchlists"), frozenset(w.pk for w in lists))
    return found


def _watchlist_of(entry_ids: set[int]) -> dict[int, int]:
    """Which watchlist each of these entries is on (one query for a whole batch)."""
    rows = WatchlistEntry.objects.filter(pk__in=entry_ids).values_list(
        "pk", "version__watchlist_id"
    )
    return dict(rows)


@dataclass
class Answer:
    """One query's answer before the entries are read: its hits, or why it has none."""

    key: str
    query: dict[str, Any]
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    error: str = ""


def match_examples(
    dataset: Dataset,
    queries: dict[str, Any],
    *,
    limit: int,
    threshold: float,
    cutoff: float,
) -> list[Answer]:
    """Score every example against the dataset's current entries, as `vetting screen` does.

    A malformed example raises EntityError (the whole call is refused, as yente does); one
    that is well formed but names no one the matcher can read is answered with its reason."""
    cleaned = {key: clean_example(key, example) for key, example in queries.items()}
    index = engine.watchlist_index().index
    lowest = min(cutoff, threshold)
    answers = []
    for key, example in cleaned.items():
        answer = Answer(key, example)
        answers.append(answer)
        if example["schema"] not in PERSON_SCHEMATA:
            continue
        record = example_record(key, example)
        if isinstance(record, str):
            answer.error = record
            continue
        answer.hits = index.query(normalize(record), limit=MAX_CANDIDATES, threshold=lowest)
    # Only the entries of the dataset's watchlists count; all of them (the default) are all
    # the index holds.
    found = {int(hit.person.id) for answer in answers for hit in answer.hits}
    watchlist_of = _watchlist_of(found)
    for answer in answers:
        kept = [h for h in answer.hits if watchlist_of.get(int(h.person.id)) in dataset.watchlists]
        answer.total = len(kept)
        answer.hits = kept[:limit]
    return answers


def reviews_by(service: Service | str, entry_ids: set[int]) -> dict[int, list[dict[str, str]]]:
    """How this service's own officers decided the hits on these entries (the decision and
    its date; never the applicant, never the reason). Another service's reviews stay in its
    compartment."""
    role = SERVICE_ROLE[Service(service)]
    officers = RoleGrant.objects.filter(role=str(role), revoked_at__isnull=True).values(
        "account_id"
    )
    decided = (
        ScreeningHit.objects.filter(entry_id__in=entry_ids, decided_by__in=officers)
        .exclude(status=Review.OPEN)
        .order_by("decided_at", "pk")
        .values_list("entry_id", "status", "decided_at")
    )
    found: dict[int, list[dict[str, str]]] = {}
    for entry_id, status, decided_at in decided:
        found.setdefault(entry_id, []).append(
            {"status": status, "decided_at": decided_at.isoformat() if decided_at else ""}
        )
    return found


def responses(
    service: Service | str, dataset: Dataset, answers: list[Answer], threshold: float
) -> dict[str, Any]:
    """The answers in yente's shape, each result with this service's reviews of its entry."""
    ids = {int(hit.person.id) for answer in answers for hit in answer.hits}
    entries = WatchlistEntry.objects.in_bulk(ids)
    reviews = reviews_by(service, ids)
    names = {w: f"watchlist-{w}" for w in dataset.watchlists}
    watchlist_of = _watchlist_of(ids)
    out: dict[str, Any] = {}
    for answer in answers:
        results = []
        for hit in answer.hits:
            entry = entries[int(hit.person.id)]
            result = entry_entity(entry, names[watchlist_of[entry.pk]], hit.match, threshold)
            result["reviews"] = reviews.get(entry.pk, [])
            results.append(result)
        body: dict[str, Any] = {
            "status": 400 if answer.error else 200,
            "results": results,
            "total": {"value": answer.total, "relation": "eq"},
            "query": answer.query,
        }
        if answer.error:
            body["detail"] = f"Cannot read the entity: {answer.error}"
        out[answer.key] = body
    return out


__all__ = ["EntityError"]
