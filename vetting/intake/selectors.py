"""Reading applications, always through the user's restriction."""

import re
from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vetting.intake import receipts
from vetting.intake.models import Application, SavedSearch, place_by_index, place_filter
from vetting.keys.fields import blind_value, name_query
from vetting.matching.text import clean
from vetting.policy.access import NotVisible
from vetting.policy.workflow import PUBLIC_STATUS, Stage


class PublicStatus(StrEnum):
    """The coarse status an applicant may see with their receipt code."""

    RECEIVED = "received"
    IN_REVIEW = "in review"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"


PUBLIC_STATUS_LABELS = {
    PublicStatus.RECEIVED: _("Received"),
    PublicStatus.IN_REVIEW: _("In review"),
    PublicStatus.DECIDED: _("Decided"),
    PublicStatus.WITHDRAWN: _("Withdrawn"),
}


def applications_for(user: Any) -> QuerySet[Application]:
    """Every application this user may see; none for a role without intake access."""
    if not user.is_authenticated or not user.has_perm("intake.view_application"):
        return Application.objects.none()
    return Application.objects.all()


def application_for(user: Any, pk: int) -> Application:
    """One application, or 404 whether it does not exist or the user may not see it."""
    try:
        return applications_for(user).get(pk=pk)
    except Application.DoesNotExist:
        raise NotVisible(Application, pk) from None


# "A-0003001", "a3001" or just "3001" (a Cyrillic А typed for the Latin one, too): one
# application by its number (a name has no digits).
REFERENCE = re.compile(r"^\s*(?:[AА]-?)?0*(\d{1,12})\s*$", re.IGNORECASE)


def text_filter(text: str, prefix: str = "") -> Q:
    """The applications a search text names: by reference, or by every name word in it.

    `prefix` reaches the application from another model ("application__" from a case).
    """
    text = text.strip()
    if not text:
        return Q()
    if match := REFERENCE.match(text):
        return Q(**{f"{prefix}pk": int(match.group(1))})
    found = Q()
    # Names are sealed: a word matches through the blind index of what the matcher compares
    # (skeleton, surname stem, name group), so any spelling screening finds, finds the name
    # here too (whole words only).
    for word in clean(text).replace(",", " ").split()[:4]:
        either = Q()
        for token in name_query(word):
            either |= Q(**{f"{prefix}name_index__contains": token})
        found &= either
    return found


# Columns a list may be sorted by (names are sealed, so not by name), and their fields.
SORTS = {
    "reference": ("pk",),
    "status": ("applicant_status", "-pk"),
    "channel": ("channel", "-pk"),
    "received": ("submitted_at", "pk"),
}
DEFAULT_SORT = "-received"


def ordering(sort: str) -> tuple[str, list[str]]:
    """The sort a list was asked for (or the default) and its order_by fields."""
    key = sort.lstrip("-")
    if key not in SORTS:
        sort, key = DEFAULT_SORT, DEFAULT_SORT.lstrip("-")
    fields = list(SORTS[key])
    if sort.startswith("-"):
        fields = [f[1:] if f.startswith("-") else f"-{f}" for f in fields]
    return sort, fields


def search_applications(
    queryset: QuerySet[Application],
    *,
    text: str = "",
    channel: str = "",
    status: str = "",
    site: str = "",
) -> QuerySet[Application]:
    """Filter a restricted queryset by reference or name, channel, status and detention site
    (a place of the list, by id: every spelling of it)."""
    queryset = queryset.filter(text_filter(text))
    if channel:
        queryset = queryset.filter(channel=channel)
    if status:
        queryset = queryset.filter(status_index=blind_value(status, "applicant_status"))
    if site.isdigit():
        queryset = queryset.filter(place_filter(int(site)))
    return queryset


def search_terms(user: Any, key: str) -> str | None:
    """The terms of a saved search: only for the user who searched, only until it expires
    (None: no such search for this user, which a shared link looks like)."""
    if not key or not user.is_authenticated:
        return None
    found = SavedSearch.objects.filter(key=key, owner=user, expires_at__gt=timezone.now()).first()
    return found.terms if found else None


def application_by_receipt(code: str) -> Application | None:
    """The application a receipt code belongs to, if the code is one of ours."""
    if not receipts.looks_like_code(code):
        return None
    return Application.objects.filter(receipt_digest=receipts.digest(code)).first()


def public_status(application: Application) -> PublicStatus:
    """What the applicant sees: never more than received, in review, decided or withdrawn."""
    if application.is_withdrawn:
        return PublicStatus.WITHDRAWN
    # The case (cases, above intake) through its relation to the application.
    stage = Application.objects.filter(pk=application.pk).values_list("case__stage", flat=True)
    if not (found := stage.first()):
        return PublicStatus.RECEIVED
    return PublicStatus(PUBLIC_STATUS[Stage(found)])


def site_choices() -> list[tuple[int, str]]:
    """(pk, name in the active language) of each detention site of the list, for the list's
    filter."""
    sites = place_by_index().values()
    return sorted(((p.pk, p.name()) for p in sites), key=lambda c: (c[1].casefold(), c[0]))
